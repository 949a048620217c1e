package org.tomocn.recon;


import org.tomocn.core.CancelToken;
import org.tomocn.core.Parallel;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.fft.Fft;
import org.tomocn.geometry.Projector;

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
 * <b>Ray-density correction.</b> The Joseph adjoint is the exact transpose, not an
 * interpolating back-projector: a voxel hit squarely by a ray of view k receives
 * {@code 1/|cos t|} of it, a voxel between two rays less (at 45 degrees the per-view
 * weight sum {@code (A_k^T 1)(x, z)} ripples between 0.83 and 1.41 around its mean 1). At a
 * voxel-aligned rotation centre (odd X and Z) every view hits the centre squarely and WBP
 * would put a 15% bright line there. The result is therefore divided, per voxel, by
 * {@code N = sum_k w_k (A_k^T 1) / sum_k w_k s_k}, {@code s_k} = 1 where the voxel projects
 * inside the detector of view k: the mean ray density of the views that see the voxel
 * (1 on average, so the scale is unchanged). It is computed once on one y row with the
 * same adjoint.
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

		final float[] density = rayDensity(g, w, cancel);

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
				int src = nx * (r + rows * z), dst = nx * ((first + r) + ny * z), d = nx * z;
				for (int x = 0; x < nx; x++) vol[dst + x] = p[src + x] / density[d + x];
			}
			progress.progress((y0 + rows) / (double) ny, "WBP: " + (y0 + rows) + "/" + ny + " rows");
		}
		return out;
	}

	/**
	 * {@code N(x, z) = sum_k w_k (A_k^T 1)(x, z) / sum_k w_k s_k(x, z)} (see the class
	 * comment), 1 where no view sees the voxel or the ratio is implausibly small (below 0.1).
	 */
	static float[] rayDensity(TiltGeometry g, double[] w, CancelToken cancel) {
		int nx = g.width(), nz = g.thickness(), nViews = g.numViews();
		Volume weights = new Volume(nx, 1, nViews, Double.NaN);
		for (int k = 0; k < nViews; k++) java.util.Arrays.fill(weights.data(), nx * k, nx * (k + 1), (float) w[k]);
		float[] bp = new Projector(g.withHeight(1)).adjoint(weights, 1, cancel).data();
		float[] n = new float[nx * nz];
		double[] cos = new double[nViews], sin = new double[nViews];
		for (int k = 0; k < nViews; k++) {
			cos[k] = Math.cos(g.angleRad(k));
			sin[k] = Math.sin(g.angleRad(k));
		}
		double cx = g.centreX(), cz = g.centreZ();
		for (int z = 0; z < nz; z++) for (int x = 0; x < nx; x++) {
			double seen = 0;
			for (int k = 0; k < nViews; k++) {
				double u = (x - cx) * cos[k] + (z - cz) * sin[k] + cx; // TiltGeometry.detectorU
				if (u > -0.5 && u < nx - 0.5) seen += w[k];
			}
			double r = seen > 0 ? bp[x + nx * z] / seen : 1;
			n[x + nx * z] = (float) (r > 0.1 ? r : 1);
		}
		return n;
	}

	@Override
	public String toString() {
		return "WeightedBackProjection[" + filter + "]";
	}
}
