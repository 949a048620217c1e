package org.tomocn.recon;

import java.util.Locale;

import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TomoInputException;
import org.tomocn.fft.Fft;

/**
 * The 1-D filter of weighted back-projection, applied to every projection row along x:
 * <pre>  H(f) = R(f) * W(f) * G(f) * S_N(f)</pre>
 * with {@code f} in cycles/pixel (0 .. 0.5):
 * <ul>
 * <li>{@code R}: the band-limited ramp {@code |f|}, built as the DFT of its sampled kernel
 * {@code h(0) = 1/4, h(n) = -1/(pi n)^2} for odd n, 0 for even n (Kak &amp; Slaney,
 * <i>Principles of Computerized Tomographic Imaging</i>, eq. 3.61), not by sampling
 * {@code |f|}: the sampled kernel gets the zero-frequency term right and avoids the
 * DC offset ("cupping") of a sampled ramp.</li>
 * <li>{@code W}, the window ({@link Window}): ram-lak 1; shepp-logan
 * {@code sin(pi f)/(pi f)}; cosine {@code cos(pi f)}; hamming {@code 0.54 + 0.46 cos(2 pi f)}
 * (the usual definitions, e.g. scikit-image's {@code iradon}).</li>
 * <li>{@code G}, IMOD-style radial filter ({@code tilt}'s RADIAL option with
 * {@code FalloffIsTrueSigma 1}; IMOD's tilt man page: "the radial weighting function is
 * linear away from the origin out to the distance in reciprocal space specified by the
 * first value, followed by a Gaussian fall-off determined by the second value", in
 * cycles/pixel 0 .. 0.5): the ramp rises linearly up to {@code cutoff} and falls off
 * beyond it as a Gaussian of standard deviation {@code falloff}:
 * {@code G = 1} for {@code f <= cutoff}, else {@code (cutoff/f) exp(-(f-cutoff)^2 / (2 falloff^2))},
 * so that {@code R*G} is {@code R(cutoff) * gaussian} beyond the cutoff. {@code cutoff = 0}
 * turns it off. IMOD's common setting is cutoff 0.35, falloff 0.035.</li>
 * <li>{@code S_N}, the SIRT-like filter ({@code sirt_like = N > 0}, IMOD's
 * {@code FakeSIRTiterations}): IMOD replaces the ramp {@code f} by
 * {@code f (1 - (1 - a/f)^N)} (IMOD documentation, "SIRT and SIRT-like Filter
 * Reconstructions", bio3d.colorado.edu/imod/doc/SIRTexample.html), with {@code a} and an
 * adjustment of N tuned there by matching SIRT; those constants are not published in the
 * page, so we derive {@code a}: SIRT with R = 1/row sums and C = 1/column sums acts in
 * Fourier space like {@code C A^T R A ~ a/|f|} with
 * {@code a = mean_k(1/L_k) / sum_k l_k}, {@code L_k} the length of the central ray of view k
 * through the X x Z slab (pixels) and {@code l_k} the view's angular interval (radians,
 * {@link AngularWeights}); N Landweber steps of relaxation 1 then give the factor
 * {@code S_N = 1 - (1 - a/f)^N} on the converged (ramp-filtered) solution. For
 * {@code f <= a} the step would overshoot; there {@code S_N = 1} (converged). As IMOD notes,
 * the SIRT-equivalent filter depends on the thickness (through {@code L_k}).</li>
 * </ul>
 * Instances are immutable.
 */
public final class RampFilter {

	/** The apodisation window on the ramp; {@link #key()} is the name users type. */
	public enum Window {
		RAM_LAK("ram-lak"), SHEPP_LOGAN("shepp-logan"), COSINE("cosine"), HAMMING("hamming");

		private final String key;

		Window(String key) {
			this.key = key;
		}

		public String key() {
			return key;
		}

		/** Parses {@code ram-lak | shepp-logan | cosine | hamming} (case-insensitive; '_' for '-'). */
		public static Window parse(String s) {
			String k = s == null ? "" : s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
			for (Window w : values()) if (w.key.equals(k)) return w;
			throw new TomoInputException("filter must be one of ram-lak, shepp-logan, cosine, hamming; got '" + s + "'");
		}

