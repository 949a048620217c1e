package org.tomocn.cn;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

/**
 * Issue 11, "reproducible runs": the same input, settings and seed give the same volume, bit
 * for bit, in separate JVMs, with 2 threads (two chains of fits at once) and with 1. The
 * child JVMs get a small heap so that garbage collections fall inside the fits: before the
 * fix in {@link NativeArrays}, a collection between a forward and a backward pass changed
 * the gradient, and four of four processes disagreed here. Later, about one process in 40
 * still differed from the others (from its first loss on) because MKL chose its own thread
 * split for matrix products; every fit now runs PyTorch on one thread
 * ({@link NetworkRuntime#lanes}).
 */
public class ReproducibilityTest {
	/** The child JVMs' volumes and logs, deleted after the test. */
	@org.junit.Rule
	public final org.junit.rules.TemporaryFolder tmp = new org.junit.rules.TemporaryFolder();

	@Test
	public void sameVolumeInSeparateProcessesAndThreadCounts() throws Exception {
		Path dir = tmp.newFolder().toPath();
		byte[] a = run(dir.resolve("a.bin"), 2), b = run(dir.resolve("b.bin"), 2), c = run(dir.resolve("c.bin"), 1);
		assertEquals(64 * 10 * 32 * 4, a.length);
		float max = 0;
		for (int i = 0; i < a.length; i += 4) max = Math.max(max, Math.abs(Float.intBitsToFloat(((a[i] & 0xff) << 24) | ((a[i + 1] & 0xff) << 16) | ((a[i + 2] & 0xff) << 8) | (a[i + 3] & 0xff))));
		assertTrue("the volume should not be empty", max > 0);
		assertTrue("two processes with 2 threads gave different volumes", Arrays.equals(a, b));
		assertTrue("1 thread gave another volume than 2", Arrays.equals(a, c));
	}

	private static byte[] run(Path out, int threads) throws Exception {
		String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process p = new ProcessBuilder(java, "-Xmx160m", "-cp", cp, ReproMain.class.getName(), out.toString(), "120", Integer.toString(threads)).redirectErrorStream(true)
			.redirectOutput(new File(out + ".log")).start();
		assertTrue("child JVM timed out", p.waitFor(5, TimeUnit.MINUTES));
		assertEquals("child JVM failed: " + Files.readString(Path.of(out + ".log")), 0, p.exitValue());
		return Files.readAllBytes(out);
	}
}
