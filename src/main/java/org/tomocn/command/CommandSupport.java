package org.tomocn.command;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;

import org.scijava.app.StatusService;
import org.tomocn.core.CancelToken;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;
import org.tomocn.ij.ImagePlusConverter;
import org.tomocn.ij.MrcImporter;
import org.tomocn.ij.Screen;
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
		if (thickness < 0) throw new TomoInputException("thickness=" + thickness + ": give the volume thickness in pixels, or 0 for the default (the file's label, else a quarter of the width)");
		if (file != null) return TomoFiles.readTiltSeries(file.toPath(), angles, thickness);
		if (image == null) throw new TomoInputException("No tilt series: give tilt_series (an MRC file) or open the tilt series as an image");
		if (angles == null || angles.trim().isEmpty()) {
			throw new TomoInputException("Image '" + image.getTitle() + "' needs tilt angles: give angles as a .tlt file or a range such as -60:2:60");
		}
		Volume p = ImagePlusConverter.toVolume(image);
		double[] a = TiltAngles.parse(angles);
		TiltAngles.check(a.length, p.nz(), TiltAngles.describe(angles), "image '" + image.getTitle() + "'");
		// an image opened with TomoCN's MRC importer keeps the file's labels in its Info
		List<String> labels = MrcImporter.labels(image);
		int z = thickness > 0 ? thickness : TomoFiles.labelThickness(labels, TomoFiles.defaultThickness(p.nx()));
		return new TiltSeries(p, new TiltGeometry(a, p.nx(), p.ny(), z, p.pixelSize()), TomoFiles.labelScale(labels));
	}

	/**
	 * Fails before any work when an output would overwrite one of the inputs, is a folder, or
	 * its folder does not exist or is not writable: the one check of every command's outputs.
	 *
	 * @param key the parameter name, for the message
	 */
	public static void checkOutput(File output, String key, File... inputs) {
		if (output == null) return;
		List<Path> in = new ArrayList<>();
		for (File f : inputs) if (f != null) in.add(f.toPath());
		AtomicFiles.requireNotSame(output.toPath(), in.toArray(new Path[0]));
		AtomicFiles.requireWritable(output.toPath(), key + "=" + output);
	}

	/** As {@link #checkOutput} for an output folder that is created when missing. */
	public static void checkOutputFolder(File dir, String key) {
		if (dir != null) AtomicFiles.requireWritableFolder(dir.toPath(), key + "=" + dir);
	}

	/** Fails when two output keys name the same file (one would replace the other). */
	public static void checkDistinct(File a, String keyA, File b, String keyB) {
		if (a == null || b == null) return;
		if (a.toPath().toAbsolutePath().normalize().equals(b.toPath().toAbsolutePath().normalize())) {
			throw new TomoInputException(keyA + " and " + keyB + " are the same file " + a + "; give each its own file");
		}
	}

	/** {@link #checkOutput} for an MRC output (the name must end in .mrc, .rec, ...). */
	public static void checkMrcOutput(File output, String key, File... inputs) {
		checkOutput(output, key, inputs);
		if (output != null) TomoFiles.requireMrc(output.toPath());
	}

	/** A volume read from an MRC file; the parameter is required. */
	public static Volume readVolume(File file) {
		if (file == null) throw new TomoInputException("No reference volume given");
		return TomoFiles.readVolume(file.toPath());
	}

	/** Tilt angles from a range or a file, or null when {@code spec} is blank. */
	public static double[] anglesOrNull(String spec) {
		return spec == null || spec.trim().isEmpty() ? null : TiltAngles.parse(spec);
	}

	/** A volume with the name it goes by in plots and tables (its file name or image title). */
	public static final class NamedVolume {
		public final String name;
		public final Volume volume;
		public final File file;

		NamedVolume(String name, Volume volume, File file) {
			this.name = name;
			this.volume = volume;
			this.file = file;
		}
	}

	/**
	 * The volumes named in {@code files} (MRC paths separated by ';', conventions "Names users
	 * see"), or else the open {@code image}.
	 */
	public static List<NamedVolume> volumes(ImagePlus image, String files) {
		List<NamedVolume> list = new ArrayList<>();
		if (files != null && !files.trim().isEmpty()) {
			for (String f : files.split(";")) {
				if (f.trim().isEmpty()) continue;
				File file = new File(f.trim());
				list.add(new NamedVolume(file.getName(), TomoFiles.readVolume(file.toPath()), file));
			}
		}
		else if (image != null) {
			list.add(new NamedVolume(image.getTitle(), ImagePlusConverter.toVolume(image), null));
		}
		if (list.isEmpty()) throw new TomoInputException("No volume: give volume (MRC files separated by ';') or open a volume as an image");
		return list;
	}

	/** The input files among {@code volumes}, plus {@code more}, for {@link #checkOutput}. */
	public static File[] files(List<NamedVolume> volumes, File... more) {
		List<File> f = new ArrayList<>();
		for (NamedVolume v : volumes) if (v.file != null) f.add(v.file);
		for (File m : more) if (m != null) f.add(m);
		return f.toArray(new File[0]);
	}

	/**
	 * Writes {@code volume} to {@code output} (atomically) when an output file was asked for; a
	 * cancel during writing leaves no file (the previous one, if any, unchanged).
	 */
	public static void writeVolume(File output, Volume volume, String label, CancelToken cancel) {
		if (output != null) TomoFiles.writeVolume(output.toPath(), volume, label, cancel);
	}

	/**
	 * Progress to the status bar (Fiji) or nowhere (headless, no status service). With an
	 * ImageJ window open, Esc cancels {@code cancel} at the next progress report (engines
	 * report at least once per y row or iteration, so within a second).
	 */
	public static ProgressListener progress(StatusService status, String what, CancelToken cancel) {
		boolean gui = Screen.someoneAtTheScreen();
		return (fraction, message) -> {
			if (gui && IJ.escapePressed()) {
				IJ.resetEscape();
				cancel.cancel();
			}
			if (status == null) return;
			if (fraction >= 0) status.showProgress((int) Math.round(1000 * fraction), 1000);
			status.showStatus(what + ": " + message);
		};
	}
}