		double value(double f) {
			switch (this) {
				case SHEPP_LOGAN:
					return f == 0 ? 1 : Math.sin(Math.PI * f) / (Math.PI * f);
				case COSINE:
					return Math.cos(Math.PI * f);
				case HAMMING:
					return 0.54 + 0.46 * Math.cos(2 * Math.PI * f);
				default:
					return 1;
			}
		}
	}

	private final Window window;
	private final double cutoff, falloff;
	private final int sirtLike;

	/**
	 * @param window ramp window
	 * @param cutoff IMOD-style radial cutoff, cycles/pixel in [0, 0.5]; 0 = off
	 * @param falloff Gaussian sigma beyond the cutoff, cycles/pixel, > 0 when cutoff > 0
	 * @param sirtLikeIterations N of the SIRT-like filter, 0 = off
	 * @throws TomoInputException for values out of range (named as the command keys)
	 */
	public RampFilter(Window window, double cutoff, double falloff, int sirtLikeIterations) {
		if (window == null) throw new TomoInputException("filter: no window given");
		if (!(cutoff >= 0 && cutoff <= 0.5)) throw new TomoInputException("cutoff must be in [0, 0.5] cycles/pixel (0 = off), got " + cutoff);
		if (cutoff > 0 && !(falloff > 0 && Double.isFinite(falloff))) {
			throw new TomoInputException("falloff must be a positive Gaussian sigma in cycles/pixel when cutoff is set, got " + falloff);
		}
		if (sirtLikeIterations < 0) throw new TomoInputException("sirt_like must be >= 0 (0 = off), got " + sirtLikeIterations);
		this.window = window;
		this.cutoff = cutoff;
		this.falloff = falloff;
		this.sirtLike = sirtLikeIterations;
	}

	/** The plain Ram-Lak ramp. */
	public static RampFilter ramLak() {
		return new RampFilter(Window.RAM_LAK, 0, 0, 0);
	}

	public Window window() {
		return window;
	}

	public double cutoff() {
		return cutoff;
	}

	public double falloff() {
		return falloff;
	}

	public int sirtLikeIterations() {
		return sirtLike;
	}

	/**
	 * The filter's response on an n-point DFT grid (index i = frequency {@code freq(i, n)/n}
	 * cycles/pixel), real and symmetric. The geometry is needed only for the SIRT-like term.
	 */
	public float[] response(int n, TiltGeometry g) {
		float[] h = new float[2 * n];
		h[0] = 0.25f;
		for (int m = 1; m <= n / 2; m += 2) {
			float v = (float) (-1.0 / (Math.PI * Math.PI * m * m));
			h[2 * m] = v;
			h[2 * ((n - m) % n)] = v; // m = n/2 maps onto itself
		}
		new Fft.Plan1d(n).forward(h);
		double a = sirtLike > 0 ? sirtStep(g) : 0;
		float[] r = new float[n];
		for (int i = 0; i < n; i++) {
			double f = Math.abs(Fft.freq(i, n)) / (double) n;
			double v = h[2 * i] * window.value(f);
			if (cutoff > 0 && f > cutoff) v *= cutoff / f * Math.exp(-(f - cutoff) * (f - cutoff) / (2 * falloff * falloff));
			if (sirtLike > 0 && f > a) v *= 1 - Math.pow(1 - a / f, sirtLike);
			r[i] = (float) v;
		}
		return r;
	}

	/** {@code a = mean_k(1/L_k) / sum_k l_k} of the SIRT-like filter, cycles/pixel. */
	static double sirtStep(TiltGeometry g) {
		double invLen = 0;
		int k = g.numViews();
		for (int v = 0; v < k; v++) {
			double c = Math.abs(Math.cos(g.angleRad(v))), s = Math.abs(Math.sin(g.angleRad(v)));
			double len = Math.min(c > 1e-9 ? g.thickness() / c : Double.MAX_VALUE, s > 1e-9 ? g.width() / s : Double.MAX_VALUE);
			invLen += 1 / len;
		}
		return invLen / k * AngularWeights.wedgeGain(g) / Math.PI;
	}

	@Override
	public String toString() {
		return "RampFilter[" + window.key() + (cutoff > 0 ? ", radial " + cutoff + "/" + falloff : "") + (sirtLike > 0 ? ", SIRT-like " + sirtLike : "") + "]";
	}
}
