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
