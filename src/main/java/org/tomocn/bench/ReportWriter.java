package org.tomocn.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import org.tomocn.ij.FscPlot;
import org.tomocn.ij.SweepPlot;
import org.tomocn.io.AtomicFiles;
import org.tomocn.io.TiltAngles;
import org.tomocn.metrics.FscCsv;
import org.tomocn.metrics.FscResult;
import org.tomocn.metrics.MetricsResult;
import org.tomocn.metrics.NamedFsc;

/**
 * Writes a benchmark's report into one folder, every number from {@link BenchResults}:
 * <ul>
 * <li>{@code report.md}: the machine, the settings, per data set the Figure-4 table (PSNR,
 * SSIM, VIF, mFSC, FSC = 0.5 frequency, runtime; {@code matched} mode with {@code paper}
 * mode beside it) and its FSC plots, the Figure-5 sweeps as tables and plots, and the
 * paper's own Figure-4 numbers quoted for orientation;</li>
 * <li>{@code figure4.csv}, {@code sweep_alpha.csv}, {@code sweep_beta.csv}: the same numbers
 * at full precision; {@code fsc_DATASET.csv}: every FSC curve (shell, frequency, FSC,
 * present, missing; {@link FscCsv});</li>
 * <li>{@code fsc_DATASET.png} (FSC of every method) and {@code fsc_directional_DATASET.png}
 * (present and missing regions) drawn by {@link FscPlot}; {@code sweep_alpha_METRIC.png} and
 * {@code sweep_beta_METRIC.png} for PSNR, SSIM and mFSC drawn by {@link SweepPlot}.</li>
 * </ul>
 * Every file is written atomically; an existing report in the folder is replaced file by
 * file.
 */
public final class ReportWriter {
	/** Column header of the CSV files. */
	public static final String CSV_HEADER = "dataset,method,views,step_deg,max_tilt_deg,seconds,psnr_matched,ssim_matched,vif_matched,mfsc,fsc05_per_pixel,"
		+ "psnr_paper,ssim_paper,vif_paper,note";

	private final Path dir;

	public ReportWriter(Path dir) {
		this.dir = dir;
	}

	/** Writes every file of the report (see the class comment). */
	public void write(BenchResults r) {
		AtomicFiles.createDirectories(dir);
		try {
			writeCsv("figure4.csv", r.figure4());
			if (!r.alphaSweep().isEmpty()) writeCsv("sweep_alpha.csv", r.alphaSweep());
			if (!r.betaSweep().isEmpty()) writeCsv("sweep_beta.csv", r.betaSweep());
			for (String d : datasets(r.figure4())) {
				List<NamedFsc> curves = r.figure4().stream().filter(x -> x.dataset().equals(d) && x.measured())
					.map(x -> new NamedFsc(x.method(), x.fsc())).collect(Collectors.toList());
				if (curves.isEmpty()) continue;
				FscCsv.write(dir.resolve("fsc_" + d + ".csv"), curves);
				FscPlot.savePng(FscPlot.create(curves, false, FscResult.THRESHOLD_REFERENCE, "0.5 (reference)"), dir.resolve("fsc_" + d + ".png"));
				FscPlot.savePng(FscPlot.create(curves, true, FscResult.THRESHOLD_REFERENCE, "0.5 (reference)"), dir.resolve("fsc_directional_" + d + ".png"));
			}
			sweepPlots("alpha", "tilt step alpha (degrees)", r.alphaSweep(), MethodRun::step);
			sweepPlots("beta", "maximum tilt beta (degrees)", r.betaSweep(), MethodRun::maxTilt);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Writing the benchmark report into " + dir + " failed: " + e, e);
		}
		AtomicFiles.writeString(dir.resolve("report.md"), markdown(r));
	}

