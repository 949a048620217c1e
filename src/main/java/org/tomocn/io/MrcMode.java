package org.tomocn.io;

/**
 * MRC2014 data modes (header word 4): the voxel type of the data block. TomoCN reads 0, 1,
 * 2, 6 and 12 and writes 2; the others are known so that a file using them gets a message
 * naming the mode rather than "not an MRC file".
 */
public enum MrcMode {
	/** 8-bit integers: signed per MRC2014, unsigned in IMOD files whose flag says so. */
	INT8(0, 1, "8-bit integer", true),
	INT16(1, 2, "signed 16-bit integer", true),
	FLOAT32(2, 4, "32-bit float", true),
	COMPLEX_INT16(3, 4, "complex 16-bit integer", false),
	COMPLEX_FLOAT32(4, 8, "complex 32-bit float", false),
	UINT16(6, 2, "unsigned 16-bit integer", true),
	/** IEEE 754 half precision. */
	FLOAT16(12, 2, "16-bit float", true),
	RGB8(16, 3, "RGB 8-bit", false);
	// Mode 101 (4-bit, two voxels per byte) is listed by IMOD too; it is treated as unknown.

	private final int code;
	private final int bytesPerVoxel;
	private final String description;
	private final boolean readable;

	MrcMode(int code, int bytesPerVoxel, String description, boolean readable) {
		this.code = code;
		this.bytesPerVoxel = bytesPerVoxel;
		this.description = description;
		this.readable = readable;
	}

	/** The mode number stored in the header. */
	public int code() {
		return code;
	}

	public int bytesPerVoxel() {
		return bytesPerVoxel;
	}

	/** Whether TomoCN reads this mode. */
	public boolean isReadable() {
		return readable;
	}

	/** e.g. "mode 4 (complex 32-bit float)". */
	@Override
	public String toString() {
		return "mode " + code + " (" + description + ")";
	}

	/** The mode with this header code, or {@code null} if the code is not an MRC mode. */
	public static MrcMode of(int code) {
		for (MrcMode m : values()) {
			if (m.code == code) return m;
		}
		return null;
	}

	/** "0 (8-bit integer), 1 (...), ..." for messages. */
	static String readableList() {
		StringBuilder sb = new StringBuilder();
		for (MrcMode m : values()) {
			if (!m.readable) continue;
			if (sb.length() > 0) sb.append(", ");
			sb.append(m.code).append(" (").append(m.description).append(')');
		}
		return sb.toString();
	}
}
