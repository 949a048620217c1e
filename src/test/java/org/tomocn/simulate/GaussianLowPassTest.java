package org.tomocn.simulate;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import org.junit.Test;
import org.tomocn.core.CancelToken;
import org.tomocn.core.Volume;

public class GaussianLowPassTest {
	@Test
	public void kernelIsNormalisedAndSymmetric() {
		float[] k = GaussianLowPass.kernel(1.5);
		assertEquals(2 * 6 + 1, k.length);
		double sum = 0;
		for (float f : k) sum += f;
		assertEquals(1.0, sum, 1e-6);
		for (int i = 0; i < k.length; i++) assertEquals(k[i], k[k.length - 1 - i], 0f);
	}

	@Test
	public void impulseBecomesAGaussianWithTheRequestedWidthAlongEachAxis() {
		int nx = 31, ny = 27, nz = 25, cx = 15, cy = 13, cz = 12;
		double sigma = 1.7;
		Volume v = new Volume(nx, ny, nz, 1);
		v.set(cx, cy, cz, 1f);
		GaussianLowPass.apply(v, sigma, 2, CancelToken.NONE);
		double mass = 0, mx = 0, my = 0, mz = 0;
		for (int z = 0; z < nz; z++) for (int y = 0; y < ny; y++) for (int x = 0; x < nx; x++) {
			double f = v.get(x, y, z);
			mass += f;
			mx += f * (x - cx) * (x - cx);
			my += f * (y - cy) * (y - cy);
			mz += f * (z - cz) * (z - cz);
		}
		assertEquals(1.0, mass, 1e-5);
		// second moments of the sampled, truncated Gaussian: sigma^2 within 1%
		assertEquals(sigma * sigma, mx / mass, 0.01 * sigma * sigma);
		assertEquals(sigma * sigma, my / mass, 0.01 * sigma * sigma);
		assertEquals(sigma * sigma, mz / mass, 0.01 * sigma * sigma);
		// separable: the centre value is the product of three 1-D kernel centres
		float k0 = GaussianLowPass.kernel(sigma)[(int) Math.ceil(4 * sigma)];
		assertEquals(k0 * k0 * k0, v.get(cx, cy, cz), 1e-7);
	}

	@Test
	public void resultDoesNotDependOnTheThreadCount() {
		Volume a = new Volume(20, 18, 16, 1);
		java.util.SplittableRandom r = new java.util.SplittableRandom(9);
		for (int i = 0; i < a.size(); i++) a.data()[i] = (float) r.nextDouble();
		Volume b = a.copy();
		GaussianLowPass.apply(a, 1, 1, CancelToken.NONE);
		GaussianLowPass.apply(b, 1, 3, CancelToken.NONE);
		assertArrayEquals(a.data(), b.data(), 0f);
	}
}
