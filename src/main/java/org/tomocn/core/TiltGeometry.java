package org.tomocn.core;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;


/**
 * Single-axis parallel-beam tilt geometry: tilt about the image Y axis, one angle per
 * projection.
 * <p>
 * <b>Axes.</b> Projections are {@code width} (X) by {@code height} (Y) pixels; the volume is
 * {@code width x height x thickness} (X, Y, Z) voxels, Z along the beam at zero tilt. One
 * y row of the tilt series maps to the XZ plane of the volume at the same y.
 * <p>
 * <b>Centre.</b> The rotation centre is the voxel-grid centre {@code cx = (X-1)/2},
 * {@code cz = (Z-1)/2}; the detector centre is {@code cu = (X-1)/2}. For odd sizes that is
 * the middle pixel; for even sizes it lies between the two middle pixels (as IMOD, which
 * centres at {@code X/2} in 1-based, half-pixel-origin coordinates).
 * <p>
 * <b>Sign.</b> A voxel at (x, z) projects at tilt angle θ to detector coordinate
 * <pre>  u = (x - cx) cos θ + (z - cz) sin θ + cu</pre>
 * i.e. a positive angle moves material at larger z (higher slice numbers) towards larger
 * detector x. This is the convention of IMOD's {@code tilt} for a volume written in
 * X-Y-Z order (z = slice number, as after {@code trimvol -rx}) to the best of our
 * reading of its documentation; it is tested here only against this projector itself.
 * <p>
 * Angles are in degrees; pixel size in Angstrom ({@code NaN} when unknown).
 * Instances are immutable.
 */
public final class TiltGeometry {
	private final double[] anglesDeg;
	private final int width;
	private final int height;
	private final int thickness;
	private final double pixelSize;

	/**
	 * @param anglesDeg one tilt angle per projection, degrees, in the order of the stack
	 * @param width X size of projections and volume (pixels)
	 * @param height Y size (pixels, along the tilt axis)
	 * @param thickness Z size of the volume (pixels)
	 * @param pixelSize Angstrom per pixel, or {@code NaN} when unknown
	 */
	public TiltGeometry(double[] anglesDeg, int width, int height, int thickness, double pixelSize) {
		if (anglesDeg == null || anglesDeg.length == 0) throw new TomoInputException("No tilt angles given");
		if (width < 1 || height < 1 || thickness < 1) {
			throw new TomoInputException("Invalid geometry: width " + width + ", height " + height + ", thickness " + thickness + " (all must be at least 1 pixel)");
		}
		for (double a : anglesDeg) {
			if (!Double.isFinite(a) || Math.abs(a) > 90) throw new TomoInputException("Tilt angle " + a + " is not a finite angle in [-90, 90] degrees");
		}
		if (!(Double.isNaN(pixelSize) || (pixelSize > 0 && Double.isFinite(pixelSize)))) {
			throw new TomoInputException("Pixel size must be positive (Angstrom) or unknown, got " + pixelSize);
		}
		this.anglesDeg = anglesDeg.clone();
		this.width = width;
		this.height = height;
		this.thickness = thickness;
		this.pixelSize = pixelSize;
	}

	/** Number of projections. */
	public int numViews() {
		return anglesDeg.length;
	}

	/** A copy of the tilt angles, degrees. */
	public double[] anglesDeg() {
		return anglesDeg.clone();
	}

	/**
	 * The view indices ranked by tilt angle, smallest first; views with equal angles keep
	 * their stack order (a stable sort). For a stack sorted by angle: 0, 1, ..., l - 1.
	 */
	public int[] viewsByAngle() {
		return IntStream.range(0, anglesDeg.length).boxed()
			.sorted(Comparator.comparingDouble(k -> anglesDeg[k])).mapToInt(Integer::intValue).toArray();
	}

	public double angleDeg(int view) {
		return anglesDeg[view];
	}

	public double angleRad(int view) {
		return Math.toRadians(anglesDeg[view]);
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	public int thickness() {
		return thickness;
	}

	/** Angstrom per pixel, {@code NaN} when unknown. */
	public double pixelSize() {
		return pixelSize;
	}

	public boolean hasPixelSize() {
		return !Double.isNaN(pixelSize);
	}

	public TiltGeometry withAngles(double[] deg) {
		return new TiltGeometry(deg, width, height, thickness, pixelSize);
	}

	/** The same geometry with {@code rows} y rows instead of {@link #height()} (for a chunk of the volume's rows; where they start is the caller's). */
	public TiltGeometry withHeight(int rows) {
		return new TiltGeometry(anglesDeg, width, rows, thickness, pixelSize);
	}

	/** Rotation centre in x (voxel index units). */
	public double centreX() {
		return (width - 1) / 2.0;
	}

	/** Rotation centre in z (voxel index units). */
	public double centreZ() {
		return (thickness - 1) / 2.0;
	}

	/** Detector coordinate of voxel (x, z) in the given view, in detector pixels. */
	public double detectorU(int view, double x, double z) {
		double t = angleRad(view);
		return (x - centreX()) * Math.cos(t) + (z - centreZ()) * Math.sin(t) + centreX();
	}

	@Override
	public String toString() {
		return "TiltGeometry[" + width + " x " + height + " x " + thickness + ", " + anglesDeg.length + " views " +
			(anglesDeg.length > 0 ? anglesDeg[0] + ".." + anglesDeg[anglesDeg.length - 1] : "") + " deg, pixel " + pixelSize + " A]";
	}

	@Override
	public boolean equals(Object o) {
		if (!(o instanceof TiltGeometry)) return false;
		TiltGeometry g = (TiltGeometry) o;
		return width == g.width && height == g.height && thickness == g.thickness && Arrays.equals(anglesDeg, g.anglesDeg) &&
			Double.compare(pixelSize, g.pixelSize) == 0;
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(anglesDeg) * 31 + width * 7 + height * 13 + thickness;
	}
}
