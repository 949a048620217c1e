package org.tomocn.halfset;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;


import org.junit.Test;
import org.tomocn.core.CancelToken;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.DoseSymmetric;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.io.TiltAngles;
import org.tomocn.metrics.FscResult;
import org.tomocn.recon.RampFilter;
import org.tomocn.recon.WeightedBackProjection;
import org.tomocn.simulate.PhantomType;
import org.tomocn.simulate.Phantoms;
import org.tomocn.simulate.TiltSeriesSimulator;

public class HalfSetFscTest {
	private static TiltSeries series(double snr) {
		Volume v = Phantoms.create(PhantomType.SPHERES, 48, 24, 32, 4);
		TiltGeometry g = new TiltGeometry(TiltAngles.range(-60, 2, 60), 48, 24, 32, Double.NaN);
		return TiltSeriesSimulator.simulate(v, g, snr, 9);
	}

	@Test
	public void splitsByViewParity() {
		TiltSeries[] h = HalfSetFsc.split(series(0));
		assertEquals(31, h[0].numViews());
		assertEquals(30, h[1].numViews());
		assertArrayEquals(TiltAngles.range(-60, 4, 60), h[0].geometry().anglesDeg(), 1e-12);
		assertArrayEquals(TiltAngles.range(-58, 4, 58), h[1].geometry().anglesDeg(), 1e-12);
		assertEquals(series(0).projections().get(5, 7, 3), h[1].projections().get(5, 7, 1), 0);
	}

	/**
	 * Without noise the halves agree at low frequency (they differ only by angular sampling);
	 * noise, independent between the halves, lowers their correlation at high frequency.
	 */
	@Test
	public void noiseLowersTheHalfSetCorrelation() {
		WeightedBackProjection wbp = new WeightedBackProjection(RampFilter.ramLak());
		FscResult clean = HalfSetFsc.compute(series(0), wbp, 2, CancelToken.NONE, ProgressListener.NONE).fsc;
		FscResult noisy = HalfSetFsc.compute(series(0.5), wbp, 2, CancelToken.NONE, ProgressListener.NONE).fsc;
		for (int k = 0; k < 4; k++) assertTrue("shell " + (k + 1) + ": " + clean.fsc()[k], clean.fsc()[k] > 0.95);
		double cleanHigh = mean(clean.fsc(), 12, 20), noisyHigh = mean(noisy.fsc(), 12, 20);
		assertTrue(cleanHigh + " vs " + noisyHigh, noisyHigh < cleanHigh - 0.3);
		assertTrue(noisy.resolution(FscResult.THRESHOLD_HALF_SETS).isPresent());
	}

	/**
	 * A dose-symmetric stack (0, +2, -2, +4, -4, ...) with its matching angles: each half must
	 * still hold every other angle of the sorted scheme (issue 13, item 1), not the positive
	 * against the negative tilts that splitting by position in the file would give, and the
	 * FSC must be the one of the same data stored in angle order.
	 */
	@Test
	public void splitsByAngleWhateverTheFileOrder() {
		TiltSeries sorted = series(0.5);
		TiltSeries doseSymmetric = DoseSymmetric.of(sorted);
		assertArrayEquals(new double[] { 0, 2, -2, 4, -4 }, java.util.Arrays.copyOf(doseSymmetric.geometry().anglesDeg(), 5), 0);

		TiltSeries[] h = HalfSetFsc.split(doseSymmetric);
		double[] a0 = h[0].geometry().anglesDeg(), a1 = h[1].geometry().anglesDeg();
		java.util.Arrays.sort(a0);
		java.util.Arrays.sort(a1);
		assertArrayEquals(TiltAngles.range(-60, 4, 60), a0, 1e-12);
		assertArrayEquals(TiltAngles.range(-58, 4, 58), a1, 1e-12);

		WeightedBackProjection wbp = new WeightedBackProjection(RampFilter.ramLak());
		double[] expected = HalfSetFsc.compute(sorted, wbp, 2, CancelToken.NONE, ProgressListener.NONE).fsc.fsc();
		double[] got = HalfSetFsc.compute(doseSymmetric, wbp, 2, CancelToken.NONE, ProgressListener.NONE).fsc.fsc();
		assertArrayEquals(expected, got, 1e-4);
	}

	private static double mean(double[] a, int from, int to) {
		double s = 0;
		for (int i = from; i < to; i++) s += a[i];
		return s / (to - from);
	}

}
