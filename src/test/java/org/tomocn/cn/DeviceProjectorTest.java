package org.tomocn.cn;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Random;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

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

	/**
	 * The Java objective (HostLoss, used on the CPU) and PyTorch's autograd through the
	 * device projector and the TV term (used on a GPU) give the same value and gradient,
	 * with and without TV.
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
		HostLoss host = new HostLoss(p.matrix(), nx, nz);
		for (double tv : new double[] { 0, 0.7 }) {
			float[] gHost = new float[v.length];
			double[] lossHost = host.evaluate(v, proj, j, tv, gHost);
			float[] gDev;
			double lossDev;
			try (NDManager m = NDManager.newBaseManager()) {
				DeviceProjector dp = new DeviceProjector(m, p);
				NDArray vol = m.create(v, new Shape(nx * nz, j));
				vol.setRequiresGradient(true);
				try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
					NDArray loss = dp.project(vol).sub(m.create(proj, new Shape(dp.rows(), j))).abs().mean();
					if (tv > 0) loss = loss.add(ChunkFitter.totalVariation(vol, nx, nz, j).mul(NativeArrays.scalar(vol.getManager(), tv)));
					gc.backward(loss);
					lossDev = loss.getFloat();
				}
				gDev = vol.getGradient().toFloatArray();
			}
			assertEquals("objective, tv " + tv, lossDev, lossHost[1], 1e-5 * Math.abs(lossDev));
			if (tv > 0) assertTrue("TV adds to the objective", lossHost[1] > lossHost[0] + 0.01);
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
	 * sub-batches.
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
		// the grad mode CoordinateNetworkEngine fits in; restored after, for the tests that run later in this JVM
		boolean previousGrad = ai.djl.pytorch.jni.JniUtils.isGradMode();
		ai.djl.pytorch.jni.JniUtils.setGradMode(false);
		try {
			for (int subBatch : new int[] { 100, 8192 }) {
				CoordinateNetworkOptions o = new CoordinateNetworkOptions().hiddenLayers(2).hiddenFeatures(32).tvLambda(0.5).subBatch(subBatch).plateauWindow(0);
				double[] losses = new double[2];
				float[][] values = new float[2][];
				for (int k = 0; k < 2; k++) {
					try (NDManager m = NDManager.newBaseManager()) {
						ChunkFitter f = k == 0 ? new ChunkFitter(m, new HostLoss(p.matrix(), nx, nz), null, nx, nz, o, 1, 0.1, null, CancelToken.NONE)
							: new ChunkFitter(m, null, new DeviceProjector(m, p), nx, nz, o, 1, 0.1, null, CancelToken.NONE);
						ChunkFitter.Result res = f.fit(init, proj, j, 40, 1e-3, Double.POSITIVE_INFINITY, Double.NaN, (it, n, loss) -> { });
						losses[k] = res.loss;
						values[k] = res.values;
					}
				}
				assertEquals("sub-batch " + subBatch, losses[0], losses[1], 1e-4 * losses[0]);
				assertTrue("the fit moved", losses[0] < 0.9 * ConvergenceGuard.zeroLoss(proj));
				for (int i = 0; i < values[0].length; i++) assertEquals(values[0][i], values[1][i], 1e-3);
			}
		}
		finally {
			ai.djl.pytorch.jni.JniUtils.setGradMode(previousGrad);
		}
	}
}
