package org.tomocn.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.tomocn.core.CancelToken;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;

/**
 * Reads and writes MRC2014 files (the conventions' "Files" section): modes 0, 1, 2, 6 and 12
 * read in either byte order, mode 2 written little-endian; the extended header
 * ({@code nsymbt} bytes) is skipped on reading. Voxels keep file order: columns = x, rows =
 * y, sections = z, x fastest, exactly {@link Volume#data()}'s layout ({@code mapc/mapr/maps}
 * are kept in the header but not applied; TomoCN writes 1 2 3).
 * <p>
 * Reading checks the header against the file length before reading any data and reads
 * exactly the data block, in chunks of a few MB straight into the volume's float array (no
 * per-voxel objects; a 1 GB volume needs 1 GB of heap plus one chunk). Bad files give a
 * {@link TomoInputException} naming the file and the problem. Writing goes through
 * {@link AtomicFiles}: nothing appears under the final name unless the whole file was
 * written.
 */
public final class MrcFile {
	private MrcFile() {}

	/** Chunk size for data I/O (bytes); a multiple of every voxel size (1, 2, 4). */
	private static final int CHUNK_BYTES = 1 << 22;

	// ---------------------------------------------------------------- reading

	/**
	 * Reads and validates the header: the file exists, is at least 1024 bytes, has positive
	 * dimensions, a mode TomoCN reads, a non-negative extended header, and exactly
	 * {@code 1024 + nsymbt + nx*ny*nz*bytesPerVoxel} bytes.
	 *
	 * @throws TomoInputException naming the file and the problem
	 */
	public static MrcHeader readHeader(Path file) {
		long length = lengthOf(file);
		if (length < MrcHeader.SIZE) {
			throw new TomoInputException(file + " is not an MRC file: it has " + length + " bytes, fewer than the " + MrcHeader.SIZE +
				"-byte MRC header");
		}
		byte[] raw = new byte[MrcHeader.SIZE];
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			readFully(ch, ByteBuffer.wrap(raw), 0, file);
		}
		catch (IOException e) {
			throw readFailure(file, e);
		}
		MrcHeader h = MrcHeader.parse(raw, length);
		validate(h, file, length);
		return h;
	}

	private static void validate(MrcHeader h, Path file, long length) {
		if (h.nx < 1 || h.ny < 1 || h.nz < 1) {
			throw new TomoInputException(file + " is not an MRC file: its header gives impossible dimensions " + h.nx + " x " + h.ny + " x " + h.nz);
		}
		MrcMode mode = h.dataMode();
		if (mode == null) throw new TomoInputException(file + " is not an MRC file: its header gives an unknown data mode " + h.mode);
		if (!mode.isReadable()) {
			throw new TomoInputException(file + " uses MRC " + mode + ", which TomoCN does not read; supported modes: " + MrcMode.readableList());
		}
		if (h.nsymbt < 0) throw new TomoInputException(file + " is not an MRC file: its header gives a negative extended header size " + h.nsymbt);
		double expected = h.dataOffset() + (double) h.numVoxels() * mode.bytesPerVoxel();
		if (expected != length) {
			String what = "its header describes " + h.nx + " x " + h.ny + " x " + h.nz + " voxels of " + mode + " after " + h.dataOffset() +
				" header bytes, " + String.format(Locale.ROOT, "%.0f", expected) + " bytes in all, but the file has " + length + " bytes";
			if (!h.hasMapTag) throw new TomoInputException(file + " is not an MRC file (or is damaged): " + what);
			if (expected > length) throw new TomoInputException(file + " is truncated: " + what);
			throw new TomoInputException(file + " is not a consistent MRC file: " + what);
		}
		if (h.numVoxels() > Integer.MAX_VALUE - 8) {
			throw new TomoInputException(file + " has " + h.numVoxels() + " voxels, more than TomoCN holds in one volume (2^31); bin it first");
		}
	}

	/**
	 * Reads a whole MRC file.
	 *
	 * @return the voxels as floats (mode 0/1/6 integers converted exactly, mode 12 half floats
	 *         widened), voxel sizes {@code cella / mxyz} in Angstrom (NaN when undefined; the
	 *         volume's pixel size is the X one), origin, labels, ispg and the header
	 * @throws TomoInputException naming the file and the problem (missing, not MRC,
	 *           truncated, unsupported mode)
	 */
	public static MrcData read(Path file) {
		MrcHeader h = readHeader(file);
		MrcMode mode = h.dataMode();
		float[] data = new float[(int) h.numVoxels()];
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			readData(ch, h, mode, data, file);
		}
		catch (IOException e) {
			throw readFailure(file, e);
		}
		double[] voxel = { h.voxelSize(0), h.voxelSize(1), h.voxelSize(2) };
		Volume v = new Volume(data, h.nx, h.ny, h.nz, voxel[0]);
		return new MrcData(v, h.ispg != 0, voxel, h.originAngstrom(), h.labels, h);
	}

	private static void readData(FileChannel ch, MrcHeader h, MrcMode mode, float[] dst, Path file) throws IOException {
		int bpv = mode.bytesPerVoxel();
		int chunkVoxels = CHUNK_BYTES / bpv;
		ByteBuffer buf = ByteBuffer.allocateDirect(chunkVoxels * bpv).order(h.byteOrder); // direct: no extra copy in the channel
		boolean signedBytes = h.signedBytes();
		float[] half = mode == MrcMode.FLOAT16 ? HalfFloat.table() : null;
		long pos = h.dataOffset();
		for (int done = 0; done < dst.length;) {
			int count = Math.min(chunkVoxels, dst.length - done);
			buf.clear().limit(count * bpv);
			readFully(ch, buf, pos, file);
			buf.flip();
			switch (mode) {
				case FLOAT32:
					buf.asFloatBuffer().get(dst, done, count);
					break;
				case INT16: {
					ShortBuffer s = buf.asShortBuffer();
					for (int i = 0; i < count; i++) dst[done + i] = s.get(i);
					break;
				}
				case UINT16: {
					ShortBuffer s = buf.asShortBuffer();
					for (int i = 0; i < count; i++) dst[done + i] = s.get(i) & 0xffff;
					break;
				}
				case FLOAT16: {
					ShortBuffer s = buf.asShortBuffer();
					for (int i = 0; i < count; i++) dst[done + i] = half[s.get(i) & 0xffff];
					break;
				}
				case INT8:
					if (signedBytes) for (int i = 0; i < count; i++) dst[done + i] = buf.get(i);
					else for (int i = 0; i < count; i++) dst[done + i] = buf.get(i) & 0xff;
					break;
				default:
					throw new IllegalStateException("validate() lets only readable modes through, got " + mode);
			}
			done += count;
			pos += (long) count * bpv;
		}
	}

	/** Reads {@code buf.remaining()} bytes at {@code pos}; a file that ends early is truncated. */
	private static void readFully(FileChannel ch, ByteBuffer buf, long pos, Path file) throws IOException {
		long p = pos;
		while (buf.hasRemaining()) {
			int n = ch.read(buf, p);
			if (n < 0) throw new TomoInputException(file + " is truncated: it ended at byte " + p + " while reading");
			p += n;
		}
	}

	private static long lengthOf(Path file) {
		if (Files.isDirectory(file)) throw new TomoInputException(file + " is a folder, not an MRC file");
		try {
			return Files.size(file);
		}
		catch (NoSuchFileException e) {
			throw new TomoInputException(file + " does not exist", e);
		}
		catch (IOException e) {
			throw readFailure(file, e);
		}
	}

	private static RuntimeException readFailure(Path file, IOException e) {
		if (e instanceof NoSuchFileException) return new TomoInputException(file + " does not exist", e);
		if (e instanceof AccessDeniedException) return new TomoInputException(file + " cannot be read: permission denied", e);
		return new UncheckedIOException("Reading " + file + " failed: " + e, e);
	}

	// ---------------------------------------------------------------- writing

	/**
	 * Writes a mode-2 (float32) little-endian MRC2014 file atomically.
	 *
	 * @param file the output; replaced atomically if it exists
	 * @param volume the voxels ({@code nx x ny x nz}, x fastest); its pixel size (Angstrom,
	 *          NaN = unknown) is written for all three axes
	 * @param isVolume {@code true}: ispg 1 (a volume); {@code false}: ispg 0 (an image stack, e.g. a tilt series)
	 * @param label what produced the file; written as {@link #producerLabel(String)}
	 */
	public static void write(Path file, Volume volume, boolean isVolume, String label) {
		write(file, volume, isVolume, label, CancelToken.NONE);
	}

	/**
	 * As {@link #write(Path, Volume, boolean, String)}, checking {@code cancel} between chunks
	 * of a few MB (a cancel leaves no file, see {@link AtomicFiles#write(Path, CancelToken, AtomicFiles.Content)}).
	 */
	public static void write(Path file, Volume volume, boolean isVolume, String label, CancelToken cancel) {
		write(file, MrcData.of(volume, isVolume, Collections.singletonList(producerLabel(label))), cancel);
	}

	/**
	 * Writes {@code data} as a mode-2 little-endian MRC2014 file atomically: {@code mx, my} =
	 * {@code nx, ny}, {@code mz = nz} for a volume and 1 for an image stack (as MRC2014 and
	 * mrcfile define image stacks), {@code cella = voxelSize * mxyz} (0 where unknown),
	 * cell angles 90, {@code mapc/mapr/maps = 1 2 3}, {@code dmin/dmax/dmean/rms} computed
	 * ({@code rms} = standard deviation from the mean), {@code nversion = 20140}, {@code "MAP "},
	 * machine stamp {@code 0x44 0x44 0 0}, no extended header. More than 10 labels: the first
	 * and the last nine are kept (IMOD keeps the creator's label the same way).
	 */
	public static void write(Path file, MrcData data) {
		write(file, data, CancelToken.NONE);
	}

	/** As {@link #write(Path, MrcData)}, checking {@code cancel} between chunks of a few MB. */
	public static void write(Path file, MrcData data, CancelToken cancel) {
		MrcHeader header = headerFor(data);
		Volume v = data.volume();
		AtomicFiles.write(file, cancel, temp -> {
			try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
				writeFully(ch, ByteBuffer.wrap(header.toBytes()));
				writeFloats(ch, v.data(), cancel);
			}
		});
	}

	static MrcHeader headerFor(MrcData data) {
		Volume v = data.volume();
		double[] stats = Volume.stats(v.data()); // mean, rms deviation (MRC2014's rms), min, max
		double[] vs = data.voxelSize();
		double[] o = data.origin();
		int mz = data.isVolume() ? v.nz() : 1;
		List<String> labels = new ArrayList<>(data.labels());
		if (labels.size() > MrcHeader.NUM_LABELS) {
			List<String> kept = new ArrayList<>();
			kept.add(labels.get(0));
			kept.addAll(labels.subList(labels.size() - (MrcHeader.NUM_LABELS - 1), labels.size()));
			labels = kept;
		}
		return new MrcHeader.Builder().size(v.nx(), v.ny(), v.nz()).mode(MrcMode.FLOAT32.code()).grid(v.nx(), v.ny(), mz)
			.cell(cell(vs[0], v.nx()), cell(vs[1], v.ny()), cell(vs[2], mz))
			.statistics((float) stats[2], (float) stats[3], (float) stats[0], (float) stats[1]).ispg(data.isVolume() ? 1 : 0)
			.origin((float) o[0], (float) o[1], (float) o[2]).labels(labels).build();
	}

	private static float cell(double voxelSize, int m) {
		return voxelSize > 0 && Double.isFinite(voxelSize) ? (float) (voxelSize * m) : 0f;
	}

	private static void writeFloats(FileChannel ch, float[] data, CancelToken cancel) throws IOException {
		int chunk = CHUNK_BYTES / Float.BYTES;
		ByteBuffer buf = ByteBuffer.allocateDirect(chunk * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
		FloatBuffer fb = buf.asFloatBuffer();
		for (int done = 0; done < data.length;) {
			cancel.check();
			int count = Math.min(chunk, data.length - done);
			fb.clear();
			fb.put(data, done, count);
			buf.clear().limit(count * Float.BYTES);
			writeFully(ch, buf);
			done += count;
		}
	}

	private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
		while (buf.hasRemaining()) ch.write(buf);
	}

	// ---------------------------------------------------------------- labels

	private static final DateTimeFormatter LABEL_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");

	/**
	 * The header label recording what produced a file: {@code "TomoCN <version>: <what>"}
	 * followed by the UTC date and time, cut to fit 80 characters (the text is shortened,
	 * the date kept). The version is the jar's Implementation-Version (absent when running
	 * from classes, e.g. in tests).
	 */
	public static String producerLabel(String what) {
		String version = MrcFile.class.getPackage().getImplementationVersion();
		String text = "TomoCN" + (version != null ? " " + version : "") + ": " + (what == null ? "" : what.trim());
		String date = "  " + ZonedDateTime.now(ZoneOffset.UTC).format(LABEL_DATE);
		int room = MrcHeader.LABEL_LENGTH - date.length();
		if (text.length() > room) text = text.substring(0, room);
		return text + date;
	}
}
