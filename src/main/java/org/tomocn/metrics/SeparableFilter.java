package org.tomocn.metrics;

import java.util.Arrays;

import org.tomocn.core.CancelToken;
import org.tomocn.core.Parallel;

/**
 * Separable 3-D filtering of float volumes ({@code X x Y x Z}, x fastest), the engine behind
 * SSIM and VIF. Each axis has its own 1-D kernel, border rule and decimation stride. Two
 * uses:
 * <ul>
 * <li>{@link #filter}: one volume in, the filtered (and decimated) volume out;</li>
 * <li>{@link #reduceMoments}: for two volumes a and b, the windowed moments
 * {@code E[a], E[b], E[a^2], E[b^2], E[ab]} at every output voxel, handed plane by plane to a
 * {@link MomentReducer} that folds them into a few sums (e.g. the SSIM sum). The moment
 * volumes are never stored whole, so memory stays at a few planes per thread.</li>
 * </ul>
 * Work is split over output z planes; every plane's partial sums are kept apart and added
 * in plane order at the end, so the result does not depend on the thread count. Sums are
 * in double precision.
 */
final class SeparableFilter {
	private SeparableFilter() {}

	/** What lies beyond the volume's edge. */
	enum Border {
		/** No padding: only windows that fit entirely inside ("valid" convolution). */
		VALID,
		/**
		 * Half-sample symmetric reflection {@code (d c b a | a b c d | d c b a)}, scipy.ndimage's
		 * {@code 'reflect'} mode; the output has the input's size (before decimation).
		 */
		REFLECT
	}

	/** The filter along one axis: kernel (odd length, applied as correlation), border, stride. */
	static final class Axis {
		final double[] w;
		final Border border;
		final int stride;

		Axis(double[] w, Border border, int stride) {
			if (w.length % 2 != 1) throw new IllegalArgumentException("kernel length must be odd, got " + w.length);
			if (stride < 1) throw new IllegalArgumentException("stride must be >= 1, got " + stride);
			this.w = w.clone();
			this.border = border;
			this.stride = stride;
		}

		static Axis identity() {
			return new Axis(new double[] { 1 }, Border.VALID, 1);
		}

		/** A uniform window of {@code n} taps (weights 1/n), valid borders. */
		static Axis box(int n) {
			double[] w = new double[n];
			Arrays.fill(w, 1.0 / n);
			return new Axis(w, Border.VALID, 1);
		}

		/** Output length for an input of length n (0 when the window does not fit). */
		int outLength(int n) {
			int virtual = border == Border.VALID ? n : n + w.length - 1;
			int valid = virtual - w.length + 1;
			return valid <= 0 ? 0 : (valid - 1) / stride + 1;
		}

		/** Source index of tap k for output o: {@code taps[o * w.length + k]}. */
		int[] taps(int n) {
			int out = outLength(n), len = w.length, r = len / 2;
			int[] t = new int[out * len];
			for (int o = 0; o < out; o++) for (int k = 0; k < len; k++) {
				int v = o * stride + k;
				t[o * len + k] = border == Border.VALID ? v : reflect(v - r, n);
			}
			return t;
		}

		/** Source index of every virtual (padded) position: 0..n-1 for valid borders, n + len - 1 positions when reflecting. */
		int[] virtualMap(int n) {
			int len = w.length, r = len / 2;
			int virtual = border == Border.VALID ? n : n + len - 1;
			int[] m = new int[virtual];
			for (int v = 0; v < virtual; v++) m[v] = border == Border.VALID ? v : reflect(v - r, n);
			return m;
		}

		/** True when taps of output o are o + k (valid, stride 1): the contiguous fast path. */
		boolean contiguous() {
			return border == Border.VALID && stride == 1;
		}
	}

	/** scipy.ndimage 'reflect' index for any integer i and length n >= 1. */
	static int reflect(int i, int n) {
		int period = 2 * n;
		int m = Math.floorMod(i, period);
		return m < n ? m : period - 1 - m;
	}

	/** Folds one output plane of windowed moments into accumulators. */
	interface MomentReducer {
		/** Number of accumulators. */
		int size();

		/**
		 * @param ma windowed mean of (a - shift) for {@code n} voxels of one output plane
		 * @param mb windowed mean of (b - shift)
		 * @param maa windowed mean of (a - shift)^2
		 * @param mbb windowed mean of (b - shift)^2
		 * @param mab windowed mean of (a - shift)(b - shift)
		 * @param acc this plane's accumulators, zero on entry
		 */
		void reduce(double[] ma, double[] mb, double[] maa, double[] mbb, double[] mab, int n, double[] acc);
	}

	/** Output size of a filtered {@code nx x ny x nz} volume: {x, y, z}. */
	static int[] outSize(int nx, int ny, int nz, Axis ax, Axis ay, Axis az) {
		return new int[] { ax.outLength(nx), ay.outLength(ny), az.outLength(nz) };
	}

	/**
	 * Filters one volume: returns a new array of {@link #outSize} (x fastest). The caller keeps
	 * ownership of {@code v}; it is not modified.
	 */
	static float[] filter(float[] v, int nx, int ny, int nz, Axis ax, Axis ay, Axis az, int threads, CancelToken cancel) {
		int[] o = outSize(nx, ny, nz, ax, ay, az);
		float[] out = new float[o[0] * o[1] * o[2]];
		run(v, null, nx, ny, nz, ax, ay, az, 0, threads, cancel, 1, (planes, n, zo, acc) -> {
			double[] p = planes[0];
			int off = zo * n;
			for (int i = 0; i < n; i++) out[off + i] = (float) p[i];
		}, 0);
		return out;
	}

