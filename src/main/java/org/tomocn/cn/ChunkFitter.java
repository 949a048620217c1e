package org.tomocn.cn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

import org.tomocn.core.CancelToken;

/**
 * Fits one SIREN to one chunk of y rows against its projections (paper equation 1):
 * minimise {@code mean |A G(C) - p| + lambda TV(G(C))} with {@link Adam}, the learning rate
 * held for the first half of the iterations and then decayed log-linearly by
 * {@code learningRateDecay} (section 2.4).
 * <p>
 * <b>Layout.</b> The chunk's voxel grid is {@code X x j x Z}; point {@code q = (x + X z) j + b}
 * (b = row inside the chunk) has coordinates {@code (x/(X-1), b/(j-1), z/(Z-1))}, i.e. [0, 1]
 * on each axis of the chunk (a size-1 axis maps to 0). The network output, read as
 * {@code (X Z) x j}, goes to the {@link Objective} (in Java on the CPU, on the device on a GPU).
 * Projections are {@code (X l) x j}, row {@code u + X view}, already normalised by the engine.
 * <p>
 * <b>Gradients.</b> Every iteration first computes the objective's gradient {@code g} with
 * respect to the voxel values, then back-propagates {@code sum(out * g)} through the
 * network, which gives the parameters' exact gradient of the objective.
 * <p>
 * <b>Batching.</b> Up to {@code subBatch} points are one graph. Larger chunks take two
 * passes per iteration: the network is evaluated without gradients on every sub-batch,
 * {@code g} is computed, then each sub-batch is re-evaluated with gradients and
 * back-propagated with {@code sum(out * g)}, accumulating the parameter gradients. The result is the exact
 * gradient of the whole-chunk loss at the cost of one extra forward pass, and the
 * activations in memory never exceed one sub-batch.
 * <p>
 * <b>Point groups</b> ({@link NetworkParameters#pointFraction} set below 1; the engine
 * resolves the automatic value before it makes the fitter). The points are
 * split once per fit into {@code P = round(1 / fraction)} groups by a random permutation
 * (seeded by the run's seed, so a run is reproducible). Every iteration evaluates the network
 * on all points without gradients and computes the exact {@code g}, as above, but
 * back-propagates {@code P sum over group k of out * g} only for group {@code k = iteration
 * mod P}: an unbiased estimate of the full gradient (each point's term is counted with
 * weight {@code P} once every {@code P} iterations) at the cost of one forward pass plus a
 * {@code 1/P} share of the forward-with-graph and backward passes.
 * <p>
 * <b>Native memory.</b> Everything of one fit lives in a sub-manager closed at the end;
 * every iteration runs in an {@link NDScope}; the weights and the Adam state are created
 * before the scopes and updated in place. Call on one thread at a time, with PyTorch's grad
 * mode off on that thread; fitters of one run may work at once on different threads
 * ({@link NetworkRuntime#lanes}), each with its own objective.
 */
final class ChunkFitter implements ChunkFit {

	private final NDManager root;
	private final Objective objective;
	private final int nx, nz;
	private final double omega0, decay, outputScale, lossScale;
	private final int subBatch;
	private final boolean amsgrad;
	private final double plateauWindow, plateauTolerance, pointFraction;
	private final long seed;
	private final float[][] fourier;
	private final CancelToken cancel;
	private ViewSplit split;
	private Objective heldOut;

	/**
	 * @param objective the objective on the training device ({@link NetworkRuntime#objective})
	 * @param o the run's parameters with their automatic values fixed ({@link NetworkParameters#forData})
	 * @param subBatch points per network evaluation ({@link NetworkRunSettings#subBatch})
	 * @param outputScale fixed factor on the network's output ({@link CoordinateNetworkEngine#outputScale})
	 * @param lossScale mean absolute value of the whole normalised tilt series (see {@link FitSchedule})
	 * @param fourier Fourier-feature matrix {@code 3 x m} (rows x, y, z), or null for plain coordinates
	 */
	ChunkFitter(NDManager root, Objective objective, int nx, int nz, NetworkParameters o, int subBatch, double outputScale, double lossScale,
		float[][] fourier, CancelToken cancel)
	{
		this.root = root;
		this.objective = objective;
		this.nx = nx;
		this.nz = nz;
		this.omega0 = o.omega0().getAsDouble();
		this.decay = o.learningRateDecay();
		this.subBatch = subBatch;
		this.amsgrad = o.amsgrad();
		this.plateauWindow = o.plateauWindow();
		this.plateauTolerance = o.plateauTolerance();
		this.pointFraction = o.pointFraction().getAsDouble();
		this.seed = o.seed();
		this.outputScale = outputScale;
		this.lossScale = lossScale;
		this.fourier = fourier;
		this.cancel = cancel;
	}

