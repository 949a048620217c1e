package org.tomocn.ij;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

import org.tomocn.metrics.FscResult;
import org.tomocn.metrics.NamedFsc;

import ij.gui.Plot;
import ij.io.FileSaver;

import org.tomocn.io.AtomicFiles;

/**
 * Draws FSC curves as an ImageJ 1.x {@link Plot}: per volume a solid FSC curve and, when
 * asked and available, the present-region (long dashes, darker) and missing-region (short
 * dashes, lighter) curves in the same hue; a grey horizontal line at the threshold; a
 * legend. The x axis is the spatial frequency in 1/Angstrom when every curve knows its pixel
 * size, else in 1/pixel; y runs from -0.1 (lower if a curve goes lower) to 1.05. Works
 * headless ({@code Plot} renders into an image without a display).
 */
public final class FscPlot {
	/** Colour-blind-safe hues (Okabe and Ito), one per volume, cycled. */
	private static final Color[] HUES = { new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115), new Color(204, 121, 167),
		new Color(230, 159, 0), new Color(86, 180, 233), Color.BLACK };
	/** Frame width, least frame height, and least height of the curves above the legend band, pixels. */
	private static final int WIDTH = 720, HEIGHT = 450, DATA_HEIGHT = 300;

	/** Height of one legend line at the 12 pt legend font, in pixels. */
	private static final int LEGEND_LINE_PX = 15;
	/** Points of the resampled dashed curves across the x range. */
	private static final int DASH_SAMPLES = 480;

	private FscPlot() {}

	/**
	 * @param curves the curves to draw, in legend order (names as they should appear)
	 * @param showDirectional draw the present/missing curves of results that have them
	 * @param threshold the FSC threshold line (0.5 against a reference, 0.143 for half sets)
	 * @param thresholdLabel its legend text, e.g. "0.5 (reference)"
	 */
	public static Plot create(List<NamedFsc> curves, boolean showDirectional, double threshold, String thresholdLabel) {
		if (curves.isEmpty()) throw new IllegalArgumentException("no FSC curves to plot");
		boolean angstrom = curves.stream().allMatch(c -> c.result().hasPixelSize());
		double xMax = 0, yMin = -0.1;
		for (NamedFsc c : curves) {
			FscResult r = c.result();
			double[] f = angstrom ? r.frequencyPerAngstrom() : r.frequencyPerPixel();
			xMax = Math.max(xMax, f[f.length - 1]);
			yMin = Math.min(yMin, min(r.fsc()) - 0.05);
			if (showDirectional && r.hasDirectional()) yMin = Math.min(yMin, Math.min(min(r.fscPresent()), min(r.fscMissing())) - 0.05);
		}
		// ImageJ draws legends inside the frame: reserve an empty band below the curves for it
		int entries = 0;
		for (NamedFsc c : curves) entries += showDirectional && c.result().hasDirectional() ? 3 : 1;
		double legendPx = LEGEND_LINE_PX * (entries + 1) + 12;
		// a long legend makes the frame taller rather than squeezing the curves
		int height = (int) Math.max(HEIGHT, DATA_HEIGHT + legendPx);
		double dataPx = height - legendPx;
		double yLow = yMin;
		yMin = yLow - legendPx / dataPx * (1.05 - yLow);
		Plot plot = new Plot("Fourier shell correlation", angstrom ? "spatial frequency (1/\u00c5)" : "spatial frequency (1/pixel)", "FSC");
		plot.setFrameSize(WIDTH, height);
		plot.setFont(java.awt.Font.PLAIN, 14);
		plot.setAxisLabelFont(java.awt.Font.PLAIN, 15);
		plot.setLimits(0, xMax, yMin, 1.05);

		for (int i = 0; i < curves.size(); i++) {
			NamedFsc c = curves.get(i);
			FscResult r = c.result();
			Color hue = HUES[i % HUES.length];
			double[] x = angstrom ? r.frequencyPerAngstrom() : r.frequencyPerPixel();
			plot.setColor(hue);
			plot.setLineWidth(2f);
			plot.addPoints(floats(x), floats(r.fsc()), null, Plot.LINE, c.name() + ": FSC (" + shortResolution(r, threshold) + ")");
			if (showDirectional && r.hasDirectional()) {
				plot.setColor(shade(hue, 0.65));
				plot.setLineWidth(1.6f);
				double[][] p = dashed(x, r.fscPresent(), xMax, 7, 3);
				plot.addPoints(floats(p[0]), floats(p[1]), null, Plot.LINE, c.name() + ": present");
				plot.setColor(tint(hue, 0.35));
				double[][] m = dashed(x, r.fscMissing(), xMax, 2, 2);
				plot.addPoints(floats(m[0]), floats(m[1]), null, Plot.LINE, c.name() + ": missing (mFSC " + fmt(r.mfsc()) + ")");
			}
		}
		plot.setColor(Color.GRAY);
		plot.setLineWidth(1f);
		plot.addPoints(new float[] { 0, (float) xMax }, new float[] { (float) threshold, (float) threshold }, null, Plot.LINE, thresholdLabel);
		plot.setColor(Color.BLACK);
		plot.setFont(java.awt.Font.PLAIN, 12);
		plot.setLegend(null, Plot.BOTTOM_RIGHT);
		return plot;
	}

	/**
	 * Renders the plot and writes it as PNG through {@link FileSaver} (a temporary file in the
	 * same folder, then a rename, so no half-written PNG is left under the final name).
	 *
	 * @throws java.io.UncheckedIOException when the file cannot be written (as {@link AtomicFiles#write})
	 */
	public static void savePng(Plot plot, Path file) {
		AtomicFiles.write(file, tmp -> {
			if (!new FileSaver(plot.getImagePlus()).saveAsPng(tmp.toString())) throw new IOException("Could not write the plot to " + file);
		});
	}

	private static String shortResolution(FscResult r, double threshold) {
		OptionalDouble f = r.resolution(threshold);
		String t = String.format(Locale.ROOT, "%s", threshold).replaceAll("\\.0$", "");
		if (!f.isPresent()) return t + " not reached";
		if (r.hasPixelSize()) return String.format(Locale.ROOT, "%s at %.3g \u00c5", t, r.pixelSize() / f.getAsDouble());
		return String.format(Locale.ROOT, "%s at %.3g/pixel", t, f.getAsDouble());
	}

	private static String fmt(double v) {
		return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3g", v);
	}

	/**
	 * A dashed version of the polyline (x, y): resampled at {@link #DASH_SAMPLES} points across
	 * [0, xMax], with every {@code on} points followed by {@code off} NaN points, which break
	 * the line in ImageJ plots. NaN values of y stay gaps.
	 */
	static double[][] dashed(double[] x, double[] y, double xMax, int on, int off) {
		double[] xs = new double[DASH_SAMPLES], ys = new double[DASH_SAMPLES];
		int j = 0;
		for (int i = 0; i < DASH_SAMPLES; i++) {
			double xv = xMax * i / (DASH_SAMPLES - 1);
			xs[i] = xv;
			if (xv < x[0] || xv > x[x.length - 1] || (i % (on + off)) >= on) {
				ys[i] = Double.NaN;
				continue;
			}
			while (j < x.length - 2 && x[j + 1] < xv) j++;
			double t = x.length == 1 ? 0 : (xv - x[j]) / (x[j + 1] - x[j]);
			ys[i] = y[j] + Math.max(0, Math.min(1, t)) * (y[Math.min(j + 1, y.length - 1)] - y[j]);
		}
		return new double[][] { xs, ys };
	}

	private static float[] floats(double[] v) {
		float[] f = new float[v.length];
		for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
		return f;
	}

	private static double min(double[] v) {
		double m = Double.POSITIVE_INFINITY;
		for (double d : v) if (!Double.isNaN(d)) m = Math.min(m, d);
		return m == Double.POSITIVE_INFINITY ? 0 : m;
	}

	private static Color shade(Color c, double f) {
		return new Color((int) (c.getRed() * f), (int) (c.getGreen() * f), (int) (c.getBlue() * f));
	}

	private static Color tint(Color c, double f) {
		return new Color((int) (c.getRed() + (255 - c.getRed()) * f), (int) (c.getGreen() + (255 - c.getGreen()) * f),
			(int) (c.getBlue() + (255 - c.getBlue()) * f));
	}
}
