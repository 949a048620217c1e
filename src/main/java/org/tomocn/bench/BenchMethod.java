package org.tomocn.bench;

import org.tomocn.core.CancelToken;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.recon.ClassicMethod;
import org.tomocn.recon.FourierInversion;
import org.tomocn.recon.Reconstructor;

/**
 * One reconstruction method as the benchmark runs it: a {@link Reconstructor} with a short
 * name for tables and plots and a description of its settings.
 */
public interface BenchMethod extends Reconstructor {
	/** The name in tables, legends and file names, e.g. {@code WBP}. */
	String name();

	/** The settings, e.g. {@code ram-lak ramp}. */
	String settings();

	/** Weighted back-projection with the plain Ram-Lak ramp. */
	static BenchMethod wbp() {
		return classic("WBP", "ram-lak ramp filter", ClassicMethod.WBP.reconstructor());
	}

	/** Fourier inversion with its default weight threshold. */
	static BenchMethod fourierInversion() {
		return classic("FI", "direct Fourier inversion, weight threshold " + FourierInversion.DEFAULT_THRESHOLD, ClassicMethod.FOURIER.reconstructor());
	}

	/** SIRT with relaxation 1, no positivity constraint (the SIRT command's defaults). */
	static BenchMethod sirt(int iterations) {
		return classic("SIRT", iterations + " iterations, relaxation 1, no positivity", ClassicMethod.sirt(iterations));
	}

	/** This method under another name (tables key their rows by name, so two settings of one method need two). */
	default BenchMethod named(String name) {
		return classic(name, settings(), this);
	}

	/** Wraps a classic {@link Reconstructor}. */
	static BenchMethod classic(String name, String settings, Reconstructor r) {
		return new BenchMethod() {
			@Override
			public String name() {
				return name;
			}

			@Override
			public String settings() {
				return settings;
			}

			@Override
			public Volume reconstruct(TiltSeries ts, int threads, CancelToken cancel, ProgressListener progress) {
				return r.reconstruct(ts, threads, cancel, progress);
			}
		};
	}
}