	/**
	 * Fit on the views {@code split.train} only and stop where the data loss on
	 * {@code split.heldOut} is lowest ({@link HeldOutWatch}); that state is the result.
	 *
	 * The constructor's objective must then have the training views' matrix.
	 *
	 * @param heldOutObjective the held-out views' objective (only its data term is used)
	 */
	ChunkFitter holdOut(ViewSplit split, Objective heldOutObjective) {
		this.split = split;
		this.heldOut = heldOutObjective;
		return this;
	}

	/** Network inputs per point: 3 coordinates, or 2 m Fourier features. */
	@Override
	public int inputs() {
		return fourier == null ? 3 : 2 * fourier[0].length;
	}

	/** The schedule of a fit of at most {@code iterations} iterations. */
	FitSchedule schedule(double lr0, int iterations, double acceptLoss, double zeroLoss) {
		return new FitSchedule(lr0, decay, iterations, window(iterations), plateauTolerance, lossScale, acceptLoss, zeroLoss);
	}

	/** The plateau window (and the held-out patience) of a fit of at most {@code iterations} iterations; 0 = none. */
	private int window(int iterations) {
		return plateauWindow > 0 ? Math.max(10, (int) Math.round(plateauWindow * iterations)) : 0;
	}

	@Override
	public Result fit(SirenWeights init, float[] proj, int j, Borders borders, int iterations, double lr0, double acceptLoss, double zeroLoss, IterationListener listener) {
		final int n = nx * nz * j;
		FitSchedule schedule = schedule(lr0, iterations, acceptLoss, zeroLoss);
		try (NDManager m = root.newSubManager()) {
			Objective.Bound loss = objective.bind(m, split == null ? proj : split.rows(proj, j, split.train), j, borders);
			Objective.Bound hold = split == null ? null : heldOut.bind(m, split.rows(proj, j, split.heldOut), j, borders);
			HeldOutWatch watch = hold == null ? null : new HeldOutWatch(Math.max(10, window(iterations)));
			Adam.State bestHeld = null;
			boolean heldOutStop = false;
			NDArray[] coords = coordinates(m, j);
			PointGroups groups = pointFraction < 1 ? new PointGroups(m, j) : null;
			Siren net = new Siren(m, init, omega0, outputScale);
			Adam adam = new Adam(m, net.parameters(), amsgrad);
			Adam.State good = null, initial = null, bestState = null;
			double bestStateLoss = Double.POSITIVE_INFINITY;
			int goodAt = 0, bestAt = 0, it = 0;
			loop: for (; it < iterations; it++) {
				cancel.check();
				try (NDScope scope = new NDScope()) {
					scope.suppressNotUsedWarning();
					double[] losses = step(net, coords, groups, it, loss, hold);
					double value = losses[0];
					FitSchedule.Action a = schedule.next(it, value);
					switch (a) {
					case STEP:
						if (good == null || FitSchedule.snapshotDue(it)) {
							good = adam.snapshot();
							goodAt = it;
							if (initial == null) initial = good;
							if (value < bestStateLoss) {
								bestState = good;
								bestStateLoss = value;
								bestAt = it;
							}
						}
						if (watch != null && watch.record(it, losses[1])) bestHeld = adam.snapshot();
						adam.step(schedule.learningRate());
						listener.iteration(it, iterations, value);
						if (watch != null && watch.stale(it)) {
							heldOutStop = true;
							break loop;
						}
						break;
					case ROLLBACK:
						if (good == null) break loop; // diverged at the very first iteration: nothing to go back to
						adam.restore(good);
						listener.recovered(it, value, goodAt, schedule.backoff());
						break;
					case RESTART:
						adam.restore(initial);
						good = initial;
						goodAt = it;
						listener.restarted(it, value, schedule.backoff());
						break;
					case STOP_RESTORED:
						if (good != null) adam.restore(good);
						listener.recovered(it, value, goodAt, schedule.backoff());
						break loop;
					default:
						break loop;
					}
				}
			}
			Evaluation last = evaluate(net, coords, loss, hold), result = last;
			String kept = "";
			if (bestHeld != null) {
				// noisy data: the state that predicted the unseen views best is the one that
				// fitted the signal and not yet the noise
				adam.restore(bestHeld);
				result = evaluate(net, coords, loss, hold);
				kept = String.format(java.util.Locale.ROOT, "; kept iteration %d, where the loss on %d held-out views was lowest (%.5f)", watch.bestIteration() + 1,
					split.heldOut.length, watch.bestLoss());
			}
			else if (bestState != null && !(last.loss <= bestStateLoss)) {
				// the fit ended worse than a state it passed through (a slow drift up that no
				// single step flagged as divergence): the best snapshot is the result
				adam.restore(bestState);
				result = evaluate(net, coords, loss, hold);
				kept = String.format(java.util.Locale.ROOT, "; kept iteration %d (loss %.5f, last %.5f)", bestAt + 1, result.loss, last.loss);
			}
			if (result.values.length != n) throw new IllegalStateException("network output has " + result.values.length + " values, expected " + n);
			String ended = (heldOutStop ? "held-out views' loss no lower for " + (it - watch.bestIteration()) + " iterations" : schedule.stopReason()) +
				(schedule.restarts() > 0 ? ", " + schedule.restarts() + " restart" + (schedule.restarts() > 1 ? "s" : "") +
				" after a stall" : "") + kept;
			return new Result(net.toWeights(init), result.values, Double.isFinite(result.loss) ? result.loss : Double.NaN, Math.min(it + 1, iterations),
				schedule.recoveries(), ended);
		}
	}

