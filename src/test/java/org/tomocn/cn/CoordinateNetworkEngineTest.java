package org.tomocn.cn;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;
import org.tomocn.io.TiltAngles;
import org.tomocn.cn.NetworkRunSettings.DeviceChoice;
import org.tomocn.core.CancelToken;
import org.tomocn.core.CancelledException;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.geometry.Projector;
import org.tomocn.core.TiltGeometry;
import org.tomocn.recon.RampFilter;
import org.tomocn.recon.WeightedBackProjection;

public class CoordinateNetworkEngineTest {
	/** Work folders of the resume and checkpoint tests, deleted after each test. */
	@org.junit.Rule
	public final org.junit.rules.TemporaryFolder tmp = new org.junit.rules.TemporaryFolder();

	private static TiltSeries simulate(Volume truth, double[] angles) {
		TiltGeometry g = new TiltGeometry(angles, truth.nx(), truth.ny(), truth.nz(), 1.0);
		return new Projector(g).forward(truth, 1, CancelToken.NONE);
	}

	private static NetworkParameters tiny(int itFirst, int itNext) {
		return NetworkParameters.of(NetworkParameters.Preset.FAITHFUL).withIterationsFirst(itFirst).withIterationsNext(itNext).withSlicesPerNetwork(2)
			.withHiddenLayers(2).withHiddenFeatures(64).withSeed(11);
	}

	private static final NetworkRunSettings CPU = NetworkRunSettings.defaults().withDevice(DeviceChoice.CPU);

	private static NetworkResult run(TiltSeries ts, NetworkParameters p, NetworkRunSettings s, CancelToken cancel, ProgressListener log) {
		return new CoordinateNetworkEngine(p, s).run(ts, 2, cancel, log);
	}

	private static Volume run(TiltSeries ts, NetworkParameters p, NetworkRunSettings s) {
		return run(ts, p, s, new CancelToken(), ProgressListener.NONE).volume();
	}

	/**
	 * A tiny reconstruction with a +-60 degree wedge fills the wedge better than ramp-filtered
	 * back-projection: PSNR (after mean/std matching) clearly higher.
	 */
	@Test
	public void beatsBackProjection() {
		Volume truth = TestVolumes.hollowBalls(24, 8, 16, 3, 3, 5, 1.5, 5);
		TiltSeries ts = simulate(truth, TiltAngles.range(-60, 3, 60));
		NetworkResult r = run(ts, tiny(300, 150), CPU, new CancelToken(), ProgressListener.NONE);
		Volume wbp = new WeightedBackProjection(RampFilter.ramLak()).reconstruct(ts, 2, CancelToken.NONE, ProgressListener.NONE);
		double pCn = TestVolumes.matchedPsnr(truth, r.volume()), pWbp = TestVolumes.matchedPsnr(truth, wbp);
		System.out.println("PSNR cn " + pCn + " wbp " + pWbp);
		for (ChunkReport c : r.chunkReports()) System.out.println(c);
		assertTrue("CN " + pCn + " dB vs WBP " + pWbp + " dB", pCn > pWbp + 1.0);
	}

	private static TiltSeries smallSeries() {
		Volume truth = TestVolumes.hollowBalls(16, 6, 12, 3, 2, 4, 1.5, 9);
		return simulate(truth, TiltAngles.range(-60, 4, 60));
	}

