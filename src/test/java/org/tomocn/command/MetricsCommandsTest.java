package org.tomocn.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.tomocn.core.Volume;
import org.tomocn.io.TomoFiles;
import org.tomocn.metrics.FourierShellCorrelation;
import org.tomocn.metrics.FscResult;
import org.tomocn.metrics.MetricMode;
import org.tomocn.metrics.MetricsResult;
import org.tomocn.metrics.VoxelMetrics;

public class MetricsCommandsTest {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private final File truth = new File("test-data/ground_truth.mrc");

	private File noisyCopy(String name, double sigma, long seed) {
		Volume v = TomoFiles.readVolume(truth.toPath());
		Random r = new Random(seed);
		for (int i = 0; i < v.data().length; i++) v.data()[i] += (float) (sigma * r.nextGaussian());
		File f = new File(tmp.getRoot(), name);
		TomoFiles.writeVolume(f.toPath(), v, "noisy");
		return f;
	}

	@Test
	public void fscCsvAndPngForTwoVolumes() throws Exception {
		File a = noisyCopy("a.mrc", 0.05, 1), b = noisyCopy("b.mrc", 0.3, 2);
		File csv = new File(tmp.getRoot(), "fsc.csv"), png = new File(tmp.getRoot(), "fsc.png");
		assertEquals(0, ProjectVolumeCommandTest.launch("--run", "Fourier Shell Correlation",
			"volume=[" + a + ";" + b + "] reference=[" + truth + "] angles=[test-data/tilt_angles.tlt] csv=[" + csv + "] png=[" + png + "]"));
		List<String> lines = Files.readAllLines(csv.toPath());
		assertEquals("volume,shell,frequency_per_pixel,frequency_per_angstrom,fsc,fsc_present,fsc_missing,n_points,n_present,n_missing", lines.get(0));
		assertEquals(1 + 2 * 32, lines.size()); // 64 px box: shells 1..32 per volume
		FscResult expected = FourierShellCorrelation.compute(TomoFiles.readVolume(a.toPath()), TomoFiles.readVolume(truth.toPath()),
			org.tomocn.io.TiltAngles.read(new File("test-data/tilt_angles.tlt").toPath()), 2);
		String[] shell5 = lines.get(5).split(",");
		assertEquals("a.mrc", shell5[0]);
		assertEquals("5", shell5[1]);
		assertEquals(expected.fsc()[4], Double.parseDouble(shell5[4]), 1e-5);
		assertEquals(expected.fscMissing()[4], Double.parseDouble(shell5[6]), 1e-5);
		BufferedImage img = ImageIO.read(png);
		assertTrue(img.getWidth() > 400 && img.getHeight() > 300);
	}

	@Test
	public void metricsTableMatchesTheLibrary() throws Exception {
		File a = noisyCopy("a.mrc", 0.1, 3);
		File csv = new File(tmp.getRoot(), "metrics.csv");
		assertEquals(0, ProjectVolumeCommandTest.launch("--run", "Reconstruction Metrics", "volume=[" + a + "] reference=[" + truth + "] mode=raw csv=[" + csv + "]"));
		List<String> lines = Files.readAllLines(csv.toPath());
		assertEquals("volume,mode,psnr,ssim,vif", lines.get(0));
		String[] row = lines.get(1).split(",");
		MetricsResult r = VoxelMetrics.compute(TomoFiles.readVolume(a.toPath()), TomoFiles.readVolume(truth.toPath()), MetricMode.RAW, 2);
		assertEquals("a.mrc", row[0]);
		assertEquals("raw", row[1]);
		assertEquals(r.psnr(), Double.parseDouble(row[2]), 1e-4 * r.psnr());
		assertEquals(r.ssim(), Double.parseDouble(row[3]), 1e-4);
		// about 20 dB for noise of sigma 0.1 on a unit range
		assertEquals(20, r.psnr(), 0.5);
	}

	@Test
	public void wrongModeAndOutputOverInputAreInputErrors() {
		assertEquals(2, ProjectVolumeCommandTest.launch("--run", "Reconstruction Metrics", "volume=[" + truth + "] reference=[" + truth + "] mode=fancy"));
		assertEquals(2, ProjectVolumeCommandTest.launch("--run", "Fourier Shell Correlation", "volume=[" + truth + "] reference=[" + truth + "] csv=[" + truth + "]"));
	}

