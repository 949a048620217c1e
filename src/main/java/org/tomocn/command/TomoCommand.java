package org.tomocn.command;

import ij.IJ;
import ij.macro.Interpreter;

import org.scijava.command.Command;
import org.tomocn.core.TomoInputException;
import org.tomocn.ij.Screen;

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
		catch (OutOfMemoryError e) {
			if (personAtTheScreen()) IJ.error("TomoCN", outOfMemoryAdvice());
			throw e;
		}
	}

	/**
	 * What to tell a user whose run ran out of Java heap: how much Java may use now and how
	 * to raise it (the launcher's {@code TOMOCN_JAVA_OPTS}, Fiji's memory setting), or how
	 * to make the run smaller. Shared by the menu, the launcher and the macro bridge.
	 */
	public static String outOfMemoryAdvice() {
		long mb = Runtime.getRuntime().maxMemory() >> 20;
		return "Out of memory: this run needs more than the " + mb + " MB that Java may use here. Give Java more memory: " +
			"for bin/tomocn set TOMOCN_JAVA_OPTS (e.g. TOMOCN_JAVA_OPTS=-Xmx24g bin/tomocn --run ...; the default is -Xmx12g); " +
			"in Fiji, Edit > Options > Memory & Threads, then restart Fiji. Or make the run smaller: bin=2 (a quarter of the pixels), " +
			"a smaller thickness, or fewer views (exclude_views).";
	}

	/** A person started the command from the menu: someone at the screen and no macro running (a macro reports errors its own way). */
	static boolean personAtTheScreen() {
		return Screen.someoneAtTheScreen() && Interpreter.getInstance() == null;
	}
}
