package org.tomocn.cn;

/**
 * Early stopping on held-out views (issue 14; the paper's section 4 leaves noise to future
 * work): on noisy data the training loss keeps falling as the network starts to fit the
 * noise, while the loss on views it never sees stops falling at the iteration where more
 * fitting no longer predicts unseen data. This records that loss every iteration, says when
 * it reached a new lowest value (the fitter snapshots that state, which becomes the result)
 * and when it has not improved for {@code patience} iterations (the fit stops).
 */
final class HeldOutWatch {
	private final int patience;
	private double best = Double.POSITIVE_INFINITY;
	private int bestAt = -1;

	/** @param patience iterations without a new lowest held-out loss after which the fit stops */
	HeldOutWatch(int patience) {
		this.patience = Math.max(1, patience);
	}

	/** Records the held-out loss of iteration {@code it}; true when it is the lowest so far. */
	boolean record(int it, double loss) {
		if (!(loss < best)) return false;
		best = loss;
		bestAt = it;
		return true;
	}

	/** True when the held-out loss has not reached a new low for {@code patience} iterations up to {@code it}. */
	boolean stale(int it) {
		return bestAt >= 0 && it - bestAt >= patience;
	}

	int bestIteration() {
		return bestAt;
	}

	double bestLoss() {
		return best;
	}
}
