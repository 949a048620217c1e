package org.tomocn.cn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A SIREN on the training device: {@code h <- sin(omega0 (h W + b))} for every sine layer,
 * then a linear output (paper section 2.4; Sitzmann et al. 2020). The parameters are
 * NDArrays owned by the manager passed to the constructor, with gradients attached; they
 * live as long as that manager (one fit).
 */
final class Siren {
	private final NDArray[] w, b;
	/**
	 * omega0 as a tensor that PyTorch owns. {@code muli(float)} would wrap a Java buffer that
	 * DJL closes right after the call, while autograd keeps it for the backward pass: a
	 * garbage collection in between then scaled the gradient by freed memory (see
	 * {@link NativeArrays}).
	 */
	private final NDArray omega0;
	/** Fixed factor on the linear output, or null for none (see {@link CoordinateNetworkEngine#outputScale}). */
	private final NDArray outputScale;

	/** @param outputScale fixed factor applied to the network's output (1 = none) */
	Siren(NDManager manager, SirenWeights init, double omega0, double outputScale) {
		int n = init.numLayers();
		this.w = new NDArray[n];
		this.b = new NDArray[n];
		this.omega0 = NativeArrays.scalar(manager, omega0);
		this.outputScale = outputScale == 1 ? null : NativeArrays.scalar(manager, outputScale);
		for (int k = 0; k < n; k++) {
			w[k] = NativeArrays.copyOf(manager, init.weights[k], new Shape(init.in[k], init.out[k]));
			b[k] = NativeArrays.copyOf(manager, init.biases[k], new Shape(init.out[k]));
			w[k].setRequiresGradient(true);
			b[k].setRequiresGradient(true);
		}
	}

	/** @param x points {@code N x inputs}; @return values {@code N x 1} */
	NDArray forward(NDArray x) {
		NDArray h = x;
		int last = w.length - 1;
		for (int k = 0; k < last; k++) h = h.matMul(w[k]).addi(b[k]).muli(omega0).sin();
		NDArray out = h.matMul(w[last]).addi(b[last]);
		return outputScale == null ? out : out.muli(outputScale);
	}

	/** The parameters, weights then biases per layer (the order {@link Adam} uses). */
	NDArray[] parameters() {
		NDArray[] p = new NDArray[2 * w.length];
		for (int k = 0; k < w.length; k++) {
			p[2 * k] = w[k];
			p[2 * k + 1] = b[k];
		}
		return p;
	}

	/** Copies the current parameters back to Java arrays. */
	SirenWeights toWeights(SirenWeights shape) {
		int n = w.length;
		float[][] ww = new float[n][], bb = new float[n][];
		for (int k = 0; k < n; k++) {
			ww[k] = w[k].toFloatArray();
			bb[k] = b[k].toFloatArray();
		}
		return new SirenWeights(shape.in.clone(), shape.out.clone(), ww, bb);
	}
}
