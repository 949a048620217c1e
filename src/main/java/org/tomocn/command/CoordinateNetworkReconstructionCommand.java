package org.tomocn.command;

import java.io.File;
import java.util.function.BiFunction;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.tomocn.cn.ChunkReport;
import org.tomocn.cn.NetworkParameters;
import org.tomocn.cn.NetworkResult;
import org.tomocn.cn.NetworkRunSettings;
import org.tomocn.core.Parallel;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.fusion.FrequencyFusion;
import org.tomocn.fusion.NetworkFusion;
import org.tomocn.core.TomoInputException;
import org.tomocn.service.CoordinateNetworkService;

/**
 * Missing-wedge completion with coordinate networks (paper sections 2.2 and 2.4): a SIREN
 * fitted per chunk of y rows so that its projections match the measured ones. The
 * {@code preset} supplies every hyperparameter; a key given a value overrides the preset's,
 * an empty key keeps it. (The overridable keys are text so that "not given" exists in
 * Fiji's dialog too, where a number field always holds a number.)
 */
@Plugin(type = Command.class, menuPath = "Plugins>Tomography>Coordinate Network Reconstruction...")
public class CoordinateNetworkReconstructionCommand extends ReconstructionCommand {
	@Parameter(required = false, label = "Preset", choices = { "faithful", "fast" },
		description = "faithful: the authors' recipe (at most 2000/400 iterations, width 256, AMSGrad); fast: width 128, at most 1000/100, Adam")
	private String preset = "faithful";

	@Parameter(required = false, label = "Iterations, first chunk", description = "Upper bound; empty: the preset's (2000 / 1000)")
	private String iterations_first = "";

	@Parameter(required = false, label = "Iterations, later chunks", description = "Upper bound; empty: the preset's (400 / 100; fast on noise-free data from 128 to 256 px of width: 60)")
	private String iterations_next = "";

	@Parameter(required = false, label = "Slices per network", description = "y rows per chunk; empty: the preset's (2)")
	private String slices_per_network = "";

	@Parameter(required = false, label = "Hidden layers", description = "Hidden sine layers; empty: the preset's (4)")
	private String hidden_layers = "";

	@Parameter(required = false, label = "Hidden features", description = "Width of the hidden layers; empty: the preset's (256 / 128)")
	private String hidden_features = "";

	@Parameter(required = false, label = "omega0", description = "SIREN frequency factor; empty: automatic, 30 (the paper's) except fast on noisy data: 10 per 63 pixels of width, at most 30")
	private String omega0 = "";

	@Parameter(required = false, label = "TV lambda",
		description = "Total-variation weight (the authors use 1 for real data); empty: automatic, 0 for noise-free data; for noisy data (estimated SNR below 100) 0.3 with faithful, 0.15 with fast")
	private String tv_lambda = "";

	@Parameter(required = false, label = "Overlap (slices)", description = "Overlapping y rows blended between chunks; empty: automatic, 0 except fast on noisy data: 1")
	private String overlap = "";

	@Parameter(required = false, label = "Held-out views", choices = { "auto", "on", "off" },
		description = "Fit 7 of every 8 views and stop each fit where the loss on the others is lowest; auto: only when the data are noisy (estimated SNR below 100); off (default): noise is handled by the smoothness term")
	private String held_out = "off";

	@Parameter(required = false, label = "Network binning", min = "1", max = "8",
		description = "Fit the network to the tilt series binned N x N and interpolate its volume back to full size; with fusion the classic reconstruction adds the fine detail. "
			+ "On noisy series 512 px wide, 2 with fusion=fourier matched the unbinned network fused in a quarter of the time; 1: off")
	private int network_bin = 1;

	@Parameter(required = false, label = "Random seed")
	private long seed = 0;

	@Parameter(required = false, label = "Ensemble (fits)", min = "1", max = "16",
		description = "Fit the whole volume this many times from the seeds seed, seed+1, ... and write their mean: on noise-free data 1-3 dB better for 2-3 times the time; 1: one fit")
	private int ensemble = 1;

	@Parameter(required = false, label = "Threads",
		description = "CPU threads for PyTorch and the projector; 0: all cores. Leave cores free for other programs: PyTorch slows down badly when the CPU is oversubscribed")
	private int threads = 0;

