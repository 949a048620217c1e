package org.tomocn.simulate;

import java.util.ArrayList;
import java.util.List;

/**
 * A virus-like particle standing in for the paper's P22 (section 2.3: an icosahedral capsid
 * and a tail with pseudo-six-fold symmetry). Defined as a binary density (0 or 1) in units
 * of a box half-size H, centred at the origin:
 * <ul>
 * <li><b>Capsid</b>: a shell between {@code Ro(d) - 0.08} and {@code Ro(d)} along each
 * direction d, with {@code Ro(d) = 0.58 (1 + 0.10 g(d))}, where g rises from 0 at the
 * face centres to 1 at the 12 vertex directions of an icosahedron (g = (max_v d.v - cos
 * 37.38 deg) / (1 - cos 37.38 deg)), so the shell bulges at the vertices like a real
 * capsid. On it sit 62 capsomer knobs of radius 0.05 (0.06 at the vertices): 12 at the
 * vertices, 20 at the face centres, 30 at the edge midpoints. The capsid therefore has the
 * full icosahedral rotation group (60 rotations).</li>
 * <li><b>Tail</b>: leaves one vertex, from just inside the shell to 0.32 beyond it: a tube of
 * outer radius {@code 0.11 (1 + 0.3 cos 6 phi)} (six ridges: pseudo-six-fold) with rings
 * 0.02 high every 0.08 along its axis and a hollow lumen of radius 0.035, ending in a tip
 * that tapers to 40% of the radius over the last 0.08.</li>
 * </ul>
 * The icosahedron has vertices at the poles of the y axis and two rings of five at
 * latitude +-atan(1/2); the whole particle is then turned by 30 degrees about z, so the
 * tail (from the -y vertex) points towards +x, -y, in the XY plane: the central XY slice
 * cuts it lengthwise. The particle is deterministic (no random parameters).
 */
public final class VirusParticle {
	static final double CAPSID_RADIUS = 0.58;
	static final double BULGE = 0.10;
	static final double SHELL = 0.08;
	static final double KNOB = 0.05, VERTEX_KNOB = 0.06;
	static final double TAIL_LENGTH = 0.32, TAIL_RADIUS = 0.11, LUMEN = 0.035, RING_PERIOD = 0.08, TIP = 0.08;
	/** cos of the angle between a vertex and the centre of a face it belongs to (37.38 degrees). */
	private static final double COS_FACE = Math.sqrt((5 + 2 * Math.sqrt(5)) / 15);
	/** Largest distance from the centre of anything in the particle, units of H. */
	static final double EXTENT = CAPSID_RADIUS * (1 + BULGE) + TAIL_LENGTH;

	private static final double[][] VERTICES;
	/** Knob centres (on the outer surface, units of H) and radii. */
	private static final double[][] KNOB_CENTRES;
	private static final double[] KNOB_RADII;
	/** Tail axis (unit), two unit vectors normal to it, and its start and end along the axis. */
	private static final double[] TAIL, E1, E2;
	private static final double TAIL_START, TAIL_END;

	static {
		double[] turn = { Math.cos(Math.PI / 6), -Math.sin(Math.PI / 6), 0, Math.sin(Math.PI / 6), Math.cos(Math.PI / 6), 0, 0, 0, 1 };
		List<double[]> v = new ArrayList<>();
		v.add(new double[] { 0, 1, 0 });
		double rr = 2 / Math.sqrt(5), yy = 1 / Math.sqrt(5);
		for (int k = 0; k < 5; k++) v.add(new double[] { rr * Math.cos(2 * Math.PI * k / 5), yy, rr * Math.sin(2 * Math.PI * k / 5) });
		for (int k = 0; k < 5; k++) {
			double a = 2 * Math.PI * (k + 0.5) / 5;
			v.add(new double[] { rr * Math.cos(a), -yy, rr * Math.sin(a) });
		}
		v.add(new double[] { 0, -1, 0 });
		VERTICES = new double[12][];
		for (int i = 0; i < 12; i++) VERTICES[i] = rotate(turn, v.get(i));
		// neighbours: dot = 1/sqrt(5); edges and faces from the adjacency
		double adj = 1 / Math.sqrt(5);
		List<double[]> dirs = new ArrayList<>();
		List<Double> radii = new ArrayList<>();
		for (double[] p : VERTICES) {
			dirs.add(p);
			radii.add(VERTEX_KNOB);
		}
		for (int i = 0; i < 12; i++) for (int j = i + 1; j < 12; j++) {
			if (Math.abs(dot(VERTICES[i], VERTICES[j]) - adj) > 1e-9) continue;
			dirs.add(normalise(add(VERTICES[i], VERTICES[j])));
			radii.add(KNOB);
			for (int k = j + 1; k < 12; k++) {
				if (Math.abs(dot(VERTICES[i], VERTICES[k]) - adj) > 1e-9 || Math.abs(dot(VERTICES[j], VERTICES[k]) - adj) > 1e-9) continue;
				dirs.add(normalise(add(add(VERTICES[i], VERTICES[j]), VERTICES[k])));
				radii.add(KNOB);
			}
		}
		if (dirs.size() != 62) throw new IllegalStateException("icosahedron has " + dirs.size() + " knob sites, expected 62");
		KNOB_CENTRES = new double[dirs.size()][];
		for (int i = 0; i < dirs.size(); i++) {
			double[] d = dirs.get(i);
			double ro = outerRadius(d[0], d[1], d[2]);
			KNOB_CENTRES[i] = new double[] { ro * d[0], ro * d[1], ro * d[2] };
		}
		KNOB_RADII = radii.stream().mapToDouble(Double::doubleValue).toArray();
		TAIL = VERTICES[11];
		E1 = normalise(cross(TAIL, new double[] { 0, 0, 1 }));
		E2 = cross(TAIL, E1);
		double ro = outerRadius(TAIL[0], TAIL[1], TAIL[2]);
		TAIL_START = ro - SHELL - 0.02;
		TAIL_END = ro + TAIL_LENGTH;
	}

