package org.tomocn.recon;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;
import org.tomocn.core.CancelToken;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;
import org.tomocn.io.TiltAngles;

public class SirtTest {
	private static final TiltGeometry G = new TiltGeometry(TiltAngles.range(-60, 2, 60), 64, 20, 48, Double.NaN);

	/** ||b - A x_k|| falls at every iteration, with and without positivity; listener and result agree. */
	@Test
	public void residualFallsEveryIteration() {
		TiltSeries ts = ReconTestData.project(ReconTestData.randomBalls(64, 20, 48, 7), G);
		for (boolean positivity : new boolean[] { false, true }) {
			List<Double> seen = new ArrayList<>();
			Sirt.Result r = new Sirt(12, 1.0, positivity).run(ts, 2, CancelToken.NONE, ProgressListener.NONE, (k, n) -> {
				assertEquals(seen.size(), k);
				seen.add(n);
			});
			double[] res = r.residuals();
			assertEquals(13, res.length);
			double b = 0;
			for (float v : ts.projections().data()) b += (double) v * v;
			assertEquals(Math.sqrt(b), res[0], 1e-6 * res[0]);
			for (int k = 1; k < res.length; k++) {
				assertEquals(seen.get(k), res[k], 0);
				assertTrue("iteration " + k + ": " + res[k] + " >= " + res[k - 1], res[k] < res[k - 1]);
			}
			assertTrue(res[12] < 0.3 * res[0]);
			if (positivity) for (float v : r.volume().data()) assertTrue(v >= 0);
		}
	}

	/**
	 * The SIRT-like WBP filter (RampFilter, N = 10) resembles 10 SIRT iterations more than
	 * plain WBP does: real-space correlation with SIRT measured 0.980 vs 0.940. This checks
	 * the derived step a = mean(1/L) / sum(l) of the filter.
	 */
	@Test
	public void sirtLikeFilterResemblesSirt() {
		TiltSeries ts = ReconTestData.project(ReconTestData.randomBalls(64, 20, 48, 5), G);
		Volume sirt = new Sirt(10, 1, false).reconstruct(ts, 2, CancelToken.NONE, ProgressListener.NONE);
		Volume like = new WeightedBackProjection(new RampFilter(RampFilter.Window.RAM_LAK, 0, 0, 10)).reconstruct(ts, 2, CancelToken.NONE, ProgressListener.NONE);
		Volume plain = new WeightedBackProjection(RampFilter.ramLak()).reconstruct(ts, 2, CancelToken.NONE, ProgressListener.NONE);
		double cLike = correlation(sirt, like), cPlain = correlation(sirt, plain);
		assertTrue(cLike + " vs " + cPlain, cLike > 0.96 && cLike > cPlain + 0.02);
	}

	@Test
	public void parameters() {
		for (Runnable r : new Runnable[] { () -> new Sirt(0, 1, false), () -> new Sirt(5, 0, false), () -> new Sirt(5, 2, false), () -> new Sirt(5, Double.NaN, false) }) {
			try {
				r.run();
				fail();
			}
			catch (TomoInputException e) {
				assertTrue(e.getMessage().contains("iterations") || e.getMessage().contains("relaxation"));
			}
		}
	}

	private static double correlation(Volume a, Volume b) {
		double ab = 0, aa = 0, bb = 0;
		float[] x = a.data(), y = b.data();
		for (int i = 0; i < x.length; i++) {
			ab += (double) x[i] * y[i];
			aa += (double) x[i] * x[i];
			bb += (double) y[i] * y[i];
		}
		return ab / Math.sqrt(aa * bb);
	}
}