	private String out, err;

	private int run(String label, String options) {
		java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream(), e = new java.io.ByteArrayOutputStream();
		int code = org.tomocn.cli.Launcher.run(new String[] { "--run", label, options }, new java.io.PrintStream(o, true), new java.io.PrintStream(e, true));
		out = o.toString(java.nio.charset.StandardCharsets.UTF_8);
		err = e.toString(java.nio.charset.StandardCharsets.UTF_8);
		return code;
	}

	/** An all-zero volume has no FSC: refused naming it, not a random curve and "640 A" (issue 13, item 3). */
	@Test
	public void anEmptyVolumeIsRefusedByName() {
		Volume v = TomoFiles.readVolume(truth.toPath());
		java.util.Arrays.fill(v.data(), 0f);
		File zero = new File(tmp.getRoot(), "zero.mrc");
		TomoFiles.writeVolume(zero.toPath(), v, "empty");
		assertEquals(out + err, 2, run("Fourier Shell Correlation", "volume=[" + zero + "] reference=[" + truth + "]"));
		assertTrue(err, err.contains("zero.mrc") && err.contains("constant"));
	}

	/** A size mismatch names both files, in FSC and in the metrics (issue 13, item 11). */
	@Test
	public void sizeMismatchNamesBothFiles() {
		Volume v = TomoFiles.readVolume(truth.toPath());
		File small = new File(tmp.getRoot(), "small.mrc");
		TomoFiles.writeVolume(small.toPath(), new Volume(java.util.Arrays.copyOf(v.data(), 64 * 64 * 16), 64, 64, 16, v.pixelSize()), "half");
		for (String label : new String[] { "Fourier Shell Correlation", "Reconstruction Metrics" }) {
			assertEquals(err, 2, run(label, "volume=[" + small + "] reference=[" + truth + "]"));
			assertTrue(label + ": " + err, err.contains("small.mrc is 64 x 64 x 16") && err.contains("ground_truth.mrc is 64 x 64 x 32"));
		}
	}

	/** Without csv, the launcher prints the metrics table (issue 13, item 12). */
	@Test
	public void metricsTableIsPrintedWithoutCsv() {
		File a = noisyCopy("a.mrc", 0.1, 3);
		assertEquals(err, 0, run("Reconstruction Metrics", "volume=[" + a + "] reference=[" + truth + "] mode=raw"));
		MetricsResult r = VoxelMetrics.compute(TomoFiles.readVolume(a.toPath()), TomoFiles.readVolume(truth.toPath()), MetricMode.RAW, 2);
		String[] lines = out.trim().split("\\R");
		assertTrue(out, lines.length >= 2);
		assertEquals(out, java.util.Arrays.asList("volume", "mode", "psnr", "ssim", "vif"), java.util.Arrays.asList(lines[lines.length - 2].trim().split("\\s+")));
		String[] row = lines[lines.length - 1].trim().split("\\s+");
		assertEquals("a.mrc", row[0]);
		assertEquals("raw", row[1]);
		assertEquals(r.psnr(), Double.parseDouble(row[2]), 1e-4 * r.psnr());
		assertEquals(r.ssim(), Double.parseDouble(row[3]), 1e-5);
	}

	/** mFSC needs the angles: without them no "mfsc=NaN" line (issue 13, item 15). */
	@Test
	public void noMfscWithoutAngles() {
		File a = noisyCopy("a.mrc", 0.1, 4);
		assertEquals(err, 0, run("Fourier Shell Correlation", "volume=[" + a + "] reference=[" + truth + "]"));
		assertTrue(out, out.contains("resolution=a.mrc: ") && !out.contains("mfsc"));
		assertEquals(err, 0, run("Fourier Shell Correlation", "volume=[" + a + "] reference=[" + truth + "] angles=-60:2:60"));
		assertTrue(out, out.matches("(?s).*\\bmfsc=0\\.\\d+.*"));
	}
}
