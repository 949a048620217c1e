package org.tomocn.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.File;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.tomocn.core.CancelToken;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.geometry.Projector;
import org.tomocn.io.TiltAngles;
import org.tomocn.io.TomoFiles;

/**
 * TomoCN from plain ImageJ 1.x macros, through ImageJ's own macro interpreter in a separate
 * JVM (batch mode, under Xvfb when there is no display), with the plugin installed as a
 * user would: the jar in plugins/, its libraries in plugins/jars/.
 */
public class ImageJMacroTest {
	@ClassRule
	public static TemporaryFolder tmp = new TemporaryFolder();

	private static ImageJInstallation ij;

	@BeforeClass
	public static void install() throws Exception {
		assumeTrue("needs a display or xvfb-run (.ci/run installs xvfb)", ImageJInstallation.canRunMacros());
		ij = ImageJInstallation.create(tmp.newFolder("ImageJ").toPath());
	}

	private static String path(File f) {
		return f.getAbsolutePath().replace("\\", "/");
	}

	@Test
	public void projectVolumeThroughTheBridge() throws Exception {
		File data = new File("test-data").getAbsoluteFile();
		File out = new File(tmp.getRoot(), "macro out/proj.mrc");
		out.getParentFile().mkdirs();
		String macro = "run(\"TomoCN: Project Volume\", \"volume=[" + path(new File(data, "ground_truth.mrc")) + "] angles=-60:30:60 output=[" + path(out) + "]\");\n" +
			"print(\"macro finished, images: \" + nImages);\n";
		ImageJInstallation.Run run = ij.runMacro(macro, 240);
		assertTrue(run.output, run.output.contains("macro finished, images: 1"));
		assertFalse(run.output, run.output.contains("TomoCN error"));
		Volume truth = TomoFiles.readVolume(new File(data, "ground_truth.mrc").toPath());
		TiltSeries written = TomoFiles.readTiltSeries(out.toPath(), "-60:30:60", truth.nz());
		TiltSeries expected = new Projector(written.geometry()).forward(truth, 2, CancelToken.NONE);
		for (int i = 0; i < expected.projections().data().length; i += 97) {
			assertEquals(expected.projections().data()[i], written.projections().data()[i], 1e-4);
		}
		assertEquals(5, TiltAngles.read(new File(out.getParentFile(), "proj.tlt").toPath()).length);
	}

	/**
	 * The workflow of a macro user: open the test data with TomoCN's MRC importer,
	 * reconstruct the open image with WBP, run the network's fast preset on tiny data
	 * (binned 2x, few iterations), FSC against the ground truth, save the results. The
	 * macro text is the README's example.
	 */
	@Test
	public void reconstructAndEvaluateFromAMacro() throws Exception {
		File data = new File("test-data").getAbsoluteFile();
		File out = tmp.newFolder("workflow");
		String macro = workflowMacro(path(data), path(out));
		ImageJInstallation.Run run = ij.runMacro(macro, 600);
		assertFalse(run.output, run.output.contains("TomoCN error"));
		assertTrue(run.output, run.output.contains("workflow finished"));
		Volume wbp = TomoFiles.readVolume(new File(out, "wbp.mrc").toPath());
		assertEquals(32, wbp.nz()); // thickness from the file's label, through the importer
		Volume cn = TomoFiles.readVolume(new File(out, "cn_fast.mrc").toPath());
		assertEquals(32, cn.nx()); // binned 2x
		assertEquals(16, cn.nz());
		double sum = 0;
		for (float f : cn.data()) sum += f;
		assertTrue("the network's volume is empty", sum > 0);
		assertTrue(new File(out, "fsc.png").length() > 1000);
		java.util.List<String> csv = java.nio.file.Files.readAllLines(new File(out, "fsc.csv").toPath());
		assertEquals(33, csv.size()); // header + 32 shells
		assertTrue(run.output, run.output.contains("resolution=wbp.mrc:"));
	}

	/** The README's macro example, with the data and output folders filled in. */
	static String workflowMacro(String data, String out) {
		return "// open the tilt series with TomoCN's MRC importer (pixel size and labels kept)\n" +
			"run(\"MRC (TomoCN)...\", \"open=[" + data + "/tilt_series.mrc]\");\n" +
			"// weighted back-projection of the open image\n" +
			"run(\"TomoCN: Weighted Back-Projection\", \"angles=[" + data + "/tilt_angles.tlt] output=[" + out + "/wbp.mrc]\");\n" +
			"// the coordinate network, fast preset, on a 2x binned copy with few iterations (a quick look)\n" +
			"run(\"TomoCN: Coordinate Network Reconstruction\", \"tilt_series=[" + data + "/tilt_series.mrc] angles=[" + data +
			"/tilt_angles.tlt] preset=fast bin=2 iterations_first=200 iterations_next=50 output=[" + out + "/cn_fast.mrc]\");\n" +
			"// FSC and the missing-wedge FSC against the ground truth\n" +
			"run(\"TomoCN: Fourier Shell Correlation\", \"volume=[" + out + "/wbp.mrc] reference=[" + data + "/ground_truth.mrc] angles=[" + data +
			"/tilt_angles.tlt] csv=[" + out + "/fsc.csv] png=[" + out + "/fsc.png]\");\n" +
			"print(\"workflow finished\");\n";
	}

	@Test
	public void badInputIsReportedAndAbortsTheMacro() throws Exception {
		File missing = new File(tmp.getRoot(), "missing.mrc");
		String macro = "run(\"TomoCN: Project Volume\", \"volume=[" + path(missing) + "] angles=-60:30:60\");\n" +
			"print(\"after the error\");\n";
		ImageJInstallation.Run run = ij.runMacro(macro, 240);
		assertTrue(run.output, run.output.contains("TomoCN error in Project Volume"));
		assertTrue(run.output, run.output.contains("missing.mrc"));
		assertFalse(run.output, run.output.contains("after the error"));
	}
}
