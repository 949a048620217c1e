package org.tomocn.cn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

import org.tomocn.core.CancelToken;
import org.tomocn.core.CancelledException;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.geometry.Projector;
import org.tomocn.geometry.SparseMatrix;
import org.tomocn.core.TiltGeometry;

/**
 * The chunk loop of a network run, without the network itself (paper section 2.4): the
 * projections are normalised, each step of the {@link ChunkPlan} is fitted through the
 * {@link RetryPolicy} (or loaded from its checkpoint), warm starts are handed from step to
 * step, and the kept chunks are stitched, clipped at zero and returned on the input's scale.
 * Any {@link ChunkFit} can do the fitting, so stitching, retries and resume are tested
 * without PyTorch.
 * <p>
 * <b>Units.</b> The projections are divided by their largest absolute value {@code pmax}
 * before fitting (the recipe's [0, 1] normalisation; no offset is subtracted, since the
 * projection model is linear). The result is multiplied back by {@code pmax}, so it is in
 * the units of the stored projections' line integrals per voxel, comparable with a
 * back-projection of the same projections. {@link TiltSeries#scale()} is not applied.
 */
final class ChunkRunner {
	/** Estimated time left (s) above which a faithful run notes that fast exists ({@link #adviseOnLength}). */
	static final double LONG_RUN_SECONDS = 3600;

	private final TiltSeries input;
	/** The parameters as requested, and with their automatic values fixed for this series. */
	private final NetworkParameters requested, params;
	private final NetworkRunSettings settings;
	private final CancelToken cancel;
	private final ProgressListener progress;
	private final ChunkPlan plan;
	private final SparseMatrix matrix;
	private final double pmax, seriesMean;
	private final NoiseLevel noise;
	private final ViewSplit split;

	ChunkRunner(TiltSeries input, NetworkParameters params, NetworkRunSettings settings, CancelToken cancel, ProgressListener progress) {
		this.input = input;
		this.settings = settings;
		this.cancel = cancel.linked();
		this.progress = progress;
		TiltGeometry g = input.geometry();
		this.noise = NoiseLevel.of(input.projections());
		this.requested = params;
		this.params = params.forData(noise.noisy(), g.width());
		int rows = settings.preview() > 0 ? settings.preview() : g.height();
		this.plan = new ChunkPlan((g.height() - rows) / 2, rows, this.params.slicesPerNetwork(), this.params.overlap().getAsInt());
		this.matrix = new Projector(g).matrix();
		double max = 0, sum = 0;
		for (float v : input.projections().data()) {
			max = Math.max(max, Math.abs(v));
			sum += Math.abs(v);
		}
		this.pmax = max;
		this.seriesMean = sum / input.projections().data().length * (float) (1 / max); // the normalisation's float factor, as the fits see the data
		boolean hold = params.heldOut() == NetworkParameters.HeldOut.ON || params.heldOut() == NetworkParameters.HeldOut.AUTO && noise.noisy();
		ViewSplit s = hold ? ViewSplit.everyNth(g, HELD_OUT_EVERY) : null;
		this.split = s != null && s.heldOut.length > 0 ? s : null;
	}

	/** One view in this many (by angle) is held out when the fits watch held-out views. */
	static final int HELD_OUT_EVERY = 8;

	/** The parameters of this run: the ones set, the automatic ones by the data's noise and width ({@link NetworkParameters#forData}). */
	NetworkParameters params() {
		return params;
	}

	/** The views fitted and held out, or null when every view is fitted. */
	ViewSplit split() {
		return split;
	}

