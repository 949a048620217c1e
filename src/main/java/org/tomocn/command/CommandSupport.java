package org.tomocn.command;

import java.io.File;
import java.nio.file.Path;

import ij.ImagePlus;

import org.scijava.app.StatusService;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;
import org.tomocn.geometry.TiltGeometry;
import org.tomocn.ij.ImagePlusConverter;
import org.tomocn.io.AtomicFiles;
import org.tomocn.io.TiltAngles;
import org.tomocn.io.TomoFiles;

/**
 * What TomoCN's commands share: reading the tilt series from a file or the open image,
 * writing outputs without overwriting inputs, and reporting progress to the status bar.
 * Static helpers, so that each command stays a few lines of wiring.
 */
public final class CommandSupport {
	private CommandSupport() {}

	/**
	 * The tilt series from {@code file} when one is given (the file wins), else from the open
	 * {@code image} (a stack, one slice per projection, pixel size from its calibration).
	 *
	 * @param angles a range {@code min:step:max} or a {@code .tlt} path; for a file, blank
	 *          means the {@code .tlt} next to it
	 * @param thickness the volume thickness Z in pixels; {@code <= 0} for the default
	 */
	public static TiltSeries tiltSeries(ImagePlus image, File file, String angles, int thickness) {
		if (file != null) return TomoFiles.readTiltSeries(file.toPath(), angles, thickness);
		if (image == null) throw new TomoInputException("No tilt series: give tilt_series (an MRC file) or open the tilt series as an image");
		if (angles == null || angles.trim().isEmpty()) {
			throw new TomoInputException("Image '" + image.getTitle() + "' needs tilt angles: give angles as a .tlt file or a range such as -60:2:60");
		}
		Volume p = ImagePlusConverter.toVolume(image);
		double[] a = TiltAngles.parse(angles);
		TiltAngles.check(a.length, p.nz(), TiltAngles.describe(angles), "image '" + image.getTitle() + "'");
		int z = thickness > 0 ? thickness : TomoFiles.defaultThickness(p.nx());
		return new TiltSeries(p, new TiltGeometry(a, p.nx(), p.ny(), z, p.pixelSize()));
	}

	/** Fails before any work when an output would overwrite one of the inputs. */
	public static void checkOutput(File output, File... inputs) {
		if (output == null) return;
		Path[] in = new Path[inputs.length];
		int n = 0;
		for (File f : inputs) if (f != null) in[n++] = f.toPath();
		AtomicFiles.requireNotSame(output.toPath(), java.util.Arrays.copyOf(in, n));
		TomoFiles.requireMrc(output.toPath());
	}

	/** Writes {@code volume} to {@code output} (atomically) when an output file was asked for. */
	public static void writeVolume(File output, Volume volume, String label) {
		if (output != null) TomoFiles.writeVolume(output.toPath(), volume, label);
	}

	/** Progress to the status bar (Fiji) or nowhere (headless, no status service). */
	public static ProgressListener progress(StatusService status, String what) {
		if (status == null) return ProgressListener.NONE;
		return (fraction, message) -> {
			if (fraction >= 0) status.showProgress((int) Math.round(1000 * fraction), 1000);
			status.showStatus(what + ": " + message);
		};
	}
}
