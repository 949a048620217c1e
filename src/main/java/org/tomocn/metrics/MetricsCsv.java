package org.tomocn.metrics;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.tomocn.io.AtomicFiles;

/**
 * Writes the voxel-metrics table of issue 5 as CSV: one row per volume, columns
 * {@code volume, mode, psnr, ssim, vif} and {@code mfsc} when tilt angles were given.
 * Comma-separated, '.' decimals, UTF-8; NaN and infinite values are written as {@code NaN},
 * {@code Infinity}, {@code -Infinity}; names holding a comma or quote are quoted. Written
 * atomically.
 */
public final class MetricsCsv {
	private MetricsCsv() {}

	/** One table row: the volume's name, its metrics, and its mFSC (NaN when no angles were given). */
	public static final class Row {
		private final String volume;
		private final MetricsResult result;
		private final double mfsc;

		public Row(String volume, MetricsResult result, double mfsc) {
			this.volume = Objects.requireNonNull(volume, "volume");
			this.result = Objects.requireNonNull(result, "result");
			this.mfsc = mfsc;
		}

		public String volume() {
			return volume;
		}

		public MetricsResult result() {
			return result;
		}

		public double mfsc() {
			return mfsc;
		}
	}

	/** The header, with or without the {@code mfsc} column. */
	public static String header(boolean withMfsc) {
		return withMfsc ? "volume,mode,psnr,ssim,vif,mfsc" : "volume,mode,psnr,ssim,vif";
	}

	/** Writes the rows; the {@code mfsc} column is included when {@code withMfsc}. */
	public static void write(Path file, List<Row> rows, boolean withMfsc) {
		StringBuilder w = new StringBuilder(header(withMfsc)).append('\n');
		for (Row r : rows) {
			MetricsResult m = r.result();
			w.append(FscCsv.quote(r.volume())).append(',').append(m.mode().key()).append(',');
			w.append(num(m.psnr())).append(',').append(num(m.ssim())).append(',').append(num(m.vif()));
			if (withMfsc) w.append(',').append(num(r.mfsc()));
			w.append('\n');
		}
		AtomicFiles.writeString(file, w.toString());
	}

	private static String num(double v) {
		if (!Double.isFinite(v)) return Double.toString(v);
		return String.format(Locale.ROOT, "%.6g", v);
	}
}
