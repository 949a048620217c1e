package org.tomocn.metrics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.OptionalDouble;
import java.util.Random;

import org.junit.Test;
import org.tomocn.core.CancelToken;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;
import org.tomocn.fft.Fft;
import org.tomocn.geometry.Projector;
import org.tomocn.io.TiltAngles;
import org.tomocn.recon.RampFilter;
import org.tomocn.recon.WeightedBackProjection;
import org.tomocn.simulate.PhantomType;
import org.tomocn.simulate.Phantoms;

public class FourierShellCorrelationTest {

	static Volume random(int nx, int ny, int nz, long seed) {
		Volume v = new Volume(nx, ny, nz, Double.NaN);
		Random r = new Random(seed);
		float[] d = v.data();
		for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
		return v;
	}

	@Test
	public void withItselfIsOneAndWithItsNegativeMinusOne() {
		for (int[] s : new int[][] { { 16, 16, 16 }, { 21, 14, 9 }, { 8, 30, 11 } }) {
			Volume a = random(s[0], s[1], s[2], 3);
			Volume neg = a.copy();
			float[] d = neg.data();
			for (int i = 0; i < d.length; i++) d[i] = -d[i];
			FscResult same = FourierShellCorrelation.compute(a, a, null, 2);
			FscResult opp = FourierShellCorrelation.compute(a, neg, new double[] { -60, 0, 60 }, 2);
			assertEquals(Math.max(s[0], Math.max(s[1], s[2])) / 2, same.numShells());
			for (int k = 0; k < same.numShells(); k++) {
				assertTrue(same.nPoints()[k] > 0);
				assertEquals(1.0, same.fsc()[k], 1e-5);
				assertEquals(-1.0, opp.fsc()[k], 1e-5);
				if (opp.nPresent()[k] > 0) assertEquals(-1.0, opp.fscPresent()[k], 1e-5);
				if (opp.nMissing()[k] > 0) assertEquals(-1.0, opp.fscMissing()[k], 1e-5);
				assertEquals(opp.nPoints()[k], opp.nPresent()[k] + opp.nMissing()[k]);
			}
			assertFalse(same.hasDirectional());
			assertNull(same.fscMissing());
		}
	}

	/**
	 * Against a brute-force evaluation of the definition: a direct DFT of each volume in double
	 * precision and the shell sums over the scaled radius, on a small non-cubic pair.
	 */
	@Test
	public void matchesDirectDefinition() {
		int nx = 7, ny = 6, nz = 5;
		Volume a = random(nx, ny, nz, 11), b = random(nx, ny, nz, 12);
		// b correlated with a so the values are not all near zero
		for (int i = 0; i < a.data().length; i++) b.data()[i] += 0.7f * a.data()[i];
		double[] angles = { -50, -20, 10, 40 };
		FscResult r = FourierShellCorrelation.compute(a, b, angles, 1);
		int n = 7, shells = 3;
		double[][] s = new double[shells][6];
		long[] cnt = new long[shells];
		PresentRegion region = new PresentRegion(angles);
		for (int iz = 0; iz < nz; iz++) for (int iy = 0; iy < ny; iy++) for (int ix = 0; ix < nx; ix++) {
			double kx = Fft.freq(ix, nx) * (double) n / nx, ky = Fft.freq(iy, ny) * (double) n / ny, kz = Fft.freq(iz, nz) * (double) n / nz;
			double rad = Math.sqrt(kx * kx + ky * ky + kz * kz);
			int k = (int) Math.floor(rad + 0.5);
			if (k < 1 || k > shells) continue;
			double[] fa = dft(a, ix, iy, iz), fb = dft(b, ix, iy, iz);
			int off = region.contains(kx, kz) ? 0 : 3;
			s[k - 1][off] += fa[0] * fb[0] + fa[1] * fb[1];
			s[k - 1][off + 1] += fa[0] * fa[0] + fa[1] * fa[1];
			s[k - 1][off + 2] += fb[0] * fb[0] + fb[1] * fb[1];
			cnt[k - 1]++;
		}
		for (int k = 0; k < shells; k++) {
			double[] t = s[k];
			double all = (t[0] + t[3]) / Math.sqrt((t[1] + t[4]) * (t[2] + t[5]));
			assertEquals(cnt[k], r.nPoints()[k]);
			assertEquals(all, r.fsc()[k], 1e-4);
			if (t[1] > 0) assertEquals(t[0] / Math.sqrt(t[1] * t[2]), r.fscPresent()[k], 1e-4);
			if (t[4] > 0) assertEquals(t[3] / Math.sqrt(t[4] * t[5]), r.fscMissing()[k], 1e-4);
		}
	}

