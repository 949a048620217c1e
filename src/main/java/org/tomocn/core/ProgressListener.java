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

	/**
	 * A line the user must see, not only a status: a choice made for the data (e.g. the noise
	 * estimate and what it switched on), a recovery or retry, the end of a run. Listeners
	 * that drop progress lines to limit their rate (the launcher prints at most one per 5 s)
	 * must not drop these; commands without listeners write them to the log. By default a
	 * progress report.
	 */
	default void note(double fraction, String message) {
		progress(fraction, message);
	}
}
