package org.tomocn.ij;

import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Item 16: a GUI macro run ends its whole process tree (xvfb-run, Xvfb, ImageJ's JVM), not
 * only {@code xvfb-run}: after {@code mvn test}, no ImageJ and no Xvfb may be left running.
 */
public class ProcessTreeTest {
	@ClassRule
	public static TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void guiMacroLeavesNoProcessBehind() throws Exception {
		assumeTrue("needs a display or xvfb-run (.ci/run installs xvfb)", ImageJInstallation.canRunMacros());
		Path root = tmp.newFolder("ImageJ").toPath();
		ImageJInstallation ij = ImageJInstallation.create(root);
		Path done = root.resolve("done.txt");
		ExecutorService ex = Executors.newSingleThreadExecutor();
		Set<ProcessHandle> tree = new LinkedHashSet<>();
		try {
			// the GUI stays open after the macro: runGuiMacro must end it
			Future<String> run = ex.submit(() -> ij.runGuiMacro("wait(1500); File.saveString(\"done\", \"" + done + "\");\n", done, 120));
			// while it runs: ImageJ's JVM (a java whose command line names our plugins folder) and, under
			// xvfb-run, its parent and the parent's other children (Xvfb)
			tree.clear();
			long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (tree.isEmpty() && !run.isDone() && System.nanoTime() < end) {
				Optional<ProcessHandle> imagej = ProcessHandle.current().descendants()
					.filter(h -> h.info().command().map(c -> c.endsWith("java")).orElse(false))
					.filter(h -> h.info().arguments().map(a -> String.join(" ", a).contains("-Dplugins.dir=" + root)).orElse(false)).findFirst();
				if (imagej.isPresent()) {
					tree.add(imagej.get());
					imagej.get().parent().filter(p -> p.pid() != ProcessHandle.current().pid()).ifPresent(parent -> {
						tree.add(parent);
						tree.addAll(parent.descendants().collect(Collectors.toList()));
					});
				}
				Thread.sleep(100);
			}
			run.get(150, TimeUnit.SECONDS);
			assertTrue("ImageJ's process was not seen", !tree.isEmpty());
			// give the OS a moment to reap
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
			while (tree.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) Thread.sleep(100);
			List<String> alive = tree.stream().filter(ProcessHandle::isAlive)
				.map(h -> h.pid() + " " + h.info().command().orElse("?")).collect(Collectors.toList());
			assertTrue("left running after the macro: " + alive, alive.isEmpty());
		}
		finally {
			ex.shutdownNow();
			tree.forEach(ProcessHandle::destroyForcibly); // even when the assertion failed, leave nothing behind
		}
	}
}
