package org.tomocn.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The 1024-byte MRC2014 main header: its fields, how to parse them (with the byte order
 * taken from the machine stamp) and how to serialise them (always little-endian).
 * <p>
 * Byte offsets follow the MRC2014 definition (Cheng et al. 2015, J. Struct. Biol. 192:146)
 * and IMOD's {@code mrc_format.txt} for the two IMOD words:
 * <pre>
 *   0 nx ny nz      12 mode        16 nxstart nystart nzstart   28 mx my mz
 *  40 cella (A)     52 cellb (deg) 64 mapc mapr maps            76 dmin dmax dmean
 *  88 ispg          92 nsymbt      104 exttyp (4 chars)         108 nversion
 * 152 imodStamp    156 imodFlags   196 origin x y z (A)         208 "MAP "
 * 212 machine stamp                216 rms                      220 nlabl
 * 224 10 labels of 80 characters
 * </pre>
 * Instances are immutable; arrays are copied in and out.
 */
public final class MrcHeader {
	/** Size of the main header in bytes. */
	public static final int SIZE = 1024;
	/** {@code imodStamp} value ("IMOD" as characters) marking a file that uses {@code imodFlags}. */
	public static final int IMOD_STAMP = 1146047817;
	/** {@code imodFlags} bit: mode-0 bytes are signed (clear: unsigned, IMOD's old default). */
	public static final int IMOD_FLAG_SIGNED_BYTES = 1;
	/** {@code imodFlags} bit: the origin is stored with its sign inverted. */
	public static final int IMOD_FLAG_ORIGIN_INVERTED = 4;
	/** The MRC2014 format version written. */
	public static final int NVERSION = 20140;
	/** Number of label slots and characters per label. */
	public static final int NUM_LABELS = 10, LABEL_LENGTH = 80;

	static final int OFF_MODE = 12, OFF_MXYZ = 28, OFF_CELLA = 40, OFF_CELLB = 52, OFF_MAPCRS = 64, OFF_DMIN = 76, OFF_ISPG = 88,
		OFF_NSYMBT = 92, OFF_EXTTYP = 104, OFF_NVERSION = 108, OFF_IMOD_STAMP = 152, OFF_IMOD_FLAGS = 156, OFF_ORIGIN = 196,
		OFF_MAP = 208, OFF_MACHST = 212, OFF_RMS = 216, OFF_NLABL = 220, OFF_LABELS = 224;

	final int nx, ny, nz, mode;
	final int nxstart, nystart, nzstart;
	final int mx, my, mz;
	final float[] cella, cellb;
	final int mapc, mapr, maps;
	final float dmin, dmax, dmean, rms;
	final int ispg, nsymbt, nversion;
	final String exttyp;
	final int imodStamp, imodFlags;
	final float[] origin;
	final boolean hasMapTag;
	final ByteOrder byteOrder;
	final List<String> labels;

	private MrcHeader(Builder b) {
		nx = b.nx;
		ny = b.ny;
		nz = b.nz;
		mode = b.mode;
		nxstart = b.nxstart;
		nystart = b.nystart;
		nzstart = b.nzstart;
		mx = b.mx;
		my = b.my;
		mz = b.mz;
		cella = b.cella.clone();
		cellb = b.cellb.clone();
		mapc = b.mapc;
		mapr = b.mapr;
		maps = b.maps;
		dmin = b.dmin;
		dmax = b.dmax;
		dmean = b.dmean;
		rms = b.rms;
		ispg = b.ispg;
		nsymbt = b.nsymbt;
		nversion = b.nversion;
		exttyp = b.exttyp;
		imodStamp = b.imodStamp;
		imodFlags = b.imodFlags;
		origin = b.origin.clone();
		hasMapTag = b.hasMapTag;
		byteOrder = b.byteOrder;
		labels = Collections.unmodifiableList(new ArrayList<>(b.labels));
	}

