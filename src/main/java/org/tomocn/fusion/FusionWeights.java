package org.tomocn.fusion;

import java.util.Arrays;
import java.util.Locale;

/**
 * The weights of {@link FrequencyFusion}, one pair per Fourier shell and {@link FusionRegion},
 * computed from the two reconstructions alone (no ground truth): the fused transform at a point
 * of shell k and region r is {@code wClassic[k][r] * C + wNetwork[k][r] * N}, where C and N are
 * the transforms of the classic and the network volume. {@code wClassic} includes the scale
 * factor g that brings the classic volume onto the network's intensity scale.
 * <p>
 * Notation, per shell k (FSC shells: round(|k|), Fourier pixels of the largest side) and region,
 * with {@code C' = g C}: {@code Pc = sum |C'|^2}, {@code Pn = sum |N|^2},
 * {@code X = Re sum C' conj N}, n = the number of points.
 * <ol>
 * <li><b>Scale.</b> {@code g = sum Pn / sum Xraw} over the present region of shells 1 .. max(2,
 * N/8) (Xraw = Re sum C conj N): 1 / (the regression of C on N). The network's noise is low, so
 * the classic's noise does not bias it; at these low frequencies both methods are
 * reliable (paper, section 4: the network is best at low frequency).</li>
 * <li><b>Measured region (present and gap), SNR-optimal.</b> Model: {@code C' = S + Ec},
 * {@code N = b S + En}, errors independent of each other and of S, the classic unbiased there
 * (it is a direct measurement). The signal power S2 is estimated as {@code X} when
 * {@code Pn >= X} (b = 1: the network's excess power is error), else as {@code X^2 / Pn}
 * (En = 0: the network is attenuated, b = Pn / X, as by a blur); 0 when X <= 0; or from the
 * classic's half sets (below). Then the classic's error power is {@code ec = Pc - S2} and the
 * network's, {@code sum |N - S|^2}, is {@code en = Pn - 2 X + S2} (each at least 1e-6 Pn;
 * for an attenuated network en = (1 - b)^2 S2, its blur counted as error). The inverse-variance (SNR-optimal) weights are
 * {@code a = en / (ec + en)} for the classic and {@code 1 - a} for the network, so
 * {@code wClassic = g a}, {@code wNetwork = 1 - a}, both a and 1 - a in [0, 1].
 * With half sets (two classic reconstructions from the even and the odd views),
 * {@code S2 = Pc * 2 F / (1 + F)} where F is their FSC in that shell and region (the full set's
 * correlation with the signal, as cryo-EM map combination estimates it), its sums pooled over
 * the shells k - N/16 .. k + N/16 (one shell's FSC of noisy half sets scatters too much).
 * Then also a Wiener factor {@code h = min(1, S2 / Pf)}, where
 * {@code Pf = a^2 Pc + (1-a)^2 Pn + 2 a (1-a) X} is the power of the combination, multiplies
 * both weights: on noisy data the network has fitted part of the noise, which is correlated
 * with the classic's and so not seen as error by the model above; where the signal has less
 * power than the combination, the excess is noise and is scaled away, as a Wiener filter does
 * (without h the fusion gained 0.0-0.1 dB over the network at SNR 1, 0.3 and 0.1, with it 0.2-0.8 dB;
 * docs/benchmark/noise.md, session 14). Then {@code wClassic = g a h}, {@code wNetwork = (1 - a) h}.
 * Without half sets (noise-free data) h = 1.</li>
 * <li><b>Missing wedge.</b> No view measured it; the classic methods only leak interpolated values
 * into it. {@code wClassic = 0}. The network fills it, reliably at low frequency and
 * increasingly wrongly at high frequency (paper, section 4). Its weight is a Wiener-like
 * factor that removes excess power: with the signal power per point expected for shell k,
 * {@code s(k) = S2_present(k) / n_present(k)} (an object's power spectrum is about isotropic
 * within a shell) and the network's wedge power per point {@code p(k) = Pn_wedge(k) / n_wedge(k)},
 * {@code q(k) = min(1, s(k) / p(k))}, made non-increasing with frequency (reliability of an
 * extrapolation does not grow with distance from the origin):
 * {@code wNetwork(k) = max over k' >= k of q(k')}. So the network's wedge is kept in full
 * where its power does not exceed the signal's, and scaled down where it holds more power
 * than the object can have.</li>
 * <li><b>Origin.</b> The mean is the network's: {@code wClassic[0] = 0, wNetwork[0] = 1}.</li>
 * </ol>
 * Immutable; arrays are copied out.
 */