	/**
	 * The index of a {@code scale} run: one table over all sizes (matched PSNR and SSIM, mFSC,
	 * FSC 0.5, runtime, each row's gain over FI of the same data set and size), with links to
	 * the per-size reports in the sub-folders named after each configuration.
	 */
	public void writeIndex(String preset, List<BenchResults> results) {
		StringBuilder md = new StringBuilder("# TomoCN benchmark (" + preset + ")\n\n");
		md.append("Every number below was computed by `org.tomocn.bench` in this run; reproduce with `bin/tomocn bench " + preset + " OUT_DIR`. ")
			.append("61 tilts -60:2:60, noise-free unless an SNR is given (the simulator's: signal variance over noise variance); `matched` metrics; \"vs FI\" = the row's PSNR (dB) and mFSC minus Fourier inversion's on the same data set, size and SNR. ")
			.append("Runtimes are wall-clock seconds on the threads and machine of each per-size report, whose load averages they state.\n\n");
		md.append("| data | data set | method | PSNR (dB) | SSIM | mFSC | FSC 0.5 (1/px) | runtime (s) | vs FI: PSNR, mFSC |\n|---|---|---|---|---|---|---|---|---|\n");
		for (BenchResults r : results) {
			BenchConfig c = r.config();
			String size = c.nx() + " x " + c.ny() + " x " + c.nz() + (c.snr() > 0 ? ", SNR " + c.snr() : "");
			for (MethodRun x : r.figure4()) {
				md.append("| [").append(size).append("](").append(c.name()).append("/report.md) | ").append(x.dataset()).append(" | ").append(x.method()).append(" | ");
				if (!x.measured()) {
					md.append(cell(x.note())).append(" | | | | | |\n");
					continue;
				}
				MethodRun fi = r.figure4().stream().filter(y -> y.dataset().equals(x.dataset()) && y.method().equals("FI") && y.measured()).findFirst().orElse(null);
				md.append(psnr(x.matched().psnr())).append(" | ").append(three(x.matched().ssim())).append(" | ").append(three(x.fsc().mfsc())).append(" | ")
					.append(Double.isNaN(fsc05(x.fsc())) ? "not reached" : three(fsc05(x.fsc()))).append(" | ").append(seconds(x.seconds())).append(" | ")
					.append(fi == null || fi == x ? "" : String.format(Locale.ROOT, "%+.2f, %+.3f", x.matched().psnr() - fi.matched().psnr(), x.fsc().mfsc() - fi.fsc().mfsc()))
					.append(" |\n");
			}
		}
		AtomicFiles.createDirectories(dir);
		AtomicFiles.writeString(dir.resolve("report.md"), md.toString());
	}

	private void writeCsv(String name, List<MethodRun> runs) {
		StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
		for (MethodRun x : runs) {
			sb.append(x.dataset()).append(',').append(x.method()).append(',').append(x.views()).append(',').append(full(x.step())).append(',')
				.append(full(x.maxTilt())).append(',').append(full(x.seconds())).append(',');
			if (x.measured()) {
				sb.append(full(x.matched().psnr())).append(',').append(full(x.matched().ssim())).append(',').append(full(x.matched().vif())).append(',')
					.append(full(x.fsc().mfsc())).append(',').append(full(fsc05(x.fsc()))).append(',').append(full(x.paper().psnr())).append(',')
					.append(full(x.paper().ssim())).append(',').append(full(x.paper().vif())).append(",\n");
			}
			else sb.append(",,,,,,,,\"").append(x.note().replace("\"", "'")).append("\"\n");
		}
		AtomicFiles.writeString(dir.resolve(name), sb.toString());
	}

	private void sweepPlots(String param, String xLabel, List<MethodRun> runs, ToDoubleFunction<MethodRun> xOf) throws IOException {
		if (runs.isEmpty()) return;
		double[] x = runs.stream().mapToDouble(xOf).distinct().sorted().toArray();
		List<String> methods = runs.stream().map(MethodRun::method).distinct().collect(Collectors.toList());
		String[][] metrics = { { "psnr", "PSNR (dB, matched)" }, { "ssim", "SSIM (matched)" }, { "mfsc", "mFSC" } };
		for (String[] metric : metrics) {
			List<double[]> ys = new ArrayList<>();
			for (String m : methods) {
				double[] y = new double[x.length];
				for (int j = 0; j < x.length; j++) {
					final double xv = x[j];
					y[j] = runs.stream().filter(r -> r.method().equals(m) && xOf.applyAsDouble(r) == xv && r.measured()).mapToDouble(r -> metric(r, metric[0]))
						.findFirst().orElse(Double.NaN);
				}
				ys.add(y);
			}
			String title = metric[1] + " vs " + xLabel;
			FscPlot.savePng(SweepPlot.create(title, xLabel, metric[1], x, methods, ys), dir.resolve("sweep_" + param + "_" + metric[0] + ".png"));
		}
	}

