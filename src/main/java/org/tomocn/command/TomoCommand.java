package org.tomocn.command;

import java.awt.GraphicsEnvironment;

import ij.IJ;
import ij.macro.Interpreter;

import org.scijava.command.Command;
import org.tomocn.core.TomoInputException;

/**
 * Every TomoCN command: {@link #run()} runs {@link #execute()} and, when a person started the
 * command from the menu (a display and an ImageJ window, no macro running), shows bad input
 * as an error dialog with the message that names the file or key and the problem. The
 * exception is always rethrown, so the launcher, scripts and macros see it unchanged (the
 * macro bridge reports it in the macro's way).
 */
public abstract class TomoCommand implements Command {
	/** The command's work. */
	protected abstract void execute();

	@Override
	public final void run() {
		try {
			execute();
		}
		catch (TomoInputException e) {
			if (personAtTheScreen()) IJ.error("TomoCN", e.getMessage());
			throw e;
		}
	}

	static boolean personAtTheScreen() {
		return !GraphicsEnvironment.isHeadless() && IJ.getInstance() != null && Interpreter.getInstance() == null;
	}
}
