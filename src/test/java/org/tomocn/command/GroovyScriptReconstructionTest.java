package org.tomocn.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scijava.Context;
import org.scijava.script.ScriptModule;
import org.scijava.script.ScriptService;
import org.tomocn.core.Volume;
import org.tomocn.io.TomoFiles;

/**
 * The example Groovy script (src/test/resources/scripts) with #@ parameters runs through
 * scijava-common's ScriptService, as in Fiji, and reconstructs the bundled test data.
 */
public class GroovyScriptReconstructionTest {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void reconstructsAndEvaluatesTheTestData() throws Exception {
		File out = new File(tmp.getRoot(), "wbp.mrc");
		try (Context context = new Context();
			InputStreamReader script = new InputStreamReader(getClass().getResourceAsStream("/scripts/reconstruct_and_evaluate.groovy"), StandardCharsets.UTF_8))
		{
			ScriptModule m = context.service(ScriptService.class).run("reconstruct_and_evaluate.groovy", script, true,
				"tilt_series", new File("test-data/tilt_series.mrc"), "angles", "test-data/tilt_angles.tlt",
				"reference", new File("test-data/ground_truth.mrc"), "output", out).get();
			Volume v = TomoFiles.readVolume(out.toPath());
			assertEquals(32, v.nz());
			double mfsc = (Double) m.getOutput("mfsc");
			// WBP leaves the missing wedge nearly empty: far below 1, above 0 (measured 0.11 with Ram-Lak on this data)
			assertTrue("mfsc " + mfsc, mfsc > 0.02 && mfsc < 0.4);
			String resolution = (String) m.getOutput("resolution");
			assertTrue(resolution, resolution.contains("A") || resolution.contains("not reached"));
		}
	}
}
