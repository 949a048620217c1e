package org.tomocn.core;

/**
 * A cancel flag shared between the caller (a command, the launcher, a test) and the loops of
 * a long computation. Loops call {@link #check()} at least once per unit of work that takes
 * well under a second, so that a cancel takes effect within a second.
 */
public final class CancelToken {
	/** A token that is never cancelled. */
	public static final CancelToken NONE = new CancelToken();

	private volatile boolean cancelled;
	private final CancelToken parent;

	public CancelToken() {
		this(null);
	}

	private CancelToken(CancelToken parent) {
		this.parent = parent;
	}

	/**
	 * A token cancelled with this one, or on its own: for stopping the other parts of one
	 * computation when a part fails, without cancelling the caller's token.
	 */
	public CancelToken linked() {
		return new CancelToken(this);
	}

	public void cancel() {
		if (this == NONE) throw new IllegalStateException("CancelToken.NONE cannot be cancelled");
		cancelled = true;
	}

	public boolean isCancelled() {
		return cancelled || parent != null && parent.isCancelled();
	}

	/** @throws CancelledException if {@link #cancel()} was called */
	public void check() {
		if (isCancelled()) throw new CancelledException();
	}
}
