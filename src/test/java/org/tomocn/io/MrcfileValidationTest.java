package org.tomocn.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;

/**
 * External check: files written by {@link MrcFile} validate with Python's {@code mrcfile}
 * (CCP-EM; Debian package {@code python3-mrcfile}) and read back there with the same shape
 * (z, y, x), voxel size and values. Skipped (Assume) only when no Python 3 with the mrcfile
 * module is found.
 */
public class MrcfileValidationTest {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** A python3 that imports mrcfile, or null. /usr/bin/python3 first: Debian's package installs there. */
	private static String python;

	@BeforeClass
	public static void findPython() {
		for (String candidate : new String[] { "/usr/bin/python3", "python3" }) {
			if (importsMrcfile(candidate)) {
				python = candidate;
				return;
			}
		}
	}

	private static boolean importsMrcfile(String candidate) {
		try {
			return run(candidate, "-c", "import mrcfile").exit == 0;
		}
		catch (IOException e) {
			return false; // no such interpreter
		}
	}

	private static final class Result {
		final int exit;
		final String out;

		Result(int exit, String out) {
			this.exit = exit;
			this.out = out;
		}
	}

	private static Result run(String... command) throws IOException {
		Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
		try (InputStream in = p.getInputStream()) {
			byte[] out = in.readAllBytes();
			if (!p.waitFor(60, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				throw new IOException("timed out: " + Arrays.toString(command));
			}
			return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
		}
		catch (InterruptedException e) {
			p.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", e);
		}
	}

	/** Validates (first line: True/False plus mrcfile's messages on failure), then describes the data. */
	private static final String VALIDATE_AND_DESCRIBE = "import io, mrcfile, sys\n" + "log = io.StringIO()\n" +
		"ok = mrcfile.validate(sys.argv[1], print_file=log)\n" + "print(ok)\n" + "if not ok:\n" + "    print(log.getvalue())\n" +
		"    sys.exit(1)\n" + "with mrcfile.open(sys.argv[1], permissive=False) as m:\n" + "    d = m.data\n" + "    v = m.voxel_size\n" +
		"    print(*d.shape, v.x, v.y, v.z, int(m.header.ispg), d.dtype.str)\n" +
		"    print(*[repr(float(d[k, j, i])) for (i, j, k) in [(0, 0, 0), (1, 2, 0), (6, 4, 2), (3, 1, 2)]])\n" +
		"    print(repr(float(d.astype('float64').sum())))\n";

	/** Runs mrcfile.validate (asserting it passes) and returns what mrcfile reads, as tokens. */
	private List<String> validateAndDescribe(Path f) throws IOException {
		Result r = run(python, "-c", VALIDATE_AND_DESCRIBE, f.toString());
		assertEquals("mrcfile.validate / read says:\n" + r.out, 0, r.exit);
		List<String> tokens = new ArrayList<>(Arrays.asList(r.out.trim().split("\\s+")));
		assertEquals("True", tokens.remove(0));
		return tokens;
	}

	private static Volume random(long seed, double pixel) {
		Volume v = new Volume(7, 5, 3, pixel);
		Random r = new Random(seed);
		float[] a = v.data();
		for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextGaussian() * 10);
		return v;
	}

	private static void assertSameData(Volume v, List<String> d, double pixel, int ispg) {
		assertEquals(Arrays.asList("3", "5", "7"), d.subList(0, 3)); // mrcfile's (z, y, x)
		for (int a = 0; a < 3; a++) assertEquals(pixel, Double.parseDouble(d.get(3 + a)), 1e-5);
		assertEquals(ispg, Integer.parseInt(d.get(6)));
		assertEquals("<f4", d.get(7)); // mode 2 little-endian
		int[][] xyz = { { 0, 0, 0 }, { 1, 2, 0 }, { 6, 4, 2 }, { 3, 1, 2 } };
		for (int k = 0; k < xyz.length; k++) {
			assertEquals(v.get(xyz[k][0], xyz[k][1], xyz[k][2]), Double.parseDouble(d.get(8 + k)), 0);
		}
		double sum = 0;
		for (float x : v.data()) sum += x;
		assertEquals(sum, Double.parseDouble(d.get(12)), 1e-9 * Math.max(1, Math.abs(sum)));
	}

	@Test
	public void volumeValidatesAndReadsTheSameInMrcfile() throws IOException {
		assumeTrue("python3 with the mrcfile module (Debian: apt-get install python3-mrcfile) not found", python != null);
		Volume v = random(11, 2.25);
		Path f = tmp.getRoot().toPath().resolve("volume.mrc");
		TomoFiles.writeVolume(f, v, "validation test");
		assertSameData(v, validateAndDescribe(f), 2.25, 1);
	}

	@Test
	public void tiltSeriesValidatesAndReadsTheSameInMrcfile() throws IOException {
		assumeTrue("python3 with the mrcfile module (Debian: apt-get install python3-mrcfile) not found", python != null);
		Volume p = random(12, Double.NaN);
		TiltSeries ts = new TiltSeries(p, new TiltGeometry(new double[] { -30, 0, 30 }, 7, 5, 4, 1.5), 0.5);
		Path f = tmp.getRoot().toPath().resolve("tilt_series.mrc");
		TomoFiles.writeTiltSeries(f, ts, "validation test");
		assertSameData(p, validateAndDescribe(f), 1.5, 0);
	}

	@Test
	public void readsWhatMrcfileWrites() throws IOException {
		assumeTrue("python3 with the mrcfile module (Debian: apt-get install python3-mrcfile) not found", python != null);
		Path f = tmp.getRoot().toPath().resolve("from_mrcfile.mrc");
		String script = "import mrcfile, numpy as np, sys\n" +
			"d = (np.arange(105, dtype=np.int16).reshape(3, 5, 7) * 7 - 300).astype(np.int16)\n" +
			"with mrcfile.new(sys.argv[1]) as m:\n" + "    m.set_data(d)\n" + "    m.voxel_size = (1.5, 2.0, 2.5)\n" + "    m.set_image_stack()\n";
		Result r = run(python, "-c", script, f.toString());
		assertEquals(r.out, 0, r.exit);
		MrcData d = MrcFile.read(f);
		assertEquals(MrcMode.INT16, d.header().dataMode());
		assertEquals(7, d.volume().nx());
		assertEquals(3, d.volume().nz());
		for (int i = 0; i < 105; i++) assertEquals(i * 7 - 300, d.volume().data()[i], 0f);
		assertEquals(1.5, d.voxelSize()[0], 1e-6);
		assertEquals(2.0, d.voxelSize()[1], 1e-6);
		assertTrue(!d.isVolume());
	}
}
