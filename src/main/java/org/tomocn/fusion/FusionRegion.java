package org.tomocn.fusion;

/**
 * The three parts of Fourier space that {@link FrequencyFusion} weighs separately, for a
 * single-axis tilt series (tilt axis y; see {@link FourierGrid} for the classification).
 */
public enum FusionRegion {
	/**
	 * Within half a Fourier unit of the central plane of an acquired view: the "present"
	 * region of the paper's directional FSC (section 2.6.1), measured directly by the views.
	 */
	PRESENT("present"),
	/**
	 * Not present, but its direction lies inside the acquired tilt range: the gaps between
	 * neighbouring views' planes, far from the origin. Interpolated by the classic methods
	 * from measured neighbours on either side.
	 */
	GAP("gap"),
	/** Outside the acquired tilt range: the missing wedge proper, which no view measured. */
	WEDGE("wedge");

	private final String key;

	FusionRegion(String key) {
		this.key = key;
	}

	/** The name used in the CSV and the log. */
	public String key() {
		return key;
	}
}
