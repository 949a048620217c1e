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
}
