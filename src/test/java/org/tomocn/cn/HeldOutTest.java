package org.tomocn.cn;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;

import org.junit.Test;
import org.tomocn.io.TiltAngles;
import org.tomocn.geometry.Projector;
import org.tomocn.geometry.SparseMatrix;
import org.tomocn.core.TiltGeometry;

public class HeldOutTest {

	/** The lowest loss is remembered; the watch is stale only after patience iterations without a new low. */
	@Test
	public void watchStopsAfterPatience() {
		HeldOutWatch w = new HeldOutWatch(3);
		assertTrue(w.record(0, 1.0));
		assertTrue(w.record(1, 0.8));
		assertFalse(w.record(2, 0.9));
		assertFalse(w.stale(2));
		assertFalse(w.record(3, 0.8));
		assertTrue("three iterations without a lower loss", w.stale(4));
		assertEquals(1, w.bestIteration());
		assertEquals(0.8, w.bestLoss(), 0);
		assertFalse("NaN is never a new low", w.record(5, Double.NaN));
	}

	/**
	 * Every 8th view by angle is held out whatever the file's order, never the most tilted
	 * ones; the split matrices and projections are the full ones' rows of those views.
	 */
	@Test
	public void splitByAngle() {
		double[] sorted = TiltAngles.range(-60, 2, 60);
		double[] shuffled = unbox(shuffledCopy(sorted, 3));
		for (double[] angles : new double[][] { sorted, shuffled }) {
			TiltGeometry g = new TiltGeometry(angles, 10, 2, 6, 1.0);
			ViewSplit s = ViewSplit.everyNth(g, 8);
			assertEquals(61, s.train.length + s.heldOut.length);
			double[] held = Arrays.stream(s.heldOut).mapToDouble(g::angleDeg).sorted().toArray();
			assertArrayEquals(new double[] { -52, -36, -20, -4, 12, 28, 44 }, held, 0);
			SparseMatrix a = new Projector(g).matrix(), h = s.rows(a, s.heldOut);
			float[] x = new float[a.cols], full = new float[a.rows], part = new float[h.rows];
			for (int i = 0; i < x.length; i++) x[i] = i % 7;
			a.multiply(x, full);
			h.multiply(x, part);
			for (int i = 0; i < s.heldOut.length; i++) for (int u = 0; u < 10; u++) assertEquals(full[u + 10 * s.heldOut[i]], part[u + 10 * i], 0);
			float[] proj = new float[a.rows * 2];
			for (int i = 0; i < proj.length; i++) proj[i] = i;
			float[] tp = s.rows(proj, 2, s.train);
			assertEquals(s.train[1] * 20, tp[20], 0);
		}
	}

	private static Double[] box(double[] a) {
		return Arrays.stream(a).boxed().toArray(Double[]::new);
	}

	private static double[] unbox(Double[] a) {
		return Arrays.stream(a).mapToDouble(Double::doubleValue).toArray();
	}

	private static Double[] shuffledCopy(double[] a, long seed) {
		Double[] b = box(a);
		java.util.Collections.shuffle(Arrays.asList(b), new java.util.Random(seed));
		return b;
	}
}
