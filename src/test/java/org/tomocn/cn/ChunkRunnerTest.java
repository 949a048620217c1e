package org.tomocn.cn;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;
import org.tomocn.io.TiltAngles;
import org.tomocn.core.CancelToken;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;
import org.tomocn.geometry.Projector;
import org.tomocn.geometry.SparseMatrix;
import org.tomocn.core.TiltGeometry;

/**
 * The chunk loop, stitching, warm starts, the guard's retries and resume, with a fake
 * network instead of PyTorch (milliseconds per test). The fake "fits" a chunk by the
 * scaled back-projection of its own projections, row by row, so the right answer for every
 * output row is known whatever chunk it came from.
 */
public class ChunkRunnerTest {
	/** Work folders of the resume and checkpoint tests, deleted after each test. */
	@org.junit.Rule
	public final org.junit.rules.TemporaryFolder tmp = new org.junit.rules.TemporaryFolder();

	/** A fake fit's geometry: the product's projection matrix of one y row, plain coordinates as inputs. */
	abstract static class ProjectorFit implements ChunkFit {
		final SparseMatrix a;
		final int nx, nz;

		ProjectorFit(TiltGeometry g) {
			a = new Projector(g).matrix();
			nx = g.width();
			nz = g.thickness();
		}

		@Override
		public int inputs() {
			return 3;
		}
	}

	/**
	 * A fit without a network: values = 0.01 A^T p per row, reported as a good fit (half the
	 * loss the guard accepts or the empty volume's, whichever is lower); records what it was given.
	 */
	static final class FakeFit extends ProjectorFit {
		final List<SirenWeights> inits = new ArrayList<>();
		final List<SirenWeights> results = new ArrayList<>();
		final List<Double> rates = new ArrayList<>();
		final List<Borders> borders = new ArrayList<>();
		/** Calls that return a stalled fit (the empty volume's loss) before fitting for real. */
		int stallsLeft;
		/** When set, a chunk without signal gets this constant density (as a fit that carried density over), with its true loss. */
		float constant = Float.NaN;

		FakeFit(TiltGeometry g) {
			super(g);
		}

		@Override
		public Result fit(SirenWeights init, float[] proj, int j, Borders borders, Spread spread, int iterations, double lr0, double acceptLoss, double zeroLoss, IterationListener listener) {
			inits.add(init);
			rates.add(lr0);
			this.borders.add(borders);
			float[] values = new float[nx * nz * j];
			double loss;
			if (stallsLeft > 0) {
				stallsLeft--;
				loss = zeroLoss;
			}
			else if (!Float.isNaN(constant) && zeroLoss == 0) {
				java.util.Arrays.fill(values, constant);
				loss = new HostLoss(a, nx, nz, 0).evaluate(values, proj, j, 0, Borders.NONE, new float[values.length])[0];
			}
			else {
				a.multiplyTransposed(proj, values, j);
				for (int i = 0; i < values.length; i++) values[i] *= 0.01f;
				loss = 0.5 * Math.min(acceptLoss, zeroLoss);
			}
			for (int it = 0; it < 3; it++) listener.iteration(it, iterations, 1.0 / (it + 1));
			SirenWeights out = SirenWeights.random(3, 1, 4, 30, results.size() + 1000);
			results.add(out);
			return new Result(out, values, loss, 3, 0, "fake");
		}
	}

	private static TiltSeries series(int nx, int ny, int nz) {
		Volume v = TestVolumes.hollowBalls(nx, ny, nz, 3, 2, 4, 1.5, 4);
		// a faint background, so that no row's projections are zero and every chunk is fitted
		for (int i = 0; i < v.data().length; i++) v.data()[i] += 0.01f;
		return new Projector(new TiltGeometry(TiltAngles.range(-60, 5, 60), nx, ny, nz, 1.0)).forward(v, 1, CancelToken.NONE);
	}

	private static NetworkParameters params(int slices, int overlap) {
		return NetworkParameters.of(NetworkParameters.Preset.FAST).withSlicesPerNetwork(slices).withOverlap(overlap).withHiddenLayers(1).withHiddenFeatures(4);
	}

	private static Volume run(TiltSeries ts, NetworkParameters p, NetworkRunSettings s, FakeFit fit, List<ChunkReport> reports) {
		return new ChunkRunner(ts, p, s, new CancelToken(), ProgressListener.NONE).run(fit, "cpu", 1, reports);
	}

