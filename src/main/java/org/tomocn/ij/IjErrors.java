package org.tomocn.ij;

import java.awt.GraphicsEnvironment;

import ij.IJ;
import ij.macro.Interpreter;

/**
 * Error reporting for TomoCN's ImageJ 1.x plugins: a dialog when a person can see it (an
 * ImageJ window exists), else the log (stdout when ImageJ has no window) when the JVM is
 * headless or in macro batch mode, so that Java or script callers without a display get
 * the message instead of a HeadlessException. {@link IJ#error(String, String)} also aborts
 * a running macro; note that ImageJ then reports the abort through its own "Macro Error"
 * dialog when a display exists ({@code ImageJ -batch} under Xvfb waits on it).
 */
final class IjErrors {
	private IjErrors() {}

	static void show(String title, String message) {
		// without ImageJ's window a dialog is still shown on a display outside batch mode (a plain Java caller on a desktop sees it)
		boolean dialogSeen = Screen.someoneAtTheScreen() || !(GraphicsEnvironment.isHeadless() || Interpreter.isBatchMode());
		if (!dialogSeen) IJ.redirectErrorMessages();
		IJ.error(title, message);
	}
}
