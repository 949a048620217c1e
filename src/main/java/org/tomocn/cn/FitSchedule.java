package org.tomocn.cn;

/**
 * What one fit does at each iteration, decided from the loss alone (plain Java, no PyTorch,
 * so it is tested in milliseconds): the learning rate, recovery from a diverging step, and
 * when to stop.
 * <p>
 * <b>Learning rate</b> (reference recipe, "Optimisation"): held at {@code lr0}, then decayed
 * log-linearly by {@code decay} (10 in the recipe) over as many iterations as it was held.
 * The recipe holds for half of a fixed count; here the hold ends at half of the upper bound
 * {@code maxIterations} or earlier, as soon as the loss reaches a plateau.
 * <p>
 * <b>Plateau</b> (issue 11, "cost that follows convergence"): every {@code window}
 * iterations the best loss is compared with the best loss one window earlier; an
 * improvement below {@code max(relTol * previous best, absTol)} is a plateau. A plateau while
 * the rate is held starts the decay; a plateau during the decay ends the fit. After a
 * rollback the window starts again and compares only losses since the rollback (the restored
 * state re-descends from above the fit's best loss, which is no plateau). Plateaus count
 * only once the best loss is at or below {@code acceptLoss}, the loss the convergence guard
 * accepts: a fit that is still stuck near the empty volume's loss keeps its whole budget at
 * the held rate (a SIREN can sit on such a plateau for hundreds of iterations and then
 * drop), instead of being stopped early and then refused. {@code window = 0} turns plateaus
 * off (the recipe's fixed schedule).
 * <p>
 * <b>Divergence</b>: a loss that is not finite, or above {@link #SPIKE} times the best loss
 * of this fit plus {@link #SPIKE_MARGIN} times the loss scale (so that the rounding-level
 * losses of an empty chunk do not count), is answered with {@link Action#ROLLBACK}: the caller restores the parameters
 * and optimiser state of its last snapshot (taken at a good iteration, see
 * {@link #snapshotDue}) and continues with the learning rate multiplied by
 * {@link #BACKOFF} per recovery. After {@link #MAX_RECOVERIES} recoveries the fit stops
 * ({@link Action#STOP_RESTORED}: restore, then stop) and the convergence guard judges it.
 * <p>
 * <b>Stall</b>: a SIREN fitted from random weights can sit at the loss of an empty volume
 * (its output turns into high-frequency noise whose projections average out). Measured on
 * the first chunk of a 48 x 48 x 32 shapes phantom with the authors' network and rate
 * (1e-3): the loss stayed at the empty volume's for all 2,000 iterations, while at 3e-4 it
 * fell to a tenth of it within 100; a spheres chunk stayed at 0.67 of it for 2,000. So when,
 * after the first window (at least {@link #MIN_STALL_CHECK} iterations and 10% of the bound;
 * only in fits at least 4 times that long), the best loss is still above {@code acceptLoss}, the loss the convergence guard would accept,
 * the schedule answers {@link Action#RESTART}: the caller
 * restores the initial state and continues with the rate multiplied by
 * {@link #STALL_BACKOFF}, at most {@link #MAX_RESTARTS} times. Chunks whose data an empty
 * volume already explains (empty-volume loss at or below {@code acceptLoss}) never stall.
 */
final class FitSchedule {
	/** A loss this many times the fit's best so far (plus the margin) counts as divergence. */
	static final double SPIKE = 4;
	/** Absolute part of the divergence test, in units of the loss scale. */
	static final double SPIKE_MARGIN = 0.05;
	/** Absolute plateau tolerance per window, in units of the loss scale. */
	static final double ABS_TOL = 1e-3;
	/** Learning-rate factor applied per recovery. */
	static final double BACKOFF = 0.5;
	static final int MAX_RECOVERIES = 6;
	/** The stall test comes after at least this many iterations, and only in fits at least 4 times as long. */
	static final int MIN_STALL_CHECK = 50;
	/** Learning-rate factor per restart after a stall. */
	static final double STALL_BACKOFF = 0.3;
	static final int MAX_RESTARTS = 2;
	/** Iterations between snapshots of a good state. */
	static final int SNAPSHOT_EVERY = 10;

	enum Action {
		/** Take an optimiser step at {@link #learningRate()}. */
		STEP,
		/** Restore the last snapshot, take no step. */
		ROLLBACK,
		/** Stop; the current parameters are final. */
		STOP,
		/** Restore the last snapshot, then stop. */
		STOP_RESTORED,
		/** Stalled: restore the initial state, take no step. */
		RESTART
	}

	private final double lr0, decay, relTol, absTol, spikeMargin, acceptLoss, zeroLoss;
	private final int maxIterations, window, stallCheck;
	private int restarts, fitStart;
	private boolean stallChecked;
	private int holdEnd, decayLength;
	private boolean decaying;
	/** Best loss of the fit (for the divergence test) and since the last rollback (for the plateau test). */
	private double best = Double.POSITIVE_INFINITY, recentBest = Double.POSITIVE_INFINITY, windowBest = Double.POSITIVE_INFINITY;
	private int windowStart;
	private double backoff = 1;
	private int recoveries;
	private double lr;
	private String reason = "iteration limit";

