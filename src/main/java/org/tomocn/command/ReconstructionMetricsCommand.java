package org.tomocn.command;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.tomocn.core.Parallel;
import org.tomocn.core.Volume;
import org.tomocn.metrics.FourierShellCorrelation;
import org.tomocn.metrics.MetricMode;
import org.tomocn.metrics.MetricsCsv;
import org.tomocn.metrics.MetricsResult;
import org.tomocn.metrics.VoxelMetrics;

/**
 * PSNR, SSIM and VIF of one or several volumes against a reference (paper section 2.6.2),
 * in the mode the conventions define (matched by default), plus mFSC when the tilt angles
 * are given. One row per volume.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Tomography>Reconstruction Metrics...")
public class ReconstructionMetricsCommand extends CancelableCommand {
	@Parameter(required = false, label = "Volume (open image)")
	private ImagePlus image;

	@Parameter(required = false, label = "Volume file(s)", description = "MRC volume(s), several separated by ';'. Wins over the open image")
	private String volume = "";

	@Parameter(label = "Reference volume (MRC)")
	private File reference;

	@Parameter(required = false, label = "Mode", choices = { "matched", "raw", "paper" },
		description = "matched: mean/std matched to the reference; raw: as is; paper: the authors' code's protocol")
	private String mode = "matched";

	@Parameter(required = false, label = "Tilt angles", description = "A .tlt file or min:step:max; adds the mFSC column")
	private String angles = "";

	@Parameter(required = false, label = "CSV output", style = FileWidget.SAVE_STYLE, description = "Empty: don't write")
	private File csv;

	@Parameter(type = ItemIO.OUTPUT)
	private ResultsTable metrics;

	@Override
	protected void execute() {
		MetricMode m = MetricMode.fromName(mode);
		List<CommandSupport.NamedVolume> volumes = CommandSupport.volumes(image, volume);
		CommandSupport.checkOutput(csv, "csv", CommandSupport.files(volumes, reference));
		Volume ref = CommandSupport.readVolume(reference);
		double[] a = CommandSupport.anglesOrNull(angles);
		int threads = Parallel.defaultThreads();
		List<MetricsCsv.Row> rows = new ArrayList<>();
		ResultsTable table = new ResultsTable();
		for (CommandSupport.NamedVolume v : volumes) {
			MetricsResult r = VoxelMetrics.compute(v.volume, v.name, ref, reference.getName(), m, threads, cancel);
			double mfsc = a == null ? Double.NaN : FourierShellCorrelation.compute(v.volume, v.name, ref, reference.getName(), a, threads, cancel).mfsc();
			rows.add(new MetricsCsv.Row(v.name, r, mfsc));
			table.incrementCounter();
			table.addValue("volume", v.name);
			table.addValue("mode", m.key());
			table.addValue("psnr", r.psnr());
			table.addValue("ssim", r.ssim());
			table.addValue("vif", r.vif());
			if (a != null) table.addValue("mfsc", mfsc);
		}
		if (csv != null) MetricsCsv.write(csv.toPath(), rows, a != null);
		metrics = table;
	}
}
