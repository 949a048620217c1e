package org.tomocn.cn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Java arrays copied into tensors whose memory PyTorch owns.
 * <p>
 * DJL 0.36's {@code NDManager.create(...)} on the CPU wraps a Java direct {@code ByteBuffer}
 * with {@code torch::from_blob}: the tensor's memory is freed by the Java garbage collector
 * once the {@code NDArray} is closed or unreachable, whatever PyTorch still holds. Autograd
 * holds such memory when the tensor takes part in a recorded operation: DJL's
 * {@code x.muli(float)} creates a scalar tensor this way, multiplies, and closes it, while
 * the graph keeps the scalar for the backward pass. A garbage collection between forward
 * and backward then let the gradient read freed (often reused) memory. Measured before the
 * fix (one 64 x 2 x 32 chunk, width 128, one thread): the same fit in different JVMs
 * diverged after 31-35 iterations (where the first young collections fall) and one run
 * jumped from a loss of 0.09 to NaN (issue 11's "not reproducible" and sudden NaN).
 * Every tensor that autograd may keep is therefore created here, in PyTorch's memory.
 */
final class NativeArrays {
	private NativeArrays() {}

	/** A tensor owned by PyTorch (attached to {@code manager}) holding a copy of {@code data}. */
	static NDArray copyOf(NDManager manager, float[] data, Shape shape) {
		try (NDArray wrapped = manager.create(data, shape)) {
			return wrapped.duplicate();
		}
	}

	/** An int64 tensor owned by PyTorch holding a copy of {@code data} (indices for a gather). */
	static NDArray copyOf(NDManager manager, long[] data) {
		try (NDArray wrapped = manager.create(data)) {
			return wrapped.duplicate();
		}
	}

	/** A scalar tensor owned by PyTorch: use instead of {@code x.mul(float)} wherever autograd records the product. */
	static NDArray scalar(NDManager manager, double value) {
		return copyOf(manager, new float[] { (float) value }, new Shape());
	}
}
