package org.tomocn.cn;

import java.util.Locale;

import org.tomocn.core.ProgressListener;

/**
 * Progress of a network run: iteration counting against the iteration bounds, progress lines
 * in the form {@code fit s/n (chunk c of m, y a-b), iteration i/n, loss L, T left} at most
 * every half second, and the time left from the measured time per iteration. A fit that
 * ends early counts its unused iterations as done; a retry adds its bound to the total, so
 * 100% is never shown while work remains. The time left assumes that the fits to come use
 * the same share of their bounds as the finished ones did (on noisy data about a third:
 * they end on a plateau), not the whole bounds. Thread-safe: the lanes of a run share one.
 */
final class FitProgress {
	private final ProgressListener listener;
	private final long start = System.nanoTime();
	private long total, done, fitted, lastReport;
	/** The bounds of the finished fits and the iterations they ran. */
	private long finishedBounds, finishedRan;

	FitProgress(ProgressListener listener, long totalIterations) {
		this.listener = listener;
		this.total = Math.max(1, totalIterations);
	}

	/** A retry of at most {@code iterations} iterations is coming. */
	synchronized void retry(int iterations) {
		total += iterations;
	}

	/** A fit of {@code iterations} iterations was loaded from a checkpoint. */
	synchronized void skip(int iterations) {
		done += iterations;
	}

	/** A fit of at most {@code bound} iterations ended after {@code ran}: count the rest as done. */
	synchronized void finished(int bound, int ran) {
		done += Math.max(0, bound - ran);
		finishedBounds += bound;
		finishedRan += Math.min(bound, ran);
	}

	synchronized double fraction() {
		return Math.min(1, done / (double) total);
	}

	double elapsedSeconds() {
		return (System.nanoTime() - start) / 1e9;
	}

	/** A line the user must see (a recovery, a retry, a checkpoint), at the current fraction. */
	synchronized void note(String message) {
		listener.note(fraction(), message);
	}

	/** A status line at the current fraction, which a throttled listener may drop (each fit's report). */
	synchronized void status(String message) {
		listener.progress(fraction(), message);
	}

	/** One iteration of the fit described by {@code what} (e.g. "fit 3/9 (chunk 2 of 8, y 2-3)"). */
	synchronized void iteration(String what, int it, int n, double loss) {
		done++;
		fitted++;
		long now = System.nanoTime();
		if (now - lastReport < 500_000_000L && it != n - 1) return;
		lastReport = now;
		listener.progress(fraction(), String.format(Locale.ROOT, "%s, iteration %d/%d, loss %.5f, %s left", what, it + 1, n, loss, duration(secondsLeft())));
	}

	/**
	 * The time left, seconds: the measured wall time per fitted iteration times the iterations
	 * still allowed by the bounds, scaled by the share of their bounds the finished fits ran
	 * (1 before any finished); NaN before the first iteration.
	 */
	synchronized double secondsLeft() {
		if (fitted == 0) return Double.NaN;
		double share = finishedBounds == 0 ? 1 : (double) finishedRan / finishedBounds;
		return elapsedSeconds() / fitted * (total - done) * share;
	}

	static String duration(double seconds) {
		if (seconds < 90) return String.format(Locale.ROOT, "%.0f s", seconds);
		if (seconds < 5400) return String.format(Locale.ROOT, "%.0f min", seconds / 60);
		return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
	}
}
