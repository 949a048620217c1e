package org.tomocn.cn;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

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
 * on each axis of the chunk (a size-1 axis maps to 0), as in the recipe; with
 * {@link NetworkParameters#yStep()} set, {@code y = b yStep / (X-1)}. The network output, read as
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
 * {@code 1/P} share of the forward-with-graph and backward passes. With
 * {@link NetworkParameters#reuseValues} the pass over all points is made only every {@code P}
 * iterations and the other iterations reuse the last values outside the group
 * ({@link ReusedValues}).
 * <p>
 * <b>Shards</b> ({@link ChunkFit.Spread}, chunks of at least {@link #MIN_SHARDED_POINTS}
 * points). The sub-batches (and each point group's) are split into two equal contiguous
 * shares, each evaluated and back-propagated by its own copy of the network, the second on
 * the helper's thread while the first runs here; {@code g} is computed here from both
 * shares' values, and {@link Adam} adds the copy's gradients to the network's (always in
 * this order) and copies the update back. The sum is the whole chunk's gradient up to
 * rounding, and since every share is computed the same way with or without the helper,
 * the result does not depend on it. This is what the second core does while the first fits
 * of a run have nothing to run beside them.
 * <p>
 * <b>Native memory.</b> Everything of one fit lives in a sub-manager closed at the end;
 * every iteration runs in an {@link NDScope}; the weights and the Adam state are created
 * before the scopes and updated in place (the helper's share of an iteration runs in a scope
 * of its own thread). Call on one thread at a time, with PyTorch's grad mode off on that thread; fitters of one run may work at once on different threads
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
	private final boolean reuseValues;
	private final long seed;
	private final float[][] fourier;
	private final CancelToken cancel;
	private ViewSplit split;
	private Objective heldOut;
	/** {@link NetworkParameters#yStep()}: NaN = the recipe's {@code 1 / (j - 1)}. */
	private final double yStep;

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
		this.yStep = o.yStep();
		this.decay = o.learningRateDecay();
		this.subBatch = subBatch;
		this.amsgrad = o.amsgrad();
		this.plateauWindow = o.plateauWindow();
		this.plateauTolerance = o.plateauTolerance();
		this.pointFraction = o.pointFraction().getAsDouble();
		this.reuseValues = o.reuseValues().orElse(false);
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

	/** Chunks with fewer points than this are never split into shards (too little work to share). */
	static final int MIN_SHARDED_POINTS = 1024;

	@Override
	public Result fit(SirenWeights init, float[] proj, int j, Borders borders, Spread spread, int iterations, double lr0, double acceptLoss, double zeroLoss,
		IterationListener listener)
	{
		final int n = nx * nz * j;
		final int shards = n >= MIN_SHARDED_POINTS ? spread.shards : 1;
		FitSchedule schedule = schedule(lr0, iterations, acceptLoss, zeroLoss);
		try (NDManager m = root.newSubManager()) {
			Objective.Bound loss = objective.bind(m, split == null ? proj : split.rows(proj, j, split.train), j, borders);
			Objective.Bound hold = split == null ? null : heldOut.bind(m, split.rows(proj, j, split.heldOut), j, borders);
			HeldOutWatch watch = hold == null ? null : new HeldOutWatch(Math.max(10, window(iterations)));
			Adam.State bestHeld = null;
			boolean heldOutStop = false;
			NDArray[] coords = coordinates(m, j, shards);
			PointGroups groups = pointFraction < 1 ? new PointGroups(m, j, shards) : null;
			Siren net = new Siren(m, init, omega0, outputScale);
			Adam adam = new Adam(m, net.parameters(), amsgrad);
			Shard[] parts = new Shard[shards];
			for (int s = 0; s < shards; s++) {
				Siren copy = s == 0 ? net : new Siren(m, init, omega0, outputScale);
				if (s > 0) adam.addReplica(copy.parameters());
				parts[s] = new Shard(copy, coords, groups, s, shards);
			}
			Executor helper = shards > 1 ? spread.helper : null;
			// the fits that run alone evaluate every point (they set up the whole run)
			ReusedValues reuse = reuseValues && shards == 1 && groups != null ? new ReusedValues(n) : null;
			Adam.State good = null, initial = null, bestState = null;
			double bestStateLoss = Double.POSITIVE_INFINITY;
			int goodAt = 0, bestAt = 0, it = 0;
			loop: for (; it < iterations; it++) {
				cancel.check();
				try (NDScope scope = new NDScope()) {
					scope.suppressNotUsedWarning();
					double[] losses = reuse != null ? reuse.step(parts[0].net, parts[0].coords, parts[0].groups, it, loss, hold) : step(parts, it, loss, hold, helper);
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
						if (reuse != null) reuse.invalidate();
						listener.recovered(it, value, goodAt, schedule.backoff());
						break;
					case RESTART:
						adam.restore(initial);
						if (reuse != null) reuse.invalidate();
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
	 * One iteration's gradients: every shard evaluates the network on its points, the
	 * objective's gradient {@code g} with respect to all the values is computed here
	 * ({@link Objective}), and every shard back-propagates its part of {@code g} through its
	 * copy of the network as the gradient of {@code sum(out * g)} (see the class comment).
	 * The second shard's work runs on {@code helper}'s thread when there is one, else after the
	 * first's on this thread. Returns the objective's value and the held-out views' data loss
	 * at the same parameters (NaN without held-out views).
	 */
	private double[] step(Shard[] parts, int iteration, Objective.Bound loss, Objective.Bound hold, Executor helper) {
		if (helper == null) {
			NDArray[] values = new NDArray[parts.length];
			for (int s = 0; s < parts.length; s++) values[s] = parts[s].forward();
			NDArray[] g = new NDArray[1];
			double[] result = objective(values, loss, hold, g);
			for (Shard p : parts) p.backward(g[0], iteration);
			return result;
		}
		// the second shard on the helper's thread, in one scope of that thread (arrays are freed
		// by the scope of the thread that made them): values handed over, gradient handed back
		CompletableFuture<NDArray> second = new CompletableFuture<>(), gradient = new CompletableFuture<>();
		CompletableFuture<Void> done = new CompletableFuture<>();
		helper.execute(() -> {
			try {
				try (NDScope scope = new NDScope()) {
					scope.suppressNotUsedWarning();
					second.complete(parts[1].forward());
					parts[1].backward(await(gradient), iteration);
				}
				done.complete(null);
			}
			catch (Throwable e) {
				second.completeExceptionally(e);
				done.completeExceptionally(e);
			}
		});
		try {
			NDArray first = parts[0].forward();
			NDArray[] g = new NDArray[1];
			double[] result = objective(new NDArray[] { first, await(second) }, loss, hold, g);
			gradient.complete(g[0]);
			parts[0].backward(g[0], iteration);
			await(done);
			return result;
		}
		catch (RuntimeException | Error e) {
			gradient.completeExceptionally(e);
			try {
				done.join(); // the helper must be done with this iteration's arrays before they are freed
			}
			catch (RuntimeException ignored) {
				// its own failure, or this one handed over
			}
			throw e;
		}
	}

	/**
	 * Point groups with reused values ({@link NetworkParameters#reuseValues}): an iteration
	 * evaluates the network only on the group it back-propagates (with gradients) and takes
	 * the other points' values from their last evaluation; every point is evaluated afresh
	 * when the groups start over (every {@code P} iterations) and after a restore. The values'
	 * gradient {@code g} is then that of the objective at values up to {@code P - 1}
	 * iterations old outside the group: an approximation of the class comment's exact
	 * {@code g} that saves the no-gradient pass over all points (about half an iteration's
	 * work with {@code P = 4}).
	 */
	final class ReusedValues {
		private final float[] values;
		private boolean fresh;

		ReusedValues(int n) {
			values = new float[n];
		}

		/** The next iteration evaluates every point (the parameters were restored). */
		void invalidate() {
			fresh = false;
		}

		/** The values the last step's objective saw, in the chunk's point order. */
		float[] values() {
			return values.clone();
		}

		/** One iteration: {@code coords} are all the chunk's points in order (sub-batches), {@code groups} their point groups. */
		double[] step(Siren net, NDArray[] coords, PointGroups groups, int iteration, Objective.Bound loss, Objective.Bound hold) {
			int k = iteration % groups.coords.length;
			if (!fresh || k == 0) {
				float[] all = evaluate(net, coords).toFloatArray();
				System.arraycopy(all, 0, values, 0, values.length);
				fresh = true;
			}
			NDArray[] outs = new NDArray[groups.coords[k].length];
			try (NetworkRuntime.Autograd gc = new NetworkRuntime.Autograd()) {
				for (int s = 0; s < outs.length; s++) outs[s] = net.forward(groups.coords[k][s]);
			}
			for (int s = 0; s < outs.length; s++) {
				float[] v = outs[s].toFloatArray();
				int[] idx = groups.points[k][s];
				for (int i = 0; i < idx.length; i++) values[idx[i]] = v[i];
			}
			NDArray[] g = new NDArray[1];
			double[] result = objective(new NDArray[] { NativeArrays.copyOf(coords[0].getManager(), values, new Shape(values.length, 1)) }, loss, hold, g);
			try (NetworkRuntime.Autograd gc = new NetworkRuntime.Autograd()) {
				for (int s = 0; s < outs.length; s++) {
					cancel.check();
					gc.backward(outs[s].mul(g[0].get(groups.index[k][s]).mul(groups.weight)).sum());
				}
			}
			return result;
		}
	}

	/** The objective's value, its gradient {@code g[0]} with respect to the shards' values in order, and the held-out views' data loss. */
	private static double[] objective(NDArray[] values, Objective.Bound loss, Objective.Bound hold, NDArray[] g) {
		NDArray v = values.length == 1 ? values[0] : NDArrays.concat(new NDList(values));
		double held = hold == null ? Double.NaN : hold.dataLoss(v);
		double value;
		try (NetworkRuntime.Autograd gc = new NetworkRuntime.Autograd()) {
			value = loss.valueAndGradient(v, gc, g);
		}
		return new double[] { value, held };
	}

	/** The future's value; its failure's cause rethrown as it was. */
	private static <T> T await(CompletableFuture<T> f) {
		try {
			return f.join();
		}
		catch (java.util.concurrent.CompletionException e) {
			Throwable c = e.getCause();
			if (c instanceof RuntimeException) throw (RuntimeException) c;
			if (c instanceof Error) throw (Error) c;
			throw e;
		}
	}

	/**
	 * One shard's part of an iteration: its contiguous share of the evaluation sub-batches (and
	 * of the current point group's), evaluated by its own copy of the network. With one
	 * sub-batch and no point groups the forward graph is kept for the backward pass;
	 * otherwise the values are computed without gradients and each sub-batch is evaluated
	 * again with gradients in {@link #backward}.
	 */
	private final class Shard {
		private final Siren net;
		private final NDArray[] coords;
		private final PointGroups groups;
		private final int shard;
		/** Offsets of this shard's sub-batches in the chunk's values, and its end. */
		private final long[] from;
		private NDArray out;

		Shard(Siren net, NDArray[] all, PointGroups groups, int shard, int shards) {
			this.net = net;
			this.groups = groups;
			this.shard = shard;
			int a = all.length * shard / shards, b = all.length * (shard + 1) / shards;
			this.coords = java.util.Arrays.copyOfRange(all, a, b);
			this.from = new long[coords.length + 1];
			long offset = 0;
			for (int k = 0; k < a; k++) offset += all[k].getShape().get(0);
			for (int k = 0; k < coords.length; k++) {
				from[k] = offset;
				offset += coords[k].getShape().get(0);
			}
			from[coords.length] = offset;
		}

		private boolean keepGraph() {
			return coords.length == 1 && groups == null;
		}

		/** The network's values on this shard's points, without gradient history. */
		NDArray forward() {
			if (!keepGraph()) return evaluate(net, coords);
			try (NetworkRuntime.Autograd gc = new NetworkRuntime.Autograd()) {
				out = net.forward(coords[0]);
			}
			return out.stopGradient();
		}

		/** Accumulates this shard's share of the parameters' gradient, given {@code g} for all the chunk's values. */
		void backward(NDArray g, int iteration) {
			try (NetworkRuntime.Autograd gc = new NetworkRuntime.Autograd()) {
				if (keepGraph()) {
					gc.backward(out.mul(slice(g, 0)).sum());
					out = null;
				}
				else if (groups != null) groups.backward(gc, net, g, iteration, shard);
				else for (int k = 0; k < coords.length; k++) {
					cancel.check();
					gc.backward(net.forward(coords[k]).mul(slice(g, k)).sum());
				}
			}
		}

		/** The part of {@code g} of sub-batch {@code k} (all of it when that is the whole chunk). */
		private NDArray slice(NDArray g, int k) {
			return from[k] == 0 && from[k + 1] == g.getShape().get(0) ? g : g.get(from[k] + ":" + from[k + 1]);
		}
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

	/**
	 * The chunk's points in order, split into sub-batches of at most {@code subBatch} points,
	 * as many as a multiple of {@code shards} (each shard takes an equal share).
	 */
	NDArray[] coordinates(NDManager m, int j, int shards) {
		final int n = nx * nz * j;
		int parts = roundUp((n + subBatch - 1) / subBatch, shards);
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
			xyz[1] = Double.isNaN(yStep) ? unit(b, j) : (float) (b * yStep / Math.max(1, nx - 1));
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
		/** The same indices as {@link #index}, in Java. */
		final int[][][] points;
		final float weight;
		/** Shards that share each group's sub-batches (their count is a multiple of it). */
		final int shards;

		PointGroups(NDManager m, int j, int shards) {
			this.shards = shards;
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
			points = new int[p][][];
			for (int k = 0; k < p; k++) {
				int from = (int) ((long) n * k / p), to = (int) ((long) n * (k + 1) / p);
				int[] group = java.util.Arrays.copyOfRange(perm, from, to);
				java.util.Arrays.sort(group); // memory order for the gather
				int parts = roundUp((group.length + subBatch - 1) / subBatch, shards);
				coords[k] = new NDArray[parts];
				index[k] = new NDArray[parts];
				points[k] = new int[parts][];
				for (int s = 0; s < parts; s++) {
					int[] part = java.util.Arrays.copyOfRange(group, (int) ((long) group.length * s / parts), (int) ((long) group.length * (s + 1) / parts));
					coords[k][s] = coordinates(m, j, part);
					long[] idx = new long[part.length];
					for (int i = 0; i < part.length; i++) idx[i] = part[i];
					index[k][s] = NativeArrays.copyOf(m, idx);
					points[k][s] = part;
				}
			}
			weight = p;
		}

		/**
		 * Accumulates shard {@code shard}'s share (of {@code shards}, as in {@link Shard}) of the
		 * parameters' gradient estimate from group {@code iteration mod P}, given the voxels'
		 * gradient {@code g} ({@code n x 1}).
		 */
		void backward(NetworkRuntime.Autograd gc, Siren net, NDArray g, int iteration, int shard) {
			int k = iteration % coords.length;
			for (int s = coords[k].length * shard / shards; s < coords[k].length * (shard + 1) / shards; s++) {
				cancel.check();
				NDArray gk = g.get(index[k][s]).mul(weight); // no gradient history: g is a constant here
				gc.backward(net.forward(coords[k][s]).mul(gk).sum());
			}
		}
	}

	private static int roundUp(int a, int multiple) {
		return (a + multiple - 1) / multiple * multiple;
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
