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

	/**
	 * How one fit spreads its work over the cores. The chunk's points are split into
	 * {@code shards} contiguous parts, each evaluated and back-propagated by its own copy of
	 * the network; the copies' parameter gradients are added in shard order before every
	 * update, which then goes to every copy. {@code shards} is fixed by the plan (the steps
	 * no other fit runs beside, {@link ChunkPlan#alone}), so the result does not depend on
	 * whether {@code helper} exists: with a helper the second shard's work runs on its
	 * thread at the same time as the first's, without one after it on the fit's own thread,
	 * and the sums are the same.
	 */
	final class Spread {
		/** One shard on the fit's own thread: the fits of two chains running at once. */
		static final Spread NONE = new Spread(1, null);

		final int shards;
		/** Runs the second shard's work on a lane prepared for PyTorch, or null: the fit's own thread. */
		final java.util.concurrent.Executor helper;

		Spread(int shards, java.util.concurrent.Executor helper) {
			if (shards < 1 || shards > 2) throw new IllegalArgumentException("shards must be 1 or 2, got " + shards);
			this.shards = shards;
			this.helper = helper;
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
	 * @param spread how the fit's points are split over copies of the network and threads
	 * @param acceptLoss the loss the convergence guard accepts for this chunk (see {@link FitSchedule})
	 * @param zeroLoss the chunk's empty-volume loss, for the stall test (NaN: none)
	 */
	Result fit(SirenWeights init, float[] proj, int j, Borders borders, Spread spread, int iterations, double lr0, double acceptLoss, double zeroLoss, IterationListener listener);
}
