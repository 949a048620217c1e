package org.tomocn.cli;

import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import java.nio.file.Path;
import java.nio.file.Paths;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.tomocn.bench.BenchConfig;
import org.tomocn.bench.BenchResults;
import org.tomocn.bench.BenchmarkRunner;
import org.tomocn.bench.ReportWriter;
import org.tomocn.cn.ConvergenceException;
import org.tomocn.cn.NetworkEngineException;
import org.tomocn.command.CancelableCommand;
import org.tomocn.command.TomoCommand;
import org.tomocn.core.CancelToken;
import org.tomocn.core.CancelledException;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TomoInputException;
import org.tomocn.ij.TableText;

import ij.measure.ResultsTable;

/**
 * The headless launcher, mirroring Fiji's {@code --headless --run "Label" "key=value, ..."}:
 * runs a TomoCN SciJava command by its menu label with its snake_case parameters.
 * <pre>
 *   tomocn --list
 *   tomocn --run "Weighted Back-Projection" "tilt_series=ts.mrc, angles=-60:2:60, output=[rec dir/wbp.mrc]"
 * </pre>
 * Exit codes (conventions): 0 success, 2 bad arguments or input, 1 any other failure,
 * 130 cancelled. Simple outputs (numbers, text, files) are printed as {@code key=value},
 * tables ({@link ResultsTable}) as aligned text ({@link TableText}); outputs a command left
 * empty (null) are not printed.
 */
public final class Launcher {
	public static final int OK = 0, FAILURE = 1, BAD_INPUT = 2, CANCELLED = 130;

	private Launcher() {}

	public static void main(String[] args) {
		System.setProperty("java.awt.headless", "true");
		quietLoggingSetUp();
		System.exit(run(args, System.out, System.err));
	}

	/**
	 * SLF4J 1.7 (through DJL) prints three lines about a missing binding to stderr on first
	 * use, on every network run (issue 13 item 15). The launcher's class path has no binding
	 * on purpose (a binding shipped in our jars would clash with Fiji's own), so SLF4J is
	 * initialised here with stderr muted; its loggers are then no-ops, as they were.
	 */
	private static void quietLoggingSetUp() {
		PrintStream err = System.err;
		System.setErr(new PrintStream(java.io.OutputStream.nullOutputStream()));
		try {
			org.slf4j.LoggerFactory.getILoggerFactory();
		}
		finally {
			System.setErr(err);
		}
	}