	/** What the fake gives for row y, on the input's scale and clipped at zero, as the runner must stitch it. */
	private static float[] expectedRow(TiltSeries ts, FakeFit fit, int y) {
		float max = 0;
		for (float v : ts.projections().data()) max = Math.max(max, Math.abs(v));
		float[] v = fittedRow(ts, fit, y);
		for (int i = 0; i < v.length; i++) v[i] = Math.max(0f, v[i] * max);
		return v;
	}

	/** What the fake gives for row y in the fit's normalised units ({@code x + X z}). */
	private static float[] fittedRow(TiltSeries ts, FakeFit fit, int y) {
		TiltGeometry g = ts.geometry();
		float max = 0;
		for (float v : ts.projections().data()) max = Math.max(max, Math.abs(v));
		float[] p = new float[g.width() * g.numViews()];
		for (int k = 0; k < g.numViews(); k++) for (int u = 0; u < g.width(); u++) p[u + g.width() * k] = ts.projections().get(u, y, k) / max;
		float[] v = new float[g.width() * g.thickness()];
		fit.a.multiplyTransposed(p, v, 1);
		for (int i = 0; i < v.length; i++) v[i] *= 0.01f;
		return v;
	}

	/**
	 * Each fit is handed the rows next to its chunk from the neighbours already fitted and kept
	 * (for the smoothness term across the border), in the fit's units; none with overlap.
	 */
	/**
	 * A fake whose result depends on everything a fit is given (warm start, neighbour rows,
	 * data), so that running the plan's chains at once must give every fit the same inputs
	 * as the plan's order for the volume to stay the same; records which threads it ran on, how
	 * it was told to spread each fit ("shards" and "+helper" when a helper came with it) and
	 * which thread the helper ran on.
	 */
	static final class InputSensitiveFit extends ProjectorFit {
		final java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
		final java.util.Set<String> helperThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
		final List<String> spreads = new ArrayList<>();

		InputSensitiveFit(TiltGeometry g) {
			super(g);
		}

		@Override
		public Result fit(SirenWeights init, float[] proj, int j, Borders borders, Spread spread, int iterations, double lr0, double acceptLoss, double zeroLoss, IterationListener listener) {
			threads.add(Thread.currentThread().getName());
			spreads.add(spread.shards + (spread.helper != null ? "+helper" : ""));
			if (spread.helper != null) {
				java.util.concurrent.CompletableFuture<String> name = new java.util.concurrent.CompletableFuture<>();
				spread.helper.execute(() -> name.complete(Thread.currentThread().getName()));
				helperThreads.add(name.join());
			}
			int h = java.util.Arrays.hashCode(proj);
			for (float[] w : init.weights) h = 31 * h + java.util.Arrays.hashCode(w);
			h = 31 * h + java.util.Arrays.hashCode(borders.below) + 7 * java.util.Arrays.hashCode(borders.above);
			float[] values = new float[nx * nz * j];
			a.multiplyTransposed(proj, values, j);
			float tag = (h & 0xffff) * 1e-7f;
			for (int i = 0; i < values.length; i++) values[i] = values[i] * 0.01f + tag;
			try {
				Thread.sleep(2); // let the lanes interleave
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			return new Result(SirenWeights.random(3, 1, 4, 30, h), values, 0.5 * Math.min(acceptLoss, zeroLoss), 3, 0, "fake");
		}
	}

	/** The log says where the warm-started fits' automatic rate and bound come from at the series' width (noise-free). */
	@Test
	public void theLogNamesTheWarmStartRuleOfTheWidth() {
		NetworkParameters p = params(2, 0);
		assertTrue(note(series(128, 2, 12), p).contains(
			"; warm-started fits start at learning rate 3.0E-4 and run at most 60 iterations (automatic for noise-free data from 128 to 256 px of width)"));
		assertTrue(note(series(300, 2, 12), p).contains("; warm-started fits start at learning rate 2.0E-4 (automatic for noise-free data wider than 256 px)"));
		assertTrue(note(series(300, 2, 12), p.withLearningRateNext(5e-4)).contains("; warm-started fits start at learning rate 5.0E-4 (as set)"));
		assertEquals(false, note(series(64, 2, 12), p).contains("warm-started"));
	}

	private static String note(TiltSeries ts, NetworkParameters p) {
		return new ChunkRunner(ts, p, NetworkRunSettings.defaults(), new CancelToken(), ProgressListener.NONE).noiseNote();
	}

