package org.tomocn.fft;

import org.jtransforms.fft.FloatFFT_1D;
import org.jtransforms.fft.FloatFFT_3D;

/**
 * TomoCN's one FFT path (JTransforms). Complex arrays are interleaved
 * {@code (re, im)}; multi-dimensional arrays are x fastest, as {@link org.tomocn.core.Volume}.
 * Forward transforms are unscaled, {@code F(k) = sum_x f(x) exp(-2 pi i k x / n)}; inverse
 * transforms divide by the number of points, so inverse(forward(f)) = f. Any size works
 * (JTransforms handles non-powers of two; we only use its "full" real transforms, since
 * its 3-D {@code realForward} requires powers of two).
 */
public final class Fft {
	private Fft() {}

	/** Signed frequency index of array index {@code i} of an n-point transform: 0, 1, .., -1. */
	public static int freq(int i, int n) {
		return i <= n / 2 ? i : i - n;
	}

	/** A reusable plan for complex 1-D transforms of length n (thread-safe for distinct arrays). */
	public static final class Plan1d {
		private final FloatFFT_1D fft;
		private final int n;

		public Plan1d(int n) {
			this.n = n;
			this.fft = new FloatFFT_1D(n);
		}

		public int size() {
			return n;
		}

		/** In place, {@code a} holds n interleaved complex values. */
		public void forward(float[] a) {
			fft.complexForward(a);
		}

		/** In place, scaled by 1/n. */
		public void inverse(float[] a) {
			fft.complexInverse(a, true);
		}
	}

	/**
	 * The smallest n' >= n whose only prime factors are 2, 3 and 5 (sizes JTransforms
	 * transforms fastest); used to pick padded lengths.
	 */
	public static int nextFastSize(int n) {
		if (n < 1) throw new IllegalArgumentException("size " + n + " < 1");
		for (int m = n;; m++) {
			int r = m;
			for (int p : new int[] { 2, 3, 5 }) while (r % p == 0) r /= p;
			if (r == 1) return m;
		}
	}

	/**
	 * A single-threaded complex 2-D transform of {@code nx x ny} (x fastest), done as 1-D
	 * transforms of the rows and then of the columns. It creates no JTransforms thread
	 * pool, so engines that already run one slice per thread (e.g. the
	 * Fourier inversion) neither oversubscribe the cores nor rebuild a plan per slice.
	 * <b>Not thread-safe</b> (it owns a column buffer): one instance per thread.
	 */
	public static final class Plan2d {
		private final int nx, ny;
		private final FloatFFT_1D fx, fy;
		private final float[] column;

		public Plan2d(int nx, int ny) {
			this.nx = nx;
			this.ny = ny;
			this.fx = new FloatFFT_1D(nx);
			this.fy = new FloatFFT_1D(ny);
			this.column = new float[2 * ny];
		}

		public int nx() {
			return nx;
		}

		public int ny() {
			return ny;
		}

		/** In place, {@code a} holds nx * ny interleaved complex values; unscaled. */
		public void forward(float[] a) {
			transform(a, false);
		}

		/** In place, scaled by 1/(nx ny). */
		public void inverse(float[] a) {
			transform(a, true);
		}

		private void transform(float[] a, boolean inverse) {
			if (a.length < 2 * nx * ny) throw new IllegalArgumentException("expected " + 2 * nx * ny + " floats, got " + a.length);
			for (int y = 0; y < ny; y++) {
				if (inverse) fx.complexInverse(a, 2 * nx * y, true);
				else fx.complexForward(a, 2 * nx * y);
			}
			for (int x = 0; x < nx; x++) {
				for (int y = 0; y < ny; y++) {
					column[2 * y] = a[2 * (x + nx * y)];
					column[2 * y + 1] = a[2 * (x + nx * y) + 1];
				}
				if (inverse) fy.complexInverse(column, true);
				else fy.complexForward(column);
				for (int y = 0; y < ny; y++) {
					a[2 * (x + nx * y)] = column[2 * y];
					a[2 * (x + nx * y) + 1] = column[2 * y + 1];
				}
			}
		}
	}

	/** Forward complex 3-D transform, in place. */
	public static void forward3dComplex(float[] a, int nx, int ny, int nz) {
		new FloatFFT_3D(nz, ny, nx).complexForward(a);
	}

	/** Inverse complex 3-D transform, in place, scaled by 1/N (the inverse of {@link #forward3dComplex}). */
	public static void inverse3dComplex(float[] a, int nx, int ny, int nz) {
		new FloatFFT_3D(nz, ny, nx).complexInverse(a, true);
	}

	/**
	 * {@code (freq(i, n) * boxSize / n)^2} for every array index i of an n-point axis: the
	 * squared signed frequency in Fourier pixels of a {@code boxSize} box, from which the
	 * FSC and the fusion compute a point's shell radius.
	 */
	public static double[] squaredScaledFrequencies(int n, int boxSize) {
		double[] k = new double[n];
		for (int i = 0; i < n; i++) {
			double f = freq(i, n) * (double) boxSize / n;
			k[i] = f * f;
		}
		return k;
	}
}
