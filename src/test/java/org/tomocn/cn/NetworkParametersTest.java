package org.tomocn.cn;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;
import org.tomocn.core.TomoInputException;

/** The automatic values of {@link NetworkParameters}, fixed per tilt series by {@code forData}. */
public class NetworkParametersTest {

	private static final NetworkParameters FAST = NetworkParameters.of(NetworkParameters.Preset.FAST), FAITHFUL = NetworkParameters.of(NetworkParameters.Preset.FAITHFUL);

	@Test
	public void noiseFreeDataGetTheRecipeWhateverThePreset() {
		for (NetworkParameters p : new NetworkParameters[] { FAST, FAITHFUL }) {
			NetworkParameters r = p.forData(false, 512);
			assertEquals(30, r.omega0().getAsDouble(), 0);
			assertEquals(0, r.overlap().getAsInt());
			assertEquals(0, r.tvLambda().getAsDouble(), 0);
			assertEquals(1, r.pointFraction().getAsDouble(), 0);
			assertTrue(Double.isNaN(r.yStep())); // the recipe's y coordinates
		}
	}

	@Test
	public void fastOnNoisyDataScalesOmega0ToTheWidth() {
		assertEquals(10, FAST.forData(true, 64).omega0().getAsDouble(), 1e-12);
		assertEquals(20, FAST.forData(true, 127).omega0().getAsDouble(), 1e-12);
		assertEquals(30, FAST.forData(true, 512).omega0().getAsDouble(), 0); // at most the recipe's
		assertEquals(10, FAST.forData(true, 32).omega0().getAsDouble(), 0); // at least the value measured at 64 px
		NetworkParameters r = FAST.forData(true, 64);
		assertEquals(1, r.overlap().getAsInt());
		assertEquals(0.15, r.tvLambda().getAsDouble(), 0);
		assertEquals(0.25, r.pointFraction().getAsDouble(), 0);
		assertTrue(Double.isNaN(r.yStep()) && Double.isNaN(FAST.forData(true, 512).yStep())); // the recipe's y coordinates
		assertEquals(1, FAST.withYStep(1).forData(true, 512).yStep(), 0); // as set
		// one slice per network has nothing to overlap
		assertEquals(0, FAST.withSlicesPerNetwork(1).forData(true, 64).overlap().getAsInt());
	}

	@Test
	public void faithfulOnNoisyDataKeepsTheRecipeAndTheAuthorsSmoothness() {
		NetworkParameters r = FAITHFUL.forData(true, 64);
		assertEquals(30, r.omega0().getAsDouble(), 0);
		assertEquals(0, r.overlap().getAsInt());
		assertEquals(0.3, r.tvLambda().getAsDouble(), 0);
		assertEquals(1, r.pointFraction().getAsDouble(), 0);
		assertTrue(Double.isNaN(r.yStep()) && Double.isNaN(FAITHFUL.forData(true, 512).yStep()));
	}

