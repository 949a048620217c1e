package org.tomocn.metrics;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The Fourier shell correlation of two volumes, one value per shell k = 1 .. N/2 (N = the
 * largest box side, array index i = k - 1), with the directional curves when tilt angles were
 * given (see {@link FourierShellCorrelation} and {@link PresentRegion}). Immutable: arrays
 * are copied out.
 * <p>
 * Frequencies: shell k is at {@code k / N} cycles per pixel and {@code k / (N * pixelSize)}
 * cycles per Angstrom. A shell without points or with zero power in one volume has FSC NaN.
 */
public final class FscResult {
	/** The thresholds of the conventions: against a known reference, and for half sets. */
	public static final double THRESHOLD_REFERENCE = 0.5, THRESHOLD_HALF_SETS = 0.143;
	/** mFSC averages the missing-region FSC over shells up to this frequency, cycles per pixel. */
	public static final double MFSC_MAX_FREQUENCY = 0.25;

	private final int boxSize;
	private final double pixelSize;
	private final double[] fsc, fscPresent, fscMissing;
	private final long[] nPoints, nPresent, nMissing;

	/**
	 * @param boxSize N, the largest side of the volumes (voxels)
	 * @param pixelSize Angstrom per voxel, NaN when unknown
	 * @param fscPresent null when no angles were given (then fscMissing, nPresent, nMissing too)
	 */
	FscResult(int boxSize, double pixelSize, double[] fsc, double[] fscPresent, double[] fscMissing, long[] nPoints, long[] nPresent,
		long[] nMissing) {
		this.boxSize = boxSize;
		this.pixelSize = pixelSize;
		this.fsc = fsc;
		this.fscPresent = fscPresent;
		this.fscMissing = fscMissing;
		this.nPoints = nPoints;
		this.nPresent = nPresent;
		this.nMissing = nMissing;
	}

	/** N, the largest box side in voxels; shells are in units of 1/N cycles per pixel. */
	public int boxSize() {
		return boxSize;
	}

	/** Angstrom per voxel, NaN when unknown. */
	public double pixelSize() {
		return pixelSize;
	}

	public boolean hasPixelSize() {
		return !Double.isNaN(pixelSize);
	}

	/** Whether the present/missing curves exist (tilt angles were given). */
	public boolean hasDirectional() {
		return fscPresent != null;
	}

	/** Number of shells, N/2 (integer division). */
	public int numShells() {
		return fsc.length;
	}

	/** Shell radius k of index i (= i + 1), Fourier pixels. */
	public int shell(int i) {
		return i + 1;
	}

	/** k / N per shell, cycles per pixel. */
	public double[] frequencyPerPixel() {
		double[] f = new double[fsc.length];
		for (int i = 0; i < f.length; i++) f[i] = (i + 1.0) / boxSize;
		return f;
	}

	/** k / (N pixelSize) per shell, cycles per Angstrom; all NaN when the pixel size is unknown. */
	public double[] frequencyPerAngstrom() {
		double[] f = frequencyPerPixel();
		for (int i = 0; i < f.length; i++) f[i] /= pixelSize;
		return f;
	}

	public double[] fsc() {
		return fsc.clone();
	}

	/** FSC over the present-data points of each shell; null without angles. */
	public double[] fscPresent() {
		return fscPresent == null ? null : fscPresent.clone();
	}

	/** FSC over the missing-data points of each shell (NaN where a shell has none); null without angles. */
	public double[] fscMissing() {
		return fscMissing == null ? null : fscMissing.clone();
	}

	/** Fourier points per shell. */
	public long[] nPoints() {
		return nPoints.clone();
	}

	/** Present-region points per shell; null without angles. */
	public long[] nPresent() {
		return nPresent == null ? null : nPresent.clone();
	}

	/** Missing-region points per shell; null without angles. */
	public long[] nMissing() {
		return nMissing == null ? null : nMissing.clone();
	}

	/**
	 * The spatial frequency (cycles per pixel) where the FSC first falls below
	 * {@code threshold}: between the last shell at or above it and the next one, linearly
	 * interpolated. NaN shells are skipped. When the first shell is already below, that
	 * shell's frequency 1/N. Empty when the curve never falls below ("not reached").
	 */
	public OptionalDouble resolution(double threshold) {
		return crossing(fsc, threshold, boxSize);
	}

	/** {@link #resolution} as a resolution in Angstrom (1 / frequency); empty when not reached or the pixel size is unknown. */
	public OptionalDouble resolutionAngstrom(double threshold) {
		OptionalDouble f = resolution(threshold);
		if (!f.isPresent() || !hasPixelSize()) return OptionalDouble.empty();
		return OptionalDouble.of(pixelSize / f.getAsDouble());
	}

	/**
	 * The first crossing below {@code threshold} of any per-shell curve (index i = shell i + 1),
	 * in cycles per pixel for box size N; see {@link #resolution}.
	 */
	public static OptionalDouble crossing(double[] curve, double threshold, int boxSize) {
		int prev = -1;
		for (int i = 0; i < curve.length; i++) {
			double v = curve[i];
			if (Double.isNaN(v)) continue;
			if (v < threshold) {
				if (prev < 0) return OptionalDouble.of((i + 1.0) / boxSize);
				double a = curve[prev];
				double k = (prev + 1) + (a - threshold) / (a - v) * (i - prev);
				return OptionalDouble.of(k / boxSize);
			}
			prev = i;
		}
		return OptionalDouble.empty();
	}

	/**
	 * The resolution at a threshold in words, e.g. {@code "12.4 A (0.0806 1/A) at FSC 0.5"},
	 * {@code "0.2031 1/pixel (4.92 pixels) at FSC 0.5"} without pixel size, or
	 * {@code "not reached (FSC stays >= 0.5 up to Nyquist)"}.
	 */
	public String formatResolution(double threshold) {
		OptionalDouble f = resolution(threshold);
		if (!f.isPresent()) return String.format(Locale.ROOT, "not reached (FSC stays >= %s up to Nyquist)", trim(threshold));
		double v = f.getAsDouble();
		if (hasPixelSize()) {
			return String.format(Locale.ROOT, "%.3g A (%.4g 1/A) at FSC %s", pixelSize / v, v / pixelSize, trim(threshold));
		}
		return String.format(Locale.ROOT, "%.4g 1/pixel (%.3g pixels) at FSC %s", v, 1 / v, trim(threshold));
	}

	private static String trim(double t) {
		return String.format(Locale.ROOT, "%s", t).replaceAll("\\.0$", "");
	}

	/**
	 * mFSC, the one-number summary of the missing wedge (conventions): the mean of the
	 * missing-region FSC over the shells with k / N <= 0.25 cycles per pixel that hold missing
	 * points. NaN without angles or when no such shell has missing points.
	 */
	public double mfsc() {
		if (fscMissing == null) return Double.NaN;
		double s = 0;
		int n = 0;
		for (int i = 0; i < fscMissing.length; i++) {
			if ((i + 1.0) / boxSize > MFSC_MAX_FREQUENCY + 1e-12) break;
			if (nMissing[i] > 0 && !Double.isNaN(fscMissing[i])) {
				s += fscMissing[i];
				n++;
			}
		}
		return n == 0 ? Double.NaN : s / n;
	}
}
