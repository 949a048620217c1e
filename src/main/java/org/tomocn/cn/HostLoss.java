package org.tomocn.cn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import org.tomocn.geometry.SparseMatrix;

/**
 * The {@link Objective} computed in Java: the fit's objective and its gradient with respect to the chunk's voxel values, computed
 * in Java with the shared projector's own matrix ({@link org.tomocn.geometry.Projector#matrix()}):
 * the paper's data term (equation 1, L1 as in the authors' code)
 * {@code D(v) = mean |A v - p|} with gradient {@code A^T sign(A v - p) / M}, plus
 * {@code lambda TV(v)} with the recipe's TV (squared finite differences along x, y and z,
 * summed and divided by the voxel count).
 * <p>
 * Used when training on the CPU: measured on a 64 x 2 x 32 chunk with 61 views
 * ({@code CoordinateNetworkBenchmark#profileIteration}), PyTorch's COO sparse product took
 * 13 ms per iteration forward and backward against about 60 ms for the network itself; a
 * whole iteration took 64 ms with this class and 89 ms with the COO product. The subgradient of |r| at r = 0 is taken as 0, as PyTorch does.
 * <p>
 * Layouts as in {@link ChunkFitter}: {@code v[(x + X z) j + b]}, {@code p[(u + X view) j + b]}.
 * Not thread-safe (scratch buffers); one instance per fitter.
 */
final class HostLoss implements Objective {
	private final SparseMatrix a;
	private final int nx, nz;
	private final double tvLambda;
	private float[] residual = new float[0], gradient = new float[0];

	/** @param tvLambda the TV weight {@link #bind} uses */
	HostLoss(SparseMatrix a, int nx, int nz, double tvLambda) {
		if (a.cols != nx * nz) throw new IllegalArgumentException("matrix has " + a.cols + " columns, expected X * Z = " + nx * nz);
		this.a = a;
		this.nx = nx;
		this.nz = nz;
		this.tvLambda = tvLambda;
	}

	@Override
	public Bound bind(NDManager manager, float[] proj, int j, Borders borders) {
		return new Bound() {
			@Override
			public double valueAndGradient(NDArray v, NetworkRuntime.Autograd collector, NDArray[] g) {
				float[] grad = scratch(v.size());
				double[] loss = evaluate(v.toFloatArray(), proj, j, tvLambda, borders, grad);
				g[0] = NativeArrays.copyOf(v.getManager(), grad, v.getShape());
				return loss[1];
			}

			@Override
			public double dataLoss(NDArray v) {
				float[] values = v.toFloatArray();
				return evaluate(values, proj, j, 0, borders, scratch(values.length))[0];
			}
		};
	}

	private float[] scratch(long n) {
		if (gradient.length != n) gradient = new float[(int) n];
		return gradient;
	}

	/** Rows of the projection: X times the number of views. */
	int rows() {
		return a.rows;
	}

	/**
	 * @param v voxel values {@code (X Z) x j}
	 * @param p projections {@code (X l) x j}
	 * @param borders fixed neighbour rows for the TV term's y differences
	 * @param g receives {@code d(D + lambda TV) / dv}
	 * @return {@code {D(v), D(v) + lambda TV(v)}}
	 */
	double[] evaluate(float[] v, float[] p, int j, double tvLambda, Borders borders, float[] g) {
		final int m = a.rows * j;
		if (residual.length < m) residual = new float[m];
		final float[] r = residual;
		a.multiply(v, r, j);
		double data = 0;
		for (int i = 0; i < m; i++) {
			float d = r[i] - p[i];
			data += Math.abs(d);
			r[i] = Math.signum(d) / m;
		}
		a.multiplyTransposed(r, g, j);
		data /= m;
		double tv = tvLambda > 0 ? addTotalVariation(v, j, tvLambda, borders, g) : 0;
		return new double[] { data, data + tvLambda * tv };
	}

	/** Returns TV(v) and adds {@code lambda dTV/dv} to {@code g}; the border rows are constants. */
	private double addTotalVariation(float[] v, int j, double lambda, Borders borders, float[] g) {
		final int n = nx * nz * j;
		final float s = (float) (2 * lambda / n);
		double sum = 0;
		// neighbour offsets in the layout (x + X z) j + b: x -> j, z -> X j, b -> 1
		for (int z = 0; z < nz; z++) for (int x = 0; x < nx; x++) for (int b = 0; b < j; b++) {
			int i = (x + nx * z) * j + b;
			if (x + 1 < nx) sum += diff(v, g, i, i + j, s);
			if (z + 1 < nz) sum += diff(v, g, i, i + nx * j, s);
			if (b + 1 < j) sum += diff(v, g, i, i + 1, s);
		}
		for (int xz = 0; xz < nx * nz; xz++) {
			if (borders.below != null) sum += border(v, g, xz * j, borders.below[xz], s);
			if (borders.above != null) sum += border(v, g, xz * j + j - 1, borders.above[xz], s);
		}
		return sum / n;
	}

	private static double border(float[] v, float[] g, int i, float fixed, float s) {
		float d = v[i] - fixed;
		g[i] += s * d;
		return (double) d * d;
	}

	private static double diff(float[] v, float[] g, int i, int k, float s) {
		float d = v[k] - v[i];
		g[k] += s * d;
		g[i] -= s * d;
		return (double) d * d;
	}
}
