package org.tomocn.cn;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;

import org.junit.Test;
import org.tomocn.core.CancelToken;

/**
 * The point groups of {@link ChunkFitter} ({@link NetworkParameters#pointFraction} below 1):
 * the groups partition the chunk's points, and one pass over them gives the full gradient
 * (each group's estimate is unbiased), also when a group spans several sub-batches and when
 * its sub-batches are shared by two shards ({@link ChunkFit.Spread}).
 */
public class PointGroupsTest {

	@Test
	public void groupsPartitionThePointsAndAverageToTheFullGradient() {
		int nx = 9, nz = 7, j = 2, n = nx * nz * j;
		for (int subBatch : new int[] { 8192, 10 }) for (int shards = 1; shards <= 2; shards++) {
			String what = "sub-batch " + subBatch + ", " + shards + " shard(s)";
			NetworkParameters o = NetworkParameters.of(NetworkParameters.Preset.FAST).withHiddenLayers(2).withHiddenFeatures(16).withPointFraction(0.25).withSeed(3);
			try (NetworkRuntime rt = NetworkRuntime.open(NetworkRunSettings.DeviceChoice.CPU, 1, CancelToken.NONE)) {
				NDManager m = rt.root();
				ChunkFitter f = new ChunkFitter(m, null, nx, nz, o.forData(false, nx), subBatch, 1, 0.1, null, CancelToken.NONE);
				ChunkFitter.PointGroups groups = f.new PointGroups(m, j, shards);
				assertEquals(4, groups.coords.length);
				for (NDArray[] parts : groups.coords) assertEquals(what, 0, parts.length % shards);
				long[] seen = new long[0];
				for (NDArray[] parts : groups.index) for (NDArray idx : parts) {
					assertTrue(what, idx.size() <= subBatch);
					long[] a = idx.toLongArray();
					long[] joined = Arrays.copyOf(seen, seen.length + a.length);
					System.arraycopy(a, 0, joined, seen.length, a.length);
					seen = joined;
				}
				Arrays.sort(seen);
				long[] all = new long[n];
				for (int q = 0; q < n; q++) all[q] = q;
				assertArrayEquals("every point in exactly one group", all, seen);

				Siren net = new Siren(m, SirenWeights.random(3, 2, 16, 30, 1), 30, 1);
				float[] gv = new float[n];
				java.util.Random r = new java.util.Random(2);
				for (int i = 0; i < n; i++) gv[i] = (float) r.nextGaussian();
				NDArray g = NativeArrays.copyOf(m, gv, new Shape(n, 1));
				NDArray[] batches = f.coordinates(m, j, shards);
				assertEquals(what, 0, batches.length % shards);
				NDArray coords = ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(batches));
				assertEquals(what, n, coords.getShape().get(0));
				try (NetworkRuntime.Autograd gc = new NetworkRuntime.Autograd()) {
					gc.backward(net.forward(coords).mul(g).sum());
					float[][] full = gradients(net);
					// accumulates 4 x the full gradient
					for (int k = 0; k < 4; k++) for (int s = 0; s < shards; s++) groups.backward(gc, net, g, k, s);
					float[][] sum = gradients(net);
					for (int p = 0; p < full.length; p++) {
						double scale = 0;
						for (float v : full[p]) scale = Math.max(scale, Math.abs(v));
						for (int i = 0; i < full[p].length; i++) {
							assertEquals(what + ", parameter " + p + "[" + i + "]", 4 * full[p][i], sum[p][i], 1e-4 * 4 * scale);
						}
					}
				}
			}
		}
	}

	/**
	 * Reused values ({@link NetworkParameters#reuseValues}): between full evaluations only the
	 * current group's values are new, the others are those of the last full evaluation; all
	 * are new when the groups start over and after {@code invalidate} (a restore).
	 */
	@Test
	public void reusedValuesAreRefreshedWhenTheGroupsStartOverAndAfterARestore() {
		int nx = 9, nz = 7, j = 2, n = nx * nz * j;
		NetworkParameters o = NetworkParameters.of(NetworkParameters.Preset.FAST).withHiddenLayers(2).withHiddenFeatures(16).withPointFraction(0.25).withSeed(3);
		org.tomocn.core.TiltGeometry g = new org.tomocn.core.TiltGeometry(org.tomocn.io.TiltAngles.range(-60, 20, 60), nx, j, nz, 1.0);
		try (NetworkRuntime rt = NetworkRuntime.open(NetworkRunSettings.DeviceChoice.CPU, 1, CancelToken.NONE)) {
			NDManager m = rt.root();
			ChunkFitter f = new ChunkFitter(m, null, nx, nz, o.forData(false, nx), 8192, 1, 0.1, null, CancelToken.NONE);
			ChunkFitter.PointGroups groups = f.new PointGroups(m, j, 1);
			NDArray[] coords = f.coordinates(m, j, 1);
			Siren net = new Siren(m, SirenWeights.random(3, 2, 16, 30, 1), 30, 1);
			Objective.Bound loss = new HostLoss(new org.tomocn.geometry.Projector(g).matrix(), nx, nz, 0).bind(m, new float[nx * g.numViews() * j], j, Borders.NONE);
			NDArray[] params = net.parameters();
			NDArray lastBias = params[params.length - 1];
			ChunkFitter.ReusedValues reuse = f.new ReusedValues(n);

			reuse.step(net, coords, groups, 0, loss, null);
			float[] v0 = reuse.values();
			assertArrayEquals("the first step evaluates every point", evaluate(net, coords), v0, 1e-6f);

			lastBias.addi(0.5f); // every value moves by 0.5
			reuse.step(net, coords, groups, 1, loss, null);
			float[] v1 = reuse.values();
			boolean[] inGroup1 = new boolean[n];
			for (int[] part : groups.points[1]) for (int q : part) inGroup1[q] = true;
			for (int q = 0; q < n; q++) assertEquals("point " + q + (inGroup1[q] ? " (group 1: new)" : " (reused)"), v0[q] + (inGroup1[q] ? 0.5f : 0f), v1[q], 1e-5f);

			lastBias.addi(0.5f);
			reuse.invalidate();
			reuse.step(net, coords, groups, 2, loss, null);
			assertArrayEquals("after a restore every point is new", evaluate(net, coords), reuse.values(), 1e-6f);

			lastBias.addi(0.5f);
			reuse.step(net, coords, groups, 3, loss, null);
			lastBias.addi(0.5f);
			reuse.step(net, coords, groups, 4, loss, null);
			assertArrayEquals("when the groups start over every point is new", evaluate(net, coords), reuse.values(), 1e-6f);
		}
	}

	private static float[] evaluate(Siren net, NDArray[] coords) {
		return net.forward(ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(coords))).toFloatArray();
	}

	/** The parameters' accumulated gradients, which are then zeroed. */
	private static float[][] gradients(Siren net) {
		NDArray[] ps = net.parameters();
		float[][] out = new float[ps.length][];
		for (int p = 0; p < ps.length; p++) {
			out[p] = ps[p].getGradient().toFloatArray();
			NetworkRuntime.zeroGradient(ps[p]);
		}
		return out;
	}
}
