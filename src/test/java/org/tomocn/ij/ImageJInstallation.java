package org.tomocn.ij;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A plain ImageJ 1.x installation for tests, laid out as a user would install TomoCN there:
 * {@code plugins/TomoCN_.jar} (packed from target/classes, with plugins.config at its root)
 * and its libraries in {@code plugins/jars/} (links to the test class path's jars, minus
 * ImageJ itself and test-only libraries). Macros run in a separate JVM as
 * {@code java -cp ij.jar ij.ImageJ -batch macro.ijm}, under {@code xvfb-run} when there is no
 * display (ImageJ 1.x's batch mode needs one).
 */
final class ImageJInstallation {
	final Path root;
	private final Path ijJar;

	private ImageJInstallation(Path root, Path ijJar) {
		this.root = root;
		this.ijJar = ijJar;
	}

	/** Whether macros can run here: a display, or xvfb-run on the PATH. */
	static boolean canRunMacros() {
		if (System.getenv("DISPLAY") != null) return true;
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			if (Files.isExecutable(Paths.get(dir, "xvfb-run"))) return true;
		}
		return false;
	}

	static ImageJInstallation create(Path root) throws IOException {
		Path classes = Paths.get(MrcImporter.class.getProtectionDomain().getCodeSource().getLocation().getPath());
		Path plugins = Files.createDirectories(root.resolve("plugins"));
		Path jars = Files.createDirectories(plugins.resolve("jars"));
		packJar(classes, plugins.resolve("TomoCN_.jar"));
		Path ij = null;
		for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			Path p = Paths.get(entry);
			String name = p.getFileName().toString();
			if (!name.endsWith(".jar")) continue;
			if (name.matches("ij-1\\..*\\.jar")) {
				ij = p;
				continue;
			}
			if (name.startsWith("junit") || name.startsWith("hamcrest") || name.startsWith("groovy") || name.startsWith("surefire")) continue;
			Files.createSymbolicLink(jars.resolve(name), p.toAbsolutePath());
		}
		if (ij == null) throw new IllegalStateException("ij.jar is not on the test class path");
		return new ImageJInstallation(root, ij);
	}

	private static void packJar(Path classes, Path jar) throws IOException {
		try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out); Stream<Path> files = Files.walk(classes)) {
			for (Path f : (Iterable<Path>) files::iterator) {
				if (Files.isDirectory(f)) continue;
				j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
				Files.copy(f, j);
				j.closeEntry();
			}
		}
	}

	/** Result of one macro run: the process's exit code and everything it printed. */
	static final class Run {
		final int exitCode;
		final String output;

		Run(int exitCode, String output) {
			this.exitCode = exitCode;
			this.output = output;
		}
	}

	/** Runs a macro in batch mode and waits at most {@code seconds}. */
	Run runMacro(String macro, int seconds) throws IOException, InterruptedException {
		Process p = start(macro, "-batch");
		if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
			endTree(p);
			throw new IllegalStateException("macro did not finish in " + seconds + " s:\n" + output());
		}
		return new Run(p.exitValue(), output());
	}

	/**
	 * Runs a macro in ImageJ's GUI (on a 1400 x 900 virtual screen when there is no display)
	 * until the macro writes {@code doneFile}, then closes ImageJ. The GUI stays open after a
	 * macro, so the marker file tells when it is finished.
	 *
	 * @return what ImageJ printed
	 */
	String runGuiMacro(String macro, Path doneFile, int seconds) throws IOException, InterruptedException {
		Process p = start(macro, "-macro");
		try {
			long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
			while (!Files.exists(doneFile)) {
				if (!p.isAlive()) throw new IllegalStateException("ImageJ stopped before the macro finished:\n" + output());
				if (System.nanoTime() > end) throw new IllegalStateException("macro did not finish in " + seconds + " s:\n" + output());
				Thread.sleep(250);
			}
			return output();
		}
		finally {
			endTree(p);
		}
	}

	/**
	 * Ends {@code p} and every process under it (under xvfb-run: Xvfb and ImageJ's JVM),
	 * and waits for them. Killing only xvfb-run would orphan its children, which then run on
	 * after the build; so the descendants are listed first, while they are still ours.
	 */
	static void endTree(Process p) throws InterruptedException {
		List<ProcessHandle> tree = new ArrayList<>();
		p.descendants().forEach(tree::add);
		tree.add(p.toHandle());
		for (ProcessHandle h : tree) h.destroyForcibly();
		for (ProcessHandle h : tree) {
			try {
				h.onExit().get(10, TimeUnit.SECONDS);
			}
			catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
				throw new IllegalStateException("process " + h.pid() + " did not end: " + e);
			}
		}
	}

	private Process start(String macro, String mode) throws IOException {
		Path file = root.resolve("macro-" + System.nanoTime() + ".ijm");
		Files.write(file, macro.getBytes(StandardCharsets.UTF_8));
		List<String> cmd = new ArrayList<>();
		if (System.getenv("DISPLAY") == null) {
			cmd.add("xvfb-run");
			cmd.add("-a");
			cmd.add("-s");
			cmd.add("-screen 0 1400x900x24");
		}
		cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		cmd.add("-Xmx2g");
		cmd.add("-Dplugins.dir=" + root);
		cmd.add("-cp");
		cmd.add(ijJar.toString());
		cmd.add("ij.ImageJ");
		cmd.add(mode);
		cmd.add(file.toString());
		return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(root.resolve("macro-output.txt").toFile()).start();
	}

	private String output() throws IOException {
		return new String(Files.readAllBytes(root.resolve("macro-output.txt")), StandardCharsets.UTF_8);
	}
}
