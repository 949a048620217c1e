package org.tomocn.geometry;

import org.tomocn.core.CancelToken;
import org.tomocn.core.Parallel;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;

/**
 * The one projector of TomoCN: parallel-beam line integrals for single-axis tilt about Y
 * ({@link #forward}) and its exact adjoint, the back-projector ({@link #adjoint}).
 * <p>
 * <b>Method.</b> Joseph's ray-driven method (P. M. Joseph, IEEE TMI 1982): each detector
 * pixel u of view θ is a ray; along the ray's dominant axis (z when |cos θ| >= |sin θ|,
 * else x) the ray visits every voxel row and linearly interpolates between the two nearest
 * voxels of that row; the step length (1/|cos θ| or 1/|sin θ|) turns the sum into a line
 * integral in voxel units, so a ray crossing d voxels of value 1 sums to about d. Voxels
 * outside the volume are zero. The geometry (centre, sign) is that of {@link TiltGeometry}.
 * <p>
 * <b>One set of weights.</b> {@link #ray} yields the weights of one ray; {@link #matrix}
 * consumes them, and {@link #forward} / {@link #adjoint} compute the very same expressions
 * in a cache-friendly order (all rays of a view swept voxel row by voxel row), so the adjoint
 * is exact ({@code <Ax, y> = <x, A^T y>} up to rounding), the forward projection equals the
 * matrix product, and other consumers (the coordinate network's device projector) see
 * identical geometry. ProjectorTest checks both.
 * <p>
 * <b>Layout.</b> Volumes are {@code X x Y x Z}, tilt series {@code X x Y x l}, both x
 * fastest (see {@link Volume}). Every y row is an independent 2-D problem; work is spread
 * over threads in blocks of 16 y rows, with one scratch slab per thread (X Z 16 floats);
 * the 16 rows of a voxel sit in one 64-byte cache line, so each ray weight is computed once
 * per block and applied to 16 rows.
 */
public final class Projector {
	/** y rows handled together: the weights of a ray are computed once per block. */
	private static final int BLOCK = 16;

	private final TiltGeometry g;
	private final int nx, nz, nViews;
	private final double[] cos, sin;

	public Projector(TiltGeometry geometry) {
		this.g = geometry;
		this.nx = geometry.width();
		this.nz = geometry.thickness();
		this.nViews = geometry.numViews();
		this.cos = new double[nViews];
		this.sin = new double[nViews];
		for (int k = 0; k < nViews; k++) {
			cos[k] = Math.cos(geometry.angleRad(k));
			sin[k] = Math.sin(geometry.angleRad(k));
		}
	}

	public TiltGeometry geometry() {
		return g;
	}

	/** The largest number of weights one ray can have; size the arrays passed to {@link #ray}. */
	public int maxRayLength() {
		return 2 * Math.max(nx, nz) + 2;
	}

	/**
	 * The weights of the ray through detector pixel {@code u} of view {@code view}: fills
	 * {@code cols} with slice indices {@code x + X * z} and {@code weights} with the
	 * interpolation weight times the step length (voxel units).
	 *
	 * @return the number of weights written (zero weights are skipped)
	 */
	public int ray(int view, int u, int[] cols, float[] weights) {
		final double c = cos[view], s = sin[view];
		final double cx = g.centreX(), cz = g.centreZ();
		final double du = u - g.centreX();
		int n = 0;
		if (Math.abs(c) >= Math.abs(s)) {
			// march over z rows: x = cx + (du - (z - cz) sin) / cos
			final float step = (float) (1.0 / Math.abs(c));
			final double tan = s / c;
			final double x0 = cx + du / c + cz * tan;
			for (int z = 0; z < nz; z++) {
				double x = x0 - z * tan;
				if (x <= -1 || x >= nx) continue;
				int i = (int) Math.floor(x);
				float f = (float) (x - i);
				int row = nx * z;
				if (i >= 0 && f < 1f) {
					cols[n] = row + i;
					weights[n++] = (1f - f) * step;
				}
				if (i + 1 < nx && f > 0f) {
					cols[n] = row + i + 1;
					weights[n++] = f * step;
				}
			}
		}
		else {
			// march over x columns: z = cz + (du - (x - cx) cos) / sin
			final float step = (float) (1.0 / Math.abs(s));
			final double cot = c / s;
			final double z0 = cz + du / s + cx * cot;
			for (int x = 0; x < nx; x++) {
				double z = z0 - x * cot;
				if (z <= -1 || z >= nz) continue;
				int i = (int) Math.floor(z);
				float f = (float) (z - i);
				if (i >= 0 && f < 1f) {
					cols[n] = x + nx * i;
					weights[n++] = (1f - f) * step;
				}
				if (i + 1 < nz && f > 0f) {
					cols[n] = x + nx * (i + 1);
					weights[n++] = f * step;
				}
			}
		}
		return n;
	}

