package org.tomocn.recon;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;

/**
 * The one place where raw tilt series are prepared before any reconstruction (WBP, SIRT,
 * Fourier inversion, the coordinate network). Steps, in this order, each optional:
 * <ol>
 * <li><b>exclude_views</b>: drop views (syntax in {@link #excludedViews}).</li>
 * <li><b>bin</b> b: average b x b pixel blocks of every projection (x and y). The size
 * becomes {@code floor(X/b) x floor(Y/b)}; a remainder is cropped, split between both
 * sides so the centre moves by at most half an input pixel. Pixel size times b; the
 * thickness to reconstruct becomes {@code max(1, round(Z/b))}. Values are averages, so
 * a reconstruction (in units per voxel) of binned line integrals comes out b times
 * larger: attenuation per binned voxel.</li>
 * <li><b>log</b> (offset c): {@code p = ln(p + c)}, as IMOD's {@code tilt} option
 * {@code LOG c} ("takes the logarithm of tilt data after adding the given value", IMOD
 * tilt.com). The sign is IMOD's: dense material, which has fewer counts, stays dark; add
 * {@code invert} to get positive density (together: {@code -ln(I + c)}, Beer-Lambert up to
 * a constant). Every {@code p + c} must be positive.</li>
 * <li><b>invert</b>: {@code p = -p}, for dark-on-light data (raw cryo-EM, where density is
 * dark) so that density becomes positive, as the projector's line integrals are.</li>
 * </ol>
 * NaN or infinite values in the views that remain after the exclusion raise a
 * {@link TomoInputException}. The input is not modified; the result is a new {@link TiltSeries} with its own
 * projections (or the input itself when no step is active). {@link TiltSeries#scale()} is
 * kept through exclusion, binning and inversion and reset to 1 by the log.
 */
public final class InputPreparation {
	private InputPreparation() {}

	/** Immutable preparation options; {@link #NONE} does nothing. */
	public static final class Options {
		public static final Options NONE = new Options("", 1, false, false, 0);

		private final String excludeViews;
		private final int bin;
		private final boolean invert, log;
		private final double logOffset;

		private Options(String excludeViews, int bin, boolean invert, boolean log, double logOffset) {
			this.excludeViews = excludeViews == null ? "" : excludeViews.trim();
			this.bin = bin;
			this.invert = invert;
			this.log = log;
			this.logOffset = logOffset;
		}

		/** Views to drop, see {@link InputPreparation#excludedViews}; empty = none. */
		public Options withExcludeViews(String spec) {
			return new Options(spec, bin, invert, log, logOffset);
		}

		/** Integer binning factor >= 1. */
		public Options withBin(int b) {
			if (b < 1) throw new TomoInputException("bin must be an integer >= 1, got " + b);
			return new Options(excludeViews, b, invert, log, logOffset);
		}

		public Options withInvert(boolean on) {
			return new Options(excludeViews, bin, on, log, logOffset);
		}

		/** Turns the log on with offset c (IMOD's {@code LOG c}); values + c must be > 0. */
		public Options withLog(double c) {
			if (!Double.isFinite(c)) throw new TomoInputException("log offset must be finite, got " + c);
			return new Options(excludeViews, bin, invert, true, c);
		}

		public String excludeViews() {
			return excludeViews;
		}

		public int bin() {
			return bin;
		}

		public boolean invert() {
			return invert;
		}

		public boolean log() {
			return log;
		}

		public double logOffset() {
			return logOffset;
		}

		public boolean isIdentity() {
			return excludeViews.isEmpty() && bin == 1 && !invert && !log;
		}

		@Override
		public String toString() {
			return "exclude_views=[" + excludeViews + "], bin=" + bin + ", invert=" + invert + ", log=" + (log ? String.valueOf(logOffset) : "off");
		}
	}

	/**
	 * {@link #apply(TiltSeries, Options)}, refusing NaN or infinite values first with a message
	 * that names the tilt series and numbers the bad view as in the file (before the
	 * exclusion), even when no step is active.
	 *
	 * @param name how the user knows the tilt series, e.g. its file name
	 */
	public static TiltSeries apply(TiltSeries ts, Options o, String name) {
		ReconInput.requireFinite(ts, name, o.excludeViews().isEmpty() ? new int[0] : excludedViews(o.excludeViews(), ts.geometry()));
		return apply(ts, o);
	}