	@Test
	public void twoLanesGiveTheVolumeOfOne() {
		TiltSeries ts = series(20, 23, 10);
		for (int overlap : new int[] { 0, 1 }) {
			NetworkParameters p = params(2, overlap);
			List<ChunkReport> one = new ArrayList<>(), two = new ArrayList<>();
			InputSensitiveFit single = new InputSensitiveFit(ts.geometry());
			Volume a = new ChunkRunner(ts, p, NetworkRunSettings.defaults(), new CancelToken(), ProgressListener.NONE).run(single, "cpu", 1, one);
			InputSensitiveFit lane1 = new InputSensitiveFit(ts.geometry()), lane2 = new InputSensitiveFit(ts.geometry());
			Volume b = new ChunkRunner(ts, p, NetworkRunSettings.defaults(), new CancelToken(), ProgressListener.NONE).run(List.of(lane1, lane2),
				java.util.function.UnaryOperator.identity(), "cpu", 2, two);
			assertArrayEquals("overlap " + overlap, a.data(), b.data(), 0f);
			assertEquals(one.size(), two.size());
			for (int i = 0; i < one.size(); i++) {
				assertEquals(i, two.get(i).step);
				assertEquals(one.get(i).chunk, two.get(i).chunk);
			}
			assertEquals("the second lane ran on its own thread", java.util.Set.of("TomoCN network lane 2"), lane2.threads);
			assertEquals("the fits that run alone have the second lane as their helper", java.util.Set.of("TomoCN network lane 2"), lane1.helperThreads);
			for (int i = 0; i < single.spreads.size(); i++) assertEquals("one lane, fit " + i, i < 3 ? "2" : "1", single.spreads.get(i));
			for (int i = 0; i < lane1.spreads.size(); i++) assertEquals("two lanes, first lane's fit " + i, i < 3 ? "2+helper" : "1", lane1.spreads.get(i));
			for (String s : lane2.spreads) assertEquals("the chains' fits share no core", "1", s);
			assertTrue("the first lane did the start and the upward chain", lane1.threads.size() == 1 && !lane1.threads.contains("TomoCN network lane 2"));
		}
	}

	/** The fits that run alone are the first three, or all of them when the plan has no downward chain. */
	@Test
	public void theFitsThatRunAloneAreTheStartOrAPlanWithoutADownwardChain() {
		for (int rows : new int[] { 2, 4, 6, 8, 20 }) {
			ChunkPlan plan = new ChunkPlan(0, rows, 2, 0);
			boolean down = !plan.chains().get(2).isEmpty();
			assertEquals(rows + " rows: a downward chain from 4 chunks on", plan.numChunks() >= 4, down);
			for (ChunkPlan.Step s : plan.steps) assertEquals(rows + " rows, step " + s.index, !down || s.index < 3, plan.alone(s));
		}
	}

	@Test
	public void aFailingLaneStopsTheOther() {
		TiltSeries ts = series(20, 23, 10);
		NetworkParameters p = params(2, 0);
		InputSensitiveFit lane1 = new InputSensitiveFit(ts.geometry());
		ChunkFit failing = new ChunkFit() {
			@Override
			public int inputs() {
				return 3;
			}

			@Override
			public Result fit(SirenWeights init, float[] proj, int j, Borders borders, Spread spread, int iterations, double lr0, double acceptLoss, double zeroLoss, IterationListener l) {
				throw new IllegalStateException("lane 2 broke");
			}
		};
		try {
			new ChunkRunner(ts, p, NetworkRunSettings.defaults(), new CancelToken(), ProgressListener.NONE).run(List.of(lane1, failing),
				java.util.function.UnaryOperator.identity(), "cpu", 2, new ArrayList<>());
			fail("the second lane's failure must be thrown");
		}
		catch (IllegalStateException e) {
			assertEquals("lane 2 broke", e.getMessage());
		}
	}

