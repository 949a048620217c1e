package org.tomocn.cn;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.tomocn.core.TomoInputException;
import org.tomocn.io.AtomicFiles;

/**
 * Per-step checkpoints of a coordinate-network run in a work folder: after every fit, its
 * network weights, its chunk's values and its losses go to {@code step-NNNN.ckpt} in a
 * sub-folder named by a digest of everything that determines the result (input data,
 * geometry, settings), so that checkpoints of another run are never mixed in. With the
 * first checkpoint, the run's key is also written in clear to {@code run.key} in that
 * folder, so that a resume whose settings changed can say what changed.
 * <p>
 * Files are written through {@link AtomicFiles} (a temporary file, fsync, rename), so an
 * interrupted run never leaves a half-written checkpoint. Format: big-endian
 * {@link DataOutputStream}, magic {@code TCNCKPT2}, the full run key (checked on load), the
 * arrays, then the SHA-256 of everything before it: a damaged file (same size or truncated)
 * is never trusted. It is deleted, reported through the warning callback, and that chunk is
 * fitted again.
 */
final class CheckpointStore {
	private static final String MAGIC = "TCNCKPT2", KEY_FILE = "run.key", PREFIX = "tomocn-cn-";

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
	private final Consumer<String> warn;

	/**
	 * @param workDir the user's work folder (created if missing)
	 * @param key every setting and an input fingerprint, as {@code name=value} words
	 *          separated by single spaces (values without spaces)
	 * @param resume false: earlier checkpoints of the same run are deleted first; true: when
	 *          this run has no checkpoints but another run in {@code workDir} has, the run is
	 *          refused with what differs (a resume that silently starts over loses hours)
	 * @param warn receives a sentence for every damaged checkpoint found
	 * @throws TomoInputException when the folder is not usable, or on a resume whose settings
	 *           or data differ from every earlier run's in the folder
	 */
	CheckpointStore(Path workDir, String key, boolean resume, Consumer<String> warn) {
		this.key = key;
		this.warn = warn;
		this.dir = workDir.resolve(PREFIX + hex(sha256(key.getBytes(StandardCharsets.UTF_8))).substring(0, 16));
		try {
			if (resume && !Files.isDirectory(dir)) refuseChangedResume(workDir, key);
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

	/** Refuses a resume when earlier runs' checkpoints exist in {@code workDir} but none of this run's. */
	private static void refuseChangedResume(Path workDir, String key) throws IOException {
		if (!Files.isDirectory(workDir)) return;
		List<String> diffs = new ArrayList<>();
		try (DirectoryStream<Path> ds = Files.newDirectoryStream(workDir, PREFIX + "*")) {
			for (Path d : ds) {
				Path k = d.resolve(KEY_FILE);
				if (Files.isRegularFile(k)) diffs.add(describeChange(Files.readString(k, StandardCharsets.UTF_8), key));
			}
		}
		if (diffs.isEmpty()) return;
		throw new TomoInputException("resume=true, but the checkpoints in work_dir " + workDir + " belong to a run with other settings or data (" +
			String.join("; or ", diffs) + "). Run again with the same settings and data (torch_threads is PyTorch's threads per fit: 1 for " +
			"threads up to 3, threads / 2 above), or set resume=false to start over.");
	}

	/** What differs between two run keys, as "name: old -> new" items. */
	static String describeChange(String before, String now) {
		Map<String, String> a = words(before), b = words(now);
		List<String> out = new ArrayList<>();
		for (Map.Entry<String, String> e : b.entrySet()) {
			String old = a.get(e.getKey());
			if (!e.getValue().equals(old)) out.add(e.getKey() + ": " + (old == null ? "(none)" : old) + " -> " + e.getValue());
		}
		for (String k : a.keySet()) if (!b.containsKey(k)) out.add(k + ": " + a.get(k) + " -> (none)");
		return out.isEmpty() ? "same settings, another format" : String.join(", ", out);
	}

	private static Map<String, String> words(String key) {
		Map<String, String> m = new LinkedHashMap<>();
		for (String w : key.split(" ")) {
			int i = w.indexOf('=');
			if (i > 0) m.put(w.substring(0, i), w.substring(i + 1));
		}
		return m;
	}

	private Path file(int step) {
		return dir.resolve(String.format(Locale.ROOT, "step-%04d.ckpt", step));
	}

	/**
	 * The stored fit of {@code step}, or null when there is none, it belongs to another run,
	 * or it is damaged (then it is deleted and the warning callback says so).
	 */
	Entry load(int step) {
		Path f = file(step);
		if (!Files.isRegularFile(f)) return null;
		try {
			byte[] all = Files.readAllBytes(f);
			if (all.length < 32 || !Arrays.equals(sha256(Arrays.copyOf(all, all.length - 32)), Arrays.copyOfRange(all, all.length - 32, all.length))) {
				return damaged(f, "its checksum does not match (the file was changed or truncated)");
			}
			DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, all.length - 32));
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
			return damaged(f, "it cannot be read (" + e.getMessage() + ")");
		}
	}

	private Entry damaged(Path f, String why) {
		warn.accept("Checkpoint " + f + " is damaged: " + why + "; that chunk is fitted again");
		try {
			Files.deleteIfExists(f);
		}
		catch (IOException e) {
			// refitting overwrites it anyway
		}
		return null;
	}

	/** Stores the fit of {@code step} atomically, with its checksum. */
	void save(int step, Entry e) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
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
			out.write(sha256(bytes.toByteArray()));
		}
		catch (IOException ex) {
			throw new IllegalStateException("in-memory stream failed", ex);
		}
		byte[] content = bytes.toByteArray();
		if (!Files.isRegularFile(dir.resolve(KEY_FILE))) AtomicFiles.writeString(dir.resolve(KEY_FILE), key);
		AtomicFiles.write(file(step), tmp -> Files.write(tmp, content));
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
		ByteBuffer bb = ByteBuffer.allocate(4 * a.length);
		bb.asFloatBuffer().put(a);
		out.write(bb.array());
	}

	private static float[] readFloats(DataInputStream in) throws IOException {
		int n = in.readInt();
		if (n < 0 || n > in.available() / 4) throw new IOException("corrupt checkpoint array length");
		byte[] b = new byte[4 * n];
		in.readFully(b);
		float[] a = new float[n];
		ByteBuffer.wrap(b).asFloatBuffer().get(a);
		return a;
	}

	/** SHA-256 of {@code data}. */
	static byte[] sha256(byte[] data) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(data);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 missing from the JVM", e);
		}
	}

	static String hex(byte[] d) {
		StringBuilder sb = new StringBuilder();
		for (byte x : d) sb.append(String.format(Locale.ROOT, "%02x", x));
		return sb.toString();
	}
}
