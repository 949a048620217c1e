package org.tomocn.cli;

import java.io.File;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.MethodCallException;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.tomocn.core.TomoInputException;

/**
 * Runs TomoCN's SciJava commands by menu label with {@code key=value} text inputs: the one
 * implementation behind the headless launcher and the ImageJ 1.x macro bridge.
 * <p>
 * Text values are converted to the parameter's type (String, File, numbers, booleans);
 * other inputs (an open ImagePlus, services) are passed as objects or resolved by
 * injection. Keys not given keep the command's defaults; a required key that is missing, an
 * unknown key and a value of the wrong type are {@link TomoInputException}s. Preferences
 * saved by the Fiji GUI are not read, so runs are reproducible. The command runs in the
 * calling thread, and its exceptions propagate unchanged.
 */
public final class CommandRunner {
	private static final String MENU_ROOT = "Tomography";

	private final Context context;

	public CommandRunner(Context context) {
		this.context = context;
	}

	/** TomoCN's commands (menu path under "Tomography", class in org.tomocn), sorted by label. */
	public List<CommandInfo> commands() {
		List<CommandInfo> list = new ArrayList<>();
		for (CommandInfo info : context.service(CommandService.class).getCommands()) {
			if (info.getMenuPath() == null || info.getMenuPath().getLeaf() == null) continue;
			if (info.getMenuPath().toString().contains(MENU_ROOT) && info.getClassName().startsWith("org.tomocn.")) list.add(info);
		}
		list.sort(Comparator.comparing(CommandRunner::label));
		return list;
	}

	/** The label a user types: the last menu element without a trailing "...". */
	public static String label(CommandInfo info) {
		String name = info.getMenuPath().getLeaf().getName();
		return name.endsWith("...") ? name.substring(0, name.length() - 3) : name;
	}

	/** The command with this label (case-insensitive). */
	public CommandInfo find(String label) {
		for (CommandInfo c : commands()) {
			if (label(c).equalsIgnoreCase(label.trim())) return c;
		}
		StringBuilder sb = new StringBuilder("No command labelled '" + label + "'. Known commands:");
		for (CommandInfo c : commands()) sb.append("\n  ").append(label(c));
		throw new TomoInputException(sb.toString());
	}

	/** Whether a parameter can be given as text (String, File, number, boolean). */
	public static boolean isTextInput(ModuleItem<?> item) {
		Class<?> t = item.getType();
		return t == String.class || t == File.class || t.isPrimitive() || Number.class.isAssignableFrom(t) || t == Boolean.class;
	}

	/**
	 * Runs a command.
	 *
	 * @param text inputs given as text, by parameter name
	 * @param objects inputs given as objects (e.g. an ImagePlus), by parameter name; may be empty
	 * @return the finished module, to read outputs from
	 */
	public Module run(CommandInfo info, Map<String, String> text, Map<String, Object> objects) {
		return run(info, text, objects, command -> { });
	}

	/**
	 * As {@link #run(CommandInfo, Map, Map)}, handing the command object to {@code beforeRun}
	 * once its inputs are set (e.g. to register a cancel hook).
	 */
	public Module run(CommandInfo info, Map<String, String> text, Map<String, Object> objects, java.util.function.Consumer<Object> beforeRun) {
		Module module = context.service(ModuleService.class).createModule(info);
		for (Map.Entry<String, String> e : text.entrySet()) {
			ModuleItem<?> item = info.getInput(e.getKey());
			if (item == null || !isTextInput(item)) {
				StringBuilder sb = new StringBuilder("'" + label(info) + "' has no key '" + e.getKey() + "'. Its keys:");
				for (ModuleItem<?> i : info.inputs()) if (isTextInput(i)) sb.append(' ').append(i.getName());
				throw new TomoInputException(sb.toString());
			}
			module.setInput(e.getKey(), convert(item, e.getValue()));
			module.resolveInput(e.getKey());
		}
		for (Map.Entry<String, Object> e : objects.entrySet()) {
			module.setInput(e.getKey(), e.getValue());
			module.resolveInput(e.getKey());
		}
		for (ModuleItem<?> item : info.inputs()) {
			String name = item.getName();
			if (text.containsKey(name) || objects.containsKey(name)) continue;
			if (isTextInput(item) && item.isRequired()) throw new TomoInputException("'" + label(info) + "' needs the key '" + name + "'");
			module.resolveInput(name); // injected services, optional inputs left at their defaults
		}
		try {
			module.initialize();
		}
		catch (MethodCallException e) {
			throw new IllegalStateException("Could not initialise '" + label(info) + "'", e);
		}
		beforeRun.accept(module.getDelegateObject());
		module.run();
		return module;
	}

	/** The outputs of a finished module, by name, in declaration order (null values skipped). */
	public static Map<String, Object> outputs(CommandInfo info, Module module) {
		Map<String, Object> out = new LinkedHashMap<>();
		for (ModuleItem<?> item : info.outputs()) {
			Object v = module.getOutput(item.getName());
			if (v != null) out.put(item.getName(), v);
		}
		return out;
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
		throw new TomoInputException("The key '" + item.getName() + "' cannot be set as text");
	}

	private static String describe(Class<?> t) {
		if (t == int.class || t == Integer.class || t == long.class || t == Long.class) return "a whole number";
		if (t == boolean.class || t == Boolean.class) return "true or false";
		return "a number";
	}
}
