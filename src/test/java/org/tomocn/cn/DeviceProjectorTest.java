package org.tomocn.cn;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.junit.Test;
import org.tomocn.core.CancelToken;
import org.tomocn.core.Volume;
import org.tomocn.geometry.Projector;
import org.tomocn.geometry.TiltGeometry;

public class DeviceProjectorTest {

	/** The sparse device operator reproduces the shared Java projector on a random volume. */
	@Test
	public void matchesJavaProjector() {
		int nx = 21, ny = 3, nz = 13;
		TiltGeometry g = new TiltGeometry(new double[] { -63, -45, -44, -20, 0, 7.5, 30, 46, 60 }, nx, ny, nz, Double.NaN);
		Projector p = new Projector(g);
		Volume v = new Volume(nx, ny, nz, Double.NaN);
		Random r = new Random(3);
		for (int i = 0; i < v.data().length; i++) v.data()[i] = r.nextFloat();
		Volume ref = p.forward(v, 1, CancelToken.NONE).projections();
		// chunk layout: (x + X z) x y  ->  (u + X view) x y
		float[] vol = new float[nx * nz * ny];
		for (int z = 0; z < nz; z++) for (int y = 0; y < ny; y++) for (int x = 0; x < nx; x++) vol[(x + nx * z) * ny + y] = v.get(x, y, z);
		float[] out;
		try (NDManager m = NDManager.newBaseManager()) {
			DeviceProjector dp = new DeviceProjector(m, p);
			NDArray res = dp.project(m.create(vol, new Shape(nx * nz, ny)));
			assertEquals(new Shape(nx * g.numViews(), ny), res.getShape());
			out = res.toFloatArray();
		}
		double maxRef = 0, maxErr = 0;
		for (int k = 0; k < g.numViews(); k++) for (int y = 0; y < ny; y++) for (int u = 0; u < nx; u++) {
			double a = ref.get(u, y, k), b = out[(u + nx * k) * ny + y];
			maxRef = Math.max(maxRef, Math.abs(a));
			maxErr = Math.max(maxErr, Math.abs(a - b));
		}
		assertTrue(maxRef > 1);
		assertTrue("max relative difference " + maxErr / maxRef, maxErr / maxRef < 1e-4);
	}
}
