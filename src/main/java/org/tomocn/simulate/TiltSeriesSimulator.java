package org.tomocn.simulate;

import java.util.Random;
import java.util.SplittableRandom;

import org.tomocn.core.CancelToken;
import org.tomocn.core.Parallel;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;
import org.tomocn.geometry.Projector;

/**
 * Simulates a tilt series from a volume as section 2.3 of the paper does: projections with
 * TomoCN's one {@link Projector} (line integrals in voxel units), normalised to [0, 1], and
 * optionally Gaussian noise.
 * <p>
 * <b>Normalisation.</b> The paper says only "normalized to be within the range of [0, 1]".
 * We divide by the largest line integral of the whole series: the volume is nonnegative,
 * so the result lies in [0, 1] with maximum 1, zero stays zero and the stored series is
 * still a linear projection of the volume (the reconstruction methods rely on that). The
 * factor is recorded in {@link TiltSeries#scale()}: raw line integral = stored * scale.
 * <p>
 * <b>Noise.</b> With {@code snr > 0}, independent Gaussian noise of variance
 * {@code var(p) / snr} is added to every pixel of the normalised series, where var(p) is
 * the variance of all pixels of all normalised projections: the SNR is linear (not dB),
 * signal variance over noise variance. The noise is added after the normalisation and the
 * series is not rescaled afterwards, so noisy values can fall outside [0, 1]; stored =
 * (raw / scale) + noise. View k's noise comes from its own {@link Random}, seeded with the
 * k-th number drawn from {@code new SplittableRandom(seed)}, so a seed gives the same series
 * on any number of threads.
 * <p>
 * A volume with negative values (e.g. a map that was not thresholded, as the paper did for
 * P22) gives projections below zero: the division by the maximum keeps them, it does not
 * clip.
 */
public final class TiltSeriesSimulator {
	private TiltSeriesSimulator() {}

	/** The geometry of a tilt series of {@code volume}: its size and pixel size, the given angles (degrees). */
	public static TiltGeometry geometry(Volume volume, double[] anglesDeg) {
		return new TiltGeometry(anglesDeg, volume.nx(), volume.ny(), volume.nz(), volume.pixelSize());
	}

	/** {@link #simulate(Volume, TiltGeometry, double, long, int, CancelToken)} on all processors. */
	public static TiltSeries simulate(Volume volume, TiltGeometry geometry, double snr, long seed) {
		return simulate(volume, geometry, snr, seed, Parallel.defaultThreads(), CancelToken.NONE);
	}

	/**
	 * Projects {@code volume} ({@code X x Y x Z}, nonnegative for a [0, 1] result; not modified) with
	 * {@code geometry} (its width, height and thickness must equal the volume's size),
	 * normalises and optionally adds noise (see the class comment).
	 *
	 * @param snr signal variance / noise variance (linear); {@code <= 0} means no noise
	 * @param seed seed of the noise (unused without noise)
	 * @return a new tilt series {@code X x Y x l}; its projections carry the geometry's pixel
	 *         size when it has one, else the volume's
	 * @throws TomoInputException when the sizes differ or every projection is zero (an
	 *           empty volume)
	 */
	public static TiltSeries simulate(Volume volume, TiltGeometry geometry, double snr, long seed, int threads, CancelToken cancel) {
		if (volume.nx() != geometry.width() || volume.ny() != geometry.height() || volume.nz() != geometry.thickness()) {
			throw new TomoInputException("The volume is " + volume.nx() + " x " + volume.ny() + " x " + volume.nz() + " but the tilt geometry expects " +
				geometry.width() + " x " + geometry.height() + " x " + geometry.thickness());
		}
		TiltSeries raw = new Projector(geometry).forward(volume, threads, cancel);
		Volume p = raw.projections();
		p.setPixelSize(geometry.hasPixelSize() ? geometry.pixelSize() : volume.pixelSize());
		float[] d = p.data();
		float max = 0;
		for (float f : d) max = Math.max(max, f);
		if (!(max > 0)) throw new TomoInputException("The volume's projections are all zero (an empty or nonpositive volume): nothing to simulate");
		for (int i = 0; i < d.length; i++) d[i] /= max;
		if (snr > 0) addNoise(p, snr, seed, threads, cancel);
		return new TiltSeries(p, geometry, max);
	}

	/** Adds Gaussian noise of variance var(p) / snr to every pixel of {@code p}, in place. */
	static void addNoise(Volume p, double snr, long seed, int threads, CancelToken cancel) {
		float[] d = p.data();
		double sigma = Math.sqrt(p.variance() / snr);
		int plane = p.nx() * p.ny();
		long[] viewSeeds = new SplittableRandom(seed).longs(p.nz()).toArray();
		Parallel.forEach(p.nz(), threads, cancel, () -> null, (k, unused) -> {
			Random rnd = new Random(viewSeeds[k]);
			for (int i = k * plane, end = i + plane; i < end; i++) d[i] += (float) (sigma * rnd.nextGaussian());
		});
	}
}
