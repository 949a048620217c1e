package org.tomocn.command;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.Test;

/**
 * Bad values and impossible outputs are refused with exit code 2 and a message naming the
 * key, before any work (issue 13, items 2, 7, 9 and 15). "Before any work" is checked by
 * the absence of progress lines on stderr: every reconstruction reports progress as soon
 * as it starts.
 */
public class RefusalsTest extends LauncherTestBase {
	private static final String SIM = "phantom=spheres width=24 height=16 thickness=16 tilt_min=-60 tilt_max=60 tilt_step=6 seed=3";

	// ---------------------------------------------------------------- item 2: Simulate never replaces files silently

	@Test
	public void simulateRefusesToReplaceFilesUnlessOverwriteIsTrue() throws IOException {
		File dir = tmp.newFolder("sim");
		assertEquals(err, 0, launch("Simulate Tilt Series", SIM + " output_dir=[" + dir + "]"));
		byte[] ts = Files.readAllBytes(dir.toPath().resolve("tilt_series.mrc"));
		byte[] truth = Files.readAllBytes(dir.toPath().resolve("ground_truth.mrc"));
		// another phantom into the same folder: refused, naming the files, nothing changed
		assertEquals(err, 2, launch("Simulate Tilt Series", SIM.replace("spheres", "shapes") + " output_dir=[" + dir + "]"));
		assertTrue(err, err.contains("tilt_series.mrc") && err.contains("tilt_angles.tlt") && err.contains("ground_truth.mrc"));
		assertTrue(err, err.contains("overwrite=true"));
		assertArrayEquals(ts, Files.readAllBytes(dir.toPath().resolve("tilt_series.mrc")));
		assertArrayEquals(truth, Files.readAllBytes(dir.toPath().resolve("ground_truth.mrc")));
		// one existing file is enough to refuse, and only it is named
		File other = tmp.newFolder("other");
		Files.write(other.toPath().resolve("tilt_angles.tlt"), "0\n".getBytes(StandardCharsets.UTF_8));
		assertEquals(err, 2, launch("Simulate Tilt Series", SIM + " output_dir=[" + other + "]"));
		assertTrue(err, err.contains("tilt_angles.tlt") && !err.contains("ground_truth.mrc"));
		assertFalse(new File(other, "tilt_series.mrc").exists());
		// asked for: replaced
		assertEquals(err, 0, launch("Simulate Tilt Series", SIM.replace("spheres", "shapes") + " overwrite=true output_dir=[" + dir + "]"));
		assertFalse(java.util.Arrays.equals(truth, Files.readAllBytes(dir.toPath().resolve("ground_truth.mrc"))));
	}

	// ---------------------------------------------------------------- item 7: values accepted without a word

	@Test
	public void negativeThicknessIsRefused() {
		assertEquals(err, 2, launch("Weighted Back-Projection", DATA + " thickness=-8"));
		assertTrue(err, err.contains("thickness") && err.contains("-8"));
		assertFalse(err, err.contains("WBP:"));
	}

	@Test
	public void negativePixelSizeAndSnrAreRefused() throws IOException {
		File dir = tmp.newFolder("neg");
		assertEquals(err, 2, launch("Simulate Tilt Series", SIM + " pixel_size=-10 output_dir=[" + dir + "]"));
		assertTrue(err, err.contains("pixel_size") && err.contains("-10"));
		assertEquals(err, 2, launch("Simulate Tilt Series", SIM + " snr=-1 output_dir=[" + dir + "]"));
		assertTrue(err, err.contains("snr") && err.contains("-1"));
		assertEquals(0, dir.list().length);
	}

	@Test
	public void aRangeThatMissesItsEndIsRefused() {
		// -60:2:61 has 61 angles like the data, but its end (61) is not on the 2-degree grid
		assertEquals(err, 2, launch("Weighted Back-Projection", "tilt_series=test-data/tilt_series.mrc angles=-60:2:61"));
		assertTrue(err, err.contains("-60:2:61") && err.contains("61") && err.contains("60"));
		assertEquals(err, 2, launch("Simulate Tilt Series", SIM.replace("tilt_max=60", "tilt_max=61")));
		assertTrue(err, err.contains("61"));
	}

	// ---------------------------------------------------------------- item 9: outputs checked before any work

	/**
	 * The network's overridable keys are empty (the preset's) or values: a value that is not a
	 * number, or out of range, is refused naming the key before any work; values given are used.
	 */
	@Test
	public void networkKeysAreEmptyOrValues() throws IOException {
		String net = "Coordinate Network Reconstruction";
		assertEquals(err, 2, launch(net, DATA + " preset=fast iterations_first=many"));
		assertTrue(err, err.contains("iterations_first must be a number") && err.contains("'many'"));
		assertEquals(err, 2, launch(net, DATA + " preset=fast tv_lambda=-1"));
		assertTrue(err, err.contains("tv_lambda must be >= 0, got -1.0"));
		assertEquals(err, 2, launch(net, DATA + " preset=fast held_out=sometimes"));
		assertTrue(err, err.contains("held_out must be one of auto, on, off; got 'sometimes'"));
		assertEquals(err, 2, launch(net, DATA + " preset=fast network_bin=9"));
		assertTrue(err, err.contains("network_bin must be from 1 to 8, got 9"));
		assertFalse(err, err.contains("Coordinate network:"));
		File out = new File(tmp.getRoot(), "preview.mrc");
		assertEquals(err, 0, launch(net, DATA + " preset=fast iterations_first=150 iterations_next=30 hidden_features=32 preview=4 network_bin=2 threads=1 output=[" + out + "]"));
		assertTrue(err, err.contains("iterations_first=150 iterations_next=30") && err.contains("hidden_features=32")
			&& err.contains("tv_lambda=0.0") && err.contains("omega0=30.0") && err.contains("overlap=0") && err.contains("network_bin=2"));
		// the preview's 4 rows are fitted as the binned series' central 2 and brought back to 4
		assertTrue(err, err.contains("binned 2 x 2") && err.contains("interpolated back to ") && err.contains(" x 4 x "));
		assertTrue(out.length() > 1024);
	}

