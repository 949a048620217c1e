package org.tomocn.cn;

import java.util.Locale;

/**
 * What happened to one fit of a coordinate-network run: which chunk, how it was
 * initialised, its final data loss against the guard's two baselines (all in the
 * normalised units of the fit: projections divided by their maximum), retries and time.
 */
public final class ChunkReport {
	/** Position of the fit in the run's order, and the chunk it fitted. */
	public final int step, chunk;
	/** First y row and number of rows of the chunk. */
	public final int yStart, rows;
	/** -1 when fitted from random weights, else the step whose weights it started from. */
	public final int from;
	/** False for the first middle fit, which only initialises its neighbours. */
	public final boolean keptInOutput;
	public final int iterations;
	/** 0 when the first attempt passed the guard. */
	public final int retries;
	public final double loss, zeroLoss, backProjectionLoss;
	public final double seconds;
	public final boolean fromCheckpoint;
	/** Why the fit ended (iteration limit, loss converged, ...); "" for a fit loaded from a checkpoint. */
	public final String ended;

	ChunkReport(int step, int chunk, int yStart, int rows, int from, boolean keptInOutput, int iterations, int retries, double loss,
		double zeroLoss, double backProjectionLoss, double seconds, boolean fromCheckpoint, String ended)
	{
		this.ended = ended;
		this.step = step;
		this.chunk = chunk;
		this.yStart = yStart;
		this.rows = rows;
		this.from = from;
		this.keptInOutput = keptInOutput;
		this.iterations = iterations;
		this.retries = retries;
		this.loss = loss;
		this.zeroLoss = zeroLoss;
		this.backProjectionLoss = backProjectionLoss;
		this.seconds = seconds;
		this.fromCheckpoint = fromCheckpoint;
	}

	/** One line for the log; step and chunk numbers 1-based there, as in the progress lines (the fields are 0-based). */
	@Override
	public String toString() {
		return String.format(Locale.ROOT, "step %d: chunk %d (y %d-%d) %s, %d iterations%s, loss %.5f (zero volume %.5f, back-projection %.5f)%s%s, %.1f s",
			step + 1, chunk + 1, yStart, yStart + rows - 1, from < 0 ? "from random weights" : "from step " + (from + 1), iterations, ended.isEmpty() ? "" : " (" + ended + ")", loss, zeroLoss,
			backProjectionLoss, retries > 0 ? ", " + retries + " retries" : "", fromCheckpoint ? ", from checkpoint" : "", seconds);
	}
}