	/** What the run knows of the data's noise and what it does about it, for the log. */
	String noiseNote() {
		String auto = noise.noisy() ? "automatic for noisy data" : "automatic for noise-free data";
		double tvLambda = params.tvLambda().getAsDouble(), fraction = params.pointFraction().getAsDouble(), omega0 = params.omega0().getAsDouble();
		int overlap = params.overlap().getAsInt();
		String tv = String.format(Locale.ROOT, "; smoothness term tv_lambda=%s (%s)", tvLambda, requested.tvLambda().isPresent() ? "as set" : auto);
		if (fraction < 1) tv += String.format(Locale.ROOT, "; network gradients from %s of the points at a time (point_fraction, %s)", fraction,
			requested.pointFraction().isPresent() ? "as set" : auto);
		if (fraction < 1 && params.reuseValues().orElse(false)) tv += String.format(Locale.ROOT,
			"; the chains' fits evaluate all points every %d iterations and reuse the others' last values in between (reuse_values, %s)",
			Math.round(1 / fraction), requested.reuseValues().isPresent() ? "as set" : "automatic from " + NetworkParameters.REUSE_VALUES_MIN_WIDTH + " px of width");
		if (overlap > 0) tv += String.format(Locale.ROOT, "; chunks overlap by %d row%s and are blended (overlap, %s)", overlap, overlap == 1 ? "" : "s",
			requested.overlap().isPresent() ? "as set" : auto);
		double lrNext = params.learningRateNext().getAsDouble();
		int itNext = params.iterationsNext().getAsInt();
		String wide = NetworkParameters.warmStartRule(input.geometry().width());
		boolean lrWide = !requested.learningRateNext().isPresent() && lrNext != NetworkParameters.RECIPE_LEARNING_RATE_NEXT;
		boolean itWide = !requested.iterationsNext().isPresent() && itNext != params.preset().iterationsNext;
		if (lrNext != NetworkParameters.RECIPE_LEARNING_RATE_NEXT) tv += String.format(Locale.ROOT, "; warm-started fits start at learning rate %s%s (%s)", lrNext,
			lrWide && itWide ? " and run at most " + itNext + " iterations" : "", lrWide ? wide : "as set");
		if (itWide && !lrWide) tv += String.format(Locale.ROOT, "; warm-started fits run at most %d iterations (%s)", itNext, wide);
		if (omega0 != NetworkParameters.RECIPE_OMEGA0) tv += String.format(Locale.ROOT, "; omega0=%.1f (%s)", omega0, requested.omega0().isPresent() ? "as set" : auto +
			", smoother per pixel at this width");
		if (!Double.isNaN(params.yStep())) tv += String.format(Locale.ROOT, "; rows %sas far apart in the network's coordinates as pixels along x, so that it smooths y as x (as set)",
			params.yStep() == 1 ? "" : params.yStep() + " times ");
		if (split == null) return "Noise: " + noise + tv + "; every view is fitted";
		StringBuilder angles = new StringBuilder();
		for (int v : split.heldOut) angles.append(angles.length() == 0 ? "" : ", ").append(input.geometry().angleDeg(v));
		return "Noise: " + noise + tv + "; each fit uses " + split.train.length + " views and stops where its loss on the other " + split.heldOut.length +
			" (angles " + angles + ") is lowest, so that it does not fit the noise";
	}

	/** One y row's projection matrix (rows {@code u + X view}, columns {@code x + X z}). */
	SparseMatrix matrix() {
		return matrix;
	}

	/** Mean absolute value of the normalised tilt series: the scale of the fit's losses. */
	double seriesMean() {
		return seriesMean;
	}

	/** The run's cancel token: cancelled with the caller's, or by the runner when one lane fails; give it to the fitters. */
	CancelToken cancelToken() {
		return cancel;
	}

	/** {@link #run(List, UnaryOperator, String, int, List)} with one lane: every step in the plan's order. */
	Volume run(ChunkFit fitter, String device, int torchThreads, List<ChunkReport> reports) {
		return run(List.of(fitter), UnaryOperator.identity(), device, torchThreads, reports);
	}

