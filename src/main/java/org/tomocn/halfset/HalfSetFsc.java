package org.tomocn.halfset;

import org.tomocn.core.CancelToken;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;
import org.tomocn.metrics.FourierShellCorrelation;
import org.tomocn.metrics.FscResult;
import org.tomocn.recon.Reconstructor;

/**
 * Half-set FSC for data without a ground truth: the views, ranked by tilt angle, are split
 * into the even and the odd ranks (so each half keeps the full tilt range at twice the step
 * whatever order the file holds, e.g. a dose-symmetric 0, +2, -2, +4, ... scheme), each half
 * is reconstructed with the same method, and the FSC between the two halves is
 * reported. Its resolution is read at the 0.143 criterion
 * ({@link FscResult#THRESHOLD_HALF_SETS}), which applies to two independent half
 * reconstructions (conventions, "Metrics").
 */
public final class HalfSetFsc {
	private HalfSetFsc() {}

	/**
	 * The two half sets, interleaved by angle: with the views ranked by tilt angle (ties in
	 * file order), [0] holds the ranks 0, 2, 4, ... and [1] the ranks 1, 3, 5, ...; each half
	 * keeps its views in file order. For a stack sorted by angle these are the views 0, 2, 4,
	 * ... and 1, 3, 5, ....
	 */
	public static TiltSeries[] split(TiltSeries ts) {
		int n = ts.numViews();
		if (n < 4) throw new TomoInputException("Half-set FSC needs at least 4 views, the tilt series has " + n);
		int[] rank = ts.geometry().viewsByAngle(); // ties keep file order
		boolean[] odd = new boolean[n];
		for (int r = 1; r < n; r += 2) odd[rank[r]] = true;
		int[] oddViews = new int[n / 2], evenViews = new int[(n + 1) / 2];
		for (int k = 0, o = 0, e = 0; k < n; k++) {
			if (odd[k]) oddViews[o++] = k;
			else evenViews[e++] = k;
		}
		return new TiltSeries[] { ts.views(evenViews), ts.views(oddViews) };
	}

	/** The reconstructions of both halves and their FSC (plain, no directional curves). */
	public static final class Result {
		public final Volume even, odd;
		public final FscResult fsc;

		Result(Volume even, Volume odd, FscResult fsc) {
			this.even = even;
			this.odd = odd;
			this.fsc = fsc;
		}
	}

	/** Splits, reconstructs both halves with {@code method} and correlates them. */
	public static Result compute(TiltSeries ts, Reconstructor method, int threads, CancelToken cancel, ProgressListener progress) {
		TiltSeries[] halves = split(ts);
		Volume even = method.reconstruct(halves[0], threads, cancel, progress.part(0, 0.5, "even views: "));
		Volume odd = method.reconstruct(halves[1], threads, cancel, progress.part(0.5, 1, "odd views: "));
		return new Result(even, odd, FourierShellCorrelation.compute(even, "the reconstruction of the even angle ranks", odd, "the reconstruction of the odd angle ranks", null, threads, cancel));
	}
}
