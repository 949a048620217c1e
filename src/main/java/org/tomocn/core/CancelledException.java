package org.tomocn.core;

/** Thrown out of a long computation once its {@link CancelToken} was cancelled. */
public class CancelledException extends RuntimeException {
	private static final long serialVersionUID = 1L;

	public CancelledException() {
		super("Cancelled");
	}
}
