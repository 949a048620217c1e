package org.tomocn.metrics;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.Random;

import org.junit.Test;
import org.tomocn.core.CancelToken;
import org.tomocn.metrics.SeparableFilter.Axis;
import org.tomocn.metrics.SeparableFilter.Border;

public class SeparableFilterTest {

	private static float[] random(int n, long seed) {
		Random r = new Random(seed);
		float[] a = new float[n];
		for (int i = 0; i < n; i++) a[i] = (float) (3 + r.nextGaussian());
		return a;
	}

	/** Brute-force separable filter: the triple sum over taps with each axis' tap table. */
	private static double[] bruteForce(float[] v, int nx, int ny, int nz, Axis ax, Axis ay, Axis az) {
		int[] o = SeparableFilter.outSize(nx, ny, nz, ax, ay, az);
		int[] tx = ax.taps(nx), ty = ay.taps(ny), tz = az.taps(nz);
		double[] out = new double[o[0] * o[1] * o[2]];
		for (int z = 0; z < o[2]; z++) for (int y = 0; y < o[1]; y++) for (int x = 0; x < o[0]; x++) {
			double s = 0;
			for (int k = 0; k < az.w.length; k++) for (int j = 0; j < ay.w.length; j++) for (int i = 0; i < ax.w.length; i++) {
				s += az.w[k] * ay.w[j] * ax.w[i] * v[tx[x * ax.w.length + i] + nx * (ty[y * ay.w.length + j] + ny * tz[z * az.w.length + k])];
			}
			out[x + o[0] * (y + o[1] * z)] = s;
		}
		return out;
	}

	@Test
	public void reflectFollowsScipy() {
		// scipy.ndimage 'reflect' for n = 4: (d c b a | a b c d | d c b a)
		int[] expect = { 1, 0, 0, 1, 2, 3, 3, 2, 1, 0, 0 };
		for (int i = -2; i <= 8; i++) assertEquals("i = " + i, expect[i + 2], SeparableFilter.reflect(i, 4));
		assertEquals(0, SeparableFilter.reflect(-5, 1));
	}

	@Test
	public void filterMatchesBruteForce() {
		int nx = 13, ny = 9, nz = 11;
		float[] v = random(nx * ny * nz, 1);
		Axis[][] cases = { { Axis.box(3), Axis.box(5), Axis.box(7) },
			{ new Axis(Vif.gaussian(1.8, 7), Border.REFLECT, 2), new Axis(Vif.gaussian(1.0, 4), Border.REFLECT, 2), new Axis(Vif.gaussian(0.6, 2), Border.REFLECT, 1) },
			{ new Axis(Vif.gaussian(1.0, 2), Border.VALID, 2), Axis.identity(), new Axis(Vif.gaussian(1.0, 2), Border.VALID, 3) } };
		for (Axis[] c : cases) {
			double[] expect = bruteForce(v, nx, ny, nz, c[0], c[1], c[2]);
			for (int threads : new int[] { 1, 3 }) {
				float[] got = SeparableFilter.filter(v, nx, ny, nz, c[0], c[1], c[2], threads, CancelToken.NONE);
				assertEquals(expect.length, got.length);
				for (int i = 0; i < got.length; i++) assertEquals(expect[i], got[i], 1e-5);
			}
		}
	}

	@Test
	public void momentsMatchBruteForce() {
		int nx = 10, ny = 8, nz = 9;
		float[] a = random(nx * ny * nz, 2), b = random(nx * ny * nz, 3);
		float[] aa = new float[a.length], bb = new float[a.length], ab = new float[a.length];
		double shift = 2.5;
		for (int i = 0; i < a.length; i++) {
			aa[i] = (float) ((a[i] - shift) * (a[i] - shift));
			bb[i] = (float) ((b[i] - shift) * (b[i] - shift));
			ab[i] = (float) ((a[i] - shift) * (b[i] - shift));
		}
		Axis ax = new Axis(Vif.gaussian(1.0, 2), Border.REFLECT, 1), ay = Axis.box(3), az = new Axis(Vif.gaussian(0.6, 1), Border.VALID, 1);
		double[] eaa = bruteForce(aa, nx, ny, nz, ax, ay, az), ebb = bruteForce(bb, nx, ny, nz, ax, ay, az), eab = bruteForce(ab, nx, ny, nz, ax, ay, az);
		double[] ea = bruteForce(a, nx, ny, nz, ax, ay, az), eb = bruteForce(b, nx, ny, nz, ax, ay, az);
		double[] expect = new double[5];
		for (int i = 0; i < ea.length; i++) {
			expect[0] += ea[i] - shift;
			expect[1] += eb[i] - shift;
			expect[2] += eaa[i];
			expect[3] += ebb[i];
			expect[4] += eab[i];
		}
		double[] got = SeparableFilter.reduceMoments(a, b, nx, ny, nz, ax, ay, az, shift, 2, CancelToken.NONE, new SeparableFilter.MomentReducer() {
			@Override
			public int size() {
				return 5;
			}

			@Override
			public void reduce(double[] ma, double[] mb, double[] maa, double[] mbb, double[] mab, int n, double[] acc) {
				for (int i = 0; i < n; i++) {
					acc[0] += ma[i];
					acc[1] += mb[i];
					acc[2] += maa[i];
					acc[3] += mbb[i];
					acc[4] += mab[i];
				}
			}
		});
		assertArrayEquals(expect, got, 1e-3);
	}
}