	// ---------------------------------------------------------------- parsing

	/** {@link #parse(byte[], long)} without a file length to choose the byte order by. */
	public static MrcHeader parse(byte[] raw) {
		return parse(raw, -1);
	}

	/**
	 * Reads the fields of a 1024-byte header. The byte order comes from the machine stamp
	 * (byte 212: 0x44 little-endian, as in 0x44 0x44 and 0x44 0x41; 0x11 big-endian). When
	 * the stamp is missing or unknown (old files), or when the stamped order gives an
	 * implausible header but the other order does not, the order that gives a plausible
	 * header is used: dimensions 1 .. 2^24 - 1, a known mode, a non-negative extended header,
	 * and, preferably, a data size that matches {@code fileLength}. Nothing is validated
	 * here: see {@link MrcFile#readHeader(java.nio.file.Path)}.
	 *
	 * @param raw exactly {@link #SIZE} bytes from position 0
	 * @param fileLength length of the whole file in bytes, or negative when unknown
	 */
	public static MrcHeader parse(byte[] raw, long fileLength) {
		if (raw.length != SIZE) throw new IllegalArgumentException("An MRC header has " + SIZE + " bytes, got " + raw.length);
		ByteBuffer b = ByteBuffer.wrap(raw);
		int s0 = raw[OFF_MACHST] & 0xff;
		ByteOrder stamped = s0 == 0x44 ? ByteOrder.LITTLE_ENDIAN : s0 == 0x11 ? ByteOrder.BIG_ENDIAN : null;
		int little = plausibility(b.order(ByteOrder.LITTLE_ENDIAN), fileLength);
		int big = plausibility(b.order(ByteOrder.BIG_ENDIAN), fileLength);
		ByteOrder order;
		if (stamped != null && (stamped == ByteOrder.LITTLE_ENDIAN ? little >= big : big >= little)) order = stamped;
		else if (little == 0 && big == 0) order = stamped != null ? stamped : ByteOrder.LITTLE_ENDIAN; // validation reports it
		else order = little >= big ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
		b.order(order);

		Builder h = new Builder();
		h.byteOrder = order;
		h.nx = b.getInt(0);
		h.ny = b.getInt(4);
		h.nz = b.getInt(8);
		h.mode = b.getInt(OFF_MODE);
		h.nxstart = b.getInt(16);
		h.nystart = b.getInt(20);
		h.nzstart = b.getInt(24);
		h.mx = b.getInt(OFF_MXYZ);
		h.my = b.getInt(OFF_MXYZ + 4);
		h.mz = b.getInt(OFF_MXYZ + 8);
		for (int i = 0; i < 3; i++) {
			h.cella[i] = b.getFloat(OFF_CELLA + 4 * i);
			h.cellb[i] = b.getFloat(OFF_CELLB + 4 * i);
			h.origin[i] = b.getFloat(OFF_ORIGIN + 4 * i);
		}
		h.mapc = b.getInt(OFF_MAPCRS);
		h.mapr = b.getInt(OFF_MAPCRS + 4);
		h.maps = b.getInt(OFF_MAPCRS + 8);
		h.dmin = b.getFloat(OFF_DMIN);
		h.dmax = b.getFloat(OFF_DMIN + 4);
		h.dmean = b.getFloat(OFF_DMIN + 8);
		h.ispg = b.getInt(OFF_ISPG);
		h.nsymbt = b.getInt(OFF_NSYMBT);
		h.exttyp = ascii(raw, OFF_EXTTYP, 4);
		h.nversion = b.getInt(OFF_NVERSION);
		h.imodStamp = b.getInt(OFF_IMOD_STAMP);
		h.imodFlags = b.getInt(OFF_IMOD_FLAGS);
		h.hasMapTag = raw[OFF_MAP] == 'M' && raw[OFF_MAP + 1] == 'A' && raw[OFF_MAP + 2] == 'P';
		h.rms = b.getFloat(OFF_RMS);
		// Keep every non-blank label slot, whatever nlabl says (some writers leave it 0).
		for (int i = 0; i < NUM_LABELS; i++) {
			String label = ascii(raw, OFF_LABELS + LABEL_LENGTH * i, LABEL_LENGTH);
			if (!label.trim().isEmpty()) h.labels.add(label);
		}
		return h.build();
	}

