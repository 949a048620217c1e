package org.tomocn.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.tomocn.core.CancelToken;
import org.tomocn.core.CancelledException;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;

public class AtomicFilesTest {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private List<String> listing() throws IOException {
		try (Stream<Path> s = Files.list(tmp.getRoot().toPath())) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}

	@Test
	public void writesTheContentAndLeavesNoTemporaryFile() throws IOException {
		Path f = tmp.getRoot().toPath().resolve("out.txt");
		AtomicFiles.writeString(f, "hello\n");
		assertEquals("hello\n", new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
		AtomicFiles.writeString(f, "replaced\n");
		assertEquals("replaced\n", new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
		assertEquals(Arrays.asList("out.txt"), listing());
	}

	@Test
	public void failureHalfWayLeavesNothingUnderTheFinalName() throws IOException {
		Path f = tmp.getRoot().toPath().resolve("rec.mrc");
		try {
			AtomicFiles.write(f, temp -> {
				Files.write(temp, new byte[5000]);
				throw new IOException("disk full (simulated)");
			});
			fail("the failure must propagate");
		}
		catch (UncheckedIOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("rec.mrc") && e.getMessage().contains("disk full"));
		}
		assertEquals("no file, no temporary left", Arrays.asList(), listing());
	}

	/** A cancel that arrives after the content was complete still keeps it from being renamed into place. */
	@Test
	public void cancelledWriteIsNotMovedIntoPlace() throws IOException {
		Path f = tmp.getRoot().toPath().resolve("rec.mrc");
		byte[] before = { 1, 2, 3 };
		Files.write(f, before);
		CancelToken token = new CancelToken();
		try {
			AtomicFiles.write(f, token, temp -> {
				Files.write(temp, new byte[100]);
				token.cancel(); // e.g. Ctrl-C while the last bytes go out; the content itself returns normally
			});
			fail("the cancel must stop the rename");
		}
		catch (CancelledException e) {
			assertArrayEquals(before, Files.readAllBytes(f));
		}
		assertEquals(Arrays.asList("rec.mrc"), listing());
		// and an MRC write checks the token between chunks: cancelled before, nothing is created
		Path g = tmp.getRoot().toPath().resolve("big.mrc");
		try {
			MrcFile.write(g, new Volume(512, 512, 12, 1), true, "test", token);
			fail("cancelled");
		}
		catch (CancelledException e) {
			assertEquals(Arrays.asList("rec.mrc"), listing());
		}
	}

	@Test
	public void writableChecksFindReadOnlyFoldersAndFolderTargets() throws IOException {
		Path dir = tmp.newFolder("d").toPath();
		String folder = failure(() -> AtomicFiles.requireWritable(dir, "output=" + dir));
		assertTrue(folder, folder.startsWith("output=" + dir) && folder.contains("is a folder"));
		String missing = failure(() -> AtomicFiles.requireWritable(dir.resolve("no/x.mrc"), "output=x"));
		assertTrue(missing, missing.contains("does not exist"));
		AtomicFiles.requireWritable(dir.resolve("x.mrc"), "output=x"); // fine, and leaves no probe behind
		AtomicFiles.requireWritableFolder(dir.resolve("new/deeper"), "output_dir=new"); // created later from d
		assertEquals(0, dir.toFile().list().length);
	}

	private static String failure(Runnable r) {
		try {
			r.run();
		}
		catch (TomoInputException e) {
			return e.getMessage();
		}
		throw new AssertionError("no TomoInputException");
	}

	@Test
	public void failureKeepsThePreviousFileUnchanged() throws IOException {
		Path f = tmp.getRoot().toPath().resolve("rec.mrc");
		byte[] before = { 1, 2, 3 };
		Files.write(f, before);
		try {
			AtomicFiles.write(f, temp -> {
				Files.write(temp, new byte[100]);
				throw new CancelledException();
			});
			fail("cancel must propagate");
		}
		catch (CancelledException e) {
			assertArrayEquals(before, Files.readAllBytes(f));
		}
		assertEquals(Arrays.asList("rec.mrc"), listing());
	}

	@Test
	public void interruptedMrcWriteLeavesThePreviousFile() throws IOException {
		// FileChannel writes fail on an interrupted thread (ClosedByInterruptException): the
		// MRC writer is stopped half-way through the data.
		Path f = tmp.getRoot().toPath().resolve("vol.mrc");
		byte[] before = { 7, 7, 7 };
		Files.write(f, before);
		Thread.currentThread().interrupt();
		try {
			MrcFile.write(f, new Volume(64, 64, 64, 1), true, "interrupted");
			fail("the interrupted write must fail");
		}
		catch (UncheckedIOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("vol.mrc"));
		}
		finally {
			Thread.interrupted(); // clear the flag for the next tests
		}
		assertArrayEquals(before, Files.readAllBytes(f));
		assertEquals(Arrays.asList("vol.mrc"), listing());
	}

	@Test
	public void missingFolderAndFolderTargetAreInputErrors() {
		Path missing = tmp.getRoot().toPath().resolve("no/such/dir/out.mrc");
		try {
			AtomicFiles.writeString(missing, "x");
			fail();
		}
		catch (TomoInputException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("does not exist") && e.getMessage().contains("out.mrc"));
		}
		try {
			AtomicFiles.writeString(tmp.getRoot().toPath(), "x");
			fail();
		}
		catch (TomoInputException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("is a folder"));
		}
	}

	@Test
	public void requireNotSameCatchesAliases() throws IOException {
		Path dir = tmp.getRoot().toPath();
		Path in = dir.resolve("ts.mrc");
		Files.write(in, new byte[1]);
		AtomicFiles.requireNotSame(dir.resolve("rec.mrc"), in, null);
		for (Path alias : new Path[] { in, dir.resolve("sub/../ts.mrc"), Files.createSymbolicLink(dir.resolve("link.mrc"), in) }) {
			try {
				AtomicFiles.requireNotSame(alias, dir.resolve("other.tlt"), in);
				fail(alias + " is the input");
			}
			catch (TomoInputException e) {
				assertTrue(e.getMessage(), e.getMessage().contains("ts.mrc") && e.getMessage().contains("choose another"));
			}
		}
	}

	@Test
	public void createDirectoriesReportsAFileInTheWay() throws IOException {
		Path dir = tmp.getRoot().toPath().resolve("a/b");
		AtomicFiles.createDirectories(dir);
		assertTrue(Files.isDirectory(dir));
		Path file = tmp.getRoot().toPath().resolve("plain");
		Files.write(file, new byte[1]);
		try {
			AtomicFiles.createDirectories(file);
			fail();
		}
		catch (TomoInputException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("plain"));
		}
	}
}