	/**
	 * Fits every step and stitches the volume. With two fitters (lanes), the plan's upward and
	 * downward chains ({@link ChunkPlan#chains}) run at the same time after its first three
	 * steps, the downward one on a second thread prepared by {@code worker}, which also helps
	 * with the steps that run alone ({@link ChunkPlan#alone}, {@link ChunkFit.Spread}); every
	 * fit gets the same warm start and neighbour rows as in the plan's order, so the volume is
	 * the same with one lane or two. When a lane fails, the other is cancelled and the failure
	 * thrown.
	 *
	 * @param fitters one fitter per lane (1 or 2), each used by one thread only
	 * @param worker prepares a lane's thread for PyTorch (its per-thread settings) for the thread's whole life
	 * @param device "cpu" or "gpu", part of the checkpoints' run key; on the CPU the steps that run alone are split into two shards
	 * @param torchThreads PyTorch's threads per fit, part of the run key (the fits depend on it, not on the lanes)
	 * @param reports receives one report per fit, in the plan's order
	 */
	Volume run(List<? extends ChunkFit> fitters, UnaryOperator<Runnable> worker, String device, int torchThreads, List<ChunkReport> reports) {
		final TiltGeometry g = input.geometry();
		final int nx = g.width(), nz = g.thickness();
		FitProgress prog = new FitProgress(progress, plan, params::iterationBound, 1 + settings.runsAfter(),
			FitProgress.chainCostRatio(params.pointFraction().getAsDouble(), params.reuseValues().orElse(false)));
		ConvergenceGuard guard = new ConvergenceGuard(settings.stallRatio(), seriesMean, noise.noisy() ? noise.meanAbsolute() / pmax : 0);
		List<RetryPolicy> policies = new ArrayList<>();
		for (ChunkFit f : fitters) policies.add(new RetryPolicy(f, guard, params, settings.maxRetries(), matrix, plan, prog));
		CheckpointStore store = settings.workDir().map(dir -> new CheckpointStore(dir, runKey(device, torchThreads), settings.resume(), prog::note)).orElse(null);
		Stitch stitch = new Stitch(reports);
		List<List<ChunkPlan.Step>> chains = plan.chains();
		ExecutorService lane2 = policies.size() == 1 ? null : lane(worker, "TomoCN network lane 2");
		try {
			Pass pass = new Pass(store, prog, stitch, new ChunkFit.Spread(startShards(device), lane2));
			if (lane2 == null || chains.get(2).isEmpty()) {
				pass.run(plan.steps, policies.get(0));
			}
			else {
				pass.run(chains.get(0), policies.get(0));
				Future<?> down = lane2.submit(() -> {
					try {
						pass.run(chains.get(2), policies.get(1));
					}
					catch (RuntimeException | Error e) {
						cancel.cancel();
						throw e;
					}
				});
				Throwable first = null;
				try {
					pass.run(chains.get(1), policies.get(0));
				}
				catch (RuntimeException | Error e) {
					first = e;
					cancel.cancel();
				}
				Throwable other = outcome(down);
				// a lane stopped by the other's failure reports CancelledException: throw the cause
				if (first == null || other != null && first instanceof CancelledException && !(other instanceof CancelledException)) first = other;
				if (first instanceof Error) throw (Error) first;
				if (first != null) throw (RuntimeException) first;
			}
		}
		finally {
			if (lane2 != null) lane2.shutdown();
		}
		if (stitch.next != plan.steps.size()) throw new IllegalStateException("only " + stitch.next + " of " + plan.steps.size() + " fits were stitched");
		// normalise the blend, clip negative densities (paper), undo the normalisation
		final int rows = plan.rows;
		float[] out = stitch.out;
		for (int y = 0; y < rows; y++) {
			float f = (float) (pmax / stitch.wsum[y]);
			for (int z = 0; z < nz; z++) for (int x = 0; x < nx; x++) {
				int i = x + nx * (y + rows * z);
				out[i] = Math.max(0f, out[i] * f);
			}
		}
		// all of this run's work: the whole bar, or an ensemble member's share (runs after it counted in)
		progress.note(1.0 / (1 + settings.runsAfter()), "Coordinate network reconstruction done: " + plan.steps.size() + " fits, " + String.format(Locale.ROOT, "%.0f s", prog.elapsedSeconds()));
		return new Volume(out, nx, rows, nz, g.pixelSize());
	}

	/**
	 * After the first fit, when {@code faithful} is estimated to need over an hour more (the
	 * time per iteration so far times the iterations its bounds still allow): a note that
	 * {@code fast} exists, with what it measured against {@code faithful} (README, "The
	 * coordinate network"), so that nobody waits a day without knowing.
	 */
	private void adviseOnLength(FitProgress prog) {
		String advice = lengthAdvice(params.preset(), prog.secondsLeft());
		if (advice != null) prog.note(advice);
	}

