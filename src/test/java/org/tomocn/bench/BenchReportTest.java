package org.tomocn.bench;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.tomocn.cli.Launcher;
import org.tomocn.cn.NetworkParameters.Preset;
import org.tomocn.core.CancelToken;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.metrics.FourierShellCorrelation;
import org.tomocn.metrics.MetricMode;
import org.tomocn.metrics.MetricsResult;
import org.tomocn.metrics.VoxelMetrics;
import org.tomocn.simulate.PhantomType;
import org.tomocn.simulate.Phantoms;
import org.tomocn.simulate.TiltSeriesSimulator;

/**
 * The benchmark report on a tiny configuration (32 x 16 x 24 spheres, WBP and FI, one point
 * per sweep, a network method with no budget): its table rows carry the numbers the metrics
 * code gives for independently recomputed volumes, its PNGs and CSVs are readable, the machine
 * section is there, and the network row says it was skipped instead of showing numbers.
 */
public class BenchReportTest {
	@ClassRule
	public static final TemporaryFolder TMP = new TemporaryFolder();

	private static Path out;
	private static BenchResults results;
	private static String report;

	@BeforeClass
	public static void runTinyBenchmark() throws IOException {
		BenchConfig c = BenchConfig.quick().withName("tiny").withSize(32, 16, 24).withDatasets(Collections.singletonList(PhantomType.SPHERES))
			.withMethods(Arrays.asList(BenchMethod.wbp(), BenchMethod.fourierInversion(), new NetworkMethod(Preset.FAST)),
				Collections.singletonList(BenchMethod.wbp()))
			.withSweeps(new double[] { 4 }, new double[] { 50 }, PhantomType.SPHERES).withThreads(2).withNetworkBudgetSeconds(0);
		out = TMP.newFolder("report").toPath();
		results = new BenchmarkRunner(c, ProgressListener.NONE, CancelToken.NONE).run(out);
		report = new String(Files.readAllBytes(out.resolve("report.md")), StandardCharsets.UTF_8);
	}

	/** The tiny phantom and its tilt series, rebuilt without the benchmark code. */
	private static TiltSeries series(Volume truth, double step, double max) {
		int half = (int) Math.floor(max / step);
		double[] a = new double[2 * half + 1];
		for (int i = 0; i < a.length; i++) a[i] = (i - half) * step;
		return TiltSeriesSimulator.simulate(truth, TiltSeriesSimulator.geometry(truth, a), 0, 0, 2, CancelToken.NONE);
	}

	@Test
	public void tableRowsCarryTheRecomputedMetrics() {
		Volume truth = Phantoms.create(PhantomType.SPHERES, 32, 16, 24, 1, 2, CancelToken.NONE);
		TiltSeries ts = series(truth, 2, 60);
		assertEquals(61, ts.numViews());
		Volume wbp = BenchMethod.wbp().reconstruct(ts, 2, CancelToken.NONE, ProgressListener.NONE);
		MetricsResult m = VoxelMetrics.compute(wbp, truth, MetricMode.MATCHED, 1);
		MetricsResult p = VoxelMetrics.compute(wbp, truth, MetricMode.PAPER, 1);
		double mfsc = FourierShellCorrelation.compute(truth, wbp, ts.geometry().anglesDeg(), 1).mfsc();
		assertTrue("PSNR " + m.psnr(), Double.isFinite(m.psnr()) && m.psnr() > 5);
		String expected = "| WBP | " + ReportWriter.psnr(m.psnr()) + " | " + ReportWriter.three(m.ssim()) + " | " + ReportWriter.three(m.vif()) + " | " +
			ReportWriter.three(mfsc) + " | ";
		assertTrue("report lacks the row starting " + expected + "\n" + report, report.contains(expected));
		assertTrue(report.contains(" | " + ReportWriter.psnr(p.psnr()) + " | " + ReportWriter.three(p.ssim()) + " | " + ReportWriter.three(p.vif()) + " |"));
		MethodRun row = results.figure4().get(0);
		assertEquals("WBP", row.method());
		assertEquals(m.psnr(), row.matched().psnr(), 1e-9 * Math.abs(m.psnr()));
		assertEquals(p.ssim(), row.paper().ssim(), 1e-9);

		// a sweep point: alpha = 4 degrees at beta = 60, i.e. 31 views
		MethodRun a = results.alphaSweep().get(0);
		assertEquals(31, a.views());
		Volume w4 = BenchMethod.wbp().reconstruct(series(truth, 4, 60), 2, CancelToken.NONE, ProgressListener.NONE);
		assertEquals(VoxelMetrics.compute(w4, truth, MetricMode.MATCHED, 1).ssim(), a.matched().ssim(), 1e-9);
		assertEquals(51, results.betaSweep().get(0).views());
	}

