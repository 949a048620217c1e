package org.tomocn.recon;

import java.util.Arrays;

import org.tomocn.core.TiltGeometry;

/**
 * Per-view angular weights (radians) of the discrete back-projection integral
 * {@code f = integral over [0, pi) of (filtered projection) d theta}.
 * <p>
 * Each view owns the angular interval between the midpoints to its neighbours in angle
 * (the end views extend half of their neighbour spacing outwards), length {@code l_k}; the
 * weight is {@code w_k = pi * l_k / sum_j l_j}. For {@code K} equally spaced views this is
 * exactly {@code pi / K} for every view, the usual FBP weight for a full 180 degree range
 * (Kak &amp; Slaney, <i>Principles of Computerized Tomographic Imaging</i>, eq. 3.61);
 * unequal spacing gets proportionally unequal weights; views at the same angle share one
 * interval.
 * <p>
 * <b>Why the sum is pi also for a limited range.</b> With weights equal to the actual
 * spacing, a +-60 degree series would sum to 2 pi / 3 and the centre of any isotropic
 * object would come out at 2/3 of its value (the wedge's share of its spectrum is absent).
 * Rescaling the weights to sum to pi makes the value at the centre of an isotropic
 * object exact: {@code f_rec(0) = sum_k w_k integral |w| P(w) dw = (sum_k w_k / pi) f(0)}.
 * Equivalently, the reconstruction's spectrum in the sampled wedge is the object's spectrum
 * times {@code pi / sum_k l_k} (1.48 for -60:2:60, {@link #wedgeGain}) and zero in the
 * missing wedge. {@link FourierInversion} does not apply this factor: its grid estimates the
 * spectrum itself, and its interpolation fills the low-frequency part of the wedge instead;
 * the two engines agree within about 10% on dense regions as measured, not by construction
 * (see its "Scale" paragraph). {@link RampFilter}'s SIRT-like filter uses the factor.
 */
public final class AngularWeights {
	private AngularWeights() {}

	/** The weights, radians, in the order of the geometry's views; they sum to pi. */
	public static double[] of(TiltGeometry g) {
		double[] own = intervals(g);
		double total = 0;
		for (double l : own) total += l;
		double[] w = new double[own.length];
		for (int i = 0; i < w.length; i++) w[i] = Math.PI * own[i] / total;
		return w;
	}

	/**
	 * The factor by which the reconstruction's spectrum in the sampled region exceeds the
	 * object's: {@code pi / sum_k l_k}, {@code l_k} in radians (1 for a full 180 degree
	 * range; 180/122 = 1.475 for -60:2:60).
	 */
	public static double wedgeGain(TiltGeometry g) {
		double total = 0;
		for (double l : intervals(g)) total += l;
		return Math.PI / total;
	}

	/** The angular interval each view owns, radians (pi for a single view or a single angle). */
	private static double[] intervals(TiltGeometry g) {
		int k = g.numViews();
		double[] a = g.anglesDeg();
		double[] sorted = a.clone();
		Arrays.sort(sorted);
		double[] distinct = Arrays.stream(sorted).distinct().toArray();
		int n = distinct.length;
		double[] own = new double[k];
		if (n == 1) {
			Arrays.fill(own, Math.PI / k);
			return own;
		}
		double[] len = new double[n];
		for (int s = 0; s < n; s++) {
			double lo = (s > 0 ? distinct[s] - distinct[s - 1] : distinct[1] - distinct[0]) / 2;
			double hi = (s < n - 1 ? distinct[s + 1] - distinct[s] : distinct[n - 1] - distinct[n - 2]) / 2;
			len[s] = Math.toRadians(lo + hi);
		}
		int[] group = new int[k], share = new int[n];
		for (int i = 0; i < k; i++) {
			group[i] = Arrays.binarySearch(distinct, a[i]);
			share[group[i]]++;
		}
		for (int i = 0; i < k; i++) own[i] = len[group[i]] / share[group[i]];
		return own;
	}
}
