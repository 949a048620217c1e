package org.tomocn.fusion;

import java.util.Locale;

import org.tomocn.cn.NoiseLevel;
import org.tomocn.core.CancelToken;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;
import org.tomocn.recon.FourierInversion;
import org.tomocn.recon.RampFilter;
import org.tomocn.recon.WeightedBackProjection;

/**
 * The network command's {@code fusion} key: which classic reconstruction, if any, is made from
 * the same prepared tilt series and fused with the network volume ({@link FrequencyFusion})
 * before it is written. The weights come from the agreement of the two volumes
 * ({@link FusionWeights}), or, when the tilt series is noisy ({@link NoiseLevel}), from the
 * classic's half sets.
 */
public enum NetworkFusion {
	/** No fusion: the network volume as it is. */
	NONE,
	/** Fused with Fourier inversion. */
	FOURIER,
	/** Fused with Ram-Lak weighted back-projection. */
	WBP;

	/** {@code none}, {@code fourier} or {@code wbp} (case-insensitive; blank = none). */
	public static NetworkFusion parse(String s) {
		String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
		switch (t) {
			case "":
			case "none": return NONE;
			case "fourier": return FOURIER;
			case "wbp": return WBP;
			default: throw new TomoInputException("fusion must be none, fourier or wbp; got '" + s + "'");
		}
	}

	/**
	 * The network volume fused with this classic reconstruction of {@code tiltSeries} (the
	 * network's own, prepared input), or {@code network} itself for {@link #NONE}.
	 */
	public Volume apply(Volume network, TiltSeries tiltSeries, int threads, CancelToken cancel, ProgressListener progress) {
		return this == NONE ? network : fuse(network, tiltSeries, threads, cancel, progress).volume();
	}

	/**
	 * The fusion of {@code network} with this classic reconstruction of {@code tiltSeries}, with
	 * its weights (for the log: {@link FusionWeights#summary()}); not for {@link #NONE}.
	 */
	public FrequencyFusion.Result fuse(Volume network, TiltSeries tiltSeries, int threads, CancelToken cancel, ProgressListener progress) {
		// Noisy data: weights from the classic's half sets, which measure its noise; the
		// agreement weights cannot tell that noise from the network's error and let it in
		// (measured at SNR 0.3, spheres 64 x 64 x 32: agreement -1.1 dB against the network
		// alone, half sets +0.08 dB; noise-free the agreement weights were better, 24.79 against
		// 24.22 dB; with the Wiener factor of session 14 the half-set weights gain 0.2-0.8 dB over
		// the network at SNR 1, 0.3 and 0.1, and stay within 0.02 dB of before noise-free).
		// docs/benchmark/noise.md.
		boolean halfSets = NoiseLevel.of(tiltSeries.projections()).noisy();
		switch (this) {
			case FOURIER: return FrequencyFusion.fuse(network, tiltSeries, new FourierInversion(), "Fourier inversion", halfSets, threads, cancel, progress);
			case WBP: return FrequencyFusion.fuse(network, tiltSeries, new WeightedBackProjection(RampFilter.ramLak()), "WBP", halfSets, threads, cancel, progress);
			default: throw new IllegalStateException("fusion=none fuses nothing");
		}
	}
}
