package org.tomocn.cn;

import java.util.Arrays;
import java.util.Locale;

import org.tomocn.core.Volume;

/**
 * The noise of a tilt series, estimated from the data alone: the standard deviation of
 * pixel-independent noise, from the median absolute response of every projection to the
 * 3 x 3 Laplacian-like mask {@code [1 -2 1; -2 4 -2; 1 -2 1]} (Immerkaer, "Fast noise variance
 * estimation", CVIU 1996; the median instead of the mean makes edges of the projected
 * objects, which are few, count as little as they should). The mask annihilates planes and
 * its response to white noise of deviation sigma has deviation {@code 6 sigma} (the root of
 * the sum of its squared weights, 36); for Gaussian noise the median absolute value is
 * {@code 0.6745} deviations. Hence {@code sigma = median |M * p| / (6 * 0.6745)}.
 * <p>
 * The coordinate network needs it twice: the data term cannot fall below the noise's mean
 * absolute value ({@code sigma sqrt(2/pi)} for Gaussian noise, the <i>noise floor</i> of the
 * L1 loss), so the convergence guard judges a fit by its excess over that floor; and a fit
 * to noisy data is watched on held-out views ({@link HeldOutWatch}) so that it stops before
 * it fits the noise. The network command's fusion uses it too, to choose the fusion's weights.
 */
public final class NoiseLevel {
	/** Below this estimated SNR (signal variance over noise variance, as the simulator's {@code snr}) the series counts as noisy. */
	public static final double NOISY_SNR = 100;

	/** Noise standard deviation, in the projections' units. */
	public final double sigma;
	/** Variance of all projection pixels (signal and noise). */
	public final double variance;

	private NoiseLevel(double sigma, double variance) {
		this.sigma = sigma;
		this.variance = variance;
	}

	/** Estimates the noise of {@code projections} ({@code X x Y x views}); projections smaller than 3 x 3 give 0. */
	public static NoiseLevel of(Volume projections) {
		int nx = projections.nx(), ny = projections.ny(), nv = projections.nz();
		float[] d = projections.data();
		double variance = projections.variance();
		if (nx < 3 || ny < 3) return new NoiseLevel(0, variance);
		float[] r = new float[(nx - 2) * (ny - 2) * nv];
		int n = 0;
		for (int k = 0; k < nv; k++) {
			int o = k * nx * ny;
			for (int y = 1; y < ny - 1; y++) for (int x = 1; x < nx - 1; x++) {
				int i = o + x + nx * y;
				double m = d[i - nx - 1] - 2 * d[i - nx] + d[i - nx + 1] - 2 * d[i - 1] + 4 * d[i] - 2 * d[i + 1] + d[i + nx - 1] - 2 * d[i + nx] + d[i + nx + 1];
				r[n++] = (float) Math.abs(m);
			}
		}
		Arrays.sort(r);
		double median = n % 2 == 1 ? r[n / 2] : 0.5 * (r[n / 2 - 1] + r[n / 2]);
		return new NoiseLevel(median / (6 * 0.6744897501960817), variance);
	}

	/** Estimated signal-to-noise ratio: (variance - sigma^2) / sigma^2, infinite without noise. */
	public double snr() {
		return sigma > 0 ? Math.max(0, variance - sigma * sigma) / (sigma * sigma) : Double.POSITIVE_INFINITY;
	}

	public boolean noisy() {
		return snr() < NOISY_SNR;
	}

	/** Mean absolute value of the noise (Gaussian: {@code sigma sqrt(2 / pi)}): the lowest L1 data loss a fit that does not follow the noise reaches. */
	public double meanAbsolute() {
		return sigma * Math.sqrt(2 / Math.PI);
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "noise sigma %.4g, estimated SNR %s", sigma, Double.isInfinite(snr()) ? "infinite" : String.format(Locale.ROOT, "%.3g", snr()));
	}
}
