package org.tomocn.recon;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.tomocn.core.CancelToken;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.fft.Fft;
import org.tomocn.io.TiltAngles;

public class WeightedBackProjectionTest {
	private static final int NX = 65, NY = 21, NZ = 49, CX = 32, CY = 10, CZ = 24;
	private static final TiltGeometry G = new TiltGeometry(TiltAngles.range(-60, 2, 60), NX, NY, NZ, 3.5);

	private static Volume wbp(TiltSeries ts, RampFilter f) {
		return new WeightedBackProjection(f).reconstruct(ts, 2, CancelToken.NONE, ProgressListener.NONE);
	}

	/**
	 * A centred ball of radius 7: half-maximum diameter 14 in X and Y within a pixel, and in
	 * Z the elongation the +-60 degree geometry predicts. The prediction is computed here
	 * independently of the projector and the reconstruction: the true XZ slice with every
	 * Fourier component outside the sampled double wedge (more than 60 degrees from the kx
	 * axis) removed, i.e. the best any method without prior knowledge can do. (For a point,
	 * Radermacher's factor sqrt((a + sin a cos a) / (a - sin a cos a)) = 1.55 at a = 60
	 * degrees; a ball wider than the point spread function is stretched less: the
	 * prediction is a 17.6 px Z width for a 14 px ball, factor 1.26; measured 17.5, and 13.9 in X and Y.) Tolerance 1 px: the
	 * discrete views (2 degree steps, Joseph interpolation) sample the wedge only on lines,
	 * which the continuous wedge of the prediction does not model.
	 */
	@Test
	public void centredBallDiameterAndWedgeElongation() {
		Volume ball = new Volume(NX, NY, NZ, 3.5);
		ReconTestData.addBall(ball, CX, CY, CZ, 7, 1f);
		Volume rec = wbp(ReconTestData.project(ball, G), RampFilter.ramLak());
		assertEquals(14, ReconTestData.fwhm(rec, CX, CY, CZ, 0), 1.0);
		assertEquals(14, ReconTestData.fwhm(rec, CX, CY, CZ, 1), 1.0);
		double predicted = wedgeLimitedZWidth(ball, 60);
		double measured = ReconTestData.fwhm(rec, CX, CY, CZ, 2);
		assertTrue("prediction " + predicted, predicted > 15.5 && predicted < 19);
		assertEquals(predicted, measured, 1.0);
		assertEquals(3.5, rec.pixelSize(), 0);
	}

	/** The Z width at half maximum of the ball's slice CY restricted to the +-alpha double wedge. */
	private static double wedgeLimitedZWidth(Volume ball, double alphaDeg) {
		int px = 2 * NX, pz = 2 * NZ;
		float[] a = new float[2 * px * pz];
		for (int z = 0; z < NZ; z++) for (int x = 0; x < NX; x++) a[2 * (x + px * z)] = ball.get(x, CY, z);
		Fft.Plan2d plan = new Fft.Plan2d(px, pz);
		plan.forward(a);
		double tan = Math.tan(Math.toRadians(alphaDeg));
		for (int iz = 0; iz < pz; iz++) for (int ix = 0; ix < px; ix++) {
			double fx = Math.abs(Fft.freq(ix, px)) / (double) px, fz = Math.abs(Fft.freq(iz, pz)) / (double) pz;
			if (fz > tan * fx + 1e-12) a[2 * (ix + px * iz)] = a[2 * (ix + px * iz) + 1] = 0;
		}
		plan.inverse(a);
		Volume slice = new Volume(NX, 1, NZ, Double.NaN);
		for (int z = 0; z < NZ; z++) for (int x = 0; x < NX; x++) slice.set(x, 0, z, a[2 * (x + px * z)]);
		return ReconTestData.fwhm(slice, CX, 0, CZ, 2);
	}