	@Test
	public void theNetworkWithoutBudgetIsReportedSkippedNotFaked() {
		MethodRun cn = results.figure4().get(2);
		assertEquals("CN-fast", cn.method());
		assertFalse(cn.measured());
		assertNull(cn.matched());
		assertTrue(cn.note(), cn.note().startsWith("skipped"));
		assertTrue(report.contains("| CN-fast | skipped"));
		assertNull(results.networkDevice());
		assertTrue(report.contains("| DJL engine and device (coordinate network) | not run |"));
	}

	@Test
	public void machineSectionIsPresent() {
		assertTrue(report.contains("## Machine"));
		assertTrue(report.contains("| processors (availableProcessors) | " + Runtime.getRuntime().availableProcessors() + " |"));
		assertTrue(report.contains("| Java | " + System.getProperty("java.version")));
		assertTrue(report.contains("load average (1, 5, 15 min) at start | "));
		assertTrue(report.contains("load average (1, 5, 15 min) at end | "));
		assertTrue(report.contains("| git commit | "));
	}

	@Test
	public void pngsAreReadableImages() throws IOException {
		for (String name : new String[] { "fsc_spheres.png", "fsc_directional_spheres.png", "sweep_alpha_psnr.png", "sweep_alpha_ssim.png",
			"sweep_alpha_mfsc.png", "sweep_beta_psnr.png", "sweep_beta_ssim.png", "sweep_beta_mfsc.png" }) {
			File f = out.resolve(name).toFile();
			BufferedImage img = ImageIO.read(f);
			assertNotNull(name + " is not a readable image", img);
			assertTrue(name, img.getWidth() > 300 && img.getHeight() > 200);
			assertTrue(name + " is referenced in the report", report.contains("(" + name + ")"));
		}
	}

	@Test
	public void csvsHoldTheMeasuredNumbers() throws IOException {
		List<String> fig4 = Files.readAllLines(out.resolve("figure4.csv"), StandardCharsets.UTF_8);
		assertEquals(ReportWriter.CSV_HEADER, fig4.get(0));
		assertEquals(4, fig4.size());
		String[] wbp = fig4.get(1).split(",");
		assertEquals("spheres", wbp[0]);
		assertEquals("WBP", wbp[1]);
		assertEquals(results.figure4().get(0).matched().psnr(), Double.parseDouble(wbp[6]), 1e-6);
		assertEquals(results.figure4().get(1).fsc().mfsc(), Double.parseDouble(fig4.get(2).split(",")[9]), 1e-6);
		assertTrue(fig4.get(3).contains("skipped"));
		assertEquals(2, Files.readAllLines(out.resolve("sweep_alpha.csv")).size());
		assertEquals(2, Files.readAllLines(out.resolve("sweep_beta.csv")).size());
		List<String> fsc = Files.readAllLines(out.resolve("fsc_spheres.csv"));
		assertTrue(fsc.get(0).startsWith("volume,shell,"));
		// two methods x N/2 shells (N = 32)
		assertEquals(1 + 2 * 16, fsc.size());
	}