	/**
	 * The warm-started fits' learning rate and iteration bound: the recipe's 1e-4 and the
	 * preset's bound (400 / 100) unless fast fits noise-free data from 128 px of width: up to 256
	 * px 3e-4 for at most 60 iterations (where it measured as good in less time), wider 2e-4 for
	 * at most 100 (at 512 px the bound of 60 cost 2 dB); faithful always keeps the recipe's; a
	 * value set is kept.
	 */
	@Test
	public void warmStartedFitsChangeOnlyWhereItMeasuredBetter() {
		assertEquals(3e-4, FAST.forData(false, 128).learningRateNext().getAsDouble(), 0);
		assertEquals(3e-4, FAST.forData(false, 256).learningRateNext().getAsDouble(), 0);
		assertEquals(2e-4, FAST.forData(false, 257).learningRateNext().getAsDouble(), 0);
		assertEquals(2e-4, FAST.forData(false, 512).learningRateNext().getAsDouble(), 0);
		assertEquals(1e-4, FAST.forData(false, 127).learningRateNext().getAsDouble(), 0);
		assertEquals(1e-4, FAST.forData(true, 512).learningRateNext().getAsDouble(), 0);
		assertEquals(1e-4, FAITHFUL.forData(false, 512).learningRateNext().getAsDouble(), 0);
		assertEquals(5e-4, FAST.withLearningRateNext(5e-4).forData(false, 64).learningRateNext().getAsDouble(), 0);
		assertEquals(false, FAST.learningRateNext().isPresent());
		assertEquals(true, FAST.key().contains("learning_rate_next=auto"));
		assertEquals(true, FAST.forData(false, 256).key().contains("learning_rate_next=3.0E-4"));

		assertEquals(60, FAST.forData(false, 128).iterationsNext().getAsInt());
		assertEquals(60, FAST.forData(false, 256).iterationsNext().getAsInt());
		assertEquals(100, FAST.forData(false, 127).iterationsNext().getAsInt());
		assertEquals(100, FAST.forData(false, 512).iterationsNext().getAsInt());
		assertEquals(true, FAST.forData(false, 512).key().contains("iterations_next=100 "));
		assertEquals(100, FAST.forData(true, 512).iterationsNext().getAsInt());
		assertEquals(400, FAITHFUL.forData(false, 512).iterationsNext().getAsInt());
		assertEquals(400, FAITHFUL.forData(true, 64).iterationsNext().getAsInt());
		assertEquals(100, FAST.withIterationsNext(100).forData(false, 512).iterationsNext().getAsInt());
		assertEquals(false, FAST.iterationsNext().isPresent());
		assertEquals(true, FAST.key().contains("iterations_next=auto"));
		assertEquals(true, FAST.forData(false, 256).key().contains("iterations_next=60 "));
	}

	/** Reused values: automatic with point groups from 128 px of width, never without point groups; a value set is kept. */
	@Test
	public void reusedValuesFromTheWidthWhereTheyMeasuredNoLoss() {
		assertEquals(true, FAST.forData(true, 128).reuseValues().get());
		assertEquals(true, FAST.forData(true, 512).reuseValues().get());
		assertEquals(false, FAST.forData(true, 127).reuseValues().get());
		assertEquals(false, FAST.forData(false, 512).reuseValues().get());
		assertEquals(false, FAITHFUL.forData(true, 512).reuseValues().get());
		assertEquals(false, FAST.withReuseValues(false).forData(true, 512).reuseValues().get());
		assertEquals(true, FAST.withReuseValues(true).forData(true, 64).reuseValues().get());
		assertEquals(true, FAST.key().contains("reuse_values=auto"));
		assertEquals(true, FAST.forData(true, 256).key().contains("reuse_values=true"));
	}

	@Test
	public void valuesSetAreKept() {
		NetworkParameters r = FAST.withOmega0(25).withOverlap(0).withTvLambda(1).withPointFraction(0.5).forData(true, 64);
		assertEquals(25, r.omega0().getAsDouble(), 0);
		assertEquals(0, r.overlap().getAsInt());
		assertEquals(1, r.tvLambda().getAsDouble(), 0);
		assertEquals(0.5, r.pointFraction().getAsDouble(), 0);
		assertFalse(FAST.omega0().isPresent() || FAST.overlap().isPresent());
		assertEquals(true, FAST.key().contains("omega0=auto") && FAST.key().contains("overlap=auto"));
	}

	@Test
	public void badValuesAreRefusedByKey() {
		for (NetworkParameters p : new NetworkParameters[] { FAST.withOmega0(0), FAST.withOverlap(2), FAST.withOverlap(-1) }) {
			try {
				p.validate();
				fail("accepted " + p.key());
			}
			catch (TomoInputException e) {
				assertEquals(true, e.getMessage().startsWith("omega0") || e.getMessage().startsWith("overlap"));
			}
		}
		FAST.validate();
	}
}
