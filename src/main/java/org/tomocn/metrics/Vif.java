package org.tomocn.metrics;

import org.tomocn.core.CancelToken;
import org.tomocn.metrics.SeparableFilter.Axis;
import org.tomocn.metrics.SeparableFilter.Border;

/**
 * Pixel-domain multi-scale visual information fidelity, "vifp" (H. R. Sheikh and A. C. Bovik,
 * "Image information and visual quality", IEEE TIP 15:430, 2006, and their pixel-domain
 * reference implementation), in 3-D. At scale s = 1..4 a Gaussian window of N = 2^(5-s) + 1
 * taps and standard deviation N / 5 gives local means, variances and the covariance of the
 * reference r and the distorted volume d; with g = cov / var_r and sv^2 = var_d - g cov
 * (the usual clamps: negative variances to 0, g < 0 to 0 with sv^2 = var_d, tiny values to
 * 1e-10),
 * <pre>VIF = sum_s sum_voxels log10(1 + g^2 var_r / (sv^2 + sigma_n^2)) / sum_s sum_voxels log10(1 + var_r / sigma_n^2)</pre>
 * Between scales both volumes are filtered with the next scale's window and decimated by 2.
 * Two variants:
 * <ul>
 * <li>{@link #matched}: windows of exactly N taps, valid positions only, decimation along
 * x, y and z; a scale where the volume is smaller than the window along some axis is
 * skipped (small volumes keep the scales that fit).</li>
 * <li>{@link #paper}: the authors' code: {@code scipy.ndimage.gaussian_filter} with
 * sigma N/5 (truncated at 4 sigma, not at N taps), reflecting borders and same-size
 * output, decimation along x and y only.</li>
 * </ul>
 */
final class Vif {
	static final double EPS = 1e-10;

	private Vif() {}

	/** A normalised Gaussian of {@code 2 radius + 1} taps. */
	static double[] gaussian(double sigma, int radius) {
		double[] w = new double[2 * radius + 1];
		double sum = 0;
		for (int i = -radius; i <= radius; i++) {
			w[i + radius] = Math.exp(-0.5 * i * i / (sigma * sigma));
			sum += w[i + radius];
		}
		for (int i = 0; i < w.length; i++) w[i] /= sum;
		return w;
	}

	/** Window width of scale s (1..4): 17, 9, 5, 3. */
	static int windowTaps(int scale) {
		return (1 << (5 - scale)) + 1;
	}

	/** 3-D vifp with N-tap valid windows and decimation along all axes. */
	static double matched(float[] ref, float[] dist, int nx, int ny, int nz, double sigmaNsq, double shift, int threads, CancelToken cancel) {
		double num = 0, den = 0;
		float[] r = ref, d = dist;
		int[] n = { nx, ny, nz };
		for (int scale = 1; scale <= 4; scale++) {
			int taps = windowTaps(scale);
			Axis win = new Axis(gaussian(taps / 5.0, taps / 2), Border.VALID, 1);
			if (scale > 1) {
				Axis down = new Axis(win.w, Border.VALID, 2);
				int[] o = SeparableFilter.outSize(n[0], n[1], n[2], down, down, down);
				if (o[0] == 0 || o[1] == 0 || o[2] == 0) break;
				r = SeparableFilter.filter(r, n[0], n[1], n[2], down, down, down, threads, cancel);
				d = SeparableFilter.filter(d, n[0], n[1], n[2], down, down, down, threads, cancel);
				n = o;
			}
			double[] s = sums(r, d, n, win, win, win, sigmaNsq, shift, threads, cancel);
			num += s[0];
			den += s[1];
		}
		return num / den;
	}

	/**
	 * The authors' {@code vifp_mscale}: {@code gaussian_filter(sigma = N/5)} (radius
	 * {@code int(4 sigma + 0.5)}, 'reflect' borders, same size), sums over every voxel,
	 * pre-filter then {@code [::2, ::2]} (x and y) between scales.
	 */
	static double paper(float[] ref, float[] dist, int nx, int ny, int nz, double sigmaNsq, double shift, int threads, CancelToken cancel) {
		double num = 0, den = 0;
		float[] r = ref, d = dist;
		int[] n = { nx, ny, nz };
		for (int scale = 1; scale <= 4; scale++) {
			double sd = windowTaps(scale) / 5.0;
			double[] w = gaussian(sd, (int) (4.0 * sd + 0.5));
			Axis win = new Axis(w, Border.REFLECT, 1);
			if (scale > 1) {
				Axis down = new Axis(w, Border.REFLECT, 2);
				int[] o = SeparableFilter.outSize(n[0], n[1], n[2], down, down, win);
				r = SeparableFilter.filter(r, n[0], n[1], n[2], down, down, win, threads, cancel);
				d = SeparableFilter.filter(d, n[0], n[1], n[2], down, down, win, threads, cancel);
				n = o;
			}
			double[] s = sums(r, d, n, win, win, win, sigmaNsq, shift, threads, cancel);
			num += s[0];
			den += s[1];
		}
		return num / den;
	}

	private static double[] sums(float[] r, float[] d, int[] n, Axis ax, Axis ay, Axis az, double sigmaNsq, double shift, int threads,
		CancelToken cancel) {
		return SeparableFilter.reduceMoments(r, d, n[0], n[1], n[2], ax, ay, az, shift, threads, cancel, new SeparableFilter.MomentReducer() {
			@Override
			public int size() {
				return 2;
			}

			@Override
			public void reduce(double[] mr, double[] md, double[] mrr, double[] mdd, double[] mrd, int count, double[] acc) {
				double num = 0, den = 0;
				for (int i = 0; i < count; i++) {
					double s1 = Math.max(0, mrr[i] - mr[i] * mr[i]);
					double s2 = Math.max(0, mdd[i] - md[i] * md[i]);
					double s12 = mrd[i] - mr[i] * md[i];
					double g = s12 / (s1 + EPS);
					double sv = s2 - g * s12;
					if (s1 < EPS) {
						g = 0;
						sv = s2;
						s1 = 0;
					}
					if (s2 < EPS) {
						g = 0;
						sv = 0;
					}
					if (g < 0) {
						sv = s2;
						g = 0;
					}
					if (sv <= EPS) sv = EPS;
					num += Math.log10(1 + g * g * s1 / (sv + sigmaNsq));
					den += Math.log10(1 + s1 / sigmaNsq);
				}
				acc[0] += num;
				acc[1] += den;
			}
		});
	}
}