	private VirusParticle() {}

	/** The 12 unit vertex directions of the capsid's icosahedron (copies), index 11 = the tail vertex. */
	public static double[][] vertices() {
		double[][] c = new double[12][];
		for (int i = 0; i < 12; i++) c[i] = VERTICES[i].clone();
		return c;
	}

	/** The tail's unit axis direction (a copy). */
	public static double[] tailAxis() {
		return TAIL.clone();
	}

	/** The capsid's outer radius along the unit direction (x, y, z), units of H. */
	static double outerRadius(double x, double y, double z) {
		double best = -1;
		for (double[] v : VERTICES) best = Math.max(best, v[0] * x + v[1] * y + v[2] * z);
		double g = Math.min(1, Math.max(0, (best - COS_FACE) / (1 - COS_FACE)));
		return CAPSID_RADIUS * (1 + BULGE * g);
	}

	/** 1 inside the capsid (shell and knobs, no tail), else 0; (x, y, z) in units of H from the centre. */
	public static double capsid(double x, double y, double z) {
		double r = Math.sqrt(x * x + y * y + z * z);
		if (r < CAPSID_RADIUS - SHELL || r > CAPSID_RADIUS * (1 + BULGE) + VERTEX_KNOB) return 0;
		double ro = outerRadius(x / r, y / r, z / r);
		if (r <= ro && r >= ro - SHELL) return 1;
		for (int i = 0; i < KNOB_CENTRES.length; i++) {
			double[] c = KNOB_CENTRES[i];
			double dx = x - c[0], dy = y - c[1], dz = z - c[2], k = KNOB_RADII[i];
			if (dx * dx + dy * dy + dz * dz <= k * k) return 1;
		}
		return 0;
	}

	/** 1 inside the tail, else 0; units of H from the particle centre. */
	public static double tail(double x, double y, double z) {
		double h = x * TAIL[0] + y * TAIL[1] + z * TAIL[2];
		if (h < TAIL_START || h > TAIL_END) return 0;
		double a = x * E1[0] + y * E1[1] + z * E1[2], b = x * E2[0] + y * E2[1] + z * E2[2];
		double rho = Math.sqrt(a * a + b * b);
		if (rho > TAIL_RADIUS * 1.3 + 0.02) return 0;
		if (h > TAIL_END - TIP) return rho <= TAIL_RADIUS * (0.4 + 0.6 * (TAIL_END - h) / TIP) ? 1 : 0;
		if (rho < LUMEN) return 0;
		double phi = Math.atan2(b, a);
		double ring = ((h - TAIL_START) / RING_PERIOD) % 1.0 < 0.5 ? 0.02 : 0;
		return rho <= TAIL_RADIUS * (1 + 0.3 * Math.cos(6 * phi)) + ring ? 1 : 0;
	}

	/** The particle's density (capsid or tail: 1, else 0), units of H from the centre. */
	public static double density(double x, double y, double z) {
		return capsid(x, y, z) > 0 || tail(x, y, z) > 0 ? 1 : 0;
	}

	private static double[] rotate(double[] m, double[] p) {
		return new double[] { m[0] * p[0] + m[1] * p[1] + m[2] * p[2], m[3] * p[0] + m[4] * p[1] + m[5] * p[2],
			m[6] * p[0] + m[7] * p[1] + m[8] * p[2] };
	}

	static double dot(double[] a, double[] b) {
		return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
	}

	private static double[] add(double[] a, double[] b) {
		return new double[] { a[0] + b[0], a[1] + b[1], a[2] + b[2] };
	}

	private static double[] cross(double[] a, double[] b) {
		return new double[] { a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0] };
	}

	private static double[] normalise(double[] a) {
		double n = Math.sqrt(dot(a, a));
		return new double[] { a[0] / n, a[1] / n, a[2] / n };
	}
}
