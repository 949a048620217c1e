package org.tomocn.cn;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.tomocn.core.CancelToken;
import org.tomocn.core.CancelledException;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.Volume;
import org.tomocn.geometry.Projector;
import org.tomocn.io.TiltAngles;

/**
 * A fit whose points are split into two shards ({@link ChunkFit.Spread}): with a helper thread
 * it gives exactly the result it gives on one thread (so the volume does not depend on the
 * lanes), its update is the unsplit fit's up to rounding (the gradients of the two copies of
 * the network add up to the whole chunk's), with whole sub-batches, several sub-batches per
 * shard and point groups; and a failure on either thread stops the fit.
 */
public class ShardedFitTest {
	private static final int NX = 32, NZ = 16, J = 2;

	private static float[] projections() {
		Volume truth = TestVolumes.hollowBalls(NX, J, NZ, 2, 2, 4, 1.5, 3);
		TiltGeometry g = geometry();
		Volume p = new Projector(g).forward(truth, 1, CancelToken.NONE).projections();
		int nv = g.numViews();
		float max = 0;
		for (float v : p.data()) max = Math.max(max, Math.abs(v));
		float[] proj = new float[NX * nv * J];
		for (int k = 0; k < nv; k++) for (int b = 0; b < J; b++) for (int u = 0; u < NX; u++) proj[(u + NX * k) * J + b] = p.get(u, b, k) / max;
		return proj;
	}

	private static TiltGeometry geometry() {
		return new TiltGeometry(TiltAngles.range(-60, 4, 60), NX, J, NZ, 1.0);
	}

	private static ChunkFit.Result fit(NetworkRuntime rt, NetworkParameters o, int subBatch, float[] proj, ChunkFit.Spread spread, int iterations, CancelToken cancel) {
		return fit(rt, o, 0, subBatch, proj, spread, iterations, cancel);
	}

	/** @param tv the smoothness weight on the network's own output (as the engine passes it: {@code tv_lambda / scale^2}) */
	private static ChunkFit.Result fit(NetworkRuntime rt, NetworkParameters o, double tv, int subBatch, float[] proj, ChunkFit.Spread spread, int iterations,
		CancelToken cancel)
	{
		ChunkFitter f = new ChunkFitter(rt.root(), new HostLoss(new Projector(geometry()).matrix(), NX, NZ, tv * NZ * NZ), NX, NZ, o.forData(false, NX), subBatch, 1.0 / NZ,
			ConvergenceGuard.zeroLoss(proj), null, cancel);
		return f.fit(SirenWeights.random(3, 2, 32, 30, 4), proj, J, Borders.NONE, spread, iterations, 1e-4, Double.POSITIVE_INFINITY, Double.NaN, (it, n, loss) -> {
			if (it == 5) cancel.check(); // lets a test cancel from the listener's thread too
		});
	}

	private static ExecutorService helper(NetworkRuntime rt) {
		return ChunkRunner.lane(rt::onWorkerThread, "helper");
	}

	@Test
	public void aHelperGivesTheOneThreadResultAndTheShardsAddUpToTheWholeGradient() throws InterruptedException {
		assertTrue("the chunk is large enough to be split", NX * NZ * J >= ChunkFitter.MIN_SHARDED_POINTS);
		float[] proj = projections();
		NetworkParameters base = NetworkParameters.of(NetworkParameters.Preset.FAST).withHiddenLayers(2).withHiddenFeatures(32).withPlateauWindow(0).withSeed(2);
		try (NetworkRuntime rt = NetworkRuntime.open(NetworkRunSettings.DeviceChoice.CPU, 1, CancelToken.NONE)) {
			ExecutorService helper = helper(rt);
			try {
				// whole sub-batches (graph kept), three sub-batches a shard, point groups
				Object[][] cases = { { base, 1 << 16 }, { base, 200 }, { base.withPointFraction(0.25), 1 << 16 } };
				for (Object[] c : cases) {
					NetworkParameters o = (NetworkParameters) c[0];
					int subBatch = (Integer) c[1];
					String what = "sub-batch " + subBatch + (o.pointFraction().isPresent() ? ", point fraction " + o.pointFraction().getAsDouble() : ", all points");
					ChunkFit.Result alone = fit(rt, o, subBatch, proj, new ChunkFit.Spread(2, null), 30, CancelToken.NONE);
					ChunkFit.Result helped = fit(rt, o, subBatch, proj, new ChunkFit.Spread(2, helper), 30, CancelToken.NONE);
					assertArrayEquals(what + ": values", alone.values, helped.values, 0f);
					for (int k = 0; k < alone.weights.weights.length; k++) assertArrayEquals(what + ": weights " + k, alone.weights.weights[k], helped.weights.weights[k], 0f);
					assertEquals(what + ": loss", alone.loss, helped.loss, 0);
					// and 30 updates stay on the unsplit fit's path (the copy follows every update)
					ChunkFit.Result whole = fit(rt, o, subBatch, proj, ChunkFit.Spread.NONE, 30, CancelToken.NONE);
					System.out.println(what + ": loss after 30 iterations " + whole.loss + " whole, " + helped.loss + " in two shards");
					assertEquals(what + ": loss after 30 iterations", whole.loss, helped.loss, 0.01 * whole.loss);

					// one update: the two shards' gradients are the whole chunk's (rounding apart)
					ChunkFit.Result whole1 = fit(rt, o, subBatch, proj, ChunkFit.Spread.NONE, 1, CancelToken.NONE);
					ChunkFit.Result split1 = fit(rt, o, subBatch, proj, new ChunkFit.Spread(2, helper), 1, CancelToken.NONE);
					float range = 0;
					for (float v : whole1.values) range = Math.max(range, Math.abs(v));
					assertArrayEquals(what + ": one update", whole1.values, split1.values, 1e-4f * range);
					float[] before = fit(rt, o, subBatch, proj, ChunkFit.Spread.NONE, 0, CancelToken.NONE).values;
					double moved = 0;
					for (int i = 0; i < before.length; i++) moved = Math.max(moved, Math.abs(whole1.values[i] - before[i]));
					assertTrue(what + ": the update moved the values by more than the tolerance (" + moved + ")", moved > 1e-3 * range);
				}
			}
			finally {
				helper.shutdown();
				assertTrue(helper.awaitTermination(10, TimeUnit.SECONDS));
			}
		}
	}

