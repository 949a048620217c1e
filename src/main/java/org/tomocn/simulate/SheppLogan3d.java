package org.tomocn.simulate;

/**
 * The 3-D modified Shepp-Logan head phantom: the sum of ten uniform ellipsoids in the cube
 * [-1, 1]^3.
 * <p>
 * Parameters: the "Modified Shepp-Logan" table of M. Schabel's {@code phantom3d} (MATLAB
 * Central File Exchange 9416), which extends the 2-D phantom of Shepp &amp; Logan (IEEE
 * Trans. Nucl. Sci. 21, 1974) as Kak &amp; Slaney (Principles of Computerized Tomographic
 * Imaging, 1988, section 3.2) do, with the higher-contrast intensities of P. Toft (The
 * Radon Transform, PhD thesis, 1996, pp. 199-200). Columns: intensity A, semi-axes a, b, c,
 * centre x0, y0, z0, Euler angles phi, theta, psi (degrees).
 * <p>
 * Ellipsoid i contains point p when {@code |D^-1 R^T (p - p0)| <= 1} with D = diag(a, b, c)
 * and R = Rz(phi) Rx(theta) Rz(psi) (z-x-z Euler angles, rotation about the ellipsoid's own
 * centre). Only ellipsoids 3 and 4 are rotated (theta = 0), i.e. by phi + psi about z.
 * (phantom3d's code applies the rotation before subtracting the centre, which moves those
 * two ellipsoids slightly; we follow the table's geometric meaning.)
 * <p>
 * Voxel mapping: each axis separately, voxel index i of n maps to
 * {@code (i - (n-1)/2) / ((n-1)/2)} (as phantom3d), with y flipped so that +y of the head
 * (its top) is the top of an ImageJ slice (image row 0). Non-cubic boxes stretch the head.
 * Values: 0 outside, 1 on the skull, 0.2 in the brain, 0-0.4 in the features; voxels on a
 * surface are antialiased ({@link #voxel}).
 */
public final class SheppLogan3d {
	/** A, a, b, c, x0, y0, z0, phi, theta, psi (degrees). */
	private static final double[][] TABLE = { //
		{ 1, .6900, .920, .810, 0, 0, 0, 0, 0, 0 }, //
		{ -.8, .6624, .874, .780, 0, -.0184, 0, 0, 0, 0 }, //
		{ -.2, .1100, .310, .220, .22, 0, 0, -18, 0, 10 }, //
		{ -.2, .1600, .410, .280, -.22, 0, 0, 18, 0, 10 }, //
		{ .1, .2100, .250, .410, 0, .35, -.15, 0, 0, 0 }, //
		{ .1, .0460, .046, .050, 0, .1, .25, 0, 0, 0 }, //
		{ .1, .0460, .046, .050, 0, -.1, .25, 0, 0, 0 }, //
		{ .1, .0460, .023, .050, -.08, -.605, 0, 0, 0, 0 }, //
		{ .1, .0230, .023, .020, 0, -.606, 0, 0, 0, 0 }, //
		{ .1, .0230, .046, .020, .06, -.605, 0, 0, 0, 0 } };

	/** Per ellipsoid: A, 1/a, 1/b, 1/c, x0, y0, z0, R row-major (9), 1 / smallest semi-axis, largest semi-axis. */
	private static final double[][] PREPARED = prepare();

	private SheppLogan3d() {}

	private static double[][] prepare() {
		double[][] p = new double[TABLE.length][];
		for (int i = 0; i < TABLE.length; i++) {
			double[] e = TABLE[i];
			double[] r = mul(rz(e[7]), mul(rx(e[8]), rz(e[9])));
			double[] q = new double[18];
			q[0] = e[0];
			q[1] = 1 / e[1];
			q[2] = 1 / e[2];
			q[3] = 1 / e[3];
			q[4] = e[4];
			q[5] = e[5];
			q[6] = e[6];
			System.arraycopy(r, 0, q, 7, 9);
			q[16] = 1 / Math.min(e[1], Math.min(e[2], e[3]));
			q[17] = Math.max(e[1], Math.max(e[2], e[3]));
			p[i] = q;
		}
		return p;
	}

	private static double[] rz(double deg) {
		double c = Math.cos(Math.toRadians(deg)), s = Math.sin(Math.toRadians(deg));
		return new double[] { c, -s, 0, s, c, 0, 0, 0, 1 };
	}

