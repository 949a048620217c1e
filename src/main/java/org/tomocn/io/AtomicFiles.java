package org.tomocn.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.tomocn.core.CancelToken;
import org.tomocn.core.CancelledException;
import org.tomocn.core.TomoInputException;

/**
 * Writes output files atomically: the content goes to a hidden temporary file in the target's
 * folder ({@code .NAME.XXXXXXXX.tmp}), which is flushed to disk and then renamed over the
 * target. A crash, an exception or a cancel during writing leaves neither a partial file
 * under the final name nor a changed previous file; the temporary file is deleted on any
 * exception (a hard crash of the JVM can leave it behind, never the final name).
 * <p>
 * <b>Cancel and shutdown.</b> A write given a {@link CancelToken} stops at the next chunk
 * its content checks and never renames a cancelled file into place. When the JVM shuts
 * down (Ctrl-C, SIGTERM, {@code System.exit}) during a write, a shutdown hook deletes the
 * temporary files of the writes in progress, and those writes end with a
 * {@link CancelledException} instead of renaming: the rename and the hook exclude each
 * other, so either the whole file was in place before the shutdown or nothing is.
 * <p>
 * The temporary file is created with the default permissions (the process umask applies),
 * so the output gets the same permissions as a file written directly.
 * <p>
 * Errors the user can fix (missing folder, no permission, target is a folder) are
 * {@link TomoInputException}s naming the file; other I/O failures (disk full, ...) are
 * {@link UncheckedIOException}s naming the file.
 */
public final class AtomicFiles {
	private AtomicFiles() {}

	/** Writes the content of an output into the given (already created, empty) file. */
	@FunctionalInterface
	public interface Content {
		void writeTo(Path temporaryFile) throws IOException;
	}

	/**
	 * Writes {@code target} atomically with {@code content}. Blocks until the file is on disk
	 * under its final name.
	 *
	 * @throws TomoInputException if the folder does not exist, is not writable, or the target
	 *           is a folder
	 * @throws UncheckedIOException for other I/O failures
	 * @throws RuntimeException whatever {@code content} throws (e.g. a CancelledException),
	 *           after the temporary file was deleted
	 */
	public static void write(Path target, Content content) {
		write(target, CancelToken.NONE, content);
	}

