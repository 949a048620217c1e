package org.tomocn.cn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

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
 * {@code (X Z) x j}, is projected by {@link HostLoss} (CPU) or {@link DeviceProjector} (GPU).
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
 * <b>Native memory.</b> Everything of one fit lives in a sub-manager closed at the end;
 * every iteration runs in an {@link NDScope}; the weights and the Adam state are created
 * before the scopes and updated in place. Call on one thread at a time (one gradient
 * collector per JVM), with PyTorch's grad mode off on that thread.
 */
final class ChunkFitter {

	/** Receives every iteration's loss (normalised units) and every recovery from divergence. */
	@FunctionalInterface
	interface IterationListener {
		void iteration(int iteration, int iterations, double loss);

		/**
		 * The loss of iteration {@code iteration} was not finite or exploded: the parameters and
		 * optimiser state of iteration {@code restoredFrom} were restored and the learning rate
		 * is now {@code backoff} times the schedule's.
		 */
		default void recovered(int iteration, double loss, int restoredFrom, double backoff) {}

		/**
		 * The fit stalled above the loss the guard accepts ({@link FitSchedule}): the initial
		 * state was restored and the learning rate is now {@code backoff} times the schedule's.
		 */
		default void restarted(int iteration, double loss, double backoff) {}
	}

	/** The outcome of one fit. */
	static final class Result {
		final SirenWeights weights;
		/** Network output on the chunk grid, {@code (x + X z) j + b}, normalised units, not clipped. */
		final float[] values;
		/** Data loss of {@link #values} (mean absolute projection error), NaN if not finite. */
		final double loss;
		/** Iterations run (rolled-back ones included), recoveries from divergence, why the fit ended. */
		final int iterations, recoveries;
		final String stopReason;

		Result(SirenWeights weights, float[] values, double loss, int iterations, int recoveries, String stopReason) {
			this.weights = weights;
			this.values = values;
			this.loss = loss;
			this.iterations = iterations;
			this.recoveries = recoveries;
			this.stopReason = stopReason;
		}
	}

	private final NDManager root;
	private final HostLoss host;
	private final DeviceProjector device;
	private final int nx, nz;
	private final double omega0, tvLambda, decay, outputScale, lossScale;
	private final int subBatch;
	private final boolean amsgrad;
	private final double plateauWindow, plateauTolerance;
	private final float[][] fourier;
	private final CancelToken cancel;
	private float[] gradient = new float[0];

	/**
	 * @param host the objective in Java (training on the CPU), or null to use {@code device}
	 * @param device the projector on the training device (a GPU), used when {@code host} is null
	 * @param outputScale fixed factor on the network's output ({@link CoordinateNetworkEngine#outputScale})
	 * @param lossScale mean absolute value of the whole normalised tilt series (see {@link FitSchedule})
	 * @param fourier Fourier-feature matrix {@code 3 x m} (rows x, y, z), or null for plain coordinates
	 */
	ChunkFitter(NDManager root, HostLoss host, DeviceProjector device, int nx, int nz, CoordinateNetworkOptions o, double outputScale,
		double lossScale, float[][] fourier, CancelToken cancel)
	{
		if ((host == null) == (device == null)) throw new IllegalArgumentException("exactly one of host and device");
		this.root = root;
		this.host = host;
		this.device = device;
		this.nx = nx;
		this.nz = nz;
		this.omega0 = o.omega0();
		this.tvLambda = o.tvLambda();
		this.decay = o.learningRateDecay();
		this.subBatch = o.subBatch();
		this.amsgrad = o.amsgrad();
		this.plateauWindow = o.plateauWindow();
		this.plateauTolerance = o.plateauTolerance();
		this.outputScale = outputScale;
		this.lossScale = lossScale;
		this.fourier = fourier;
		this.cancel = cancel;
	}

	/** Network inputs per point: 3 coordinates, or 2 m Fourier features. */
	int inputs() {
		return fourier == null ? 3 : 2 * fourier[0].length;
	}

	/** The schedule of a fit of at most {@code iterations} iterations. */
	FitSchedule schedule(double lr0, int iterations, double acceptLoss, double zeroLoss) {
		int window = plateauWindow > 0 ? Math.max(10, (int) Math.round(plateauWindow * iterations)) : 0;
		return new FitSchedule(lr0, decay, iterations, window, plateauTolerance, lossScale, acceptLoss, zeroLoss);
	}

