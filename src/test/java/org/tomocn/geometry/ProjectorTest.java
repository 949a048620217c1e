package org.tomocn.geometry;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Random;

import org.junit.Test;
import org.tomocn.core.CancelToken;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.io.TiltAngles;

public class ProjectorTest {

	private static void fillRandom(float[] a, Random r) {
		for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian();
	}

	/** <Ax, y> = <x, A^T y> on odd, non-cubic sizes, angles on both sides of 45 degrees. */
	@Test
	public void adjointIsExact() {
		TiltGeometry g = new TiltGeometry(new double[] { -70, -47, -30, -3, 0, 12.5, 44, 45, 61, 88 }, 37, 19, 23, Double.NaN);
		Projector p = new Projector(g);
		Random r = new Random(1);
		Volume x = new Volume(37, 19, 23, Double.NaN);
		Volume y = new Volume(37, 19, g.numViews(), Double.NaN);
		fillRandom(x.data(), r);
		fillRandom(y.data(), r);
		for (int threads : new int[] { 1, 2 }) {
			Volume ax = p.forward(x, threads, CancelToken.NONE).projections();
			Volume aty = p.adjoint(y, threads, CancelToken.NONE);
			double lhs = dot(ax.data(), y.data()), rhs = dot(x.data(), aty.data());
			assertEquals(0, (lhs - rhs) / Math.abs(lhs), 1e-4);
			assertTrue(Math.abs(lhs) > 1);
		}
	}

	/** The CSR matrix applied to one y row equals the blocked forward projector. */
	@Test
	public void matrixMatchesForward() {
		TiltGeometry g = new TiltGeometry(TiltAngles.range(-60, 3, 60), 21, 5, 11, Double.NaN);
		Projector p = new Projector(g);
		Volume x = new Volume(21, 5, 11, Double.NaN);
		fillRandom(x.data(), new Random(2));
		TiltSeries ts = p.forward(x, 2, CancelToken.NONE);
		SparseMatrix m = p.matrix();
		int y = 3;
		float[] slice = new float[21 * 11];
		for (int z = 0; z < 11; z++) for (int i = 0; i < 21; i++) slice[i + 21 * z] = x.get(i, y, z);
		float[] sino = new float[m.rows];
		m.multiply(slice, sino);
		for (int k = 0; k < g.numViews(); k++) for (int u = 0; u < 21; u++) {
			assertEquals(sino[u + 21 * k], ts.projections().get(u, y, k), 1e-4);
		}
	}

	/**
	 * The interleaved multi-column products (the coordinate network's chunk layout) equal the
	 * blocked forward projector and its adjoint on the same y rows.
	 */
	@Test
	public void interleavedProductsMatchForwardAndAdjoint() {
		int nx = 19, ny = 3, nz = 9;
		TiltGeometry g = new TiltGeometry(new double[] { -60, -44, -20, 0, 46, 60 }, nx, ny, nz, Double.NaN);
		Projector p = new Projector(g);
		Volume x = new Volume(nx, ny, nz, Double.NaN);
		fillRandom(x.data(), new Random(6));
		Volume y = new Volume(nx, ny, g.numViews(), Double.NaN);
		fillRandom(y.data(), new Random(7));
		Volume ax = p.forward(x, 1, CancelToken.NONE).projections(), aty = p.adjoint(y, 1, CancelToken.NONE);
		SparseMatrix m = p.matrix();
		float[] xi = new float[nx * nz * ny], yi = new float[m.rows * ny], axi = new float[m.rows * ny], atyi = new float[nx * nz * ny];
		for (int b = 0; b < ny; b++) {
			for (int z = 0; z < nz; z++) for (int i = 0; i < nx; i++) xi[(i + nx * z) * ny + b] = x.get(i, b, z);
			for (int k = 0; k < g.numViews(); k++) for (int u = 0; u < nx; u++) yi[(u + nx * k) * ny + b] = y.get(u, b, k);
		}
		m.multiply(xi, axi, ny);
		java.util.Arrays.fill(atyi, 99f); // overwritten, not accumulated
		m.multiplyTransposed(yi, atyi, ny);
		for (int b = 0; b < ny; b++) {
			for (int k = 0; k < g.numViews(); k++) for (int u = 0; u < nx; u++) assertEquals(ax.get(u, b, k), axi[(u + nx * k) * ny + b], 1e-4);
			for (int z = 0; z < nz; z++) for (int i = 0; i < nx; i++) assertEquals(aty.get(i, b, z), atyi[(i + nx * z) * ny + b], 1e-4);
		}
	}

