package org.tomocn.cn;

import java.util.ArrayList;
import java.util.List;

import org.tomocn.geometry.SparseMatrix;
import org.tomocn.core.TiltGeometry;

/**
 * Views fitted and views held out to watch the fit ({@link HeldOutWatch}). Every
 * {@code every}-th view in order of tilt angle (whatever order the file holds) is held out,
 * never the two most tilted views, whose neighbours are on one side only. Splits the
 * projection matrix (rows {@code u + X view}) and a chunk's projections
 * ({@code (X l) x j}) by view, keeping the view order within each part.
 */
final class ViewSplit {
	final int[] train, heldOut;
	private final int nx;

	private ViewSplit(int[] train, int[] heldOut, int nx) {
		this.train = train;
		this.heldOut = heldOut;
		this.nx = nx;
	}

	/** Holds out every {@code every}-th view by angle (from the middle of the first group), at least one if there are 5 or more views. */
	static ViewSplit everyNth(TiltGeometry g, int every) {
		int n = g.numViews();
		int[] byAngle = g.viewsByAngle();
		boolean[] held = new boolean[n];
		if (n >= 5) for (int r = Math.min(every / 2, n / 2); r < n - 1; r += every) if (r > 0) held[byAngle[r]] = true;
		List<Integer> t = new ArrayList<>(), h = new ArrayList<>();
		for (int k = 0; k < n; k++) (held[k] ? h : t).add(k);
		return new ViewSplit(t.stream().mapToInt(Integer::intValue).toArray(), h.stream().mapToInt(Integer::intValue).toArray(), g.width());
	}

	/** The rows of {@code a} that belong to {@code views}, in that order. */
	SparseMatrix rows(SparseMatrix a, int[] views) {
		int rows = views.length * nx, nnz = 0;
		for (int v : views) nnz += a.rowPtr[(v + 1) * nx] - a.rowPtr[v * nx];
		int[] ptr = new int[rows + 1], col = new int[nnz];
		float[] val = new float[nnz];
		int r = 0, o = 0;
		for (int v : views) for (int u = 0; u < nx; u++, r++) {
			int from = a.rowPtr[u + nx * v], to = a.rowPtr[u + nx * v + 1];
			System.arraycopy(a.colIdx, from, col, o, to - from);
			System.arraycopy(a.values, from, val, o, to - from);
			o += to - from;
			ptr[r + 1] = o;
		}
		return new SparseMatrix(rows, a.cols, ptr, col, val);
	}

	/** The projections of {@code views} from a chunk's projections {@code (X l) x j}. */
	float[] rows(float[] proj, int j, int[] views) {
		float[] out = new float[views.length * nx * j];
		for (int i = 0; i < views.length; i++) System.arraycopy(proj, views[i] * nx * j, out, i * nx * j, nx * j);
		return out;
	}
}
