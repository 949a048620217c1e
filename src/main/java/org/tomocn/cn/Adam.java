package org.tomocn.cn;

import java.nio.FloatBuffer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Adam (Kingma and Ba 2015) with weight decay 0, optionally with AMSGrad (Reddi et al. 2018),
 * written on NDArrays so that its state is created once, outside the per-step
 * {@code NDScope}s, and updated in place.
 * <p>
 * The authors' code uses {@code torch.optim.AdamW(amsgrad=True)} with weight decay 0, which
 * is AMSGrad: the step divides by the square root of the running maximum of the
 * bias-corrected second-moment estimate, {@code m_hat / (sqrt(max_t v_t / (1 - beta2^t)) +
 * eps)}, as PyTorch computes it. Plain Adam ({@code amsgrad = false}) divides by
 * {@code sqrt(v_t / (1 - beta2^t))}.
 * <p>
 * {@link #snapshot()} and {@link #restore} copy the parameters and the whole optimiser state
 * to and from Java arrays, for the recovery from a diverging step ({@link FitSchedule}).
 * <p>
 * <b>Replicas</b> ({@link #addReplica}): copies of the network that evaluate other points of
 * the same fit ({@link ChunkFit.Spread}). Each update first adds the replicas' gradients to
 * the parameters' (in the order the replicas were added) and zeroes them, and afterwards,
 * like {@link #restore}, copies the parameters into every replica.
 */
final class Adam {
	private static final float BETA1 = 0.9f, BETA2 = 0.999f, EPS = 1e-8f;
	private final NDArray[] params, m, v, vmax;
	private final boolean amsgrad;
	private final java.util.List<NDArray[]> replicas = new java.util.ArrayList<>();
	private int t;

	/** A copy of the parameters and the optimiser state. */
	static final class State {
		private final float[][] params, m, v, vmax;
		private final int t;

		private State(float[][] params, float[][] m, float[][] v, float[][] vmax, int t) {
			this.params = params;
			this.m = m;
			this.v = v;
			this.vmax = vmax;
			this.t = t;
		}
	}

	/** State arrays are allocated in {@code manager}, which must outlive every {@link #step}. */
	Adam(NDManager manager, NDArray[] params, boolean amsgrad) {
		this.params = params;
		this.amsgrad = amsgrad;
		this.m = new NDArray[params.length];
		this.v = new NDArray[params.length];
		this.vmax = new NDArray[amsgrad ? params.length : 0];
		for (int i = 0; i < params.length; i++) {
			m[i] = manager.zeros(params[i].getShape());
			v[i] = manager.zeros(params[i].getShape());
			if (amsgrad) vmax[i] = manager.zeros(params[i].getShape());
		}
	}

	/** A copy of the network's parameters (same order and shapes) that follows every update and restore. */
	void addReplica(NDArray[] replica) {
		if (replica.length != params.length) throw new IllegalArgumentException("replica has " + replica.length + " parameters, expected " + params.length);
		replicas.add(replica);
		copyToReplicas();
	}

	/**
	 * One update with the gradients accumulated on the parameters and their replicas, which are then zeroed.
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
			for (NDArray[] r : replicas) {
				g.addi(r[i].getGradient()); // in place: g is the parameter's gradient itself
				NetworkRuntime.zeroGradient(r[i]);
			}
			m[i].muli(BETA1).addi(g.mul(1 - BETA1));
			v[i].muli(BETA2).addi(g.square().muli(1 - BETA2));
			NDArray second = v[i];
			if (amsgrad) {
				vmax[i].intern(vmax[i].maximum(v[i]));
				second = vmax[i];
			}
			NDArray denom = second.div(bc2).sqrt().addi(EPS);
			params[i].subi(m[i].mul(lr / bc1).divi(denom));
			NetworkRuntime.zeroGradient(params[i]);
		}
		copyToReplicas();
	}

	private void copyToReplicas() {
		for (NDArray[] r : replicas) for (int i = 0; i < params.length; i++) r[i].set(FloatBuffer.wrap(params[i].toFloatArray()));
	}

	State snapshot() {
		return new State(copy(params), copy(m), copy(v), copy(vmax), t);
	}

	/** Puts back the parameters and optimiser state of {@code s}; the gradients are zeroed. */
	void restore(State s) {
		put(s.params, params);
		put(s.m, m);
		put(s.v, v);
		put(s.vmax, vmax);
		t = s.t;
		for (NDArray p : params) NetworkRuntime.zeroGradient(p);
		for (NDArray[] r : replicas) for (NDArray p : r) NetworkRuntime.zeroGradient(p);
		copyToReplicas();
	}

	private static float[][] copy(NDArray[] a) {
		float[][] c = new float[a.length][];
		for (int i = 0; i < a.length; i++) c[i] = a[i].toFloatArray();
		return c;
	}

	private static void put(float[][] src, NDArray[] dst) {
		for (int i = 0; i < dst.length; i++) dst[i].set(FloatBuffer.wrap(src[i]));
	}
}
