package org.tomocn.cn;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;
import org.tomocn.core.CancelToken;
import org.tomocn.core.CancelledException;

/** One network run per JVM, enforced where the native resource is; native state restored after a run. */
public class NetworkRuntimeTest {

	/**
	 * On the CPU: one chain of fits per thread up to two, and one PyTorch thread per chain up to
	 * 3 threads (MKL then has no thread split to choose, README "Same volume in every
	 * process"); above that threads / 2 each. A worker thread gets the run's PyTorch threads.
	 */
	@Test
	public void threadsBecomeLanesOfSingleThreadedFits() throws Exception {
		int[][] expected = { { 1, 1, 1 }, { 2, 2, 1 }, { 3, 2, 1 }, { 4, 2, 2 }, { 8, 2, 4 } };
		for (int[] e : expected) {
			try (NetworkRuntime rt = NetworkRuntime.open(NetworkRunSettings.DeviceChoice.CPU, e[0], CancelToken.NONE)) {
				assertEquals("lanes for threads=" + e[0], e[1], rt.lanes());
				assertEquals("PyTorch threads for threads=" + e[0], e[2], rt.torchThreads());
				assertEquals(e[2], NetworkRuntime.threads());
				AtomicReference<Object> seen = new AtomicReference<>();
				Thread w = new Thread(rt.onWorkerThread(() -> seen.set(NetworkRuntime.threads())));
				w.start();
				w.join(5000);
				assertEquals(e[2], seen.get());
			}
		}
	}

	/** A second run waits for the first to close (cancellably), whoever starts it; threads and grad mode are restored. */
	@Test
	public void runsAreSerialisedPerJvm() throws Exception {
		int before = NetworkRuntime.threads();
		AtomicReference<Object> second = new AtomicReference<>();
		Thread t;
		try (NetworkRuntime first = NetworkRuntime.open(NetworkRunSettings.DeviceChoice.CPU, 1, CancelToken.NONE)) {
			assertEquals(1, NetworkRuntime.threads());
			assertTrue(first.description(), first.description().startsWith("cpu"));
			t = new Thread(() -> {
				try (NetworkRuntime r = NetworkRuntime.open(NetworkRunSettings.DeviceChoice.CPU, 1, CancelToken.NONE)) {
					second.set("opened");
				}
			});
			t.start();
			t.join(600);
			assertTrue("the second run must wait while the first is open", t.isAlive());
			assertEquals(null, second.get());

			CancelToken cancel = new CancelToken();
			AtomicReference<Object> third = new AtomicReference<>();
			Thread c = new Thread(() -> {
				try (NetworkRuntime r = NetworkRuntime.open(NetworkRunSettings.DeviceChoice.CPU, 1, cancel)) {
					third.set("opened");
				}
				catch (CancelledException e) {
					third.set(e);
				}
			});
			c.start();
			Thread.sleep(300);
			cancel.cancel();
			c.join(2000);
			assertFalse(c.isAlive());
			assertTrue("a waiting run can be cancelled: " + third.get(), third.get() instanceof CancelledException);
		}
		t.join(5000);
		assertEquals("opened", second.get());
		assertEquals("threads restored", before, NetworkRuntime.threads());
	}
}
