package org.tomocn.metrics;

import java.util.Locale;

import org.tomocn.core.TomoInputException;

/**
 * How the voxel metrics (PSNR, SSIM, VIF) prepare and compare two volumes; see
 * {@code shared/design/conventions.md}, "Metrics", and {@link VoxelMetrics} for the exact
 * definitions. Every {@link MetricsResult} records the mode that produced it.
 */
public enum MetricMode {
	/**
	 * The default: the reconstruction's mean and standard deviation are matched to the
	 * reference's, then volume-level PSNR, 3-D SSIM and 3-D VIF with the reference's range.
	 */
	MATCHED,
	/** As {@link #MATCHED} without the matching: the volumes are compared as they are. */
	RAW,
	/**
	 * The authors' published evaluation code, reproduced step by step (reference scaled to a
	 * maximum of 0.1, per-slice PSNR, their SSIM call and their VIF), to compare with the
	 * paper's table.
	 */
	PAPER;

	/** The name users type and reports print: {@code matched}, {@code raw}, {@code paper}. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Parses a user-typed mode (case-insensitive, surrounding blanks ignored); empty or null
	 * gives the default {@link #MATCHED}.
	 *
	 * @throws TomoInputException naming the value when it is not a mode
	 */
	public static MetricMode fromName(String name) {
		if (name == null || name.trim().isEmpty()) return MATCHED;
		String k = name.trim().toLowerCase(Locale.ROOT);
		for (MetricMode m : values()) if (m.key().equals(k)) return m;
		throw new TomoInputException("mode '" + name + "' is not one of matched, raw, paper");
	}

	@Override
	public String toString() {
		return key();
	}
}
