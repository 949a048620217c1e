package org.tomocn.cn;

import java.util.Random;

/**
 * The parameters of a SIREN held in Java arrays, between fits and in checkpoints.
 * <p>
 * Layer {@code k} maps {@code in[k]} to {@code out[k]} features: {@code weights[k]} is
 * {@code in x out} row-major (so a layer computes {@code h W + b} on row vectors),
 * {@code biases[k]} has {@code out} values. Layers 0 .. n-2 are sine layers, the last is
 * linear with one output.
 */
public final class SirenWeights {
	public final int[] in, out;
	public final float[][] weights, biases;

	SirenWeights(int[] in, int[] out, float[][] weights, float[][] biases) {
		this.in = in;
		this.out = out;
		this.weights = weights;
		this.biases = biases;
	}

	/**
	 * A freshly initialised SIREN as the authors' code builds it (Sitzmann et al. 2020):
	 * first-layer weights uniform in (-1/fan_in, 1/fan_in), later layers (the linear output
	 * included) uniform in (-sqrt(6/fan_in)/omega0, +sqrt(6/fan_in)/omega0); biases as
	 * PyTorch's {@code nn.Linear} default, uniform in (-1/sqrt(fan_in), 1/sqrt(fan_in)).
	 *
	 * @param inputs input features (3 coordinates, or the Fourier-feature width)
	 * @param hiddenLayers hidden-to-hidden sine layers (the paper's "4 hidden layers")
	 * @param features hidden width
	 */
	public static SirenWeights random(int inputs, int hiddenLayers, int features, double omega0, long seed) {
		int n = hiddenLayers + 2;
		int[] in = new int[n], out = new int[n];
		for (int k = 0; k < n; k++) {
			in[k] = k == 0 ? inputs : features;
			out[k] = k == n - 1 ? 1 : features;
		}
		Random r = new Random(seed);
		float[][] w = new float[n][], b = new float[n][];
		for (int k = 0; k < n; k++) {
			double wb = k == 0 ? 1.0 / in[k] : Math.sqrt(6.0 / in[k]) / omega0;
			double bb = 1.0 / Math.sqrt(in[k]);
			w[k] = uniform(r, in[k] * out[k], wb);
			b[k] = uniform(r, out[k], bb);
		}
		return new SirenWeights(in, out, w, b);
	}

	private static float[] uniform(Random r, int n, double bound) {
		float[] a = new float[n];
		for (int i = 0; i < n; i++) a[i] = (float) ((2 * r.nextDouble() - 1) * bound);
		return a;
	}

	public int numLayers() {
		return in.length;
	}

	/** Total number of weights and biases. */
	public long parameterCount() {
		long n = 0;
		for (int k = 0; k < in.length; k++) n += (long) in[k] * out[k] + out[k];
		return n;
	}
}
