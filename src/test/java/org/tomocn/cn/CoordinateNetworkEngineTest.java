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
import org.tomocn.core.CancelToken;
import org.tomocn.core.CancelledException;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.geometry.Projector;

public class CoordinateNetworkEngineTest {

	private static TiltSeries simulate(Volume truth, double[] angles) {
		TiltGeometry g = new TiltGeometry(angles, truth.nx(), truth.ny(), truth.nz(), 1.0);
		return new Projector(g).forward(truth, 1, CancelToken.NONE);
	}

	private static CoordinateNetworkOptions tiny(int itFirst, int itNext) {
		return new CoordinateNetworkOptions().iterationsFirst(itFirst).iterationsNext(itNext).slicesPerNetwork(2).hiddenLayers(2).hiddenFeatures(64)
			.threads(2).device(CoordinateNetworkOptions.DeviceChoice.CPU).seed(11);
	}

	/**
	 * A tiny reconstruction with a +-60 degree wedge fills the wedge better than ramp-filtered
	 * back-projection: PSNR (after mean/std matching) clearly higher.
	 */
	@Test
	public void beatsBackProjection() {
		Volume truth = TestVolumes.hollowBalls(24, 4, 16, 3, 3, 5, 1.5, 5);
		TiltSeries ts = simulate(truth, TestVolumes.range(-60, 3, 60));
		CoordinateNetworkEngine e = new CoordinateNetworkEngine(ts, tiny(300, 150), new CancelToken());
		assertTrue(e.getErrorMessage(), e.checkInput());
		Volume cn = e.process();
		Volume wbp = TestVolumes.wbp(ts.geometry(), ts.projections());
		double pCn = TestVolumes.matchedPsnr(truth, cn), pWbp = TestVolumes.matchedPsnr(truth, wbp);
		System.out.println("PSNR cn " + pCn + " wbp " + pWbp);
		for (ChunkReport r : e.getChunkReports()) System.out.println(r);
		assertTrue("CN " + pCn + " dB vs WBP " + pWbp + " dB", pCn > pWbp + 1.0);
	}

	private static TiltSeries smallSeries() {
		Volume truth = TestVolumes.hollowBalls(16, 6, 12, 3, 2, 4, 1.5, 9);
		return simulate(truth, TestVolumes.range(-60, 4, 60));
	}

	/**
	 * A run cancelled after two fits and resumed from its work folder gives exactly the
	 * volume of an uninterrupted run; a run without checkpoints and the same seed gives it
	 * too; another seed does not.
	 */
	@Test
	public void resumeAndSameSeedReproduce() throws Exception {
		TiltSeries ts = smallSeries();
		Path dirA = Files.createTempDirectory("cn-a"), dirB = Files.createTempDirectory("cn-b");
		Volume full = new CoordinateNetworkEngine(ts, tiny(60, 30).workDir(dirA), new CancelToken()).process();

		CancelToken token = new CancelToken();
		CoordinateNetworkEngine first = new CoordinateNetworkEngine(ts, tiny(60, 30).workDir(dirB), token);
		first.setProgressListener((f, msg) -> {
			if (msg.startsWith("step 2:")) token.cancel();
		});
		try {
			first.process();
			fail("the run should have been cancelled");
		}
		catch (CancelledException expected) {
			assertEquals(2, first.getChunkReports().size());
		}
		CoordinateNetworkEngine resumed = new CoordinateNetworkEngine(ts, tiny(60, 30).workDir(dirB).resume(true), new CancelToken());
		Volume again = resumed.process();
		List<ChunkReport> reps = resumed.getChunkReports();
		assertTrue(reps.get(0).fromCheckpoint && reps.get(1).fromCheckpoint);
		assertFalse(reps.get(2).fromCheckpoint);
		assertEquals(4, reps.size());
		assertArrayEquals(full.data(), again.data(), 0f);

		Volume noCheckpoints = new CoordinateNetworkEngine(ts, tiny(60, 30), new CancelToken()).process();
		assertArrayEquals(full.data(), noCheckpoints.data(), 0f);
		Volume otherSeed = new CoordinateNetworkEngine(ts, tiny(60, 30).seed(12), new CancelToken()).process();
		double diff = 0;
		for (int i = 0; i < full.data().length; i++) diff = Math.max(diff, Math.abs(full.data()[i] - otherSeed.data()[i]));
		assertTrue("another seed should change the volume", diff > 1e-4);
	}