	/**
	 * Windowed moments of a and b (same size) under the separable window, reduced plane by
	 * plane. {@code shift} is subtracted from both volumes before the moments are formed
	 * (variances and covariances do not change; it keeps {@code E[a^2] - E[a]^2} well
	 * conditioned when the data has a large offset).
	 *
	 * @return the accumulators summed over all output planes
	 */
	static double[] reduceMoments(float[] a, float[] b, int nx, int ny, int nz, Axis ax, Axis ay, Axis az, double shift, int threads,
		CancelToken cancel, MomentReducer reducer) {
		return run(a, b, nx, ny, nz, ax, ay, az, shift, threads, cancel, 5,
			(p, n, zo, acc) -> reducer.reduce(p[0], p[1], p[2], p[3], p[4], n, acc), reducer.size());
	}

	private interface PlaneSink {
		void accept(double[][] planes, int n, int zo, double[] acc);
	}

	private static final class Scratch {
		final double[][] p, q, r;
		final double[] pad;

		Scratch(int fields, int nx, int ny, int ox, int oy, int xVirtual) {
			pad = new double[xVirtual];
			p = new double[fields][nx * ny];
			q = new double[fields][ox * ny];
			r = new double[fields][ox * oy];
		}
	}

	/**
	 * The three passes per output plane: z (forming the fields from the input on the fly),
	 * then x, then y. fields = 1: the field is a; fields = 5: a, b, a^2, b^2, ab (shifted).
	 */
	private static double[] run(float[] a, float[] b, int nx, int ny, int nz, Axis ax, Axis ay, Axis az, double shift, int threads,
		CancelToken cancel, int fields, PlaneSink sink, int accSize) {
		final int ox = ax.outLength(nx), oy = ay.outLength(ny), oz = az.outLength(nz);
		if (ox == 0 || oy == 0 || oz == 0) return new double[accSize];
		final int[] ty = ay.taps(ny), tz = az.taps(nz);
		final int[] xMap = ax.virtualMap(nx);
		final int xVirtual = xMap.length;
		final int lx = ax.w.length, ly = ay.w.length, lz = az.w.length;
		final boolean xFast = ax.contiguous();
		final int plane = nx * ny, oPlane = ox * oy;
		final double[][] acc = new double[oz][accSize];
		Parallel.forEach(oz, threads, cancel, () -> new Scratch(fields, nx, ny, ox, oy, xVirtual), (zo, s) -> {
			// z pass: P_f(x, y) = sum_k wz[k] field_f(x, y, tz[zo, k])
			for (double[] p : s.p) Arrays.fill(p, 0);
			for (int k = 0; k < lz; k++) {
				final double w = az.w[k];
				final int off = plane * tz[zo * lz + k];
				if (fields == 1) {
					final double[] p0 = s.p[0];
					for (int i = 0; i < plane; i++) p0[i] += w * a[off + i];
				}
				else {
					final double[] p0 = s.p[0], p1 = s.p[1], p2 = s.p[2], p3 = s.p[3], p4 = s.p[4];
					for (int i = 0; i < plane; i++) {
						double va = a[off + i] - shift, vb = b[off + i] - shift;
						double wa = w * va, wb = w * vb;
						p0[i] += wa;
						p1[i] += wb;
						p2[i] += wa * va;
						p3[i] += wb * vb;
						p4[i] += wa * vb;
					}
				}
			}
			// x pass: Q_f(xo, y) = sum_k wx[k] P_f(virtual x = xo * stride + k, y)
			for (int f = 0; f < fields; f++) {
				final double[] p = s.p[f], q = s.q[f];
				Arrays.fill(q, 0);
				for (int y = 0; y < ny; y++) {
					final int row = y * nx, orow = y * ox;
					if (xFast) {
						for (int k = 0; k < lx; k++) {
							final double w = ax.w[k];
							final int src = row + k;
							for (int xo = 0; xo < ox; xo++) q[orow + xo] += w * p[src + xo];
						}
					}
					else {
						// gather the padded (virtual) row once, then filter it contiguously
						final double[] pad = s.pad;
						for (int v = 0; v < xVirtual; v++) pad[v] = p[row + xMap[v]];
						final int st = ax.stride;
						for (int k = 0; k < lx; k++) {
							final double w = ax.w[k];
							for (int xo = 0; xo < ox; xo++) q[orow + xo] += w * pad[xo * st + k];
						}
					}
				}
			}
			// y pass: R_f(xo, yo) = sum_k wy[k] Q_f(xo, ty[yo, k])
			for (int f = 0; f < fields; f++) {
				final double[] q = s.q[f], r = s.r[f];
				Arrays.fill(r, 0);
				for (int yo = 0; yo < oy; yo++) {
					final int orow = yo * ox;
					for (int k = 0; k < ly; k++) {
						final double w = ay.w[k];
						final int src = ty[yo * ly + k] * ox;
						for (int xo = 0; xo < ox; xo++) r[orow + xo] += w * q[src + xo];
					}
				}
			}
			sink.accept(s.r, oPlane, zo, acc[zo]);
		});
		double[] total = new double[accSize];
		for (double[] row : acc) for (int i = 0; i < accSize; i++) total[i] += row[i];
		return total;
	}
}
