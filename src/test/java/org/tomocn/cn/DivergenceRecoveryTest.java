package org.tomocn.cn;

import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;
import org.tomocn.io.TiltAngles;
import org.tomocn.core.CancelToken;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.Volume;
import org.tomocn.geometry.Projector;

/**
 * Issue 11: a fit forced to diverge (an absurd learning rate, 1,000 times the recipe's) is
 * caught at the iteration it happens, restored to its last good state and continued at a
 * lower rate; it never iterates on a non-finite or exploded loss. (At such a rate the fit
 * does not become good, it becomes finite and better than an empty volume; a stalled fit is
 * then the convergence guard's business.) The same holds for a fit split into two shards
 * with a helper thread ({@link ChunkFit.Spread}), whose restores must reach both copies of the
 * network.
 */
public class DivergenceRecoveryTest {

	@Test
	public void absurdLearningRateIsRecovered() {
		for (int shards = 1; shards <= 2; shards++) absurdLearningRateIsRecovered(shards);
	}

	private void absurdLearningRateIsRecovered(int shards) {
		int nx = 32, nz = 16, j = 2;
		Volume truth = TestVolumes.hollowBalls(nx, j, nz, 2, 2, 4, 1.5, 3);
		TiltGeometry g = new TiltGeometry(TiltAngles.range(-60, 4, 60), nx, j, nz, 1.0);
		Projector pr = new Projector(g);
		Volume p = pr.forward(truth, 1, CancelToken.NONE).projections();
		int nv = g.numViews();
		float[] proj = new float[nx * nv * j];
		float max = 0;
		for (float v : p.data()) max = Math.max(max, Math.abs(v));
		for (int k = 0; k < nv; k++) for (int b = 0; b < j; b++) for (int u = 0; u < nx; u++) proj[(u + nx * k) * j + b] = p.get(u, b, k) / max;
		double zero = ConvergenceGuard.zeroLoss(proj);
		double lr = 1; // 1,000 times the recipe's first-chunk rate
		List<double[]> history = new ArrayList<>();
		List<double[]> recoveries = new ArrayList<>();
		try (NetworkRuntime rt = NetworkRuntime.open(NetworkRunSettings.DeviceChoice.CPU, 2, CancelToken.NONE)) {
			java.util.concurrent.ExecutorService helper = ChunkRunner.lane(rt::onWorkerThread, "helper");
			NetworkParameters o = NetworkParameters.of(NetworkParameters.Preset.FAITHFUL).withHiddenLayers(2).withHiddenFeatures(64).withPlateauWindow(0);
			ChunkFitter f = new ChunkFitter(rt.root(), new HostLoss(pr.matrix(), nx, nz, 0), nx, nz, o.forData(false, nx), NetworkRunSettings.defaults().subBatch(64), 1.0 / nz, zero, null, CancelToken.NONE);
			ChunkFit.Result r = f.fit(SirenWeights.random(3, 2, 64, 30, 5), proj, j, Borders.NONE, new ChunkFit.Spread(shards, helper), 300, lr, Double.POSITIVE_INFINITY, Double.NaN, new ChunkFit.IterationListener() {
				@Override
				public void iteration(int it, int n, double loss) {
					history.add(new double[] { it, loss });
				}

				@Override
				public void recovered(int it, double loss, int restoredFrom, double backoff) {
					recoveries.add(new double[] { it, loss, restoredFrom, backoff });
				}
			});
			helper.shutdown();
			System.out.println(shards + " shard(s):");
			for (double[] rc : recoveries) System.out.println("recovery at " + (int) rc[0] + ": loss " + rc[1] + ", restored " + (int) rc[2] + ", x" + rc[3]);
			System.out.println("final loss " + r.loss + " zero " + zero + " after " + r.iterations + " (" + r.stopReason + ")");
			assertTrue("the absurd rate should have diverged at least once", recoveries.size() >= 1);
			for (double[] h : history) assertTrue("iterated on a non-finite loss at " + h[0], Double.isFinite(h[1]));
			for (double[] rc : recoveries) {
				assertTrue("restored an earlier state", rc[2] < rc[0]);
				for (double[] h : history) if (h[0] == rc[2]) assertTrue("the restored state was good", h[1] < rc[1] || !Double.isFinite(rc[1]));
			}
			assertTrue("final loss finite and below the empty volume's: " + r.loss + " vs " + zero, r.loss < zero);
			assertTrue("below the first diverged loss", r.loss < recoveries.get(0)[1]);
			assertTrue("the rate was lowered per recovery", recoveries.get(recoveries.size() - 1)[3] == Math.pow(0.5, recoveries.size()));
		}
	}
}