	/**
	 * 0: impossible dimensions, unknown mode or negative extended header; 1: plausible;
	 * 2: plausible and the data size matches the file length.
	 */
	private static int plausibility(ByteBuffer b, long fileLength) {
		double voxels = 1; // up to 2^72: a double, exact for any size a file can have
		for (int off = 0; off <= 8; off += 4) {
			int n = b.getInt(off);
			if (n < 1 || n >= (1 << 24)) return 0;
			voxels *= n;
		}
		MrcMode mode = MrcMode.of(b.getInt(OFF_MODE));
		int nsymbt = b.getInt(OFF_NSYMBT);
		if (mode == null || nsymbt < 0) return 0;
		double expected = SIZE + (double) nsymbt + voxels * mode.bytesPerVoxel();
		return expected == fileLength ? 2 : 1;
	}

	/** Printable ASCII of a fixed-width field, NULs and other control characters as spaces. */
	private static String ascii(byte[] raw, int off, int len) {
		char[] c = new char[len];
		for (int i = 0; i < len; i++) {
			int v = raw[off + i] & 0xff;
			c[i] = v >= 32 && v < 127 ? (char) v : ' ';
		}
		// Keep leading spaces of labels but drop trailing padding.
		int end = len;
		while (end > 0 && c[end - 1] == ' ') end--;
		return new String(c, 0, end);
	}

	// ---------------------------------------------------------------- writing

	/**
	 * Serialises this header little-endian with machine stamp {@code 0x44 0x44 0 0},
	 * {@code "MAP "} at byte 208, the labels padded with spaces and {@code nlabl} = their
	 * number. The IMOD stamp and flags are written as held (0 for headers made by
	 * {@link Builder}).
	 */
	public byte[] toBytes() {
		byte[] raw = new byte[SIZE];
		ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
		b.putInt(0, nx).putInt(4, ny).putInt(8, nz).putInt(OFF_MODE, mode);
		b.putInt(16, nxstart).putInt(20, nystart).putInt(24, nzstart);
		b.putInt(OFF_MXYZ, mx).putInt(OFF_MXYZ + 4, my).putInt(OFF_MXYZ + 8, mz);
		for (int i = 0; i < 3; i++) {
			b.putFloat(OFF_CELLA + 4 * i, cella[i]);
			b.putFloat(OFF_CELLB + 4 * i, cellb[i]);
			b.putFloat(OFF_ORIGIN + 4 * i, origin[i]);
		}
		b.putInt(OFF_MAPCRS, mapc).putInt(OFF_MAPCRS + 4, mapr).putInt(OFF_MAPCRS + 8, maps);
		b.putFloat(OFF_DMIN, dmin).putFloat(OFF_DMIN + 4, dmax).putFloat(OFF_DMIN + 8, dmean);
		b.putInt(OFF_ISPG, ispg).putInt(OFF_NSYMBT, nsymbt);
		byte[] ext = (exttyp + "    ").substring(0, 4).getBytes(StandardCharsets.US_ASCII);
		if (nsymbt > 0) System.arraycopy(ext, 0, raw, OFF_EXTTYP, 4);
		b.putInt(OFF_NVERSION, nversion);
		b.putInt(OFF_IMOD_STAMP, imodStamp).putInt(OFF_IMOD_FLAGS, imodFlags);
		raw[OFF_MAP] = 'M';
		raw[OFF_MAP + 1] = 'A';
		raw[OFF_MAP + 2] = 'P';
		raw[OFF_MAP + 3] = ' ';
		raw[OFF_MACHST] = 0x44;
		raw[OFF_MACHST + 1] = 0x44;
		b.putFloat(OFF_RMS, rms);
		b.putInt(OFF_NLABL, labels.size());
		for (int i = 0; i < NUM_LABELS; i++) {
			String label = i < labels.size() ? labels.get(i) : "";
			for (int k = 0; k < LABEL_LENGTH; k++) {
				raw[OFF_LABELS + LABEL_LENGTH * i + k] = (byte) (k < label.length() ? label.charAt(k) : ' ');
			}
		}
		return raw;
	}