	private static double[] dft(Volume v, int kx, int ky, int kz) {
		double re = 0, im = 0;
		for (int z = 0; z < v.nz(); z++) for (int y = 0; y < v.ny(); y++) for (int x = 0; x < v.nx(); x++) {
			double ph = -2 * Math.PI * ((double) kx * x / v.nx() + (double) ky * y / v.ny() + (double) kz * z / v.nz());
			re += v.get(x, y, z) * Math.cos(ph);
			im += v.get(x, y, z) * Math.sin(ph);
		}
		return new double[] { re, im };
	}

	/**
	 * Shells 1..K with the origin fill the ball of radius K + 1/2: (4/3) pi (K + 1/2)^3 points
	 * (times the sampling density N^3 / (nx ny nz) for non-cubic boxes); single shells hold
	 * about 4 pi k^2 + pi / 3.
	 */
	@Test
	public void shellPointCountsFollowSphereVolume() {
		for (int[] s : new int[][] { { 48, 48, 48 }, { 48, 24, 32 } }) {
			Volume a = random(s[0], s[1], s[2], 4); // point counts only; a constant volume has no FSC
			FscResult r = FourierShellCorrelation.compute(a, a, null, 2);
			double density = (double) s[0] * s[1] * s[2] / (48.0 * 48 * 48);
			long cumulative = 1;
			for (int k = 1; k <= 24; k++) {
				cumulative += r.nPoints()[k - 1];
				if (k >= 10) {
					double ball = 4 / 3.0 * Math.PI * Math.pow(k + 0.5, 3) * density;
					assertEquals(ball, cumulative, 0.03 * ball);
					double shell = (4 * Math.PI * k * k + Math.PI / 3) * density;
					assertEquals(shell, r.nPoints()[k - 1], 0.15 * shell);
				}
			}
		}
	}

	@Test
	public void threadCountDoesNotChangeTheResult() {
		Volume a = random(20, 18, 16, 5), b = random(20, 18, 16, 6);
		double[] angles = { -60, -30, 0, 30, 60 };
		FscResult one = FourierShellCorrelation.compute(a, b, angles, 1), two = FourierShellCorrelation.compute(a, b, angles, 3);
		for (int k = 0; k < one.numShells(); k++) {
			assertEquals(one.fsc()[k], two.fsc()[k], 0);
			assertEquals(one.fscMissing()[k], two.fscMissing()[k], 0);
		}
	}

	@Test
	public void resolutionInterpolatesTheFirstCrossing() {
		// shells 1..6 at N = 12
		double[] curve = { 0.99, 0.9, 0.7, 0.3, 0.6, 0.1 };
		OptionalDouble f = FscResult.crossing(curve, 0.5, 12);
		// between shell 3 (0.7) and 4 (0.3): k = 3.5
		assertEquals(3.5 / 12, f.getAsDouble(), 1e-12);
		assertFalse(FscResult.crossing(curve, 0.05, 12).isPresent());
		assertEquals(1.0 / 12, FscResult.crossing(curve, 0.995, 12).getAsDouble(), 1e-12);
		// NaN shells are skipped: between shell 1 (0.8) and 3 (0.2): k = 1 + 0.5 * 2 = 2
		assertEquals(2.0 / 12, FscResult.crossing(new double[] { 0.8, Double.NaN, 0.2 }, 0.5, 12).getAsDouble(), 1e-12);

		FscResult r = new FscResult(12, 2.0, curve, null, null, new long[6], null, null);
		assertEquals(2.0 / (3.5 / 12), r.resolutionAngstrom(0.5).getAsDouble(), 1e-9);
		assertEquals("6.86 A (0.1458 1/A) at FSC 0.5", r.formatResolution(0.5));
		assertEquals("not reached (FSC stays >= 0.05 up to Nyquist)", r.formatResolution(0.05));
		FscResult noPixel = new FscResult(12, Double.NaN, curve, null, null, new long[6], null, null);
		assertEquals("0.2917 1/pixel (3.43 pixels) at FSC 0.5", noPixel.formatResolution(0.5));
		assertFalse(noPixel.resolutionAngstrom(0.5).isPresent());
		assertTrue(Double.isNaN(noPixel.frequencyPerAngstrom()[0]));
		assertEquals(0.25, r.frequencyPerAngstrom()[5], 1e-12);
	}

	@Test
	public void mfscAveragesMissingShellsUpToAQuarter() {
		// N = 16: shells 1..8 at k/16; k <= 4 counts; shell 1 has no missing points
		double[] miss = { Double.NaN, 0.2, 0.4, 0.6, 0.9, 0.9, 0.9, 0.9 };
		long[] nMiss = { 0, 5, 5, 5, 5, 5, 5, 5 };
		FscResult r = new FscResult(16, Double.NaN, new double[8], new double[8], miss, new long[8], new long[8], nMiss);
		assertEquals(0.4, r.mfsc(), 1e-12);
		assertTrue(Double.isNaN(new FscResult(16, Double.NaN, new double[8], null, null, new long[8], null, null).mfsc()));
	}

