package org.tomocn.cn;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.junit.Test;
import org.tomocn.core.CancelToken;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.Volume;
import org.tomocn.geometry.Projector;

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
			DeviceProjector dp = new DeviceProjector(m, p.matrix());
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

	/**
	 * The two objectives behind the backend seam, Java's (HostLoss, used on the CPU) and
	 * PyTorch's autograd through the device projector and the TV term (used on a GPU), give
	 * the same value, data term and gradient, with and without TV, with and without fixed
	 * neighbour rows ({@link Borders}); the rows add exactly their squared differences to TV.
	 */
	@Test
	public void hostLossMatchesAutogradOnDevice() {
		int nx = 17, j = 3, nz = 11;
		TiltGeometry g = new TiltGeometry(new double[] { -60, -33, -2, 0, 15, 45, 58 }, nx, j, nz, Double.NaN);
		Projector p = new Projector(g);
		Random r = new Random(5);
		float[] v = new float[nx * nz * j];
		for (int i = 0; i < v.length; i++) v[i] = r.nextFloat();
		float[] proj = new float[nx * g.numViews() * j];
		for (int i = 0; i < proj.length; i++) proj[i] = 8 * r.nextFloat();
		float[] below = new float[nx * nz], above = new float[nx * nz];
		double borderTerm = 0; // sum of the squared differences to the fixed rows
		for (int xz = 0; xz < nx * nz; xz++) {
			below[xz] = r.nextFloat();
			above[xz] = r.nextFloat();
			borderTerm += Math.pow(v[xz * j] - below[xz], 2) + Math.pow(v[xz * j + j - 1] - above[xz], 2);
		}
		double withoutBorders = Double.NaN;
		for (int variant = 0; variant < 3; variant++) {
			double tv = variant == 0 ? 0 : 0.7;
			Borders borders = variant == 2 ? new Borders(below, above) : Borders.NONE;
			double[] loss = new double[2], data = new double[2];
			float[][] grad = new float[2][];
			try (NetworkRuntime rt = NetworkRuntime.open(NetworkRunSettings.DeviceChoice.CPU, 1, CancelToken.NONE)) {
				NDManager m = rt.root();
				Objective[] objectives = { new HostLoss(p.matrix(), nx, nz, tv), new DeviceObjective(new DeviceProjector(m, p.matrix()), nx, nz, tv) };
				for (int k = 0; k < 2; k++) {
					Objective.Bound b = objectives[k].bind(m, proj, j, borders);
					NDArray vol = m.create(v, new Shape(nx * nz * j, 1));
					NDArray[] dv = new NDArray[1];
					try (NetworkRuntime.Autograd gc = new NetworkRuntime.Autograd()) {
						loss[k] = b.valueAndGradient(vol, gc, dv);
					}
					grad[k] = dv[0].toFloatArray();
					data[k] = b.dataLoss(m.create(v, new Shape(nx * nz * j, 1)));
				}
			}
			double lossDev = loss[1];
			double[] lossHost = { data[0], loss[0] };
			float[] gHost = grad[0], gDev = grad[1];
			assertEquals("data term", data[1], data[0], 1e-5 * data[0]);
			assertEquals("objective, tv " + tv, lossDev, lossHost[1], 1e-5 * Math.abs(lossDev));
			if (tv > 0) assertTrue("TV adds to the objective", lossHost[1] > lossHost[0] + 0.01);
			if (variant == 1) withoutBorders = lossHost[1];
			if (variant == 2) assertEquals("the border rows' term", tv * borderTerm / v.length, lossHost[1] - withoutBorders, 1e-5 * lossHost[1]);
			double maxG = 0, maxErr = 0;
			for (int i = 0; i < v.length; i++) {
				maxG = Math.max(maxG, Math.abs(gDev[i]));
				maxErr = Math.max(maxErr, Math.abs(gDev[i] - gHost[i]));
			}
			assertTrue(maxG > 0);
			assertTrue("gradient, tv " + tv + ": max relative difference " + maxErr / maxG, maxErr / maxG < 1e-4);
		}
	}

	/**
	 * A whole fit through the device path (as on a GPU, here on the CPU) follows the fit
	 * through the Java objective: same losses to float rounding, with TV and with two
	 * sub-batches, and with half of the points back-propagated and a fixed neighbour row.
	 */
	@Test
	public void fitOnDevicePathFollowsHostPath() {
		int nx = 12, j = 2, nz = 8;
		TiltGeometry g = new TiltGeometry(new double[] { -60, -30, 0, 30, 60 }, nx, j, nz, Double.NaN);
		Projector p = new Projector(g);
		Random r = new Random(9);
		float[] proj = new float[nx * g.numViews() * j];
		for (int i = 0; i < proj.length; i++) proj[i] = r.nextFloat();
		SirenWeights init = SirenWeights.random(3, 2, 32, 30, 4);
		float[] below = new float[nx * nz];
		for (int i = 0; i < below.length; i++) below[i] = r.nextFloat();
		for (int variant = 0; variant < 3; variant++) {
			int subBatch = variant == 0 ? 100 : 8192;
			Borders borders = variant == 2 ? new Borders(below, null) : Borders.NONE;
			NetworkParameters o = NetworkParameters.of(NetworkParameters.Preset.FAITHFUL).withHiddenLayers(2).withHiddenFeatures(32).withTvLambda(0.5)
				.withPlateauWindow(0).withPointFraction(variant == 2 ? 0.5 : 1);
			double[] losses = new double[2];
			float[][] values = new float[2][];
			for (int k = 0; k < 2; k++) {
				try (NetworkRuntime rt = NetworkRuntime.open(NetworkRunSettings.DeviceChoice.CPU, 1, CancelToken.NONE)) {
					NDManager m = rt.root();
					Objective objective = k == 0 ? new HostLoss(p.matrix(), nx, nz, 0.5) : new DeviceObjective(new DeviceProjector(m, p.matrix()), nx, nz, 0.5);
					ChunkFitter f = new ChunkFitter(m, objective, nx, nz, o.forData(false, nx), subBatch, 1, 0.1, null, CancelToken.NONE);
					ChunkFit.Result res = f.fit(init, proj, j, borders, ChunkFit.Spread.NONE, 40, 1e-3, Double.POSITIVE_INFINITY, Double.NaN, (it, n, loss) -> { });
					losses[k] = res.loss;
					values[k] = res.values;
				}
			}
			assertEquals("variant " + variant, losses[0], losses[1], 1e-4 * losses[0]);
			assertTrue("the fit moved", losses[0] < 0.9 * ConvergenceGuard.zeroLoss(proj));
			for (int i = 0; i < values[0].length; i++) assertEquals(values[0][i], values[1][i], 1e-3);
		}
	}
}
