package org.tomocn.cn;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** The per-iteration decisions of a fit, without PyTorch. */
public class FitScheduleTest {

	/** window 0: the recipe's schedule, held for half the iterations, decayed 10x log-linearly, never stopped early. */
	@Test
	public void fixedScheduleIsTheRecipes() {
		FitSchedule s = new FitSchedule(1e-3, 10, 400, 0, 0.01, 0.1, Double.POSITIVE_INFINITY, Double.NaN);
		for (int it = 0; it < 400; it++) {
			assertEquals(FitSchedule.Action.STEP, s.next(it, 0.5));
			if (it < 200) assertEquals(1e-3, s.learningRate(), 1e-15);
			if (it == 300) assertTrue(s.learningRate() < 1e-3 && s.learningRate() > 1e-4);
		}
		assertEquals(1e-4, s.learningRate(), 1e-12);
		assertEquals(FitSchedule.Action.STOP, s.next(400, 0.5));
		assertEquals("iteration limit", s.stopReason());
	}

	/** A flat loss: the decay starts after the first window and the fit ends after the next. */
	@Test
	public void plateauStartsTheDecayThenStops() {
		FitSchedule s = new FitSchedule(1e-3, 10, 1000, 50, 0.01, 0.1, Double.POSITIVE_INFINITY, Double.NaN);
		int it = 0;
		FitSchedule.Action a;
		double[] lr = new double[1000];
		while ((a = s.next(it, 0.2)) == FitSchedule.Action.STEP) lr[it++] = s.learningRate();
		assertEquals(FitSchedule.Action.STOP, a);
		assertEquals("loss converged", s.stopReason());
		assertEquals(100, it);
		assertEquals(1e-3, lr[49], 1e-15);
		assertTrue("decaying after the plateau: " + lr[99], lr[99] < 2e-4);
	}

	/** A loss that keeps falling by more than the tolerance runs to the bound. */
	@Test
	public void improvingLossRunsToTheBound() {
		FitSchedule s = new FitSchedule(1e-3, 10, 500, 50, 0.01, 0.1, Double.POSITIVE_INFINITY, Double.NaN);
		for (int it = 0; it < 500; it++) assertEquals("iteration " + it, FitSchedule.Action.STEP, s.next(it, 1.0 / (1 + it)));
		assertEquals(FitSchedule.Action.STOP, s.next(500, 0.001));
		assertEquals("iteration limit", s.stopReason());
	}

	/** A non-finite or exploding loss asks for a rollback and halves the rate; too many recoveries stop the fit restored. */
	@Test
	public void divergenceRollsBackThenGivesUp() {
		FitSchedule s = new FitSchedule(1e-3, 10, 1000, 0, 0.01, 0.1, Double.POSITIVE_INFINITY, Double.NaN);
		assertEquals(FitSchedule.Action.STEP, s.next(0, 0.3));
		assertEquals(FitSchedule.Action.STEP, s.next(1, 0.1));
		assertEquals(FitSchedule.Action.ROLLBACK, s.next(2, Double.NaN));
		assertEquals(FitSchedule.Action.STEP, s.next(3, 0.1));
		assertEquals(0.5e-3, s.learningRate(), 1e-15);
		assertEquals("a spike of 0.08 -> 1.86 as in bin/demo", FitSchedule.Action.ROLLBACK, s.next(4, 1.86));
		assertEquals(FitSchedule.Action.STEP, s.next(5, 0.3));
		assertEquals(0.25e-3, s.learningRate(), 1e-15);
		for (int k = 3; k <= FitSchedule.MAX_RECOVERIES; k++) assertEquals(FitSchedule.Action.ROLLBACK, s.next(5 + k, Double.POSITIVE_INFINITY));
		assertEquals(FitSchedule.Action.STOP_RESTORED, s.next(20, Double.NaN));
		assertTrue(s.stopReason(), s.stopReason().startsWith("diverged"));
	}