	private static double metric(MethodRun r, String name) {
		switch (name) {
			case "psnr":
				return r.matched().psnr();
			case "ssim":
				return r.matched().ssim();
			default:
				return r.fsc().mfsc();
		}
	}

	/** The Markdown report. */
	static String markdown(BenchResults r) {
		BenchConfig c = r.config();
		StringBuilder md = new StringBuilder();
		md.append("# TomoCN benchmark (").append(c.name()).append(")\n\n");
		md.append("Started ").append(r.started()).append("; data, reconstructions and metrics took ").append(String.format(Locale.ROOT, "%.0f", r.totalSeconds()))
			.append(" s. Every number in this report was computed by `org.tomocn.bench` in this run (no hand edits), except the quoted table of the paper at the end. ")
			.append("Reproduce with `bin/tomocn bench ").append(c.preset()).append(" OUT_DIR`")
			.append(c.preset().equals(c.name()) ? "" : " (this report is its part " + c.name() + ")").append(".\n\n");

		md.append("## Machine\n\n| | |\n|---|---|\n");
		for (Map.Entry<String, String> e : r.machine().entrySet()) md.append("| ").append(e.getKey()).append(" | ").append(cell(e.getValue())).append(" |\n");
		md.append("| load average (1, 5, 15 min) at start | ").append(r.loadAtStart()).append(" |\n");
		md.append("| load average (1, 5, 15 min) at end | ").append(r.loadAtEnd()).append(" |\n\n");
		md.append("Runtimes are wall-clock seconds of the reconstruction alone on ").append(c.threads())
			.append(" threads, after one untimed warm-up run of every classic method (the network's first run includes loading PyTorch). A load average above the number of processors means other programs shared the CPU and the runtimes are inflated.\n\n");

		md.append("## Data and methods\n\n");
		md.append(String.format(Locale.ROOT, "- Phantoms: %s, %d x %d x %d voxels (X x Y x Z, Z = beam), seed %d, low-pass filtered and normalised to [0, 1] (`Phantoms`).%n",
			c.datasets().stream().map(Object::toString).collect(Collectors.joining(", ")), c.nx(), c.ny(), c.nz(), c.seed()));
		md.append(String.format(Locale.ROOT, "- Acquisition: tilts -%s:%s:%s degrees (%d views), tilt axis Y, projections normalised to [0, 1] (`TiltSeriesSimulator`), %s.%n",
			BenchmarkRunner.num(c.maxTilt()), BenchmarkRunner.num(c.step()), BenchmarkRunner.num(c.maxTilt()), TiltAngles.range(-c.maxTilt(), c.step(), c.maxTilt()).length,
			c.snr() > 0 ? "Gaussian noise at SNR " + BenchmarkRunner.num(c.snr()) + " (signal variance over noise variance, noise seed " + (c.seed() + 7) + ")" : "noise-free"));
		for (BenchMethod m : c.methods()) md.append("- ").append(m.name()).append(": ").append(m.settings()).append(".\n");
		if (c.methods().stream().noneMatch(m -> m instanceof NetworkMethod)) {
			md.append("- The coordinate network is not run by this configuration (it does not fit its time); `bin/tomocn bench full` runs it.\n");
		}
		else md.append("- Coordinate-network runs are skipped when their time, predicted from the network runs before them, exceeds what is left of a ")
			.append(String.format(Locale.ROOT, "%.0f", c.networkBudgetSeconds())).append(" s budget counted from the start, and stopped when still running at its end; skipped and stopped runs are listed as such, never estimated.\n");
		md.append("- Metrics against the phantom: `matched` (reconstruction matched to the phantom's mean and standard deviation; volume PSNR, 3-D SSIM, 3-D VIF) ")
			.append("and `paper` (the authors' evaluation code's protocol: per-slice PSNR, SSIM over YZ planes, their VIF), see `VoxelMetrics`. ")
			.append("mFSC = mean missing-region FSC up to 0.25 cycles/pixel; FSC 0.5 = the frequency (cycles/pixel) where the FSC against the phantom first falls below 0.5.\n\n");

		md.append("## Figure 4: reconstruction quality per data set\n\n");
		for (String d : datasets(r.figure4())) {
			List<MethodRun> rows = r.figure4().stream().filter(x -> x.dataset().equals(d)).collect(Collectors.toList());
			md.append("### ").append(d).append(" (").append(c.nx()).append(" x ").append(c.ny()).append(" x ").append(c.nz()).append(")\n\n");
			md.append("| method | PSNR (dB) | SSIM | VIF | mFSC | FSC 0.5 (1/px) | runtime (s) | PSNR paper (dB) | SSIM paper | VIF paper |\n");
			md.append("|---|---|---|---|---|---|---|---|---|---|\n");
			for (MethodRun x : rows) md.append(tableRow(x.method(), x)).append('\n');
			md.append('\n').append(ranking(rows)).append("\n\n");
			if (rows.stream().anyMatch(MethodRun::measured)) {
				md.append("![FSC, ").append(d).append("](fsc_").append(d).append(".png)\n");
				md.append("![Directional FSC, ").append(d).append("](fsc_directional_").append(d).append(".png)\n\n");
				md.append("FSC curves: `fsc_").append(d).append(".csv`. The directional plot shows, per method, the FSC over the Fourier points an acquired view covers (\"present\", long dashes) and over the rest (\"missing\", short dashes).\n\n");
			}
		}

		md.append("## Figure 5: acquisition sweeps (").append(c.sweepDataset()).append(")\n\n");
		sweepSection(md, "alpha", "tilt step alpha", "at maximum tilt beta = " + BenchmarkRunner.num(c.maxTilt()) + " degrees", r.alphaSweep(), true);
		sweepSection(md, "beta", "maximum tilt beta", "at tilt step alpha = " + BenchmarkRunner.num(c.step()) + " degrees", r.betaSweep(), false);

		md.append("## The paper's Figure 4, quoted for orientation\n\n");
		md.append("Quoted from the paper (not computed here): 1024 x 1024 x 256 phantoms (spheres, shapes) and a 360^3 P22 map, NVIDIA Quadro RTX 8000, `paper`-mode metrics, runtime in minutes.\n\n");
		md.append("| data set | method | PSNR | SSIM | VIF | runtime (min) |\n|---|---|---|---|---|---|\n");
		for (String[] row : PAPER_FIGURE4) md.append("| ").append(String.join(" | ", row)).append(" |\n");
		md.append("\nWhy numbers here differ from the paper's: the volumes are far smaller (fewer voxels per object, so edges weigh more), the virus is a synthetic stand-in for P22, ")
			.append("the network runs on the CPU with the iterations of its preset (the `fast` preset halves the authors' iterations), EMAN2, IMOD and IsoNet are not run (WBP, FI and SIRT are TomoCN's own), ")
			.append("and the `paper` metrics depend strongly on volume size (per-slice PSNR is dominated by nearly empty slices).\n\n");

		md.append("## Files\n\n`figure4.csv`, `sweep_alpha.csv`, `sweep_beta.csv` (all numbers at full precision), `fsc_DATASET.csv`, and the PNG plots above.\n");
		return md.toString();
	}

