package org.tomocn.cn;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Random;

import org.junit.Test;
import org.tomocn.io.TiltAngles;
import org.tomocn.core.CancelToken;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.geometry.Projector;
import org.tomocn.core.TiltGeometry;
import org.tomocn.simulate.PhantomType;
import org.tomocn.simulate.Phantoms;
import org.tomocn.simulate.TiltSeriesSimulator;

public class NoiseLevelTest {

	/** Pure Gaussian noise: the estimate is its deviation within 3%, and the series counts as noisy. */
	@Test
	public void whiteNoise() {
		Volume v = new Volume(64, 48, 5, 1.0);
		Random r = new Random(1);
		for (int i = 0; i < v.data().length; i++) v.data()[i] = (float) (0.7 * r.nextGaussian());
		NoiseLevel n = NoiseLevel.of(v);
		assertEquals(0.7, n.sigma, 0.03 * 0.7);
		assertTrue(n.noisy());
		assertEquals(0.7 * Math.sqrt(2 / Math.PI), n.meanAbsolute(), 0.03);
	}

	/**
	 * Simulated tilt series of every phantom: noise-free they are not noisy (estimated
	 * SNR far above 100); at the simulator's SNR 1, 0.3 and 0.1 the estimated SNR is within a
	 * factor 1.5 of the true one.
	 */
	@Test
	public void simulatedSeries() {
		for (PhantomType p : PhantomType.values()) {
			Volume truth = Phantoms.create(p, 48, 40, 24, 3);
			TiltGeometry g = new TiltGeometry(TiltAngles.range(-60, 3, 60), 48, 40, 24, 1.0);
			NoiseLevel clean = NoiseLevel.of(TiltSeriesSimulator.simulate(truth, g, 0, 1, 1, CancelToken.NONE).projections());
			assertFalse(p + ": " + clean, clean.noisy());
			TiltSeries raw = new Projector(g).forward(truth, 1, CancelToken.NONE);
			assertFalse(p + " raw: " + NoiseLevel.of(raw.projections()), NoiseLevel.of(raw.projections()).noisy());
			for (double snr : new double[] { 1, 0.3, 0.1 }) {
				NoiseLevel n = NoiseLevel.of(TiltSeriesSimulator.simulate(truth, g, snr, 5, 1, CancelToken.NONE).projections());
				assertTrue(p + " SNR " + snr + ": " + n, n.noisy());
				assertTrue(p + " SNR " + snr + ": " + n, n.snr() > snr / 1.5 && n.snr() < snr * 1.5);
			}
		}
	}
}