public final class FusionWeights {
	/** Relative floor of the error powers (keeps the weights defined when one error vanishes). */
	static final double EPS = 1e-6;

	private final double scale;
	private final double[][] wClassic, wNetwork, agreement, signalFraction;
	private final long[][] counts;
	private final boolean halfSets;
	private final int boxSize;

	private FusionWeights(int boxSize, double scale, double[][] wClassic, double[][] wNetwork, double[][] agreement, double[][] signalFraction, long[][] counts,
		boolean halfSets) {
		this.scale = scale;
		this.wClassic = wClassic;
		this.wNetwork = wNetwork;
		this.agreement = agreement;
		this.signalFraction = signalFraction;
		this.counts = counts;
		this.halfSets = halfSets;
		this.boxSize = boxSize;
	}

	/** N, the largest side of the volumes: shell k is at k / N cycles per pixel. */
	public int boxSize() {
		return boxSize;
	}

	/**
	 * The weights from the sums of {@link PairSpectrum#sums()} of (classic, network), and
	 * optionally of the classic's two half-set reconstructions (null: from the agreement).
	 *
	 * @param boxSize N, the largest side
	 */
	static FusionWeights compute(double[][][] cn, double[][][] halvesOrNull, int boxSize) {
		final int P = FusionRegion.PRESENT.ordinal(), W = FusionRegion.WEDGE.ordinal();
		final int AA = PairSpectrum.AA, BB = PairSpectrum.BB, AB = PairSpectrum.AB, COUNT = PairSpectrum.COUNT;
		int ns = cn.length, nr = FusionRegion.values().length;
		double num = 0, den = 0;
		int kScale = Math.min(ns - 1, Math.max(2, boxSize / 8));
		for (int k = 1; k <= kScale; k++) {
			num += cn[k][P][BB];
			den += cn[k][P][AB];
		}
		if (!(num > 0) || !(den > 0)) {
			throw new org.tomocn.core.TomoInputException(
				"The network and the classic reconstruction do not agree at low frequency (their correlation there is " + (num > 0 && den != 0 ? "negative" : "undefined") +
					"): they cannot be of the same object, or one of them has the opposite contrast (see invert)");
		}
		double g = num / den;
		int pool = Math.max(1, boxSize / 16);
		double[][] wc = new double[ns][nr], wn = new double[ns][nr], agree = new double[ns][nr], sf = new double[ns][nr];
		long[][] cnt = new long[ns][nr];
		double[] s2Present = new double[ns];
		for (int k = 0; k < ns; k++) {
			for (int r = 0; r < nr; r++) {
				double[] s = cn[k][r];
				cnt[k][r] = Math.round(s[COUNT]);
				double pc = g * g * s[AA], pn = s[BB], x = g * s[AB];
				agree[k][r] = pc > 0 && pn > 0 ? x / Math.sqrt(pc * pn) : Double.NaN;
				if (k == 0 || r == W || s[COUNT] == 0 || !(pn > 0) || !(pc > 0)) continue;
				double s2;
				if (halvesOrNull != null) {
					double f = pooledCorrelation(halvesOrNull, k, r, pool);
					s2 = pc * 2 * f / (1 + f);
				}
				else {
					// network unbiased (its excess power is error), or, when it holds less power than
					// its cross-power with the classic, attenuated by b = pn / x with the classic unbiased
					s2 = x <= 0 ? 0 : pn >= x ? x : x * x / pn;
				}
				double ec = Math.max(pc - s2, EPS * pn), en = Math.max(pn - 2 * x + s2, EPS * pn);
				double a = en / (ec + en);
				double shrink = 1;
				if (halvesOrNull != null) {
					// Wiener: the combination's power a^2 Pc + (1-a)^2 Pn + 2 a (1-a) X held to the signal's
					double pf = a * a * pc + (1 - a) * (1 - a) * pn + 2 * a * (1 - a) * x;
					if (pf > s2) shrink = s2 / pf;
				}
				wc[k][r] = g * a * shrink;
				wn[k][r] = (1 - a) * shrink;
				sf[k][r] = s2 / pc;
				if (r == P) s2Present[k] = s2 / s[COUNT];
			}
		}
		wn[0][P] = 1;
		for (int r = 0; r < nr; r++) if (r != P) wn[0][r] = 1;
		// the wedge: the network, scaled down where it holds more power than the signal can
		double running = 0;
		for (int k = ns - 1; k >= 1; k--) {
			double[] s = cn[k][W];
			double q = 1;
			if (s[COUNT] > 0 && s[BB] > 0 && cn[k][P][COUNT] > 0) q = Math.min(1, s2Present[k] / (s[BB] / s[COUNT]));
			running = Math.max(running, q);
			wn[k][W] = running;
		}
		return new FusionWeights(boxSize, g, wc, wn, agree, sf, cnt, halvesOrNull != null);
	}