	/**
	 * @param lr0 initial learning rate
	 * @param decay total decay factor of the second phase (>= 1)
	 * @param maxIterations upper bound on the iterations
	 * @param window iterations per plateau test; 0 = fixed schedule
	 * @param relTol relative improvement per window below which the loss is on a plateau
	 * @param lossScale the size of a meaningful loss: the mean absolute value of the whole
	 *          normalised tilt series, i.e. the loss of an empty volume averaged over chunks
	 * @param acceptLoss plateaus count only at or below this loss ({@link ConvergenceGuard#acceptLoss})
	 * @param zeroLoss the chunk's empty-volume loss (for the stall test); NaN = no stall test
	 */
	FitSchedule(double lr0, double decay, int maxIterations, int window, double relTol, double lossScale, double acceptLoss, double zeroLoss) {
		this.acceptLoss = acceptLoss;
		this.zeroLoss = zeroLoss;
		int check = Math.max(MIN_STALL_CHECK, Math.max(window, maxIterations / 10));
		// a restart needs most of the budget left; short fits (warm starts, tests) never restart
		this.stallCheck = check <= maxIterations / 4 ? check : Integer.MAX_VALUE;
		this.lr0 = lr0;
		this.decay = decay;
		this.maxIterations = maxIterations;
		this.window = window;
		this.relTol = relTol;
		this.absTol = ABS_TOL * lossScale;
		this.spikeMargin = SPIKE_MARGIN * lossScale;
		this.holdEnd = maxIterations / 2;
		this.decayLength = maxIterations - holdEnd;
	}

	/**
	 * Decides iteration {@code it} (0-based) from the loss at the current parameters.
	 * Iterations answered with ROLLBACK count towards the upper bound.
	 */
	Action next(int it, double loss) {
		if (it >= maxIterations) return stop("iteration limit");
		if (!Double.isFinite(loss) || loss > SPIKE * best + spikeMargin) {
			recoveries++;
			backoff *= BACKOFF;
			if (recoveries > MAX_RECOVERIES) {
				reason = "diverged " + recoveries + " times";
				return Action.STOP_RESTORED;
			}
			// the restored state re-descends: the next plateau window starts after it
			startWindow(it + 1);
			return Action.ROLLBACK;
		}
		best = Math.min(best, loss);
		recentBest = Math.min(recentBest, loss);
		if (!stallChecked && it - fitStart >= stallCheck && stallCheck < Integer.MAX_VALUE) {
			stallChecked = true;
			if (restarts < MAX_RESTARTS && zeroLoss > acceptLoss && best > acceptLoss) return restart(it);
		}
		if (window > 0 && it - windowStart >= window) {
			boolean plateau = recentBest <= acceptLoss && windowBest - recentBest < Math.max(relTol * windowBest, absTol);
			windowStart = it;
			windowBest = recentBest;
			if (plateau && decaying) return stop("loss converged");
			if (plateau) {
				holdEnd = it;
				decayLength = Math.max(1, Math.min(maxIterations - it, Math.max(window, it)));
			}
		}
		else if (windowBest == Double.POSITIVE_INFINITY) {
			windowStart = it;
			windowBest = recentBest;
		}
		if (!decaying && it >= holdEnd) decaying = true;
		if (decaying && it - holdEnd >= decayLength) return stop("schedule finished");
		double f = decaying && decayLength > 1 ? (it - holdEnd) / (double) (decayLength - 1) : 0;
		lr = lr0 * StrictMath.pow(decay, -f) * backoff;
		return Action.STEP;
	}

	private Action restart(int it) {
		restarts++;
		backoff *= STALL_BACKOFF;
		fitStart = it + 1;
		stallChecked = false;
		decaying = false;
		best = Double.POSITIVE_INFINITY;
		startWindow(it + 1);
		holdEnd = Math.max(holdEnd, Math.min(maxIterations, it + 1 + (maxIterations - it - 1) / 2));
		decayLength = maxIterations - holdEnd;
		return Action.RESTART;
	}

	/** The plateau test starts again at iteration {@code next}, comparing only the losses from there on. */
	private void startWindow(int next) {
		recentBest = Double.POSITIVE_INFINITY;
		windowBest = Double.POSITIVE_INFINITY;
		windowStart = next;
	}

	private Action stop(String why) {
		reason = why;
		return Action.STOP;
	}

	/** True when the state before the step of iteration {@code it} should be kept as the restore point. */
	static boolean snapshotDue(int it) {
		return it % SNAPSHOT_EVERY == 0;
	}

	/** The learning rate decided by the last {@link #next} that returned STEP. */
	double learningRate() {
		return lr;
	}

	int recoveries() {
		return recoveries;
	}

	/** Restarts after a stall. */
	int restarts() {
		return restarts;
	}

	/** The learning-rate factor from recoveries: {@code BACKOFF^recoveries}. */
	double backoff() {
		return backoff;
	}

	/** Why the fit ended: "iteration limit", "loss converged", "schedule finished", "diverged N times". */
	String stopReason() {
		return reason;
	}
}
