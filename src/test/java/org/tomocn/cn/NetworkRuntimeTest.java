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
