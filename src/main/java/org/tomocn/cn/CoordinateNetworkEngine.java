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
import org.tomocn.recon.InputPreparation;
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
		int b = params.networkBin();
		if (b > 1 && (g.width() / b < 2 || g.height() / b < 1 || Math.round(g.thickness() / (double) b) < 2)) {
			throw new TomoInputException(String.format(Locale.ROOT, "network_bin=%d leaves %d x %d pixels and a thickness of %d of the %d x %d x %d tilt series (at least 2 x 1 x 2 are needed): use a smaller network_bin",
				b, g.width() / b, g.height() / b, Math.round(g.thickness() / (double) b), g.width(), g.height(), g.thickness()));
		}
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
		int b = params.networkBin();
		if (b == 1) return fitMembers(ts, settings, threads, cancel, progress);
		TiltGeometry g = ts.geometry();
		TiltSeries coarse = InputPreparation.apply(ts, InputPreparation.Options.NONE.withBin(b));
		TiltGeometry cg = coarse.geometry();
		int rows = settings.preview() > 0 ? settings.preview() : g.height();
		NetworkRunSettings s = settings.preview() > 0 ? settings.withPreview(Math.min(cg.height(), (settings.preview() + b - 1) / b)) : settings;
		String crop = InputPreparation.binCropWarning(g.width(), g.height(), b);
		progress.note(0, String.format(Locale.ROOT,
			"network_bin=%d: the network is fitted to the tilt series binned %d x %d (%d x %d pixels, thickness %d; the noise and iterations below are the binned series') and its volume is interpolated back to %d x %d x %d%s",
			b, b, b, cg.width(), cg.height(), cg.thickness(), g.width(), rows, g.thickness(), crop == null ? "" : "; " + crop + ", and the volume's edge voxels there repeat their neighbours'"));
		NetworkResult r = fitMembers(coarse, s, threads, cancel, progress);
		return new NetworkResult(upsample(r.volume(), b, g.width(), g.height(), rows, g.thickness()), r.chunkReports(), r.device());
	}

	/** One fit, or the ensemble's members and their mean, of a tilt series sorted by angle. */
	private NetworkResult fitMembers(TiltSeries ts, NetworkRunSettings settings, int threads, CancelToken cancel, ProgressListener progress) {
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

	/**
	 * The volume of a fit to a tilt series binned {@code b x b} ({@link NetworkParameters#networkBin};
	 * {@link InputPreparation}: block means of the central {@code (nx / b) b} columns and
	 * {@code (ny / b) b} rows, thickness {@code round(nz / b)}) brought back to {@code nx} x
	 * {@code rows} x {@code nz} voxels by trilinear interpolation, in the units of an unbinned
	 * reconstruction.
	 * <p>
	 * Positions: coarse voxel {@code c} averages full voxels {@code o + b c .. o + b c + b - 1}
	 * ({@code o} = the columns or rows cropped before the first block), so full voxel
	 * {@code x} sits at coarse coordinate {@code (x - o + 0.5) / b - 0.5}; along z the coarse
	 * thickness spans the full one, {@code (z + 0.5) nz_c / nz - 0.5}. Coordinates beyond the
	 * outermost coarse voxels take those voxels' values. Rows: {@code rows} full rows centred as
	 * the coarse volume's (a preview's central rows, or all {@code ny}).
	 * <p>
	 * Units: the projector sums voxels along a ray, so a binned voxel, {@code b} times as long,
	 * holds {@code b} times the attenuation per voxel of the unbinned volume
	 * (README, {@code bin}); the values are divided by {@code b}.
	 */
	static Volume upsample(Volume c, int b, int nx, int ny, int rows, int nz) {
		Volume out = new Volume(nx, rows, nz, Double.isNaN(c.pixelSize()) ? Double.NaN : c.pixelSize() / b);
		int ox = (nx - (nx / b) * b) / 2;
		// the coarse rows are the central ones of ny / b; the full rows the central `rows` of ny
		double oy = (ny - (ny / b) * b) / 2 + (ny / b - c.ny()) / 2 * (double) b - (ny - rows) / 2;
		double fz = c.nz() / (double) nz;
		float[] d = out.data();
		for (int z = 0; z < nz; z++) {
			double cz = (z + 0.5) * fz - 0.5;
			int z0 = cell(cz, c.nz());
			double wz = weight(cz, z0, c.nz());
			for (int y = 0; y < rows; y++) {
				double cy = (y - oy + 0.5) / b - 0.5;
				int y0 = cell(cy, c.ny());
				double wy = weight(cy, y0, c.ny());
				for (int x = 0; x < nx; x++) {
					double cx = (x - ox + 0.5) / b - 0.5;
					int x0 = cell(cx, c.nx());
					double wx = weight(cx, x0, c.nx());
					double v = 0;
					for (int k = 0; k < 8; k++) {
						int dx = k & 1, dy = (k >> 1) & 1, dz = k >> 2;
						double w = (dx == 1 ? wx : 1 - wx) * (dy == 1 ? wy : 1 - wy) * (dz == 1 ? wz : 1 - wz);
						if (w != 0) v += w * c.get(x0 + dx, y0 + dy, z0 + dz);
					}
					d[x + nx * (y + rows * z)] = (float) (v / b);
				}
			}
		}
		return out;
	}

	/** The lower of the two coarse voxels that interpolate coordinate {@code c} on an axis of {@code n} voxels. */
	private static int cell(double c, int n) {
		return n < 2 ? 0 : Math.min(n - 2, Math.max(0, (int) Math.floor(c)));
	}

	/** The upper voxel's weight for coordinate {@code c} (clamped to the axis: edges repeat). */
	private static double weight(double c, int lower, int n) {
		return n < 2 ? 0 : Math.min(1, Math.max(0, c - lower));
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
