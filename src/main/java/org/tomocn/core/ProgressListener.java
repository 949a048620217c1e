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

	/**
	 * This listener as seen by a part of the work that runs from {@code start} to {@code end}
	 * of the whole: fractions in [0, 1] mapped linearly onto that range (negative, unknown,
	 * passed on), messages prefixed with {@code prefix}, and notes kept notes, so that a part's
	 * notes (e.g. a network run inside a half-set FSC) are not turned into droppable lines.
	 */
	default ProgressListener part(double start, double end, String prefix) {
		ProgressListener whole = this;
		return new ProgressListener() {
			@Override
			public void progress(double fraction, String message) {
				whole.progress(map(fraction), prefix + message);
			}

			@Override
			public void note(double fraction, String message) {
				whole.note(map(fraction), prefix + message);
			}

			private double map(double f) {
				return f < 0 ? f : start + f * (end - start);
			}
		};
	}
}
