package org.tomocn.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

import org.tomocn.core.TomoInputException;

/**
 * Writes output files atomically: the content goes to a hidden temporary file in the target's
 * folder ({@code .NAME.XXXXXXXX.tmp}), which is flushed to disk and then renamed over the
 * target. A crash, an exception or a cancel during writing leaves neither a partial file
 * under the final name nor a changed previous file; the temporary file is deleted on any
 * exception (a hard crash of the JVM can leave it behind, never the final name).
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
		Path dir = folderOf(target);
		if (!Files.isDirectory(dir)) throw new TomoInputException("Cannot write " + target + ": the folder " + dir + " does not exist");
		if (Files.isDirectory(target)) throw new TomoInputException("Cannot write " + target + ": it is a folder");
		Path temp = createTemporary(dir, target);
		boolean moved = false;
		try {
			content.writeTo(temp);
			try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
				ch.force(true);
			}
			moveOver(temp, target);
			moved = true;
		}
		catch (AccessDeniedException e) {
			throw new TomoInputException("Cannot write " + target + ": permission denied", e);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Writing " + target + " failed: " + e, e);
		}
		finally {
			if (!moved) deleteQuietly(temp);
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
				return Files.createFile(temp);
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
