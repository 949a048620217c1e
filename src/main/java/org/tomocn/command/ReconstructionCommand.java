package org.tomocn.command;

import java.io.File;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.widget.FileWidget;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.ij.ImagePlusConverter;

/** A command that reconstructs a volume: the shared tilt-series inputs plus the output file and image. */
public abstract class ReconstructionCommand extends TiltSeriesCommand {
	@Parameter(required = false, label = "Output volume (MRC)", style = FileWidget.SAVE_STYLE, description = "Empty: don't write")
	protected File output;

	@Parameter(type = ItemIO.OUTPUT)
	protected ImagePlus volume;

	/** The prepared tilt series; also fails before any work when the output would be invalid. */
	@Override
	protected TiltSeries input() {
		CommandSupport.checkMrcOutput(output, "output", tilt_series);
		return super.input();
	}

	/** Writes the volume when asked and sets the output image. */
	protected void finish(Volume v, String what) {
		if (output != null) progress(what).progress(1, "Writing " + output);
		CommandSupport.writeVolume(output, v, what, cancel);
		String source = tilt_series != null ? tilt_series.getName() : image != null ? image.getTitle() : "tilt series";
		volume = ImagePlusConverter.toImagePlus(v, what + " of " + source);
	}
}
