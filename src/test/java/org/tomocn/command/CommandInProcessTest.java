package org.tomocn.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;
import org.tomocn.cli.CommandRunner;
import org.tomocn.core.CancelledException;
import org.tomocn.core.Volume;
import org.tomocn.io.TomoFiles;

/**
 * Commands run in this process through the launcher's {@link CommandRunner}, to watch
 * what the launcher cannot show: the cancel token at the moment of writing, and warnings
 * sent to the {@link LogService}.
 */
public class CommandInProcessTest {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static Context context;

	private static final String TS = "test-data/tilt_series.mrc", TLT = "test-data/tilt_angles.tlt";

	@BeforeClass
	public static void start() {
		context = new Context();
	}

	@AfterClass
	public static void stop() {
		context.dispose();
	}

	private static Map<String, String> keys(String... kv) {
		Map<String, String> m = new HashMap<>();
		for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
		return m;
	}

	/**
	 * Item 5: a cancel that arrives while the output is being written (here: as soon as the
	 * command reports that it writes) leaves no output, no temporary file, and the previous
	 * file of that name unchanged; the command ends with CancelledException (the launcher's
	 * "Cancelled.", exit 130).
	 */
	@Test
	public void cancelWhileWritingLeavesNothingBehind() throws IOException {
		File dir = tmp.newFolder("out");
		File output = new File(dir, "wbp.mrc");
		Files.write(output.toPath(), "previous".getBytes(StandardCharsets.UTF_8));
		CommandRunner runner = new CommandRunner(context);
		List<String> messages = Collections.synchronizedList(new ArrayList<>());
		try {
			runner.run(runner.find("Weighted Back-Projection"), keys("tilt_series", TS, "angles", TLT, "output", output.toString()), Collections.emptyMap(), c -> {
				TiltSeriesCommand command = (TiltSeriesCommand) c;
				command.addProgressListener((fraction, message) -> {
					messages.add(message);
					if (message.contains("Writing")) command.cancelToken().cancel();
				});
			});
			fail("not cancelled; progress: " + messages);
		}
		catch (CancelledException expected) {
			// the launcher prints "Cancelled." and exits 130 for this
		}
		assertTrue("the command says when it writes: " + messages, messages.stream().anyMatch(m -> m.contains("Writing") && m.contains("wbp.mrc")));
		assertEquals("nothing but the previous file: " + Arrays.toString(dir.list()), Collections.singletonList("wbp.mrc"), Arrays.asList(dir.list()));
		assertEquals("previous", new String(Files.readAllBytes(output.toPath()), StandardCharsets.UTF_8));
	}

	/**
	 * Every command that can run long is SciJava {@link Cancelable}, so that SciJava, scripts
	 * and the launcher can stop it; only the engine check (one tensor operation) is not.
	 */
	@Test
	public void longCommandsAreCancelable() throws ClassNotFoundException {
		CommandRunner runner = new CommandRunner(context);
		int cancelable = 0;
		for (CommandInfo info : runner.commands()) {
			if (!info.getClassName().startsWith("org.tomocn.command.")) continue; // test commands (the launcher's echo)
			boolean c = Cancelable.class.isAssignableFrom(Class.forName(info.getClassName()));
			if (CommandRunner.label(info).equals("Check Engine")) assertFalse(c);
			else assertTrue(CommandRunner.label(info) + " is not Cancelable", c);
			if (c) cancelable++;
		}
		assertTrue("found the commands: " + cancelable, cancelable >= 9);
	}

	/**
	 * Project Volume honours a cancel through SciJava's {@link Cancelable} (what a module's
	 * cancel(reason) calls): the projection stops at its first check, nothing is written, and
	 * the command says it was cancelled and why.
	 */
	@Test
	public void projectVolumeHonoursCancel() throws IOException {
		File dir = tmp.newFolder("project");
		File in = new File(dir, "vol.mrc"), out = new File(dir, "proj.mrc");
		TomoFiles.writeVolume(in.toPath(), new Volume(24, 8, 12, Double.NaN), "test");
		CommandRunner runner = new CommandRunner(context);
		Cancelable[] command = new Cancelable[1];
		try {
			runner.run(runner.find("Project Volume"), keys("volume", in.toString(), "angles", "-60:2:60", "output", out.toString()), Collections.emptyMap(), c -> {
				command[0] = (Cancelable) c;
				command[0].cancel("stopped by the test");
			});
			fail("Project Volume ignored the cancel");
		}
		catch (CancelledException expected) {
			// the launcher prints "Cancelled." and exits 130 for this
		}
		assertTrue(command[0].isCanceled());
		assertEquals("stopped by the test", command[0].getCancelReason());
		assertEquals(Arrays.toString(dir.list()), Collections.singletonList("vol.mrc"), Arrays.asList(dir.list()));
	}

	/** Item 7: a bin that does not divide the projections' size says which pixels it drops. */
	@Test
	public void binThatDoesNotDivideTheSizeWarns() {
		List<String> warnings = Collections.synchronizedList(new ArrayList<>());
		LogService log = context.service(LogService.class);
		org.scijava.log.LogListener listener = m -> {
			if (m.level() <= LogLevel.WARN) warnings.add(m.text());
		};
		log.addLogListener(listener);
		try {
			CommandRunner runner = new CommandRunner(context);
			// 64 x 64 projections, bin 3: 21 x 21 blocks, one column and one row dropped
			runner.run(runner.find("Fourier Inversion"), keys("tilt_series", TS, "angles", TLT, "bin", "3"), Collections.emptyMap());
			assertEquals(warnings.toString(), 1, warnings.size());
			String w = warnings.get(0);
			assertTrue(w, w.contains("bin=3") && w.contains("64 x 64") && w.contains("1 column") && w.contains("1 row"));
			warnings.clear();
			runner.run(runner.find("Fourier Inversion"), keys("tilt_series", TS, "angles", TLT, "bin", "2"), Collections.emptyMap());
			assertEquals("bin 2 divides 64: " + warnings, 0, warnings.size());
		}
		finally {
			log.removeLogListener(listener);
		}
	}
}