	/** Applies the options; see the class comment. */
	public static TiltSeries apply(TiltSeries ts, Options o) {
		if (o.isIdentity()) return ts;
		TiltSeries t = ts;
		if (!o.excludeViews().isEmpty()) t = withoutViews(t, excludedViews(o.excludeViews(), t.geometry()));
		ReconInput.check(t, 1); // after the exclusion: a broken view can be excluded
		if (o.bin() > 1) t = bin(t, o.bin());
		else if (t == ts) t = new TiltSeries(ts.projections().copy(), ts.geometry(), ts.scale());
		float[] d = t.projections().data();
		if (o.log()) {
			float c = (float) o.logOffset();
			int bad = 0, first = -1;
			for (int i = 0; i < d.length; i++) {
				float v = d[i] + c;
				if (!(v > 0)) {
					if (first < 0) first = i;
					bad++;
				}
				else d[i] = (float) Math.log(v);
			}
			if (bad > 0) {
				Volume p = t.projections();
				int x = first % p.nx(), y = (first / p.nx()) % p.ny(), k = first / (p.nx() * p.ny());
				throw new TomoInputException("log: " + bad + " pixels are <= 0 after adding the log offset " + o.logOffset() + " (first in view " + (k + 1) +
					" at x " + x + ", y " + y + "); raise the offset or check that the data are raw counts");
			}
			t = new TiltSeries(t.projections(), t.geometry(), 1.0);
		}
		if (o.invert()) for (int i = 0; i < d.length; i++) d[i] = -d[i];
		return t;
	}

	/**
	 * Parses an {@code exclude_views} list into sorted 0-based view indices.
	 * <p>
	 * <b>Syntax</b>: comma-separated items, spaces ignored.
	 * <ul>
	 * <li>{@code 5}, {@code 7-9}: view numbers, <b>1-based</b> as in IMOD's EXCLUDELIST
	 * (1 = the first projection in the stack), ranges inclusive.</li>
	 * <li>{@code a-60}, {@code a58.5}: the view whose tilt angle is within 0.05 degrees of the
	 * given angle (degrees); {@code a-60:-50}: every view with an angle in
	 * [-60, -50] degrees, inclusive (a colon, since angles can be negative).</li>
	 * </ul>
	 * Example: {@code "1,5,7-9, a-60, a50:60"}.
	 *
	 * @throws TomoInputException for a malformed item, a view number out of range, an angle
	 *           no view has, or a list that would leave no view
	 */
	public static int[] excludedViews(String spec, TiltGeometry g) {
		TreeSet<Integer> out = new TreeSet<>();
		int n = g.numViews();
		if (spec == null || spec.trim().isEmpty()) return new int[0];
		for (String raw : spec.split(",")) {
			String item = raw.replace(" ", "");
			if (item.isEmpty()) continue;
			try {
				if (item.charAt(0) == 'a' || item.charAt(0) == 'A') {
					String a = item.substring(1);
					int colon = a.indexOf(':');
					if (colon >= 0) {
						double lo = Double.parseDouble(a.substring(0, colon)), hi = Double.parseDouble(a.substring(colon + 1));
						if (lo > hi) throw new TomoInputException("exclude_views: angle range '" + item + "' has its minimum above its maximum");
						int found = 0;
						for (int k = 0; k < n; k++) if (g.angleDeg(k) >= lo - 1e-9 && g.angleDeg(k) <= hi + 1e-9) {
							out.add(k);
							found++;
						}
						if (found == 0) throw new TomoInputException("exclude_views: no view has an angle in [" + lo + ", " + hi + "] degrees");
					}
					else {
						double ang = Double.parseDouble(a);
						int best = -1;
						for (int k = 0; k < n; k++) if (Math.abs(g.angleDeg(k) - ang) <= 0.05) {
							out.add(k);
							best = k;
						}
						if (best < 0) throw new TomoInputException("exclude_views: no view has the angle " + ang + " degrees (within 0.05); angles run from " +
							java.util.Arrays.stream(g.anglesDeg()).min().getAsDouble() + " to " + java.util.Arrays.stream(g.anglesDeg()).max().getAsDouble());
					}
				}
				else {
					int dash = item.indexOf('-', 1);
					int from = Integer.parseInt(dash < 0 ? item : item.substring(0, dash));
					int to = dash < 0 ? from : Integer.parseInt(item.substring(dash + 1));
					if (from < 1 || to > n || from > to) {
						throw new TomoInputException("exclude_views: '" + item + "' is not a view number or range within 1.." + n + " (view numbers are 1-based, as in IMOD)");
					}
					for (int k = from; k <= to; k++) out.add(k - 1);
				}
			}
			catch (NumberFormatException e) {
				throw new TomoInputException("exclude_views: cannot read '" + item + "'; use view numbers (1-based) such as 1,5,7-9 or angles such as a-60, a50:60", e);
			}
		}
		if (out.size() >= n) throw new TomoInputException("exclude_views '" + spec + "' excludes all " + n + " views");
		return out.stream().mapToInt(Integer::intValue).toArray();
	}

