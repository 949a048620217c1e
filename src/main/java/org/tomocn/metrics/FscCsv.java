package org.tomocn.metrics;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.tomocn.io.AtomicFiles;

/**
 * Writes FSC curves as CSV (issue 5): one row per shell and the columns
 * {@code shell, frequency_per_pixel, frequency_per_angstrom, fsc, fsc_present, fsc_missing,
 * n_points, n_present, n_missing}, preceded by a {@code volume} column when several curves
 * are written. Empty cells: {@code frequency_per_angstrom} when the pixel size is unknown,
 * the directional columns when no angles were given, and any NaN correlation (a shell without
 * points or power in that region). Comma-separated, '.' decimals, UTF-8, '\n' line ends;
 * names holding a comma, quote or line break are quoted. The file is written atomically.
 */
public final class FscCsv {
	/** The header without the {@code volume} column. */
	public static final String HEADER = "shell,frequency_per_pixel,frequency_per_angstrom,fsc,fsc_present,fsc_missing,n_points,n_present,n_missing";

	private FscCsv() {}

	/** One curve, no {@code volume} column; written atomically (errors as {@link AtomicFiles#write}). */
	public static void write(Path file, FscResult result) {
		AtomicFiles.writeString(file, text(Collections.singletonList(new NamedFsc("", result)), false));
	}

	/** Several curves; the {@code volume} column is added when there is more than one. */
	public static void write(Path file, List<NamedFsc> results) {
		AtomicFiles.writeString(file, text(results, results.size() > 1));
	}

	private static String text(List<NamedFsc> results, boolean volumeColumn) {
		StringWriter w = new StringWriter();
		try {
			write(w, results, volumeColumn);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e); // a StringWriter does not fail
		}
		return w.toString();
	}

	/** Writes the table to {@code w} (not closed), with or without the {@code volume} column. */
	public static void write(Writer w, List<NamedFsc> results, boolean volumeColumn) throws IOException {
		w.write(volumeColumn ? "volume," + HEADER : HEADER);
		w.write('\n');
		for (NamedFsc nf : results) {
			FscResult r = nf.result();
			double[] fp = r.frequencyPerPixel(), fa = r.frequencyPerAngstrom(), fsc = r.fsc();
			double[] pres = r.fscPresent(), miss = r.fscMissing();
			long[] np = r.nPoints(), npres = r.nPresent(), nmiss = r.nMissing();
			for (int i = 0; i < r.numShells(); i++) {
				StringBuilder sb = new StringBuilder();
				if (volumeColumn) sb.append(quote(nf.name())).append(',');
				sb.append(r.shell(i)).append(',');
				sb.append(num(fp[i])).append(',');
				sb.append(num(fa[i])).append(',');
				sb.append(num(fsc[i])).append(',');
				sb.append(pres == null ? "" : num(pres[i])).append(',');
				sb.append(miss == null ? "" : num(miss[i])).append(',');
				sb.append(np[i]).append(',');
				sb.append(npres == null ? "" : Long.toString(npres[i])).append(',');
				sb.append(nmiss == null ? "" : Long.toString(nmiss[i]));
				sb.append('\n');
				w.write(sb.toString());
			}
		}
	}

	private static String num(double v) {
		return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.8g", v);
	}

	static String quote(String s) {
		if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
		return '"' + s.replace("\"", "\"\"") + '"';
	}
}
