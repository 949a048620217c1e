package org.tomocn.core;

/**
 * Receives progress of a long computation. One listener type for every engine (projector,
 * SIRT, coordinate network, metrics); implementations must be cheap and thread-safe, since
 * worker threads may call them.
 */
@FunctionalInterface
public interface ProgressListener {
	/** A listener that ignores everything. */
	ProgressListener NONE = (fraction, message) -> { };

	/**
	 * @param fraction overall progress in [0, 1], or a negative value when unknown
	 * @param message a short human-readable status line (e.g. "chunk 3/32, iteration 120,
	 *          loss 0.0123, 2 min left")
	 */
	void progress(double fraction, String message);
}
