package org.tomocn.simulate;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;

import org.junit.BeforeClass;
import org.junit.Test;
import org.tomocn.core.CancelToken;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;
import org.tomocn.geometry.Projector;
import org.tomocn.io.TiltAngles;

public class TiltSeriesSimulatorTest {
	private static Volume phantom;

	@BeforeClass
	public static void makePhantom() {
		phantom = Phantoms.create(PhantomType.SPHERES, 48, 40, 24, 3, 2, CancelToken.NONE);
		phantom.setPixelSize(4.5);
	}

	@Test
	public void projectionsAreNormalisedToTheUnitIntervalAndMatchTheProjector() {
		TiltGeometry g = TiltSeriesSimulator.geometry(phantom, TiltAngles.range(-60, 3, 60));
		assertEquals(4.5, g.pixelSize(), 0);
		TiltSeries ts = TiltSeriesSimulator.simulate(phantom, g, 0, 1, 2, CancelToken.NONE);
		assertEquals(41, ts.numViews());
		assertEquals(4.5, ts.projections().pixelSize(), 0);
		float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
		for (float f : ts.projections().data()) {
			min = Math.min(min, f);
			max = Math.max(max, f);
		}
		assertEquals(1f, max, 0f);
		assertTrue(min >= 0f);
		// raw = stored * scale, against the shared projector
		float[] raw = new Projector(g).forward(phantom, 1, CancelToken.NONE).projections().data();
		float rawMax = 0;
		for (float f : raw) rawMax = Math.max(rawMax, f);
		assertEquals(rawMax, ts.scale(), 1e-6 * rawMax);
		float[] stored = ts.projections().data();
		for (int i = 0; i < raw.length; i++) assertEquals(raw[i], stored[i] * ts.scale(), 1e-5 * rawMax);
		// the volume is untouched
		assertEquals(1f, max(phantom.data()), 0f);
	}

	@Test
	public void noiseHasTheRequestedSnr() {
		TiltGeometry g = TiltSeriesSimulator.geometry(phantom, TiltAngles.range(-60, 2, 60));
		float[] clean = TiltSeriesSimulator.simulate(phantom, g, 0, 1, 2, CancelToken.NONE).projections().data();
		for (double snr : new double[] { 0.1, 1, 10 }) {
			TiltSeries noisy = TiltSeriesSimulator.simulate(phantom, g, snr, 5, 2, CancelToken.NONE);
			float[] d = noisy.projections().data();
			double[] noise = new double[d.length];
			for (int i = 0; i < d.length; i++) noise[i] = d[i] - clean[i];
			double measured = variance(clean) / variance(noise);
			assertEquals("snr " + snr, snr, measured, 0.1 * snr);
			assertEquals(0, mean(noise), 0.05 * Math.sqrt(variance(noise)));
		}
	}

	@Test
	public void noiseIsSeededAndIndependentOfThreads() {
		TiltGeometry g = TiltSeriesSimulator.geometry(phantom, new double[] { -30, 0, 30 });
		float[] a = TiltSeriesSimulator.simulate(phantom, g, 2, 11, 1, CancelToken.NONE).projections().data();
		float[] b = TiltSeriesSimulator.simulate(phantom, g, 2, 11, 2, CancelToken.NONE).projections().data();
		float[] c = TiltSeriesSimulator.simulate(phantom, g, 2, 12, 2, CancelToken.NONE).projections().data();
		assertArrayEquals(a, b, 0f);
		assertFalse(Arrays.equals(a, c));
	}

	@Test
	public void mismatchedGeometryAndEmptyVolumeAreRejected() {
		TiltGeometry wrong = new TiltGeometry(new double[] { 0 }, 48, 40, 20, Double.NaN);
		expectInputError(() -> TiltSeriesSimulator.simulate(phantom, wrong, 0, 1), "48 x 40 x 20");
		Volume empty = new Volume(16, 16, 16, 1);
		expectInputError(() -> TiltSeriesSimulator.simulate(empty, TiltSeriesSimulator.geometry(empty, TiltAngles.range(-60, 2, 60)), 0, 1), "all zero");
	}

	private static void expectInputError(Runnable r, String part) {
		try {
			r.run();
			fail("expected a TomoInputException mentioning " + part);
		}
		catch (TomoInputException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(part));
		}
	}

	private static float max(float[] d) {
		float m = -Float.MAX_VALUE;
		for (float f : d) m = Math.max(m, f);
		return m;
	}

	private static double mean(double[] d) {
		double s = 0;
		for (double f : d) s += f;
		return s / d.length;
	}

	private static double variance(double[] d) {
		double m = mean(d), s = 0;
		for (double f : d) s += (f - m) * (f - m);
		return s / d.length;
	}

	private static double variance(float[] d) {
		double[] x = new double[d.length];
		for (int i = 0; i < d.length; i++) x[i] = d[i];
		return variance(x);
	}
}