	/**
	 * The half sets' FSC in region r over the shells k - pool .. k + pool (sums pooled before the
	 * ratio), at least 0. One shell's FSC of noisy half sets scatters by about 1 / sqrt(its
	 * points) around a small true value; pooling 2 pool + 1 shells (pool = N / 16: 1/16 cycle
	 * per pixel either side) steadies the signal power estimated from it.
	 */
	private static double pooledCorrelation(double[][][] halves, int k, int r, int pool) {
		double aa = 0, bb = 0, ab = 0;
		int top = halves.length - 1; // Nyquist and the cube's corners beyond it: many points, pooled only with itself
		for (int j = Math.max(1, k - pool); j <= Math.min(k == top ? top : top - 1, k + pool); j++) {
			aa += halves[j][r][PairSpectrum.AA];
			bb += halves[j][r][PairSpectrum.BB];
			ab += halves[j][r][PairSpectrum.AB];
		}
		return aa > 0 && bb > 0 ? Math.max(0, ab / Math.sqrt(aa * bb)) : 0;
	}

	/**
	 * One line for the log: where the weights came from, and how much of the measured region
	 * (present and gap) the fused volume keeps in three bands, 0-1/8, 1/8-1/4 and 1/4-1/2
	 * cycles/pixel: the mean over their points of {@code classicShare + network} (1: kept whole,
	 * 0: removed as noise). With the agreement weights these are 1.
	 */
	public String summary() {
		double[] sum = new double[3], n = new double[3];
		for (int k = 1; k < wClassic.length - 1; k++) { // without the Nyquist shell, which holds the corners
			double f = k / (double) boxSize;
			int band = f < 0.125 ? 0 : f < 0.25 ? 1 : 2;
			for (FusionRegion r : FusionRegion.values()) {
				if (r == FusionRegion.WEDGE) continue;
				long c = counts[k][r.ordinal()];
				sum[band] += c * (classicShare(k, r) + network(k, r));
				n[band] += c;
			}
		}
		return String.format(Locale.ROOT, "weights from %s; the measured region kept %.2f / %.2f / %.2f at 0-1/8 / 1/8-1/4 / 1/4-1/2 cycles per pixel",
			halfSets ? "the classic's half sets (held to the signal's power: what exceeds it is removed as noise)" : "the agreement of the two volumes",
			sum[0] / Math.max(1, n[0]), sum[1] / Math.max(1, n[1]), sum[2] / Math.max(1, n[2]));
	}

	/** g: the factor that brings the classic volume onto the network's intensity scale. */
	public double scale() {
		return scale;
	}

	/** True when the signal power came from the classic's half sets, false when from the agreement. */
	public boolean fromHalfSets() {
		return halfSets;
	}

	/** N / 2: shells run 0 .. numShells(). */
	public int numShells() {
		return wClassic.length - 1;
	}

	/** The classic's weight in shell k and region r, g included. */
	public double classic(int k, FusionRegion r) {
		return wClassic[k][r.ordinal()];
	}

	/** The classic's share a in [0, 1], without the scale g: {@code classic(k, r) / g}. */
	public double classicShare(int k, FusionRegion r) {
		return wClassic[k][r.ordinal()] / scale;
	}

	/** The network's weight in shell k and region r, in [0, 1]. */
	public double network(int k, FusionRegion r) {
		return wNetwork[k][r.ordinal()];
	}

	/** The FSC between the scaled classic and the network in shell k and region r (NaN without power). */
	public double agreement(int k, FusionRegion r) {
		return agreement[k][r.ordinal()];
	}

	/** The estimated signal fraction S2 / Pc of the classic in shell k, region r (0 in the wedge). */
	public double signalFraction(int k, FusionRegion r) {
		return signalFraction[k][r.ordinal()];
	}

	/** The number of DFT points in shell k and region r. */
	public long count(int k, FusionRegion r) {
		return counts[k][r.ordinal()];
	}

	double[][] classicArray() {
		return copy(wClassic);
	}

	double[][] networkArray() {
		return copy(wNetwork);
	}

	private static double[][] copy(double[][] a) {
		double[][] c = new double[a.length][];
		for (int i = 0; i < a.length; i++) c[i] = Arrays.copyOf(a[i], a[i].length);
		return c;
	}
}
