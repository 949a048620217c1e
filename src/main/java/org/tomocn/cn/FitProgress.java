package org.tomocn.cn;

import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

import org.tomocn.core.ProgressListener;

/**
 * Progress of a network run: iteration counting against the iteration bounds, progress lines
 * in the form {@code fit s/n (chunk c of m, y a-b), iteration i/n, loss L, T left}
 * ({@code at most T left} before a fit has finished) at most
 * every half second, and the time left. A fit that ends early counts its unused iterations as
 * done; a retry adds its bound to the total, so 100% is never shown while work remains.
 * Thread-safe: the lanes of a run share one.
 * <p>
 * <b>Time left.</b> The steps that run alone ({@link ChunkPlan#alone}: the first fits, split
 * over both cores) and the chains' steps (two fits at once, one core each) cost different
 * wall time per iteration: on noisy data at 256 px a chain iteration took 0.46 of a first
 * fit's (point groups with reused values make the chains' forward passes cheaper), and using
 * one average for both overstated the time left about 2x. So each kind has its own measured
 * wall seconds per iteration: the alone steps' from the start of the run to the first chain
 * iteration (the end of the last alone step), the chains' from then on (both lanes' iterations counted). Until a chain has run
 * {@link #CHAIN_SAMPLE} iterations, their cost is the alone steps' times
 * {@link #chainCostRatio} (a model of the work, an upper estimate: measured ratios were below
 * it). The iterations still allowed by the bounds of each kind times its cost are then scaled
 * by the share of their bounds the finished fits ran (1 before any finished: until then the
 * line says "at most T left", since on noisy data fits end on a plateau after about a third).
 */
final class FitProgress {
	/** Chain iterations after which their own measured cost replaces the model's. */
	static final int CHAIN_SAMPLE = 20;

	private final ProgressListener listener;
	private final LongSupplier clock;
	private final ChunkPlan plan;
	private final ToIntFunction<ChunkPlan.Step> bound;
	private final double chainCost;
	private final long start;
	/** Per kind (0 = alone, 1 = chain): the bounds of all its fits, and the iterations done or counted as done. */
	private final long[] total = new long[2], done = new long[2], fitted = new long[2];
	/** When the last alone step's iteration or end was reported, and when the chains' phase began (that moment, at their first iteration). */
	private long lastReport, lastAlone, chainStart;
	/** The bounds of the finished fits and the iterations they ran. */
	private long finishedBounds, finishedRan;

	/**
	 * @param plan the run's plan; its steps' bounds are counted {@code runs} times (this run and
	 *        the ensemble members after it, whose plans are the same)
	 * @param bound a step's iteration bound ({@link NetworkParameters#iterationBound(ChunkPlan.Step)})
	 * @param chainCostRatio a chain iteration's wall time over an alone step's until measured ({@link #chainCostRatio})
	 */
	FitProgress(ProgressListener listener, ChunkPlan plan, ToIntFunction<ChunkPlan.Step> bound, int runs, double chainCostRatio) {
		this(listener, plan, bound, runs, chainCostRatio, System::nanoTime);
	}

	/** As above, with the clock (nanoseconds) the times are read from. */
	FitProgress(ProgressListener listener, ChunkPlan plan, ToIntFunction<ChunkPlan.Step> bound, int runs, double chainCostRatio, LongSupplier clock) {
		this.listener = listener;
		this.plan = plan;
		this.bound = bound;
		this.chainCost = chainCostRatio;
		this.clock = clock;
		this.start = clock.getAsLong();
		for (ChunkPlan.Step s : plan.steps) total[kind(s)] += (long) bound.applyAsInt(s) * runs;
	}

