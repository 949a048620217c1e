package org.tomocn.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The launcher as a user runs it: a separate JVM ({@code java ... org.tomocn.cli.Launcher},
 * what {@code bin/tomocn} starts), so that Ctrl-C (SIGINT) and a small heap are real.
 */
public class LauncherProcessTest {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Process start(String heap, String... args) throws IOException {
		List<String> cmd = new ArrayList<>(Arrays.asList(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), heap,
			"-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), Launcher.class.getName()));
		cmd.addAll(Arrays.asList(args));
		return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.getRoot().toPath().resolve("launcher.txt").toFile()).start();
	}

	private String output() throws IOException {
		return new String(Files.readAllBytes(tmp.getRoot().toPath().resolve("launcher.txt")), StandardCharsets.UTF_8);
	}

	private static void end(Process p) throws InterruptedException {
		p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
	}

	/**
	 * Item 15: Ctrl-C ends a run at once (it took 5 s: the shutdown hook waited for the main
	 * thread, which itself waited in System.exit for the hook), says "Cancelled.", exits 130,
	 * writes nothing.
	 */
	@Test
	public void ctrlCEndsTheRunWithinTwoSecondsAndWritesNothing() throws Exception {
		Path output = tmp.getRoot().toPath().resolve("sirt.mrc");
		Process p = start("-Xmx1g", "--run", "SIRT", "tilt_series=test-data/tilt_series.mrc, angles=test-data/tilt_angles.tlt, iterations=100000, output=[" + output + "]");
		try {
			long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (!output().contains("SIRT:")) {
				assertTrue("the launcher stopped before SIRT started:\n" + output(), p.isAlive());
				assertTrue("SIRT did not start in 60 s:\n" + output(), System.nanoTime() < end);
				Thread.sleep(50);
			}
			long t0 = System.nanoTime();
			assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
			assertTrue("still running 10 s after Ctrl-C", p.waitFor(10, TimeUnit.SECONDS));
			double seconds = (System.nanoTime() - t0) / 1e9;
			assertEquals(output(), 130, p.exitValue());
			assertTrue(output(), output().contains("Cancelled."));
			assertTrue("took " + seconds + " s to exit after Ctrl-C", seconds < 2);
			assertEquals(Arrays.toString(tmp.getRoot().list()), Arrays.asList("launcher.txt"), Arrays.asList(tmp.getRoot().list()));
		}
		finally {
			end(p);
		}
	}

	/** Item 10: running out of memory says how to give Java more (the launcher's options, Fiji's menu), exit 1. */
	@Test
	public void outOfMemoryTellsHowToRaiseTheMemory() throws Exception {
		File dir = tmp.newFolder("sim");
		// a 1024^3 phantom needs 4 GB; the heap is 256 MB
		Process p = start("-Xmx256m", "--run", "Simulate Tilt Series", "phantom=spheres, width=1024, height=1024, thickness=1024, tilt_step=60, output_dir=[" + dir + "]");
		try {
			assertTrue("did not end in 60 s:\n" + output(), p.waitFor(60, TimeUnit.SECONDS));
			String out = output();
			assertEquals(out, 1, p.exitValue());
			assertTrue(out, out.contains("Out of memory"));
			assertTrue(out, out.contains("TOMOCN_JAVA_OPTS") && out.contains("-Xmx"));
			assertTrue(out, out.contains("Edit > Options > Memory"));
			assertFalse("no raw exception for the user: " + out, out.contains("java.lang.OutOfMemoryError"));
			assertEquals(0, dir.list().length);
		}
		finally {
			end(p);
		}
	}
}