	// ---------------------------------------------------------------- derived values

	/** The data mode, or {@code null} when the mode number is not an MRC mode. */
	public MrcMode dataMode() {
		return MrcMode.of(mode);
	}

	/** Byte position of the first voxel: {@code 1024 + nsymbt}. */
	public long dataOffset() {
		return SIZE + (long) nsymbt;
	}

	/** Number of voxels {@code nx * ny * nz} (as a long; the dimensions must be positive). */
	public long numVoxels() {
		return (long) nx * ny * nz;
	}

	/**
	 * Voxel size along column (0), row (1) and section (2) axes in Angstrom,
	 * {@code cella / mxyz}, or NaN when the header does not define it (a zero or negative
	 * cell or grid size, or a non-finite value).
	 */
	public double voxelSize(int axis) {
		int m = axis == 0 ? mx : axis == 1 ? my : mz;
		double v = (double) cella[axis] / m;
		return m > 0 && v > 0 && Double.isFinite(v) ? v : Double.NaN;
	}

	/**
	 * Whether mode-0 bytes are signed: yes per MRC2014; no in IMOD-stamped files without
	 * the signed flag (IMOD wrote unsigned bytes before 4.2.23 and marks signed ones with
	 * {@code imodFlags} bit 1); no also in unstamped files whose header maximum exceeds
	 * 127, which signed bytes cannot hold (old IMOD files).
	 */
	public boolean signedBytes() {
		if (imodStamp == IMOD_STAMP) return (imodFlags & IMOD_FLAG_SIGNED_BYTES) != 0;
		return !(dmin >= 0 && dmax > 127);
	}

	/**
	 * Origin in Angstrom (x, y, z) in the MRC2014 sense; the sign is corrected for IMOD files
	 * that store it inverted ({@code imodFlags} bit 4).
	 */
	public double[] originAngstrom() {
		double sign = imodStamp == IMOD_STAMP && (imodFlags & IMOD_FLAG_ORIGIN_INVERTED) != 0 ? -1 : 1;
		return new double[] { sign * origin[0], sign * origin[1], sign * origin[2] };
	}

	// ---------------------------------------------------------------- plain getters

	public int nx() { return nx; }
	public int ny() { return ny; }
	public int nz() { return nz; }
	/** The raw mode number (see {@link #dataMode()}). */
	public int mode() { return mode; }
	public int mx() { return mx; }
	public int my() { return my; }
	public int mz() { return mz; }
	/** Cell dimensions in Angstrom (a copy). */
	public float[] cella() { return cella.clone(); }
	/** Cell angles in degrees (a copy). */
	public float[] cellb() { return cellb.clone(); }
	public int mapc() { return mapc; }
	public int mapr() { return mapr; }
	public int maps() { return maps; }
	public float dmin() { return dmin; }
	public float dmax() { return dmax; }
	public float dmean() { return dmean; }
	/** RMS deviation of the densities from their mean (a standard deviation), as stored. */
	public float rms() { return rms; }
	/** Space group: 0 = image stack (e.g. a tilt series), 1 = single volume. */
	public int ispg() { return ispg; }
	/** Bytes of extended header between the main header and the data. */
	public int nsymbt() { return nsymbt; }
	public String exttyp() { return exttyp; }
	public int nversion() { return nversion; }
	public int imodStamp() { return imodStamp; }
	public int imodFlags() { return imodFlags; }
	/** Whether "MAP" is at byte 208 (absent in pre-MRC2000 files). */
	public boolean hasMapTag() { return hasMapTag; }
	/** Byte order of the file (little-endian for every file TomoCN writes). */
	public ByteOrder byteOrder() { return byteOrder; }
	/** The non-blank labels, trailing spaces removed, in file order. */
	public List<String> labels() { return labels; }

