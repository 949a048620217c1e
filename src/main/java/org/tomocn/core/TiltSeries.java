package org.tomocn.core;


/**
 * A tilt series: {@code l} projections of {@code X x Y} pixels stored as a {@link Volume}
 * {@code X x Y x l} (the third axis is the view index, in the order of
 * {@link TiltGeometry#anglesDeg()}), together with its geometry. The geometry's width and
 * height equal the projection size; its thickness is the thickness of the volume to
 * reconstruct.
 * <p>
 * {@code scale} records a normalisation applied to the values (e.g. the simulator divides
 * the raw line integrals by their maximum so projections lie in [0, 1]; raw = stored *
 * scale). It is 1 for data that was not rescaled.
 */
public final class TiltSeries {
	private final Volume projections;
	private final TiltGeometry geometry;
	private final double scale;

	public TiltSeries(Volume projections, TiltGeometry geometry) {
		this(projections, geometry, 1.0);
	}

	public TiltSeries(Volume projections, TiltGeometry geometry, double scale) {
		if (projections.nx() != geometry.width() || projections.ny() != geometry.height()) {
			throw new TomoInputException("Projections are " + projections.nx() + " x " + projections.ny() + " but the geometry is " +
				geometry.width() + " x " + geometry.height());
		}
		if (projections.nz() != geometry.numViews()) {
			throw new TomoInputException("The tilt series has " + projections.nz() + " projections but " + geometry.numViews() + " tilt angles");
		}
		this.projections = projections;
		this.geometry = geometry;
		this.scale = scale;
	}

	/** The projections, {@code X x Y x l}. Shared, not copied. */
	public Volume projections() {
		return projections;
	}

	public TiltGeometry geometry() {
		return geometry;
	}

	/** raw line integral = stored value * scale. */
	public double scale() {
		return scale;
	}

	public int numViews() {
		return geometry.numViews();
	}

	/**
	 * The same views ranked by tilt angle ({@link TiltGeometry#viewsByAngle()}, ties in stack
	 * order): this series itself when it is already in that order, else a copy with its
	 * projections and angles permuted alike. Whatever order a file holds (e.g. a
	 * dose-symmetric 0, +2, -2, +4, ... acquisition), the sorted series is the same.
	 */
	public TiltSeries sortedByAngle() {
		int[] order = geometry.viewsByAngle();
		boolean sorted = true;
		for (int k = 0; k < order.length && sorted; k++) sorted = order[k] == k;
		return sorted ? this : views(order);
	}

	/**
	 * A new series of the listed views (0-based), in the order listed, with their angles and
	 * this series' scale; the projections are copied, this series is not modified.
	 */
	public TiltSeries views(int[] indices) {
		int plane = projections.nx() * projections.ny();
		Volume p = new Volume(projections.nx(), projections.ny(), indices.length, projections.pixelSize());
		double[] angles = new double[indices.length];
		for (int k = 0; k < indices.length; k++) {
			System.arraycopy(projections.data(), indices[k] * plane, p.data(), k * plane, plane);
			angles[k] = geometry.angleDeg(indices[k]);
		}
		return new TiltSeries(p, geometry.withAngles(angles), scale);
	}

	public TiltSeries withGeometry(TiltGeometry g) {
		return new TiltSeries(projections, g, scale);
	}
}
