package org.tomocn.cn;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

import org.tomocn.core.TomoInputException;

/**
 * Per-step checkpoints of a coordinate-network run in a work folder: after every fit, its
 * network weights, its chunk's values and its losses go to {@code step-NNNN.ckpt} in a
 * sub-folder named by a hash of everything that determines the result (input data,
 * geometry, settings), so that checkpoints of another run are never mixed in. Each file
 * is written to a temporary name and then renamed, so an interrupted run never leaves a
 * half-written checkpoint. Format: big-endian {@link DataOutputStream}, magic
 * {@code TCNCKPT1}, the full run key (checked on load), then the arrays.
 */
final class CheckpointStore {
	private static final String MAGIC = "TCNCKPT1";

	/** One stored fit. */
	static final class Entry {
		final int chunk, retries, iterations;
		final double loss, zeroLoss, backProjectionLoss;
		final SirenWeights weights;
		final float[] values;
		/** Why the fit ended ({@link FitSchedule#stopReason()}); not stored, "" when loaded. */
		final String ended;

		Entry(int chunk, int retries, int iterations, double loss, double zeroLoss, double backProjectionLoss, SirenWeights weights,
			float[] values)
		{
			this(chunk, retries, iterations, loss, zeroLoss, backProjectionLoss, weights, values, "");
		}

		Entry(int chunk, int retries, int iterations, double loss, double zeroLoss, double backProjectionLoss, SirenWeights weights,
			float[] values, String ended)
		{
			this.ended = ended;
			this.chunk = chunk;
			this.retries = retries;
			this.iterations = iterations;
			this.loss = loss;
			this.zeroLoss = zeroLoss;
			this.backProjectionLoss = backProjectionLoss;
			this.weights = weights;
			this.values = values;
		}
	}

	private final Path dir;
	private final String key;

	/**
	 * @param workDir the user's work folder (created if missing)
	 * @param key every setting and an input fingerprint, as one string
	 * @param resume false: earlier checkpoints of the same run are deleted first
	 */
	CheckpointStore(Path workDir, String key, boolean resume) {
		this.key = key;
		this.dir = workDir.resolve("tomocn-cn-" + sha256(key).substring(0, 16));
		try {
			Files.createDirectories(dir);
			if (!resume) {
				try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "step-*.ckpt")) {
					for (Path p : ds) Files.delete(p);
				}
			}
		}
		catch (IOException e) {
			throw new TomoInputException("work_dir " + workDir + " is not usable: " + e.getMessage(), e);
		}
	}

	Path directory() {
		return dir;
	}

	private Path file(int step) {
		return dir.resolve(String.format(Locale.ROOT, "step-%04d.ckpt", step));
	}

	/** The stored fit of {@code step}, or null when there is none (or it belongs to another run). */
	Entry load(int step) {
		Path f = file(step);
		if (!Files.isRegularFile(f)) return null;
		try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(f)))) {
			if (!MAGIC.equals(in.readUTF()) || !key.equals(readString(in)) || in.readInt() != step) return null;
			int chunk = in.readInt(), retries = in.readInt(), iterations = in.readInt();
			double loss = in.readDouble(), zero = in.readDouble(), bp = in.readDouble();
			int layers = in.readInt();
			int[] li = new int[layers], lo = new int[layers];
			float[][] w = new float[layers][], b = new float[layers][];
			for (int k = 0; k < layers; k++) {
				li[k] = in.readInt();
				lo[k] = in.readInt();
				w[k] = readFloats(in);
				b[k] = readFloats(in);
			}
			float[] values = in.readBoolean() ? readFloats(in) : null;
			return new Entry(chunk, retries, iterations, loss, zero, bp, new SirenWeights(li, lo, w, b), values);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot read checkpoint " + f, e);
		}
	}

	/** Stores the fit of {@code step} atomically. */
	void save(int step, Entry e) {
		Path f = file(step), tmp = dir.resolve(f.getFileName() + ".tmp");
		try {
			try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
				out.writeUTF(MAGIC);
				writeString(out, key);
				out.writeInt(step);
				out.writeInt(e.chunk);
				out.writeInt(e.retries);
				out.writeInt(e.iterations);
				out.writeDouble(e.loss);
				out.writeDouble(e.zeroLoss);
				out.writeDouble(e.backProjectionLoss);
				SirenWeights w = e.weights;
				out.writeInt(w.numLayers());
				for (int k = 0; k < w.numLayers(); k++) {
					out.writeInt(w.in[k]);
					out.writeInt(w.out[k]);
					writeFloats(out, w.weights[k]);
					writeFloats(out, w.biases[k]);
				}
				out.writeBoolean(e.values != null);
				if (e.values != null) writeFloats(out, e.values);
			}
			Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write checkpoint " + f, ex);
		}
	}

	private static void writeString(DataOutputStream out, String s) throws IOException {
		byte[] b = s.getBytes(StandardCharsets.UTF_8);
		out.writeInt(b.length);
		out.write(b);
	}

	private static String readString(DataInputStream in) throws IOException {
		int n = in.readInt();
		if (n < 0 || n > 1 << 20) throw new IOException("corrupt checkpoint header");
		byte[] b = new byte[n];
		in.readFully(b);
		return new String(b, StandardCharsets.UTF_8);
	}

	private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
		out.writeInt(a.length);
		java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(4 * a.length);
		bb.asFloatBuffer().put(a);
		out.write(bb.array());
	}

	private static float[] readFloats(DataInputStream in) throws IOException {
		int n = in.readInt();
		if (n < 0) throw new IOException("corrupt checkpoint array length");
		byte[] b = new byte[4 * n];
		in.readFully(b);
		float[] a = new float[n];
		java.nio.ByteBuffer.wrap(b).asFloatBuffer().get(a);
		return a;
	}

	static String sha256(String s) {
		try {
			byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
			StringBuilder sb = new StringBuilder();
			for (byte x : d) sb.append(String.format(Locale.ROOT, "%02x", x));
			return sb.toString();
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 missing from the JVM", e);
		}
	}
}
