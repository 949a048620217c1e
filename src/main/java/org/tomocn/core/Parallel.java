package org.tomocn.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs independent work items on a fixed number of threads. Items are handed out one at a
 * time from a shared counter, so uneven items balance; each thread gets its own worker state
 * from {@code stateFactory} (e.g. a scratch buffer), allocated once per thread, not per item.
 */
public final class Parallel {
	private Parallel() {}

	/** The number of threads to use by default: all available processors. */
	public static int defaultThreads() {
		return Runtime.getRuntime().availableProcessors();
	}

	/** Per-thread work on item {@code i} with the thread's own state. */
	@FunctionalInterface
	public interface Body<S> {
		void run(int item, S state);
	}

	/** State factory for {@link #forEach}. */
	@FunctionalInterface
	public interface StateFactory<S> {
		S create();
	}

	/**
	 * Runs {@code body} for items 0 .. n-1 on {@code threads} threads (1 = in the calling
	 * thread), checking {@code cancel} before each item.
	 *
	 * @throws CancelledException when cancelled (remaining items are skipped)
	 */
	public static <S> void forEach(int n, int threads, CancelToken cancel, StateFactory<S> stateFactory, Body<S> body) {
		final int t = Math.max(1, Math.min(threads, n));
		if (t == 1) {
			S state = stateFactory.create();
			for (int i = 0; i < n; i++) {
				cancel.check();
				body.run(i, state);
			}
			return;
		}
		AtomicInteger next = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(t, r -> {
			Thread th = new Thread(r, "tomocn-worker");
			th.setDaemon(true);
			return th;
		});
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int k = 0; k < t; k++) {
				futures.add(pool.submit(() -> {
					S state = stateFactory.create();
					for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
						if (cancel.isCancelled()) return;
						body.run(i, state);
					}
				}));
			}
			for (Future<?> f : futures) {
				try {
					f.get();
				}
				catch (ExecutionException e) {
					Throwable c = e.getCause();
					if (c instanceof RuntimeException) throw (RuntimeException) c;
					if (c instanceof Error) throw (Error) c;
					throw new IllegalStateException(c);
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					throw new CancelledException();
				}
			}
			cancel.check();
		}
		finally {
			pool.shutdownNow();
		}
	}
}