	/** An empty chunk's rounding-level losses may grow several-fold without counting as divergence. */
	@Test
	public void roundingLevelLossesAreNoDivergence() {
		FitSchedule s = new FitSchedule(1e-3, 10, 100, 0, 0.01, 0.1, Double.POSITIVE_INFINITY, Double.NaN);
		assertEquals(FitSchedule.Action.STEP, s.next(0, 1e-4));
		assertEquals(FitSchedule.Action.STEP, s.next(1, 2e-3));
		assertEquals(0, s.recoveries());
	}

	/** A fit stuck above the loss the guard accepts is not stopped by a plateau: it keeps its budget at the held rate. */
	@Test
	public void noPlateauStopAboveTheAcceptableLoss() {
		FitSchedule s = new FitSchedule(1e-3, 10, 1000, 50, 0.01, 0.1, 0.1, Double.NaN);
		for (int it = 0; it < 400; it++) {
			assertEquals(FitSchedule.Action.STEP, s.next(it, 0.2));
			assertEquals("held while stuck", 1e-3, s.learningRate(), 1e-15);
		}
		int it = 400;
		while (s.next(it, 0.05) == FitSchedule.Action.STEP) it++;
		assertEquals("loss converged", s.stopReason());
		assertTrue("a plateau below the acceptable loss ends the fit: " + it, it < 700);
	}

	/** A fit still above the acceptable loss after the first window restarts from its initial state at 0.3x the rate, at most twice. */
	@Test
	public void stallRestartsAtALowerRate() {
		FitSchedule s = new FitSchedule(1e-3, 10, 2000, 200, 0.01, 0.1, 0.07, 0.14);
		int it = 0;
		FitSchedule.Action a;
		while ((a = s.next(it, 0.09)) == FitSchedule.Action.STEP) it++;
		assertEquals(FitSchedule.Action.RESTART, a);
		assertEquals(200, it);
		it++;
		assertEquals(FitSchedule.Action.STEP, s.next(it, 0.19));
		assertEquals(3e-4, s.learningRate(), 1e-15);
		while ((a = s.next(++it, 0.01)) == FitSchedule.Action.STEP) assertTrue(it < 2000);
		assertEquals(FitSchedule.Action.STOP, a);
		assertEquals(1, s.restarts());
		FitSchedule empty = new FitSchedule(1e-3, 10, 400, 40, 0.01, 0.1, 0.002, 0.0001);
		int k = 0;
		while ((a = empty.next(k, 0.0005)) == FitSchedule.Action.STEP) k++;
		assertEquals("an empty chunk never stalls, it ends early", FitSchedule.Action.STOP, a);
		assertEquals(0, empty.restarts());
		assertTrue(k < 100);
	}

	/**
	 * After a rollback the restored state re-descends from above the fit's best loss; that is no
	 * plateau. Seen at 256 px: a warm-started fit exploded at iteration 2, came back at half the
	 * rate still above its starting loss for two windows, and was ended after 21 iterations at 3-4x
	 * its neighbours' loss.
	 */
	@Test
	public void noPlateauAcrossARollback() {
		FitSchedule s = new FitSchedule(2e-4, 10, 100, 10, 0.01, 0.01, Double.POSITIVE_INFINITY, Double.NaN);
		assertEquals(FitSchedule.Action.STEP, s.next(0, 0.002));
		assertEquals(FitSchedule.Action.STEP, s.next(1, 0.0021));
		assertEquals(FitSchedule.Action.ROLLBACK, s.next(2, 0.03));
		int it = 3;
		for (double loss = 0.004; it < 60; it++, loss *= 0.97) {
			assertEquals("iteration " + it, FitSchedule.Action.STEP, s.next(it, loss));
			if (it == 25) assertEquals("still held: the loss falls 3% per iteration", 1e-4, s.learningRate(), 1e-15);
		}
		assertEquals(1, s.recoveries());
	}
}
