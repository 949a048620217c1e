package org.tomocn.core;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

/** {@link ProgressListener#part}: a part's fractions, messages and notes as the whole sees them. */
public class ProgressListenerTest {

	@Test
	public void partMapsFractionsPrefixesMessagesAndKeepsNotes() {
		List<String> seen = new ArrayList<>();
		ProgressListener whole = new ProgressListener() {
			@Override
			public void progress(double fraction, String message) {
				seen.add("progress " + fraction + " " + message);
			}

			@Override
			public void note(double fraction, String message) {
				seen.add("note " + fraction + " " + message);
			}
		};
		ProgressListener odd = whole.part(0.5, 1, "odd views: ");
		odd.progress(0, "start");
		odd.progress(0.5, "half");
		odd.note(1, "done");
		odd.progress(-1, "unknown");
		assertEquals(List.of("progress 0.5 odd views: start", "progress 0.75 odd views: half", "note 1.0 odd views: done", "progress -1.0 odd views: unknown"), seen);
	}
}
