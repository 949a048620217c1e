package org.tomocn.metrics;

import org.tomocn.core.CancelToken;
import org.tomocn.metrics.SeparableFilter.Axis;

/**
 * Mean structural similarity (Wang, Bovik, Sheikh, Simoncelli, IEEE TIP 13:600, 2004) with a
 * uniform window, valid windows only (a window never leaves the volume; this equals
 * scikit-image's {@code structural_similarity}, which filters the padded image and then crops
 * the window radius), K1 = 0.01, K2 = 0.03. Variances and the covariance use the sample
 * normalisation {@code NP / (NP - 1)} with NP the number of voxels in the window (Wang et
 * al.'s equations 5 and 6 for a uniform window; scikit-image's default
 * {@code use_sample_covariance=True}).
 */
final class Ssim {
	static final double K1 = 0.01, K2 = 0.03;

	private Ssim() {}

	/**
	 * Mean SSIM over all valid window positions of the separable uniform window
	 * (ax x ay x az, each a {@link Axis#box} or {@link Axis#identity}).
	 *
	 * @param dataRange L in C1 = (K1 L)^2, C2 = (K2 L)^2
	 * @param shift a constant near the data (e.g. the reference mean), for conditioning only
	 */
	static double mean(float[] a, float[] b, int nx, int ny, int nz, Axis ax, Axis ay, Axis az, double dataRange, double shift, int threads,
		CancelToken cancel) {
		final int np = ax.w.length * ay.w.length * az.w.length;
		final double covNorm = np > 1 ? np / (np - 1.0) : 1.0;
		final double c1 = (K1 * dataRange) * (K1 * dataRange), c2 = (K2 * dataRange) * (K2 * dataRange);
		double[] sums = SeparableFilter.reduceMoments(a, b, nx, ny, nz, ax, ay, az, shift, threads, cancel, new SeparableFilter.MomentReducer() {
			@Override
			public int size() {
				return 2;
			}

			@Override
			public void reduce(double[] ma, double[] mb, double[] maa, double[] mbb, double[] mab, int n, double[] acc) {
				double s = 0;
				for (int i = 0; i < n; i++) {
					double va = covNorm * (maa[i] - ma[i] * ma[i]);
					double vb = covNorm * (mbb[i] - mb[i] * mb[i]);
					double vab = covNorm * (mab[i] - ma[i] * mb[i]);
					double ua = ma[i] + shift, ub = mb[i] + shift;
					s += (2 * ua * ub + c1) * (2 * vab + c2) / ((ua * ua + ub * ub + c1) * (va + vb + c2));
				}
				acc[0] += s;
				acc[1] += n;
			}
		});
		return sums[0] / sums[1];
	}
}