	@Test
	public void eachFitSeesItsFittedNeighboursRows() {
		TiltSeries ts = series(10, 12, 6);
		FakeFit fit = new FakeFit(ts.geometry());
		run(ts, params(2, 0), NetworkRunSettings.defaults(), fit, new ArrayList<>());
		ChunkPlan plan = new ChunkPlan(0, 12, 2, 0);
		java.util.Set<Integer> kept = new java.util.HashSet<>();
		int seen = 0;
		for (ChunkPlan.Step s : plan.steps) {
			Borders b = fit.borders.get(s.index);
			int c = s.chunk;
			assertEquals("step " + s.index + " below", kept.contains(c - 1), b.below != null);
			assertEquals("step " + s.index + " above", kept.contains(c + 1), b.above != null);
			if (b.below != null) assertArrayEquals(fittedRow(ts, fit, plan.start[c] - 1), b.below, 1e-6f);
			if (b.above != null) assertArrayEquals(fittedRow(ts, fit, plan.start[c] + 2), b.above, 1e-6f);
			seen += (b.below != null ? 1 : 0) + (b.above != null ? 1 : 0);
			if (s.keep) kept.add(c);
		}
		assertTrue("every kept chunk but the first is fitted next to a kept one", seen >= plan.numChunks() - 1);

		FakeFit blended = new FakeFit(ts.geometry());
		run(ts, params(3, 1), NetworkRunSettings.defaults(), blended, new ArrayList<>());
		for (Borders b : blended.borders) assertTrue("with overlap the blend joins the chunks", b.below == null && b.above == null);
	}

	/** Every output row is its own row's fit, with concatenation and with blended overlaps, and in preview mode. */
	@Test
	public void stitchesEveryRowInPlace() {
		TiltSeries ts = series(12, 9, 6);
		TiltGeometry g = ts.geometry();
		int[][] cases = { { 2, 0, 0 }, { 3, 1, 0 }, { 4, 2, 0 }, { 2, 0, 5 } };
		for (int[] c : cases) {
			FakeFit fit = new FakeFit(g);
			Volume v = run(ts, params(c[0], c[1]), NetworkRunSettings.defaults().withPreview(c[2]), fit, new ArrayList<>());
			int rows = c[2] > 0 ? c[2] : g.height(), y0 = (g.height() - rows) / 2;
			assertEquals(rows, v.ny());
			for (int y = 0; y < rows; y++) {
				float[] want = expectedRow(ts, fit, y0 + y);
				for (int z = 0; z < g.thickness(); z++) for (int x = 0; x < g.width(); x++) {
					assertEquals("slices " + c[0] + " overlap " + c[1] + " preview " + c[2] + " at " + x + "," + y + "," + z, want[x + g.width() * z], v.get(x, y, z),
						1e-5f * (1 + Math.abs(want[x + g.width() * z])));
				}
			}
		}
	}

	/** Each warm-started fit starts from the weights of the step the plan names; random fits from random weights. */
	@Test
	public void warmStartsFollowThePlan() {
		TiltSeries ts = series(10, 10, 6);
		FakeFit fit = new FakeFit(ts.geometry());
		List<ChunkReport> reports = new ArrayList<>();
		run(ts, params(2, 0), NetworkRunSettings.defaults(), fit, reports);
		ChunkPlan plan = new ChunkPlan(0, 10, 2, 0);
		assertEquals(plan.steps.size(), fit.inits.size());
		for (ChunkPlan.Step s : plan.steps) {
			if (s.random()) assertTrue(fit.results.stream().noneMatch(w -> w == fit.inits.get(s.index)));
			else assertTrue("step " + s.index + " starts from step " + s.from, fit.inits.get(s.index) == fit.results.get(s.from));
			assertEquals(s.random() ? 1e-3 : 1e-4, fit.rates.get(s.index), 0);
		}
		assertEquals(plan.steps.size(), reports.size());
	}

	/**
	 * A stalled fit is retried from new random weights at a tenth of the rate and reported;
	 * when the retries run out the run stops with advice instead of stitching it.
	 */
	@Test
	public void stalledFitsAreRetriedThenRefused() {
		TiltSeries ts = series(10, 4, 6);
		FakeFit fit = new FakeFit(ts.geometry());
		fit.stallsLeft = 2;
		List<ChunkReport> reports = new ArrayList<>();
		StringBuilder log = new StringBuilder();
		new ChunkRunner(ts, params(2, 0), NetworkRunSettings.defaults().withMaxRetries(2), new CancelToken(), (f, m) -> log.append(m).append('\n')).run(fit, "cpu", 1,
			reports);
		assertEquals(2, reports.get(0).retries);
		assertEquals(1e-3, fit.rates.get(0), 0);
		assertEquals(1e-4, fit.rates.get(1), 1e-12);
		assertEquals(1e-5, fit.rates.get(2), 1e-13);
		assertNotEquals(fit.inits.get(0).weights[0][0], fit.inits.get(1).weights[0][0]);
		assertTrue(log.toString(), log.toString().contains("retry 1 of 2") && log.toString().contains("retry 2 of 2"));

		FakeFit stuck = new FakeFit(ts.geometry());
		stuck.stallsLeft = 3;
		try {
			run(ts, params(2, 0), NetworkRunSettings.defaults().withMaxRetries(2), stuck, new ArrayList<>());
			fail("a fit that stalls on every retry must stop the run");
		}
		catch (ConvergenceException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("stalled") && e.getMessage().contains("seed=1") && e.getMessage().contains("after 2 retries"));
		}
	}

