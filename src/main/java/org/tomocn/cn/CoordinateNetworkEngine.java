package org.tomocn.cn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;

import org.tomocn.core.CancelToken;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;
import org.tomocn.geometry.Projector;
import org.tomocn.geometry.SparseMatrix;

/**
 * Coordinate-network reconstruction of a tilt series (paper sections 2.2 and 2.4): the
 * volume is cut into chunks of y rows ({@link ChunkPlan}); a SIREN is fitted to each chunk
 * directly against its projections through the shared projector's matrix (in Java,
 * {@link HostLoss}, when training on the CPU; on the device, {@link DeviceProjector}, on a GPU),
 * middle-out with warm starts; the chunks are stitched, negative densities clipped, and the
 * volume returned on the scale of the input.
 * <p>
 * <b>Contract</b> (as TrackMate's engine): {@link #checkInput()} validates everything
 * before any work and leaves a message in {@link #getErrorMessage()}; {@link #process()}
 * runs (and calls {@code checkInput()} itself if needed); {@link #cancel()} (or the
 * {@link CancelToken}) stops it within a second — checked every iteration — with a
 * {@link org.tomocn.core.CancelledException}; progress (chunk i of n, iteration, loss, time
 * left) and log lines go to the {@link ProgressListener}.
 * <p>
 * <b>Units.</b> The projections are divided by their largest absolute value {@code pmax}
 * before fitting (the recipe's [0, 1] normalisation; no offset is subtracted, since the
 * projection model is linear). The result is multiplied back by {@code pmax}, so it is in
 * the units of the stored projections' line integrals per voxel and comparable with a
 * back-projection of the same stored projections. {@link TiltSeries#scale()} is not applied.
 * <p>
 * <b>Output.</b> {@code X x Y x Z} ({@code X x preview x Z} in preview mode, the central
 * rows), pixel size from the geometry. The engine owns nothing after {@code process()}
 * returns: all native memory is freed.
 * <p>
 * <b>Threads.</b> Run one engine at a time per JVM (PyTorch allows one gradient collector
 * per JVM); {@code process()} sets PyTorch's intra-op threads to {@code options.threads()}
 * for its duration and restores them.
 */
public final class CoordinateNetworkEngine {
	private final TiltSeries input;
	private final CoordinateNetworkOptions options;
	private final CancelToken cancel;
	private ProgressListener progress = ProgressListener.NONE;
	private String errorMessage;
	private boolean checked;
	private final List<ChunkReport> reports = Collections.synchronizedList(new ArrayList<>());
	private String deviceDescription = "";

	public CoordinateNetworkEngine(TiltSeries input, CoordinateNetworkOptions options, CancelToken cancel) {
		this.input = input;
		this.options = options;
		this.cancel = cancel;
	}

	/** Where progress and log lines go (thread-safe listener). */
	public CoordinateNetworkEngine setProgressListener(ProgressListener listener) {
		this.progress = listener;
		return this;
	}

