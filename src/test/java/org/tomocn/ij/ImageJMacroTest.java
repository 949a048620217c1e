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
