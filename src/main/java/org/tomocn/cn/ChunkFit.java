package org.tomocn.cn;

/**
 * One fit of a network to one chunk's projections: what the chunk runner and the retry
 * policy need of the network ({@link ChunkFitter} with PyTorch; tests use fakes without it).
 */
interface ChunkFit {

	/** Receives every iteration's loss (normalised units) and every recovery from divergence. */
	@FunctionalInterface
	interface IterationListener {
		void iteration(int iteration, int iterations, double loss);

		/**
		 * The loss of iteration {@code iteration} was not finite or exploded: the parameters and
		 * optimiser state of iteration {@code restoredFrom} were restored and the learning rate
		 * is now {@code backoff} times the schedule's.
		 */
		default void recovered(int iteration, double loss, int restoredFrom, double backoff) {}

		/**
		 * The fit stalled above the loss the guard accepts ({@link FitSchedule}): the initial
		 * state was restored and the learning rate is now {@code backoff} times the schedule's.
		 */
		default void restarted(int iteration, double loss, double backoff) {}
	}

	/** The outcome of one fit. */
	final class Result {
		final SirenWeights weights;
		/** Network output on the chunk grid, {@code (x + X z) j + b}, normalised units, not clipped. */
		final float[] values;
		/** Data loss of {@link #values} (mean absolute projection error), NaN if not finite. */
		final double loss;
		/** Iterations run (rolled-back ones included), recoveries from divergence, why the fit ended. */
		final int iterations, recoveries;
		final String stopReason;

		Result(SirenWeights weights, float[] values, double loss, int iterations, int recoveries, String stopReason) {
			this.weights = weights;
			this.values = values;
			this.loss = loss;
			this.iterations = iterations;
			this.recoveries = recoveries;
			this.stopReason = stopReason;
		}
	}

	/** Network inputs per point (3 coordinates, or the Fourier-feature width): the first layer's size for {@link SirenWeights#random}. */
	int inputs();

	/**
	 * Fits a network starting from {@code init}, for at most {@code iterations} iterations
	 * ({@link FitSchedule} decides the learning rate, recoveries and an earlier stop).
	 *
	 * @param proj normalised projections of the chunk, {@code (X l) x j} row-major
	 * @param j rows in the chunk
	 * @param borders the fitted rows next to the chunk, for the smoothness term ({@link Borders})
	 * @param acceptLoss the loss the convergence guard accepts for this chunk (see {@link FitSchedule})
	 * @param zeroLoss the chunk's empty-volume loss, for the stall test (NaN: none)
	 */
	Result fit(SirenWeights init, float[] proj, int j, Borders borders, int iterations, double lr0, double acceptLoss, double zeroLoss, IterationListener listener);
}