	/** The network's values on the chunk grid and their data loss. */
	private static final class Evaluation {
		final float[] values;
		final double loss;

		Evaluation(float[] values, double loss) {
			this.values = values;
			this.loss = loss;
		}
	}

	/** The values and their data loss over all views (training and held-out views weighted by their counts). */
	private Evaluation evaluate(Siren net, NDArray[] coords, Objective.Bound loss, Objective.Bound hold) {
		try (NDScope scope = new NDScope()) {
			scope.suppressNotUsedWarning();
			NDArray out = evaluate(net, coords);
			double data = loss.dataLoss(out);
			if (hold != null) {
				int t = split.train.length, h = split.heldOut.length;
				data = (data * t + hold.dataLoss(out) * h) / (t + h);
			}
			return new Evaluation(out.toFloatArray(), data);
		}
	}

	/**
	 * One iteration's gradients: the objective's gradient {@code g} with respect to the
	 * network's output is computed first ({@link Objective}), then back-propagated through
	 * the network as the gradient of {@code sum(out * g)}. With one sub-batch the forward
	 * graph is kept for that; with several, each sub-batch is evaluated again with gradients
	 * (see the class comment). Returns the objective's value and the held-out views' data
	 * loss at the same parameters (NaN without held-out views).
	 */
	private double[] step(Siren net, NDArray[] coords, PointGroups groups, int iteration, Objective.Bound loss, Objective.Bound hold) {
		NDArray[] g = new NDArray[1];
		if (coords.length == 1 && groups == null) {
			try (NetworkRuntime.Autograd gc = new NetworkRuntime.Autograd()) {
				NDArray out = net.forward(coords[0]);
				NDArray values = out.stopGradient();
				double value = loss.valueAndGradient(values, gc, g);
				double held = hold == null ? Double.NaN : hold.dataLoss(values);
				gc.backward(out.mul(g[0]).sum());
				return new double[] { value, held };
			}
		}
		NDArray v = evaluate(net, coords);
		double value, held = hold == null ? Double.NaN : hold.dataLoss(v);
		try (NetworkRuntime.Autograd gc = new NetworkRuntime.Autograd()) {
			value = loss.valueAndGradient(v, gc, g);
		}
		if (groups != null) {
			groups.backward(net, g[0], iteration);
			return new double[] { value, held };
		}
		try (NetworkRuntime.Autograd gc = new NetworkRuntime.Autograd()) {
			long from = 0;
			for (NDArray c : coords) {
				cancel.check();
				long to = from + c.getShape().get(0);
				gc.backward(net.forward(c).mul(g[0].get(from + ":" + to)).sum());
				from = to;
			}
		}
		return new double[] { value, held };
	}

	private NDArray evaluate(Siren net, NDArray[] coords) {
		if (coords.length == 1) return net.forward(coords[0]);
		NDList parts = new NDList(coords.length);
		for (NDArray c : coords) {
			cancel.check();
			parts.add(net.forward(c));
		}
		return NDArrays.concat(parts);
	}

