package org.tomocn.fft;

import static org.junit.Assert.assertEquals;

import java.util.Random;

import org.jtransforms.fft.FloatFFT_2D;
import org.junit.Test;

public class FftPlan2dTest {

	/** The row-column plan equals JTransforms' 2-D transform, forward and inverse, on odd non-square sizes. */
	@Test
	public void matchesForward2d() {
		int nx = 12, ny = 9;
		float[] a = new float[2 * nx * ny];
		Random r = new Random(3);
		for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian();
		float[] b = a.clone(), orig = a.clone();
		new FloatFFT_2D(ny, nx).complexForward(a); // JTransforms' own 2-D transform as the reference
		Fft.Plan2d plan = new Fft.Plan2d(nx, ny);
		plan.forward(b);
		for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-4);
		plan.inverse(b);
		for (int i = 0; i < a.length; i++) assertEquals(orig[i], b[i], 1e-5);
	}

	@Test
	public void nextFastSize() {
		assertEquals(128, Fft.nextFastSize(128));
		assertEquals(135, Fft.nextFastSize(129));
		assertEquals(1, Fft.nextFastSize(1));
		assertEquals(98 + 2, Fft.nextFastSize(98)); // 98 = 2 * 7^2 -> 100
	}
}
