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
		assertTrue(out, out.contains("GPUs visible: 0"));
		assertTrue(out, out.contains("device=auto uses: cpu()"));
		assertTrue(out, out.contains("sums to 12.0 (correct)"));
	}
}
