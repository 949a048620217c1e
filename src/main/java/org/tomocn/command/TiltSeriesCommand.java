package org.tomocn.command;

import java.io.File;
import java.nio.file.Path;

import ij.ImagePlus;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.tomocn.core.TiltSeries;
import org.tomocn.io.TomoFiles;
import org.tomocn.recon.InputPreparation;

/**
 * The inputs every command that reads a tilt series shares, declared once: the tilt series
 * (a file, which wins, or the open image), its angles, the thickness and the input
 * preparation keys (applied by {@link InputPreparation}, the one place for them); cancel and
 * progress come from {@link CancelableCommand}. Subclasses add their own keys and call
 * {@link #input()}.
 */
public abstract class TiltSeriesCommand extends CancelableCommand {
	@Parameter(required = false, label = "Tilt series (open image)")
	protected ImagePlus image;

	@Parameter(required = false, label = "Tilt series file (MRC)", description = "An MRC stack, tilt axis = Y; wins over the open image")
	protected File tilt_series;

	@Parameter(required = false, label = "Tilt angles",
		description = "A .tlt file or min:step:max in degrees; empty: the .tlt next to the tilt-series file")
	protected String angles = "";

	@Parameter(required = false, label = "Thickness Z (pixels)", description = "0: the file's TomoCN label, else a quarter of the width")
	protected int thickness = 0;

	@Parameter(required = false, label = "Exclude views", description = "1-based view numbers or ranges (1,5,7-9), or angles (a-60, a50:60)")
	protected String exclude_views = "";

	@Parameter(required = false, label = "Bin", min = "1", description = "Average bin x bin pixels; pixel size x bin, thickness / bin")
	protected int bin = 1;

	@Parameter(required = false, label = "Invert contrast", description = "For dark-on-light data, so that density is positive")
	protected boolean invert = false;

	@Parameter(required = false, label = "Log of raw counts", description = "ln(p + log_offset), as IMOD's LOG")
	protected boolean log = false;

	@Parameter(required = false, label = "Log offset")
	protected double log_offset = 0;

	/**
	 * The tilt series, checked and prepared; fails before any work on bad input. Without
	 * {@code angles}, the angle file found next to the tilt-series file
	 * ({@link TomoFiles#findAngles}) is used and named in the log; warns (LogService) when
	 * {@code bin} crops pixels.
	 */
	protected TiltSeries input() {
		String a = angles;
		if (tilt_series != null && (a == null || a.trim().isEmpty())) {
			Path found = TomoFiles.findAngles(tilt_series.toPath());
			if (logService != null) logService.info("No angles given: using " + found + " for " + tilt_series.getName());
			a = found.toString();
		}
		TiltSeries ts = CommandSupport.tiltSeries(image, tilt_series, a, thickness);
		String crop = InputPreparation.binCropWarning(ts.projections().nx(), ts.projections().ny(), bin);
		if (crop != null && logService != null) logService.warn(crop);
		InputPreparation.Options o = InputPreparation.Options.NONE.withExcludeViews(exclude_views).withBin(bin).withInvert(invert);
		if (log) o = o.withLog(log_offset);
		return InputPreparation.apply(ts, o, source());
	}

	/** How the user knows the tilt series: the file's name, else the image's title. */
	protected String source() {
		return tilt_series != null ? tilt_series.getName() : image != null ? "Image '" + image.getTitle() + "'" : "The tilt series";
	}
}