	/** The chunk's points, split into sub-batches of at most {@code subBatch} points. */
	NDArray[] coordinates(NDManager m, int j) {
		final int n = nx * nz * j;
		int parts = (n + subBatch - 1) / subBatch;
		NDArray[] out = new NDArray[parts];
		for (int k = 0; k < parts; k++) {
			int from = (int) ((long) n * k / parts), to = (int) ((long) n * (k + 1) / parts);
			int[] points = new int[to - from];
			for (int q = from; q < to; q++) points[q - from] = q;
			out[k] = coordinates(m, j, points);
		}
		return out;
	}

	/** The network inputs of the points {@code q} (indices in the chunk's layout), one row each. */
	private NDArray coordinates(NDManager m, int j, int[] points) {
		final int in = inputs();
		float[] c = new float[points.length * in];
		float[] xyz = new float[3];
		for (int i = 0; i < points.length; i++) {
			int q = points[i], b = q % j, xz = q / j, x = xz % nx, z = xz / nx;
			xyz[0] = unit(x, nx);
			xyz[1] = unit(b, j);
			xyz[2] = unit(z, nz);
			encode(xyz, c, i * in);
		}
		return NativeArrays.copyOf(m, c, new Shape(points.length, in));
	}

	/**
	 * The fixed random partition of a chunk's points into groups (see the class comment),
	 * each group held as sub-batches of at most {@code subBatch} points with their indices.
	 */
	final class PointGroups {
		final NDArray[][] coords, index;
		final float weight;

		PointGroups(NDManager m, int j) {
			final int n = nx * nz * j, p = (int) Math.max(1, Math.min(n, Math.round(1 / pointFraction)));
			int[] perm = new int[n];
			for (int q = 0; q < n; q++) perm[q] = q;
			java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
			for (int q = n - 1; q > 0; q--) {
				int r = random.nextInt(q + 1), t = perm[q];
				perm[q] = perm[r];
				perm[r] = t;
			}
			coords = new NDArray[p][];
			index = new NDArray[p][];
			for (int k = 0; k < p; k++) {
				int from = (int) ((long) n * k / p), to = (int) ((long) n * (k + 1) / p);
				int[] group = java.util.Arrays.copyOfRange(perm, from, to);
				java.util.Arrays.sort(group); // memory order for the gather
				int parts = (group.length + subBatch - 1) / subBatch;
				coords[k] = new NDArray[parts];
				index[k] = new NDArray[parts];
				for (int s = 0; s < parts; s++) {
					int[] part = java.util.Arrays.copyOfRange(group, (int) ((long) group.length * s / parts), (int) ((long) group.length * (s + 1) / parts));
					coords[k][s] = coordinates(m, j, part);
					long[] idx = new long[part.length];
					for (int i = 0; i < part.length; i++) idx[i] = part[i];
					index[k][s] = NativeArrays.copyOf(m, idx);
				}
			}
			weight = p;
		}

		/** Accumulates the parameters' gradient estimate from group {@code iteration mod P}, given the voxels' gradient {@code g} ({@code n x 1}). */
		void backward(Siren net, NDArray g, int iteration) {
			int k = iteration % coords.length;
			try (NetworkRuntime.Autograd gc = new NetworkRuntime.Autograd()) {
				for (int s = 0; s < coords[k].length; s++) {
					cancel.check();
					NDArray gk = g.get(index[k][s]).mul(weight); // no gradient history: g is a constant here
					gc.backward(net.forward(coords[k][s]).mul(gk).sum());
				}
			}
		}
	}

	private static float unit(int i, int n) {
		return n > 1 ? i / (float) (n - 1) : 0f;
	}

	/** Plain coordinates, or Gaussian Fourier features {@code [sin(2 pi c B), cos(2 pi c B)]}. */
	private void encode(float[] xyz, float[] dst, int off) {
		if (fourier == null) {
			System.arraycopy(xyz, 0, dst, off, 3);
			return;
		}
		int mm = fourier[0].length;
		for (int f = 0; f < mm; f++) {
			double arg = 2 * Math.PI * (xyz[0] * fourier[0][f] + xyz[1] * fourier[1][f] + xyz[2] * fourier[2][f]);
			dst[off + f] = (float) StrictMath.sin(arg);
			dst[off + mm + f] = (float) StrictMath.cos(arg);
		}
	}
}
