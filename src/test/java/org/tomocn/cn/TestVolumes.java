package org.tomocn.cn;

import java.util.Random;

import org.tomocn.core.CancelToken;
import org.tomocn.core.Volume;
import org.tomocn.simulate.GaussianLowPass;
import org.tomocn.metrics.MetricMode;
import org.tomocn.metrics.VoxelMetrics;

/**
 * Small random hollow-ball phantoms for the coordinate-network tests and benchmark (sizes
 * and counts the product's phantoms do not offer), and the matched PSNR they are judged by.
 */
final class TestVolumes {
	private TestVolumes() {}

	/** The shipped matched-mode PSNR (conventions) of {@code rec} against {@code ref}. */
	static double matchedPsnr(Volume ref, Volume rec) {
		return VoxelMetrics.compute(rec, ref, MetricMode.MATCHED, 1).psnr();
	}

	/**
	 * Hollow balls (shell thickness {@code shell} pixels, density 1, interior 0.3) with
	 * random centres and radii, smoothed by a Gaussian of sigma 0.7 pixels.
	 */
	static Volume hollowBalls(int nx, int ny, int nz, int count, double rmin, double rmax, double shell, long seed) {
		Random r = new Random(seed);
		Volume v = new Volume(nx, ny, nz, 1.0);
		for (int n = 0; n < count; n++) {
			double rad = rmin + r.nextDouble() * (rmax - rmin);
			double cx = rad + r.nextDouble() * Math.max(0, nx - 1 - 2 * rad);
			double cy = r.nextDouble() * (ny - 1);
			double cz = rad + r.nextDouble() * Math.max(0, nz - 1 - 2 * rad);
			for (int z = 0; z < nz; z++) for (int y = 0; y < ny; y++) for (int x = 0; x < nx; x++) {
				double d = Math.sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz));
				if (d <= rad) v.set(x, y, z, (float) Math.max(v.get(x, y, z), d >= rad - shell ? 1.0 : 0.3));
			}
		}
		GaussianLowPass.apply(v, 0.7, 1, CancelToken.NONE);
		return v;
	}


	static double mean(float[] a) {
		double s = 0;
		for (float v : a) s += v;
		return s / a.length;
	}

	static double std(float[] a, double m) {
		double s = 0;
		for (float v : a) s += (v - m) * (v - m);
		return Math.sqrt(s / a.length);
	}

	/**
	 * Mean squared y-difference over mean squared x-difference of neighbouring voxels: streaks
	 * along x (rows fitted apart) raise it; an x-y isotropic specimen's truth is near 1.
	 */
	static double anisotropy(Volume v) {
		double ex = 0, ey = 0;
		for (int z = 0; z < v.nz(); z++) for (int y = 0; y < v.ny(); y++) for (int x = 0; x < v.nx(); x++) {
			double c = v.get(x, y, z);
			if (x + 1 < v.nx()) ex += sq(v.get(x + 1, y, z) - c);
			if (y + 1 < v.ny()) ey += sq(v.get(x, y + 1, z) - c);
		}
		return (ey / ((v.ny() - 1.0) * v.nx())) / (ex / ((v.nx() - 1.0) * v.ny()));
	}

	private static double sq(double d) {
		return d * d;
	}
}
