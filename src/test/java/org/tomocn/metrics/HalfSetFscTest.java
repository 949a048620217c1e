package org.tomocn.metrics;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;


import org.junit.Test;
import org.tomocn.core.CancelToken;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.geometry.TiltGeometry;
import org.tomocn.io.TiltAngles;
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

	private static double mean(double[] a, int from, int to) {
		double s = 0;
		for (int i = from; i < to; i++) s += a[i];
		return s / (to - from);
	}

}
