package org.tomocn.cn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import org.junit.Test;
import org.tomocn.io.TiltAngles;
import org.tomocn.core.CancelToken;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.geometry.Projector;
import org.tomocn.metrics.FourierShellCorrelation;
import org.tomocn.metrics.MetricMode;
import org.tomocn.metrics.MetricsResult;
import org.tomocn.metrics.VoxelMetrics;
import org.tomocn.simulate.PhantomType;
import org.tomocn.simulate.Phantoms;

/**
 * Speed and quality of the coordinate network (not a test; run explicitly):
 * <pre>
 * mvn -B test -Dtest=CoordinateNetworkBenchmark#runs -Dsurefire.failIfNoSpecifiedTests=false -Dcn.runs=wbp,fast,faithful
 * mvn -B test -Dtest=CoordinateNetworkBenchmark#mlpThroughput -Dsurefire.failIfNoSpecifiedTests=false
 * mvn -B test -Dtest=CoordinateNetworkBenchmark#nativeMemory -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Phantom: the product's ({@code cn.phantom}, default spheres) at {@code cn.nx x cn.ny x cn.nz}
 * (default 64 x 64 x 32), 61 tilts -60:2:60, noise-free or with the simulator's noise at
 * {@code cn.snr}. Runs: {@code wbp}, {@code fi}, {@code sirt=N}, or a network setting such as
 * {@code fast+tv=0.1+ho=off} (see {@link #setup}). Metrics in matched mode and the
 * mean missing-wedge FSC, as the benchmark report computes them. Border ratio: mean energy of
 * y-differences across chunk borders divided by that inside chunks (the truth's own ratio
 * printed for reference). Timings are on whatever else runs on the machine at the time.
 */
public class CoordinateNetworkBenchmark {

	private static void log(String s) {
		System.out.println("[cn-bench] " + s);
	}

	@Test
	public void runs() {
		int nx = Integer.getInteger("cn.nx", 64), ny = Integer.getInteger("cn.ny", 64), nz = Integer.getInteger("cn.nz", 32);
		String phantom = System.getProperty("cn.phantom", "spheres");
		Volume truth = Phantoms.create(PhantomType.fromName(phantom), nx, ny, nz, 1);
		double[] angles = TiltAngles.range(-60, 2, 60);
		TiltGeometry g = new TiltGeometry(angles, nx, ny, nz, 1.0);
		double snr = Double.parseDouble(System.getProperty("cn.snr", "0"));
		TiltSeries ts = snr > 0 ? org.tomocn.simulate.TiltSeriesSimulator.simulate(truth, g, snr, 7) : new Projector(g).forward(truth, 2, CancelToken.NONE);
		log(String.format(Locale.ROOT, "phantom %s %dx%dx%d, 61 tilts -60:2:60, %s, %d threads; metrics matched mode (PSNR dB, SSIM, mFSC); load %s", phantom, nx, ny,
			nz, snr > 0 ? "SNR " + snr : "noise-free", Integer.getInteger("cn.threads", 2), new String(readLoad()).trim()));
		double[] wbp = null;
		slicePng(truth, "truth");
		for (String run : System.getProperty("cn.runs", "wbp,fast,faithful").split(",")) {
			long t0 = System.nanoTime();
			if (run.equals("fi")) {
				Volume f = new org.tomocn.recon.FourierInversion().reconstruct(ts, 2, CancelToken.NONE, org.tomocn.core.ProgressListener.NONE);
				double s = (System.nanoTime() - t0) / 1e9;
				log(String.format(Locale.ROOT, "fi: %s, %.2f s", format(metrics(truth, f, angles)), s));
				continue;
			}
			if (run.startsWith("sirt=")) {
				Volume f = new org.tomocn.recon.Sirt(Integer.parseInt(run.substring(5)), 1, false).reconstruct(ts, 2, CancelToken.NONE, org.tomocn.core.ProgressListener.NONE);
				slicePng(f, run);
				log(String.format(Locale.ROOT, "%s: %s, %.2f s", run, format(metrics(truth, f, angles)), (System.nanoTime() - t0) / 1e9));
				continue;
			}
			if (run.equals("wbp")) {
				Volume w = new org.tomocn.recon.WeightedBackProjection(org.tomocn.recon.RampFilter.ramLak()).reconstruct(ts, 2, CancelToken.NONE,
					org.tomocn.core.ProgressListener.NONE);
				double s = (System.nanoTime() - t0) / 1e9;
				wbp = metrics(truth, w, angles);
				log(String.format(Locale.ROOT, "wbp: %s, %.2f s", format(wbp), s));
				continue;
			}
			Setup o = setup(run);
			NetworkResult res = new CoordinateNetworkEngine(o.params, o.settings).run(ts, o.threads, new CancelToken(), (f, msg) -> {
				if (msg.startsWith("step ") || msg.contains("restored") || msg.contains("stalled") || msg.startsWith("Noise")) log("  " + msg);
			});
			Volume v = res.volume();
			double s = (System.nanoTime() - t0) / 1e9;
			slicePng(v, run);
			List<ChunkReport> rep = res.chunkReports();
			long pointIterations = 0;
			double maxRatio = 0;
			int retries = 0;
			for (ChunkReport r : rep) {
				pointIterations += (long) r.iterations * nx * nz * r.rows;
				maxRatio = Math.max(maxRatio, r.loss / r.zeroLoss);
				retries += r.retries;
			}
			SirenWeights w = SirenWeights.random(3, o.params.hiddenLayers(), o.params.hiddenFeatures(), 30, 0);
			double gflops = 6.0 * w.parameterCount() * pointIterations / s / 1e9;
			NetworkParameters used = o.params.forData(NoiseLevel.of(ts.projections()).noisy(), nx);
			ChunkPlan plan = new ChunkPlan(0, ny, used.slicesPerNetwork(), used.overlap().getAsInt());
			double[] m = metrics(truth, v, angles);
			String vsWbp = wbp == null ? "" : String.format(Locale.ROOT, " (vs WBP: %+.2f dB, %+.3f SSIM, %+.3f mFSC)", m[0] - wbp[0], m[1] - wbp[1], m[2] - wbp[2]);
			log(String.format(Locale.ROOT, "%s: %s%s, %.0f s, %d fits, %.1f effective MLP GFLOP/s over the whole run, worst loss/zero-loss %.4f, retries %d, border ratio %.3f (truth %.3f) [%s]",
				run, format(m), vsWbp, s, rep.size(), gflops, maxRatio, retries, borderRatio(v, plan), borderRatio(truth, plan), o));
		}
	}

