package org.tomocn.cn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Reports whether the deep-learning engine the coordinate network needs works here: DJL's
 * engine and version, the GPUs it sees, the device {@code device=auto} would choose, the
 * PyTorch thread count, and the result of one real tensor operation. Engine lookup, device
 * choice and the advice on failure are {@link NetworkRuntime}'s, the same a run uses.
 */
public final class EngineCheck {
	private EngineCheck() {}

	/** One line per fact; a failure is reported as text, with advice, not thrown. */
	public static String describe() {
		StringBuilder sb = new StringBuilder();
		try {
			Engine engine = NetworkRuntime.engine();
			sb.append("engine: ").append(engine.getEngineName()).append(' ').append(engine.getVersion()).append(" (DJL ").append(Engine.getDjlVersion()).append(")\n");
			sb.append("GPUs visible: ").append(engine.getGpuCount()).append('\n');
			sb.append("device=auto uses: ").append(NetworkRuntime.choose(engine, NetworkRunSettings.DeviceChoice.AUTO).description).append('\n');
			sb.append("PyTorch threads: ").append(NetworkRuntime.threads()).append(" (while training on the CPU, up to two fits run at once with max(1, threads / 2) PyTorch threads each; see the README on reproducibility)\n");
			try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
				NDArray a = m.ones(new Shape(2, 3));
				float s = a.matMul(a.transpose()).sum().getFloat();
				sb.append("tensor check: ones(2x3) x ones(3x2) sums to ").append(s).append(s == 12f ? " (correct)" : " (WRONG, expected 12)").append('\n');
			}
		}
		catch (NetworkEngineException e) {
			sb.append("engine: NOT WORKING: ").append(e.getCause()).append('\n');
			sb.append("advice: ").append(e.getMessage()).append('\n');
		}
		catch (RuntimeException | UnsatisfiedLinkError e) {
			sb.append("engine: NOT WORKING: ").append(e).append('\n');
		}
		return sb.toString();
	}
}
