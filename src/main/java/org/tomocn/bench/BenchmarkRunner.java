package org.tomocn.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.tomocn.core.CancelToken;
import org.tomocn.core.CancelledException;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.io.TiltAngles;
import org.tomocn.metrics.FourierShellCorrelation;
import org.tomocn.metrics.FscResult;
import org.tomocn.metrics.MetricMode;
import org.tomocn.metrics.MetricsResult;
import org.tomocn.metrics.VoxelMetrics;
import org.tomocn.simulate.PhantomType;
import org.tomocn.simulate.Phantoms;
import org.tomocn.simulate.TiltSeriesSimulator;

/**
 * Runs the benchmark of a {@link BenchConfig} and writes its report ({@link ReportWriter}):
 * the paper's Figure 4 (every data set reconstructed by every method at the default
 * acquisition, metrics against the phantom) and Figure 5 (the tilt-step and maximum-tilt
 * sweeps on one data set).
 * <p>
 * <b>Data.</b> Each phantom comes from {@link Phantoms#create} with the config's size and
 * seed; its tilt series from {@link TiltSeriesSimulator}, normalised to [0, 1] as the paper
 * does, noise-free as the paper's simulations (or with the config's SNR, {@link BenchConfig#snr()}).
 * <p>
 * <b>Order.</b> All classic methods first (Figure 4, then the sweeps), then the network runs
 * in the config's method order, so that a network budget running out costs only network
 * rows. See {@link BenchConfig} for the budget rule. The report lists runs in table order,
 * not in run order.
 * <p>
 * <b>Timing.</b> Every classic method first runs once untimed (JIT warm-up). Seconds are
 * wall-clock time of {@code reconstruct} alone (for the network including its set-up: the
 * projection matrix and, on its first run, loading PyTorch), on
 * {@link BenchConfig#threads()} threads, on whatever else the machine runs at the time; the
 * report records the load average at the start and the end.
 */
public final class BenchmarkRunner {
	private final BenchConfig config;
	private final ProgressListener progress;
	private final CancelToken cancel;
	private long startNanos;
	/** Per network method name: measured seconds and work so far (for predicting its next run). */
	private final Map<String, double[]> networkRate = new HashMap<>();
	private int done, total;
	private String networkDevice;

	public BenchmarkRunner(BenchConfig config, ProgressListener progress, CancelToken cancel) {
		this.config = config;
		this.progress = progress;
		this.cancel = cancel;
	}