	/**
	 * As {@link #write(Path, Content)}; a cancel of {@code cancel} (checked by the content
	 * while it writes, and here before the rename) deletes the temporary file and leaves the
	 * target as it was.
	 *
	 * @throws CancelledException when cancelled or when the JVM began shutting down before
	 *           the rename
	 */
	public static void write(Path target, CancelToken cancel, Content content) {
		Path dir = folderOf(target);
		if (!Files.isDirectory(dir)) throw new TomoInputException("Cannot write " + target + ": the folder " + dir + " does not exist");
		if (Files.isDirectory(target)) throw new TomoInputException("Cannot write " + target + ": it is a folder");
		Path temp = createTemporary(dir, target);
		boolean moved = false;
		try {
			content.writeTo(temp);
			cancel.check();
			try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
				ch.force(true);
			}
			cancel.check();
			synchronized (PENDING) {
				if (shuttingDown) throw new CancelledException();
				moveOver(temp, target);
				moved = true;
			}
		}
		catch (AccessDeniedException e) {
			throw new TomoInputException("Cannot write " + target + ": permission denied", e);
		}
		catch (IOException e) {
			// the shutdown hook may have deleted the temporary file under the content's feet
			if (shuttingDown) throw new CancelledException();
			throw new UncheckedIOException("Writing " + target + " failed: " + e, e);
		}
		finally {
			synchronized (PENDING) {
				PENDING.remove(temp);
			}
			if (!moved) deleteQuietly(temp);
		}
	}

	/**
	 * Checks, before any work, that {@code target} can be written: its folder exists and this
	 * process can create files in it (tried with a hidden file that is removed at once, so
	 * permissions, ACLs and read-only disks all count), and the target is not a folder.
	 *
	 * @param what how the user named the output, for the message (e.g. {@code output=rec.mrc})
	 * @throws TomoInputException naming {@code what} and the problem
	 */
	public static void requireWritable(Path target, String what) {
		Path dir = folderOf(target);
		if (Files.isDirectory(target)) throw new TomoInputException(what + ": it is a folder; give a file name");
		if (!Files.exists(dir)) throw new TomoInputException(what + ": the folder " + dir + " does not exist");
		if (!Files.isDirectory(dir)) throw new TomoInputException(what + ": " + dir + " is a file, not a folder");
		requireCanCreateIn(dir, what);
	}

	/**
	 * Checks, before any work, that {@code dir} is a folder this process can create files in,
	 * or, when it does not exist yet, that it can be created (its nearest existing ancestor is
	 * a writable folder).
	 *
	 * @throws TomoInputException naming {@code what} and the problem
	 */
	public static void requireWritableFolder(Path dir, String what) {
		Path d = dir.toAbsolutePath().normalize();
		while (d != null && !Files.exists(d)) d = d.getParent();
		if (d == null) throw new TomoInputException(what + ": no part of the path " + dir + " exists");
		if (!Files.isDirectory(d)) throw new TomoInputException(what + ": " + d + " is a file, not a folder");
		requireCanCreateIn(d, what);
	}

	private static void requireCanCreateIn(Path dir, String what) {
		Path probe = dir.resolve(".tomocn-write-check." + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL) + ".tmp");
		try {
			Files.createFile(probe);
		}
		catch (IOException e) {
			throw new TomoInputException(what + ": the folder " + dir + " is not writable (" + reason(e) + "); choose another folder", e);
		}
		deleteQuietly(probe);
	}

	private static String reason(IOException e) {
		if (e instanceof AccessDeniedException) return "permission denied";
		if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) return ((FileSystemException) e).getReason();
		return e.toString();
	}

	/** Temporary files of the writes in progress, deleted by the shutdown hook. */
	private static final Set<Path> PENDING = new LinkedHashSet<>();
	private static boolean shuttingDown; // guarded by PENDING
	private static boolean hookAdded; // guarded by PENDING

	private static void register(Path temp) {
		synchronized (PENDING) {
			if (!hookAdded) {
				Runtime.getRuntime().addShutdownHook(new Thread(AtomicFiles::deletePending, "tomocn-delete-temporary-files"));
				hookAdded = true;
			}
			PENDING.add(temp);
		}
	}

	private static void deletePending() {
		synchronized (PENDING) {
			shuttingDown = true;
			for (Path p : PENDING) {
				try {
					Files.deleteIfExists(p);
				}
				catch (IOException e) {
					// the JVM is ending: nothing else can be done about an undeletable hidden file
				}
			}
			PENDING.clear();
		}
	}

	/** Writes a text file (UTF-8) atomically. */
	public static void writeString(Path target, String text) {
		write(target, temp -> Files.write(temp, text.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * Refuses to write an output over one of the inputs of the same run (the same path, or
	 * the same file through a link).
	 *
	 * @throws TomoInputException naming both when {@code output} is one of {@code inputs}
	 *           ({@code null} inputs are ignored)
	 */
	public static void requireNotSame(Path output, Path... inputs) {
		Path out = output.toAbsolutePath().normalize();
		for (Path input : inputs) {
			if (input == null) continue;
			boolean same = out.equals(input.toAbsolutePath().normalize());
			if (!same && Files.exists(output) && Files.exists(input)) {
				try {
					same = Files.isSameFile(output, input);
				}
				catch (IOException e) {
					throw new UncheckedIOException("Cannot compare " + output + " with " + input + ": " + e, e);
				}
			}
			if (same) throw new TomoInputException("The output " + output + " is the input " + input + "; choose another output file");
		}
	}

	/**
	 * Creates a folder (and missing parents) for outputs.
	 *
	 * @throws TomoInputException if it cannot be created (e.g. a file of that name exists, no permission)
	 */
	public static void createDirectories(Path dir) {
		try {
			Files.createDirectories(dir);
		}
		catch (FileAlreadyExistsException e) {
			throw new TomoInputException("Cannot create the folder " + dir + ": a file of that name exists", e);
		}
		catch (IOException e) {
			throw new TomoInputException("Cannot create the folder " + dir + ": " + e, e);
		}
	}

	private static Path folderOf(Path target) {
		Path parent = target.toAbsolutePath().normalize().getParent();
		if (parent == null) throw new TomoInputException("Cannot write " + target + ": not a file path");
		return parent;
	}

	/** A new, empty, hidden file next to the target, with default permissions (unlike Files.createTempFile's 0600). */
	private static Path createTemporary(Path dir, Path target) {
		String name = target.getFileName().toString();
		for (int attempt = 0;; attempt++) {
			String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
			Path temp = dir.resolve("." + name + "." + suffix + ".tmp");
			try {
				synchronized (PENDING) {
					if (shuttingDown) throw new CancelledException();
					Files.createFile(temp);
					register(temp);
				}
				return temp;
			}
			catch (FileAlreadyExistsException e) {
				if (attempt >= 100) throw new UncheckedIOException("Cannot create a temporary file next to " + target, e);
			}
			catch (AccessDeniedException e) {
				throw new TomoInputException("Cannot write " + target + ": permission denied in " + dir, e);
			}
			catch (IOException e) {
				throw new UncheckedIOException("Cannot create a temporary file next to " + target + ": " + e, e);
			}
		}
	}

	private static void moveOver(Path temp, Path target) throws IOException {
		try {
			// POSIX rename(2) (and MoveFileEx on Windows) replaces an existing target atomically.
			Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException e) {
			Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/** Cleanup after a failure: the original exception matters more than a failed delete. */
	private static void deleteQuietly(Path temp) {
		try {
			Files.deleteIfExists(temp);
		}
		catch (IOException e) {
			// Nothing better to do: the primary failure is being thrown; the hidden file is inert.
			temp.toFile().deleteOnExit();
		}
	}
}
