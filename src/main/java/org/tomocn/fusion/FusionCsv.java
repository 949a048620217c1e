package org.tomocn.fusion;

import java.nio.file.Path;
import java.util.Locale;

import org.tomocn.io.AtomicFiles;

/**
 * The weights of a fusion as CSV, one row per shell and region ({@link FusionWeights}):
 * {@code shell,frequency_per_pixel,region,n_points,agreement,signal_fraction,classic_share,w_classic,w_network}.
 * {@code agreement} is the FSC of the scaled classic and the network over the shell's points of
 * that region; {@code classic_share} the classic's share a in [0, 1] before the scale g, and
 * {@code w_classic = g a}. The first row, with region {@code scale}, holds g in {@code w_classic}.
 */
public final class FusionCsv {
	public static final String HEADER = "shell,frequency_per_pixel,region,n_points,agreement,signal_fraction,classic_share,w_classic,w_network";

	private FusionCsv() {}

	/** The table as text; the row with region {@code scale} holds g in {@code w_classic}. */
	public static String text(FusionWeights w) {
		StringBuilder sb = new StringBuilder(HEADER).append('\n');
		sb.append("0,0,scale,,,,,").append(num(w.scale())).append(",\n");
		for (int k = 0; k <= w.numShells(); k++) {
			for (FusionRegion r : FusionRegion.values()) {
				long n = w.count(k, r);
				if (n == 0) continue;
				sb.append(k).append(',').append(num((double) k / w.boxSize())).append(',').append(r.key()).append(',').append(n).append(',');
				sb.append(num(w.agreement(k, r))).append(',').append(num(w.signalFraction(k, r))).append(',');
				sb.append(num(w.classicShare(k, r))).append(',').append(num(w.classic(k, r))).append(',').append(num(w.network(k, r))).append('\n');
			}
		}
		return sb.toString();
	}

	/** Writes {@link #text} atomically (errors as {@link AtomicFiles#write}). */
	public static void write(Path file, FusionWeights w) {
		AtomicFiles.writeString(file, text(w));
	}

	private static String num(double v) {
		return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
	}
}
