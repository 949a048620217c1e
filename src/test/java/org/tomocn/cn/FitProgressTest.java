package org.tomocn.cn;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.tomocn.core.ProgressListener;

public class FitProgressTest {
	/**
	 * Fits that end on a plateau after a quarter of their bound: the time left counts a
	 * quarter of the bounds still to come, not the whole bounds (which overstated a noisy
	 * 512-px run's time about three times).
	 */
	@Test
	public void timeLeftFollowsTheShareOfTheBoundsTheFinishedFitsRan() throws InterruptedException {
		FitProgress p = new FitProgress(ProgressListener.NONE, 10 * 100);
		assertTrue(Double.isNaN(p.secondsLeft()));
		for (int it = 0; it < 25; it++) p.iteration("fit 1/10", it, 100, 1);
		Thread.sleep(20);
		double before = p.elapsedSeconds() / 25 * 975, left = p.secondsLeft(), after = p.elapsedSeconds() / 25 * 975;
		assertTrue("no fit finished: the whole bounds count, " + left, left >= before && left <= after);
		p.finished(100, 25);
		// 1000 - 100 done (25 ran, 75 unused) = 900 left of the bounds, a quarter of which is expected
		before = p.elapsedSeconds() / 25 * 900 * 0.25;
		left = p.secondsLeft();
		after = p.elapsedSeconds() / 25 * 900 * 0.25;
		assertTrue(before + " <= " + left + " <= " + after, left >= before && left <= after);
		assertEquals(0.1, p.fraction(), 1e-12);
	}

	/** faithful with over an hour to go gets a note naming fast; fast, or a short run, none. */
	@Test
	public void longFaithfulRunsAreToldAboutFast() {
		String a = ChunkRunner.lengthAdvice(NetworkParameters.Preset.FAITHFUL, 5.5 * 3600);
		assertTrue(a, a.contains("5.5 h") && a.contains("preset=fast"));
		assertNull(ChunkRunner.lengthAdvice(NetworkParameters.Preset.FAITHFUL, 1800));
		assertNull(ChunkRunner.lengthAdvice(NetworkParameters.Preset.FAST, 5.5 * 3600));
		assertNull(ChunkRunner.lengthAdvice(NetworkParameters.Preset.FAITHFUL, Double.NaN));
	}
}