	/** Runs the launcher; returns the exit code. */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
			out.println(usage());
			return args.length == 0 ? BAD_INPUT : OK;
		}
		if (args[0].equals("bench")) return bench(args, err);
		if (!args[0].equals("--list") && !args[0].equals("--run")) {
			err.println("Unknown option '" + args[0] + "'.\n" + usage());
			return BAD_INPUT;
		}
		if (args[0].equals("--run") && (args.length < 2 || args.length > 3)) {
			err.println("Usage: --run \"Label\" \"key=value, key=value\"");
			return BAD_INPUT;
		}
		Runnable[] release = { () -> { } };
		try (Context context = new Context()) {
			CommandRunner runner = new CommandRunner(context);
			if (args[0].equals("--list")) {
				list(runner, out);
				return OK;
			}
			CommandInfo info = runner.find(args[1]);
			Module module = runner.run(info, Arguments.parse(args.length == 3 ? args[2] : ""), Collections.emptyMap(), command -> {
				CancelableCommand c = command instanceof CancelableCommand ? (CancelableCommand) command : null;
				release[0] = cancelOnShutdown(c != null ? c.cancelToken() : null, err);
				if (c != null) c.addProgressListener(new ProgressPrinter(err));
			});
			for (Map.Entry<String, Object> e : CommandRunner.outputs(info, module).entrySet()) {
				Object v = e.getValue();
				if (v instanceof Number || v instanceof String || v instanceof Boolean || v instanceof File) out.println(e.getKey() + "=" + v);
				else if (v instanceof ResultsTable) out.print(TableText.format((ResultsTable) v));
			}
			return OK;
		}
		catch (RuntimeException | Error e) {
			return report(e, err);
		}
		finally {
			// after the outcome was printed: a Ctrl-C hook waiting for it may now let the JVM end
			release[0].run();
		}
	}

	/**
	 * On Ctrl-C (or SIGTERM): cancels {@code token} and waits, at most 5 s, until the work has
	 * ended and its outcome ("Cancelled.") was printed, i.e. until the returned runnable runs.
	 * It must not wait for the main thread to end: that thread, once done, waits in
	 * {@code System.exit} for this hook (waiting for it cost 5 s on every Ctrl-C). Without a
	 * token (a command that cannot be cancelled) it prints "Cancelled." and lets the JVM end at
	 * once; {@link org.tomocn.io.AtomicFiles} then removes the temporary file of a write in
	 * progress, and no output appears.
	 *
	 * @return to be run when the work has ended and its outcome was printed (also removes the hook)
	 */
	static Runnable cancelOnShutdown(CancelToken token, PrintStream err) {
		CountDownLatch ended = new CountDownLatch(1);
		Thread hook = new Thread(() -> {
			if (token == null) {
				err.println("Cancelled.");
				return;
			}
			token.cancel();
			try {
				ended.await(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}, "tomocn-cancel");
		Runtime.getRuntime().addShutdownHook(hook);
		return () -> {
			ended.countDown();
			try {
				// a finished run must not leave a hook behind (tests run many in one JVM)
				Runtime.getRuntime().removeShutdownHook(hook);
			}
			catch (IllegalStateException shuttingDown) {
				// the JVM is shutting down (Ctrl-C): the hook is running and has just been released
			}
		};
	}

	/** Prints a long command's progress to stderr: the first line, then at most one every 5 s; every note. */
	static final class ProgressPrinter implements ProgressListener {
		private final PrintStream err;
		private long last;
		private boolean printed;

		ProgressPrinter(PrintStream err) {
			this.err = err;
		}

		@Override
		public synchronized void progress(double fraction, String message) {
			long now = System.nanoTime();
			if (message == null || message.isEmpty() || (printed && now - last < 5_000_000_000L)) return;
			printed = true;
			last = now;
			print(fraction, message);
		}

		@Override
		public synchronized void note(double fraction, String message) {
			if (message == null || message.isEmpty()) return;
			printed = true;
			print(fraction, message);
		}

		private void print(double fraction, String message) {
			err.println(fraction >= 0 ? String.format(java.util.Locale.ROOT, "[%3.0f%%] %s", 100 * fraction, message) : message);
		}
	}

	/**
	 * {@code bench [quick|full|scale|noise] [out_dir]}: runs the benchmark ({@link BenchmarkRunner}) and
	 * writes its report into out_dir (default {@code bench-PRESET}); {@code scale} writes one
	 * report per size into sub-folders and an index ({@link ReportWriter#writeIndex}), {@code noise} one per SNR.
	 * Progress lines go to {@code err}. Ctrl-C cancels it (exit 130).
	 */
	private static int bench(String[] args, PrintStream err) {
		if (args.length > 3) {
			err.println("Usage: bench [quick|full|scale|noise] [out_dir]");
			return BAD_INPUT;
		}
		Runnable[] release = { () -> { } };
		try {
			String preset = args.length > 1 ? args[1].trim().toLowerCase(java.util.Locale.ROOT) : "quick";
			List<BenchConfig> configs = preset.equals("scale") ? BenchConfig.scale() : preset.equals("noise") ? BenchConfig.noise() : List.of(BenchConfig.named(preset));
			Path out = Paths.get(args.length > 2 ? args[2] : "bench-" + preset);
			for (BenchConfig c : configs) c.validate();
			CancelToken token = new CancelToken();
			release[0] = cancelOnShutdown(token, err);
			if (configs.size() == 1) new BenchmarkRunner(configs.get(0), (f, msg) -> err.println(msg), token).run(out);
			else {
				List<BenchResults> results = new ArrayList<>();
				for (BenchConfig c : configs) results.add(new BenchmarkRunner(c, (f, msg) -> err.println(msg), token).run(out.resolve(c.name())));
				new ReportWriter(out).writeIndex(preset, results);
			}
			err.println("Report: " + out.resolve("report.md"));
			return OK;
		}
		catch (RuntimeException | Error e) {
			return report(e, err);
		}
		finally {
			release[0].run();
		}
	}

	/** The exit code for a failure, after telling the user what went wrong (conventions: 2, 130, 1). */
	static int report(Throwable e, PrintStream err) {
		if (e instanceof TomoInputException) {
			err.println("Error: " + e.getMessage());
			return BAD_INPUT;
		}
		if (e instanceof CancelledException) {
			err.println("Cancelled.");
			return CANCELLED;
		}
		if (e instanceof ConvergenceException || e instanceof NetworkEngineException) {
			err.println("Error: " + e.getMessage());
			return FAILURE;
		}
		for (Throwable c = e; c != null; c = c.getCause()) {
			if (c instanceof OutOfMemoryError) {
				err.println(TomoCommand.outOfMemoryAdvice());
				return FAILURE;
			}
		}
		err.println("Failed: " + e);
		for (Throwable c = e.getCause(); c != null; c = c.getCause()) err.println("  caused by: " + c);
		return FAILURE;
	}

	static String usage() {
		return "TomoCN headless launcher\n" +
			"  tomocn --list                                  list the commands and their keys\n" +
			"  tomocn --run \"Label\" \"key=value, key=value\"  run a command by its menu label\n" +
			"  tomocn bench [quick|full|scale|noise] [out_dir] benchmark report (quick < 5 min, full < 60 min, scale at most 2.5 h (its budgets; 100 min here), noise about 7 min on 2 cores)\n" +
			"Values with spaces or commas go in square brackets: output=[my dir/rec.mrc].\n" +
			"Exit codes: 0 success, 2 bad arguments or input, 1 other failure, 130 cancelled.";
	}

	private static void list(CommandRunner runner, PrintStream out) {
		for (CommandInfo info : runner.commands()) {
			out.println(CommandRunner.label(info) + "    (" + info.getMenuPath().getMenuString() + ")");
			for (ModuleItem<?> item : info.inputs()) {
				if (!CommandRunner.isTextInput(item)) continue;
				StringBuilder sb = new StringBuilder("    ").append(item.getName()).append(" : ").append(item.getType().getSimpleName());
				if (!item.isRequired()) sb.append(", optional");
				if (item.getDescription() != null && !item.getDescription().isEmpty()) sb.append(" - ").append(item.getDescription());
				out.println(sb);
			}
		}
	}
}
