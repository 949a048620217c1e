package org.tomocn.cn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.tomocn.core.CancelToken;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;
import org.tomocn.geometry.SparseMatrix;
import org.tomocn.recon.ReconInput;
import org.tomocn.recon.Reconstructor;

/**
 * Coordinate-network reconstruction of a tilt series (paper sections 2.2 and 2.4), as a
 * {@link Reconstructor} like the classic methods: the volume is cut into chunks of y rows
 * ({@link ChunkPlan}); a SIREN is fitted to each chunk directly against its projections
 * ({@link ChunkFitter}, through the {@link Objective} of the device), middle-out with warm
 * starts, under the convergence guard ({@link RetryPolicy}); the chunks are stitched
 * ({@link ChunkRunner}). The native side (device, threads, one run per JVM) is
 * {@link NetworkRuntime}'s.
 * <p>
 * <b>Contract.</b> {@link #check} validates everything before any work; {@link #run} (and
 * {@link #reconstruct}) call it first; the {@link CancelToken} stops a run within a second
 * (checked every iteration) with a {@link org.tomocn.core.CancelledException}; progress
 * (fit i of n, iteration, loss, time left) and log lines go to the {@link ProgressListener}.
 * Nothing native is left after a run: its memory is freed and PyTorch's threads, grad mode
 * and the thread's class loader are restored.
 */
public final class CoordinateNetworkEngine implements Reconstructor {
	private final NetworkParameters params;
	private final NetworkRunSettings settings;

	public CoordinateNetworkEngine(NetworkParameters params, NetworkRunSettings settings) {
		this.params = params;
		this.settings = settings;
	}

	public NetworkParameters parameters() {
		return params;
	}