	@Test(expected = TomoInputException.class)
	public void differentSizesAreRejected() {
		FourierShellCorrelation.compute(random(8, 8, 8, 1), random(8, 8, 9, 1), null, 1);
	}

	@Test(expected = TomoInputException.class)
	public void nanIsRejected() {
		Volume a = random(8, 8, 8, 1);
		a.set(1, 2, 3, Float.NaN);
		FourierShellCorrelation.compute(a, a, null, 1);
	}

	/**
	 * FSC is invariant to a positive scale of either volume (the scale cancels in
	 * Re(sum F1 conj F2) / sqrt(sum |F1|^2 sum |F2|^2)) and to an added constant (it only
	 * changes F(0), which no shell holds). Issue 13, item 3: a WBP scaled by 1e-6 gave 422 A
	 * instead of 26.5 A, because both volumes shared one single-precision FFT.
	 */
	@Test
	public void scaleAndOffsetDoNotChangeTheCurve() {
		Volume truth = Phantoms.create(PhantomType.SPHERES, 48, 24, 32, 4);
		truth.setPixelSize(10);
		TiltGeometry g = new TiltGeometry(TiltAngles.range(-60, 2, 60), 48, 24, 32, 10);
		Volume wbp = new WeightedBackProjection(RampFilter.ramLak()).reconstruct(new Projector(g).forward(truth, 2, CancelToken.NONE), 2,
			CancelToken.NONE, ProgressListener.NONE);
		double[] angles = g.anglesDeg();
		FscResult base = FourierShellCorrelation.compute(wbp, truth, angles, 2);
		for (double[] t : new double[][] { { 1e-6, 0 }, { 1e-4, 0 }, { 1e6, 0 }, { 1, 100 } }) {
			Volume w = wbp.copy();
			for (int i = 0; i < w.data().length; i++) w.data()[i] = (float) (t[0] * w.data()[i] + t[1]);
			FscResult r = FourierShellCorrelation.compute(w, truth, angles, 2);
			for (int k = 0; k < base.numShells(); k++) {
				assertEquals("scale " + t[0] + ", offset " + t[1] + ", shell " + (k + 1), base.fsc()[k], r.fsc()[k], 1e-3);
				assertEquals("missing, scale " + t[0] + ", offset " + t[1] + ", shell " + (k + 1), base.fscMissing()[k], r.fscMissing()[k], 1e-3);
			}
			assertEquals(base.resolutionAngstrom(0.5).getAsDouble(), r.resolutionAngstrom(0.5).getAsDouble(), 0.01);
		}
	}

	/** A volume without contrast has no FSC: refused, naming it (issue 13, item 3). */
	@Test
	public void constantVolumesAreRefusedByName() {
		Volume a = random(16, 16, 16, 1), zero = new Volume(16, 16, 16, Double.NaN), seven = new Volume(16, 16, 16, Double.NaN);
		java.util.Arrays.fill(seven.data(), 7f);
		for (Volume c : new Volume[] { zero, seven }) {
			try {
				FourierShellCorrelation.compute(c, "flat.mrc", a, "ref.mrc", null, 1, CancelToken.NONE);
				fail("a constant volume was accepted");
			}
			catch (TomoInputException e) {
				assertTrue(e.getMessage(), e.getMessage().contains("flat.mrc") && e.getMessage().contains("constant"));
			}
			try {
				FourierShellCorrelation.compute(a, "rec.mrc", c, "flat.mrc", null, 1, CancelToken.NONE);
				fail("a constant reference was accepted");
			}
			catch (TomoInputException e) {
				assertTrue(e.getMessage(), e.getMessage().contains("flat.mrc") && !e.getMessage().contains("rec.mrc"));
			}
		}
	}

	/** Size mismatch and non-finite voxels name the files (issue 13, item 11). */
	@Test
	public void messagesNameTheFiles() {
		Volume a = random(16, 16, 16, 1), b = random(16, 16, 8, 2);
		try {
			FourierShellCorrelation.compute(a, "rec.mrc", b, "ref.mrc", null, 1, CancelToken.NONE);
			fail();
		}
		catch (TomoInputException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("rec.mrc is 16 x 16 x 16") && e.getMessage().contains("ref.mrc is 16 x 16 x 8"));
		}
		Volume c = random(16, 16, 8, 3);
		c.set(3, 4, 5, Float.POSITIVE_INFINITY);
		try {
			FourierShellCorrelation.compute(b, "rec.mrc", c, "ref.mrc", null, 1, CancelToken.NONE);
			fail();
		}
		catch (TomoInputException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("ref.mrc") && e.getMessage().contains("infinite") && e.getMessage().contains("(3, 4, 5)"));
		}
	}
}