	/**
	 * A run cancelled after two fits and resumed from its work folder gives exactly the
	 * volume of an uninterrupted run; a run without checkpoints and the same seed gives it
	 * too; another seed does not.
	 */
	@Test
	public void resumeAndSameSeedReproduce() throws Exception {
		TiltSeries ts = smallSeries();
		Path dirA = tmp.newFolder().toPath(), dirB = tmp.newFolder().toPath();
		Volume full = run(ts, tiny(60, 30), CPU.withWorkDir(dirA));

		CancelToken token = new CancelToken();
		AtomicLong reported = new AtomicLong();
		try {
			run(ts, tiny(60, 30), CPU.withWorkDir(dirB), token, (f, msg) -> {
				if (msg.startsWith("step ")) reported.incrementAndGet();
				if (msg.startsWith("step 2:")) token.cancel();
			});
			fail("the run should have been cancelled");
		}
		catch (CancelledException expected) {
			assertEquals(2, reported.get());
		}
		NetworkResult resumed = run(ts, tiny(60, 30), CPU.withWorkDir(dirB).withResume(true), new CancelToken(), ProgressListener.NONE);
		List<ChunkReport> reps = resumed.chunkReports();
		assertTrue(reps.get(0).fromCheckpoint && reps.get(1).fromCheckpoint);
		assertFalse(reps.get(2).fromCheckpoint);
		assertEquals(4, reps.size());
		assertArrayEquals(full.data(), resumed.volume().data(), 0f);

		Volume noCheckpoints = run(ts, tiny(60, 30), CPU);
		assertArrayEquals(full.data(), noCheckpoints.data(), 0f);
		Volume otherSeed = run(ts, tiny(60, 30).withSeed(12), CPU);
		double diff = 0;
		for (int i = 0; i < full.data().length; i++) diff = Math.max(diff, Math.abs(full.data()[i] - otherSeed.data()[i]));
		assertTrue("another seed should change the volume", diff > 1e-4);
	}

	/**
	 * The same views in a dose-symmetric order (0, +4, -4, +8, ...) give exactly the volume of
	 * the sorted stack, and the log says that the fits use the angles' order.
	 */
	@Test
	public void viewOrderDoesNotChangeTheVolume() {
		TiltSeries sorted = smallSeries();
		TiltSeries doseSymmetric = org.tomocn.core.DoseSymmetric.of(sorted);
		assertEquals(0, doseSymmetric.geometry().angleDeg(0), 0);
		assertEquals(4, doseSymmetric.geometry().angleDeg(1), 0);
		Volume a = run(sorted, tiny(60, 30), CPU);
		List<String> log = new java.util.ArrayList<>();
		Volume b = run(doseSymmetric, tiny(60, 30), CPU, new CancelToken(), (f, msg) -> log.add(msg)).volume();
		assertArrayEquals(a.data(), b.data(), 0f);
		assertTrue(log.toString(), log.stream().anyMatch(m -> m.contains("order of their angles")));
	}

	/**
	 * An ensemble of two is exactly the mean of the runs of its two seeds, its progress runs
	 * once from 0 to 1, and the log names the members and their spread; with a work folder a
	 * resume loads every fit of both members from their checkpoints (the second member's in
	 * its own sub-folder) and gives the same volume.
	 */
	@Test
	public void ensembleIsTheMeanOfItsMembers() throws Exception {
		TiltSeries ts = smallSeries();
		float[] a = run(ts, tiny(60, 30), CPU).data(), b = run(ts, tiny(60, 30).withSeed(12), CPU).data();
		Path dir = tmp.newFolder().toPath();
		List<String> log = new java.util.ArrayList<>();
		List<Double> fractions = new java.util.ArrayList<>();
		NetworkResult r = run(ts, tiny(60, 30), CPU.withEnsemble(2).withWorkDir(dir), new CancelToken(), (f, msg) -> {
			synchronized (fractions) {
				fractions.add(f);
				log.add(msg);
			}
		});
		float[] mean = r.volume().data();
		double spread = 0;
		for (int i = 0; i < a.length; i++) {
			assertEquals("voxel " + i, ((0f + a[i]) + b[i]) / 2, mean[i], 0f);
			spread = Math.max(spread, Math.abs(a[i] - b[i]));
		}
		assertTrue("two seeds should differ", spread > 1e-4);
		for (int i = 1; i < fractions.size(); i++) assertTrue("progress went back at " + log.get(i), fractions.get(i) >= fractions.get(i - 1));
		assertTrue(fractions.get(fractions.size() / 2) > 0.2 && fractions.get(fractions.size() - 1) == 1.0);
		assertTrue(log.toString(), log.contains("Ensemble member 2 of 2: seed 12"));
		assertTrue(log.toString(), log.stream().anyMatch(m -> m.startsWith("Ensemble of 2 fits (seeds 11 to 12): the members differ from their mean by")));
		assertEquals(8, r.chunkReports().size());

		NetworkResult resumed = run(ts, tiny(60, 30), CPU.withEnsemble(2).withWorkDir(dir).withResume(true), new CancelToken(), ProgressListener.NONE);
		assertTrue(resumed.chunkReports().stream().allMatch(c -> c.fromCheckpoint));
		assertArrayEquals(mean, resumed.volume().data(), 0f);
	}

