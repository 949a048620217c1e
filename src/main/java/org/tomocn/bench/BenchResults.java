package org.tomocn.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything a benchmark run measured, in the order it ran; the report is written from this alone. */
public final class BenchResults {
	final BenchConfig config;
	final Map<String, String> machine;
	final String started, loadAtStart;
	String loadAtEnd, networkDevice;
	double totalSeconds;
	final List<MethodRun> figure4 = new ArrayList<>(), alphaSweep = new ArrayList<>(), betaSweep = new ArrayList<>();

	BenchResults(BenchConfig config, Map<String, String> machine, String started, String loadAtStart) {
		this.config = config;
		this.machine = new LinkedHashMap<>(machine);
		this.started = started;
		this.loadAtStart = loadAtStart;
	}

	public BenchConfig config() {
		return config;
	}

	/** The machine section (name, value), including the network's device when it ran. */
	public Map<String, String> machine() {
		return Collections.unmodifiableMap(machine);
	}

	/** ISO-8601 UTC time the run started. */
	public String started() {
		return started;
	}

	/** /proc/loadavg's 1, 5, 15-minute load averages at the start and at the end. */
	public String loadAtStart() {
		return loadAtStart;
	}

	public String loadAtEnd() {
		return loadAtEnd;
	}

	/** The coordinate network's device description (names the PyTorch version), or null when it did not run. */
	public String networkDevice() {
		return networkDevice;
	}

	/** Wall-clock seconds of the whole run (data, reconstructions, metrics, plots). */
	public double totalSeconds() {
		return totalSeconds;
	}

	/** The Figure-4 runs: every data set with every method at the default acquisition. */
	public List<MethodRun> figure4() {
		return Collections.unmodifiableList(figure4);
	}

	/** The tilt-step sweep (maximum tilt fixed at the default). */
	public List<MethodRun> alphaSweep() {
		return Collections.unmodifiableList(alphaSweep);
	}

	/** The maximum-tilt sweep (tilt step fixed at the default). */
	public List<MethodRun> betaSweep() {
		return Collections.unmodifiableList(betaSweep);
	}
}
