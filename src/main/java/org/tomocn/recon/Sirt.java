package org.tomocn.recon;

import org.tomocn.core.CancelToken;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;
import org.tomocn.geometry.Projector;

/**
 * SIRT, the simultaneous iterative reconstruction technique (Gilbert, J. Theor. Biol. 36,
 * 1972), in its standard row/column-normalised form
 * <pre>  x_{k+1} = x_k + lambda C A^T R (b - A x_k),   x_0 = 0</pre>
 * with {@code A} the shared {@link Projector}, {@code R = diag(1 / row sums of A)} and
 * {@code C = diag(1 / column sums of A)} (Gregor &amp; Benson, IEEE TMI 27(7), 2008, eq. 5;
 * the form ASTRA and TIGRE implement; a zero sum gives a zero weight). Every y row uses the
 * same matrix, so R and C are computed once on one row. It converges for
 * {@code 0 < lambda < 2} (to the R-weighted least-squares solution); {@code positivity}
 * clips x at 0 after every update.
 * <p>
 * The residual {@code ||b - A x_k||} (Euclidean norm over the whole tilt series, in the
 * units of the projections) of every iterate {@code k = 0 .. N} is passed to the
 * {@link ResidualListener} as soon as it is known and returned in the {@link Result}
 * ({@code N + 1} values; {@code k = 0} is {@code ||b||}).
 * <p>
 * <b>Memory.</b> The output, one more volume (the back-projection) and one tilt series
 * (the residual). The cancel token is checked inside every projection.
 */
public final class Sirt implements Reconstructor {

	/** Receives the residual norm of iterate k (0 = the zero start) during the run. */
	@FunctionalInterface
	public interface ResidualListener {
		ResidualListener NONE = (k, r) -> { };

		void residual(int iteration, double norm);
	}

	/** The reconstruction and the residual of every iterate. */
	public static final class Result {
		private final Volume volume;
		private final double[] residuals;

		Result(Volume volume, double[] residuals) {
			this.volume = volume;
			this.residuals = residuals;
		}

		public Volume volume() {
			return volume;
		}

		/** {@code ||b - A x_k||} for k = 0 .. iterations (a copy). */
		public double[] residuals() {
			return residuals.clone();
		}
	}

	private final int iterations;
	private final double relaxation;
	private final boolean positivity;

	/**
	 * @param iterations N >= 1
	 * @param relaxation lambda in (0, 2)
	 * @param positivity clip at 0 after every iteration
	 */
	public Sirt(int iterations, double relaxation, boolean positivity) {
		if (iterations < 1) throw new TomoInputException("iterations must be at least 1, got " + iterations);
		if (!(relaxation > 0 && relaxation < 2)) throw new TomoInputException("relaxation must be in (0, 2), got " + relaxation);
		this.iterations = iterations;
		this.relaxation = relaxation;
		this.positivity = positivity;
	}

	public int iterations() {
		return iterations;
	}

	public double relaxation() {
		return relaxation;
	}

	public boolean positivity() {
		return positivity;
	}

	@Override
	public Volume reconstruct(TiltSeries ts, int threads, CancelToken cancel, ProgressListener progress) {
		return run(ts, threads, cancel, progress, ResidualListener.NONE).volume();
	}

	/** Runs SIRT; see the class comment. Blocks. */
	public Result run(TiltSeries ts, int threads, CancelToken cancel, ProgressListener progress, ResidualListener residuals) {
		ReconInput.check(ts, threads);
		final TiltGeometry g = ts.geometry();
		final int nx = g.width(), ny = g.height(), nz = g.thickness(), nViews = g.numViews();
		final Projector projector = new Projector(g);

		// R and C from one row: A 1 and A^T 1
		Projector one = new Projector(g.withHeight(1));
		Volume ones = new Volume(nx, 1, nz, Double.NaN);
		java.util.Arrays.fill(ones.data(), 1f);
		float[] rowW = one.forward(ones, 1, cancel).projections().data();
		Volume onesP = new Volume(nx, 1, nViews, Double.NaN);
		java.util.Arrays.fill(onesP.data(), 1f);
		float[] colW = one.adjoint(onesP, 1, cancel).data();
		invert(rowW);
		invert(colW);

		final float[] b = ts.projections().data();
		Volume x = new Volume(nx, ny, nz, ReconInput.pixelSize(ts));
		Volume ax = new Volume(nx, ny, nViews, Double.NaN);
		Volume back = new Volume(nx, ny, nz, Double.NaN);
		final float[] xv = x.data(), r = ax.data(), bv = back.data();
		final float lambda = (float) relaxation;
		double[] norms = new double[iterations + 1];

		for (int k = 0; k <= iterations; k++) {
			cancel.check();
			// r = b - A x_k (A x_0 = 0)
			if (k > 0) projector.forward(x, ax, threads, cancel);
			double ss = 0;
			for (int v = 0; v < nViews; v++) for (int y = 0; y < ny; y++) {
				int base = nx * (y + ny * v), wBase = nx * v;
				for (int u = 0; u < nx; u++) {
					float res = b[base + u] - (k > 0 ? r[base + u] : 0f);
					ss += (double) res * res;
					r[base + u] = res * rowW[wBase + u];
				}
			}
			norms[k] = Math.sqrt(ss);
			residuals.residual(k, norms[k]);
			progress.progress(k / (double) iterations, "SIRT iteration " + k + "/" + iterations + ", residual " + String.format("%.4g", norms[k]));
			if (k == iterations) break;
			projector.adjoint(ax, back, threads, cancel);
			for (int z = 0; z < nz; z++) for (int y = 0; y < ny; y++) {
				int base = nx * (y + ny * z), wBase = nx * z;
				for (int i = 0; i < nx; i++) {
					float v = xv[base + i] + lambda * colW[wBase + i] * bv[base + i];
					xv[base + i] = positivity && v < 0 ? 0f : v;
				}
			}
		}
		return new Result(x, norms);
	}

	private static void invert(float[] a) {
		for (int i = 0; i < a.length; i++) a[i] = a[i] > 1e-6f ? 1f / a[i] : 0f;
	}

	@Override
	public String toString() {
		return "Sirt[" + iterations + " iterations, relaxation " + relaxation + (positivity ? ", positivity" : "") + "]";
	}
}
