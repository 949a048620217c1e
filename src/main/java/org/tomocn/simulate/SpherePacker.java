package org.tomocn.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random sequential placement of non-overlapping bounding spheres in a box: draws a
 * diameter uniformly in [dMin, dMax] and a centre uniformly among the positions that keep
 * the sphere {@code margin} voxels away from every face, and keeps it when it stays at least
 * {@code gap} voxels away from every sphere kept before. Stops when the kept spheres fill
 * {@code fraction} of the box volume or after {@code maxFailures} rejections in a row.
 * Single-threaded and driven only by the given random generator, so the result depends on
 * the seed alone.
 */
final class SpherePacker {
	/** A placed bounding sphere (voxel coordinates, voxel indices on integers). */
	static final class Placed {
		final double x, y, z, r;

		Placed(double x, double y, double z, double r) {
			this.x = x;
			this.y = y;
			this.z = z;
			this.r = r;
		}
	}

	private SpherePacker() {}

	static List<Placed> pack(int nx, int ny, int nz, double dMin, double dMax, double margin, double gap, double fraction, int maxFailures,
		SplittableRandom rnd) {
		// a uniform grid of cells no smaller than the largest interaction distance
		double cell = dMax + gap;
		int gx = Math.max(1, (int) (nx / cell)), gy = Math.max(1, (int) (ny / cell)), gz = Math.max(1, (int) (nz / cell));
		@SuppressWarnings("unchecked")
		List<Placed>[] grid = new List[gx * gy * gz];
		List<Placed> kept = new ArrayList<>();
		double target = fraction * (double) nx * ny * nz, filled = 0;
		int failures = 0;
		while (filled < target && failures < maxFailures) {
			double r = 0.5 * (dMin + (dMax - dMin) * rnd.nextDouble());
			double lo = r + margin;
			double x = lo + (nx - 1 - 2 * lo) * rnd.nextDouble();
			double y = lo + (ny - 1 - 2 * lo) * rnd.nextDouble();
			double z = lo + (nz - 1 - 2 * lo) * rnd.nextDouble();
			if (nx - 1 < 2 * lo || ny - 1 < 2 * lo || nz - 1 < 2 * lo || collides(grid, gx, gy, gz, nx, ny, nz, x, y, z, r, gap)) {
				failures++;
				continue;
			}
			failures = 0;
			Placed p = new Placed(x, y, z, r);
			kept.add(p);
			int c = cellIndex(x, nx, gx) + gx * (cellIndex(y, ny, gy) + gy * cellIndex(z, nz, gz));
			if (grid[c] == null) grid[c] = new ArrayList<>();
			grid[c].add(p);
			filled += 4.0 / 3 * Math.PI * r * r * r;
		}
		return kept;
	}

	private static int cellIndex(double v, int n, int g) {
		return Math.min(g - 1, Math.max(0, (int) (v * g / n)));
	}

	private static boolean collides(List<Placed>[] grid, int gx, int gy, int gz, int nx, int ny, int nz, double x, double y, double z,
		double r, double gap) {
		int ix = cellIndex(x, nx, gx), iy = cellIndex(y, ny, gy), iz = cellIndex(z, nz, gz);
		for (int k = Math.max(0, iz - 1); k <= Math.min(gz - 1, iz + 1); k++) {
			for (int j = Math.max(0, iy - 1); j <= Math.min(gy - 1, iy + 1); j++) {
				for (int i = Math.max(0, ix - 1); i <= Math.min(gx - 1, ix + 1); i++) {
					List<Placed> list = grid[i + gx * (j + gy * k)];
					if (list == null) continue;
					for (Placed p : list) {
						double dx = p.x - x, dy = p.y - y, dz = p.z - z, min = p.r + r + gap;
						if (dx * dx + dy * dy + dz * dz < min * min) return true;
					}
				}
			}
		}
		return false;
	}
}
