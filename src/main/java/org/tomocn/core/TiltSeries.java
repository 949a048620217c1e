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

	public TiltSeries withGeometry(TiltGeometry g) {
		return new TiltSeries(projections, g, scale);
	}
}