	/**
	 * Intensity: the raw line integrals of a radius-12 ball of value 1 reconstruct to within
	 * 10% of 1 at its centre (measured 0.97 with the angular weights of AngularWeights).
	 */
	@Test
	public void rawLineIntegralsGiveTheVolumeScale() {
		Volume ball = new Volume(NX, NY, NZ, Double.NaN);
		ReconTestData.addBall(ball, CX, CY, CZ, 12, 1f);
		TiltSeries ts = ReconTestData.project(ball, G);
		for (RampFilter.Window w : RampFilter.Window.values()) {
			Volume rec = wbp(ts, new RampFilter(w, 0, 0, 0));
			assertEquals(w.key(), 1.0, rec.get(CX, CY, CZ), 0.1);
		}
		// unequally spaced views (every other view dropped above 20 degrees) keep the scale
		double[] uneven = java.util.stream.DoubleStream.of(TiltAngles.range(-60, 2, 60)).filter(t -> t <= 20 || Math.round(t) % 4 == 0).toArray();
		TiltGeometry gu = G.withAngles(uneven);
		assertEquals(1.0, wbp(ReconTestData.project(ball, gu), RampFilter.ramLak()).get(CX, CY, CZ), 0.1);
	}

	/** Filter shapes at known frequencies (n = 256, f = i / 256 cycles/pixel). */
	@Test
	public void filterResponses() {
		int n = 256;
		float[] ramp = RampFilter.ramLak().response(n, G);
		assertEquals(0.25, ramp[64], 0.0025); // |f| at f = 0.25
		assertEquals(0.5, ramp[128], 0.01);
		assertEquals(ramp[10], ramp[n - 10], 1e-7); // symmetric
		assertTrue(Math.abs(ramp[0]) < 0.002); // DC about 1/(pi^2 n)
		float[] sl = new RampFilter(RampFilter.Window.SHEPP_LOGAN, 0, 0, 0).response(n, G);
		assertEquals(ramp[128] * 2 / Math.PI, sl[128], 1e-5);
		float[] cos = new RampFilter(RampFilter.Window.COSINE, 0, 0, 0).response(n, G);
		assertEquals(ramp[64] * Math.cos(Math.PI / 4), cos[64], 1e-5);
		assertEquals(0, cos[128], 1e-6);
		float[] ham = new RampFilter(RampFilter.Window.HAMMING, 0, 0, 0).response(n, G);
		assertEquals(ramp[128] * 0.08, ham[128], 1e-5);
		// IMOD-style radial: ramp up to 0.25, then R(0.25) * gaussian(sigma 0.05)
		float[] rad = new RampFilter(RampFilter.Window.RAM_LAK, 0.25, 0.05, 0).response(n, G);
		assertEquals(ramp[32], rad[32], 1e-7);
		assertEquals(ramp[64] * Math.exp(-(13 / 256.0) * (13 / 256.0) / (2 * 0.05 * 0.05)), rad[64 + 13], 0.002);
		// SIRT-like: below the ramp, approaching it as N grows
		float[] s5 = new RampFilter(RampFilter.Window.RAM_LAK, 0, 0, 5).response(n, G);
		float[] s50 = new RampFilter(RampFilter.Window.RAM_LAK, 0, 0, 50).response(n, G);
		for (int i = 1; i <= 128; i++) {
			assertTrue(s5[i] <= s50[i] + 1e-7 && s50[i] <= ramp[i] + 1e-7);
		}
		assertTrue(s5[128] < 0.1 * ramp[128]);
	}

	/** Equal spacing gives pi / K per view; unequal spacing, weights proportional to the interval each view owns. */
	@Test
	public void angularWeights() {
		double[] w = AngularWeights.of(G);
		for (double v : w) assertEquals(Math.PI / 61, v, 1e-12);
		assertEquals(180.0 / 122.0, AngularWeights.wedgeGain(G), 1e-12);
		double[] u = AngularWeights.of(G.withAngles(new double[] { -60, -30, 0, 10, 20 }));
		// intervals: 30, 30, 20, 10, 10 (ends extend half a neighbour spacing)
		double sum = 100;
		double[] expected = { 30 / sum, 30 / sum, 20 / sum, 10 / sum, 10 / sum };
		for (int i = 0; i < 5; i++) assertEquals(Math.PI * expected[i], u[i], 1e-12);
	}
}