	/**
	 * Runs everything and writes the report into {@code outDir} (created if needed).
	 *
	 * @return the measurements the report was written from
	 * @throws org.tomocn.core.TomoInputException bad configuration or output folder
	 * @throws CancelledException when cancelled (files already written stay)
	 */
	public BenchResults run(Path outDir) {
		config.validate();
		ReportWriter writer = new ReportWriter(outDir);
		startNanos = System.nanoTime();
		BenchResults results = new BenchResults(config, MachineInfo.collect(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
			MachineInfo.loadAverage());
		List<BenchMethod> classic = new ArrayList<>(), network = new ArrayList<>(), sweepClassic = new ArrayList<>(), sweepNetwork = new ArrayList<>();
		for (BenchMethod m : config.methods()) (m instanceof NetworkMethod ? network : classic).add(m);
		for (BenchMethod m : config.sweepMethods()) (m instanceof NetworkMethod ? sweepNetwork : sweepClassic).add(m);
		double[] alphas = config.alphas(), betas = config.betas();
		int sweepPoints = alphas.length + betas.length;
		total = config.datasets().size() * config.methods().size() + sweepPoints * config.sweepMethods().size();
		log(String.format(Locale.ROOT, "benchmark '%s': %d x %d x %d voxels, %d data sets x %d methods, %d sweep points x %d methods, %d threads; load %s",
			config.name(), config.nx(), config.ny(), config.nz(), config.datasets().size(), config.methods().size(), sweepPoints,
			config.sweepMethods().size(), config.threads(), results.loadAtStart()));

		Map<String, MethodRun> fig4 = new HashMap<>();
		Map<PhantomType, Volume> truths = new HashMap<>();
		Map<PhantomType, TiltSeries> series = new HashMap<>();
		for (PhantomType d : config.datasets()) {
			Volume truth = phantom(d);
			truths.put(d, truth);
			series.put(d, simulate(truth, config.step(), config.maxTilt()));
			if (truths.size() == 1) warmUp(classic, series.get(d));
			for (BenchMethod m : classic) fig4.put(key(d, m), measure(d.userName(), m, truth, series.get(d)));
		}
		Volume sweepTruth = truths.containsKey(config.sweepDataset()) ? truths.get(config.sweepDataset()) : phantom(config.sweepDataset());
		Map<String, MethodRun> alpha = new HashMap<>(), beta = new HashMap<>();
		sweep(sweepTruth, sweepClassic, alphas, betas, alpha, beta);
		for (BenchMethod m : network) {
			for (PhantomType d : config.datasets()) fig4.put(key(d, m), measureWithinBudget(d.userName(), (NetworkMethod) m, truths.get(d), series.get(d)));
		}
		sweep(sweepTruth, sweepNetwork, alphas, betas, alpha, beta);

		for (PhantomType d : config.datasets()) for (BenchMethod m : config.methods()) results.figure4.add(fig4.get(key(d, m)));
		for (double a : alphas) for (BenchMethod m : config.sweepMethods()) results.alphaSweep.add(alpha.get(m.name() + "@" + a));
		for (double b : betas) for (BenchMethod m : config.sweepMethods()) results.betaSweep.add(beta.get(m.name() + "@" + b));
		results.networkDevice = networkDevice;
		results.machine.put("DJL engine and device (coordinate network)", networkDevice == null ? "not run" : networkDevice);
		results.loadAtEnd = MachineInfo.loadAverage();
		results.totalSeconds = (System.nanoTime() - startNanos) / 1e9;
		log("writing the report into " + outDir);
		writer.write(results);
		results.totalSeconds = (System.nanoTime() - startNanos) / 1e9;
		log(String.format(Locale.ROOT, "done in %.0f s; load %s", results.totalSeconds, results.loadAtEnd));
		return results;
	}

	private void sweep(Volume truth, List<BenchMethod> methods, double[] alphas, double[] betas, Map<String, MethodRun> alpha, Map<String, MethodRun> beta) {
		if (methods.isEmpty()) return;
		String d = config.sweepDataset().userName();
		for (double a : alphas) {
			TiltSeries ts = simulate(truth, a, config.maxTilt());
			for (BenchMethod m : methods) alpha.put(m.name() + "@" + a, measureAny(d, m, truth, ts));
		}
		for (double b : betas) {
			TiltSeries ts = simulate(truth, config.step(), b);
			for (BenchMethod m : methods) beta.put(m.name() + "@" + b, measureAny(d, m, truth, ts));
		}
	}

	private MethodRun measureAny(String dataset, BenchMethod m, Volume truth, TiltSeries ts) {
		return m instanceof NetworkMethod ? measureWithinBudget(dataset, (NetworkMethod) m, truth, ts) : measure(dataset, m, truth, ts);
	}

	/** Runs a network method unless its predicted time exceeds the budget left (see {@link BenchConfig}). */
	private MethodRun measureWithinBudget(String dataset, NetworkMethod m, Volume truth, TiltSeries ts) {
		TiltGeometry g = ts.geometry();
		double left = config.networkBudgetSeconds() - (System.nanoTime() - startNanos) / 1e9;
		double[] rate = networkRate.get(m.name());
		if (rate == null) rate = networkRate.values().stream().reduce((a, b) -> new double[] { a[0] + b[0], a[1] + b[1] }).orElse(null);
		if (rate != null && rate[1] > 0) {
			double predicted = m.work(g) * rate[0] / rate[1];
			if (predicted > left) {
				done++;
				String note = String.format(Locale.ROOT, "skipped: predicted %.0f s (from the network runs measured so far) exceeds the %.0f s left of the %.0f s network budget",
					predicted, Math.max(0, left), config.networkBudgetSeconds());
				log(dataset + " / " + m.name() + ": " + note);
				return new MethodRun(dataset, m.name(), g.anglesDeg()[1] - g.anglesDeg()[0], g.anglesDeg()[g.numViews() - 1], g.numViews(), Double.NaN, note);
			}
		}
		else if (left <= 0) {
			done++;
			String note = String.format(Locale.ROOT, "skipped: the %.0f s network budget was used up before this run", config.networkBudgetSeconds());
			return new MethodRun(dataset, m.name(), g.anglesDeg()[1] - g.anglesDeg()[0], g.anglesDeg()[g.numViews() - 1], g.numViews(), Double.NaN, note);
		}
		MethodRun r = measureUntil(dataset, m, truth, ts, startNanos + (long) (config.networkBudgetSeconds() * 1e9));
		if (m.lastDevice() != null) networkDevice = m.lastDevice();
		if (r.measured()) {
			double[] own = networkRate.computeIfAbsent(m.name(), k -> new double[2]);
			own[0] += r.seconds();
			own[1] += m.work(g);
		}
		return r;
	}

	/**
	 * {@link #measure} with a deadline ({@link System#nanoTime()} value): a run still going at
	 * the deadline is stopped and reported as such. The caller's cancel still cancels it all.
	 */
	private MethodRun measureUntil(String dataset, BenchMethod m, Volume truth, TiltSeries ts, long deadline) {
		CancelToken run = new CancelToken();
		ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "bench-budget");
			t.setDaemon(true);
			return t;
		});
		watch.scheduleAtFixedRate(() -> {
			if (cancel.isCancelled() || System.nanoTime() > deadline) run.cancel();
		}, 0, 500, TimeUnit.MILLISECONDS);
		long t0 = System.nanoTime();
		try {
			return measure(dataset, m, truth, ts, run);
		}
		catch (CancelledException e) {
			if (cancel.isCancelled()) throw e;
			done++;
			TiltGeometry g = ts.geometry();
			String note = String.format(Locale.ROOT, "stopped after %.0f s: the %.0f s network budget ran out during this run", (System.nanoTime() - t0) / 1e9,
				config.networkBudgetSeconds());
			log(dataset + " / " + m.name() + ": " + note);
			return new MethodRun(dataset, m.name(), g.anglesDeg()[1] - g.anglesDeg()[0], g.anglesDeg()[g.numViews() - 1], g.numViews(), Double.NaN, note);
		}
		finally {
			watch.shutdownNow();
		}
	}

	/** Reconstructs, times and measures one run; a failure of the method becomes the run's note. */
	MethodRun measure(String dataset, BenchMethod m, Volume truth, TiltSeries ts) {
		return measure(dataset, m, truth, ts, cancel);
	}

	private MethodRun measure(String dataset, BenchMethod m, Volume truth, TiltSeries ts, CancelToken cancel) {
		TiltGeometry g = ts.geometry();
		double[] angles = g.anglesDeg();
		double step = angles.length > 1 ? angles[1] - angles[0] : 0, max = angles[angles.length - 1];
		String label = String.format(Locale.ROOT, "%s / %s (%d tilts, step %s, max %s)", dataset, m.name(), angles.length, num(step), num(max));
		log(label + " ...");
		long t0 = System.nanoTime();
		Volume rec;
		try {
			rec = m.reconstruct(ts, config.threads(), cancel, throttled(label));
		}
		catch (CancelledException e) {
			throw e;
		}
		catch (RuntimeException e) {
			done++;
			log(label + " failed: " + e.getMessage());
			return new MethodRun(dataset, m.name(), step, max, angles.length, Double.NaN, "failed: " + e);
		}
		double seconds = (System.nanoTime() - t0) / 1e9;
		MetricsResult matched = VoxelMetrics.compute(rec, truth, MetricMode.MATCHED, config.threads(), cancel);
		MetricsResult paper = VoxelMetrics.compute(rec, truth, MetricMode.PAPER, config.threads(), cancel);
		FscResult fsc = FourierShellCorrelation.compute(truth, rec, angles, config.threads(), cancel);
		done++;
		log(String.format(Locale.ROOT, "%s: %.1f s, PSNR %.2f dB, SSIM %.3f, mFSC %.3f", label, seconds, matched.psnr(), matched.ssim(), fsc.mfsc()));
		return new MethodRun(dataset, m.name(), step, max, angles.length, seconds, matched, paper, fsc);
	}

	/** Runs every method once, untimed, so that the timed runs do not pay for the JIT compiler's first pass. */
	private void warmUp(List<BenchMethod> methods, TiltSeries ts) {
		log("warm-up: every classic method once, untimed ...");
		for (BenchMethod m : methods) m.reconstruct(ts, config.threads(), cancel, ProgressListener.NONE);
	}

	private Volume phantom(PhantomType d) {
		log("phantom " + d.userName() + " ...");
		return Phantoms.create(d, config.nx(), config.ny(), config.nz(), config.seed(), config.threads(), cancel);
	}

	private TiltSeries simulate(Volume truth, double step, double max) {
		TiltGeometry g = TiltSeriesSimulator.geometry(truth, TiltAngles.range(-max, step, max));
		return TiltSeriesSimulator.simulate(truth, g, config.snr(), config.seed() + 7, config.threads(), cancel);
	}

	private static String key(PhantomType d, BenchMethod m) {
		return d.userName() + "/" + m.name();
	}

	static String num(double v) {
		return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
	}

	private void log(String message) {
		double elapsed = (System.nanoTime() - startNanos) / 1e9;
		progress.progress(total == 0 ? -1 : (double) done / total, String.format(Locale.ROOT, "[bench %5.0f s] %s", elapsed, message));
	}

	/** Passes a method's own progress on at most every 15 seconds. */
	private ProgressListener throttled(String label) {
		long[] last = { System.nanoTime() };
		return (f, msg) -> {
			long now = System.nanoTime();
			synchronized (last) {
				if (now - last[0] < 15_000_000_000L) return;
				last[0] = now;
			}
			log(label + ": " + msg);
		};
	}
}
