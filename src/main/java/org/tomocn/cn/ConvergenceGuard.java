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
 */
final class ConvergenceGuard {
	/** Fraction of the series' mean absolute projection value below which any loss passes. */
	static final double FLOOR = 0.02;
	private final double ratio, floor;

	/**
	 * @param ratio the largest accepted loss as a fraction of the empty-volume loss
	 * @param seriesMean mean absolute value of the whole (normalised) tilt series
	 */
	ConvergenceGuard(double ratio, double seriesMean) {
		this.ratio = ratio;
		this.floor = FLOOR * seriesMean;
	}

	boolean stalled(double loss, double zeroLoss, double backProjectionLoss) {
		if (!Double.isFinite(loss)) return true;
		if (loss <= floor && loss <= zeroLoss + floor) return false;
		return loss > ratio * zeroLoss || loss > backProjectionLoss;
	}

	/**
	 * The largest loss {@link #stalled} accepts for a chunk with these baselines (the
	 * relative tests' bound, or the floor's for a nearly empty chunk).
	 */
	double acceptLoss(double zeroLoss, double backProjectionLoss) {
		return Math.max(Math.min(ratio * zeroLoss, backProjectionLoss), Math.min(floor, zeroLoss + floor));
	}

	/**
	 * True when a chunk's data are (nearly) empty: the loss of an empty volume is below the
	 * floor. For such a chunk the engine keeps an empty volume when it fits the data better
	 * than the network.
	 */
	boolean empty(double zeroLoss) {
		return zeroLoss <= floor;
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