	/**
	 * Validates the settings, the tilt series ({@link ReconInput#check}: sizes, threads, finite
	 * values; and not all zero, preview rows) and the memory estimate against the JVM's
	 * maximum heap.
	 *
	 * @throws TomoInputException naming the problem
	 */
	public void check(TiltSeries ts, int threads) {
		params.validate();
		settings.validate();
		ReconInput.check(ts, threads);
		TiltGeometry g = ts.geometry();
		if (g.numViews() < 2) throw new TomoInputException("A reconstruction needs at least 2 tilt angles, got " + g.numViews());
		if (g.width() < 2 || g.thickness() < 2) throw new TomoInputException("width and thickness must be at least 2 pixels, got " + g.width() + " and " + g.thickness());
		if (settings.preview() > g.height()) throw new TomoInputException("preview=" + settings.preview() + " is larger than the tilt series height " + g.height());
		boolean any = false;
		for (float v : ts.projections().data()) if (v != 0) {
			any = true;
			break;
		}
		if (!any) throw new TomoInputException("The tilt series is all zero");
		long need = estimateHeapBytes(g, params, settings);
		long free = Runtime.getRuntime().maxMemory() - (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
		if (need > free) {
			throw new TomoInputException(String.format(Locale.ROOT,
				"The reconstruction needs about %.0f MB of Java memory but only %.0f MB are free; raise the maximum memory (Edit > Options > Memory) or bin the data",
				need / 1e6, free / 1e6));
		}
	}

	/**
	 * Java heap needed beyond the input (bytes): the output volume (and an ensemble's sum), the
	 * projection matrix, a few network weight sets and one chunk's arrays. Native memory
	 * (PyTorch) is about one chunk's activations: {@link #estimateNativeBytes}.
	 */
	public static long estimateHeapBytes(TiltGeometry g, NetworkParameters p, NetworkRunSettings s) {
		long nx = g.width(), nz = g.thickness(), l = g.numViews();
		long rows = s.preview() > 0 ? s.preview() : g.height();
		long volume = 4L * nx * rows * nz;
		long nnz = 2L * l * nx * (Math.max(nx, nz) + 1);
		long matrix = 12L * nnz + 16L * nnz; // CSR + the COO copy handed to PyTorch
		long params = (long) p.hiddenFeatures() * p.hiddenFeatures() * (p.hiddenLayers() + 1) + 8L * p.hiddenFeatures();
		long chunk = 4L * nx * nz * p.slicesPerNetwork() * 4 + 4L * l * nx * p.slicesPerNetwork() * 4;
		long ensembleSum = s.ensemble() > 1 ? volume : 0; // the members' running sum beside the member's own volume
		return volume + ensembleSum + matrix + 4 * 4 * params + chunk + (16 << 20);
	}

	/**
	 * The most training work a run can do, in point-iterations: every fit's iteration bound
	 * times its chunk's points ({@link ChunkPlan}: the middle chunk is fitted twice). Fits that
	 * converge earlier do less. With automatic settings, the larger of the noise-free and the
	 * noisy data's ({@link NetworkParameters#forData}).
	 */
	public static double pointIterationBound(TiltGeometry g, NetworkParameters p) {
		double bound = 0;
		for (boolean noisy : new boolean[] { false, true }) {
			NetworkParameters q = p.forData(noisy, g.width());
			ChunkPlan plan = new ChunkPlan(0, g.height(), q.slicesPerNetwork(), q.overlap().getAsInt());
			bound = Math.max(bound, (double) q.iterationBound(plan) * plan.slices * g.width() * g.thickness());
		}
		return bound;
	}

	/** Native (PyTorch) memory of one fit, bytes: matrix, activations of one sub-batch, Adam state. */
	public static long estimateNativeBytes(TiltGeometry g, NetworkParameters p, NetworkRunSettings s) {
		long nx = g.width(), nz = g.thickness(), l = g.numViews();
		long points = Math.min((long) nx * nz * p.slicesPerNetwork(), s.subBatch(p.hiddenFeatures()));
		long activations = 4L * points * p.hiddenFeatures() * (p.hiddenLayers() + 1) * 4;
		long nnz = 2L * l * nx * (Math.max(nx, nz) + 1);
		long params = (long) p.hiddenFeatures() * p.hiddenFeatures() * (p.hiddenLayers() + 1);
		return activations + 20L * nnz + 4 * 4 * params + 4L * nx * nz * p.slicesPerNetwork() * 8;
	}

	/** The device a run with these settings uses and why (as {@link NetworkResult#device()}), known before the run. */
	public String device() {
		return NetworkRuntime.choose(NetworkRuntime.engine(), settings.device()).description;
	}

	@Override
	public Volume reconstruct(TiltSeries ts, int threads, CancelToken cancel, ProgressListener progress) {
		return run(ts, threads, cancel, progress).volume();
	}

	/**
	 * Runs the reconstruction on {@code threads} threads: up to two chains of fits at once
	 * ({@link NetworkRuntime#lanes}), and the fits that run alone split over both
	 * ({@link ChunkFit.Spread}). With {@code threads} up to 3 every fit runs PyTorch on
	 * one thread, and the volume is bit-identical in any process and for 1, 2 or 3 threads.
	 * <p>
	 * With {@link NetworkRunSettings#ensemble} {@code n > 1} the whole volume is fitted
	 * {@code n} times, from the seeds {@code seed} to {@code seed + n - 1} (each member exactly
	 * the run of its seed alone), and the result is their voxel-wise mean. The fill of the
	 * missing wedge depends on the initial weights; averaging independently initialised fits
	 * keeps what they agree on and averages out what they do not (measured in
	 * docs/benchmark/network-scale.md, "Session 13"). The log gives the members' RMS
	 * difference from their mean.
	 *
	 * @throws TomoInputException when {@link #check} fails
	 * @throws org.tomocn.core.CancelledException when cancelled (finished chunks stay in work_dir)
	 * @throws ConvergenceException when a chunk stalls and every retry stalls too
	 * @throws NetworkEngineException when PyTorch is missing or fails on its device
	 */
	public NetworkResult run(TiltSeries series, int threads, CancelToken cancel, ProgressListener progress) {
		check(series, threads);
		// the fits see the views ranked by angle, so the volume does not depend on the file's
		// order of views (e.g. dose-symmetric): the sums over views would otherwise be taken in
		// another order, and the fits' rounding differences grow like a change of seed
		TiltSeries ts = series.sortedByAngle();
		if (ts != series) progress.note(0, "The tilt series' views are fitted in the order of their angles, not the file's (the volume is the same for any order)");
		int n = settings.ensemble();
		if (n == 1) return fit(ts, params, settings, threads, cancel, progress);
		float[] sum = null;
		double squares = 0;
		List<ChunkReport> reports = new ArrayList<>();
		NetworkResult member = null;
		for (int m = 0; m < n; m++) {
			progress.note((double) m / n, String.format(Locale.ROOT, "Ensemble member %d of %d: seed %d", m + 1, n, params.seed() + m));
			// a member's fraction runs to 1 / (members left), its time left counts them (NetworkRunSettings.member)
			member = fit(ts, params.withSeed(params.seed() + m), settings.member(m), threads, cancel, progress.part((double) m / n, 1, ""));
			float[] v = member.volume().data();
			if (sum == null) sum = new float[v.length];
			for (int i = 0; i < v.length; i++) {
				sum[i] += v[i];
				squares += (double) v[i] * v[i];
			}
			reports.addAll(member.chunkReports());
		}
		Volume last = member.volume(), mean = new Volume(last.nx(), last.ny(), last.nz(), last.pixelSize());
		float[] d = mean.data();
		double total = 0, meanSquares = 0;
		for (int i = 0; i < d.length; i++) {
			d[i] = sum[i] / n;
			total += d[i];
			meanSquares += (double) d[i] * d[i];
		}
		// sum over members and voxels of (v - mean)^2 = sum v^2 - n sum mean^2
		double spread = Math.sqrt(Math.max(0, squares - n * meanSquares) / ((double) n * d.length));
		double std = Math.sqrt(Math.max(0, meanSquares / d.length - Math.pow(total / d.length, 2)));
		progress.note(1, String.format(Locale.ROOT,
			"Ensemble of %d fits (seeds %d to %d): the members differ from their mean by %.0f%% of its standard deviation (RMS over the voxels); the mean is the result",
			n, params.seed(), params.seed() + n - 1, 100 * spread / Math.max(std, Double.MIN_NORMAL)));
		return new NetworkResult(mean, reports, member.device());
	}

	/** One fit of the whole volume (or the preview rows) of a tilt series sorted by angle. */
	private static NetworkResult fit(TiltSeries ts, NetworkParameters params, NetworkRunSettings settings, int threads, CancelToken cancel, ProgressListener progress) {
		TiltGeometry g = ts.geometry();
		ChunkRunner runner = new ChunkRunner(ts, params, settings, cancel, progress);
		NetworkParameters p = runner.params();
		List<ChunkReport> reports = new ArrayList<>();
		try (NetworkRuntime rt = NetworkRuntime.open(settings.device(), threads, cancel)) {
			progress.note(0, "Coordinate network on " + rt.description() + ", " + threads + " threads (" + rt.lanes() + (rt.lanes() == 1 ? " chain" : " chains of fits at once, the fits before them split over both") + ", " +
				rt.torchThreads() + " PyTorch thread" + (rt.torchThreads() == 1 ? "" : "s") + (rt.lanes() > 1 ? " each" : "") + "); " + p + " " + settings);
			int subBatch = settings.subBatch(p.hiddenFeatures());
			// on noisy data the fits see only the training views and watch the held-out ones
			ViewSplit split = runner.split();
			SparseMatrix fitted = split == null ? runner.matrix() : split.rows(runner.matrix(), split.train);
			// TV on the network's own output G = v / scale, O(1) as the authors' volumes (which they
			// clip to [0, 1]): lambda TV(G) = (lambda / scale^2) TV(v), so tv_lambda means their weight
			double scale = p.scaleOutput() ? outputScale(g) : 1;
			List<ChunkFitter> fitters = new ArrayList<>();
			for (int lane = 0; lane < rt.lanes(); lane++) {
				// one fitter per lane: each has its own objective (HostLoss keeps scratch buffers)
				ChunkFitter fitter = new ChunkFitter(rt.root(), rt.objective(fitted, g.width(), g.thickness(), p.tvLambda().getAsDouble() / (scale * scale)), g.width(),
					g.thickness(), p, subBatch, scale, runner.seriesMean(), fourierMatrix(p), runner.cancelToken());
				if (split != null) fitter.holdOut(split, rt.objective(split.rows(runner.matrix(), split.heldOut), g.width(), g.thickness(), 0));
				fitters.add(fitter);
			}
			progress.note(0, runner.noiseNote());
			try {
				Volume v = runner.run(fitters, rt::onWorkerThread, rt.onGpu() ? "gpu" : "cpu", rt.torchThreads(), reports);
				return new NetworkResult(v, reports, rt.description());
			}
			catch (ai.djl.engine.EngineException e) {
				throw rt.translate(e, subBatch);
			}
		}
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

	/** Gaussian Fourier-feature matrix {@code 3 x (width/2)} with the parameters' scale, or null when the scale is 0. */
	static float[][] fourierMatrix(NetworkParameters p) {
		if (p.fourierScale() <= 0) return null;
		int m = Math.max(1, p.hiddenFeatures() / 2);
		Random r = new Random(p.seed() ^ 0x5DEECE66DL);
		float[][] b = new float[3][m];
		for (int a = 0; a < 3; a++) for (int f = 0; f < m; f++) b[a][f] = (float) (r.nextGaussian() * p.fourierScale());
		return b;
	}
}