	/**
	 * Fits a network starting from {@code init}, for at most {@code iterations} iterations
	 * ({@link FitSchedule} decides the learning rate, recoveries and an earlier stop).
	 *
	 * @param proj normalised projections of the chunk, {@code (X l) x j} row-major
	 * @param j rows in the chunk
	 * @param acceptLoss the loss the convergence guard accepts for this chunk (see {@link FitSchedule})
	 * @param zeroLoss the chunk's empty-volume loss, for the stall test (NaN: none)
	 */
	Result fit(SirenWeights init, float[] proj, int j, int iterations, double lr0, double acceptLoss, double zeroLoss, IterationListener listener) {
		final int n = nx * nz * j;
		FitSchedule schedule = schedule(lr0, iterations, acceptLoss, zeroLoss);
		try (NDManager m = root.newSubManager()) {
			NDArray p = device == null ? null : NativeArrays.copyOf(m, proj, new Shape(device.rows(), j));
			NDArray[] coords = coordinates(m, j);
			Siren net = new Siren(m, init, omega0, outputScale);
			Adam adam = new Adam(m, net.parameters(), amsgrad);
			Adam.State good = null, initial = null, bestState = null;
			double bestStateLoss = Double.POSITIVE_INFINITY;
			int goodAt = 0, bestAt = 0, it = 0;
			loop: for (; it < iterations; it++) {
				cancel.check();
				try (NDScope scope = new NDScope()) {
					scope.suppressNotUsedWarning();
					double loss = step(net, coords, p, proj, j);
					FitSchedule.Action a = schedule.next(it, loss);
					switch (a) {
					case STEP:
						if (good == null || FitSchedule.snapshotDue(it)) {
							good = adam.snapshot();
							goodAt = it;
							if (initial == null) initial = good;
							if (loss < bestStateLoss) {
								bestState = good;
								bestStateLoss = loss;
								bestAt = it;
							}
						}
						adam.step(schedule.learningRate());
						listener.iteration(it, iterations, loss);
						break;
					case ROLLBACK:
						if (good == null) break loop; // diverged at the very first iteration: nothing to go back to
						adam.restore(good);
						listener.recovered(it, loss, goodAt, schedule.backoff());
						break;
					case RESTART:
						adam.restore(initial);
						good = initial;
						goodAt = it;
						listener.restarted(it, loss, schedule.backoff());
						break;
					case STOP_RESTORED:
						if (good != null) adam.restore(good);
						listener.recovered(it, loss, goodAt, schedule.backoff());
						break loop;
					default:
						break loop;
					}
				}
			}
			float[] values = evaluateValues(net, coords, p, proj, j);
			double loss = lastLoss;
			String kept = "";
			if (bestState != null && !(loss <= bestStateLoss)) {
				// the fit ended worse than a state it passed through (a slow drift up that no
				// single step flagged as divergence): the best snapshot is the result
				adam.restore(bestState);
				values = evaluateValues(net, coords, p, proj, j);
				kept = String.format(java.util.Locale.ROOT, "; kept iteration %d (loss %.5f, last %.5f)", bestAt + 1, lastLoss, loss);
				loss = lastLoss;
			}
			if (values.length != n) throw new IllegalStateException("network output has " + values.length + " values, expected " + n);
			String ended = schedule.stopReason() + (schedule.restarts() > 0 ? ", " + schedule.restarts() + " restart" + (schedule.restarts() > 1 ? "s" : "") +
				" after a stall" : "") + kept;
			return new Result(net.toWeights(init), values, Double.isFinite(loss) ? loss : Double.NaN, Math.min(it + 1, iterations),
				schedule.recoveries(), ended);
		}
	}

	private double lastLoss;

	/** The network's values on the chunk grid; their data loss goes to {@link #lastLoss}. */
	private float[] evaluateValues(Siren net, NDArray[] coords, NDArray p, float[] proj, int j) {
		try (NDScope scope = new NDScope()) {
			scope.suppressNotUsedWarning();
			NDArray out = evaluate(net, coords);
			float[] values = out.toFloatArray();
			lastLoss = device == null ? host.evaluate(values, proj, j, 0, scratch(values.length))[0]
				: device.project(out.reshape(nx * nz, j)).sub(p).abs().mean().getFloat();
			return values;
		}
	}