	/**
	 * The network plugs in: a fast-preset run starts (the first network run always does), is
	 * stopped when the 6 s budget runs out, is reported as stopped, and the machine section
	 * names the device the engine chose.
	 */
	@Test
	public void aNetworkRunBeyondTheBudgetIsStoppedAndReported() throws IOException {
		BenchConfig c = BenchConfig.full().withName("budget").withSize(32, 16, 24).withDatasets(Collections.singletonList(PhantomType.SPHERES))
			.withMethods(Collections.singletonList(new NetworkMethod(Preset.FAST)), Collections.emptyList()).withThreads(2).withNetworkBudgetSeconds(6);
		Path dir = TMP.newFolder("budget").toPath();
		long t0 = System.nanoTime();
		BenchResults r = new BenchmarkRunner(c, ProgressListener.NONE, CancelToken.NONE).run(dir);
		double seconds = (System.nanoTime() - t0) / 1e9;
		MethodRun cn = r.figure4().get(0);
		assertFalse(cn.measured());
		assertTrue(cn.note(), cn.note().startsWith("stopped after"));
		assertTrue("took " + seconds + " s", seconds < 30);
		assertNotNull(r.networkDevice());
		assertTrue(r.networkDevice(), r.networkDevice().contains("cpu") || r.networkDevice().contains("gpu"));
		String md = new String(Files.readAllBytes(dir.resolve("report.md")), StandardCharsets.UTF_8);
		assertTrue(md.contains("| DJL engine and device (coordinate network) | " + r.networkDevice()));
		assertTrue(md.contains("| CN-fast | stopped after"));
		assertTrue(md.contains("### tilt step alpha at maximum tilt beta = 60 degrees\n\nNot run in this configuration."));
	}

	/**
	 * Issue 14's noise run: one configuration per SNR (infinite, 1, 0.3, 0.1) with the classic
	 * methods, the network and its fusion; the SNR reaches the simulated data (a noisy WBP is
	 * worse than a noise-free one) and the report says it.
	 */
	@Test
	public void noiseRunSimulatesEachSnr() throws IOException {
		List<BenchConfig> noise = BenchConfig.noise();
		assertEquals(4, noise.size());
		assertEquals(0, noise.get(0).snr(), 0);
		assertEquals(0.1, noise.get(3).snr(), 0);
		assertTrue(noise.get(2).name(), noise.get(2).name().equals("noise-snr-0.3"));
		List<String> names = new java.util.ArrayList<>();
		for (BenchMethod m : noise.get(2).methods()) names.add(m.name());
		assertEquals(Arrays.asList("WBP", "FI", "SIRT-3", "SIRT-20", "CN-fast", "CN-fast+FI fusion"), names);
		double[] psnr = new double[2];
		for (int k = 0; k < 2; k++) {
			BenchConfig c = noise.get(k == 0 ? 0 : 2).withSize(32, 16, 24).withDatasets(Collections.singletonList(PhantomType.SPHERES))
				.withMethods(Collections.singletonList(BenchMethod.wbp()), Collections.emptyList()).withThreads(2);
			Path dir = TMP.newFolder("noise" + k).toPath();
			BenchResults r = new BenchmarkRunner(c, ProgressListener.NONE, CancelToken.NONE).run(dir);
			psnr[k] = r.figure4().get(0).matched().psnr();
			String md = new String(Files.readAllBytes(dir.resolve("report.md")), StandardCharsets.UTF_8);
			assertTrue(md, md.contains(k == 0 ? "noise-free." : "Gaussian noise at SNR 0.3"));
			// the command that reproduces a part is the launcher's list, which it accepts
			assertTrue(md, md.contains("Reproduce with `bin/tomocn bench noise OUT_DIR` (this report is its part " + c.name() + ")"));
		}
		assertTrue("noisy WBP " + psnr[1] + " dB vs noise-free " + psnr[0], psnr[1] < psnr[0] - 2);
	}

	/** Each part of a list run names the launcher preset that runs it; single runs name themselves. */
	@Test
	public void partsNameTheirLaunchersPreset() {
		for (BenchConfig c : BenchConfig.scale()) assertEquals(c.name(), "scale", c.preset());
		for (BenchConfig c : BenchConfig.noise()) assertEquals(c.name(), "noise", c.preset());
		assertEquals("quick", BenchConfig.quick().preset());
		assertEquals("full", BenchConfig.full().preset());
	}

	@Test
	public void launcherRejectsAnUnknownPreset() {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = Launcher.run(new String[] { "bench", "medium" }, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
		assertEquals(Launcher.BAD_INPUT, code);
		assertTrue(err.toString(), err.toString().contains("quick, full, scale or noise"));
	}
}
