package org.tomocn.command;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.Test;
import org.scijava.Context;
import org.scijava.log.LogService;
import org.tomocn.core.ProgressListener;

public class CancelableCommandTest {
	private static final class Idle extends CancelableCommand {
		@Override
		protected void execute() {}
	}

	/** Records progress lines and notes apart. */
	private static final class Recorder implements ProgressListener {
		final List<String> lines = Collections.synchronizedList(new ArrayList<>()), notes = Collections.synchronizedList(new ArrayList<>());

		@Override
		public void progress(double fraction, String message) {
			lines.add(message);
		}

		@Override
		public void note(double fraction, String message) {
			notes.add(message);
		}
	}

	/** Notes reach the added listeners as notes (the launcher's printer prints every one), and only them. */
	@Test
	public void notesGoToTheListenersWhenThereAreSome() {
		try (Context context = new Context(LogService.class)) {
			Recorder r = new Recorder();
			List<String> logged = reportOneOfEach(context, r);
			assertEquals(List.of("Work: iteration 1"), r.lines);
			assertEquals(List.of("Work: estimated SNR 0.3"), r.notes);
			assertEquals(List.of(), logged);
		}
	}

	/** Without listeners (Fiji's menus, scripts), notes go to the log; progress lines do not. */
	@Test
	public void withoutListenersNotesAreLogged() {
		try (Context context = new Context(LogService.class)) {
			assertEquals(List.of("Work: estimated SNR 0.3"), reportOneOfEach(context, null));
		}
	}

	/** A command of {@code context} (with {@code listener} unless null) reports a progress line and a note; returns what was logged. */
	private static List<String> reportOneOfEach(Context context, ProgressListener listener) {
		List<String> logged = Collections.synchronizedList(new ArrayList<>());
		context.getService(LogService.class).addLogListener(m -> logged.add(m.text()));
		Idle c = new Idle();
		context.inject(c);
		if (listener != null) c.addProgressListener(listener);
		ProgressListener p = c.progress("Work");
		p.progress(0.1, "iteration 1");
		p.note(0.2, "estimated SNR 0.3");
		return logged;
	}
}
