package org.tomocn.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.tomocn.core.CancelToken;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.Volume;
import org.tomocn.geometry.Projector;
import org.tomocn.metrics.FourierShellCorrelation;
import org.tomocn.metrics.FscResult;
import org.tomocn.metrics.NamedFsc;

import ij.gui.Plot;

public class FscPlotTest {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@BeforeClass
	public static void headless() {
		System.setProperty("java.awt.headless", "true");
	}

	private static final double[] ANGLES = new double[61];
	static {
		for (int i = 0; i < ANGLES.length; i++) ANGLES[i] = -60 + 2 * i;
	}

	/** A balls phantom (truth), its back-projection from +-60 degrees and a noisy copy. */
	static Volume[] volumes() {
		int nx = 48, ny = 48, nz = 32;
		Volume truth = new Volume(nx, ny, nz, Double.NaN);
		java.util.Random r = new java.util.Random(3);
		for (int b = 0; b < 25; b++) {
			double rad = 2.5 + 4.5 * r.nextDouble();
			double cx = rad + (nx - 2 * rad) * r.nextDouble(), cy = rad + (ny - 2 * rad) * r.nextDouble(), cz = rad + (nz - 2 * rad) * r.nextDouble();
			for (int z = 0; z < nz; z++) for (int y = 0; y < ny; y++) for (int x = 0; x < nx; x++) {
				if ((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz) <= rad * rad) truth.set(x, y, z, 1f);
			}
		}
		Projector p = new Projector(new TiltGeometry(ANGLES, nx, ny, nz, Double.NaN));
		Volume bp = p.adjoint(p.forward(truth, 2, CancelToken.NONE).projections(), 2, CancelToken.NONE);
		Volume noisy = truth.copy();
		for (int i = 0; i < noisy.data().length; i++) noisy.data()[i] += (float) (0.8 * r.nextGaussian());
		return new Volume[] { truth, bp, noisy };
	}

	/** FSC of the back-projection and of the noisy copy against the truth, with the given pixel size (NaN = unknown). */
	static List<NamedFsc> curves(Volume[] v, double pixelSize) {
		for (Volume x : v) x.setPixelSize(pixelSize);
		FscResult a = FourierShellCorrelation.compute(v[1], v[0], ANGLES, 2);
		FscResult b = FourierShellCorrelation.compute(v[2], v[0], ANGLES, 2);
		return Arrays.asList(new NamedFsc("back-projection", a), new NamedFsc("truth + noise", b));
	}

	/**
	 * Renders both axis variants headless and saves them through FileSaver. To look at the
	 * PNGs, set the environment variable TOMOCN_PLOT_DUMP to a path prefix: the test copies
	 * them to PREFIX-angstrom.png and PREFIX-pixel.png.
	 */
	@Test
	public void rendersAndSavesAPng() throws IOException {
		Volume[] v = volumes();
		for (double pixel : new double[] { 5.4, Double.NaN }) {
			List<NamedFsc> c = curves(v, pixel);
			Plot plot = FscPlot.create(c, true, FscResult.THRESHOLD_REFERENCE, "0.5 threshold (reference)");
			Path png = tmp.getRoot().toPath().resolve("fsc.png");
			FscPlot.savePng(plot, png);
			BufferedImage img = ImageIO.read(png.toFile());
			assertTrue(img.getWidth() > 600 && img.getHeight() > 380);
			// the first hue (0, 114, 178) and the second (213, 94, 0) are drawn
			assertTrue(countColour(img, 0, 114, 178) > 200);
			assertTrue(countColour(img, 213, 94, 0) > 200);
			String dump = System.getenv("TOMOCN_PLOT_DUMP");
			if (dump != null) Files.copy(png, Path.of(dump + (Double.isNaN(pixel) ? "-pixel.png" : "-angstrom.png")), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			try (java.util.stream.Stream<Path> s = Files.list(tmp.getRoot().toPath())) {
				assertEquals(1, s.count());
			}
		}
	}

	/** Six volumes with directional curves (19 legend lines): the frame grows, so the curves keep their height above the legend. */
	@Test
	public void aLongLegendMakesTheFrameTallerInsteadOfSqueezingTheCurves() throws IOException {
		List<NamedFsc> two = curves(volumes(), Double.NaN);
		List<NamedFsc> six = new java.util.ArrayList<>();
		for (int k = 0; k < 3; k++) six.addAll(two);
		int h2 = FscPlot.create(two, true, 0.5, "0.5").getImagePlus().getHeight();
		int h6 = FscPlot.create(six, true, 0.5, "0.5").getImagePlus().getHeight();
		// 19 lines of 15 px: at least 300 px of curves plus the legend band
		assertTrue(h2 + " vs " + h6, h6 >= h2 + 19 * 15 + 12 + 300 - 450 - 1 && h6 > h2);
	}

	private static int countColour(BufferedImage img, int r, int g, int b) {
		int n = 0;
		for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) {
			int rgb = img.getRGB(x, y);
			if (Math.abs(((rgb >> 16) & 255) - r) < 8 && Math.abs(((rgb >> 8) & 255) - g) < 8 && Math.abs((rgb & 255) - b) < 8) n++;
		}
		return n;
	}
}
