package org.tomocn.command;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.Rule;
import org.junit.rules.TemporaryFolder;
import org.tomocn.cli.Launcher;

/** In-process launcher calls for command tests: {@link #launch} keeps what the call printed in {@link #out} and {@link #err}. */
public abstract class LauncherTestBase {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	static final String DATA = "tilt_series=test-data/tilt_series.mrc angles=test-data/tilt_angles.tlt";

	String out, err;

	/** Runs {@code --run label options} and returns the exit code. */
	int launch(String label, String options) {
		ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
		int code = Launcher.run(new String[] { "--run", label, options }, new PrintStream(o, true), new PrintStream(e, true));
		out = o.toString(StandardCharsets.UTF_8);
		err = e.toString(StandardCharsets.UTF_8);
		return code;
	}
}