	/**
	 * Validates the settings, the tilt series (sizes, angles, finite values, not all zero)
	 * and the memory estimate against the JVM's maximum heap.
	 *
	 * @return true when the input is usable; else {@link #getErrorMessage()} names the problem
	 */
	public boolean checkInput() {
		errorMessage = null;
		try {
			options.validate();
			TiltGeometry g = input.geometry();
			Volume p = input.projections();
			if (p.nz() != g.numViews()) throw new TomoInputException("The tilt series has " + p.nz() + " projections but " + g.numViews() + " tilt angles");
			if (g.numViews() < 2) throw new TomoInputException("A reconstruction needs at least 2 tilt angles, got " + g.numViews());
			if (g.width() < 2 || g.thickness() < 2) throw new TomoInputException("width and thickness must be at least 2 pixels, got " + g.width() + " and " + g.thickness());
			if (options.preview() > g.height()) {
				throw new TomoInputException("preview=" + options.preview() + " is larger than the tilt series height " + g.height());
			}
			float[] d = p.data();
			double max = 0;
			for (int i = 0; i < d.length; i++) {
				if (!Float.isFinite(d[i])) {
					int x = i % p.nx(), y = (i / p.nx()) % p.ny(), k = i / (p.nx() * p.ny());
					throw new TomoInputException("The tilt series has a non-finite value (" + d[i] + ") at x=" + x + ", y=" + y + " in projection " + k);
				}
				max = Math.max(max, Math.abs(d[i]));
			}
			if (max == 0) throw new TomoInputException("The tilt series is all zero");
			long need = estimateHeapBytes(g, options);
			long free = Runtime.getRuntime().maxMemory() - (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
			if (need > free) {
				throw new TomoInputException(String.format(Locale.ROOT,
					"The reconstruction needs about %.0f MB of Java memory but only %.0f MB are free; raise the maximum memory (Edit > Options > Memory) or bin the data",
					need / 1e6, free / 1e6));
			}
			checked = true;
			return true;
		}
		catch (TomoInputException e) {
			errorMessage = e.getMessage();
			checked = false;
			return false;
		}
	}

	/** The problem found by the last {@link #checkInput()}, or null. */
	public String getErrorMessage() {
		return errorMessage;
	}

	/**
	 * Java heap needed beyond the input (bytes): the output volume and its weights, the
	 * projection matrix, a few network weight sets and one chunk's arrays. Native memory
	 * (PyTorch) is about one chunk's activations: {@link #estimateNativeBytes}.
	 */
	public static long estimateHeapBytes(TiltGeometry g, CoordinateNetworkOptions o) {
		long nx = g.width(), nz = g.thickness(), l = g.numViews();
		long rows = o.preview() > 0 ? o.preview() : g.height();
		long volume = 4L * nx * rows * nz;
		long nnz = 2L * l * nx * (Math.max(nx, nz) + 1);
		long matrix = 12L * nnz + 16L * nnz; // CSR + the COO copy handed to PyTorch
		long params = (long) o.hiddenFeatures() * o.hiddenFeatures() * (o.hiddenLayers() + 1) + 8L * o.hiddenFeatures();
		long chunk = 4L * nx * nz * o.slicesPerNetwork() * 4 + 4L * l * nx * o.slicesPerNetwork() * 4;
		return volume + matrix + 4 * 4 * params + chunk + (16 << 20);
	}

	/** Native (PyTorch) memory of one fit, bytes: matrix, activations of one sub-batch, Adam state. */
	public static long estimateNativeBytes(TiltGeometry g, CoordinateNetworkOptions o) {
		long nx = g.width(), nz = g.thickness(), l = g.numViews();
		long points = Math.min((long) nx * nz * o.slicesPerNetwork(), o.subBatch());
		long activations = 4L * points * o.hiddenFeatures() * (o.hiddenLayers() + 1) * 4;
		long nnz = 2L * l * nx * (Math.max(nx, nz) + 1);
		long params = (long) o.hiddenFeatures() * o.hiddenFeatures() * (o.hiddenLayers() + 1);
		return activations + 20L * nnz + 4 * 4 * params + 4L * nx * nz * o.slicesPerNetwork() * 8;
	}

	/** Cancels a running {@link #process()} within a second. */
	public void cancel() {
		cancel.cancel();
	}

	/** One line per fit of the last {@link #process()} (retries and guard decisions included). */
	public List<ChunkReport> getChunkReports() {
		synchronized (reports) {
			return new ArrayList<>(reports);
		}
	}

	/** The device used by the last run and why, e.g. "cpu (auto: DJL sees no GPU)". */
	public String getDeviceDescription() {
		return deviceDescription;
	}

	/**
	 * Runs the reconstruction.
	 *
	 * @throws TomoInputException when {@link #checkInput()} fails
	 * @throws org.tomocn.core.CancelledException when cancelled (finished chunks stay in work_dir)
	 * @throws ConvergenceException when a chunk stalls and every retry stalls too
	 */
	public Volume process() {
		if (!checked && !checkInput()) throw new TomoInputException(errorMessage);
		reports.clear();
		Thread thread = Thread.currentThread();
		ClassLoader previousLoader = thread.getContextClassLoader();
		thread.setContextClassLoader(CoordinateNetworkEngine.class.getClassLoader());
		try {
			Engine engine = Engine.getInstance();
			Device device = selectDevice(engine);
			int previousThreads = JniUtils.getNumThreads();
			boolean previousGrad = JniUtils.isGradMode();
			JniUtils.setNumThreads(options.threads());
			JniUtils.setGradMode(false);
			try (NDManager root = NDManager.newBaseManager(device)) {
				return run(root);
			}
			finally {
				JniUtils.setGradMode(previousGrad);
				JniUtils.setNumThreads(previousThreads);
			}
		}
		finally {
			thread.setContextClassLoader(previousLoader);
		}
	}

	private Device selectDevice(Engine engine) {
		int gpus = engine.getGpuCount();
		Device d;
		switch (options.device()) {
		case CPU:
			d = Device.cpu();
			deviceDescription = "cpu (requested)";
			break;
		case GPU:
			if (gpus == 0) {
				throw new TomoInputException("device=gpu but DJL's PyTorch engine (" + engine.getVersion() +
					") sees no GPU; the bundled pytorch-native-cpu is CPU-only (see the README on enabling CUDA), or use device=cpu");
			}
			d = Device.gpu();
			deviceDescription = "gpu 0 (requested; " + gpus + " visible)";
			break;
		default:
			d = gpus > 0 ? Device.gpu() : Device.cpu();
			deviceDescription = gpus > 0 ? "gpu 0 (auto: DJL sees " + gpus + " GPU" + (gpus > 1 ? "s" : "") + ")"
				: "cpu (auto: DJL's PyTorch " + engine.getVersion() + " sees no GPU)";
		}
		progress.progress(0, "Coordinate network on " + deviceDescription + ", " + options.threads() + " threads; " + options);
		return d;
	}

	private Volume run(NDManager root) {
		final TiltGeometry g = input.geometry();
		final int nx = g.width(), ny = g.height(), nz = g.thickness(), nv = g.numViews();
		final float[] data = input.projections().data();
		final int rows = options.preview() > 0 ? options.preview() : ny;
		final int y0 = (ny - rows) / 2;
		final ChunkPlan plan = new ChunkPlan(y0, rows, options.slicesPerNetwork(), options.overlap());
		double pmax = 0;
		for (float v : data) pmax = Math.max(pmax, Math.abs(v));
		final float inv = (float) (1 / pmax);

		Projector projector = new Projector(g);
		SparseMatrix matrix = projector.matrix();
		// on the CPU the objective is computed in Java (faster than PyTorch's COO product,
		// see HostLoss); on a GPU the projector lives on the device
		boolean onGpu = root.getDevice().isGpu();
		HostLoss host = onGpu ? null : new HostLoss(matrix, nx, nz);
		DeviceProjector device = onGpu ? new DeviceProjector(root, projector) : null;
		float[][] fourier = fourierMatrix();
		double mean = 0;
		for (float v : data) mean += Math.abs(v);
		final double seriesMean = mean / data.length * inv;
		ChunkFitter fitter = new ChunkFitter(root, host, device, nx, nz, options, options.scaleOutput() ? outputScale(g) : 1, seriesMean, fourier,
			cancel);
		ConvergenceGuard guard = new ConvergenceGuard(options.stallRatio(), seriesMean);
		CheckpointStore store = options.workDir() == null ? null
			: new CheckpointStore(options.workDir(), runKey(plan, onGpu), options.resume(), msg -> progress.progress(0, msg));

		float[] out = new float[nx * rows * nz];
		double[] wsum = new double[rows];
		Map<Integer, SirenWeights> weights = new HashMap<>();
		long totalIterations = 0;
		for (ChunkPlan.Step s : plan.steps) totalIterations += s.random() ? options.iterationsFirst() : options.iterationsNext();
		Progress prog = new Progress(totalIterations);

		for (ChunkPlan.Step s : plan.steps) {
			cancel.check();
			final int c = s.chunk, j = plan.slices, ys = plan.start[c];
			float[] proj = new float[nx * nv * j];
			for (int k = 0; k < nv; k++) for (int b = 0; b < j; b++) for (int u = 0; u < nx; u++) {
				proj[(u + nx * k) * j + b] = data[u + nx * ((ys + b) + ny * k)] * inv;
			}
			int iterations = s.random() ? options.iterationsFirst() : options.iterationsNext();
			long t0 = System.nanoTime();
			CheckpointStore.Entry e = store == null ? null : store.load(s.index);
			boolean loaded = e != null;
			if (loaded) {
				prog.skip(iterations);
			}
			else {
				e = fitWithGuard(s, plan, fitter, guard, matrix, proj, j, iterations, s.random() ? null : weights.get(s.from), prog);
				if (store != null) store.save(s.index, e);
			}
			ChunkReport r = new ChunkReport(s.index, c, ys, j, s.from, s.keep, e.iterations, e.retries, e.loss, e.zeroLoss, e.backProjectionLoss,
				(System.nanoTime() - t0) / 1e9, loaded, e.ended);
			reports.add(r);
			progress.progress(prog.fraction(), r.toString());
			weights.put(s.index, e.weights);
			if (s.from >= 0 && plan.lastUse(s.from) <= s.index) weights.remove(s.from);
			if (s.keep) {
				for (int b = 0; b < j; b++) {
					int y = ys + b;
					float w = (float) plan.weight(c, y);
					wsum[y - y0] += w;
					for (int z = 0; z < nz; z++) for (int x = 0; x < nx; x++) {
						out[x + nx * ((y - y0) + rows * z)] += w * e.values[(x + nx * z) * j + b];
					}
				}
			}
		}
		// normalise the blend, clip negative densities (paper), undo the normalisation
		for (int y = 0; y < rows; y++) {
			float f = (float) (pmax / wsum[y]);
			for (int z = 0; z < nz; z++) for (int x = 0; x < nx; x++) {
				int i = x + nx * (y + rows * z);
				out[i] = Math.max(0f, out[i] * f);
			}
		}
		progress.progress(1, "Coordinate network reconstruction done: " + plan.steps.size() + " fits, " + String.format(Locale.ROOT, "%.0f s", prog.elapsed()));
		return new Volume(out, nx, rows, nz, g.pixelSize());
	}

	/**
	 * The fixed factor on the network's output: {@code 1 / Z} (Z = thickness in voxels).
	 * <p>
	 * Derivation. The fit compares {@code A v} with projections normalised to a maximum of 1
	 * (reference recipe, "Data and loss"). A ray at tilt 0 crosses Z voxels, so a volume whose
	 * projections are O(1) has densities O(1/Z), and a freshly initialised SIREN, whose output
	 * per voxel is O(sigma0) whatever the volume (the last layer's bias alone is uniform in
	 * +-1/sqrt(width), 0.06 at width 256), projects to O(sigma0 Z): about 4 at Z = 64, against
	 * normalised data of at most 1 (issue 11 measured initial losses of about 2 at 128 x 128 x 64
	 * and 0.1-0.4 at 48 x 48 x 32). With {@code v = G / Z} the network G fits
	 * {@code Z v = O(1)} at every size, its initial projections are O(sigma0), and the same
	 * learning rates mean the same relative steps at every thickness. The authors' projector
	 * (ODL, the volume spanning a fixed physical extent) carries such a 1/N factor in the ray
	 * transform itself; TomoCN's projector sums voxels, so the factor goes on the output.
	 */
	static double outputScale(TiltGeometry g) {
		return 1.0 / g.thickness();
	}

	/**
	 * Fits one step and applies the convergence guard: a stalled fit is retried from fresh
	 * random weights (seed changed) with the first chunk's iteration count and a learning
	 * rate 10x lower per retry; if every retry stalls, the run stops.
	 */
	private CheckpointStore.Entry fitWithGuard(ChunkPlan.Step s, ChunkPlan plan, ChunkFitter fitter, ConvergenceGuard guard, SparseMatrix matrix, float[] proj, int j,
		int iterations, SirenWeights warm, Progress prog)
	{
		double zero = ConvergenceGuard.zeroLoss(proj);
		double bp = ConvergenceGuard.backProjectionLoss(matrix, proj, j);
		final int nSteps = plan.steps.size();
		for (int attempt = 0;; attempt++) {
			boolean random = warm == null || attempt > 0;
			SirenWeights init = random ? SirenWeights.random(fitter.inputs(), options.hiddenLayers(), options.hiddenFeatures(), options.omega0(),
				options.seed() + 7919L * attempt + 104729L * s.index) : warm;
			int its = attempt == 0 ? iterations : options.iterationsFirst();
			double lr = (random ? options.learningRateFirst() : options.learningRateNext()) * StrictMath.pow(0.1, attempt);
			final int a = attempt;
			ChunkFitter.Result res = fitter.fit(init, proj, j, its, lr, guard.acceptLoss(zero, bp), zero, new ChunkFitter.IterationListener() {
				@Override
				public void iteration(int it, int n, double loss) {
					prog.iteration(s, nSteps, plan, it, n, loss, a);
				}

				@Override
				public void restarted(int it, double loss, double backoff) {
					progress.progress(prog.fraction(), String.format(Locale.ROOT,
						"fit %d/%d (chunk %d, y %d-%d): after %d iterations the loss (%.5f; empty volume %.5f) is still above what the convergence guard accepts (%.5f); restarted from the initial weights, learning rate now x%.3g of the schedule",
						s.index + 1, nSteps, s.chunk + 1, plan.start[s.chunk], plan.start[s.chunk] + j - 1, it + 1, loss, zero, guard.acceptLoss(zero, bp), backoff));
				}

				@Override
				public void recovered(int it, double loss, int restoredFrom, double backoff) {
					progress.progress(prog.fraction(), String.format(Locale.ROOT,
						"fit %d/%d (chunk %d, y %d-%d): loss %s at iteration %d; restored the state of iteration %d, learning rate now x%.3g of the schedule",
						s.index + 1, nSteps, s.chunk + 1, plan.start[s.chunk], plan.start[s.chunk] + j - 1,
						Double.isFinite(loss) ? String.format(Locale.ROOT, "%.5f (exploded)", loss) : "not finite (" + loss + ")", it + 1, restoredFrom + 1,
						backoff));
				}
			});
			prog.finished(its, res.iterations, a);
			String ended = res.stopReason + (res.recoveries > 0 ? ", " + res.recoveries + " recoveries from divergence" : "");
			if (guard.empty(zero) && !(res.loss <= zero)) {
				// The data show (almost) nothing here and an empty chunk explains them better than the fit
				// (typically density carried over from the neighbour that warm-started it): the objective's
				// better candidate is the empty volume. Refitting from random weights does worse on such
				// chunks (measured: 0.04-0.07 against 0.00008 for an empty volume), so no retry; the weights
				// still warm-start the next chunk.
				return new CheckpointStore.Entry(s.chunk, attempt, res.iterations, zero, zero, bp, res.weights, s.keep ? new float[res.values.length] : null,
					ended + String.format(Locale.ROOT, "; left empty: the fit's loss %.5f is above an empty volume's", res.loss));
			}
			if (!guard.stalled(res.loss, zero, bp)) {
				return new CheckpointStore.Entry(s.chunk, attempt, res.iterations, res.loss, zero, bp, res.weights, s.keep ? res.values : null, ended);
			}
			String msg = String.format(Locale.ROOT,
				"Chunk %d (y %d-%d) stalled: loss %.5f vs %.5f for an empty volume and %.5f for the back-projection (%d iterations, %s%s)", s.chunk + 1,
				plan.start[s.chunk], plan.start[s.chunk] + j - 1, res.loss, zero, bp, res.iterations, res.stopReason,
				res.recoveries > 0 ? ", " + res.recoveries + " recoveries from divergence" : "");
			if (attempt >= options.maxRetries()) {
				throw new ConvergenceException(msg + " after " + attempt + " retries. Try another seed (seed=" + (options.seed() + 1) +
					"), the other preset (preset=" + (options.preset() == CoordinateNetworkOptions.Preset.FAST ? "faithful" : "fast") +
					"), or, for noisy data, a smoothness term (tv_lambda=0.1); the work_dir keeps the finished chunks for resume=true");
			}
			prog.retry(options.iterationsFirst());
			progress.progress(prog.fraction(), msg + String.format(Locale.ROOT, "; retry %d of %d from new random weights, learning rate %.2g",
				attempt + 1, options.maxRetries(), options.learningRateFirst() * StrictMath.pow(0.1, attempt + 1)));
		}
	}

	private float[][] fourierMatrix() {
		if (options.fourierScale() <= 0) return null;
		int m = Math.max(1, options.hiddenFeatures() / 2);
		Random r = new Random(options.seed() ^ 0x5DEECE66DL);
		float[][] b = new float[3][m];
		for (int a = 0; a < 3; a++) for (int f = 0; f < m; f++) b[a][f] = (float) (r.nextGaussian() * options.fourierScale());
		return b;
	}

	/**
	 * Everything that determines the result, as {@code name=value} words: settings, geometry,
	 * the plan, the device kind and the SHA-256 of the projections.
	 */
	private String runKey(ChunkPlan plan, boolean gpu) {
		TiltGeometry g = input.geometry();
		StringBuilder angles = new StringBuilder();
		for (double a : g.anglesDeg()) angles.append(angles.length() == 0 ? "" : ",").append(a);
		float[] d = input.projections().data();
		java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * d.length);
		bytes.asFloatBuffer().put(d);
		return options.resultKey() + " size=" + g.width() + "x" + g.height() + "x" + g.thickness() + " angles=" + angles + " rows=" + plan.y0 + "+" + plan.rows +
			" data=sha256:" + CheckpointStore.hex(CheckpointStore.sha256(bytes.array())) + " device=" + (gpu ? "gpu" : "cpu");
	}