	/** The blocked adjoint equals the transpose of the CSR matrix on every y row (angles on both sides of 45 degrees). */
	@Test
	public void adjointMatchesMatrixTranspose() {
		TiltGeometry g = new TiltGeometry(new double[] { -80, -46, -44, -10, 0, 33, 45, 70 }, 23, 18, 13, Double.NaN);
		Projector p = new Projector(g);
		Volume y = new Volume(23, 18, g.numViews(), Double.NaN);
		fillRandom(y.data(), new Random(4));
		Volume aty = p.adjoint(y, 2, CancelToken.NONE);
		SparseMatrix m = p.matrix();
		int[] rows = m.rowIndices();
		for (int row = 0; row < 18; row += 17) {
			float[] expected = new float[23 * 13];
			for (int j = 0; j < m.nnz(); j++) {
				int r = rows[j];
				expected[m.colIdx[j]] += m.values[j] * y.get(r % 23, row, r / 23);
			}
			for (int z = 0; z < 13; z++) for (int x = 0; x < 23; x++) assertEquals(expected[x + 23 * z], aty.get(x, row, z), 1e-4);
		}
	}

	/**
	 * A ball of radius R projects to chord lengths 2 sqrt(R^2 - p^2) at every angle, with p
	 * the distance of the ray from the centre; within 1% away from the rim.
	 */
	@Test
	public void ballProjectsToChordLengths() {
		int n = 65, nz = 49;
		double radius = 18;
		TiltGeometry g = new TiltGeometry(new double[] { -60, -37, -10, 0, 25, 45, 52, 60 }, n, 3, nz, Double.NaN);
		Volume ball = new Volume(n, 3, nz, Double.NaN);
		// super-sampled occupancy so that the voxelised ball has the right volume
		int ss = 5;
		for (int z = 0; z < nz; z++) for (int x = 0; x < n; x++) {
			int in = 0;
			for (int a = 0; a < ss; a++) for (int b = 0; b < ss; b++) {
				double dx = x - g.centreX() + (a + 0.5) / ss - 0.5, dz = z - g.centreZ() + (b + 0.5) / ss - 0.5;
				if (dx * dx + dz * dz <= radius * radius) in++;
			}
			for (int y = 0; y < 3; y++) ball.set(x, y, z, in / (float) (ss * ss));
		}
		TiltSeries ts = new Projector(g).forward(ball, 2, CancelToken.NONE);
		int checked = 0;
		for (int k = 0; k < g.numViews(); k++) for (int u = 0; u < n; u++) {
			double p = u - g.centreX();
			if (Math.abs(p) > 0.8 * radius) continue; // away from the rim
			double chord = 2 * Math.sqrt(radius * radius - p * p);
			assertEquals("view " + k + " u " + u, chord, ts.projections().get(u, 1, k), 0.01 * chord);
			checked++;
		}
		assertTrue(checked > 100);
	}

	/** An off-centre point lands where the documented sign convention says. */
	@Test
	public void signConvention() {
		int n = 41, nz = 21;
		TiltGeometry g = new TiltGeometry(new double[] { 30 }, n, 1, nz, Double.NaN);
		Volume v = new Volume(n, 1, nz, Double.NaN);
		int px = 25, pz = 16; // right of and above the centre (20, 10)
		v.set(px, 0, pz, 1f);
		TiltSeries ts = new Projector(g).forward(v, 1, CancelToken.NONE);
		double sum = 0, first = 0;
		for (int u = 0; u < n; u++) {
			double val = ts.projections().get(u, 0, 0);
			sum += val;
			first += u * val;
		}
		double expected = (px - 20) * Math.cos(Math.toRadians(30)) + (pz - 10) * Math.sin(Math.toRadians(30)) + 20;
		assertEquals(expected, first / sum, 0.25); // the mirrored sign would give 21.3
		assertEquals(expected, g.detectorU(0, px, pz), 1e-9);
	}

	private static double dot(float[] a, float[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
		return s;
	}
}
