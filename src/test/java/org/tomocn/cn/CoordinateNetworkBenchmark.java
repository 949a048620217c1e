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
 * printed for reference). {@code y/x}: {@link TestVolumes#anisotropy}, the streaks along x.
 * Timings are on whatever else runs on the machine at the time.
 */
public class CoordinateNetworkBenchmark {

	private static void log(String s) {
		System.out.println("[cn-bench] " + s);
	}

	@Test
	public void runs() {
		Data d = new Data(64, 64, 32);
		int nx = d.nx, ny = d.ny, nz = d.nz;
		String phantom = d.phantom;
		Volume truth = d.truth;
		double[] angles = d.angles;
		double snr = d.snr;
		TiltSeries ts = d.ts;
		log(String.format(Locale.ROOT, "phantom %s %dx%dx%d, 61 tilts -60:2:60, %s, %d threads; metrics matched mode (PSNR dB, SSIM, mFSC); load %s", phantom, nx, ny,
			nz, snr > 0 ? "SNR " + snr : "noise-free", Integer.getInteger("cn.threads", 2), new String(readLoad()).trim()));
		double[] wbp = null;
		slicePng(truth, "truth");
		for (String run : System.getProperty("cn.runs", "wbp,fast,faithful").split(",")) {
			long t0 = System.nanoTime();
			if (run.equals("fi")) {
				Volume f = new org.tomocn.recon.FourierInversion().reconstruct(ts, 2, CancelToken.NONE, org.tomocn.core.ProgressListener.NONE);
				double s = (System.nanoTime() - t0) / 1e9;
				log(String.format(Locale.ROOT, "fi: %s, %.2f s, y/x %.2f", format(metrics(truth, f, angles)), s, TestVolumes.anisotropy(f)));
				continue;
			}
			if (run.startsWith("sirt=")) {
				Volume f = new org.tomocn.recon.Sirt(Integer.parseInt(run.substring(5)), 1, false).reconstruct(ts, 2, CancelToken.NONE, org.tomocn.core.ProgressListener.NONE);
				slicePng(f, run);
				log(String.format(Locale.ROOT, "%s: %s, %.2f s, y/x %.2f", run, format(metrics(truth, f, angles)), (System.nanoTime() - t0) / 1e9, TestVolumes.anisotropy(f)));
				continue;
			}
			if (run.equals("wbp")) {
				Volume w = new org.tomocn.recon.WeightedBackProjection(org.tomocn.recon.RampFilter.ramLak()).reconstruct(ts, 2, CancelToken.NONE,
					org.tomocn.core.ProgressListener.NONE);
				double s = (System.nanoTime() - t0) / 1e9;
				wbp = metrics(truth, w, angles);
				log(String.format(Locale.ROOT, "wbp: %s, %.2f s, y/x %.2f (truth %.2f)", format(wbp), s, TestVolumes.anisotropy(w), TestVolumes.anisotropy(truth)));
				continue;
			}
			Setup o = setup(run);
			int bin = o.params.networkBin();
			// what the fits saw (network_bin: the binned series), for the point count and the chunk plan
			TiltSeries fitted = bin > 1 ? org.tomocn.recon.InputPreparation.apply(ts, org.tomocn.recon.InputPreparation.Options.NONE.withBin(bin)) : ts;
			NetworkResult res = new CoordinateNetworkEngine(o.params, o.settings).run(ts, o.threads, new CancelToken(), (f, msg) -> {
				if (msg.startsWith("step ") || msg.contains("restored") || msg.contains("stalled") || msg.startsWith("Noise") || msg.startsWith("Ensemble")) log("  " + msg);
			});
			Volume v = res.volume();
			double s = (System.nanoTime() - t0) / 1e9;
			if (o.fuse) {
				long t1 = System.nanoTime();
				Volume fused = org.tomocn.fusion.NetworkFusion.FOURIER.apply(v, ts, 2, CancelToken.NONE, org.tomocn.core.ProgressListener.NONE);
				log(String.format(Locale.ROOT, "%s fused with FI: %s, fusion %.1f s, y/x %.2f", run, format(metrics(truth, fused, angles)), (System.nanoTime() - t1) / 1e9, TestVolumes.anisotropy(fused)));
			}
			slicePng(v, run);
			List<ChunkReport> rep = res.chunkReports();
			long pointIterations = 0;
			double maxRatio = 0;
			int retries = 0;
			for (ChunkReport r : rep) {
				pointIterations += (long) r.iterations * fitted.geometry().width() * fitted.geometry().thickness() * r.rows;
				maxRatio = Math.max(maxRatio, r.loss / r.zeroLoss);
				retries += r.retries;
			}
			SirenWeights w = SirenWeights.random(3, o.params.hiddenLayers(), o.params.hiddenFeatures(), 30, 0);
			double gflops = 6.0 * w.parameterCount() * pointIterations / s / 1e9;
			NetworkParameters used = o.params.forData(NoiseLevel.of(fitted.projections()).noisy(), fitted.geometry().width());
			ChunkPlan plan = new ChunkPlan(0, fitted.geometry().height(), used.slicesPerNetwork(), used.overlap().getAsInt());
			double[] m = metrics(truth, v, angles);
			String vsWbp = wbp == null ? "" : String.format(Locale.ROOT, " (vs WBP: %+.2f dB, %+.3f SSIM, %+.3f mFSC)", m[0] - wbp[0], m[1] - wbp[1], m[2] - wbp[2]);
			log(String.format(Locale.ROOT, "%s: %s%s, %.0f s, %d fits, %.1f effective MLP GFLOP/s over the whole run, worst loss/zero-loss %.4f, retries %d, border ratio %.3f (truth %.3f), y/x %.2f [%s]",
				run, format(m), vsWbp, s, rep.size(), gflops, maxRatio, retries, bin > 1 ? Double.NaN : borderRatio(v, plan), bin > 1 ? Double.NaN : borderRatio(truth, plan), TestVolumes.anisotropy(v), o));
		}
	}

	/**
	 * The benchmark's data: the product's phantom {@code cn.phantom} (default spheres) at
	 * {@code cn.nx x cn.ny x cn.nz} (defaults given), 61 tilts -60:2:60, projected noise-free or
	 * with the simulator's noise at {@code cn.snr} (seed 7; 0 = noise-free).
	 */
	private static final class Data {
		final int nx, ny, nz;
		final String phantom = System.getProperty("cn.phantom", "spheres");
		final double snr = Double.parseDouble(System.getProperty("cn.snr", "0"));
		final double[] angles = TiltAngles.range(-60, 2, 60);
		final Volume truth;
		final TiltSeries ts;

		Data(int nx, int ny, int nz) {
			this.nx = Integer.getInteger("cn.nx", nx);
			this.ny = Integer.getInteger("cn.ny", ny);
			this.nz = Integer.getInteger("cn.nz", nz);
			this.truth = Phantoms.create(PhantomType.fromName(phantom), this.nx, this.ny, this.nz, 1);
			TiltGeometry g = new TiltGeometry(angles, this.nx, this.ny, this.nz, 1.0);
			this.ts = snr > 0 ? org.tomocn.simulate.TiltSeriesSimulator.simulate(truth, g, snr, 7) : new Projector(g).forward(truth, 2, CancelToken.NONE);
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
		boolean fuse = false; // "+fus": also fuse the (upsampled) volume with the full-size Fourier inversion (NetworkFusion.FOURIER)

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
			case "seed": p = p.withSeed(Long.parseLong(kv[1])); break;
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
			case "ys": p = p.withYStep(Double.parseDouble(kv[1])); break;
			case "pf": p = p.withPointFraction(Double.parseDouble(kv[1])); break;
			case "rv": p = p.withReuseValues(!kv[1].equals("0")); break;
			case "ho": p = p.withHeldOut(NetworkParameters.HeldOut.parse(kv[1])); break;
			case "sb": o.settings = o.settings.withSubBatch(Integer.parseInt(kv[1])); break;
			case "t": o.threads = Integer.parseInt(kv[1]); break;
			case "bin": p = p.withNetworkBin(Integer.parseInt(kv[1])); break;
			case "fus": o.fuse = true; break;
			case "ens": o.settings = o.settings.withEnsemble(Integer.parseInt(kv[1])); break;
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
	 * held to 4x that. {@code -Dcn.nx=48 -Dcn.nz=32} times the same on another chunk size
	 * (docs/benchmark/yardstick.py times it in PyTorch).
	 * <pre>
	 * mvn -B test -Dtest=CoordinateNetworkBenchmark#yardstick -Dsurefire.failIfNoSpecifiedTests=false
	 * </pre>
	 */
	@Test
	public void yardstick() {
		int nx = Integer.getInteger("cn.nx", 128), ny = nx, nz = Integer.getInteger("cn.nz", 64), j = 2;
		Volume truth = Phantoms.create(PhantomType.SPHERES, nx, ny, nz, 1);
		TiltGeometry g = new TiltGeometry(TiltAngles.range(-60, 2, 60), nx, ny, nz, 1.0);
		TiltSeries ts = new Projector(g).forward(truth, 2, CancelToken.NONE);
		float max = 0;
		for (float v : ts.projections().data()) max = Math.max(max, Math.abs(v));
		float[] proj = chunkProjections(ts, ny / 2, j, max);
		NetworkParameters o = NetworkParameters.of(NetworkParameters.Preset.FAITHFUL).withPlateauWindow(0);
		try (NetworkRuntime rt = NetworkRuntime.open(NetworkRunSettings.DeviceChoice.CPU, 2, CancelToken.NONE)) {
			ChunkFitter f = new ChunkFitter(rt.root(), new HostLoss(new Projector(g).matrix(), nx, nz, 0), nx, nz, o.forData(false, nx), NetworkRunSettings.defaults().subBatch(256),
				1.0 / nz, ConvergenceGuard.zeroLoss(proj), null, CancelToken.NONE);
			// both cores, as the first fits of a run use them (two shards, ChunkFit.Spread)
			java.util.concurrent.ExecutorService helper = ChunkRunner.lane(rt::onWorkerThread, "helper");
			long t0 = System.nanoTime();
			ChunkFit.Result r = f.fit(SirenWeights.random(3, 4, 256, 30, 1), proj, j, Borders.NONE, new ChunkFit.Spread(2, helper), 200, 1e-3, Double.POSITIVE_INFINITY, Double.NaN, (it, n, loss) -> { });
			log(String.format(Locale.ROOT, "yardstick: 200 iterations, width 256, %dx2x%d chunk: %.1f s (loss %.5f); load %s", nx, nz, (System.nanoTime() - t0) / 1e9, r.loss,
				new String(readLoad())));
			helper.shutdown();
		}
	}

	/**
	 * Issue 11, item 3: which start pays for a chain's fit. The chunk below the middle one (2
	 * rows, y = ny/2 - 2 and ny/2 - 1) is fitted with the fast preset's chain settings
	 * ({@code iterations_next} at {@code learning_rate_next}, plateau stop) from: the middle
	 * chunk's network fitted from random weights (today's neighbour warm start); a network
	 * regressed onto the chunk's rows of the Fourier inversion (a warm start from a
	 * back-projection); one regressed onto the rows of the fast preset's volume fitted to the
	 * bin-2 tilt series and upsampled (coarse-to-fine: the coarse network's values, then a
	 * brief refinement at full size); and, for reference, random weights with the first fit's
	 * budget. The regressions ({@code cn.reg} iterations, default 200, L1 on the voxel values,
	 * learning_rate_first) use the fitter itself with an identity matrix for the projector.
	 * Printed per start: PSNR of the chunk's rows against the truth after a least-squares scale
	 * and offset (peak = the truth's range; not the product's matched mode, which matches mean
	 * and std and needs 7 rows for SSIM), the mean over the rows' x-z planes of the correlation
	 * with the truth in the missing wedge ({@link #wedgeCorrelation}, a 2-D stand-in for mFSC), iterations and seconds. {@code cn.starts} lists the
	 * starts (default {@code nb,fi,coarse,random}); {@code nb:LR:IT} is the neighbour's start with
	 * learning rate LR and at most IT iterations.
	 * <pre>
	 * mvn -B test -Dtest=CoordinateNetworkBenchmark#warmStarts -Dsurefire.failIfNoSpecifiedTests=false -Dcn.nx=128 -Dcn.ny=128 -Dcn.nz=64
	 * </pre>
	 */
	@Test
	public void warmStarts() {
		Data d = new Data(128, 128, 64);
		int nx = d.nx, ny = d.ny, nz = d.nz, j = 2;
		int regIterations = Integer.getInteger("cn.reg", 200);
		String phantom = d.phantom;
		Volume truth = d.truth;
		TiltGeometry g = d.ts.geometry();
		double snr = d.snr;
		TiltSeries ts = d.ts;
		boolean noisy = NoiseLevel.of(ts.projections()).noisy();
		NetworkParameters fast = NetworkParameters.of(NetworkParameters.Preset.FAST).withSeed(1);
		NetworkParameters p = fast.forData(noisy, nx);
		log(String.format(Locale.ROOT, "warm starts: %s %dx%dx%d, %s, chunk y %d-%d, regressions %d iterations; load %s", phantom, nx, ny, nz, snr > 0 ? "SNR " + snr : "noise-free",
			ny / 2 - 2, ny / 2 - 1, regIterations, new String(readLoad()).trim()));
		float pmax = 0;
		for (float v : ts.projections().data()) pmax = Math.max(pmax, Math.abs(v));
		long t0 = System.nanoTime();
		Volume fi = new org.tomocn.recon.FourierInversion().reconstruct(ts, 2, CancelToken.NONE, org.tomocn.core.ProgressListener.NONE);
		log(String.format(Locale.ROOT, "  Fourier inversion: %.1f s", (System.nanoTime() - t0) / 1e9));
		int ym = ny / 2, yn = ny / 2 - 2;
		float[] projM = chunkProjections(ts, ym, j, pmax), projN = chunkProjections(ts, yn, j, pmax);
		float[] truthN = chunkValues(truth, yn, j, 1), fiN = chunkValues(fi, yn, j, 1 / pmax), coarseN = null;
		log(String.format(Locale.ROOT, "  FI rows as a target: PSNR %.2f dB, wedge corr %.3f", chunkPsnr(truthN, fiN), wedgeCorrelation(truthN, fiN, nx, nz, j, d.angles)));
		if (System.getProperty("cn.starts", "coarse").contains("coarse")) {
			t0 = System.nanoTime();
			Volume coarse = new CoordinateNetworkEngine(fast.withNetworkBin(2), NetworkRunSettings.defaults().withDevice(NetworkRunSettings.DeviceChoice.CPU)).run(ts, 2,
				new CancelToken(), (f, m) -> { }).volume();
			// bring the coarse volume onto FI's scale (least squares)
			coarseN = chunkValues(coarse, yn, j, 1);
			double c = leastSquaresScale(coarseN, fiN);
			for (int i = 0; i < coarseN.length; i++) coarseN[i] *= c;
			log(String.format(Locale.ROOT, "  coarse (fast on the bin-2 series, upsampled) %.1f s; its rows as a target: PSNR %.2f dB, wedge corr %.3f", (System.nanoTime() - t0) / 1e9,
				chunkPsnr(truthN, coarseN), wedgeCorrelation(truthN, coarseN, nx, nz, j, d.angles)));
		}
		double scale = CoordinateNetworkEngine.outputScale(g);
		int n = nx * nz;
		int[] rowPtr = new int[n + 1], col = new int[n];
		float[] one = new float[n];
		for (int i = 0; i < n; i++) {
			rowPtr[i + 1] = i + 1;
			col[i] = i;
			one[i] = 1;
		}
		org.tomocn.geometry.SparseMatrix identity = new org.tomocn.geometry.SparseMatrix(n, n, rowPtr, col, one);
		double seriesMean = 0;
		for (float v : ts.projections().data()) seriesMean += Math.abs(v) / pmax;
		seriesMean /= ts.projections().data().length;
		int subBatch = NetworkRunSettings.defaults().subBatch(p.hiddenFeatures());
		try (NetworkRuntime rt = NetworkRuntime.open(NetworkRunSettings.DeviceChoice.CPU, 2, CancelToken.NONE)) {
			ChunkFitter fitter = new ChunkFitter(rt.root(), new HostLoss(new Projector(g).matrix(), nx, nz, p.tvLambda().getAsDouble() / (scale * scale)), nx, nz, p, subBatch, scale,
				seriesMean, null, CancelToken.NONE);
			ChunkFitter regressor = new ChunkFitter(rt.root(), new HostLoss(identity, nx, nz, 0), nx, nz, p, subBatch, scale, seriesMean, null, CancelToken.NONE);
			ChunkFit.IterationListener quiet = (it, all, loss) -> { };
			SirenWeights random = SirenWeights.random(3, p.hiddenLayers(), p.hiddenFeatures(), p.omega0().getAsDouble(), 1);
			double zeroM = ConvergenceGuard.zeroLoss(projM), zeroN = ConvergenceGuard.zeroLoss(projN);
			long t1 = System.nanoTime();
			ChunkFit.Result middle = fitter.fit(random, projM, j, Borders.NONE, ChunkFit.Spread.NONE, p.iterationsFirst(), p.learningRateFirst(), Double.POSITIVE_INFINITY, zeroM, quiet);
			double tMiddle = (System.nanoTime() - t1) / 1e9;
			log(String.format(Locale.ROOT, "  middle chunk from random weights (the chain's source): %d iterations, %.1f s", middle.iterations, tMiddle));
			for (String start : System.getProperty("cn.starts", "nb,fi,coarse,random").split(",")) {
				String[] f = start.split(":"); // nb[:LR[:IT]]: the neighbour's weights with another learning rate or bound
				double lr = f.length > 1 ? Double.parseDouble(f[1]) : start.equals("random") ? p.learningRateFirst() : p.learningRateNext().getAsDouble();
				int its = f.length > 2 ? Integer.parseInt(f[2]) : start.equals("random") ? p.iterationsFirst() : p.iterationsNext().getAsInt();
				long t2 = System.nanoTime();
				SirenWeights init;
				String pre = "";
				if (f[0].equals("nb")) init = middle.weights;
				else if (f[0].equals("random")) init = random;
				else {
					ChunkFit.Result r = regressor.fit(random, f[0].equals("fi") ? fiN : coarseN, j, Borders.NONE, ChunkFit.Spread.NONE, regIterations, p.learningRateFirst(),
						Double.POSITIVE_INFINITY, Double.NaN, quiet);
					init = r.weights;
					pre = String.format(Locale.ROOT, "regression %d it %.1f s (PSNR %.2f, wedge %.3f), then ", r.iterations, (System.nanoTime() - t2) / 1e9, chunkPsnr(truthN, r.values),
						wedgeCorrelation(truthN, r.values, nx, nz, j, d.angles));
				}
				long t3 = System.nanoTime();
				ChunkFit.Result r = fitter.fit(init, projN, j, Borders.NONE, ChunkFit.Spread.NONE, its, lr, Double.POSITIVE_INFINITY, zeroN, quiet);
				log(String.format(Locale.ROOT, "  start %s (lr %.0e, at most %d it): %sfit %d it %.1f s: PSNR %.2f dB, wedge corr %.3f, loss %.5f", f[0], lr, its, pre, r.iterations,
					(System.nanoTime() - t3) / 1e9, chunkPsnr(truthN, r.values), wedgeCorrelation(truthN, r.values, nx, nz, j, d.angles), r.loss));
			}
		}
	}

	/** Rows y0 .. y0 + j - 1 of the projections divided by {@code pmax}, in the fitter's layout {@code (u + X view) j + b}. */
	private static float[] chunkProjections(TiltSeries ts, int y0, int j, float pmax) {
		Volume p = ts.projections();
		int nx = p.nx(), nv = p.nz();
		float[] out = new float[nx * nv * j];
		for (int k = 0; k < nv; k++) for (int b = 0; b < j; b++) for (int u = 0; u < nx; u++) out[(u + nx * k) * j + b] = p.get(u, y0 + b, k) / pmax;
		return out;
	}

	/** Rows y0 .. y0 + j - 1 of a volume times {@code f}, in the fitter's layout {@code (x + X z) j + b}. */
	private static float[] chunkValues(Volume v, int y0, int j, float f) {
		int nx = v.nx(), nz = v.nz();
		float[] out = new float[nx * nz * j];
		for (int z = 0; z < nz; z++) for (int b = 0; b < j; b++) for (int x = 0; x < nx; x++) out[(x + nx * z) * j + b] = v.get(x, y0 + b, z) * f;
		return out;
	}

	/** The factor c minimising |c a - b|^2. */
	private static double leastSquaresScale(float[] a, float[] b) {
		double ab = 0, aa = 0;
		for (int i = 0; i < a.length; i++) {
			ab += (double) a[i] * b[i];
			aa += (double) a[i] * a[i];
		}
		return aa > 0 ? ab / aa : 1;
	}

	/** PSNR (dB) of {@code rec} after the least-squares scale and offset onto {@code truth}; peak = the truth's range. */
	private static double chunkPsnr(float[] truth, float[] rec) {
		int n = truth.length;
		double mt = 0, mr = 0;
		for (int i = 0; i < n; i++) {
			mt += truth[i];
			mr += rec[i];
		}
		mt /= n;
		mr /= n;
		double tr = 0, rr = 0, lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
		for (int i = 0; i < n; i++) {
			tr += (truth[i] - mt) * (rec[i] - mr);
			rr += (rec[i] - mr) * (rec[i] - mr);
			lo = Math.min(lo, truth[i]);
			hi = Math.max(hi, truth[i]);
		}
		double a = rr > 0 ? tr / rr : 0, mse = 0;
		for (int i = 0; i < n; i++) {
			double d = a * (rec[i] - mr) + mt - truth[i];
			mse += d * d;
		}
		return 10 * Math.log10((hi - lo) * (hi - lo) / (mse / n));
	}

	/**
	 * Mean over the chunk's x-z planes of Re sum T conj R / sqrt(sum |T|^2 sum |R|^2) over the
	 * missing wedge of the planes' 2-D DFT (mean removed): |kz| > tan(alpha) |kx| in cycles per
	 * pixel, 0 < |k| <= 0.5, alpha = the largest tilt angle.
	 */
	private static double wedgeCorrelation(float[] truth, float[] rec, int nx, int nz, int j, double[] anglesDeg) {
		double maxTilt = 0;
		for (double a : anglesDeg) maxTilt = Math.max(maxTilt, Math.abs(a));
		double slope = Math.tan(Math.toRadians(maxTilt)), sum = 0;
		org.tomocn.fft.Fft.Plan2d fft = new org.tomocn.fft.Fft.Plan2d(nx, nz);
		for (int b = 0; b < j; b++) {
			float[] ft = plane(truth, nx, nz, j, b), fr = plane(rec, nx, nz, j, b);
			fft.forward(ft);
			fft.forward(fr);
			double x = 0, tt = 0, rr = 0;
			for (int kz = 0; kz < nz; kz++) for (int kx = 0; kx < nx; kx++) {
				double fx = org.tomocn.fft.Fft.freq(kx, nx) / (double) nx, fz = org.tomocn.fft.Fft.freq(kz, nz) / (double) nz;
				double r = Math.hypot(fx, fz);
				if (r == 0 || r > 0.5 || Math.abs(fz) <= slope * Math.abs(fx)) continue;
				int i = 2 * (kx + nx * kz);
				x += (double) ft[i] * fr[i] + (double) ft[i + 1] * fr[i + 1];
				tt += (double) ft[i] * ft[i] + (double) ft[i + 1] * ft[i + 1];
				rr += (double) fr[i] * fr[i] + (double) fr[i + 1] * fr[i + 1];
			}
			sum += tt > 0 && rr > 0 ? x / Math.sqrt(tt * rr) : 0;
		}
		return sum / j;
	}

	/** Plane b of a chunk ({@code (x + X z) j + b}), mean removed, as interleaved complex values (index x + X z). */
	private static float[] plane(float[] v, int nx, int nz, int j, int b) {
		double mean = 0;
		for (int i = 0; i < nx * nz; i++) mean += v[i * j + b];
		mean /= nx * nz;
		float[] out = new float[2 * nx * nz];
		for (int i = 0; i < nx * nz; i++) out[2 * i] = (float) (v[i * j + b] - mean);
		return out;
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
