package org.tomocn.cli;

import java.util.HashMap;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.Plot;
import ij.macro.Interpreter;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.tomocn.command.ReconstructionCommand;
import org.tomocn.command.TomoCommand;
import org.tomocn.core.CancelledException;
import org.tomocn.core.TomoInputException;
import org.tomocn.ij.OrthogonalViews;
import org.tomocn.ij.Screen;

/**
 * The one ImageJ 1.x bridge to TomoCN's SciJava commands, for plain ImageJ macros:
 * {@code plugins.config} lists one entry per command under
 * {@code Plugins > Tomography > Macro Bridge}, each calling this class with the command's
 * label, so that
 * <pre>  run("TomoCN: Weighted Back-Projection", "tilt_series=[ts.mrc] angles=-60:2:60 output=[wbp.mrc]");</pre>
 * works in ImageJ 1.x as in Fiji. The macro's option string uses the command's keys (the
 * same as the launcher's). A command's {@code ImagePlus} input named {@code image} is the
 * current image (files given in the options win, as in the GUI). Outputs: images and plots are shown (in batch mode they become the
 * macro's images), tables shown, simple values logged as {@code key=value}. Errors are
 * logged (and shown in a dialog outside batch mode) and abort the macro.
 * <p>
 * It lives beside the headless launcher because both run commands by label through
 * {@link CommandRunner}; {@code org.tomocn.ij} below stays plain ImageJ 1.x glue that the
 * commands themselves use.
 */
public class MacroBridge implements PlugIn {
	private static Context context;

	/**
	 * Fiji's own context when running inside Fiji, else one created once per JVM. In plain
	 * ImageJ our classes come from ImageJ's plugin class loader, which SciJava's plugin
	 * discovery (and DJL's engine lookup) only see through the thread context class loader:
	 * it is set to ours while the context is created.
	 */
	static synchronized Context context() {
		if (context == null) {
			Thread t = Thread.currentThread();
			ClassLoader previous = t.getContextClassLoader();
			t.setContextClassLoader(MacroBridge.class.getClassLoader());
			try {
				// Inside Fiji, imagej-legacy answers this with the application's context.
				Object o = IJ.runPlugIn("org.scijava.Context", "");
				context = o instanceof Context ? (Context) o : new Context();
			}
			finally {
				t.setContextClassLoader(previous);
			}
		}
		return context;
	}

	@Override
	public void run(String label) {
		String options = Macro.getOptions();
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(MacroBridge.class.getClassLoader());
		try {
			CommandRunner runner = new CommandRunner(context());
			CommandInfo info = runner.find(label);
			if (options == null) {
				IJ.showMessage("TomoCN: " + label, usage(info));
				return;
			}
			Map<String, String> text = Arguments.parse(options);
			Map<String, Object> objects = new HashMap<>();
			for (ModuleItem<?> item : info.inputs()) {
				if (item.getType() == ImagePlus.class && item.getName().equals("image") && !text.containsKey(item.getName())) {
					ImagePlus imp = WindowManager.getCurrentImage();
					if (imp != null) objects.put(item.getName(), imp);
				}
			}
			Module module = runner.run(info, text, objects);
			for (Map.Entry<String, Object> e : CommandRunner.outputs(info, module).entrySet()) {
				Object v = e.getValue();
				if (v instanceof ImagePlus) {
					((ImagePlus) v).show();
					// a reconstruction opens with orthogonal views, as from the menu (not in batch mode)
					if (module.getDelegateObject() instanceof ReconstructionCommand && !Interpreter.isBatchMode()) OrthogonalViews.show((ImagePlus) v);
				}
				else if (v instanceof Plot) ((Plot) v).show();
				else if (v instanceof ResultsTable) ((ResultsTable) v).show(e.getKey());
				else IJ.log(e.getKey() + "=" + v);
			}
		}
		catch (TomoInputException e) {
			fail(label, e.getMessage());
		}
		catch (CancelledException e) {
			IJ.showStatus("TomoCN: " + label + " cancelled");
			abortMacro();
		}
		catch (RuntimeException e) {
			fail(label, e.toString());
		}
		catch (OutOfMemoryError e) {
			fail(label, TomoCommand.outOfMemoryAdvice());
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	/** Logs the error, shows it in a dialog when someone can see it (not in batch mode), aborts the macro. */
	private static void fail(String label, String message) {
		IJ.log("TomoCN error in " + label + ": " + message);
		if (Screen.someoneAtTheScreen() && !Interpreter.isBatchMode()) IJ.error("TomoCN: " + label, message);
		abortMacro();
	}

	/** Stops the calling macro after this command returns (Macro.abort alone misses batch-mode macros). */
	private static void abortMacro() {
		Interpreter.abort();
		Macro.abort();
	}

	private static String usage(CommandInfo info) {
		StringBuilder sb = new StringBuilder("Call this entry from a macro:\n  run(\"TomoCN: " + CommandRunner.label(info) +
			"\", \"key=value key=[value with spaces]\");\nKeys:");
		for (ModuleItem<?> item : info.inputs()) {
			if (CommandRunner.isTextInput(item)) sb.append("\n  ").append(item.getName()).append(item.isRequired() ? "" : " (optional)");
		}
		return sb.toString();
	}
}
