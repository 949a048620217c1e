package org.tomocn.metrics;

import org.tomocn.core.CancelToken;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;
import org.tomocn.metrics.SeparableFilter.Axis;

/**
 * PSNR, SSIM and VIF of a reconstruction against a reference volume (paper section 2.6.2),
 * in the three {@link MetricMode}s of {@code shared/design/conventions.md}:
 * <dl>
 * <dt>{@code matched} (default)</dt>
 * <dd>The reconstruction is rescaled to the reference's mean and (population) standard
 * deviation: {@code rec' = (rec - mean(rec)) / std(rec) * std(ref) + mean(ref)} (a constant
 * reconstruction becomes the constant mean(ref)). With {@code L = max(ref) - min(ref)}:
 * <ul>
 * <li>PSNR = 10 log10(L^2 / MSE) over the whole volume, dB;</li>
 * <li>SSIM as Wang et al. 2004 in 3-D: 7 x 7 x 7 uniform window at every position where it
 * fits inside the volume, K1 = 0.01, K2 = 0.03, data range L, sample (N-1) variances as in
 * Wang et al.'s equations for a uniform window and scikit-image's default;</li>
 * <li>VIF: 3-D pixel-domain multi-scale vifp ({@link Vif#matched}: 4 scales, windows of
 * 17, 9, 5, 3 taps with sigma = taps / 5, decimation by 2 along x, y, z). The noise
 * variance sigma_n^2 = 2 (L / 255)^2: vifp's standard sigma_n^2 = 2 is meant for 8-bit data,
 * so this is that value after mapping the reference's range onto 0..255; it makes VIF
 * independent of the units of the data. Scales whose window does not fit the (decimated)
 * volume are skipped; with none left (sides below 17 voxels) VIF is NaN.</li>
 * </ul></dd>
 * <dt>{@code raw}</dt>
 * <dd>The same three numbers without the matching step.</dd>
 * <dt>{@code paper}</dt>
 * <dd>The evaluation code published with the paper ({@code src/metrics.py} of
 * davevanveen/unsup_cryoet, scikit-image 0.19.1, scipy 1.7), step by step:
 * <ul>
 * <li>the reference is scaled by 0.1 / max(ref); the reconstruction is matched to the scaled
 * reference's mean and population standard deviation;</li>
 * <li>PSNR per y slice (XZ plane) with peak = that slice's reference maximum; slices with an
 * infinite, NaN or non-positive value are dropped, the rest averaged (the code also rounds
 * each slice to 3 decimals; we do not);</li>
 * <li>SSIM: the code calls {@code structural_similarity(ref, rec, channel_axis=False,
 * data_range=rec.max())}. scikit-image takes {@code channel_axis=False} as axis 0 (x), so
 * this is the mean over x of the 2-D SSIM of each YZ plane (7 x 7 uniform window, sample
 * covariance with N = 49, K1 = 0.01, K2 = 0.03, data range = the matched reconstruction's
 * maximum), not a 3-D SSIM;</li>
 * <li>VIF: {@link Vif#paper} with sigma_n^2 = mean of the matched reconstruction (so VIF is
 * NaN when that mean is not positive).</li>
 * </ul>
 * The code works in float32; we work in double, so the last digits can differ.</dd>
 * </dl>
 * SSIM needs at least 7 voxels along every axis it windows. Neither input is modified.
 */
public final class VoxelMetrics {
	/** Side of the SSIM window, voxels. */
	public static final int SSIM_WINDOW = 7;

	private VoxelMetrics() {}

	/** {@link #compute(Volume, Volume, MetricMode, int, CancelToken)} without cancellation. */
	public static MetricsResult compute(Volume rec, Volume ref, MetricMode mode, int threads) {
		return compute(rec, ref, mode, threads, CancelToken.NONE);
	}

	/** {@link #compute(Volume, String, Volume, String, MetricMode, int, CancelToken)} naming them "the volume" and "the reference". */
	public static MetricsResult compute(Volume rec, Volume ref, MetricMode mode, int threads, CancelToken cancel) {
		return compute(rec, "the volume", ref, "the reference", mode, threads, cancel);
	}

