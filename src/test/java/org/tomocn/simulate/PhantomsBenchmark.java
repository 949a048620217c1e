package org.tomocn.simulate;

import org.jtransforms.fft.FloatFFT_3D;
import org.junit.Test;
import org.tomocn.core.CancelToken;
import org.tomocn.core.Parallel;
import org.tomocn.core.Volume;
import org.tomocn.fft.Fft;

/**
 * Generation times of every phantom at three sizes, and the separable Gaussian against the
 * FFT path at 256^3 (the reason {@link GaussianLowPass} works in real space). Not a test;
 * run with {@code mvn -o test -Dtest=PhantomsBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
public class PhantomsBenchmark {
	@Test
	public void generationTimes() {
		int threads = Parallel.defaultThreads();
		int[][] sizes = { { 64, 64, 32 }, { 256, 256, 64 }, { 512, 512, 128 } };
		Phantoms.create(PhantomType.SHAPES, 64, 64, 32, 0); // warm-up
		for (int[] s : sizes) for (PhantomType t : PhantomType.values()) {
			long t0 = System.nanoTime();
			Volume v = Phantoms.createUnfiltered(t, s[0], s[1], s[2], 1, threads, CancelToken.NONE);
			long t1 = System.nanoTime();
			GaussianLowPass.apply(v, Phantoms.lowPassSigma(s[0]), threads, CancelToken.NONE);
			Phantoms.normalise(v);
			long t2 = System.nanoTime();
			System.out.printf("%-12s %4d x %4d x %4d  objects %.2f s  low-pass+normalise %.2f s  total %.2f s  (%d threads)%n", t, s[0], s[1], s[2],
				(t1 - t0) / 1e9, (t2 - t1) / 1e9, (t2 - t0) / 1e9, threads);
		}
	}

	@Test
	public void realSpaceVersusFft() {
		int n = 256;
		Volume v = Phantoms.createUnfiltered(PhantomType.SPHERES, n, n, n, 1, Parallel.defaultThreads(), CancelToken.NONE);
		Volume w = v.copy();
		long t0 = System.nanoTime();
		GaussianLowPass.apply(v, 1.0, Parallel.defaultThreads(), CancelToken.NONE);
		long t1 = System.nanoTime();
		FloatFFT_3D fft = new FloatFFT_3D(n, n, n); // the alternative measured here, so JTransforms directly
		float[] spec = new float[2 * n * n * n];
		System.arraycopy(w.data(), 0, spec, 0, n * n * n);
		fft.realForwardFull(spec);
		double c = 2 * Math.PI * Math.PI; // transfer function exp(-2 pi^2 sigma^2 k^2), sigma = 1
		for (int z = 0; z < n; z++) for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) {
			double kx = Fft.freq(x, n) / (double) n, ky = Fft.freq(y, n) / (double) n, kz = Fft.freq(z, n) / (double) n;
			float g = (float) Math.exp(-c * (kx * kx + ky * ky + kz * kz));
			int i = 2 * (x + n * (y + n * z));
			spec[i] *= g;
			spec[i + 1] *= g;
		}
		fft.complexInverse(spec, true);
		long t2 = System.nanoTime();
		System.out.printf("256^3, sigma 1: separable real space %.2f s, FFT path (forward, multiply, inverse) %.2f s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9);
	}
}
