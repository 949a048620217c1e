package org.tomocn.ij;

import java.awt.GraphicsEnvironment;

import ij.IJ;

/**
 * The one answer to "is someone at the screen": a display and an ImageJ window, as when a
 * person works in Fiji or ImageJ. Only then can Esc be pressed in ImageJ, and only then is a
 * dialog seen by default; headless runs, the launcher, tests and scripts without ImageJ's
 * window get messages through exceptions and logs instead. Callers add what their own case
 * needs, e.g. that no macro is running (a macro reports errors its own way).
 */
public final class Screen {
	private Screen() {}

	public static boolean someoneAtTheScreen() {
		return !GraphicsEnvironment.isHeadless() && IJ.getInstance() != null;
	}
}
