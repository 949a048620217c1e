package org.tomocn.metrics;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a text file atomically (conventions, "Files"): into a temporary file in the target's
 * folder, then a rename onto the final name, so a failure never leaves a half-written file
 * there. A stand-in until {@code org.tomocn.io.AtomicFiles} lands; then this class goes.
 */
final class AtomicText {
	private AtomicText() {}

	@FunctionalInterface
	interface Body {
		void write(Writer w) throws IOException;
	}

	static void write(Path target, Body body) throws IOException {
		Path abs = target.toAbsolutePath();
		Path dir = abs.getParent();
		Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
		boolean done = false;
		try {
			try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
				body.write(w);
			}
			try {
				Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException e) {
				Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
			}
			done = true;
		}
		finally {
			if (!done) Files.deleteIfExists(tmp);
		}
	}
}
