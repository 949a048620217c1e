package org.tomocn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds MRC files byte by byte for tests, independently of {@link MrcHeader}'s serialiser,
 * so that the reader is checked against the format definition, not against the writer.
 */
final class RawMrc {
	int nx, ny, nz, mode;
	int mx, my, mz;
	float[] cella = new float[3];
	float[] origin = new float[3];
	int ispg = 1, nsymbt;
	String exttyp = "";
	int nversion = 20140;
	int imodStamp, imodFlags;
	float dmin, dmax, dmean;
	boolean mapTag = true;
	ByteOrder order = ByteOrder.LITTLE_ENDIAN;
	/** Machine stamp bytes; null = the usual one for {@link #order}. */
	byte[] stamp;
	String[] labels = new String[0];

	RawMrc(int nx, int ny, int nz, int mode) {
		this.nx = mx = nx;
		this.ny = my = ny;
		this.nz = mz = nz;
		this.mode = mode;
	}

	RawMrc order(ByteOrder o) {
		order = o;
		return this;
	}

	/** Header (1024 bytes), then {@code nsymbt} bytes of 0x5A filler, then {@code data} as given. */
	byte[] bytes(byte[] data) {
		ByteBuffer b = ByteBuffer.allocate(1024 + nsymbt + data.length).order(order);
		b.putInt(0, nx).putInt(4, ny).putInt(8, nz).putInt(12, mode);
		b.putInt(28, mx).putInt(32, my).putInt(36, mz);
		for (int i = 0; i < 3; i++) {
			b.putFloat(40 + 4 * i, cella[i]);
			b.putFloat(52 + 4 * i, 90f);
			b.putFloat(196 + 4 * i, origin[i]);
		}
		b.putInt(64, 1).putInt(68, 2).putInt(72, 3);
		b.putFloat(76, dmin).putFloat(80, dmax).putFloat(84, dmean);
		b.putInt(88, ispg).putInt(92, nsymbt);
		byte[] ext = exttyp.getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < ext.length; i++) b.put(104 + i, ext[i]);
		b.putInt(108, nversion);
		b.putInt(152, imodStamp).putInt(156, imodFlags);
		if (mapTag) {
			byte[] map = "MAP ".getBytes(StandardCharsets.US_ASCII);
			for (int i = 0; i < 4; i++) b.put(208 + i, map[i]);
		}
		byte[] st = stamp != null ? stamp : order == ByteOrder.LITTLE_ENDIAN ? new byte[] { 0x44, 0x44, 0, 0 } : new byte[] { 0x11, 0x11, 0, 0 };
		for (int i = 0; i < 4; i++) b.put(212 + i, st[i]);
		b.putInt(220, labels.length);
		for (int l = 0; l < labels.length; l++) {
			byte[] t = labels[l].getBytes(StandardCharsets.US_ASCII);
			for (int i = 0; i < 80; i++) b.put(224 + 80 * l + i, i < t.length ? t[i] : (byte) ' ');
		}
		for (int i = 0; i < nsymbt; i++) b.put(1024 + i, (byte) 0x5A);
		for (int i = 0; i < data.length; i++) b.put(1024 + nsymbt + i, data[i]);
		return b.array();
	}

	Path write(Path file, byte[] data) throws IOException {
		Files.write(file, bytes(data));
		return file;
	}

	/** Data bytes of 16-bit values in this file's byte order. */
	byte[] shorts(int[] values) {
		ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(order);
		for (int v : values) b.putShort((short) v);
		return b.array();
	}

	/** Data bytes of floats in this file's byte order. */
	byte[] floats(float[] values) {
		ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(order);
		for (float v : values) b.putFloat(v);
		return b.array();
	}
}