	/** Rows with no signal whose fit adds density an empty volume does not have are left empty. */
	@Test
	public void emptyChunksStayEmpty() {
		int nx = 10, ny = 6, nz = 6;
		Volume truth = new Volume(nx, ny, nz, 1.0);
		for (int z = 2; z < 4; z++) for (int x = 3; x < 7; x++) for (int y = 0; y < 2; y++) truth.set(x, y, z, 1f);
		TiltSeries ts = new Projector(new TiltGeometry(TiltAngles.range(-60, 5, 60), nx, ny, nz, 1.0)).forward(truth, 1, CancelToken.NONE);
		FakeFit fit = new FakeFit(ts.geometry());
		fit.constant = 0.001f;
		List<ChunkReport> reports = new ArrayList<>();
		Volume v = run(ts, params(2, 0), NetworkRunSettings.defaults(), fit, reports);
		boolean leftEmpty = false;
		for (ChunkReport r : reports) leftEmpty |= r.ended.contains("left empty");
		assertTrue(reports.toString(), leftEmpty);
		for (int y = 2; y < ny; y++) for (int z = 0; z < nz; z++) for (int x = 0; x < nx; x++) assertEquals(0f, v.get(x, y, z), 0f);
	}

	/**
	 * Warm-started chunks whose projections are zero are left empty without a fit and pass
	 * their neighbour's weights on; a chunk with faint but real signal is still fitted.
	 */
	@Test
	public void chunksWithZeroDataAreNotFitted() {
		int nx = 10, ny = 8, nz = 6;
		Volume truth = new Volume(nx, ny, nz, 1.0);
		for (int z = 2; z < 4; z++) for (int x = 3; x < 7; x++) {
			for (int y = 2; y < 6; y++) truth.set(x, y, z, 1f);
			truth.set(x, 0, z, 1e-2f);
		}
		TiltSeries ts = new Projector(new TiltGeometry(TiltAngles.range(-60, 5, 60), nx, ny, nz, 1.0)).forward(truth, 1, CancelToken.NONE);
		FakeFit fit = new FakeFit(ts.geometry());
		List<ChunkReport> reports = new ArrayList<>();
		Volume v = run(ts, params(2, 0), NetworkRunSettings.defaults(), fit, reports);
		assertEquals("every step but the empty chunk's is fitted: " + reports, reports.size() - 1, fit.inits.size());
		for (ChunkReport r : reports) {
			boolean zero = r.yStart == 6;
			assertEquals(r.toString(), zero, r.ended.contains("without a fit"));
			if (zero) assertEquals(r.toString(), 0, r.iterations);
		}
		for (int y = 6; y < ny; y++) for (int z = 0; z < nz; z++) for (int x = 0; x < nx; x++) assertEquals(0f, v.get(x, y, z), 0f);
		float faint = 0;
		for (int z = 0; z < nz; z++) for (int x = 0; x < nx; x++) faint = Math.max(faint, v.get(x, 0, z));
		assertTrue("the faint row is fitted: " + faint, faint > 0);
	}

	/** A resumed run loads every finished fit and fits nothing; changed hyperparameters are refused naming the change. */
	@Test
	public void resumeLoadsFinishedFits() throws Exception {
		TiltSeries ts = series(10, 6, 6);
		Path dir = tmp.newFolder().toPath();
		NetworkRunSettings s = NetworkRunSettings.defaults().withWorkDir(dir);
		Volume first = run(ts, params(2, 0), s, new FakeFit(ts.geometry()), new ArrayList<>());
		FakeFit again = new FakeFit(ts.geometry());
		List<ChunkReport> reports = new ArrayList<>();
		Volume resumed = run(ts, params(2, 0), s.withResume(true), again, reports);
		assertEquals(0, again.inits.size());
		assertTrue(reports.stream().allMatch(r -> r.fromCheckpoint));
		assertArrayEquals(first.data(), resumed.data(), 0f);
		try {
			run(ts, params(2, 0).withTvLambda(0.5), s.withResume(true), new FakeFit(ts.geometry()), new ArrayList<>());
			fail("a resume with other hyperparameters must be refused");
		}
		catch (TomoInputException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("tv_lambda: 0.0 -> 0.5"));
		}
	}
}