	/**
	 * With {@code -Dcn.png=DIR}: the central x-y slice (z = Z/2; image rows are y, so chunk
	 * seams show as horizontal lines) as {@code DIR/NAME.png}, grey levels from the 1st to the
	 * 99th percentile.
	 */
	private static void slicePng(Volume v, String name) {
		String dir = System.getProperty("cn.png");
		if (dir == null) return;
		int nx = v.nx(), ny = v.ny(), z = v.nz() / 2;
		float[] s = new float[nx * ny];
		for (int y = 0; y < ny; y++) for (int x = 0; x < nx; x++) s[x + nx * y] = v.get(x, y, z);
		float[] sorted = s.clone();
		java.util.Arrays.sort(sorted);
		float lo = sorted[(int) (0.01 * (s.length - 1))], hi = sorted[(int) (0.99 * (s.length - 1))];
		java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(nx, ny, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
		for (int y = 0; y < ny; y++) for (int x = 0; x < nx; x++) {
			int g = (int) Math.round(255 * Math.min(1, Math.max(0, (s[x + nx * y] - lo) / (hi - lo + 1e-30f))));
			img.getRaster().setSample(x, y, 0, g);
		}
		try {
			Files.createDirectories(Path.of(dir));
			javax.imageio.ImageIO.write(img, "png", Path.of(dir, name.replaceAll("[^A-Za-z0-9=.+-]", "_") + ".png").toFile());
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	/** Matched-mode PSNR and SSIM, and the mean missing-wedge FSC (conventions). */
	private static double[] metrics(Volume truth, Volume rec, double[] angles) {
		MetricsResult r = VoxelMetrics.compute(rec, truth, MetricMode.MATCHED, 2);
		return new double[] { r.psnr(), r.ssim(), FourierShellCorrelation.compute(truth, rec, angles, 2).mfsc() };
	}

	private static String format(double[] m) {
		return String.format(Locale.ROOT, "PSNR %.2f dB, SSIM %.3f, mFSC %.3f", m[0], m[1], m[2]);
	}

	/** A benchmark run's hyperparameters, settings and thread count. */
	static final class Setup {
		NetworkParameters params = NetworkParameters.of(NetworkParameters.Preset.FAITHFUL).withSeed(1);
		NetworkRunSettings settings = NetworkRunSettings.defaults().withDevice(NetworkRunSettings.DeviceChoice.CPU);
		int threads = Integer.getInteger("cn.threads", 2); // the header's count; "+t=N" sets one run's

		@Override
		public String toString() {
			return params + " " + settings + " threads=" + threads;
		}
	}

	/** Named settings: presets and candidates for the fast preset. */
	static Setup setup(String run) {
		Setup o = new Setup();
		for (String part : run.split("\\+")) {
			String[] kv = part.split("=");
			NetworkParameters p = o.params;
			switch (kv[0]) {
			case "faithful": p = NetworkParameters.of(NetworkParameters.Preset.FAITHFUL).withSeed(1); break;
			case "fast": p = NetworkParameters.of(NetworkParameters.Preset.FAST).withSeed(1); break;
			case "j": p = p.withSlicesPerNetwork(Integer.parseInt(kv[1])); break;
			case "ov": p = p.withOverlap(Integer.parseInt(kv[1])); break;
			case "h": p = p.withHiddenFeatures(Integer.parseInt(kv[1])); break;
			case "o": p = p.withOmega0(Double.parseDouble(kv[1])); break;
			case "L": p = p.withHiddenLayers(Integer.parseInt(kv[1])); break;
			case "itf": p = p.withIterationsFirst(Integer.parseInt(kv[1])); break;
			case "itn": p = p.withIterationsNext(Integer.parseInt(kv[1])); break;
			case "lrn": p = p.withLearningRateNext(Double.parseDouble(kv[1])); break;
			case "lrf": p = p.withLearningRateFirst(Double.parseDouble(kv[1])); break;
			case "ams": p = p.withAmsgrad(!kv[1].equals("0")); break;
			case "os": p = p.withScaleOutput(!kv[1].equals("0")); break;
			case "pw": p = p.withPlateauWindow(Double.parseDouble(kv[1])); break;
			case "pt": p = p.withPlateauTolerance(Double.parseDouble(kv[1])); break;
			case "tv": p = p.withTvLambda(Double.parseDouble(kv[1])); break;
			case "pf": p = p.withPointFraction(Double.parseDouble(kv[1])); break;
			case "rv": p = p.withReuseValues(!kv[1].equals("0")); break;
			case "ho": p = p.withHeldOut(NetworkParameters.HeldOut.parse(kv[1])); break;
			case "sb": o.settings = o.settings.withSubBatch(Integer.parseInt(kv[1])); break;
			case "t": o.threads = Integer.parseInt(kv[1]); break;
			default: throw new IllegalArgumentException("unknown run setting " + part);
			}
			o.params = p;
		}
		return o;
	}

	/**
	 * Mean squared y-difference across chunk borders / inside chunks; NaN with overlap, where
	 * the blend leaves no hard border to measure.
	 */
	static double borderRatio(Volume v, ChunkPlan plan) {
		if (plan.overlap > 0) return Double.NaN;
		boolean[] border = new boolean[v.ny()];
		for (int c = 1; c < plan.numChunks(); c++) border[plan.start[c] - 1] = true;
		double eb = 0, ei = 0;
		int nb = 0, ni = 0;
		for (int y = 0; y + 1 < v.ny(); y++) {
			double e = 0;
			for (int z = 0; z < v.nz(); z++) for (int x = 0; x < v.nx(); x++) {
				double d = v.get(x, y + 1, z) - v.get(x, y, z);
				e += d * d;
			}
			if (border[y]) {
				eb += e;
				nb++;
			}
			else {
				ei += e;
				ni++;
			}
		}
		return nb == 0 || ni == 0 ? Double.NaN : (eb / nb) / (ei / ni);
	}

	/** Raw MLP forward+backward throughput of the authors' network at several batch sizes. */
	@Test
	public void mlpThroughput() {
		SirenWeights init = SirenWeights.random(3, 4, 256, 30, 0);
		try (NetworkRuntime rt = NetworkRuntime.open(NetworkRunSettings.DeviceChoice.CPU, Integer.getInteger("cn.threads", 2), CancelToken.NONE)) {
			NDManager m = rt.root();
			Siren net = new Siren(m, init, 30, 1);
			for (int n : new int[] { 2048, 4096, 8192, 16384, 32768 }) {
				NDArray x = m.randomUniform(0, 1, new Shape(n, 3));
				int its = Math.max(3, 40_000 / n);
				double best = Double.MAX_VALUE;
				for (int rep = 0; rep < 3; rep++) {
					long t0 = System.nanoTime();
					for (int i = 0; i < its; i++) {
						try (NDScope s = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
							s.suppressNotUsedWarning();
							gc.backward(net.forward(x).abs().mean());
						}
						for (NDArray p : net.parameters()) NetworkRuntime.zeroGradient(p);
					}
					best = Math.min(best, (System.nanoTime() - t0) / 1e9 / its);
				}
				log(String.format(Locale.ROOT, "MLP 3-256x5-1, %d points: %.4f s per forward+backward, %.1f GFLOP/s (6 x %d params x points)", n, best,
					6.0 * init.parameterCount() * n / best / 1e9, init.parameterCount()));
			}
		}
	}

	/**
	 * Where one iteration's time goes for one chunk of {@code cn.nx x cn.j x cn.nz} points:
	 * MLP forward+backward alone, the sparse projection forward+backward alone, the whole
	 * step as ChunkFitter does it, and Adam's update.
	 */
	@Test
	public void profileIteration() {
		int nx = Integer.getInteger("cn.nx", 64), nz = Integer.getInteger("cn.nz", 32), j = Integer.getInteger("cn.j", 2);
		int width = Integer.getInteger("cn.h", 256);
		TiltGeometry g = new TiltGeometry(TiltAngles.range(-60, 2, 60), nx, j, nz, 1.0);
		SirenWeights init = SirenWeights.random(3, 4, width, 30, 0);
		int n = nx * nz * j, its = 30;
		try (NetworkRuntime rt = NetworkRuntime.open(NetworkRunSettings.DeviceChoice.CPU, Integer.getInteger("cn.threads", 2), CancelToken.NONE)) {
			NDManager m = rt.root();
			DeviceProjector dp = new DeviceProjector(m, new Projector(g).matrix());
			Siren net = new Siren(m, init, 30, 1);
			NDArray x = m.randomUniform(0, 1, new Shape(n, 3));
			NDArray p = m.randomUniform(0, 1, new Shape(dp.rows(), j));
			NDArray vol = m.randomUniform(0, 1, new Shape(dp.cols(), j));
			vol.setRequiresGradient(true);
			String[] names = { "mlp fwd+bwd", "projection fwd+bwd (device)", "mlp fwd only" };
			for (int kind = 0; kind < names.length; kind++) {
				double best = Double.MAX_VALUE;
				for (int rep = 0; rep < 3; rep++) {
					long t0 = System.nanoTime();
					for (int i = 0; i < its; i++) {
						try (NDScope s = new NDScope()) {
							s.suppressNotUsedWarning();
							if (kind == 2) {
								net.forward(x).getFloat(0, 0);
							}
							else {
								try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
									NDArray loss = kind == 0 ? net.forward(x).abs().mean() : dp.project(vol).sub(p).abs().mean();
									gc.backward(loss);
									loss.getFloat();
								}
							}
						}
						for (NDArray q : net.parameters()) NetworkRuntime.zeroGradient(q);
					}
					best = Math.min(best, (System.nanoTime() - t0) / 1e9 / its);
				}
				log(String.format(Locale.ROOT, "%dx%dx%d width %d, %s: %.2f ms", nx, j, nz, width, names[kind], best * 1e3));
			}
			float[] proj = p.toFloatArray();
			NetworkParameters o = NetworkParameters.of(NetworkParameters.Preset.FAITHFUL).withHiddenFeatures(width);
			int subBatch = Integer.getInteger("cn.sb", NetworkRunSettings.defaults().subBatch(width));
			for (int path = 0; path < 2; path++) {
				Objective objective = path == 0 ? new HostLoss(new Projector(g).matrix(), nx, nz, 0) : new DeviceObjective(dp, nx, nz, 0);
				ChunkFitter f = new ChunkFitter(m, objective, nx, nz, o.forData(false, nx), subBatch, 1, 0.1, null, CancelToken.NONE);
				double best = Double.MAX_VALUE;
				for (int rep = 0; rep < 3; rep++) {
					long t0 = System.nanoTime();
					f.fit(init, proj, j, Borders.NONE, ChunkFit.Spread.NONE, its, 1e-4, Double.POSITIVE_INFINITY, Double.NaN, (it, nn, loss) -> { });
					best = Math.min(best, (System.nanoTime() - t0) / 1e9 / its);
				}
				log(String.format(Locale.ROOT, "%dx%dx%d width %d, sub-batch %d, whole iteration (ChunkFitter, %s objective, incl. Adam): %.2f ms", nx, j, nz, width, subBatch,
					path == 0 ? "host" : "device", best * 1e3));
			}
		}
	}

	/**
	 * Issue 11's yardstick, timed with TomoCN's own code: 200 iterations of the authors'
	 * network (width 256, five sine layers, AMSGrad, fixed schedule) on the middle 2-row chunk
	 * of a 128 x 128 x 64 spheres phantom, 61 tilts. The PyTorch re-implementation took
	 * 121 s for this on a machine of this kind; the fast preset's whole 128 x 128 x 64 run is
	 * held to 4x that.
	 * <pre>
	 * mvn -B test -Dtest=CoordinateNetworkBenchmark#yardstick -Dsurefire.failIfNoSpecifiedTests=false
	 * </pre>
	 */
	@Test
	public void yardstick() {
		int nx = 128, ny = 128, nz = 64, j = 2;
		Volume truth = Phantoms.create(PhantomType.SPHERES, nx, ny, nz, 1);
		TiltGeometry g = new TiltGeometry(TiltAngles.range(-60, 2, 60), nx, ny, nz, 1.0);
		Volume p = new Projector(g).forward(truth, 2, CancelToken.NONE).projections();
		int nv = g.numViews(), y0 = ny / 2;
		float max = 0;
		for (float v : p.data()) max = Math.max(max, Math.abs(v));
		float[] proj = new float[nx * nv * j];
		for (int k = 0; k < nv; k++) for (int b = 0; b < j; b++) for (int u = 0; u < nx; u++) proj[(u + nx * k) * j + b] = p.get(u, y0 + b, k) / max;
		NetworkParameters o = NetworkParameters.of(NetworkParameters.Preset.FAITHFUL).withPlateauWindow(0);
		try (NetworkRuntime rt = NetworkRuntime.open(NetworkRunSettings.DeviceChoice.CPU, 2, CancelToken.NONE)) {
			ChunkFitter f = new ChunkFitter(rt.root(), new HostLoss(new Projector(g).matrix(), nx, nz, 0), nx, nz, o.forData(false, nx), NetworkRunSettings.defaults().subBatch(256),
				1.0 / nz, ConvergenceGuard.zeroLoss(proj), null, CancelToken.NONE);
			// both cores, as the first fits of a run use them (two shards, ChunkFit.Spread)
			java.util.concurrent.ExecutorService helper = ChunkRunner.lane(rt::onWorkerThread, "helper");
			long t0 = System.nanoTime();
			ChunkFit.Result r = f.fit(SirenWeights.random(3, 4, 256, 30, 1), proj, j, Borders.NONE, new ChunkFit.Spread(2, helper), 200, 1e-3, Double.POSITIVE_INFINITY, Double.NaN, (it, n, loss) -> { });
			log(String.format(Locale.ROOT, "yardstick: 200 iterations, width 256, 128x2x64 chunk: %.1f s (loss %.5f); load %s", (System.nanoTime() - t0) / 1e9, r.loss,
				new String(readLoad())));
			helper.shutdown();
		}
	}

	private static byte[] readLoad() {
		try {
			return Files.readAllBytes(Path.of("/proc/loadavg"));
		}
		catch (java.io.IOException e) {
			return new byte[0];
		}
	}

	/** Resident memory across many chunks (128 chunks of one row, few iterations each). */
	@Test
	public void nativeMemory() throws Exception {
		Volume truth = TestVolumes.hollowBalls(48, 128, 24, 12, 3, 7, 2, 3);
		TiltGeometry g = new TiltGeometry(TiltAngles.range(-60, 3, 60), 48, 128, 24, 1.0);
		TiltSeries ts = new Projector(g).forward(truth, 2, CancelToken.NONE);
		NetworkParameters o = NetworkParameters.of(NetworkParameters.Preset.FAITHFUL).withSlicesPerNetwork(1).withIterationsFirst(400).withIterationsNext(60);
		NetworkResult r = new CoordinateNetworkEngine(o, NetworkRunSettings.defaults().withDevice(NetworkRunSettings.DeviceChoice.CPU)).run(ts, 1, new CancelToken(),
			(f, msg) -> {
				if (msg.contains("stalled")) log(msg);
				if (msg.startsWith("step ") && (msg.startsWith("step 0:") || msg.matches("step \\d*0:.*"))) log(msg.substring(0, msg.indexOf(':')) + ": RSS " + rssMb() + " MB");
			});
		log("after run: RSS " + rssMb() + " MB, " + r.chunkReports().size() + " fits");
	}

	static long rssMb() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
			}
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
		return -1;
	}
}