	/**
	 * PSNR, SSIM and VIF of {@code rec} against {@code ref} in the given mode.
	 *
	 * @param rec the reconstruction, X x Y x Z
	 * @param recName how the user knows {@code rec} in messages, e.g. its file name
	 * @param ref the reference (ground truth), same size
	 * @param refName how the user knows {@code ref}
	 * @param threads worker threads (1 = the calling thread)
	 * @throws TomoInputException when the sizes differ, a volume holds NaN or infinite values, a
	 *         volume is too small for the SSIM window, or the reference is constant (or, in
	 *         {@code paper} mode, has no positive maximum)
	 */
	public static MetricsResult compute(Volume rec, String recName, Volume ref, String refName, MetricMode mode, int threads, CancelToken cancel) {
		checkInputs(rec, recName, ref, refName, mode);
		final int nx = ref.nx(), ny = ref.ny(), nz = ref.nz();
		float[] r = ref.data(), d = rec.data();
		double[] refStats = Volume.stats(r);
		if (mode == MetricMode.PAPER) {
			double max = refStats[3];
			if (!(max > 0)) throw new TomoInputException("The paper protocol scales the reference by 0.1 / its maximum, but the maximum of " + refName + " is " + max);
			r = scaled(r, 0.1 / max);
			refStats = Volume.stats(r);
			d = matched(d, refStats);
			double[] recStats = Volume.stats(d);
			double[] perSlice = paperPsnrPerSlice(d, r, nx, ny, nz);
			double psnr = meanOfKept(perSlice);
			double ssim = Ssim.mean(r, d, nx, ny, nz, Axis.identity(), Axis.box(SSIM_WINDOW), Axis.box(SSIM_WINDOW), recStats[3], refStats[0], threads,
				cancel);
			double vif = Vif.paper(r, d, nx, ny, nz, recStats[0], refStats[0], threads, cancel);
			return new MetricsResult(mode, psnr, ssim, vif, perSlice);
		}
		if (mode == MetricMode.MATCHED) d = matched(d, refStats);
		double range = refStats[3] - refStats[2];
		double[] perSlice = psnrPerSlice(d, r, nx, ny, nz, range);
		double psnr = 10 * Math.log10(range * range / mse(d, r));
		Axis box = Axis.box(SSIM_WINDOW);
		double ssim = Ssim.mean(r, d, nx, ny, nz, box, box, box, range, refStats[0], threads, cancel);
		double sigmaNsq = 2 * (range / 255) * (range / 255);
		double vif = Vif.matched(r, d, nx, ny, nz, sigmaNsq, refStats[0], threads, cancel);
		return new MetricsResult(mode, psnr, ssim, vif, perSlice);
	}

	private static void checkInputs(Volume rec, String recName, Volume ref, String refName, MetricMode mode) {
		if (rec.nx() != ref.nx() || rec.ny() != ref.ny() || rec.nz() != ref.nz()) {
			throw new TomoInputException("The volumes must be the same size, but " + recName + " is " + size(rec) + " and " + refName + " is " + size(ref));
		}
		rec.requireFinite(recName);
		ref.requireFinite(refName);
		boolean tooSmall = mode == MetricMode.PAPER ? ref.ny() < SSIM_WINDOW || ref.nz() < SSIM_WINDOW
			: ref.nx() < SSIM_WINDOW || ref.ny() < SSIM_WINDOW || ref.nz() < SSIM_WINDOW;
		if (tooSmall) {
			throw new TomoInputException("The volumes are " + size(ref) + "; SSIM needs at least " + SSIM_WINDOW + " voxels along " +
				(mode == MetricMode.PAPER ? "y and z" : "every axis"));
		}
		if (mode != MetricMode.PAPER) {
			double[] s = Volume.stats(ref.data());
			if (!(s[3] > s[2])) throw new TomoInputException("PSNR, SSIM and VIF need a reference with contrast, but " + refName + " is constant (" + s[2] + ")");
		}
	}

	private static String size(Volume v) {
		return v.nx() + " x " + v.ny() + " x " + v.nz();
	}

	private static float[] scaled(float[] a, double f) {
		float[] o = new float[a.length];
		for (int i = 0; i < a.length; i++) o[i] = (float) (a[i] * f);
		return o;
	}

	/** A copy of {@code d} with the mean and population std of {@code target = Volume.stats(...)}. */
	static float[] matched(float[] d, double[] target) {
		double[] s = Volume.stats(d);
		float[] o = new float[d.length];
		if (s[1] == 0) {
			java.util.Arrays.fill(o, (float) target[0]);
			return o;
		}
		double f = target[1] / s[1];
		for (int i = 0; i < d.length; i++) o[i] = (float) ((d[i] - s[0]) * f + target[0]);
		return o;
	}

	private static double mse(float[] a, float[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) {
			double e = (double) a[i] - b[i];
			s += e * e;
		}
		return s / a.length;
	}

	/** PSNR of every y slice with a fixed peak. */
	private static double[] psnrPerSlice(float[] d, float[] r, int nx, int ny, int nz, double peak) {
		double[] out = new double[ny];
		for (int y = 0; y < ny; y++) out[y] = 10 * Math.log10(peak * peak / sliceMse(d, r, nx, ny, nz, y));
		return out;
	}

	/** skimage peak_signal_noise_ratio(ref_slice, rec_slice, data_range = ref_slice.max()) per y slice. */
	private static double[] paperPsnrPerSlice(float[] d, float[] r, int nx, int ny, int nz) {
		double[] out = new double[ny];
		for (int y = 0; y < ny; y++) {
			double max = Double.NEGATIVE_INFINITY;
			for (int z = 0; z < nz; z++) for (int x = 0; x < nx; x++) max = Math.max(max, r[x + nx * (y + ny * z)]);
			out[y] = 10 * Math.log10(max * max / sliceMse(d, r, nx, ny, nz, y));
		}
		return out;
	}

	private static double sliceMse(float[] d, float[] r, int nx, int ny, int nz, int y) {
		double s = 0;
		for (int z = 0; z < nz; z++) {
			int off = nx * (y + ny * z);
			for (int x = 0; x < nx; x++) {
				double e = (double) d[off + x] - r[off + x];
				s += e * e;
			}
		}
		return s / ((double) nx * nz);
	}

	/** Mean of the finite values above 0 dB; NaN when none is left (the paper's code would fail). */
	private static double meanOfKept(double[] v) {
		double s = 0;
		int n = 0;
		for (double x : v) {
			if (Double.isFinite(x) && x > 0) {
				s += x;
				n++;
			}
		}
		return n == 0 ? Double.NaN : s / n;
	}
}
