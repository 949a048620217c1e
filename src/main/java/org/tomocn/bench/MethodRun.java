package org.tomocn.bench;

import org.tomocn.metrics.FscResult;
import org.tomocn.metrics.MetricsResult;

/**
 * One reconstruction of one data set by one method at one acquisition, measured against the
 * phantom: metrics in {@code matched} and {@code paper} mode, the FSC with its directional
 * curves, and the wall-clock seconds of the reconstruction alone (not the simulation, not the
 * metrics). A run that was skipped or failed has no metrics and a {@link #note()} saying why.
 */
public final class MethodRun {
	private final String dataset, method;
	private final double step, maxTilt;
	private final int views;
	private final double seconds;
	private final MetricsResult matched, paper;
	private final FscResult fsc;
	private final String note;

	/** A measured run. */
	MethodRun(String dataset, String method, double step, double maxTilt, int views, double seconds, MetricsResult matched, MetricsResult paper,
		FscResult fsc)
	{
		this(dataset, method, step, maxTilt, views, seconds, matched, paper, fsc, null);
	}

	/** A run without metrics (skipped, stopped or failed), with the reason. */
	MethodRun(String dataset, String method, double step, double maxTilt, int views, double seconds, String note) {
		this(dataset, method, step, maxTilt, views, seconds, null, null, null, note);
	}

	private MethodRun(String dataset, String method, double step, double maxTilt, int views, double seconds, MetricsResult matched,
		MetricsResult paper, FscResult fsc, String note)
	{
		this.dataset = dataset;
		this.method = method;
		this.step = step;
		this.maxTilt = maxTilt;
		this.views = views;
		this.seconds = seconds;
		this.matched = matched;
		this.paper = paper;
		this.fsc = fsc;
		this.note = note;
	}

	public String dataset() {
		return dataset;
	}

	public String method() {
		return method;
	}

	/** Tilt step alpha, degrees. */
	public double step() {
		return step;
	}

	/** Maximum tilt beta, degrees. */
	public double maxTilt() {
		return maxTilt;
	}

	public int views() {
		return views;
	}

	/** Wall-clock seconds of the reconstruction; NaN when skipped. */
	public double seconds() {
		return seconds;
	}

	/** True when the method ran and was measured. */
	public boolean measured() {
		return note == null;
	}

	/** Metrics in {@code matched} mode, or null when not measured. */
	public MetricsResult matched() {
		return matched;
	}

	/** Metrics in {@code paper} mode, or null when not measured. */
	public MetricsResult paper() {
		return paper;
	}

	/** FSC against the phantom with the directional curves, or null when not measured. */
	public FscResult fsc() {
		return fsc;
	}

	/** Why the run was skipped or failed; null when measured. */
	public String note() {
		return note;
	}
}