	/**
	 * One iteration's gradients: the objective's gradient {@code g} with respect to the
	 * network's output is computed first (in Java or on the device), then back-propagated
	 * through the network as the gradient of {@code sum(out * g)}. With one sub-batch the
	 * forward graph is kept for that; with several, each sub-batch is evaluated again with
	 * gradients (see the class comment). Returns the objective's value.
	 */
	private double step(Siren net, NDArray[] coords, NDArray p, float[] proj, int j) {
		if (coords.length == 1) {
			try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
				NDArray out = net.forward(coords[0]);
				NDArray[] g = new NDArray[1];
				double loss = objective(out.stopGradient(), p, proj, j, gc, g);
				gc.backward(out.mul(g[0]).sum());
				return loss;
			}
		}
		NDArray[] g = new NDArray[1];
		NDArray v = evaluate(net, coords);
		double loss;
		try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
			loss = objective(v, p, proj, j, gc, g);
		}
		try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
			long from = 0;
			for (NDArray c : coords) {
				cancel.check();
				long to = from + c.getShape().get(0);
				gc.backward(net.forward(c).mul(g[0].get(from + ":" + to)).sum());
				from = to;
			}
		}
		return loss;
	}

	/**
	 * The objective (data term plus TV) at the voxel values {@code v} ({@code n x 1}, no
	 * gradient history); stores its gradient with respect to {@code v} in {@code g[0]}.
	 */
	private double objective(NDArray v, NDArray p, float[] proj, int j, GradientCollector gc, NDArray[] g) {
		if (device == null) {
			float[] grad = scratch(v.size());
			double[] loss = host.evaluate(v.toFloatArray(), proj, j, tvLambda, grad);
			g[0] = NativeArrays.copyOf(v.getManager(), grad, v.getShape());
			return loss[1];
		}
		v.setRequiresGradient(true);
		NDArray out = v.reshape(nx * nz, j);
		NDArray loss = device.project(out).sub(p).abs().mean();
		if (tvLambda > 0) loss = loss.add(totalVariation(out, nx, nz, j).mul(NativeArrays.scalar(out.getManager(), tvLambda)));
		gc.backward(loss);
		g[0] = v.getGradient();
		return loss.getFloat();
	}

	private float[] scratch(long n) {
		if (gradient.length != n) gradient = new float[(int) n];
		return gradient;
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
	 * The recipe's TV term: squared finite differences summed over x, y and z, divided by the
	 * voxel count.
	 */
	static NDArray totalVariation(NDArray out, int nx, int nz, int j) {
		NDArray v = out.reshape(nz, nx, j);
		NDArray sum = v.getManager().zeros(new Shape());
		if (nz > 1) sum = sum.add(v.get("1:,:,:").sub(v.get(":-1,:,:")).square().sum());
		if (nx > 1) sum = sum.add(v.get(":,1:,:").sub(v.get(":,:-1,:")).square().sum());
		if (j > 1) sum = sum.add(v.get(":,:,1:").sub(v.get(":,:,:-1")).square().sum());
		return sum.div(NativeArrays.scalar(v.getManager(), (double) nx * nz * j));
	}

	/** The chunk's points, split into sub-batches of at most {@code subBatch} points. */
	private NDArray[] coordinates(NDManager m, int j) {
		final int n = nx * nz * j, in = inputs();
		int parts = (n + subBatch - 1) / subBatch;
		NDArray[] out = new NDArray[parts];
		for (int k = 0; k < parts; k++) {
			int from = (int) ((long) n * k / parts), to = (int) ((long) n * (k + 1) / parts);
			float[] c = new float[(to - from) * in];
			float[] xyz = new float[3];
			for (int q = from; q < to; q++) {
				int b = q % j, xz = q / j, x = xz % nx, z = xz / nx;
				xyz[0] = unit(x, nx);
				xyz[1] = unit(b, j);
				xyz[2] = unit(z, nz);
				encode(xyz, c, (q - from) * in);
			}
			out[k] = NativeArrays.copyOf(m, c, new Shape(to - from, in));
		}
		return out;
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
