package org.tomocn.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;
import org.tomocn.cli.Launcher;

public class CheckEngineCommandTest {
	@Test
	public void reportsAWorkingEngine() {
		ByteArrayOutputStream o = new ByteArrayOutputStream();
		assertEquals(0, Launcher.run(new String[] { "--run", "Check Engine", "" }, new PrintStream(o, true), new PrintStream(new ByteArrayOutputStream())));
		String out = o.toString(StandardCharsets.UTF_8);
		assertTrue(out, out.contains("engine: PyTorch 2.7.1"));
		// a count, and device=auto agreeing with it: true on a CPU-only machine and on a CUDA one
		Matcher gpus = Pattern.compile("GPUs visible: (\\d+)\n").matcher(out);
		assertTrue(out, gpus.find());
		assertTrue(out, out.contains(Integer.parseInt(gpus.group(1)) > 0 ? "device=auto uses: gpu 0 (auto: DJL sees" : "device=auto uses: cpu (auto: DJL's PyTorch"));
		assertTrue(out, out.contains("sums to 12.0 (correct)"));
	}
}
