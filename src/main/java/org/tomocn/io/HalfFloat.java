package org.tomocn.io;

/**
 * IEEE 754 binary16 ("half float", MRC mode 12) to float conversion through a 65536-entry
 * table (256 KB, built once on first use). Java 11 has no Float.float16ToFloat.
 */
final class HalfFloat {
	private HalfFloat() {}

	private static final class Holder {
		static final float[] TABLE = build();
	}

	/** Value of every 16-bit pattern, indexed by the unsigned pattern. Shared: do not modify. */
	static float[] table() {
		return Holder.TABLE;
	}

	private static float[] build() {
		float[] t = new float[1 << 16];
		for (int h = 0; h < t.length; h++) t[h] = toFloat(h);
		return t;
	}

	/** 1 sign bit, 5 exponent bits (bias 15), 10 mantissa bits. */
	static float toFloat(int h) {
		int sign = (h >>> 15) & 1, exp = (h >>> 10) & 0x1f, mant = h & 0x3ff;
		float v;
		if (exp == 0) v = mant * 0x1p-24f; // zero and subnormals: mant * 2^-14 / 2^10
		else if (exp == 31) v = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
		else v = Float.intBitsToFloat((exp - 15 + 127) << 23 | mant << 13);
		return sign == 1 ? -v : v;
	}
}