	/** A new tilt series without the given (sorted, 0-based) views; the input is not modified. */
	public static TiltSeries withoutViews(TiltSeries ts, int[] excluded) {
		List<Integer> kept = new ArrayList<>();
		for (int k = 0, e = 0; k < ts.numViews(); k++) {
			if (e < excluded.length && excluded[e] == k) e++;
			else kept.add(k);
		}
		return ts.views(kept.stream().mapToInt(Integer::intValue).toArray());
	}

	/**
	 * What binning {@code nx x ny} projections by {@code b} crops, in words for a warning
	 * ("bin=3 does not divide the projections' 64 x 64 pixels: ..."), or null when {@code b}
	 * divides both sizes (or {@code b <= 1}).
	 */
	public static String binCropWarning(int nx, int ny, int b) {
		if (b <= 1 || (nx % b == 0 && ny % b == 0)) return null;
		int cx = nx % b, cy = ny % b;
		List<String> dropped = new ArrayList<>();
		if (cx > 0) dropped.add(cx + (cx == 1 ? " column" : " columns"));
		if (cy > 0) dropped.add(cy + (cy == 1 ? " row" : " rows"));
		return "bin=" + b + " does not divide the projections' " + nx + " x " + ny + " pixels: " + String.join(" and ", dropped) +
			" at the edges are dropped (the binned projections are " + nx / b + " x " + ny / b + ")";
	}

	/** Averages b x b blocks; see the class comment. */
	static TiltSeries bin(TiltSeries ts, int b) {
		TiltGeometry g = ts.geometry();
		Volume p = ts.projections();
		int nx = p.nx() / b, ny = p.ny() / b;
		if (nx < 1 || ny < 1) throw new TomoInputException("bin " + b + " is larger than the projections (" + p.nx() + " x " + p.ny() + ")");
		int ox = (p.nx() - nx * b) / 2, oy = (p.ny() - ny * b) / 2;
		double px = Double.isNaN(p.pixelSize()) ? Double.NaN : p.pixelSize() * b;
		Volume out = new Volume(nx, ny, p.nz(), px);
		float[] in = p.data(), o = out.data();
		float inv = 1f / (b * b);
		for (int k = 0; k < p.nz(); k++) for (int y = 0; y < ny; y++) for (int x = 0; x < nx; x++) {
			float s = 0;
			for (int j = 0; j < b; j++) {
				int row = p.nx() * (oy + y * b + j + p.ny() * k) + ox + x * b;
				for (int i = 0; i < b; i++) s += in[row + i];
			}
			o[x + nx * (y + ny * k)] = s * inv;
		}
		int z = Math.max(1, (int) Math.round(g.thickness() / (double) b));
		double gp = g.hasPixelSize() ? g.pixelSize() * b : Double.NaN;
		TiltGeometry bg = new TiltGeometry(g.anglesDeg(), nx, ny, z, gp);
		return new TiltSeries(out, bg, ts.scale());
	}
}
