package org.tomocn.simulate;

import java.util.SplittableRandom;

/**
 * One of the mixed shapes of the paper's second data set (section 2.3): full sphere,
 * ellipsoid, square pyramid, cube, rectangular prism, circular disc, 4- and 6-pointed 3-D
 * cross. Each is defined in its own frame, centred at the origin and scaled to fit a sphere
 * of the given radius, then rotated by a rotation drawn uniformly from SO(3) (random unit
 * quaternion). Unit density, binarised.
 */
final class OrientedShape implements Solid {
	/** The shape kinds, in the order {@link #random} draws them (uniformly). */
	enum Kind { SPHERE, ELLIPSOID, PYRAMID, CUBE, PRISM, DISC, CROSS_4, CROSS_6 }

	private final Kind kind;
	private final double cx, cy, cz, radius;
	/** Rotation, row-major; local = R^T (p - c). */
	private final double[] rot;
	/** Shape parameters in the local frame (half-extents, voxels). */
	private final double a, b, c;

	private OrientedShape(Kind kind, double cx, double cy, double cz, double radius, double[] rot, double a, double b, double c) {
		this.kind = kind;
		this.cx = cx;
		this.cy = cy;
		this.cz = cz;
		this.radius = radius;
		this.rot = rot;
		this.a = a;
		this.b = b;
		this.c = c;
	}

	/** A shape of random kind, proportions and orientation inside the sphere (centre, radius). */
	static OrientedShape random(double cx, double cy, double cz, double radius, SplittableRandom rnd) {
		Kind kind = Kind.values()[rnd.nextInt(Kind.values().length)];
		double[] rot = randomRotation(rnd);
		double r = radius;
		double u = 0.4 + 0.4 * rnd.nextDouble(), v = 0.4 + 0.4 * rnd.nextDouble();
		switch (kind) {
			case SPHERE:
				return new OrientedShape(kind, cx, cy, cz, r, rot, r, r, r);
			case ELLIPSOID:
				return new OrientedShape(kind, cx, cy, cz, r, rot, r, r * u, r * v);
			case PYRAMID: {
				// square base at z = -H/4, apex at z = 3H/4 (centroid at the origin)
				double h = 0.95 * r * 4 / 3;
				double half = Math.sqrt(Math.pow(0.95 * r, 2) - Math.pow(h / 4, 2)) / Math.sqrt(2);
				return new OrientedShape(kind, cx, cy, cz, r, rot, half, half, h);
			}
			case CUBE: {
				double h = r / Math.sqrt(3);
				return new OrientedShape(kind, cx, cy, cz, r, rot, h, h, h);
			}
			case PRISM: {
				double n = Math.sqrt(1 + u * u + v * v);
				return new OrientedShape(kind, cx, cy, cz, r, rot, r / n, r * u / n, r * v / n);
			}
			case DISC: {
				double t = 0.15 + 0.15 * rnd.nextDouble(); // half-thickness / disc radius
				double rad = r / Math.sqrt(1 + t * t);
				return new OrientedShape(kind, cx, cy, cz, r, rot, rad, rad, rad * t);
			}
			default: {
				// crosses: bars of half-length L and half-width w = L/5 (at least 1 voxel)
				double w0 = Math.max(1.0, 0.2 * r);
				double l = Math.sqrt(r * r - 2 * w0 * w0);
				return new OrientedShape(kind, cx, cy, cz, r, rot, l, w0, w0);
			}
		}
	}

	/** Uniform random rotation from a uniform unit quaternion (Shoemake 1992). */
	static double[] randomRotation(SplittableRandom rnd) {
		double u1 = rnd.nextDouble(), u2 = 2 * Math.PI * rnd.nextDouble(), u3 = 2 * Math.PI * rnd.nextDouble();
		double s1 = Math.sqrt(1 - u1), s2 = Math.sqrt(u1);
		double w = s1 * Math.sin(u2), x = s1 * Math.cos(u2), y = s2 * Math.sin(u3), z = s2 * Math.cos(u3);
		return new double[] { //
			1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w), //
			2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w), //
			2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y) };
	}

	Kind kind() {
		return kind;
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
		return radius;
	}

	@Override
	public boolean contains(double dx, double dy, double dz) {
		if (dx * dx + dy * dy + dz * dz > radius * radius) return false;
		// local = R^T d
		double x = rot[0] * dx + rot[3] * dy + rot[6] * dz;
		double y = rot[1] * dx + rot[4] * dy + rot[7] * dz;
		double z = rot[2] * dx + rot[5] * dy + rot[8] * dz;
		double ax = Math.abs(x), ay = Math.abs(y), az = Math.abs(z);
		switch (kind) {
			case SPHERE:
			case ELLIPSOID:
				return (x / a) * (x / a) + (y / b) * (y / b) + (z / c) * (z / c) <= 1;
			case PYRAMID: {
				// c = height H; base at -H/4, apex at 3H/4; half-width shrinks linearly to 0
				if (z < -c / 4 || z > 3 * c / 4) return false;
				double half = a * (3 * c / 4 - z) / c;
				return ax <= half && ay <= half;
			}
			case CUBE:
			case PRISM:
				return ax <= a && ay <= b && az <= c;
			case DISC:
				return x * x + y * y <= a * a && az <= c;
			case CROSS_4:
				return az <= c && ((ax <= a && ay <= b) || (ay <= a && ax <= b));
			case CROSS_6:
				return (ax <= a && ay <= b && az <= c) || (ay <= a && ax <= b && az <= c) || (az <= a && ax <= b && ay <= c);
			default:
				throw new IllegalStateException(kind.toString());
		}
	}
}