	private static void sweepSection(StringBuilder md, String param, String what, String fixed, List<MethodRun> runs, boolean byStep) {
		md.append("### ").append(what).append(' ').append(fixed).append("\n\n");
		if (runs.isEmpty()) {
			md.append("Not run in this configuration.\n\n");
			return;
		}
		md.append("| ").append(byStep ? "alpha (deg)" : "beta (deg)").append(" | views | method | PSNR (dB) | SSIM | VIF | mFSC | FSC 0.5 (1/px) | runtime (s) | PSNR paper (dB) | SSIM paper | VIF paper |\n");
		md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
		for (MethodRun x : runs) {
			md.append("| ").append(BenchmarkRunner.num(byStep ? x.step() : x.maxTilt())).append(" | ").append(x.views()).append(' ').append(tableRow(x.method(), x)).append('\n');
		}
		md.append('\n');
		for (String m : new String[] { "psnr", "ssim", "mfsc" }) md.append("![").append(m).append(" vs ").append(param).append("](sweep_").append(param).append('_').append(m).append(".png)\n");
		md.append("\nNumbers: `sweep_").append(param).append(".csv`.\n\n");
	}

	/** One table row: method, matched PSNR/SSIM/VIF, mFSC, FSC 0.5, seconds, paper PSNR/SSIM/VIF; or the note of a skipped run. */
	static String tableRow(String method, MethodRun x) {
		if (!x.measured()) return "| " + method + " | " + cell(x.note()) + " | | | | | | | | |";
		MetricsResult m = x.matched(), p = x.paper();
		return "| " + method + " | " + psnr(m.psnr()) + " | " + three(m.ssim()) + " | " + three(m.vif()) + " | " + three(x.fsc().mfsc()) + " | " +
			(Double.isNaN(fsc05(x.fsc())) ? "not reached" : three(fsc05(x.fsc()))) + " | " + seconds(x.seconds()) + " | " + psnr(p.psnr()) + " | " + three(p.ssim()) + " | " + three(p.vif()) + " |";
	}

