package org.tomocn.cn;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;
import org.tomocn.core.ProgressListener;

public class FitProgressTest {
	/**
	 * The time left from each kind of fit's own cost per iteration and the share of their
	 * bounds the finished fits ran. A plan of 10 chunks: three steps alone (bounds 1000, 100,
	 * 100), eight in the chains (100 each). The clock is the test's.
	 */
	@Test
	public void timeLeftFollowsEachKindOfFitsCostAndTheShareOfTheBoundsRan() {
		ChunkPlan plan = new ChunkPlan(0, 20, 2, 0);
		NetworkParameters params = NetworkParameters.of(NetworkParameters.Preset.FAST).forData(false, 64);
		AtomicLong now = new AtomicLong();
		FitProgress p = new FitProgress(ProgressListener.NONE, plan, params::iterationBound, 1, 0.5, now::get);
		List<ChunkPlan.Step> s = plan.steps;
		assertTrue(Double.isNaN(p.secondsLeft()));
		// the first fit: 100 iterations of 0.1 s; before any chain iteration, a chain iteration is modelled as 0.5 of it
		for (int it = 0; it < 100; it++) {
			now.addAndGet(100_000_000L);
			p.iteration(s.get(0), "fit 1/11", it, 1000, 1);
		}
		assertEquals("no fit finished: the whole bounds count", 1100 * 0.1 + 800 * 0.05, p.secondsLeft(), 1e-9);
		// it ends on a plateau at 400; the next two alone steps run their 100
		for (int it = 100; it < 400; it++) {
			now.addAndGet(100_000_000L);
			p.iteration(s.get(0), "fit 1/11", it, 1000, 1);
		}
		p.finished(s.get(0), 1000, 400);
		for (int k = 1; k < 3; k++) {
			for (int it = 0; it < 100; it++) {
				now.addAndGet(100_000_000L);
				p.iteration(s.get(k), "fit", it, 100, 1);
			}
			p.finished(s.get(k), 100, 100);
		}
		// half the alone bounds ran (600 of 1200): 800 chain iterations at the model's 0.05 s, half of them expected
		assertEquals(800 * 0.05 * 0.5, p.secondsLeft(), 1e-9);
		// the chains measure their own cost once they have run CHAIN_SAMPLE iterations: 0.02 s here
		for (int it = 0; it < 30; it++) {
			now.addAndGet(20_000_000L);
			p.iteration(s.get(3 + it % 2), "fit", it / 2, 100, 1);
		}
		assertEquals(770 * 0.02 * 0.5, p.secondsLeft(), 1e-9);
		assertEquals((1200 - 600 + 600 + 30) / 2000.0, p.fraction(), 1e-12);
	}

	/** The model of a chain iteration's cost against an alone step's (FitProgress.chainCostRatio). */
	@Test
	public void chainsCostWhatTheirPointGroupsSave() {
		assertEquals("every point: the same work", 1, FitProgress.chainCostRatio(1, false), 1e-12);
		assertEquals("a quarter back-propagated, every point evaluated by both", 1, FitProgress.chainCostRatio(0.25, false), 1e-12);
		assertEquals("a quarter, values reused: (7/16 + 1/2) / (3/2)", 0.625, FitProgress.chainCostRatio(0.25, true), 1e-12);
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
