package org.tomocn.ij;

import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import javax.imageio.ImageIO;

import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * What a user sees, for real: ImageJ's GUI on a virtual screen (Xvfb) opens the test data
 * with TomoCN's MRC importer, reconstructs it with WBP (which opens Orthogonal Views), runs
 * the FSC command, and captures the screen each time. The screenshots are kept in
 * target/screenshots/ for people to look at.
 */
public class ScreenshotTest {
	@ClassRule
	public static TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void orthogonalViewsAndFscPlot() throws Exception {
		assumeTrue("needs a display or xvfb-run (.ci/run installs xvfb)", ImageJInstallation.canRunMacros());
		ImageJInstallation ij = ImageJInstallation.create(tmp.newFolder("ImageJ").toPath());
		File out = new File("target/screenshots").getAbsoluteFile();
		out.mkdirs();
		File data = new File("test-data").getAbsoluteFile();
		File done = new File(out, "done.txt"), titles = new File(out, "windows.txt");
		done.delete();
		String tlt = path(new File(data, "tilt_angles.tlt"));
		String macro = "run(\"MRC (TomoCN)...\", \"open=[" + path(new File(data, "tilt_series.mrc")) + "]\");\n" +
			"run(\"TomoCN: Weighted Back-Projection\", \"angles=[" + tlt + "] output=[" + path(new File(out, "wbp.mrc")) + "]\");\n" +
			"wait(3000);\n" +
			"titles = getList(\"image.titles\"); s = \"\"; for (i = 0; i < titles.length; i++) s = s + titles[i] + \"\\n\";\n" +
			"File.saveString(s, \"" + path(titles) + "\");\n" +
			"run(\"Capture Screen\");\n" +
			"saveAs(\"PNG\", \"" + path(new File(out, "orthogonal_views.png")) + "\");\n" +
			"close();\n" +
			"run(\"TomoCN: Fourier Shell Correlation\", \"volume=[" + path(new File(out, "wbp.mrc")) + "] reference=[" +
			path(new File(data, "ground_truth.mrc")) + "] angles=[" + tlt + "]\");\n" +
			"wait(2000);\n" +
			"run(\"Capture Screen\");\n" +
			"saveAs(\"PNG\", \"" + path(new File(out, "fsc_plot.png")) + "\");\n" +
			"File.saveString(\"done\", \"" + path(done) + "\");\n";
		String log = ij.runGuiMacro(macro, done.toPath(), 180);
		String windows = new String(Files.readAllBytes(titles.toPath()), StandardCharsets.UTF_8);
		assertTrue(windows + log, windows.contains("WBP of tilt_series.mrc"));
		// the thickness travels from the file's label through the importer's Info
		assertTrue(String.valueOf(org.tomocn.io.TomoFiles.readVolume(new File(out, "wbp.mrc").toPath()).nz()),
			org.tomocn.io.TomoFiles.readVolume(new File(out, "wbp.mrc").toPath()).nz() == 32);
		assertTrue(windows, windows.contains("XZ") && windows.contains("YZ"));
		for (String name : new String[] { "orthogonal_views.png", "fsc_plot.png" }) {
			BufferedImage img = ImageIO.read(new File(out, name));
			assertTrue(name, img.getWidth() == 1400 && img.getHeight() == 900);
			assertTrue(name + " looks blank", distinctGreys(img) > 50);
		}
	}

	private static String path(File f) {
		return f.getAbsolutePath().replace("\\", "/");
	}

	private static int distinctGreys(BufferedImage img) {
		boolean[] seen = new boolean[256];
		int n = 0;
		for (int y = 0; y < img.getHeight(); y += 3) for (int x = 0; x < img.getWidth(); x += 3) {
			int g = img.getRGB(x, y) & 0xff;
			if (!seen[g]) {
				seen[g] = true;
				n++;
			}
		}
		return n;
	}
}