	/** Which method leads each matched metric among the measured rows, computed from the rows. */
	static String ranking(List<MethodRun> rows) {
		List<MethodRun> ok = rows.stream().filter(MethodRun::measured).collect(Collectors.toList());
		if (ok.isEmpty()) return "No method was measured.";
		return "Ranking (best first): PSNR " + order(ok, x -> x.matched().psnr()) + "; SSIM " + order(ok, x -> x.matched().ssim()) + "; VIF " +
			order(ok, x -> x.matched().vif()) + "; mFSC " + order(ok, x -> x.fsc().mfsc()) + "; runtime (fastest first) " + order(ok, x -> -x.seconds()) + ".";
	}

	private static String order(List<MethodRun> rows, ToDoubleFunction<MethodRun> key) {
		return rows.stream().sorted(Comparator.comparingDouble((MethodRun x) -> {
			double v = key.applyAsDouble(x);
			return Double.isNaN(v) ? Double.POSITIVE_INFINITY : -v;
		})).map(MethodRun::method).collect(Collectors.joining(" > "));
	}

	/** FSC = 0.5 crossing in cycles per pixel; NaN when not reached. */
	static double fsc05(FscResult f) {
		OptionalDouble v = f.resolution(FscResult.THRESHOLD_REFERENCE);
		return v.isPresent() ? v.getAsDouble() : Double.NaN;
	}

	private static List<String> datasets(List<MethodRun> runs) {
		return runs.stream().map(MethodRun::dataset).distinct().collect(Collectors.toList());
	}

	/** PSNR as printed in the tables: two decimals, "n/a" for NaN. */
	public static String psnr(double v) {
		return fmt("%.2f", v);
	}

	/** SSIM, VIF, mFSC and frequencies as printed in the tables: three decimals, "n/a" for NaN. */
	public static String three(double v) {
		return fmt("%.3f", v);
	}

	/** Runtimes as printed in the tables. */
	public static String seconds(double v) {
		return fmt(v < 10 ? "%.2f" : "%.1f", v);
	}

	private static String fmt(String f, double v) {
		return Double.isNaN(v) ? "n/a" : Double.isInfinite(v) ? (v > 0 ? "inf" : "-inf") : String.format(Locale.ROOT, f, v);
	}

	private static String full(double v) {
		return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.8g", v);
	}

	private static String cell(String s) {
		return s.replace("|", "\\|").replace("\n", " ");
	}

	/** The paper's Figure 4 (its table), quoted verbatim. */
	private static final String[][] PAPER_FIGURE4 = {
		{ "spheres", "EMAN2", "26.3", "0.94", "0.64", "2.68" }, { "", "IMOD", "27.3", "0.93", "0.78", "0.15" },
		{ "", "IsoNet", "30.2", "0.96", "0.93", "476" }, { "", "CN (paper)", "31.4", "0.97", "0.86", "168" },
		{ "shapes", "EMAN2", "25.0", "0.73", "0.76", "2.71" }, { "", "IMOD", "25.8", "0.69", "0.74", "0.15" },
		{ "", "IsoNet", "27.4", "0.69", "0.84", "473" }, { "", "CN (paper)", "31.5", "0.94", "0.85", "172" },
		{ "P22", "EMAN2", "30.9", "0.98", "0.76", "3.18" }, { "", "IMOD", "28.7", "0.92", "0.70", "0.17" },
		{ "", "IsoNet", "34.2", "0.95", "0.90", "503" }, { "", "CN (paper)", "36.1", "0.99", "0.88", "19.6" } };
}
