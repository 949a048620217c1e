package org.tomocn.command;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.scijava.Cancelable;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.tomocn.core.CancelToken;
import org.tomocn.core.ProgressListener;

/**
 * A command whose work can take long: it is SciJava {@link Cancelable} (as TrackMate's
 * engine), and its work checks {@link #cancel} at least once per y row or iteration, so
 * that a cancel ends it within a second with a {@link org.tomocn.core.CancelledException}
 * (nothing written under the output's name). The same token answers Esc in ImageJ (at the
 * next progress report, see {@link #progress}), the launcher's Ctrl-C and
 * {@link #cancel(String)} from SciJava, a script or a test. Progress goes to the status bar
 * and to listeners added with {@link #addProgressListener}; notes
 * ({@link ProgressListener#note}) to the log when no listener was added.
 */
public abstract class CancelableCommand extends TomoCommand implements Cancelable {
	@Parameter(required = false)
	protected StatusService status;

	/** The log (Fiji's Console, the launcher's stderr); null when the context has none. */
	@Parameter(required = false)
	protected LogService logService;

	/** What the work checks; cancelled by {@link #cancel(String)}, Esc, the launcher's Ctrl-C and tests. */
	protected final CancelToken cancel = new CancelToken();

	private final List<ProgressListener> listeners = new CopyOnWriteArrayList<>();
	private volatile String cancelReason;

	public CancelToken cancelToken() {
		return cancel;
	}

	/** Also reports progress to {@code listener} (the launcher prints it to stderr). */
	public void addProgressListener(ProgressListener listener) {
		listeners.add(listener);
	}

	/**
	 * Progress to the status bar and the added listeners; Esc pressed in ImageJ cancels. Notes
	 * go to the status bar and to the listeners' {@code note} (the launcher prints every one),
	 * or, when no listener was added (Fiji's menus, scripts), to the log.
	 */
	protected ProgressListener progress(String what) {
		ProgressListener bar = CommandSupport.progress(status, what, cancel);
		return new ProgressListener() {
			@Override
			public void progress(double fraction, String message) {
				bar.progress(fraction, message);
				for (ProgressListener l : listeners) l.progress(fraction, what + ": " + message);
			}

			@Override
			public void note(double fraction, String message) {
				bar.progress(fraction, message);
				if (listeners.isEmpty() && logService != null) logService.info(what + ": " + message);
				for (ProgressListener l : listeners) l.note(fraction, what + ": " + message);
			}
		};
	}

	/** True once cancelled by any of the ways above, also those that give no reason. */
	@Override
	public boolean isCanceled() {
		return cancel.isCancelled();
	}

	/** Cancels the work (it stops at its next check); also before it starts, e.g. a closed input dialog. */
	@Override
	public void cancel(String reason) {
		cancelReason = reason;
		cancel.cancel();
	}

	/** The reason given to {@link #cancel(String)}; null when not cancelled or cancelled without one (Esc, Ctrl-C). */
	@Override
	public String getCancelReason() {
		return cancelReason;
	}
}