	/** The note of {@link #adviseOnLength}, or null when none is due. */
	static String lengthAdvice(NetworkParameters.Preset preset, double secondsLeft) {
		if (preset != NetworkParameters.Preset.FAITHFUL || !(secondsLeft > LONG_RUN_SECONDS)) return null;
		return String.format(Locale.ROOT,
			"preset=faithful (the authors' recipe) may need up to %s more at this size; preset=fast (width 128, at most 1,000 / 100 iterations) took a ninth to a tenth of its time at 64 x 64 x 32, better on the shapes and virus phantoms and worse on the hollow spheres (README, \"The coordinate network\"): cancel and rerun with it if that is too long",
			FitProgress.duration(secondsLeft));
	}

	/** What the steps of one run share: checkpoints, progress, warm starts, border rows and the stitch. */
	private final class Pass {
		private final CheckpointStore store;
		private final FitProgress prog;
		private final Stitch stitch;
		/** How the steps that run alone spread their work ({@link ChunkPlan#alone}). */
		private final ChunkFit.Spread alone;
		private final Map<Integer, SirenWeights> weights = new ConcurrentHashMap<>();
		/**
		 * Each fitted chunk's first and last row, for its neighbours' smoothness term across the
		 * border (Borders), where chunks abut (with overlap the blend joins them instead).
		 */
		private final Map<Integer, float[][]> edges = new ConcurrentHashMap<>();

		Pass(CheckpointStore store, FitProgress prog, Stitch stitch, ChunkFit.Spread alone) {
			this.store = store;
			this.prog = prog;
			this.stitch = stitch;
			this.alone = alone;
		}

		/** Fits {@code steps} one after the other with one lane's policy. */
		void run(List<ChunkPlan.Step> steps, RetryPolicy policy) {
			for (ChunkPlan.Step s : steps) step(s, policy);
		}

		/** Fits step {@code s} (or loads it from its checkpoint) and hands it to the stitch. */
		private void step(ChunkPlan.Step s, RetryPolicy policy) {
			cancel.check();
			final TiltGeometry g = input.geometry();
			final int nx = g.width(), ny = g.height(), nv = g.numViews(), j = plan.slices;
			final float[] data = input.projections().data();
			final float inv = (float) (1 / pmax);
			final int c = s.chunk, ys = plan.start[c];
			float[] proj = new float[nx * nv * j];
			for (int k = 0; k < nv; k++) for (int b = 0; b < j; b++) for (int u = 0; u < nx; u++) {
				proj[(u + nx * k) * j + b] = data[u + nx * ((ys + b) + ny * k)] * inv;
			}
			long t0 = System.nanoTime();
			CheckpointStore.Entry e = store == null ? null : store.load(s.index);
			boolean loaded = e != null;
			if (loaded) {
				prog.skip(s);
			}
			else {
				float[][] lower = c > 0 && plan.start[c - 1] + j == ys ? edges.get(c - 1) : null;
				float[][] upper = c + 1 < plan.numChunks() && ys + j == plan.start[c + 1] ? edges.get(c + 1) : null;
				Borders borders = new Borders(lower == null ? null : lower[1], upper == null ? null : upper[0]);
				e = policy.fit(s, proj, borders, s.random() ? null : weights.get(s.from), plan.alone(s) ? alone : ChunkFit.Spread.NONE);
				if (store != null) store.save(s.index, e);
			}
			ChunkReport r = new ChunkReport(s.index, c, ys, j, s.from, s.keep, e.iterations, e.retries, e.loss, e.zeroLoss, e.backProjectionLoss,
				(System.nanoTime() - t0) / 1e9, loaded, e.ended);
			prog.status(r.toString());
			if (s.index == 0 && !loaded) adviseOnLength(prog);
			weights.put(s.index, e.weights);
			if (e.values != null) edges.put(c, new float[][] { Borders.row(e.values, j, 0), Borders.row(e.values, j, j - 1) });
			if (s.from >= 0 && plan.lastUse(s.from) <= s.index) weights.remove(s.from);
			stitch.done(s, e.values, r);
		}
	}

