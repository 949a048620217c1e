package org.tomocn.cn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The objective of a chunk's fit (paper equation 1, with the authors' L1 data term):
 * {@code D(v) + lambda TV(v)}, {@code D(v) = mean |A v - p|} over the chunk's projection
 * values, {@code TV} the recipe's squared finite differences along x, y and z divided by the
 * voxel count. The backend seam of the network: {@link HostLoss} computes it in Java (used
 * when training on the CPU, where it is faster than PyTorch's sparse product),
 * {@link DeviceObjective} on the training device (a GPU). Both use the shared projector's
 * matrix, so the geometry lives only in {@link org.tomocn.geometry.Projector}.
 * <p>
 * Layouts as in {@link ChunkFitter}: voxels {@code v[(x + X z) j + b]}, projections
 * {@code p[(u + X view) j + b]}, normalised by the engine.
 */
interface Objective {

	/**
	 * The objective for one chunk's projections ({@code (X l) x j} row-major); any device
	 * copy lives in {@code manager}. With a TV weight, {@code borders}' rows (fixed) count as
	 * the chunk's neighbours in the y differences ({@link Borders}).
	 */
	Bound bind(NDManager manager, float[] proj, int j, Borders borders);

	/** The objective bound to one chunk's projections. */
	interface Bound {
		/**
		 * The objective's value at {@code v} ({@code (X Z j) x 1}, no gradient history) and,
		 * in {@code gradient[0]}, its gradient with respect to {@code v} (in {@code v}'s
		 * manager). {@code collector} is the calling thread's open {@link NetworkRuntime.Autograd}.
		 */
		double valueAndGradient(NDArray v, NetworkRuntime.Autograd collector, NDArray[] gradient);

		/** The data term {@code D(v)} alone. */
		double dataLoss(NDArray v);
	}
}