	/**
	 * The projection matrix of one y row in compressed sparse row form: row {@code u + X * view}
	 * (the layout of a sinogram), column {@code x + X * z} (an XZ slice). Every y row of the
	 * problem uses this same matrix.
	 */
	public SparseMatrix matrix() {
		int rows = nx * nViews;
		int[] cols = new int[maxRayLength()];
		float[] w = new float[maxRayLength()];
		int[] rowPtr = new int[rows + 1];
		int nnz = 0;
		for (int k = 0; k < nViews; k++) for (int u = 0; u < nx; u++) {
			nnz += ray(k, u, cols, w);
			rowPtr[u + nx * k + 1] = nnz;
		}
		int[] colIdx = new int[nnz];
		float[] vals = new float[nnz];
		for (int k = 0; k < nViews; k++) for (int u = 0; u < nx; u++) {
			int r = u + nx * k;
			int n = ray(k, u, cols, w);
			System.arraycopy(cols, 0, colIdx, rowPtr[r], n);
			System.arraycopy(w, 0, vals, rowPtr[r], n);
		}
		return new SparseMatrix(rows, nx * nz, rowPtr, colIdx, vals);
	}

	/** Projects {@code volume} into a new tilt series with this geometry (line integrals, voxel units). */
	public TiltSeries forward(Volume volume, int threads, CancelToken cancel) {
		Volume proj = new Volume(nx, g.height(), nViews, volume.pixelSize());
		forward(volume, proj, threads, cancel);
		return new TiltSeries(proj, g);
	}

	/**
	 * {@code projections = A volume}: overwrites {@code projections} ({@code X x Y x l}) with
	 * the line integrals of {@code volume} ({@code X x Y x Z}).
	 */
	public void forward(Volume volume, Volume projections, int threads, CancelToken cancel) {
		checkShapes(volume, projections);
		final int ny = g.height();
		final float[] vol = volume.data(), proj = projections.data();
		final int nBlocks = (ny + BLOCK - 1) / BLOCK;
		Parallel.forEach(nBlocks, threads, cancel, Scratch::new, (blk, s) -> {
			int y0 = blk * BLOCK, nb = Math.min(BLOCK, ny - y0);
			// gather the block's XZ slices: slab[(x + X z) * BLOCK + b] (lanes b >= nb unused)
			for (int z = 0; z < nz; z++) for (int b = 0; b < nb; b++) {
				int src = nx * ((y0 + b) + ny * z);
				int dst = nx * z * BLOCK + b;
				for (int x = 0; x < nx; x++) s.slab[dst + x * BLOCK] = vol[src + x];
			}
			for (int k = 0; k < nViews; k++) {
				java.util.Arrays.fill(s.line, 0f);
				sweep(k, s, true);
				for (int b = 0; b < nb; b++) {
					int dst = nx * ((y0 + b) + ny * k);
					for (int u = 0; u < nx; u++) proj[dst + u] = s.line[u * BLOCK + b];
				}
			}
		});
	}

