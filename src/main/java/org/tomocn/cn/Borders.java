package org.tomocn.cn;

/**
 * The already fitted y rows next to a chunk, for the smoothness term across chunk borders:
 * {@code below} is the row just before the chunk's first row, {@code above} the row just after
 * its last, each {@code X x Z} in the layout {@code x + X z}, in the fit's normalised units;
 * either may be null (not fitted yet, or outside the volume).
 * <p>
 * Why: the recipe's TV term (squared finite differences, {@link Objective}) couples the rows
 * inside a chunk only, so on noisy data each chunk smooths its own rows but not the step to
 * its neighbour. Measured at 128 x 128 x 64, SNR 0.3: the energy of y-differences across
 * chunk borders was 3.8 times that inside chunks (the truth's: 1.0). With borders, the term
 * also penalises the difference between the chunk's edge rows and these fixed rows, exactly
 * as it penalises a difference inside the chunk (issue 11, "seams").
 */
final class Borders {
	/** No fitted neighbour. */
	static final Borders NONE = new Borders(null, null);

	final float[] below, above;

	Borders(float[] below, float[] above) {
		this.below = below;
		this.above = above;
	}

	/** Row {@code b} of chunk values {@code (x + X z) j + b}, as {@code x + X z}. */
	static float[] row(float[] values, int j, int b) {
		float[] r = new float[values.length / j];
		for (int i = 0; i < r.length; i++) r[i] = values[i * j + b];
		return r;
	}
}
