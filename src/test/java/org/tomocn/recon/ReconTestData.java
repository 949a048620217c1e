package org.tomocn.recon;

import org.tomocn.core.CancelToken;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.fft.Fft;
import org.tomocn.geometry.Projector;
import org.tomocn.io.TiltAngles;

/** Small phantoms and measurements shared by the reconstruction tests. */
final class ReconTestData {
	private ReconTestData() {}

	/** Adds a ball of the given value, 4x4x4 super-sampled occupancy (partial-volume edges). */
	static void addBall(Volume v, double cx, double cy, double cz, double radius, float value) {
		int ss = 4;
		for (int z = 0; z < v.nz(); z++) for (int y = 0; y < v.ny(); y++) for (int x = 0; x < v.nx(); x++) {
			double dx0 = x - cx, dy0 = y - cy, dz0 = z - cz;
			if (dx0 * dx0 + dy0 * dy0 + dz0 * dz0 > (radius + 1) * (radius + 1)) continue;
			int in = 0;
			for (int a = 0; a < ss; a++) for (int b = 0; b < ss; b++) for (int c = 0; c < ss; c++) {
				double dx = dx0 + (a + 0.5) / ss - 0.5, dy = dy0 + (b + 0.5) / ss - 0.5, dz = dz0 + (c + 0.5) / ss - 0.5;
				if (dx * dx + dy * dy + dz * dz <= radius * radius) in++;
			}
			v.set(x, y, z, v.get(x, y, z) + value * in / (float) (ss * ss * ss));
		}
	}

	/** Twelve balls of radius 2..6 and value 0.5..1.5 at random places inside the volume (y rows 3..Y-3). */
	static Volume randomBalls(int nx, int ny, int nz, long seed) {
		Volume v = new Volume(nx, ny, nz, 2.0);
		java.util.Random r = new java.util.Random(seed);
		for (int i = 0; i < 12; i++) {
			addBall(v, 10 + (nx - 20) * r.nextDouble(), 3 + (ny - 6) * r.nextDouble(), 10 + (nz - 20) * r.nextDouble(), 2 + 4 * r.nextDouble(), 0.5f + r.nextFloat());
		}
		return v;
	}

	static TiltSeries project(Volume v, TiltGeometry g) {
		return new Projector(g).forward(v, 2, CancelToken.NONE);
	}

	/**
	 * Full width at half maximum of the profile through (x, y, z) along axis 0 (x), 1 (y) or
	 * 2 (z): the width at the level halfway between the value at (x, y, z) and the profile's
	 * minimum (its background: limited-angle reconstructions sit on a negative halo), crossings
	 * linearly interpolated.
	 */
	static double fwhm(Volume v, int x, int y, int z, int axis) {
		int n = axis == 0 ? v.nx() : axis == 1 ? v.ny() : v.nz();
		int c = axis == 0 ? x : axis == 1 ? y : z;
		double[] p = new double[n];
		for (int i = 0; i < n; i++) p[i] = axis == 0 ? v.get(i, y, z) : axis == 1 ? v.get(x, i, z) : v.get(x, y, i);
		double min = Double.MAX_VALUE;
		for (double q : p) min = Math.min(min, q);
		double half = (p[c] + min) / 2;
		double hi = Double.NaN, lo = Double.NaN;
		for (int i = c; i + 1 < n; i++) if (p[i + 1] < half) {
			hi = i + (p[i] - half) / (p[i] - p[i + 1]);
			break;
		}
		for (int i = c; i - 1 >= 0; i--) if (p[i - 1] < half) {
			lo = i - (p[i] - half) / (p[i] - p[i - 1]);
			break;
		}
		return hi - lo;
	}

	/**
	 * Correlation {@code Re(sum F1 conj F2) / sqrt(sum |F1|^2 sum |F2|^2)} of the 2-D DFTs of
	 * the XZ slices of two volumes, over the Fourier points within half a unit of a view's
	 * central line (the "present" region of conventions.md, in Fourier pixels of the larger
	 * of X and Z), all y.
	 */
	static double presentCorrelation(Volume a, Volume b, TiltGeometry g) {
		int nx = a.nx(), nz = a.nz();
		double l = Math.max(nx, nz);
		boolean[] mask = new boolean[nx * nz];
		for (int iz = 0; iz < nz; iz++) for (int ix = 0; ix < nx; ix++) {
			double fx = Fft.freq(ix, nx) * l / nx, fz = Fft.freq(iz, nz) * l / nz;
			for (int k = 0; k < g.numViews(); k++) {
				double t = g.angleRad(k);
				if (Math.abs(-fx * Math.sin(t) + fz * Math.cos(t)) <= 0.5) {
					mask[ix + nx * iz] = true;
					break;
				}
			}
		}
		double cross = 0, saa = 0, sbb = 0;
		float[] fa = new float[2 * nx * nz], fb = new float[2 * nx * nz];
		Fft.Plan2d plan = new Fft.Plan2d(nx, nz);
		for (int y = 0; y < a.ny(); y++) {
			for (int z = 0; z < nz; z++) for (int x = 0; x < nx; x++) {
				fa[2 * (x + nx * z)] = a.get(x, y, z);
				fa[2 * (x + nx * z) + 1] = 0;
				fb[2 * (x + nx * z)] = b.get(x, y, z);
				fb[2 * (x + nx * z) + 1] = 0;
			}
			plan.forward(fa);
			plan.forward(fb);
			for (int i = 0; i < nx * nz; i++) if (mask[i]) {
				cross += (double) fa[2 * i] * fb[2 * i] + (double) fa[2 * i + 1] * fb[2 * i + 1];
				saa += (double) fa[2 * i] * fa[2 * i] + (double) fa[2 * i + 1] * fa[2 * i + 1];
				sbb += (double) fb[2 * i] * fb[2 * i] + (double) fb[2 * i + 1] * fb[2 * i + 1];
			}
		}
		return cross / Math.sqrt(saa * sbb);
	}

	/** Centroid (x, z) of the voxels above half of the volume's maximum. */
	static double[] centroidAboveHalfMax(Volume v) {
		float max = -Float.MAX_VALUE;
		for (float f : v.data()) max = Math.max(max, f);
		double sx = 0, sy = 0, sz = 0, s = 0;
		for (int z = 0; z < v.nz(); z++) for (int y = 0; y < v.ny(); y++) for (int x = 0; x < v.nx(); x++) {
			float f = v.get(x, y, z);
			if (f > max / 2) {
				sx += f * x;
				sy += f * y;
				sz += f * z;
				s += f;
			}
		}
		return new double[] { sx / s, sy / s, sz / s };
	}
}
