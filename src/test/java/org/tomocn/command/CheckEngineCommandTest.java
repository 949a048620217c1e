package org.tomocn.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.Test;
import org.tomocn.cli.Launcher;

public class CheckEngineCommandTest {
	@Test
	public void reportsAWorkingCpuEngine() {
		ByteArrayOutputStream o = new ByteArrayOutputStream();
		assertEquals(0, Launcher.run(new String[] { "--run", "Check Engine", "" }, new PrintStream(o, true), new PrintStream(new ByteArrayOutputStream())));
		String out = o.toString(StandardCharsets.UTF_8);
		assertTrue(out, out.contains("engine: PyTorch 2.7.1"));
		// true on any machine: auto uses the GPU exactly when DJL sees one, and says why
		java.util.regex.Matcher gpus = java.util.regex.Pattern.compile("GPUs visible: (\\d+)").matcher(out);
		assertTrue(out, gpus.find());
		assertTrue(out, out.contains(Integer.parseInt(gpus.group(1)) > 0 ? "device=auto uses: gpu 0 (auto: DJL sees" : "device=auto uses: cpu (auto: DJL's PyTorch"));
		assertTrue(out, out.contains("sums to 12.0 (correct)"));
	}
}
