package org.tomocn.cn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Reports whether the deep-learning engine the coordinate network needs works here: DJL's
 * engine and version, the GPUs it sees, the device {@code device=auto} would choose, the
 * PyTorch thread count, and the result of one real tensor operation. Sets the thread context
 * class loader to TomoCN's while DJL looks for its engine (inside Fiji DJL otherwise finds
 * none).
 */
public final class EngineCheck {
	private EngineCheck() {}

	/** One line per fact; a failure is reported as text, with advice, not thrown. */
	public static String describe() {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(EngineCheck.class.getClassLoader());
		StringBuilder sb = new StringBuilder();
		try {
			Engine engine = Engine.getInstance();
			int gpus = engine.getGpuCount();
			sb.append("engine: ").append(engine.getEngineName()).append(' ').append(engine.getVersion()).append(" (DJL ").append(Engine.getDjlVersion()).append(")\n");
			sb.append("GPUs visible: ").append(gpus).append('\n');
			sb.append("device=auto uses: ").append(gpus > 0 ? Device.gpu() : Device.cpu()).append('\n');
			sb.append("PyTorch threads: ").append(JniUtils.getNumThreads()).append(" (TomoCN sets one per core while training)\n");
			try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
				NDArray a = m.ones(new ai.djl.ndarray.types.Shape(2, 3));
				float s = a.matMul(a.transpose()).sum().getFloat();
				sb.append("tensor check: ones(2x3) x ones(3x2) sums to ").append(s).append(s == 12f ? " (correct)" : " (WRONG, expected 12)").append('\n');
			}
		}
		catch (RuntimeException | UnsatisfiedLinkError e) {
			sb.append("engine: NOT WORKING: ").append(e).append('\n');
			sb.append("advice: the coordinate network needs DJL's PyTorch engine and the PyTorch native library for this platform ")
				.append("(pytorch-native-cpu in Fiji's jars/ folder, see the README); WBP, SIRT and Fourier inversion work without it.\n");
		}
		finally {
			thread.setContextClassLoader(previous);
		}
		return sb.toString();
	}
}
