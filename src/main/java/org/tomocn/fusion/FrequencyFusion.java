package org.tomocn.fusion;

import org.tomocn.core.CancelToken;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;
import org.tomocn.halfset.HalfSetFsc;
import org.tomocn.recon.Reconstructor;

/**
 * Frequency fusion of a coordinate-network reconstruction with a classic one (Fourier
 * inversion, WBP or SIRT) of the same tilt series, in Fourier space.
 * <p>
 * <b>Why.</b> The paper's discussion (section 4) finds that the network is best at low
 * frequencies and in the missing wedge, and worse than the classic methods at high
 * frequencies, and proposes an ensemble that takes each method where it is strong. This class
 * is that ensemble for the classic methods: the classic reconstruction where the views were
 * measured and its signal is reliable, the network in the missing wedge and wherever it is
 * better.
 * <p>
 * <b>How.</b> Both volumes are transformed (3-D DFT, {@link PairSpectrum}); every DFT point is
 * assigned its FSC shell and its {@link FusionRegion} (present, gap between views, missing
 * wedge; {@link FourierGrid}); per shell and region the weights of {@link FusionWeights} are
 * computed from the two volumes alone (their powers and cross-power, optionally the classic's
 * half-set FSC), never from a ground truth; the fused transform
 * {@code wClassic * C + wNetwork * N} is transformed back. The classic volume is first brought
 * onto the network's intensity scale (part of wClassic), and the result keeps the network's
 * scale and mean. {@link FusionWeights} states the weights exactly.
 * <p>
 * Volumes are {@code X x Y x Z} with the tilt axis along Y (conventions); angles in degrees.
 * Memory: one complex copy (8 bytes per voxel) plus the output, two more copies with half
 * sets. The calls block; the cancel token is checked between the transforms.
 */
public final class FrequencyFusion {
	private FrequencyFusion() {}

	/** The fused volume and the weights that made it. */
	public static final class Result {
		private final Volume volume;
		private final FusionWeights weights;

		Result(Volume volume, FusionWeights weights) {
			this.volume = volume;
			this.weights = weights;
		}

		/** The fused volume, on the network's scale, the network's pixel size (else the classic's). */
		public Volume volume() {
			return volume;
		}

		public FusionWeights weights() {
			return weights;
		}
	}

	/**
	 * Refuses inputs that cannot be fused, before any work: different sizes, NaN or infinite
	 * voxels, a constant volume, no angles.
	 *
	 * @param networkName how the user knows the network volume (e.g. its file name)
	 * @param classicName how the user knows the classic volume
	 * @throws TomoInputException naming the volume(s) and the problem
	 */
	public static void check(Volume network, String networkName, Volume classic, String classicName, double[] anglesDeg) {
		if (network.nx() != classic.nx() || network.ny() != classic.ny() || network.nz() != classic.nz()) {
			throw new TomoInputException("Fusion needs volumes of the same size, but " + networkName + " is " + network.nx() + " x " + network.ny() + " x " + network.nz() +
				" and " + classicName + " is " + classic.nx() + " x " + classic.ny() + " x " + classic.nz());
		}
		network.requireFinite(networkName);
		classic.requireFinite(classicName);
		requireContrast(network, networkName);
		requireContrast(classic, classicName);
		if (anglesDeg == null || anglesDeg.length == 0) throw new TomoInputException("Fusion needs the tilt angles (angles=min:step:max or a .tlt file)");
	}

	private static void requireContrast(Volume v, String name) {
		float[] d = v.data();
		float first = d[0];
		for (float x : d) if (x != first) return;
		throw new TomoInputException("Fusion needs volumes with contrast, but " + name + " is constant (every voxel is " + first + ")");
	}

	/**
	 * Fuses {@code network} with {@code classic}, weights from their agreement (or from the
	 * classic's half sets when given).
	 *
	 * @param classicHalvesOrNull the classic method's reconstructions of the even and the odd
	 *          views (by tilt angle), or null
	 * @throws TomoInputException see {@link #check}; also when the two volumes are
	 *           anticorrelated at low frequency (not of the same object, or inverted contrast)
	 */
	public static Result fuse(Volume network, String networkName, Volume classic, String classicName, double[] anglesDeg, Volume[] classicHalvesOrNull, int threads,
		CancelToken cancel) {
		check(network, networkName, classic, classicName, anglesDeg);
		FourierGrid grid = new FourierGrid(network.nx(), network.ny(), network.nz(), anglesDeg);
		double[][][] halves = null;
		if (classicHalvesOrNull != null) {
			check(classicHalvesOrNull[0], "the even views' " + classicName, classicHalvesOrNull[1], "the odd views' " + classicName, anglesDeg);
			check(network, networkName, classicHalvesOrNull[0], "the even views' " + classicName, anglesDeg);
			halves = new PairSpectrum(classicHalvesOrNull[0], classicHalvesOrNull[1], grid, threads, cancel).sums();
		}
		PairSpectrum cn = new PairSpectrum(classic, network, grid, threads, cancel);
		FusionWeights w = FusionWeights.compute(cn.sums(), halves, grid.boxSize());
		double pixel = Double.isNaN(network.pixelSize()) ? classic.pixelSize() : network.pixelSize();
		return new Result(cn.combine(w.classicArray(), w.networkArray(), pixel), w);
	}

	/**
	 * Reconstructs {@code tiltSeries} with {@code classic}, also its two half sets (even and odd
	 * views by tilt angle, as {@link HalfSetFsc#split}) when {@code halfSets}, and fuses the
	 * network volume with it. The network volume must have been reconstructed from the same
	 * (prepared) tilt series.
	 */
	public static Result fuse(Volume network, TiltSeries tiltSeries, Reconstructor classic, String classicName, boolean halfSets, int threads, CancelToken cancel,
		ProgressListener progress) {
		Volume c = classic.reconstruct(tiltSeries, threads, cancel, progress.part(0, halfSets ? 1.0 / 3 : 1, classicName + ": "));
		Volume[] halves = null;
		if (halfSets) {
			TiltSeries[] h = HalfSetFsc.split(tiltSeries);
			halves = new Volume[2];
			for (int i = 0; i < 2; i++) {
				halves[i] = classic.reconstruct(h[i], threads, cancel,
					progress.part((1 + i) / 3.0, (2 + i) / 3.0, classicName + (i == 0 ? " of the even views: " : " of the odd views: ")));
			}
		}
		progress.progress(1, "Fusing the network with " + classicName);
		return fuse(network, "the network volume", c, "the " + classicName + " volume", tiltSeries.geometry().anglesDeg(), halves, threads, cancel);
	}
}
