package org.tomocn.recon;

import java.util.Random;

import org.junit.Test;
import org.tomocn.core.CancelToken;
import org.tomocn.core.Parallel;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.geometry.Projector;
import org.tomocn.io.TiltAngles;

/**
 * Not a test (Surefire skips *Benchmark): seconds for each engine on a 512 x 512 x 128
 * volume of random balls from 61 projections (-60:2:60), on all threads and on one, and
 * their ratio. Run with
 * <pre>  mvn -q -B -o test -Dtest=ReconBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * Optional: {@code -Dbench.size=256} to scale X and Y, {@code -Dbench.sirt=10} iterations,
 * {@code -Dbench.engines=wbp,sirt,fi} to choose the engines.
 * Timings are wall-clock of one run after a small warm-up, with the CPU seconds beside them
 * (process CPU for the multi-threaded run, the calling thread's CPU for the one-thread run),
 * which stay meaningful on a loaded machine where wall-clock times do not.
 */
public class ReconBenchmark {

	@Test
	public void benchmark() {
		int n = Integer.getInteger("bench.size", 512), nz = 128, iterations = Integer.getInteger("bench.sirt", 10);
		int all = Parallel.defaultThreads();
		TiltGeometry g = new TiltGeometry(TiltAngles.range(-60, 2, 60), n, n, nz, 1.0);
		Volume v = new Volume(n, n, nz, 1.0);
		float[] d = v.data();
		Random r = new Random(1);
		for (int b = 0; b < 400; b++) {
			int cx = r.nextInt(n), cy = r.nextInt(n), cz = 16 + r.nextInt(nz - 32), rad = 2 + r.nextInt(8);
			float val = 0.5f + r.nextFloat();
			for (int z = Math.max(0, cz - rad); z <= Math.min(nz - 1, cz + rad); z++) for (int y = Math.max(0, cy - rad); y <= Math.min(n - 1, cy + rad); y++) {
				for (int x = Math.max(0, cx - rad); x <= Math.min(n - 1, cx + rad); x++) {
					if ((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz) <= rad * rad) d[x + n * (y + n * z)] += val;
				}
			}
		}
		long t0 = System.nanoTime();
		TiltSeries ts = new Projector(g).forward(v, all, CancelToken.NONE);
		double tProj = (System.nanoTime() - t0) * 1e-9;
		System.out.printf("ReconBenchmark: %d x %d x %d from %d views, %d threads available%n", n, n, nz, g.numViews(), all);
		System.out.printf("  forward projection (%d threads): %.2f s%n", all, tProj);
		// warm-up (JIT): SIRT on a few rows, the others at full size
		TiltSeries small = new Projector(g.withHeight(16)).forward(new Volume(n, 16, nz, 1.0), all, CancelToken.NONE);
		new Sirt(2, 1, false).reconstruct(small, all, CancelToken.NONE, ProgressListener.NONE);

		Reconstructor[] engines = { new WeightedBackProjection(RampFilter.ramLak()), new Sirt(iterations, 1, false), new FourierInversion() };
		String only = System.getProperty("bench.engines", "wbp,sirt,fi");
		for (Reconstructor e : engines) {
			String key = e instanceof Sirt ? "sirt" : e instanceof FourierInversion ? "fi" : "wbp";
			if (!only.contains(key)) continue;
			if (!(e instanceof Sirt)) e.reconstruct(ts, all, CancelToken.NONE, ProgressListener.NONE);
			double[] o = time(e, ts, 1), a = time(e, ts, all);
			String per = e instanceof Sirt ? String.format(" (per iteration %.2f / %.2f s)", a[0] / iterations, o[0] / iterations) : "";
			System.out.printf("  %-45s %d threads %.2f s wall (%.2f s process CPU), 1 thread %.2f s wall (%.2f s thread CPU), speed-up %.2fx%s%n", e, all, a[0], a[1], o[0],
				o[2], o[0] / a[0], per);
		}
	}

	/** {wall s, process CPU s, calling-thread CPU s} (with 1 thread the work runs in the calling thread). */
	private static double[] time(Reconstructor e, TiltSeries ts, int threads) {
		java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
		java.lang.management.ThreadMXBean tm = java.lang.management.ManagementFactory.getThreadMXBean();
		long p0 = os instanceof com.sun.management.OperatingSystemMXBean ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : -1;
		long c0 = tm.getCurrentThreadCpuTime(), t0 = System.nanoTime();
		e.reconstruct(ts, threads, CancelToken.NONE, ProgressListener.NONE);
		long t1 = System.nanoTime(), c1 = tm.getCurrentThreadCpuTime();
		long p1 = os instanceof com.sun.management.OperatingSystemMXBean ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : -1;
		return new double[] { (t1 - t0) * 1e-9, (p1 - p0) * 1e-9, (c1 - c0) * 1e-9 };
	}
}