	@Test
	public void anOutputThatIsAFolderIsRefusedBeforeAnyWork() throws IOException {
		File folder = tmp.newFolder("rec.mrc");
		assertEquals(err, 2, launch("Weighted Back-Projection", DATA + " output=[" + folder + "]"));
		assertTrue(err, err.contains("output") && err.contains("is a folder"));
		assertFalse("no reconstruction may start: " + err, err.contains("WBP:"));
		// the coordinate network's output goes through the same check (a whole fit would be lost)
		assertEquals(err, 2, launch("Coordinate Network Reconstruction", DATA + " preset=fast iterations_first=1 iterations_next=1 output=[" + folder + "]"));
		assertTrue(err, err.contains("output") && err.contains("is a folder"));
		assertFalse(err, err.contains("Coordinate network:"));
		// and the FSC's csv
		assertEquals(err, 2, launch("Fourier Shell Correlation", "volume=test-data/ground_truth.mrc reference=test-data/ground_truth.mrc csv=[" + folder + "]"));
		assertTrue(err, err.contains("csv") && err.contains("is a folder"));
	}

	@Test
	public void aReadOnlyFolderIsRefusedBeforeAnyWork() throws IOException {
		Path ro = readOnlyFolder();
		assertEquals(err, 2, launch("Weighted Back-Projection", DATA + " output=[" + ro.resolve("wbp.mrc") + "]"));
		assertTrue(err, err.contains("output") && err.contains("not writable"));
		assertFalse("no reconstruction may start: " + err, err.contains("WBP:"));
		assertEquals(err, 2, launch("Simulate Tilt Series", SIM + " output_dir=[" + ro + "]"));
		assertTrue(err, err.contains("output_dir") && err.contains("not writable"));
		assertEquals(err, 2, launch("Project Volume", "volume=test-data/ground_truth.mrc angles=-60:30:60 output=[" + ro.resolve("p.mrc") + "]"));
		assertTrue(err, err.contains("output") && err.contains("not writable"));
	}

	/** A folder where this process cannot create files: a chmod 555 folder, or (as root) /sys. */
	private Path readOnlyFolder() throws IOException {
		Path dir = tmp.newFolder("read-only").toPath();
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
		if (!canCreateIn(dir)) return dir;
		Path sys = Paths.get("/sys");
		assumeTrue("no read-only folder available (running as root without /sys)", Files.isDirectory(sys) && !canCreateIn(sys));
		return sys;
	}

	private static boolean canCreateIn(Path dir) {
		try {
			Files.delete(Files.createFile(dir.resolve(".probe-" + System.nanoTime())));
			return true;
		}
		catch (IOException e) {
			return false;
		}
	}

	// ---------------------------------------------------------------- README: inputs are never modified

	@Test
	public void inputsAreNeverModified() throws IOException {
		Path dir = tmp.newFolder("in").toPath();
		Path ts = Files.copy(Paths.get("test-data/tilt_series.mrc"), dir.resolve("tilt_series.mrc"));
		Path tlt = Files.copy(Paths.get("test-data/tilt_angles.tlt"), dir.resolve("tilt_series.tlt"));
		Path truth = Files.copy(Paths.get("test-data/ground_truth.mrc"), dir.resolve("truth.mrc"));
		byte[] tsBytes = Files.readAllBytes(ts), tltBytes = Files.readAllBytes(tlt), truthBytes = Files.readAllBytes(truth);
		// every preparation step that changes values (exclude, bin, log, invert), outputs next to the inputs
		assertEquals(err, 0, launch("SIRT", "tilt_series=[" + ts + "] iterations=2 exclude_views=1 bin=2 log=true log_offset=1 invert=true output=[" + dir.resolve("sirt.mrc") + "]"));
		assertEquals(err, 0, launch("Project Volume", "volume=[" + truth + "] angles=[" + tlt + "] output=[" + dir.resolve("p.mrc") + "]"));
		assertEquals(err, 0, launch("Fourier Shell Correlation", "volume=[" + dir.resolve("sirt.mrc") + "] reference=[" + dir.resolve("sirt.mrc") + "] csv=[" + dir.resolve("fsc.csv") + "]"));
		// an output named like an input is refused
		assertEquals(err, 2, launch("Weighted Back-Projection", "tilt_series=[" + ts + "] output=[" + ts + "]"));
		assertArrayEquals(tsBytes, Files.readAllBytes(ts));
		assertArrayEquals(tltBytes, Files.readAllBytes(tlt));
		assertArrayEquals(truthBytes, Files.readAllBytes(truth));
	}

	// ---------------------------------------------------------------- item 15: two outputs on one path

	@Test
	public void csvAndPngOnTheSamePathAreRefused() throws IOException {
		File f = new File(tmp.getRoot(), "fsc.out");
		assertEquals(err, 2, launch("Fourier Shell Correlation",
			"volume=test-data/ground_truth.mrc reference=test-data/ground_truth.mrc csv=[" + f + "] png=[" + tmp.getRoot() + "/./fsc.out]"));
		assertTrue(err, err.contains("csv") && err.contains("png"));
		assertFalse(f.exists());
	}
}
