package org.tomocn.bench;

import java.util.Locale;

import org.tomocn.cn.CoordinateNetworkEngine;
import org.tomocn.cn.NetworkParameters;
import org.tomocn.cn.NetworkParameters.Preset;
import org.tomocn.cn.NetworkResult;
import org.tomocn.cn.NetworkRunSettings;
import org.tomocn.core.CancelToken;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;

/**
 * The coordinate network ({@link CoordinateNetworkEngine}) as a benchmark method, with one
 * of its presets, seed 1, device chosen automatically (a GPU when DJL sees one). Remembers
 * the device description of its last run for the report's machine section.
 */
public final class NetworkMethod implements BenchMethod {
	private final Preset preset;
	private volatile String lastDevice;

	public NetworkMethod(Preset preset) {
		this.preset = preset;
	}

	public Preset preset() {
		return preset;
	}

	/** The hyperparameters of the benchmark's runs. */
	public NetworkParameters parameters() {
		return NetworkParameters.of(preset).withSeed(1);
	}

	@Override
	public String name() {
		return "CN-" + preset.name().toLowerCase(Locale.ROOT);
	}

	@Override
	public String settings() {
		NetworkParameters o = parameters();
		return String.format(Locale.ROOT, "preset %s: at most %d / %d iterations (fewer when the loss stops improving), %d-row chunks (overlap %d), SIREN %d x %d, "
			+ "omega0 %s, %s, seed %d", preset.name().toLowerCase(Locale.ROOT), o.iterationsFirst(), o.iterationsNext(), o.slicesPerNetwork(), o.overlap(),
			o.hiddenLayers(), o.hiddenFeatures(), o.omega0(), o.amsgrad() ? "AMSGrad" : "Adam", o.seed());
	}

	@Override
	public Volume reconstruct(TiltSeries ts, int threads, CancelToken cancel, ProgressListener progress) {
		NetworkResult r = new CoordinateNetworkEngine(parameters(), NetworkRunSettings.defaults()).run(ts, threads, cancel, progress);
		lastDevice = r.device();
		return r.volume();
	}

	/** The engine's description of the device of the last run (names the PyTorch version), or null if it never ran. */
	public String lastDevice() {
		return lastDevice;
	}

	/** The training work of a run at most, in point-iterations ({@link CoordinateNetworkEngine#pointIterationBound}); used only to predict a run's time from a measured one. */
	public double work(TiltGeometry g) {
		return CoordinateNetworkEngine.pointIterationBound(g, parameters());
	}
}