	@Test
	public void ensembleOutOfRangeIsRefused() {
		for (int n : new int[] { 0, NetworkRunSettings.MAX_ENSEMBLE + 1 }) {
			try {
				new CoordinateNetworkEngine(tiny(10, 5), CPU.withEnsemble(n)).check(smallSeries(), 1);
				fail("ensemble=" + n + " should be refused");
			}
			catch (org.tomocn.core.TomoInputException e) {
				assertTrue(e.getMessage(), e.getMessage().startsWith("ensemble must be from 1 to 16"));
			}
		}
	}

	/** A cancel takes effect within a second, and the run returns no volume. */
	@Test
	public void cancelStopsWithinASecond() throws Exception {
		TiltSeries ts = smallSeries();
		Path dir = tmp.newFolder().toPath();
		CancelToken token = new CancelToken();
		AtomicReference<Object> result = new AtomicReference<>();
		AtomicLong iterating = new AtomicLong();
		Thread t = new Thread(() -> {
			try {
				result.set(run(ts, tiny(100000, 100000).withHiddenFeatures(128), CPU.withWorkDir(dir), token, (f, msg) -> {
					if (msg.contains("iteration")) iterating.compareAndSet(0, System.nanoTime());
				}));
			}
			catch (RuntimeException ex) {
				result.set(ex);
			}
		});
		t.start();
		long deadline = System.nanoTime() + 60_000_000_000L;
		while (iterating.get() == 0 && System.nanoTime() < deadline) Thread.sleep(20);
		assertTrue("training never started", iterating.get() != 0);
		Thread.sleep(500);
		long t0 = System.nanoTime();
		token.cancel();
		t.join(5000);
		double seconds = (System.nanoTime() - t0) / 1e9;
		assertFalse(t.isAlive());
		assertTrue("run() returned " + result.get(), result.get() instanceof CancelledException);
		assertTrue("cancel took " + seconds + " s", seconds < 1.0);
		try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
			assertEquals("no checkpoint of an unfinished fit", 0, files.filter(Files::isRegularFile).count());
		}
	}

	/**
	 * An absurd learning rate makes the first fit stall; the guard notices, retries with a
	 * lower rate and reports it, or stops the run when no retry is allowed.
	 */
	@Test
	public void guardCatchesStall() {
		TiltSeries ts = smallSeries();
		try {
			run(ts, tiny(150, 30).withLearningRateFirst(0.1), CPU.withMaxRetries(0));
			fail("a stalled fit must not be stitched");
		}
		catch (ConvergenceException expected) {
			assertTrue(expected.getMessage(), expected.getMessage().contains("stalled"));
		}
		StringBuilder log = new StringBuilder();
		NetworkResult r = run(ts, tiny(150, 30).withLearningRateFirst(0.1), CPU.withMaxRetries(2), new CancelToken(), (f, msg) -> {
			if (msg.contains("stalled")) log.append(msg).append('\n');
		});
		Volume v = r.volume();
		ChunkReport first = r.chunkReports().get(0);
		assertTrue(first.toString(), first.retries >= 1);
		assertTrue(first.loss < 0.5 * first.zeroLoss);
		assertTrue(log.toString(), log.toString().contains("retry 1"));
		assertTrue(TestVolumes.std(v.data(), TestVolumes.mean(v.data())) > 0);
	}

	/**
	 * Issue 13 item 4: a checkpoint changed in place (same size) or truncated is not trusted:
	 * the log says so, that chunk is fitted again, and the volume equals an undisturbed run's.
	 */
	@Test
	public void damagedCheckpointsAreRefitted() throws Exception {
		TiltSeries ts = smallSeries();
		Path dir = tmp.newFolder().toPath();
		Volume full = run(ts, tiny(60, 30), CPU.withWorkDir(dir));
		Path runDir;
		try (java.util.stream.Stream<Path> s = Files.list(dir)) {
			runDir = s.filter(Files::isDirectory).findFirst().get();
		}
		Path changed = runDir.resolve("step-0001.ckpt"), truncated = runDir.resolve("step-0002.ckpt");
		byte[] b = Files.readAllBytes(changed);
		for (int i = b.length / 2; i < b.length / 2 + 40; i++) b[i] ^= 0x5a;
		Files.write(changed, b);
		byte[] t = Files.readAllBytes(truncated);
		Files.write(truncated, java.util.Arrays.copyOf(t, t.length / 3));
		StringBuilder log = new StringBuilder();
		NetworkResult r = run(ts, tiny(60, 30), CPU.withWorkDir(dir).withResume(true), new CancelToken(), (f, msg) -> log.append(msg).append('\n'));
		Volume again = r.volume();
		assertTrue(log.toString(), log.toString().contains("step-0001.ckpt is damaged"));
		assertTrue(log.toString(), log.toString().contains("step-0002.ckpt is damaged"));
		List<ChunkReport> reps = r.chunkReports();
		assertTrue(reps.get(0).fromCheckpoint);
		assertFalse(reps.get(1).fromCheckpoint);
		assertFalse(reps.get(2).fromCheckpoint);
		assertArrayEquals(full.data(), again.data(), 0f);
	}

	/** Checkpoints written with two lanes (threads=2) resume with one (threads=1): the fits are the same computation. */
	@Test
	public void resumeWithAnotherThreadCountLoadsEveryFit() throws Exception {
		TiltSeries ts = smallSeries();
		Path dir = tmp.newFolder().toPath();
		Volume two = run(ts, tiny(20, 10), CPU.withWorkDir(dir));
		NetworkResult one = new CoordinateNetworkEngine(tiny(20, 10), CPU.withWorkDir(dir).withResume(true)).run(ts, 1, new CancelToken(), ProgressListener.NONE);
		for (ChunkReport r : one.chunkReports()) assertTrue(r.toString(), r.fromCheckpoint);
		assertArrayEquals(two.data(), one.volume().data(), 0f);
	}

	/** Issue 13 item 8: resume=true after a settings change is refused, naming what changed, instead of silently starting over. */
	@Test
	public void resumeWithChangedSettingsSaysWhatChanged() throws Exception {
		TiltSeries ts = smallSeries();
		Path dir = tmp.newFolder().toPath();
		run(ts, tiny(20, 10), CPU.withWorkDir(dir));
		try {
			new CoordinateNetworkEngine(tiny(20, 10).withSeed(12), CPU.withWorkDir(dir).withResume(true)).run(ts, 1, new CancelToken(), ProgressListener.NONE);
			fail("a resume with other settings must not start over silently");
		}
		catch (org.tomocn.core.TomoInputException expected) {
			String m = expected.getMessage();
			// 2 -> 1 threads is no change: every fit runs PyTorch on one thread either way (same volume, ReproducibilityTest)
			assertTrue(m, m.contains("seed: 11 -> 12") && m.contains("resume=false") && !m.contains("threads: "));
		}
	}

	/**
	 * Issue 14: noisy data (the simulator's SNR 0.3) are fitted with the default settings:
	 * the noise is detected and said, the automatic smoothness term is used, no fit is refused
	 * or retried (the guard judges the loss above the noise floor), and the volume is clearly
	 * better than WBP's.
	 */
	@Test
	public void noisyDataAreFittedWithTheDefaults() {
		Volume truth = TestVolumes.hollowBalls(32, 8, 16, 4, 3, 6, 1.5, 5);
		TiltGeometry g = new TiltGeometry(TiltAngles.range(-60, 3, 60), truth.nx(), truth.ny(), truth.nz(), 1.0);
		TiltSeries ts = org.tomocn.simulate.TiltSeriesSimulator.simulate(truth, g, 0.3, 3, 1, CancelToken.NONE);
		StringBuilder log = new StringBuilder();
		// the preset's network: a 2 x 64 one stalls here with the noisy omega0 (10), 4 x 128 does not
		NetworkParameters p = NetworkParameters.of(NetworkParameters.Preset.FAST).withIterationsFirst(300).withIterationsNext(60).withSeed(2);
		NetworkResult r = run(ts, p, CPU, new CancelToken(), (f, msg) -> {
			if (!msg.contains("iteration")) log.append(msg).append('\n');
		});
		assertTrue(log.toString(), log.toString().contains("estimated SNR 0.") && log.toString().contains("tv_lambda=0.15 (automatic for noisy data)")
			&& log.toString().contains("0.25 of the points at a time (point_fraction, automatic for noisy data)")
			&& log.toString().contains("chunks overlap by 1 row and are blended (overlap, automatic for noisy data)")
			&& log.toString().contains("omega0=10.0 (automatic for noisy data, smoother per pixel at this width)")
			&& !log.toString().contains("rows as far apart")); // the recipe's y coordinates
		for (ChunkReport c : r.chunkReports()) assertEquals(c.toString(), 0, c.retries);
		Volume wbp = new WeightedBackProjection(RampFilter.ramLak()).reconstruct(ts, 2, CancelToken.NONE, ProgressListener.NONE);
		double pCn = TestVolumes.matchedPsnr(truth, r.volume()), pWbp = TestVolumes.matchedPsnr(truth, wbp);
		assertTrue("CN " + pCn + " dB vs WBP " + pWbp + " dB", pCn > pWbp + 2.0);
		// the recipe's y coordinates (step (X - 1) / (j - 1) = 31 x steps per row) leave the rows'
		// noise as streaks along x; with rows one x step apart (NetworkParameters.yStep, not a
		// default) there is less energy in y-differences, and here a higher PSNR
		StringBuilder log1 = new StringBuilder();
		NetworkResult step1 = run(ts, p.withYStep(1), CPU, new CancelToken(), (f, msg) -> log1.append(msg).append('\n'));
		assertTrue(log1.toString(), log1.toString().contains("rows as far apart in the network's coordinates as pixels along x, so that it smooths y as x (as set)"));
		double aRecipe = TestVolumes.anisotropy(r.volume()), aStep1 = TestVolumes.anisotropy(step1.volume()), pStep1 = TestVolumes.matchedPsnr(truth, step1.volume());
		assertTrue("y/x energy: recipe's y step " + aRecipe + ", step 1 " + aStep1 + " (truth " + TestVolumes.anisotropy(truth) + ")", aStep1 < 0.5 * aRecipe);
		assertTrue("recipe's y step " + pCn + " dB, step 1 " + pStep1 + " dB", pStep1 > pCn);
	}

	/**
	 * network_bin=2 is the fit of the series binned 2 x 2 (the log says so) interpolated back
	 * to the input's size: exactly {@link CoordinateNetworkEngine#upsample} of a run on the
	 * binned series, in the units of an unbinned run (the same mean: the projections fix the
	 * total mass), and better than the binned series' WBP brought back the same way.
	 */
	@Test
	public void networkBinFitsTheBinnedSeriesAndReturnsTheFullVolume() {
		Volume truth = TestVolumes.hollowBalls(32, 8, 16, 3, 4, 6, 3, 5);
		TiltSeries ts = simulate(truth, TiltAngles.range(-60, 3, 60));
		List<String> log = new java.util.ArrayList<>();
		NetworkResult r = run(ts, tiny(200, 60).withNetworkBin(2), CPU, new CancelToken(), (f, msg) -> log.add(msg));
		Volume coarse = r.volume();
		assertEquals(32, coarse.nx());
		assertEquals(8, coarse.ny());
		assertEquals(16, coarse.nz());
		assertTrue(log.toString(), log.stream().anyMatch(m -> m.startsWith("network_bin=2: the network is fitted to the tilt series binned 2 x 2 (16 x 4 pixels, thickness 8;")));
		assertTrue("fits: " + r.chunkReports(), r.chunkReports().stream().allMatch(c -> c.yStart + c.rows <= 4));

		TiltSeries binned = org.tomocn.recon.InputPreparation.apply(ts, org.tomocn.recon.InputPreparation.Options.NONE.withBin(2));
		Volume direct = CoordinateNetworkEngine.upsample(run(binned, tiny(200, 60), CPU), 2, 32, 8, 8, 16);
		assertArrayEquals(direct.data(), coarse.data(), 0f);

		double ratio = coarse.meanAndDeviation()[0] / run(ts, tiny(200, 60), CPU).meanAndDeviation()[0];
		Volume wbp = CoordinateNetworkEngine.upsample(new WeightedBackProjection(RampFilter.ramLak()).reconstruct(binned, 2, CancelToken.NONE, ProgressListener.NONE), 2, 32, 8, 8, 16);
		double pCoarse = TestVolumes.matchedPsnr(truth, coarse), pWbp = TestVolumes.matchedPsnr(truth, wbp);
		System.out.println("network_bin=2: mean over the unbinned run's " + ratio + ", PSNR " + pCoarse + " dB, the binned WBP " + pWbp + " dB");
		assertEquals(1, ratio, 0.1);
		assertTrue("binned network " + pCoarse + " dB, binned WBP " + pWbp + " dB", pCoarse > pWbp + 1);
	}

	/**
	 * The interpolation back to full size: with bin 3 on 11 columns the first block covers
	 * columns 1-3 (the remainder is cropped evenly), so full column 2 + 3 c holds coarse column c
	 * (divided by 3, the units of an unbinned volume) and columns between interpolate linearly;
	 * beyond the outermost centres the edge values repeat.
	 */
	@Test
	public void upsampleInterpolatesBetweenTheBlocksCentres() {
		Volume c = new Volume(3, 2, 2, 2.0);
		for (int z = 0; z < 2; z++) for (int y = 0; y < 2; y++) for (int x = 0; x < 3; x++) c.set(x, y, z, 3 * (1 + x + 10 * y + 100 * z));
		Volume v = CoordinateNetworkEngine.upsample(c, 3, 11, 6, 6, 6);
		assertEquals(11, v.nx());
		assertEquals(6, v.ny());
		assertEquals(6, v.nz());
		assertEquals(2.0 / 3, v.pixelSize(), 1e-12);
		// y: rows 1 and 4 are the blocks' centres; z: coarse thickness 2 spans 6, centres at 1 and 4
		for (int x = 0; x < 3; x++) assertEquals(1 + x + 10 + 100, v.get(2 + 3 * x, 4, 4), 1e-5);
		// column 3 is a third of the way from centre 2 to centre 5; row 1 and plane 1 are the first centres
		assertEquals(1 + 1 / 3.0 + 10 * 0 + 100 * 0, v.get(3, 1, 1), 1e-5);
		// column 5 is centre 1; row 2 and plane 2 a third of the way from the first centres to the second
		assertEquals(1 + 1 + 10 / 3.0 + 100 / 3.0, v.get(5, 2, 2), 1e-4);
		assertEquals(v.get(2, 1, 1), v.get(0, 0, 0), 0);
		assertEquals(v.get(8, 4, 4), v.get(10, 5, 5), 0);
	}

	@Test
	public void networkBinTooLargeForTheSeriesIsRefused() {
		try {
			new CoordinateNetworkEngine(tiny(10, 5).withNetworkBin(8), CPU).check(smallSeries(), 1);
			fail("network_bin=8 on 16 x 6 pixels should be refused");
		}
		catch (org.tomocn.core.TomoInputException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith("network_bin=8 leaves 2 x 0 pixels and a thickness of 2 of the 16 x 6 x 12 tilt series"));
		}
		try {
			new CoordinateNetworkEngine(tiny(10, 5).withNetworkBin(9), CPU).check(smallSeries(), 1);
			fail("network_bin=9 should be refused");
		}
		catch (org.tomocn.core.TomoInputException e) {
			assertEquals("network_bin must be from 1 to 8, got 9", e.getMessage());
		}
	}
}
