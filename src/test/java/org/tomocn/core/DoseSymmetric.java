package org.tomocn.core;

/** Test data: a tilt series sorted by angle, reordered as a dose-symmetric acquisition stores it. */
public final class DoseSymmetric {
	private DoseSymmetric() {}

	/**
	 * The views of a series sorted by angle in a dose-symmetric acquisition order: the view
	 * nearest 0 degrees, then alternately the next ones above and below it.
	 */
	public static TiltSeries of(TiltSeries sorted) {
		TiltGeometry g = sorted.geometry();
		int n = g.numViews(), c = 0;
		for (int k = 1; k < n; k++) if (Math.abs(g.angleDeg(k)) < Math.abs(g.angleDeg(c))) c = k;
		int[] order = new int[n];
		order[0] = c;
		for (int i = 1, k = 1; k < n; i++) {
			if (c + i < n) order[k++] = c + i;
			if (c - i >= 0) order[k++] = c - i;
		}
		return sorted.views(order);
	}
}
