package org.tomocn.metrics;

import java.util.Locale;

/**
 * PSNR, SSIM and VIF of one reconstruction against a reference, with the {@link MetricMode}
 * that produced them and the PSNR of every y slice (an XZ plane). Immutable; arrays are
 * copied on the way in and out.
 */
public final class MetricsResult {
	private final MetricMode mode;
	private final double psnr, ssim, vif;
	private final double[] psnrPerSlice;

	public MetricsResult(MetricMode mode, double psnr, double ssim, double vif, double[] psnrPerSlice) {
		this.mode = mode;
		this.psnr = psnr;
		this.ssim = ssim;
		this.vif = vif;
		this.psnrPerSlice = psnrPerSlice.clone();
	}

	public MetricMode mode() {
		return mode;
	}

	/** Peak signal-to-noise ratio in dB (NaN when the paper protocol keeps no slice). */
	public double psnr() {
		return psnr;
	}

	/** Mean structural similarity, at most 1. */
	public double ssim() {
		return ssim;
	}

	/**
	 * Visual information fidelity, 1 for identical volumes. NaN when it is undefined: in
	 * {@code matched}/{@code raw} mode when no scale's window fits the volume (a side below 17
	 * voxels, see {@link VoxelMetrics}); in {@code paper} mode when the matched
	 * reconstruction's mean, used there as the noise variance, is not positive (data with a
	 * zero or negative mean: the protocol assumes non-negative densities).
	 */
	public double vif() {
		return vif;
	}

	/**
	 * PSNR of each y slice (index = y), dB. In {@code matched} and {@code raw} mode the peak is
	 * the whole reference's range, as for {@link #psnr()}; in {@code paper} mode it is the
	 * slice's own reference maximum, and slices the protocol drops (infinite, NaN or not above
	 * 0 dB) keep their value here but do not enter {@link #psnr()}.
	 */
	public double[] psnrPerSlice() {
		return psnrPerSlice.clone();
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "mode %s: PSNR %.3f dB, SSIM %.4f, VIF %.4f", mode.key(), psnr, ssim, vif);
	}
}
