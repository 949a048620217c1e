package org.tomocn.cn;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.tomocn.io.TiltAngles;
import org.tomocn.core.CancelToken;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.geometry.Projector;

public class ConvergenceGuardTest {

	@Test
	public void decisions() {
		ConvergenceGuard g = new ConvergenceGuard(0.5, 0.2, 0);
		assertTrue(g.stalled(Double.NaN, 0.3, 0.1));
		assertTrue("stuck at the empty-volume loss", g.stalled(0.29, 0.3, 0.35));
		assertTrue("worse than the back-projection", g.stalled(0.05, 0.3, 0.04));
		assertFalse(g.stalled(0.02, 0.3, 0.04));
		assertFalse("an empty chunk's rounding-level loss passes", g.stalled(0.0035, 0.001, 0.001));
		assertTrue("a loss 9x an empty chunk's (spurious density) is refused", g.stalled(0.009, 0.001, 0.001));
		assertTrue("issue 11: 0.0064 against 0.0000 for an empty volume", g.stalled(0.0064, 0.0, 0.0));
		assertTrue("data below the floor are an empty chunk", g.empty(0.003));
		assertFalse(g.empty(0.3));
		assertTrue("zero projections leave nothing to fit", g.nothingToFit(0));
		assertTrue("0.1% of the series' mean: less than any fit's residual", g.nothingToFit(1.9e-4));
		assertFalse("3e-3 of the series' mean (the faintest chunk whose fit was kept) is still fitted", g.nothingToFit(6e-4));
		assertFalse("the measured false stall: 0.001 against 0.0005, series mean 0.05", new ConvergenceGuard(0.5, 0.05, 0).stalled(0.001, 0.0005, 0.0004));
	}

	/**
	 * Issue 14: on noisy data the loss is judged above the noise floor. The refused SNR 0.3
	 * fit (0.111 against 0.148 for an empty volume) passes when the floor is 0.1, a fit that
	 * stays at the empty volume's loss is still refused, and an empty chunk is one whose
	 * data are noise alone.
	 */
	@Test
	public void noisyDataAreJudgedAboveTheNoiseFloor() {
		ConvergenceGuard quiet = new ConvergenceGuard(0.5, 0.2, 0), noisy = new ConvergenceGuard(0.5, 0.2, 0.1);
		assertTrue("without the floor the noisy fit looks stalled", quiet.stalled(0.111, 0.148, 0.13));
		assertFalse(noisy.stalled(0.111, 0.148, 0.13));
		assertTrue("still at the empty volume's loss", noisy.stalled(0.145, 0.148, 0.15));
		assertTrue("worse than the back-projection", noisy.stalled(0.111, 0.148, 0.11));
		assertEquals(0.124, noisy.acceptLoss(0.148, 0.13), 1e-12);
		assertTrue("noise alone is an empty chunk", noisy.empty(0.102));
		assertFalse(noisy.empty(0.148));
	}

	/** The baseline is the back-projection's best-scaled reprojection: below the empty-volume loss for a real object. */
	@Test
	public void backProjectionBaseline() {
		Volume v = TestVolumes.hollowBalls(20, 2, 12, 2, 2, 4, 1.5, 1);
		TiltGeometry g = new TiltGeometry(TiltAngles.range(-60, 5, 60), 20, 2, 12, 1.0);
		Projector p = new Projector(g);
		TiltSeries ts = p.forward(v, 1, CancelToken.NONE);
		float[] proj = new float[20 * g.numViews() * 2];
		for (int k = 0; k < g.numViews(); k++) for (int b = 0; b < 2; b++) for (int u = 0; u < 20; u++) {
			proj[(u + 20 * k) * 2 + b] = ts.projections().get(u, b, k);
		}
		double zero = ConvergenceGuard.zeroLoss(proj), bp = ConvergenceGuard.backProjectionLoss(p.matrix(), proj, 2);
		assertTrue(zero > 0);
		assertTrue("bp " + bp + " zero " + zero, bp < 0.7 * zero);
		assertEquals(0, ConvergenceGuard.backProjectionLoss(p.matrix(), new float[proj.length], 2), 0);
	}
}