	/**
	 * The wall time of a chain iteration over an alone step's, from the work per iteration
	 * ({@link ChunkFitter}'s point groups): a forward pass costs 1 per point and a backward pass
	 * about 2 (two products per layer, with respect to inputs and to weights). The alone steps
	 * evaluate every point and back-propagate a fraction {@code f}: {@code 1 + 2f}, over both
	 * cores; a chain fit evaluates every point (or, reusing values, {@code ((P-1) f + 1) / P}
	 * with {@code P = round(1/f)}: one group per iteration and all points every P-th) and
	 * back-propagates {@code f}, on one core beside the other lane's fit. With the same two
	 * cores busy either way, the ratio is {@code (forward + 2f) / (1 + 2f)}: 1 on noise-free
	 * data, 0.625 with {@code fast}'s quarter of the points and reused values (measured at
	 * 256 px: 0.46; noise-free at 128 px: 0.88).
	 */
	static double chainCostRatio(double pointFraction, boolean reuseValues) {
		double f = pointFraction;
		long p = Math.max(1, Math.round(1 / f));
		double forward = reuseValues && f < 1 ? ((p - 1) * f + 1) / p : 1;
		return (forward + 2 * f) / (1 + 2 * f);
	}

	private int kind(ChunkPlan.Step s) {
		return plan.alone(s) ? 0 : 1;
	}

	/** A retry of step {@code s} with at most {@code iterations} iterations is coming. */
	synchronized void retry(ChunkPlan.Step s, int iterations) {
		total[kind(s)] += iterations;
	}

	/** Step {@code s} was loaded from a checkpoint. */
	synchronized void skip(ChunkPlan.Step s) {
		done[kind(s)] += bound.applyAsInt(s);
	}

	/** A fit of step {@code s} of at most {@code bound} iterations ended after {@code ran}: count the rest as done. */
	synchronized void finished(ChunkPlan.Step s, int bound, int ran) {
		if (kind(s) == 0) lastAlone = clock.getAsLong();
		done[kind(s)] += Math.max(0, bound - ran);
		finishedBounds += bound;
		finishedRan += Math.min(bound, ran);
	}

	synchronized double fraction() {
		return Math.min(1, (done[0] + done[1]) / (double) Math.max(1, total[0] + total[1]));
	}

	double elapsedSeconds() {
		return (clock.getAsLong() - start) / 1e9;
	}

	/** A line the user must see (a recovery, a retry, a checkpoint), at the current fraction. */
	synchronized void note(String message) {
		listener.note(fraction(), message);
	}

	/** A status line at the current fraction, which a throttled listener may drop (each fit's report). */
	synchronized void status(String message) {
		listener.progress(fraction(), message);
	}

	/** One iteration of step {@code s}'s fit described by {@code what} (e.g. "fit 3/9 (chunk 2 of 8, y 2-3)"). */
	synchronized void iteration(ChunkPlan.Step s, String what, int it, int n, double loss) {
		int k = kind(s);
		long now = clock.getAsLong();
		if (k == 0) lastAlone = now;
		else if (fitted[1] == 0) chainStart = fitted[0] == 0 ? start : lastAlone;
		done[k]++;
		fitted[k]++;
		if (now - lastReport < 500_000_000L && it != n - 1) return;
		lastReport = now;
		listener.progress(fraction(), String.format(Locale.ROOT, "%s, iteration %d/%d, loss %.5f, %s%s left", what, it + 1, n, loss,
			finishedBounds == 0 ? "at most " : "", duration(secondsLeft())));
	}

	/** The time left, seconds (see the class comment); NaN before the first iteration. */
	synchronized double secondsLeft() {
		if (fitted[0] + fitted[1] == 0) return Double.NaN;
		long now = clock.getAsLong();
		double alone, chain;
		if (fitted[1] == 0) {
			alone = (now - start) / 1e9 / fitted[0];
			chain = alone * chainCost;
		}
		else {
			// the alone steps all come before the chains (ChunkPlan.chains)
			alone = fitted[0] == 0 ? Double.NaN : (chainStart - start) / 1e9 / fitted[0];
			chain = (now - chainStart) / 1e9 / fitted[1];
			if (fitted[1] < CHAIN_SAMPLE && fitted[0] > 0) chain = alone * chainCost;
			if (fitted[0] == 0) alone = chain / chainCost;
		}
		double share = finishedBounds == 0 ? 1 : (double) finishedRan / finishedBounds;
		return ((total[0] - done[0]) * alone + (total[1] - done[1]) * chain) * share;
	}

	static String duration(double seconds) {
		if (seconds < 90) return String.format(Locale.ROOT, "%.0f s", seconds);
		if (seconds < 5400) return String.format(Locale.ROOT, "%.0f min", seconds / 60);
		return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
	}
}