	/** cancel() takes effect within a second, and process() returns no volume. */
	@Test
	public void cancelStopsWithinASecond() throws Exception {
		TiltSeries ts = smallSeries();
		Path dir = Files.createTempDirectory("cn-cancel");
		CancelToken token = new CancelToken();
		CoordinateNetworkEngine e = new CoordinateNetworkEngine(ts, tiny(100000, 100000).hiddenFeatures(128).workDir(dir), token);
		AtomicReference<Object> result = new AtomicReference<>();
		AtomicLong iterating = new AtomicLong();
		e.setProgressListener((f, msg) -> {
			if (msg.contains("iteration")) iterating.compareAndSet(0, System.nanoTime());
		});
		Thread t = new Thread(() -> {
			try {
				result.set(e.process());
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
		e.cancel();
		t.join(5000);
		double seconds = (System.nanoTime() - t0) / 1e9;
		assertFalse(t.isAlive());
		assertTrue("process() returned " + result.get(), result.get() instanceof CancelledException);
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
			new CoordinateNetworkEngine(ts, tiny(150, 30).learningRateFirst(0.1).maxRetries(0), new CancelToken()).process();
			fail("a stalled fit must not be stitched");
		}
		catch (ConvergenceException expected) {
			assertTrue(expected.getMessage(), expected.getMessage().contains("stalled"));
		}
		StringBuilder log = new StringBuilder();
		CoordinateNetworkEngine e = new CoordinateNetworkEngine(ts, tiny(150, 30).learningRateFirst(0.1).maxRetries(2), new CancelToken());
		e.setProgressListener((f, msg) -> {
			if (msg.contains("stalled")) log.append(msg).append('\n');
		});
		Volume v = e.process();
		ChunkReport first = e.getChunkReports().get(0);
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
		Path dir = Files.createTempDirectory("cn-damaged");
		Volume full = new CoordinateNetworkEngine(ts, tiny(60, 30).workDir(dir), new CancelToken()).process();
		Path run;
		try (java.util.stream.Stream<Path> s = Files.list(dir)) {
			run = s.filter(Files::isDirectory).findFirst().get();
		}
		Path changed = run.resolve("step-0001.ckpt"), truncated = run.resolve("step-0002.ckpt");
		byte[] b = Files.readAllBytes(changed);
		for (int i = b.length / 2; i < b.length / 2 + 40; i++) b[i] ^= 0x5a;
		Files.write(changed, b);
		byte[] t = Files.readAllBytes(truncated);
		Files.write(truncated, java.util.Arrays.copyOf(t, t.length / 3));
		StringBuilder log = new StringBuilder();
		CoordinateNetworkEngine e = new CoordinateNetworkEngine(ts, tiny(60, 30).workDir(dir).resume(true), new CancelToken());
		e.setProgressListener((f, msg) -> log.append(msg).append('\n'));
		Volume again = e.process();
		assertTrue(log.toString(), log.toString().contains("step-0001.ckpt is damaged"));
		assertTrue(log.toString(), log.toString().contains("step-0002.ckpt is damaged"));
		List<ChunkReport> reps = e.getChunkReports();
		assertTrue(reps.get(0).fromCheckpoint);
		assertFalse(reps.get(1).fromCheckpoint);
		assertFalse(reps.get(2).fromCheckpoint);
		assertArrayEquals(full.data(), again.data(), 0f);
	}

	/** Issue 13 item 8: resume=true after a settings change is refused, naming what changed, instead of silently starting over. */
	@Test
	public void resumeWithChangedSettingsSaysWhatChanged() throws Exception {
		TiltSeries ts = smallSeries();
		Path dir = Files.createTempDirectory("cn-changed");
		new CoordinateNetworkEngine(ts, tiny(20, 10).workDir(dir), new CancelToken()).process();
		try {
			new CoordinateNetworkEngine(ts, tiny(20, 10).threads(1).seed(12).workDir(dir).resume(true), new CancelToken()).process();
			fail("a resume with other settings must not start over silently");
		}
		catch (org.tomocn.core.TomoInputException expected) {
			String m = expected.getMessage();
			assertTrue(m, m.contains("threads: 2 -> 1") && m.contains("seed: 11 -> 12") && m.contains("resume=false"));
		}
	}
}
