package org.tomocn.recon;

import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;

/** Checks shared by every reconstruction engine, run before any work. */
public final class ReconInput {
	private ReconInput() {}

	/**
	 * Validates a tilt series and a thread count. The geometry and {@link TiltSeries} already
	 * guarantee matching sizes and finite angles in [-90, 90]; this adds the thread count and
	 * a scan of every projection value for NaN or infinity.
	 *
	 * @throws TomoInputException naming the problem (the first bad view and pixel, 1-based
	 *           view number as in IMOD, 0-based x, y)
	 */
	public static void check(TiltSeries ts, int threads) {
		if (ts == null) throw new TomoInputException("No tilt series given");
		if (threads < 1) throw new TomoInputException("threads must be at least 1, got " + threads);
		TiltGeometry g = ts.geometry();
		Volume p = ts.projections();
		if (p.nx() != g.width() || p.ny() != g.height() || p.nz() != g.numViews()) {
			throw new TomoInputException("Projections " + p + " do not match the geometry " + g);
		}
		requireFinite(ts, "The tilt series", new int[0]);
	}

	/**
	 * Refuses NaN or infinite values in the views of {@code ts} that are not excluded.
	 *
	 * @param name how the user knows the tilt series, e.g. its file name
	 * @param excludedViews sorted 0-based views not to scan (they will be dropped)
	 * @throws TomoInputException naming the tilt series, the first bad view (1-based, as in
	 *           IMOD and {@code exclude_views}, counted in {@code ts}), its angle and the
	 *           pixel (0-based x, y)
	 */
	public static void requireFinite(TiltSeries ts, String name, int[] excludedViews) {
		Volume p = ts.projections();
		for (int k = 0, e = 0; k < p.nz(); k++) {
			if (e < excludedViews.length && excludedViews[e] == k) {
				e++;
				continue;
			}
			int i = p.indexOfNonFinite(k, k + 1);
			if (i >= 0) {
				int x = i % p.nx(), y = (i / p.nx()) % p.ny();
				throw new TomoInputException(name + " has " + (Float.isNaN(p.data()[i]) ? "a NaN" : "an infinite") + " value in view " + (k + 1) + " (angle " +
					ts.geometry().angleDeg(k) + " deg) at x " + x + ", y " + y + "; fix or exclude that view (exclude_views=" + (k + 1) + ")");
			}
		}
	}

	/** The pixel size the output carries: the geometry's, else the projections', else NaN. */
	static double pixelSize(TiltSeries ts) {
		double g = ts.geometry().pixelSize();
		return Double.isNaN(g) ? ts.projections().pixelSize() : g;
	}
}
