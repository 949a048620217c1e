package org.tomocn.command;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.gui.Plot;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.tomocn.core.Parallel;
import org.tomocn.core.Volume;
import org.tomocn.ij.FscPlot;
import org.tomocn.metrics.FourierShellCorrelation;
import org.tomocn.metrics.FscCsv;
import org.tomocn.metrics.FscResult;
import org.tomocn.metrics.NamedFsc;

/**
 * FSC of one or several volumes against a reference (paper section 2.6.1), with the
 * directional present/missing-region curves when the tilt angles are given; draws the plot
 * with the 0.5 threshold and optionally writes it as PNG and the curves as CSV.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Tomography>Fourier Shell Correlation...")
public class FourierShellCorrelationCommand extends CancelableCommand {
	@Parameter(required = false, label = "Volume (open image)")
	private ImagePlus image;

	@Parameter(required = false, label = "Volume file(s)", description = "MRC volume(s); several separated by ';' share one plot. Wins over the open image")
	private String volume = "";

	@Parameter(label = "Reference volume (MRC)", description = "The ground truth or reference, same size as the volumes")
	private File reference;

	@Parameter(required = false, label = "Tilt angles", description = "A .tlt file or min:step:max; gives the present/missing-region curves")
	private String angles = "";

	@Parameter(required = false, label = "CSV output", style = FileWidget.SAVE_STYLE, description = "Empty: don't write")
	private File csv;

	@Parameter(required = false, label = "PNG output", style = FileWidget.SAVE_STYLE, description = "Empty: don't write")
	private File png;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus fsc_plot;

	@Parameter(type = ItemIO.OUTPUT)
	private String resolution;

	/** The first volume's mFSC; null (not printed) without angles, as mFSC needs them. */
	@Parameter(type = ItemIO.OUTPUT)
	private Double mfsc;

	@Override
	protected void execute() {
		CommandSupport.checkDistinct(csv, "csv", png, "png");
		List<CommandSupport.NamedVolume> volumes = CommandSupport.volumes(image, volume);
		File[] inputs = CommandSupport.files(volumes, reference);
		CommandSupport.checkOutput(csv, "csv", inputs);
		CommandSupport.checkOutput(png, "png", inputs);
		Volume ref = CommandSupport.readVolume(reference);
		double[] a = CommandSupport.anglesOrNull(angles);
		List<NamedFsc> curves = new ArrayList<>();
		StringBuilder res = new StringBuilder();
		for (CommandSupport.NamedVolume v : volumes) {
			FscResult r = FourierShellCorrelation.compute(v.volume, v.name, ref, reference.getName(), a, Parallel.defaultThreads(), cancel);
			curves.add(new NamedFsc(v.name, r));
			if (res.length() > 0) res.append("; ");
			res.append(v.name).append(": ").append(r.formatResolution(FscResult.THRESHOLD_REFERENCE));
			if (a != null) res.append(String.format(java.util.Locale.ROOT, ", mFSC %.3f", r.mfsc()));
		}
		resolution = res.toString();
		mfsc = a == null ? null : curves.get(0).result().mfsc();
		Plot plot = FscPlot.create(curves, a != null, FscResult.THRESHOLD_REFERENCE, "0.5 (reference)");
		if (csv != null) FscCsv.write(csv.toPath(), curves);
		if (png != null) FscPlot.savePng(plot, png.toPath());
		if (logService != null) logService.info("FSC against " + reference.getName() + ": " + resolution);
		fsc_plot = plot.getImagePlus();
	}
}
