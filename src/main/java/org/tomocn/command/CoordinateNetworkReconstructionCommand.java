package org.tomocn.command;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.tomocn.cn.ChunkReport;
import org.tomocn.cn.CoordinateNetworkOptions;
import org.tomocn.service.CoordinateNetworkService;

/**
 * Missing-wedge completion with coordinate networks (paper sections 2.2 and 2.4): a SIREN
 * fitted per chunk of y rows so that its projections match the measured ones. The
 * {@code preset} supplies every default; a key given explicitly (any value other than -1)
 * overrides the preset's.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Tomography>Coordinate Network Reconstruction...")
public class CoordinateNetworkReconstructionCommand extends ReconstructionCommand {
	@Parameter(required = false, label = "Preset", choices = { "faithful", "fast" },
		description = "faithful: the authors' recipe (2000/400 iterations, 2-slice chunks); fast: cheaper, see the README")
	private String preset = "faithful";

	@Parameter(required = false, label = "Iterations, first chunk", description = "-1: the preset's")
	private int iterations_first = -1;

	@Parameter(required = false, label = "Iterations, later chunks", description = "-1: the preset's")
	private int iterations_next = -1;

	@Parameter(required = false, label = "Slices per network", description = "y rows per chunk; -1: the preset's")
	private int slices_per_network = -1;

	@Parameter(required = false, label = "Hidden layers", description = "256 -> 256 sine layers; -1: the preset's (4)")
	private int hidden_layers = -1;

	@Parameter(required = false, label = "Hidden features", description = "-1: the preset's (256)")
	private int hidden_features = -1;

	@Parameter(required = false, label = "omega0", description = "SIREN frequency factor; -1: the preset's (30)")
	private double omega0 = -1;

	@Parameter(required = false, label = "TV lambda", description = "Total-variation weight; -1: the preset's (0; the paper uses 1 for real data)")
	private double tv_lambda = -1;

	@Parameter(required = false, label = "Overlap (slices)", description = "Overlapping y rows blended between chunks; -1: the preset's")
	private int overlap = -1;

	@Parameter(required = false, label = "Random seed")
	private long seed = 0;

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

	@Parameter(required = false)
	private LogService log;

	@Parameter(type = ItemIO.OUTPUT)
	private String device_used;

	@Override
	protected void execute() {
		CoordinateNetworkOptions o = new CoordinateNetworkOptions().preset(CoordinateNetworkOptions.Preset.parse(preset))
			.seed(seed).device(CoordinateNetworkOptions.DeviceChoice.parse(device)).resume(resume).preview(preview);
		if (iterations_first != -1) o.iterationsFirst(iterations_first);
		if (iterations_next != -1) o.iterationsNext(iterations_next);
		if (slices_per_network != -1) o.slicesPerNetwork(slices_per_network);
		if (hidden_layers != -1) o.hiddenLayers(hidden_layers);
		if (hidden_features != -1) o.hiddenFeatures(hidden_features);
		if (omega0 != -1) o.omega0(omega0);
		if (tv_lambda != -1) o.tvLambda(tv_lambda);
		if (overlap != -1) o.overlap(overlap);
		if (work_dir != null) o.workDir(work_dir.toPath());
		if (threads != 0) o.threads(threads);
		org.tomocn.fusion.NetworkFusion fuse = org.tomocn.fusion.NetworkFusion.parse(fusion);
		org.tomocn.core.TiltSeries ts = input();
		org.tomocn.core.Volume v = network.reconstruct(ts, o, progress("Coordinate network"), cancel);
		device_used = network.lastDeviceDescription();
		if (log != null) {
			log.info("Coordinate network on " + device_used);
			for (ChunkReport r : network.lastChunkReports()) log.info(r.toString());
		}
		v = fuse.apply(v, ts, threads > 0 ? threads : org.tomocn.core.Parallel.defaultThreads(), cancel, progress("Frequency fusion"));
		finish(v, "Coordinate network (" + preset + (fuse == org.tomocn.fusion.NetworkFusion.NONE ? ")" : ", fused with " + fusion.trim() + ")"));
	}
}
