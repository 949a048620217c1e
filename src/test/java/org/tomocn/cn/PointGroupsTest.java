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