	private static double[] rx(double deg) {
		double c = Math.cos(Math.toRadians(deg)), s = Math.sin(Math.toRadians(deg));
		return new double[] { 1, 0, 0, 0, c, -s, 0, s, c };
	}

	private static double[] mul(double[] a, double[] b) {
		double[] m = new double[9];
		for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) m[3 * i + j] += a[3 * i + k] * b[3 * k + j];
		return m;
	}

	/** The number of ellipsoids (10). */
	public static int numEllipsoids() {
		return TABLE.length;
	}

	/** A copy of row i of the parameter table: A, a, b, c, x0, y0, z0, phi, theta, psi. */
	public static double[] parameters(int i) {
		return TABLE[i].clone();
	}

	/** The phantom's density at (x, y, z) in the cube [-1, 1]^3 (unfiltered, not normalised). */
	public static double density(double x, double y, double z) {
		double sum = 0;
		for (double[] e : PREPARED) {
			double dx = x - e[4], dy = y - e[5], dz = z - e[6];
			// local = R^T d, scaled by the semi-axes
			double u = (e[7] * dx + e[10] * dy + e[13] * dz) * e[1];
			double v = (e[8] * dx + e[11] * dy + e[14] * dz) * e[2];
			double w = (e[9] * dx + e[12] * dy + e[15] * dz) * e[3];
			if (u * u + v * v + w * w <= 1) sum += e[0];
		}
		return sum;
	}

	/** Normalised coordinate of voxel index i on an axis of n voxels: -1 at 0, +1 at n-1. */
	static double coordinate(int i, int n) {
		return n == 1 ? 0 : (i - (n - 1) / 2.0) / ((n - 1) / 2.0);
	}

	/**
	 * The density at voxel (x, y, z) of an {@code nx x ny x nz} box (see the class comment
	 * for the mapping), antialiased: each ellipsoid contributes A times its estimated
	 * coverage of the voxel, {@code clamp(0.5 - s, 0, 1)} with s the signed distance from the
	 * voxel centre to its surface in voxels (to first order: (rho - 1) / |grad rho|, rho the
	 * ellipsoid's normalised radius). Point sampling alone leaves one-voxel spurs on the thin
	 * skull. Voxels more than a voxel from every surface get exactly the table's values.
	 */
	static double voxel(int x, int y, int z, int nx, int ny, int nz) {
		// normalised units per voxel along each axis (y flipped: sign irrelevant for the gradient)
		double sx = nx == 1 ? 0 : 2.0 / (nx - 1), sy = ny == 1 ? 0 : 2.0 / (ny - 1), sz = nz == 1 ? 0 : 2.0 / (nz - 1);
		double smax = Math.max(sx, Math.max(sy, sz));
		double px = coordinate(x, nx), py = -coordinate(y, ny), pz = coordinate(z, nz);
		double sum = 0;
		for (int i = 0; i < PREPARED.length; i++) {
			double[] e = PREPARED[i];
			double dx = px - e[4], dy = py - e[5], dz = pz - e[6];
			// rho changes by at most smax / (smallest semi-axis) per voxel
			double reach = smax * e[16];
			double box = e[17] + smax;
			if (Math.abs(dx) > box || Math.abs(dy) > box || Math.abs(dz) > box) continue;
			double u = (e[7] * dx + e[10] * dy + e[13] * dz) * e[1];
			double v = (e[8] * dx + e[11] * dy + e[14] * dz) * e[2];
			double w = (e[9] * dx + e[12] * dy + e[15] * dz) * e[3];
			double rho2 = u * u + v * v + w * w;
			if (rho2 >= (1 + reach) * (1 + reach)) continue;
			if (reach >= 1 || rho2 <= (1 - reach) * (1 - reach)) {
				sum += rho2 <= 1 ? e[0] : 0;
				continue;
			}
			double rho = Math.sqrt(rho2);
			// grad rho in normalised coordinates = R D^-1 q / rho, q = (u, v, w); then per voxel
			double qu = u * e[1] / rho, qv = v * e[2] / rho, qw = w * e[3] / rho;
			double gx = (e[7] * qu + e[8] * qv + e[9] * qw) * sx;
			double gy = (e[10] * qu + e[11] * qv + e[12] * qw) * sy;
			double gz = (e[13] * qu + e[14] * qv + e[15] * qw) * sz;
			double dist = (rho - 1) / Math.sqrt(gx * gx + gy * gy + gz * gz);
			sum += e[0] * Math.max(0, Math.min(1, 0.5 - dist));
		}
		return sum;
	}
}