	/**
	 * Reused values ({@link NetworkParameters#reuseValues}) change the fit only by the age of
	 * the values outside the current point group: 30 iterations end within 2% of the exact
	 * point groups' loss, and not at exactly the same values (the reuse is in effect: with the
	 * smoothness term on, as on noisy data, since the L1 data term's gradient depends on the
	 * values only through the residuals' signs); in two shards (a fit that runs alone) every
	 * point is evaluated, exactly as without reuse.
	 */
	@Test
	public void reusedValuesFollowTheExactPointGroups() {
		float[] proj = projections();
		NetworkParameters groups = NetworkParameters.of(NetworkParameters.Preset.FAST).withHiddenLayers(2).withHiddenFeatures(32).withPlateauWindow(0).withSeed(2)
			.withPointFraction(0.25);
		try (NetworkRuntime rt = NetworkRuntime.open(NetworkRunSettings.DeviceChoice.CPU, 1, CancelToken.NONE)) {
			for (int subBatch : new int[] { 1 << 16, 100 }) {
				ChunkFit.Result exact = fit(rt, groups.withReuseValues(false), 0.3, subBatch, proj, ChunkFit.Spread.NONE, 30, CancelToken.NONE);
				ChunkFit.Result reused = fit(rt, groups.withReuseValues(true), 0.3, subBatch, proj, ChunkFit.Spread.NONE, 30, CancelToken.NONE);
				System.out.println("sub-batch " + subBatch + ": loss after 30 iterations " + exact.loss + " exact, " + reused.loss + " with reused values");
				assertEquals("sub-batch " + subBatch, exact.loss, reused.loss, 0.02 * exact.loss);
				assertTrue("sub-batch " + subBatch + ": the reuse changed the path", !java.util.Arrays.equals(exact.values, reused.values));
				ChunkFit.Result alone = fit(rt, groups.withReuseValues(false), 0.3, subBatch, proj, new ChunkFit.Spread(2, null), 30, CancelToken.NONE);
				ChunkFit.Result aloneReused = fit(rt, groups.withReuseValues(true), 0.3, subBatch, proj, new ChunkFit.Spread(2, null), 30, CancelToken.NONE);
				assertArrayEquals("sub-batch " + subBatch + ": fits that run alone evaluate every point", alone.values, aloneReused.values, 0f);
			}
		}
	}

	/** The helper's thread sees the cancel first (it cancels before its share of the first iteration): the fit stops there and says so. */
	@Test
	public void aFailureOnTheHelperStopsTheFitAndTheHelperStaysUsable() throws Exception {
		float[] proj = projections();
		NetworkParameters o = NetworkParameters.of(NetworkParameters.Preset.FAST).withHiddenLayers(2).withHiddenFeatures(32).withPlateauWindow(0).withSeed(2);
		try (NetworkRuntime rt = NetworkRuntime.open(NetworkRunSettings.DeviceChoice.CPU, 1, CancelToken.NONE)) {
			ExecutorService pool = helper(rt);
			try {
				for (int subBatch : new int[] { 1 << 16, 200 }) {
					CancelToken cancel = new CancelToken();
					java.util.concurrent.Executor cancelling = task -> pool.execute(() -> {
						cancel.cancel();
						task.run();
					});
					try {
						fit(rt, o, subBatch, proj, new ChunkFit.Spread(2, cancelling), 30, cancel);
						fail("a cancelled fit must stop");
					}
					catch (CancelledException expected) {
						// thrown here whichever thread saw it first
					}
					assertEquals("nothing of the stopped fit is left on the helper", "free", pool.submit(() -> "free").get(10, TimeUnit.SECONDS));
				}
			}
			finally {
				pool.shutdown();
			}
		}
	}
}