	@Parameter(required = false, label = "Device", choices = { "auto", "cpu", "gpu" })
	private String device = "auto";

	@Parameter(required = false, label = "Work folder", style = FileWidget.DIRECTORY_STYLE,
		description = "Checkpoints of finished chunks (for resume); empty: none")
	private File work_dir;

	@Parameter(required = false, label = "Resume", description = "Continue from the checkpoints in the work folder")
	private boolean resume = false;

	@Parameter(required = false, label = "Preview rows", description = "Fit only the N central y rows first; 0: the whole volume")
	private int preview = 0;

	@Parameter(required = false, label = "Fusion", choices = { "none", "fourier", "wbp" },
		description = "Fuse with a classic reconstruction before writing (Frequency Fusion): the classic where views were measured, the network in the missing wedge")
	private String fusion = "none";

	@Parameter
	private CoordinateNetworkService network;

	@Parameter(type = ItemIO.OUTPUT)
	private String device_used;

	@Override
	protected void execute() {
		NetworkParameters p = parameters();
		NetworkFusion fuse = NetworkFusion.parse(fusion);
		NetworkRunSettings s = NetworkRunSettings.defaults().withDevice(NetworkRunSettings.DeviceChoice.parse(device)).withResume(resume).withPreview(preview)
			.withEnsemble(ensemble);
		if (work_dir != null) s = s.withWorkDir(work_dir.toPath());
		int t = threads == 0 ? Parallel.defaultThreads() : threads;
		TiltSeries ts = input();
		NetworkResult r = network.reconstruct(ts, p, s, t, progress("Coordinate network"), cancel);
		device_used = r.device();
		if (logService != null) for (ChunkReport c : r.chunkReports()) logService.info(c.toString());
		Volume v = r.volume();
		if (fuse != NetworkFusion.NONE) {
			FrequencyFusion.Result f = fuse.fuse(v, ts, t, cancel, progress("Frequency fusion"));
			if (logService != null) logService.info("Frequency fusion with " + fusion.trim() + ": " + f.weights().summary());
			v = f.volume();
		}
		finish(v, "Coordinate network (" + preset + (fuse == NetworkFusion.NONE ? ")" : ", fused with " + fusion.trim() + ")"));
	}

	/** The preset with every key that was given a value. */
	private NetworkParameters parameters() {
		NetworkParameters p = NetworkParameters.of(NetworkParameters.Preset.parse(preset)).withSeed(seed).withHeldOut(NetworkParameters.HeldOut.parse(held_out))
			.withNetworkBin(network_bin);
		p = override(p, "iterations_first", iterations_first, Integer::parseInt, NetworkParameters::withIterationsFirst);
		p = override(p, "iterations_next", iterations_next, Integer::parseInt, NetworkParameters::withIterationsNext);
		p = override(p, "slices_per_network", slices_per_network, Integer::parseInt, NetworkParameters::withSlicesPerNetwork);
		p = override(p, "hidden_layers", hidden_layers, Integer::parseInt, NetworkParameters::withHiddenLayers);
		p = override(p, "hidden_features", hidden_features, Integer::parseInt, NetworkParameters::withHiddenFeatures);
		p = override(p, "omega0", omega0, Double::parseDouble, NetworkParameters::withOmega0);
		p = override(p, "tv_lambda", tv_lambda, Double::parseDouble, NetworkParameters::withTvLambda);
		return override(p, "overlap", overlap, Integer::parseInt, NetworkParameters::withOverlap);
	}

	/** {@code p} with {@code text} parsed and applied, or {@code p} when the key is empty; a value that is not a number is refused naming the key. */
	private static <T> NetworkParameters override(NetworkParameters p, String key, String text, java.util.function.Function<String, T> parse,
		BiFunction<NetworkParameters, T, NetworkParameters> with)
	{
		if (text == null || text.trim().isEmpty()) return p;
		try {
			return with.apply(p, parse.apply(text.trim()));
		}
		catch (NumberFormatException e) {
			throw new TomoInputException(key + " must be a number (or empty for the preset's value), got '" + text + "'");
		}
	}
}
