package org.tomocn.io;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.tomocn.core.Volume;

/**
 * Write and read throughput of a 1 GiB float volume (1024 x 1024 x 256), not a test: run with
 * {@code mvn -o test -Dtest=MrcFileBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dscijava.surefire.args=-Xmx4g} (pom-scijava gives tests 512 MB otherwise). Prints seconds and MB/s; the write includes statistics, the fsync and
 * the rename.
 */
public class MrcFileBenchmark {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void oneGibVolume() throws IOException {
		int nx = 1024, ny = 1024, nz = 256;
		Volume v = new Volume(nx, ny, nz, 1.0);
		float[] d = v.data();
		for (int i = 0; i < d.length; i++) d[i] = (i % 4093) * 0.25f;
		Path f = tmp.getRoot().toPath().resolve("big.mrc");
		double mb = d.length * 4.0 / 1e6;

		long t0 = System.nanoTime();
		MrcFile.write(f, v, true, "benchmark");
		double write = (System.nanoTime() - t0) / 1e9;
		long t1 = System.nanoTime();
		Volume back = MrcFile.read(f).volume();
		double read = (System.nanoTime() - t1) / 1e9;
		back = null;
		long t2 = System.nanoTime();
		back = MrcFile.read(f).volume();
		double reread = (System.nanoTime() - t2) / 1e9;

		assertEquals(1024 + 4L * d.length, Files.size(f));
		assertEquals(d[d.length - 1], back.data()[d.length - 1], 0f);
		System.out.printf("MRC 1024x1024x256 float32 (%.0f MB): write %.2f s (%.0f MB/s), read %.2f s (%.0f MB/s), again %.2f s (%.0f MB/s)%n", mb, write,
			mb / write, read, mb / read, reread, mb / reread);
	}
}
