package org.tomocn.cn;

import java.util.Locale;

import org.tomocn.geometry.SparseMatrix;

/**
 * One step of a run under the convergence guard ({@link ConvergenceGuard}): the fit, and when
 * it stalled, retries from fresh random weights (another seed) with the first chunk's
 * iteration bound and a learning rate 10x lower per retry; when every retry stalls the run
 * stops with a {@link ConvergenceException} that says what to try. A (nearly) empty chunk
 * whose fit explains its data worse than an empty volume is left empty instead, and a
 * warm-started chunk whose projections are (nearly) zero ({@link ConvergenceGuard#nothingToFit}) is
 * left empty without a fit.
 */
final class RetryPolicy {
	private final ChunkFit fitter;
	private final ConvergenceGuard guard;
	private final NetworkParameters params;
	private final int maxRetries;
	private final SparseMatrix matrix;
	private final ChunkPlan plan;
	private final FitProgress progress;

	/** @param matrix one y row's projection matrix, for the guard's back-projection baseline */
	RetryPolicy(ChunkFit fitter, ConvergenceGuard guard, NetworkParameters params, int maxRetries, SparseMatrix matrix, ChunkPlan plan, FitProgress progress) {
		this.fitter = fitter;
		this.guard = guard;
		this.params = params;
		this.maxRetries = maxRetries;
		this.matrix = matrix;
		this.plan = plan;
		this.progress = progress;
	}

	/**
	 * Fits step {@code s} of the plan.
	 *
	 * @param proj the chunk's normalised projections, {@code (X l) x j}
	 * @param borders the fitted rows next to the chunk ({@link Borders})
	 * @param warm the weights to start from, or null for random ones
	 * @param spread how the fit may use the cores ({@link ChunkFit.Spread})
	 * @throws ConvergenceException when the fit and every retry stall
	 */
	CheckpointStore.Entry fit(ChunkPlan.Step s, float[] proj, Borders borders, SirenWeights warm, ChunkFit.Spread spread) {
		final int j = plan.slices;
		final double zero = ConvergenceGuard.zeroLoss(proj);
		final double bp = ConvergenceGuard.backProjectionLoss(matrix, proj, j);
		final double accept = guard.acceptLoss(zero, bp);
		final String where = String.format(Locale.ROOT, "fit %d/%d (chunk %d of %d, y %d-%d)", s.index + 1, plan.steps.size(), s.chunk + 1, plan.numChunks(),
			plan.start[s.chunk], plan.start[s.chunk] + j - 1);
		if (warm != null && guard.nothingToFit(zero)) {
			// The projections are (nearly) zero: an empty volume is the answer. The neighbour's weights
			// are passed on unchanged to warm-start the next chunk. (A random-start step still fits,
			// so that no chain hands unfitted random weights to a short warm-started fit.)
			progress.finished(s, params.iterationBound(s), 0);
			return new CheckpointStore.Entry(s.chunk, 0, 0, zero, zero, bp, warm, s.keep ? new float[matrix.cols * j] : null,
				"left empty without a fit: its projections are (nearly) zero");
		}
		for (int attempt = 0;; attempt++) {
			boolean random = warm == null || attempt > 0;
			SirenWeights init = random ? SirenWeights.random(fitter.inputs(), params.hiddenLayers(), params.hiddenFeatures(), params.omega0().getAsDouble(),
				params.seed() + 7919L * attempt + 104729L * s.index) : warm;
			int bound = attempt == 0 ? params.iterationBound(s) : params.iterationsFirst();
			double lr = (random ? params.learningRateFirst() : params.learningRateNext().getAsDouble()) * StrictMath.pow(0.1, attempt);
			String what = where + (attempt > 0 ? " retry " + attempt : "");
			ChunkFit.Result res = fitter.fit(init, proj, j, borders, spread, bound, lr, accept, zero, new ChunkFit.IterationListener() {
				@Override
				public void iteration(int it, int n, double loss) {
					progress.iteration(s, what, it, n, loss);
				}

				@Override
				public void restarted(int it, double loss, double backoff) {
					progress.note(String.format(Locale.ROOT,
						"%s: after %d iterations the loss (%.5f; empty volume %.5f) is still above what the convergence guard accepts (%.5f); restarted from the initial weights, learning rate now x%.3g of the schedule",
						what, it + 1, loss, zero, accept, backoff));
				}

				@Override
				public void recovered(int it, double loss, int restoredFrom, double backoff) {
					progress.note(String.format(Locale.ROOT, "%s: loss %s at iteration %d; restored the state of iteration %d, learning rate now x%.3g of the schedule",
						what, Double.isFinite(loss) ? String.format(Locale.ROOT, "%.5f (exploded)", loss) : "not finite (" + loss + ")", it + 1, restoredFrom + 1,
						backoff));
				}
			});
			progress.finished(s, bound, res.iterations);
			String ended = res.stopReason + (res.recoveries > 0 ? ", " + res.recoveries + " recoveries from divergence" : "");
			if (guard.empty(zero) && !(res.loss <= zero)) {
				// The data show (almost) nothing here and an empty chunk explains them better than the fit
				// (typically density carried over from the neighbour that warm-started it): the objective's
				// better candidate is the empty volume. Refitting from random weights does worse on such
				// chunks (measured: 0.04-0.07 against 0.00008 for an empty volume), so no retry; the weights
				// still warm-start the next chunk.
				return new CheckpointStore.Entry(s.chunk, attempt, res.iterations, zero, zero, bp, res.weights, s.keep ? new float[res.values.length] : null,
					ended + String.format(Locale.ROOT, "; left empty: the fit's loss %.5f is above an empty volume's", res.loss));
			}
			if (!guard.stalled(res.loss, zero, bp)) {
				return new CheckpointStore.Entry(s.chunk, attempt, res.iterations, res.loss, zero, bp, res.weights, s.keep ? res.values : null, ended);
			}
			String msg = String.format(Locale.ROOT, "Chunk %d (y %d-%d) stalled: loss %.5f vs %.5f for an empty volume and %.5f for the back-projection (%d iterations, %s)",
				s.chunk + 1, plan.start[s.chunk], plan.start[s.chunk] + j - 1, res.loss, zero, bp, res.iterations, ended);
			if (attempt >= maxRetries) {
				throw new ConvergenceException(msg + " after " + attempt + " retries. Try another seed (seed=" + (params.seed() + 1) + "), the other preset (preset=" +
					(params.preset() == NetworkParameters.Preset.FAST ? "faithful" : "fast") +
					"), or, for noisy data, a stronger smoothness term (tv_lambda=1); the work_dir keeps the finished chunks for resume=true");
			}
			progress.retry(s, params.iterationsFirst());
			progress.note(msg + String.format(Locale.ROOT, "; retry %d of %d from new random weights, learning rate %.2g", attempt + 1, maxRetries,
				params.learningRateFirst() * StrictMath.pow(0.1, attempt + 1)));
		}
	}
}