	@Override
	public String toString() {
		return "MrcHeader[" + nx + " x " + ny + " x " + nz + ", " + (MrcMode.of(mode) != null ? MrcMode.of(mode) : "mode " + mode) + ", ispg " +
			ispg + ", nsymbt " + nsymbt + ", " + byteOrder + "]";
	}

	/** Builds a header field by field (for writers and tests). Defaults: MRC2014 fields of an empty float volume. */
	public static final class Builder {
		int nx = 1, ny = 1, nz = 1, mode = MrcMode.FLOAT32.code();
		int nxstart, nystart, nzstart;
		int mx = 1, my = 1, mz = 1;
		final float[] cella = new float[3];
		final float[] cellb = { 90, 90, 90 };
		int mapc = 1, mapr = 2, maps = 3;
		float dmin, dmax, dmean, rms;
		int ispg = 1, nsymbt, nversion = NVERSION;
		String exttyp = "";
		int imodStamp, imodFlags;
		final float[] origin = new float[3];
		boolean hasMapTag = true;
		ByteOrder byteOrder = ByteOrder.LITTLE_ENDIAN;
		final List<String> labels = new ArrayList<>();

		public Builder size(int nx, int ny, int nz) {
			this.nx = nx;
			this.ny = ny;
			this.nz = nz;
			return this;
		}

		public Builder mode(int mode) {
			this.mode = mode;
			return this;
		}

		/** Grid sampling mx, my, mz. */
		public Builder grid(int mx, int my, int mz) {
			this.mx = mx;
			this.my = my;
			this.mz = mz;
			return this;
		}

		/** Cell dimensions in Angstrom (voxel size times grid sampling). */
		public Builder cell(float a, float b, float c) {
			cella[0] = a;
			cella[1] = b;
			cella[2] = c;
			return this;
		}

		/** dmin, dmax, dmean and rms (standard deviation). */
		public Builder statistics(float min, float max, float mean, float rmsDeviation) {
			dmin = min;
			dmax = max;
			dmean = mean;
			rms = rmsDeviation;
			return this;
		}

		public Builder ispg(int spaceGroup) {
			ispg = spaceGroup;
			return this;
		}

		/** Extended-header size in bytes and its MRC2014 type (e.g. "MRCO", "SERI", "FEI1"). */
		public Builder extendedHeader(int bytes, String type) {
			nsymbt = bytes;
			exttyp = type;
			return this;
		}

		/** Origin in Angstrom. */
		public Builder origin(float x, float y, float z) {
			origin[0] = x;
			origin[1] = y;
			origin[2] = z;
			return this;
		}

		/**
		 * Labels, at most 10; blank ones are skipped, characters outside printable ASCII become '?', and each is cut
		 * to 80 characters.
		 */
		public Builder labels(List<String> text) {
			if (text.size() > NUM_LABELS) throw new IllegalArgumentException("At most " + NUM_LABELS + " MRC labels, got " + text.size());
			labels.clear();
			for (String s : text) {
				if (s.trim().isEmpty()) continue; // MRC2014: the used labels come first, none blank
				StringBuilder sb = new StringBuilder();
				for (int i = 0; i < s.length() && sb.length() < LABEL_LENGTH; i++) {
					char c = s.charAt(i);
					sb.append(c >= 32 && c < 127 ? c : '?');
				}
				labels.add(sb.toString());
			}
			return this;
		}

		public MrcHeader build() {
			return new MrcHeader(this);
		}
	}
}
