package org.tomocn.ij;

import java.awt.Color;
import java.util.List;

import ij.gui.Plot;

/**
 * A metric against an acquisition parameter (the paper's Figure 5: PSNR, SSIM or mFSC
 * against the tilt step or the maximum tilt) as an ImageJ 1.x {@link Plot}: one line with
 * circles per method, in the colours of {@link FscPlot}, and a legend. NaN values (runs that
 * were skipped) are left out of their line. Works headless; save with {@link FscPlot#savePng}.
 */
public final class SweepPlot {
	private static final Color[] HUES = { new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115), new Color(204, 121, 167),
		new Color(230, 159, 0), new Color(86, 180, 233), Color.BLACK };

	private SweepPlot() {}

	/**
	 * @param x the parameter values (e.g. degrees), ascending
	 * @param names one legend name per method
	 * @param y one array per method, {@code y.get(i)[j]} the value at {@code x[j]}
	 */
	public static Plot create(String title, String xLabel, String yLabel, double[] x, List<String> names, List<double[]> y) {
		if (names.size() != y.size() || names.isEmpty()) throw new IllegalArgumentException("need one curve per name, got " + names.size() + " names and " + y.size() + " curves");
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (double[] v : y) for (double d : v) if (Double.isFinite(d)) {
			lo = Math.min(lo, d);
			hi = Math.max(hi, d);
		}
		if (!(lo <= hi)) {
			lo = 0;
			hi = 1;
		}
		double pad = Math.max(1e-3, 0.08 * (hi - lo));
		double xPad = 0.05 * (x[x.length - 1] - x[0]);
		Plot plot = new Plot(title, xLabel, yLabel);
		plot.setFrameSize(560, 360);
		plot.setFont(java.awt.Font.PLAIN, 14);
		plot.setAxisLabelFont(java.awt.Font.PLAIN, 15);
		plot.setLimits(x[0] - xPad, x[x.length - 1] + xPad, lo - pad, hi + pad);
		for (int i = 0; i < names.size(); i++) {
			double[] v = y.get(i);
			int n = 0;
			for (double d : v) if (Double.isFinite(d)) n++;
			float[] px = new float[n], py = new float[n];
			for (int j = 0, k = 0; j < v.length; j++) if (Double.isFinite(v[j])) {
				px[k] = (float) x[j];
				py[k++] = (float) v[j];
			}
			Color hue = HUES[i % HUES.length];
			plot.setColor(hue, hue); // CONNECTED_CIRCLES draws its line in the second colour
			plot.setLineWidth(2f);
			plot.addPoints(px, py, null, Plot.CONNECTED_CIRCLES, names.get(i));
		}
		plot.setColor(Color.BLACK);
		plot.setFont(java.awt.Font.PLAIN, 12);
		plot.setLegend(null, Plot.AUTO_POSITION);
		return plot;
	}
}
