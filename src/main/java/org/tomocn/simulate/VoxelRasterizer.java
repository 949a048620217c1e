package org.tomocn.simulate;

import java.util.List;

import org.tomocn.core.CancelToken;
import org.tomocn.core.Parallel;
import org.tomocn.core.Volume;

/**
 * Turns continuous objects into voxels by point sampling at voxel centres (integer voxel
 * coordinates): binarised objects (no antialiasing here; the Gaussian low-pass that
 * follows removes the staircase). Work is spread over z slices; every voxel is written by
 * one thread only, so the result does not depend on the thread count.
 */
final class VoxelRasterizer {
	/** A density defined at every voxel centre (x, y, z voxel indices). */
	@FunctionalInterface
	interface Field {
		double density(int x, int y, int z);
	}

	private VoxelRasterizer() {}

	/** Sets to 1 every voxel of {@code out} whose centre lies inside one of the solids (a union). */
	static void union(List<? extends Solid> solids, Volume out, int threads, CancelToken cancel) {
		final int nx = out.nx(), ny = out.ny(), nz = out.nz();
		final float[] d = out.data();
		Parallel.forEach(nz, threads, cancel, () -> null, (z, unused) -> {
			for (Solid s : solids) {
				double dz = z - s.cz(), r = s.radius();
				double h2 = r * r - dz * dz;
				if (h2 < 0) continue;
				double h = Math.sqrt(h2);
				int y0 = Math.max(0, (int) Math.ceil(s.cy() - h)), y1 = Math.min(ny - 1, (int) Math.floor(s.cy() + h));
				int x0 = Math.max(0, (int) Math.ceil(s.cx() - h)), x1 = Math.min(nx - 1, (int) Math.floor(s.cx() + h));
				for (int y = y0; y <= y1; y++) {
					int row = nx * (y + ny * z);
					double dy = y - s.cy();
					for (int x = x0; x <= x1; x++) {
						if (s.contains(x - s.cx(), dy, dz)) d[row + x] = 1f;
					}
				}
			}
		});
	}

	/** Overwrites {@code out} with {@code field} sampled at every voxel centre. */
	static void sample(Field field, Volume out, int threads, CancelToken cancel) {
		final int nx = out.nx(), ny = out.ny();
		final float[] d = out.data();
		Parallel.forEach(out.nz(), threads, cancel, () -> null, (z, unused) -> {
			for (int y = 0; y < ny; y++) {
				int row = nx * (y + ny * z);
				for (int x = 0; x < nx; x++) d[row + x] = (float) field.density(x, y, z);
			}
		});
	}
}