	/**
	 * The blend of the kept chunks, summed in the plan's step order whatever order the lanes
	 * finish in (float sums depend on their order), with the reports in the same order.
	 */
	private final class Stitch {
		final float[] out;
		final double[] wsum;
		private final List<ChunkReport> reports;
		/** Finished fits whose earlier steps are not all stitched yet: step index -> values (null when not kept) and report. */
		private final Map<Integer, Map.Entry<float[], ChunkReport>> waiting = new HashMap<>();
		private int next;

		Stitch(List<ChunkReport> reports) {
			TiltGeometry g = input.geometry();
			this.out = new float[g.width() * plan.rows * g.thickness()];
			this.wsum = new double[plan.rows];
			this.reports = reports;
		}

		synchronized void done(ChunkPlan.Step s, float[] values, ChunkReport r) {
			waiting.put(s.index, new java.util.AbstractMap.SimpleImmutableEntry<>(values, r));
			for (Map.Entry<float[], ChunkReport> w; (w = waiting.remove(next)) != null; next++) {
				ChunkPlan.Step t = plan.steps.get(next);
				if (t.keep) add(t.chunk, w.getKey());
				reports.add(w.getValue());
			}
		}

		private void add(int c, float[] values) {
			final int nx = input.geometry().width(), nz = input.geometry().thickness(), rows = plan.rows, y0 = plan.y0, j = plan.slices;
			for (int b = 0; b < j; b++) {
				int y = plan.start[c] + b;
				float w = (float) plan.weight(c, y);
				wsum[y - y0] += w;
				for (int z = 0; z < nz; z++) for (int x = 0; x < nx; x++) {
					out[x + nx * ((y - y0) + rows * z)] += w * values[(x + nx * z) * j + b];
				}
			}
		}
	}

	/** Waits for {@code f} (cancelling the run if this thread is interrupted) and returns its failure, or null. */
	private Throwable outcome(Future<?> f) {
		boolean interrupted = false;
		try {
			while (true) {
				try {
					f.get();
					return null;
				}
				catch (InterruptedException e) {
					interrupted = true;
					cancel.cancel();
				}
				catch (ExecutionException e) {
					return e.getCause();
				}
			}
		}
		finally {
			if (interrupted) Thread.currentThread().interrupt();
		}
	}

	/**
	 * A single-thread executor whose thread, named {@code name}, runs its whole life inside
	 * {@code worker} (for a lane of a network run: {@link NetworkRuntime#onWorkerThread}); a
	 * daemon, so a run that is abandoned cannot keep the JVM alive. Shut it down after use.
	 */
	static ExecutorService lane(UnaryOperator<Runnable> worker, String name) {
		return Executors.newSingleThreadExecutor(r -> {
			Thread t = new Thread(worker.apply(r), name);
			t.setDaemon(true);
			return t;
		});
	}

	/**
	 * Shards of the steps that run alone ({@link ChunkFit.Spread}): two on the CPU, where the
	 * second core would otherwise wait; one on a GPU, which is one device either way.
	 */
	static int startShards(String device) {
		return "gpu".equals(device) ? 1 : 2;
	}

	/**
	 * Everything that determines the result, as {@code name=value} words: hyperparameters,
	 * run settings, PyTorch's threads per fit, geometry, the plan, the device kind and the
	 * SHA-256 of the projections. Not the lanes: one or two give the same volume.
	 */
	String runKey(String device, int torchThreads) {
		TiltGeometry g = input.geometry();
		StringBuilder angles = new StringBuilder();
		for (double a : g.anglesDeg()) angles.append(angles.length() == 0 ? "" : ",").append(a);
		float[] d = input.projections().data();
		java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * d.length);
		bytes.asFloatBuffer().put(d);
		return params.key() + " " + settings.key(params.hiddenFeatures()) + " torch_threads=" + torchThreads + " start_shards=" + startShards(device) + " size=" + g.width() + "x" + g.height() + "x" +
			g.thickness() + " angles=" + angles + " rows=" + plan.y0 + "+" + plan.rows + " data=sha256:" + CheckpointStore.hex(CheckpointStore.sha256(bytes.array())) +
			" device=" + device;
	}
}
