package org.tomocn.metrics;

import java.util.Locale;
import java.util.Random;

import org.junit.Test;
import org.tomocn.core.Volume;

/**
 * Timings on a 256^3 pair (not a test: Surefire skips *Benchmark). Run with
 * {@code mvn -B -o test -Dtest=MetricsBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * Targets (issue 5): FSC under 2 s, PSNR + SSIM + VIF under 10 s on 2 cores. Each figure is
 * the best of three (two) runs after a warm-up, wall clock, with the process CPU time of that
 * run beside it: on a shared machine the CPU time divided by the thread count estimates the
 * wall time on two idle cores.
 */
public class MetricsBenchmark {
	private static final int N = 256;

	private static Volume pair(long seed, Volume base) {
		Volume v = new Volume(N, N, N, 4.0);
		Random r = new Random(seed);
		float[] d = v.data();
		if (base == null) {
			// smooth-ish non-negative structure (the paper protocol needs a positive mean): sinusoids plus noise
			for (int z = 0; z < N; z++) for (int y = 0; y < N; y++) for (int x = 0; x < N; x++) {
				d[x + N * (y + N * z)] = (float) (3 + Math.sin(x * 0.11) * Math.cos(y * 0.07) + Math.sin(z * 0.05 + x * 0.03) + 0.3 * r.nextGaussian());
			}
		}
		else {
			float[] b = base.data();
			for (int i = 0; i < d.length; i++) d[i] = b[i] + (float) (0.5 * r.nextGaussian());
		}
		return v;
	}

	/** CPU time of this process, ns (all threads, JIT and GC included). */
	private static long cpu() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	@Test
	public void run() {
		int threads = 2;
		Volume ref = pair(1, null), rec = pair(2, ref);
		double[] angles = new double[61];
		for (int i = 0; i < angles.length; i++) angles[i] = -60 + 2 * i;
		FourierShellCorrelation.compute(rec, ref, angles, threads);
		double best = Double.MAX_VALUE, bestCpu = 0;
		for (int i = 0; i < 3; i++) {
			long t0 = System.nanoTime(), c0 = cpu();
			FourierShellCorrelation.compute(rec, ref, angles, threads);
			double t = (System.nanoTime() - t0) / 1e9;
			if (t < best) {
				best = t;
				bestCpu = (cpu() - c0) / 1e9;
			}
		}
		System.out.printf(Locale.ROOT, "FSC + directional FSC, 256^3, %d threads: %.2f s wall, %.2f s CPU%n", threads, best, bestCpu);
		for (MetricMode mode : MetricMode.values()) {
			double bestM = Double.MAX_VALUE, cpuM = 0;
			MetricsResult m = null;
			for (int i = 0; i < 2; i++) {
				long t0 = System.nanoTime(), c0 = cpu();
				m = VoxelMetrics.compute(rec, ref, mode, threads);
				double t = (System.nanoTime() - t0) / 1e9;
				if (t < bestM) {
					bestM = t;
					cpuM = (cpu() - c0) / 1e9;
				}
			}
			System.out.printf(Locale.ROOT, "PSNR + SSIM + VIF, 256^3, %d threads, %s: %.2f s wall, %.2f s CPU (%s)%n", threads, mode.key(), bestM, cpuM, m);
		}
	}
}