	/** Iteration counting, rate-limited progress messages and the time-left estimate. */
	private final class Progress {
		private long total;
		private final long start = System.nanoTime();
		private long done, fitted;
		private long lastReport;

		Progress(long total) {
			this.total = Math.max(1, total);
		}

		/** A retry of at most {@code iterations} iterations is coming: the total grows, so 100% is never shown while it runs. */
		void retry(int iterations) {
			total += iterations;
		}

		void skip(int iterations) {
			done += iterations;
		}

		double fraction() {
			return Math.min(1, done / (double) total);
		}

		double elapsed() {
			return (System.nanoTime() - start) / 1e9;
		}

		/** A fit of at most {@code bound} iterations ended after {@code ran}: count the rest as done. */
		void finished(int bound, int ran, int attempt) {
			done += Math.max(0, bound - ran);
		}

		void iteration(ChunkPlan.Step s, int steps, ChunkPlan plan, int it, int n, double loss, int attempt) {
			done++;
			fitted++;
			long now = System.nanoTime();
			if (now - lastReport < 500_000_000L && it != n - 1) return;
			lastReport = now;
			double perIt = (now - start) / 1e9 / fitted;
			double left = perIt * (total - done);
			progress.progress(fraction(), String.format(Locale.ROOT, "fit %d/%d (chunk %d of %d, y %d-%d)%s, iteration %d/%d, loss %.5f, %s left",
				s.index + 1, steps, s.chunk + 1, plan.numChunks(), plan.start[s.chunk], plan.start[s.chunk] + plan.slices - 1,
				attempt > 0 ? " retry " + attempt : "", it + 1, n, loss, duration(left)));
		}
	}

	private static String duration(double seconds) {
		if (seconds < 90) return String.format(Locale.ROOT, "%.0f s", seconds);
		if (seconds < 5400) return String.format(Locale.ROOT, "%.0f min", seconds / 60);
		return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
	}
}
