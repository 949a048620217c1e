package org.tomocn.command;

import java.io.File;
import java.util.Collections;

import ij.ImagePlus;
import ij.gui.Plot;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.tomocn.core.Parallel;
import org.tomocn.core.TomoInputException;
import org.tomocn.halfset.HalfSetFsc;
import org.tomocn.ij.FscPlot;
import org.tomocn.metrics.FscCsv;
import org.tomocn.metrics.FscResult;
import org.tomocn.metrics.NamedFsc;
import org.tomocn.recon.ClassicMethod;
import org.tomocn.recon.Reconstructor;
import org.tomocn.cn.CoordinateNetworkEngine;
import org.tomocn.cn.NetworkParameters;
import org.tomocn.cn.NetworkRunSettings;

/**
 * Resolution without a ground truth: reconstructs the two halves of the views, interleaved by
 * tilt angle ({@link HalfSetFsc#split}), separately with the chosen method and reports the
 * FSC between the halves at the 0.143 criterion.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Tomography>Half-Set FSC...")
public class HalfSetFscCommand extends TiltSeriesCommand {
	@Parameter(required = false, label = "Method", choices = { "wbp", "sirt", "fourier", "network" },
		description = "wbp: Ram-Lak WBP; sirt: 20 SIRT iterations; fourier: Fourier inversion; network: the coordinate network")
	private String method = "wbp";

	@Parameter(required = false, label = "Network preset", choices = { "fast", "faithful" }, description = "Only for method=network")
	private String preset = "fast";

	@Parameter(required = false, label = "CSV output", style = FileWidget.SAVE_STYLE, description = "Empty: don't write")
	private File csv;

	@Parameter(required = false, label = "PNG output", style = FileWidget.SAVE_STYLE, description = "Empty: don't write")
	private File png;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus fsc_plot;

	@Parameter(type = ItemIO.OUTPUT)
	private String resolution;

	@Override
	protected void execute() {
		CommandSupport.checkOutput(csv, "csv", tilt_series);
		CommandSupport.checkOutput(png, "png", tilt_series);
		Reconstructor r = "network".equalsIgnoreCase(method.trim()) ? networkMethod() : method(method);
		HalfSetFsc.Result h = HalfSetFsc.compute(input(), r, Parallel.defaultThreads(), cancel, progress("Half-set FSC"));
		NamedFsc curve = new NamedFsc("half sets (" + method + ")", h.fsc);
		resolution = h.fsc.formatResolution(FscResult.THRESHOLD_HALF_SETS);
		Plot plot = FscPlot.create(Collections.singletonList(curve), false, FscResult.THRESHOLD_HALF_SETS, "0.143 (half sets)");
		if (csv != null) FscCsv.write(csv.toPath(), h.fsc);
		if (png != null) FscPlot.savePng(plot, png.toPath());
		fsc_plot = plot.getImagePlus();
	}

	/** The coordinate network with the chosen preset. */
	private Reconstructor networkMethod() {
		return new CoordinateNetworkEngine(NetworkParameters.of(NetworkParameters.Preset.parse(preset)), NetworkRunSettings.defaults());
	}

	static Reconstructor method(String name) {
		ClassicMethod m = ClassicMethod.named(name);
		if (m == null) throw new TomoInputException("method must be wbp, sirt, fourier or network; got '" + name + "'");
		return m.reconstructor();
	}
}
