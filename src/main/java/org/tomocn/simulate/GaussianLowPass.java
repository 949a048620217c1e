package org.tomocn.simulate;

import org.tomocn.core.CancelToken;
import org.tomocn.core.Parallel;
import org.tomocn.core.Volume;

/**
 * Gaussian low-pass filter of a volume by separable real-space convolution, in place.
 * <p>
 * The kernel is {@code exp(-d^2 / (2 sigma^2))} sampled at integer offsets up to
 * {@code ceil(4 sigma)} and normalised to sum 1; outside the volume the data are taken as
 * zero (a plain linear convolution, truncated at the borders). The phantoms keep their
 * objects away from the borders, so the truncation does not touch them.
 * <p>
 * Why real space and not {@link org.tomocn.fft.Fft}: the phantoms use sigma of 1-2 pixels,
 * i.e. 9-17 taps per axis, about 30-50 multiply-adds per voxel in three passes, with one
 * line or plane of scratch per thread. The FFT path's 3-D transform holds the full complex
 * spectrum (8 bytes per voxel, 128 MB at 256^3 and 256 MB at 512 x 512 x 128, on top of the
 * volume) and costs two 3-D transforms; at 256^3 and sigma 1 it took 10-16 s against 0.7-1.1 s
 * here (two runs, 2 heavily shared cores, {@code PhantomsBenchmark}). FFT filtering would pay off only for
 * sigmas of tens of pixels, which the phantoms never use.
 */
public final class GaussianLowPass {
	private GaussianLowPass() {}

	/** Normalised 1-D kernel of half-width {@code ceil(4 sigma)}; index r is offset r - half-width. */
	static float[] kernel(double sigma) {
		int r = (int) Math.ceil(4 * sigma);
		float[] k = new float[2 * r + 1];
		double sum = 0;
		for (int i = -r; i <= r; i++) sum += Math.exp(-i * i / (2 * sigma * sigma));
		for (int i = -r; i <= r; i++) k[i + r] = (float) (Math.exp(-i * i / (2 * sigma * sigma)) / sum);
		return k;
	}

	/**
	 * Filters {@code v} in place with a Gaussian of standard deviation {@code sigma} pixels
	 * along each of x, y and z. {@code sigma <= 0} leaves the volume unchanged.
	 */
	public static void apply(Volume v, double sigma, int threads, CancelToken cancel) {
		if (!(sigma > 0)) return;
		final float[] k = kernel(sigma);
		final int r = k.length / 2;
		final int nx = v.nx(), ny = v.ny(), nz = v.nz();
		final float[] d = v.data();
		// x and y passes: one z slice per item, scratch = one slice
		Parallel.forEach(nz, threads, cancel, () -> new float[nx * ny], (z, buf) -> {
			int off = nx * ny * z;
			System.arraycopy(d, off, buf, 0, nx * ny);
			for (int y = 0; y < ny; y++) {
				int row = y * nx;
				for (int x = 0; x < nx; x++) {
					float s = 0;
					if (x >= r && x < nx - r) {
						for (int i = 0, j = row + x - r; i < k.length; i++, j++) s += k[i] * buf[j];
					}
					else {
						int lo = Math.max(-r, -x), hi = Math.min(r, nx - 1 - x);
						for (int i = lo; i <= hi; i++) s += k[i + r] * buf[row + x + i];
					}
					d[off + row + x] = s;
				}
			}
			System.arraycopy(d, off, buf, 0, nx * ny);
			for (int y = 0; y < ny; y++) {
				int lo = Math.max(-r, -y), hi = Math.min(r, ny - 1 - y);
				int dst = off + y * nx;
				java.util.Arrays.fill(d, dst, dst + nx, 0f);
				for (int i = lo; i <= hi; i++) {
					float w = k[i + r];
					int src = (y + i) * nx;
					for (int x = 0; x < nx; x++) d[dst + x] += w * buf[src + x];
				}
			}
		});
		// z pass: one y row (an XZ plane) per item, scratch = one plane
		Parallel.forEach(ny, threads, cancel, () -> new float[nx * nz], (y, buf) -> {
			for (int z = 0; z < nz; z++) System.arraycopy(d, nx * (y + ny * z), buf, nx * z, nx);
			for (int z = 0; z < nz; z++) {
				int lo = Math.max(-r, -z), hi = Math.min(r, nz - 1 - z);
				int dst = nx * (y + ny * z);
				java.util.Arrays.fill(d, dst, dst + nx, 0f);
				for (int i = lo; i <= hi; i++) {
					float w = k[i + r];
					int src = nx * (z + i);
					for (int x = 0; x < nx; x++) d[dst + x] += w * buf[src + x];
				}
			}
		});
	}
}
