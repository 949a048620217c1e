package org.tomocn.recon;


import org.tomocn.core.CancelToken;
import org.tomocn.core.Parallel;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.fft.Fft;
import org.tomocn.geometry.Projector;
import org.tomocn.geometry.TiltGeometry;

/**
 * Weighted (filtered) back-projection: every projection row is filtered along x with a
 * {@link RampFilter}, multiplied by its view's angular weight ({@link AngularWeights}) and
 * back-projected with the shared {@link Projector#adjoint}:
 * <pre>  f = sum_k w_k A_k^T (h * p_k),   w_k = pi l_k / sum_j l_j  (= pi / K for equal spacing)</pre>
 * <b>Scale.</b> {@code h} is the ramp in cycles/pixel and the Joseph adjoint spreads a
 * detector value over the voxels of its ray with weights summing to about one per voxel,
 * so reconstructing the raw line integrals (voxel units) of {@link Projector#forward} gives
 * the volume's values: exactly for the full 180 degree range, and at the centre of isotropic
 * objects also for a limited range (see {@link AngularWeights} for why the weights sum to
 * pi); the missing wedge spreads the rest of the intensity into the usual streaks.
 * <p>
 * <b>Filtering.</b> Rows are padded to {@code n = Fft.nextFastSize(2 X)} by repeating the
 * edge values (no wrap-around, and no jump at the edges of truncated data), filtered with
 * the one FFT path {@link Fft}, two rows at a time (one in the real, one in the imaginary
 * part: the filter is real and symmetric).
 * <p>
 * <b>Memory.</b> The output plus, per chunk of {@code 32 * threads} y rows, the filtered
 * projections and the back-projection of that chunk; one padded row per thread.
 */
public final class WeightedBackProjection implements Reconstructor {
	private final RampFilter filter;

	public WeightedBackProjection(RampFilter filter) {
		if (filter == null) throw new IllegalArgumentException("filter is null");
		this.filter = filter;
	}

	public RampFilter filter() {
		return filter;
	}

	@Override
	public Volume reconstruct(TiltSeries ts, int threads, CancelToken cancel, ProgressListener progress) {
		ReconInput.check(ts, threads);
		final TiltGeometry g = ts.geometry();
		final int nx = g.width(), ny = g.height(), nz = g.thickness(), nViews = g.numViews();
		final int n = Fft.nextFastSize(2 * nx);
		final float[] h = filter.response(n, g);
		final double[] w = AngularWeights.of(g);
		final Fft.Plan1d plan = new Fft.Plan1d(n);
		final float[] in = ts.projections().data();
		Volume out = new Volume(nx, ny, nz, ReconInput.pixelSize(ts));
		final float[] vol = out.data();

		final int chunk = Math.min(ny, 32 * threads);
		Volume filtered = null, part = null;
		Projector projector = null;
		for (int y0 = 0; y0 < ny; y0 += chunk) {
			cancel.check();
			final int rows = Math.min(chunk, ny - y0), first = y0;
			if (filtered == null || filtered.ny() != rows) {
				filtered = new Volume(nx, rows, nViews, Double.NaN);
				part = new Volume(nx, rows, nz, Double.NaN);
				projector = new Projector(g.withHeight(rows));
			}
			final float[] f = filtered.data();
			final int pairs = (rows + 1) / 2;
			Parallel.forEach(nViews * pairs, threads, cancel, () -> new float[2 * n], (item, buf) -> {
				int k = item / pairs, r0 = 2 * (item % pairs), r1 = r0 + 1;
				int src0 = nx * ((first + r0) + ny * k), src1 = nx * ((first + r1) + ny * k);
				boolean two = r1 < rows;
				for (int x = 0; x < nx; x++) {
					buf[2 * x] = in[src0 + x];
					buf[2 * x + 1] = two ? in[src1 + x] : 0f;
				}
				// edge padding: right edge values after the row, left edge values before it (wrapped)
				int right = (n - nx) / 2;
				for (int i = nx; i < n; i++) {
					int from = i < nx + right ? nx - 1 : 0;
					buf[2 * i] = buf[2 * from];
					buf[2 * i + 1] = buf[2 * from + 1];
				}
				plan.forward(buf);
				for (int i = 0; i < n; i++) {
					buf[2 * i] *= h[i];
					buf[2 * i + 1] *= h[i];
				}
				plan.inverse(buf);
				float wk = (float) w[k];
				int dst0 = nx * (r0 + rows * k), dst1 = nx * (r1 + rows * k);
				for (int x = 0; x < nx; x++) {
					f[dst0 + x] = wk * buf[2 * x];
					if (two) f[dst1 + x] = wk * buf[2 * x + 1];
				}
			});
			projector.adjoint(filtered, part, threads, cancel);
			float[] p = part.data();
			for (int z = 0; z < nz; z++) for (int r = 0; r < rows; r++) {
				System.arraycopy(p, nx * (r + rows * z), vol, nx * ((first + r) + ny * z), nx);
			}
			progress.progress((y0 + rows) / (double) ny, "WBP: " + (y0 + rows) + "/" + ny + " rows");
		}
		return out;
	}

	@Override
	public String toString() {
		return "WeightedBackProjection[" + filter + "]";
	}
}
