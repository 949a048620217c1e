package org.tomocn.cli;

import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.tomocn.core.CancelledException;
import org.tomocn.core.TomoInputException;

/**
 * The headless launcher, mirroring Fiji's {@code --headless --run "Label" "key=value, ..."}:
 * runs a TomoCN SciJava command by its menu label with its snake_case parameters.
 * <pre>
 *   tomocn --list
 *   tomocn --run "Weighted Back-Projection" "tilt_series=ts.mrc, angles=-60:2:60, output=[rec dir/wbp.mrc]"
 * </pre>
 * Exit codes (conventions): 0 success, 2 bad arguments or input, 1 any other failure,
 * 130 cancelled. Inputs not given keep the command's defaults (preferences saved by the
 * Fiji GUI are not read, so runs are reproducible).
 */
public final class Launcher {
	public static final int OK = 0, FAILURE = 1, BAD_INPUT = 2, CANCELLED = 130;

	private static final String MENU_ROOT = "Tomography";

	private Launcher() {}

	public static void main(String[] args) {
		System.setProperty("java.awt.headless", "true");
		int code = run(args, System.out, System.err);
		System.exit(code);
	}

	/** Runs the launcher; returns the exit code. */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
			out.println(usage());
			return args.length == 0 ? BAD_INPUT : OK;
		}
		try (Context context = new Context()) {
			CommandService commands = context.service(CommandService.class);
			switch (args[0]) {
				case "--list":
					list(commands, out);
					return OK;
				case "--run":
					if (args.length < 2 || args.length > 3) {
						err.println("Usage: --run \"Label\" \"key=value, key=value\"");
						return BAD_INPUT;
					}
					return runCommand(context, commands, args[1], args.length == 3 ? args[2] : "", out);
				default:
					err.println("Unknown option '" + args[0] + "'.\n" + usage());
					return BAD_INPUT;
			}
		}
		catch (TomoInputException e) {
			err.println("Error: " + e.getMessage());
			return BAD_INPUT;
		}
		catch (CancelledException e) {
			err.println("Cancelled.");
			return CANCELLED;
		}
		catch (RuntimeException | Error e) {
			err.println("Failed: " + e);
			Throwable c = e.getCause();
			while (c != null) {
				err.println("  caused by: " + c);
				c = c.getCause();
			}
			return FAILURE;
		}
	}

	static String usage() {
		return "TomoCN headless launcher\n" +
			"  tomocn --list                                  list the commands and their keys\n" +
			"  tomocn --run \"Label\" \"key=value, key=value\"  run a command by its menu label\n" +
			"Values with spaces or commas go in square brackets: output=[my dir/rec.mrc].\n" +
			"Exit codes: 0 success, 2 bad arguments or input, 1 other failure, 130 cancelled.";
	}

	/** TomoCN's commands: those under a menu path containing "Tomography", sorted by label. */
	static List<CommandInfo> tomoCommands(CommandService commands) {
		List<CommandInfo> list = new ArrayList<>();
		for (CommandInfo info : commands.getCommands()) {
			if (info.getMenuPath() == null || info.getMenuPath().getLeaf() == null) continue;
			if (info.getMenuPath().toString().contains(MENU_ROOT) && info.getClassName().startsWith("org.tomocn.")) list.add(info);
		}
		list.sort(Comparator.comparing(Launcher::label));
		return list;
	}

	static String label(CommandInfo info) {
		String name = info.getMenuPath().getLeaf().getName();
		return name.endsWith("...") ? name.substring(0, name.length() - 3) : name;
	}

	private static void list(CommandService commands, PrintStream out) {
		for (CommandInfo info : tomoCommands(commands)) {
			out.println(label(info) + "    (" + info.getMenuPath() + ")");
			for (ModuleItem<?> item : info.inputs()) {
				if (!isUserInput(item)) continue;
				StringBuilder sb = new StringBuilder("    ").append(item.getName()).append(" : ").append(item.getType().getSimpleName());
				if (!item.isRequired()) sb.append(", optional");
				if (item.getDescription() != null && !item.getDescription().isEmpty()) sb.append(" - ").append(item.getDescription());
				out.println(sb);
			}
		}
	}

	private static boolean isUserInput(ModuleItem<?> item) {
		Class<?> t = item.getType();
		return t == String.class || t == File.class || t.isPrimitive() || Number.class.isAssignableFrom(t) || t == Boolean.class;
	}

	private static int runCommand(Context context, CommandService commands, String label, String options, PrintStream out) {
		CommandInfo info = null;
		for (CommandInfo c : tomoCommands(commands)) {
			if (label(c).equalsIgnoreCase(label.trim())) info = c;
		}
		if (info == null) {
			StringBuilder sb = new StringBuilder("No command labelled '" + label + "'. Known commands:");
			for (CommandInfo c : tomoCommands(commands)) sb.append("\n  ").append(label(c));
			throw new TomoInputException(sb.toString());
		}
		Map<String, String> values = Arguments.parse(options);
		ModuleService modules = context.service(ModuleService.class);
		Module module = modules.createModule(info);
		for (Map.Entry<String, String> e : values.entrySet()) {
			ModuleItem<?> item = info.getInput(e.getKey());
			if (item == null || !isUserInput(item)) {
				StringBuilder sb = new StringBuilder("'" + label(info) + "' has no key '" + e.getKey() + "'. Its keys:");
				for (ModuleItem<?> i : info.inputs()) if (isUserInput(i)) sb.append(' ').append(i.getName());
				throw new TomoInputException(sb.toString());
			}
			module.setInput(e.getKey(), convert(item, e.getValue()));
			module.resolveInput(e.getKey());
		}
		// inputs the launcher cannot supply (an open image, services) are resolved by injection or left null
		for (ModuleItem<?> item : info.inputs()) {
			if (!isUserInput(item)) module.resolveInput(item.getName());
			else if (item.isRequired() && !values.containsKey(item.getName())) {
				throw new TomoInputException("'" + label(info) + "' needs the key '" + item.getName() + "'");
			}
		}
		try {
			module.initialize();
		}
		catch (org.scijava.module.MethodCallException e) {
			throw new IllegalStateException("Could not initialise '" + label(info) + "'", e);
		}
		module.run();
		for (ModuleItem<?> item : info.outputs()) {
			Object v = module.getOutput(item.getName());
			if (v instanceof Number || v instanceof String || v instanceof Boolean || v instanceof File) out.println(item.getName() + "=" + v);
		}
		return OK;
	}

	static Object convert(ModuleItem<?> item, String value) {
		Class<?> t = item.getType();
		String v = value.trim();
		try {
			if (t == String.class) return value;
			if (t == File.class) return v.isEmpty() ? null : new File(v);
			if (t == int.class || t == Integer.class) return Integer.parseInt(v);
			if (t == long.class || t == Long.class) return Long.parseLong(v);
			if (t == double.class || t == Double.class) return Double.parseDouble(v);
			if (t == float.class || t == Float.class) return Float.parseFloat(v);
			if (t == boolean.class || t == Boolean.class) {
				switch (v.toLowerCase(Locale.ROOT)) {
					case "true": case "yes": case "1": case "on": return true;
					case "false": case "no": case "0": case "off": return false;
					default: throw new NumberFormatException();
				}
			}
		}
		catch (NumberFormatException e) {
			throw new TomoInputException("The value of '" + item.getName() + "' must be " + describe(t) + ", got '" + value + "'");
		}
		throw new TomoInputException("The key '" + item.getName() + "' cannot be set from the command line");
	}

	private static String describe(Class<?> t) {
		if (t == int.class || t == Integer.class || t == long.class || t == Long.class) return "a whole number";
		if (t == boolean.class || t == Boolean.class) return "true or false";
		return "a number";
	}
}
