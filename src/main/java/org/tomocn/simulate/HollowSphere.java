package org.tomocn.simulate;

/**
 * A spherical shell of unit density: the points whose distance from the centre lies in
 * [inner, outer] voxels (section 2.3 of the paper: "binarized hollow spheres of constant
 * density").
 */
final class HollowSphere implements Solid {
	private final double cx, cy, cz, inner, outer;

	HollowSphere(double cx, double cy, double cz, double inner, double outer) {
		this.cx = cx;
		this.cy = cy;
		this.cz = cz;
		this.inner = inner;
		this.outer = outer;
	}

	@Override
	public double cx() {
		return cx;
	}

	@Override
	public double cy() {
		return cy;
	}

	@Override
	public double cz() {
		return cz;
	}

	@Override
	public double radius() {
		return outer;
	}

	double inner() {
		return inner;
	}

	@Override
	public boolean contains(double dx, double dy, double dz) {
		double d2 = dx * dx + dy * dy + dz * dz;
		return d2 <= outer * outer && d2 >= inner * inner;
	}
}
