package org.tomocn.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.Test;

public class LauncherTest {
	private String out, err;

	private int run(String... args) {
		ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
		int code = Launcher.run(args, new PrintStream(o, true), new PrintStream(e, true));
		out = o.toString(StandardCharsets.UTF_8);
		err = e.toString(StandardCharsets.UTF_8);
		return code;
	}

	/** Progress lines at most one per 5 s after the first; notes (the noise estimate, a recovery) every one. */
	@Test
	public void progressPrinterThrottlesLinesButNeverNotes() {
		ByteArrayOutputStream e = new ByteArrayOutputStream();
		Launcher.ProgressPrinter p = new Launcher.ProgressPrinter(new PrintStream(e, true));
		p.progress(0, "iteration 1");
		p.progress(0.1, "iteration 2");
		p.note(0.1, "Noise: estimated SNR 0.3");
		p.progress(0.2, "iteration 3");
		p.note(-1, "restored the state of iteration 461");
		assertEquals(String.join(System.lineSeparator(), "[  0%] iteration 1", "[ 10%] Noise: estimated SNR 0.3", "restored the state of iteration 461", ""),
			e.toString(StandardCharsets.UTF_8));
	}

	@Test
	public void runsByLabelWithConvertedValues() {
		assertEquals(0, run("--run", "Launcher Echo", "count=4, factor=0.5 flag=true file=[a dir/x y.mrc]"));
		assertTrue(out, out.contains("summary=2.0 true x y.mrc"));
	}

	@Test
	public void defaultsApplyWhenKeysAreOmitted() {
		assertEquals(0, run("--run", "launcher echo", "count=2"));
		assertTrue(out, out.contains("summary=3.0 false -"));
	}

	@Test
	public void exitCodes() {
		assertEquals(2, run("--run", "No Such Command", ""));
		assertTrue(err, err.contains("No command labelled"));
		assertEquals(2, run("--run", "Launcher Echo", "factor=2"));
		assertTrue(err, err.contains("needs the key 'count'"));
		assertEquals(2, run("--run", "Launcher Echo", "count=x"));
		assertTrue(err, err.contains("'count' must be a whole number"));
		assertEquals(2, run("--run", "Launcher Echo", "count=1 colour=red"));
		assertTrue(err, err.contains("no key 'colour'"));
		assertEquals(2, run("--run", "Launcher Echo", "count=1 fail=input"));
		assertEquals(130, run("--run", "Launcher Echo", "count=1 fail=cancel"));
		assertEquals(1, run("--run", "Launcher Echo", "count=1 fail=crash"));
		assertEquals(2, run("--bogus"));
	}

	@Test
	public void listShowsLabelsAndKeys() {
		assertEquals(0, run("--list"));
		assertTrue(out, out.contains("Launcher Echo"));
		assertTrue(out, out.contains("count : int"));
		assertTrue(out, out.contains("factor : double, optional"));
	}
}
