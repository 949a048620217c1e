package org.tomocn.cn;

import org.tomocn.geometry.SparseMatrix;

/**
 * Decides whether a chunk's fit stalled (issue item 10: a SIREN fit can stay at the loss
 * of an empty volume for all its iterations). A fit is accepted only when its final data
 * loss (mean absolute projection error) is finite, below {@code ratio} times the loss of an
 * all-zero volume, and below the loss of the chunk's best-scaled unfiltered back-projection
 * reprojected ({@code alpha A A^T p}, alpha by least squares): a cheap baseline that any
 * working fit beats by a wide margin.
 * <p>
 * Chunks of (nearly) empty space would fail those relative tests on rounding-level losses,
 * so a loss passes when it is below {@link #FLOOR} times the whole tilt series' mean
 * absolute value and exceeds the empty volume's loss by no more than that: measured on a
 * phantom with empty rows, a fit at loss 0.001 was flagged against an empty-volume loss of
 * 0.0005 while the series' mean was about 0.05. The second condition is issue 11's: an edge
 * chunk at loss 0.0064 against 0.0000 for an empty volume (spurious density where the data
 * show none) was accepted when the floor alone decided.
 * <p>
 * <b>Noisy data.</b> The L1 loss of any fit that does not follow the noise stays above the
 * noise's mean absolute value {@code n} ({@link NoiseLevel#meanAbsolute()}), and so does the
 * empty volume's; issue 14 saw a good fit of SNR 0.3 data refused three times (0.111 against
 * 0.148 for an empty volume). So every test judges the loss above that floor: the fit must
 * remove at least {@code 1 - ratio} of the empty volume's excess over it
 * ({@code loss - n <= ratio (zero - n)}), and the small-loss floor starts at {@code n}. With
 * {@code n = 0} (noise-free data) these are the tests above.
 */
final class ConvergenceGuard {
	/** Fraction of the series' mean absolute projection value below which any loss passes. */
	static final double FLOOR = 0.02;
	/**
	 * Fraction of the series' mean absolute value at or below which a chunk's projections
	 * leave nothing to fit ({@link #nothingToFit}). Session 11 used 1e-6 (zero to float
	 * precision); session 12 raised it to 1e-3 after reading every nearly empty chunk of the
	 * benchmark's noise-free runs (64-256 px, three phantoms): all chunks at or below 5e-4
	 * of the mean were left empty by the guard after their fit (most after 2-3 rollbacks),
	 * and the faintest chunk whose fit was kept had 3.3e-3; the fits' own residuals are
	 * 2e-3 to 1e-2 of the mean, more than such a chunk's whole signal.
	 */
	static final double NOTHING = 1e-3;
	private final double ratio, floor, noise, nothing;

	/**
	 * @param ratio the largest accepted loss as a fraction of the empty-volume loss (above the noise floor)
	 * @param seriesMean mean absolute value of the whole (normalised) tilt series
	 * @param noise the noise floor of the loss, {@link NoiseLevel#meanAbsolute()} in normalised units (0: noise-free)
	 */
	ConvergenceGuard(double ratio, double seriesMean, double noise) {
		this.ratio = ratio;
		this.floor = FLOOR * seriesMean;
		this.noise = noise;
		this.nothing = NOTHING * seriesMean;
	}

	boolean stalled(double loss, double zeroLoss, double backProjectionLoss) {
		if (!Double.isFinite(loss)) return true;
		if (loss <= noise + floor && loss <= zeroLoss + floor) return false;
		return loss - noise > ratio * (zeroLoss - noise) || loss > backProjectionLoss;
	}

	/**
	 * The largest loss {@link #stalled} accepts for a chunk with these baselines (the
	 * relative tests' bound, or the floor's for a nearly empty chunk).
	 */
	double acceptLoss(double zeroLoss, double backProjectionLoss) {
		return Math.max(Math.min(noise + ratio * (zeroLoss - noise), backProjectionLoss), Math.min(noise + floor, zeroLoss + floor));
	}

	/**
	 * True when a chunk's data are (nearly) empty: the loss of an empty volume is below the
	 * floor (above the noise). For such a chunk the engine keeps an empty volume when it fits the data better
	 * than the network.
	 */
	boolean empty(double zeroLoss) {
		return zeroLoss <= noise + floor;
	}

	/**
	 * True when a chunk's projections are zero or nearly (at most {@link #NOTHING} of the
	 * series' mean: the rows of a phantom or a masked series beyond the object, and the
	 * object's last faint edge): an empty volume explains them to less than what a fit
	 * leaves as residual elsewhere, so the engine leaves the chunk empty without fitting. Fitting them anyway
	 * cost about 2 s per chunk and, on data that are exactly zero, every Adam step, whose size
	 * does not shrink with the gradient, raised the loss 10-20x from its start and was
	 * rolled back as a divergence (measured: 100 such recoveries on the 40 empty chunks of a
	 * 128 x 128 x 64 virus phantom).
	 */
	boolean nothingToFit(double zeroLoss) {
		return zeroLoss <= nothing;
	}

	/** Mean absolute value of the projections: the loss of an all-zero volume. */
	static double zeroLoss(float[] proj) {
		double s = 0;
		for (float v : proj) s += Math.abs(v);
		return s / proj.length;
	}

	/**
	 * Loss of the best-scaled back-projection's reprojection, per chunk.
	 *
	 * @param a one y row's projection matrix (rows {@code u + X view}, columns {@code x + X z})
	 * @param proj projections {@code (X l) x j} row-major
	 */
	static double backProjectionLoss(SparseMatrix a, float[] proj, int j) {
		float[] bp = new float[a.cols * j], reproj = new float[proj.length];
		a.multiplyTransposed(proj, bp, j);
		a.multiply(bp, reproj, j);
		double pq = 0, qq = 0;
		for (int i = 0; i < proj.length; i++) {
			pq += (double) proj[i] * reproj[i];
			qq += (double) reproj[i] * reproj[i];
		}
		double alpha = qq > 0 ? pq / qq : 0;
		double s = 0;
		for (int i = 0; i < proj.length; i++) s += Math.abs(alpha * reproj[i] - proj[i]);
		return s / proj.length;
	}
}
