package org.tomocn.cn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Adam (Kingma and Ba 2015) with weight decay 0, written on NDArrays so that its state is
 * created once, outside the per-step {@code NDScope}s, and updated in place.
 * <p>
 * The authors' code uses AdamW with {@code amsgrad=True} (weight decay 0); DJL 0.36 offers
 * neither amsgrad nor an AdamW with amsgrad, so this is plain Adam: the difference is that
 * amsgrad divides by the running maximum of the second-moment estimate.
 */
final class Adam {
	private static final float BETA1 = 0.9f, BETA2 = 0.999f, EPS = 1e-8f;
	private final NDArray[] params, m, v;
	private int t;

	/** State arrays are allocated in {@code manager}, which must outlive every {@link #step}. */
	Adam(NDManager manager, NDArray[] params) {
		this.params = params;
		this.m = new NDArray[params.length];
		this.v = new NDArray[params.length];
		for (int i = 0; i < params.length; i++) {
			m[i] = manager.zeros(params[i].getShape());
			v[i] = manager.zeros(params[i].getShape());
		}
	}

	/**
	 * One update with the gradients accumulated on the parameters, which are then zeroed.
	 * Call with grad mode off (outside a gradient collector) inside an NDScope, which frees
	 * the temporaries.
	 */
	void step(double learningRate) {
		t++;
		float bc1 = (float) (1 - StrictMath.pow(BETA1, t));
		float bc2 = (float) (1 - StrictMath.pow(BETA2, t));
		float lr = (float) learningRate;
		for (int i = 0; i < params.length; i++) {
			NDArray g = params[i].getGradient();
			m[i].muli(BETA1).addi(g.mul(1 - BETA1));
			v[i].muli(BETA2).addi(g.square().muli(1 - BETA2));
			NDArray denom = v[i].div(bc2).sqrt().addi(EPS);
			params[i].subi(m[i].mul(lr / bc1).divi(denom));
			JniUtils.zeroGrad((PtNDArray) params[i]);
		}
	}
}
