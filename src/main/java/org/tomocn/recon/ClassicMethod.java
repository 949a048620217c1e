package org.tomocn.recon;

import java.util.Locale;

/**
 * The classic reconstructions by the name a user types ({@code method=wbp}, {@code sirt} or
 * {@code fourier}), each with the settings it runs with when none are given: WBP with the
 * plain Ram-Lak ramp, SIRT with {@value #SIRT_ITERATIONS} iterations, relaxation 1 and no
 * positivity (the SIRT command's defaults), Fourier inversion with its default weight
 * threshold. Half-set FSC and the benchmark both take their classic methods from here, so
 * that a name means the same reconstruction wherever it is used.
 */
public enum ClassicMethod {
	WBP, SIRT, FOURIER;

	/** SIRT iterations when none are given. */
	public static final int SIRT_ITERATIONS = 20;

	/** The name users type: {@code wbp}, {@code sirt} or {@code fourier}. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** A new reconstructor with this method's default settings. */
	public Reconstructor reconstructor() {
		switch (this) {
			case WBP: return new WeightedBackProjection(RampFilter.ramLak());
			case SIRT: return sirt(SIRT_ITERATIONS);
			default: return new FourierInversion();
		}
	}

	/** SIRT with another iteration count, otherwise as {@link #SIRT}. */
	public static Reconstructor sirt(int iterations) {
		return new Sirt(iterations, 1, false);
	}

	/** The method called {@code name} (case and surrounding spaces ignored), or null when none is. */
	public static ClassicMethod named(String name) {
		String n = name == null ? "" : name.trim();
		for (ClassicMethod m : values()) if (m.key().equalsIgnoreCase(n)) return m;
		return null;
	}
}
