package org.tomocn.cn;

/**
 * A chunk's fit stalled (its projection loss stayed near that of an empty volume) and every
 * retry stalled too; the reconstruction is abandoned rather than stitched with a failed
 * chunk. The message names the chunk and the losses.
 */
public class ConvergenceException extends RuntimeException {
	private static final long serialVersionUID = 1L;

	public ConvergenceException(String message) {
		super(message);
	}
}
