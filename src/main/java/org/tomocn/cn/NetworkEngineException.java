package org.tomocn.cn;

/**
 * The network's native engine (DJL's PyTorch) is missing or failed on its device, e.g. out
 * of GPU memory. The message says what failed and what to do; the cause is the native error.
 */
public class NetworkEngineException extends RuntimeException {
	private static final long serialVersionUID = 1L;

	public NetworkEngineException(String message, Throwable cause) {
		super(message, cause);
	}
}