	/**
	 * All rays of one view over one block of y rows, with the weights of {@link #ray} (the same
	 * expressions, in the same order along each ray), visited voxel row by voxel row so that
	 * the block's slab is walked sequentially: {@code forward} accumulates
	 * {@code line[u B + b] += w slab[col B + b]}, otherwise {@code slab[col B + b] += w line[u B + b]}
	 * (B = BLOCK lanes, a constant trip count the JIT unrolls and vectorises).
	 */
	private void sweep(int view, Scratch sc, boolean forward) {
		final float[] slab = sc.slab, line = sc.line;
		final double[] start = sc.start;
		final double c = cos[view], s = sin[view];
		final double cx = g.centreX(), cz = g.centreZ();
		final boolean alongZ = Math.abs(c) >= Math.abs(s);
		final float step = (float) (1.0 / Math.abs(alongZ ? c : s));
		final double slope = alongZ ? s / c : c / s;
		for (int u = 0; u < nx; u++) {
			double du = u - g.centreX();
			start[u] = alongZ ? cx + du / c + cz * slope : cz + du / s + cx * slope;
		}
		final int outer = alongZ ? nz : nx, limit = alongZ ? nx : nz;
		for (int o = 0; o < outer; o++) {
			for (int u = 0; u < nx; u++) {
				double p = start[u] - o * slope;
				if (p <= -1 || p >= limit) continue;
				int i = (int) Math.floor(p);
				float f = (float) (p - i);
				int l = u * BLOCK;
				if (i >= 0 && f < 1f) {
					int a = (alongZ ? nx * o + i : o + nx * i) * BLOCK;
					if (forward) mac(line, l, slab, a, (1f - f) * step);
					else mac(slab, a, line, l, (1f - f) * step);
				}
				if (i + 1 < limit && f > 0f) {
					int a = (alongZ ? nx * o + i + 1 : o + nx * (i + 1)) * BLOCK;
					if (forward) mac(line, l, slab, a, f * step);
					else mac(slab, a, line, l, f * step);
				}
			}
		}
	}

	/** {@code dst[d + b] += w src[s + b]} for the BLOCK lanes. */
	private static void mac(float[] dst, int d, float[] src, int s, float w) {
		for (int b = 0; b < BLOCK; b++) dst[d + b] += w * src[s + b];
	}

	/** Back-projects a tilt series into a new volume: {@code A^T p}. */
	public Volume adjoint(Volume projections, int threads, CancelToken cancel) {
		Volume vol = new Volume(nx, g.height(), nz, projections.pixelSize());
		adjoint(projections, vol, threads, cancel);
		return vol;
	}

	/**
	 * {@code volume = A^T projections}: overwrites {@code volume} with the exact adjoint of
	 * {@link #forward} applied to {@code projections}.
	 */
	public void adjoint(Volume projections, Volume volume, int threads, CancelToken cancel) {
		checkShapes(volume, projections);
		final int ny = g.height();
		final float[] vol = volume.data(), proj = projections.data();
		final int nBlocks = (ny + BLOCK - 1) / BLOCK;
		Parallel.forEach(nBlocks, threads, cancel, Scratch::new, (blk, s) -> {
			int y0 = blk * BLOCK, nb = Math.min(BLOCK, ny - y0);
			java.util.Arrays.fill(s.slab, 0f);
			for (int k = 0; k < nViews; k++) {
				for (int b = 0; b < nb; b++) {
					int src = nx * ((y0 + b) + ny * k);
					for (int u = 0; u < nx; u++) s.line[u * BLOCK + b] = proj[src + u];
				}
				sweep(k, s, false);
			}
			for (int z = 0; z < nz; z++) for (int b = 0; b < nb; b++) {
				int dst = nx * ((y0 + b) + ny * z);
				int src = nx * z * BLOCK + b;
				for (int x = 0; x < nx; x++) vol[dst + x] = s.slab[src + x * BLOCK];
			}
		});
	}

	private void checkShapes(Volume volume, Volume projections) {
		if (volume.nx() != nx || volume.ny() != g.height() || volume.nz() != nz) {
			throw new IllegalArgumentException("volume " + volume + " does not match " + g);
		}
		if (projections.nx() != nx || projections.ny() != g.height() || projections.nz() != nViews) {
			throw new IllegalArgumentException("projections " + projections + " do not match " + g);
		}
	}

	/** Per-thread scratch memory: one block of XZ slices, one block of detector rows, ray starts. */
	private final class Scratch {
		final float[] slab = new float[nx * nz * BLOCK];
		final float[] line = new float[nx * BLOCK];
		final double[] start = new double[nx];
	}
}
