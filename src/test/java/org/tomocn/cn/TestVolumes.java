package org.tomocn.cn;

import java.util.Random;

import org.tomocn.core.CancelToken;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.Volume;
import org.tomocn.geometry.Projector;

/**
 * Small phantoms, a plain ramp-filtered back-projection and a matched PSNR for the
 * coordinate-network tests and benchmark (the project's own phantom, WBP and metrics
 * packages are written in parallel; these are deliberately minimal).
 */
final class TestVolumes {
	private TestVolumes() {}

	/** Angles min:step:max in degrees. */
	static double[] range(double min, double step, double max) {
		int n = (int) Math.round((max - min) / step) + 1;
		double[] a = new double[n];
		for (int i = 0; i < n; i++) a[i] = min + i * step;
		return a;
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
		smooth(v, 0.7);
		return v;
	}

	/** Separable Gaussian smoothing in place (zero outside). */
	static void smooth(Volume v, double sigma) {
		int rad = (int) Math.ceil(3 * sigma);
		double[] k = new double[2 * rad + 1];
		double s = 0;
		for (int i = -rad; i <= rad; i++) s += k[i + rad] = Math.exp(-i * i / (2 * sigma * sigma));
		for (int i = 0; i < k.length; i++) k[i] /= s;
		int[] dims = { v.nx(), v.ny(), v.nz() };
		int[] strides = { 1, v.nx(), v.nx() * v.ny() };
		float[] d = v.data();
		for (int axis = 0; axis < 3; axis++) {
			float[] src = d.clone();
			int n = dims[axis], st = strides[axis];
			for (int i = 0; i < d.length; i++) {
				int pos = (i / st) % n;
				double acc = 0;
				for (int t = -rad; t <= rad; t++) {
					int q = pos + t;
					if (q >= 0 && q < n) acc += k[t + rad] * src[i + t * st];
				}
				d[i] = (float) acc;
			}
		}
	}

	/**
	 * Ramp-filtered back-projection: each projection row convolved with the spatial Ram-Lak
	 * kernel (h0 = 1/4, h(odd n) = -1/(pi n)^2), back-projected with the shared projector's
	 * adjoint and scaled by pi / (2 views).
	 */
	static Volume wbp(TiltGeometry g, Volume proj) {
		int nx = g.width(), ny = g.height(), nv = g.numViews();
		Volume f = new Volume(nx, ny, nv, proj.pixelSize());
		float[] src = proj.data(), dst = f.data();
		double[] h = new double[2 * nx];
		for (int n = 1; n < nx; n += 2) h[n] = -1 / (Math.PI * Math.PI * n * n);
		for (int k = 0; k < nv; k++) for (int y = 0; y < ny; y++) {
			int row = nx * (y + ny * k);
			for (int u = 0; u < nx; u++) {
				double acc = 0.25 * src[row + u];
				for (int t = 0; t < nx; t++) if (t != u) acc += h[Math.abs(t - u)] * src[row + t];
				dst[row + u] = (float) acc;
			}
		}
		Volume v = new Projector(g).adjoint(f, 2, CancelToken.NONE);
		float sc = (float) (Math.PI / (2 * nv));
		for (int i = 0; i < v.data().length; i++) v.data()[i] *= sc;
		return v;
	}

	/** Volume-level PSNR after matching {@code rec}'s mean and standard deviation to {@code ref}'s; peak = ref max - min. */
	static double matchedPsnr(Volume ref, Volume rec) {
		float[] a = ref.data(), b = rec.data();
		double ma = mean(a), mb = mean(b), sa = std(a, ma), sb = std(b, mb);
		double mse = 0, lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
		for (int i = 0; i < a.length; i++) {
			double m = sb > 0 ? (b[i] - mb) / sb * sa + ma : ma;
			mse += (m - a[i]) * (m - a[i]);
			lo = Math.min(lo, a[i]);
			hi = Math.max(hi, a[i]);
		}
		mse /= a.length;
		return 10 * Math.log10((hi - lo) * (hi - lo) / mse);
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
}
