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
import org.tomocn.fusion.NetworkFusion;

/**
 * The coordinate network ({@link CoordinateNetworkEngine}) as a benchmark method, with one
 * of its presets and its default settings (which adapt to noisy data), seed 1, device chosen
 * automatically (a GPU when DJL sees one), optionally fused with Fourier inversion
 * ({@link NetworkFusion}). Remembers the device description of its last run for the
 * report's machine section, and its volumes: the fused method reuses the network volume of
 * the same tilt series instead of fitting it again, so its time is the fusion's.
 */
public final class NetworkMethod implements BenchMethod {
	private final Preset preset;
	private final NetworkMethod network;
	private volatile String lastDevice;
	/** The volumes of this method's runs by tilt series (the same objects), for the fused method. */
	private final java.util.Map<TiltSeries, Volume> volumes = new java.util.IdentityHashMap<>();

	public NetworkMethod(Preset preset) {
		this.preset = preset;
		this.network = null;
	}

	private NetworkMethod(NetworkMethod network) {
		this.preset = network.preset;
		this.network = network;
	}

	/** This network's volume fused with Fourier inversion of the same tilt series (reusing this method's volume when it has one for that series). */
	public NetworkMethod fusedWithFourierInversion() {
		return new NetworkMethod(this);
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
		return "CN-" + preset.name().toLowerCase(Locale.ROOT) + (network == null ? "" : "+FI fusion");
	}

	@Override
	public String settings() {
		NetworkParameters o = parameters();
		return String.format(Locale.ROOT, "preset %s: at most %d / %s iterations (fewer when the loss stops improving), %d-row chunks (overlap %s), SIREN %d x %d, "
			+ "omega0 %s, %s, seed %d", preset.name().toLowerCase(Locale.ROOT), o.iterationsFirst(),
			o.iterationsNext().isPresent() ? o.iterationsNext().getAsInt() : "automatic", o.slicesPerNetwork(),
			o.overlap().isPresent() ? o.overlap().getAsInt() : "automatic", o.hiddenLayers(), o.hiddenFeatures(),
			o.omega0().isPresent() ? o.omega0().getAsDouble() : "automatic", o.amsgrad() ? "AMSGrad" : "Adam", o.seed()) +
			(network == null ? "" : "; fused with Fourier inversion per Fourier shell and region (Frequency Fusion, weights from the two volumes' agreement when the series is noise-free, from Fourier inversion's half sets when it is noisy)");
	}

	@Override
	public Volume reconstruct(TiltSeries ts, int threads, CancelToken cancel, ProgressListener progress) {
		if (network != null) {
			Volume v = network.volumeOf(ts);
			if (v == null) v = network.reconstruct(ts, threads, cancel, progress);
			lastDevice = network.lastDevice();
			return NetworkFusion.FOURIER.apply(v, ts, threads, cancel, progress);
		}
		CoordinateNetworkEngine engine = new CoordinateNetworkEngine(parameters(), NetworkRunSettings.defaults());
		lastDevice = engine.device(); // known even when the run is stopped by the budget
		NetworkResult r = engine.run(ts, threads, cancel, progress);
		synchronized (this) {
			volumes.put(ts, r.volume());
		}
		return r.volume();
	}

	/** A copy of the volume of this method's run of {@code ts} (the same object), or null when it has none. */
	private synchronized Volume volumeOf(TiltSeries ts) {
		Volume v = volumes.get(ts);
		return v == null ? null : new Volume(v.data().clone(), v.nx(), v.ny(), v.nz(), v.pixelSize());
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
