package org.tomocn.ij;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.io.SaveDialog;
import ij.measure.Calibration;
import ij.plugin.PlugIn;

import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;
import org.tomocn.io.MrcData;
import org.tomocn.io.MrcFile;
import org.tomocn.io.TomoFiles;

/**
 * {@code File > Save As > Save MRC (TomoCN)...}: writes the current image (an 8-, 16- or 32-bit
 * stack) as a float32 MRC file through TomoCN's codec, atomically, with the calibration's
 * pixel size per axis in Å ("Å", "nm" and "µm" calibrations are converted; any other unit
 * is written as unknown). A volume gets {@code ispg 1}; with {@code tilt_series} the file is
 * an image stack ({@code ispg 0}), as IMOD and mrcfile expect for tilt series. From a macro:
 * <pre>  run("Save MRC (TomoCN)...", "save=[/data/rec.mrc]");
 *  run("Save MRC (TomoCN)...", "save=[/data/ts.mrc] tilt_series");</pre>
 * <p>
 * The header labels of an image opened with {@link MrcImporter} are kept (its history, as
 * IMOD keeps it) and a label naming TomoCN and the date is added. Errors (no image, RGB,
 * hyperstack, single 2-D image, a file name that is not MRC, an unwritable folder) are
 * reported through {@link IjErrors} (a dialog, or the log when nobody can click one) naming
 * the image or file, and abort a running macro; nothing is written then.
 */
public class MrcExporter implements PlugIn {
	/** Menu label (plugins.config); ImageJ 1.x labels must be unique, so not the importer's. */
	static final String COMMAND = "Save MRC (TomoCN)...";
	/** Macro flag for an image stack (ispg 0) instead of a volume (ispg 1). */
	static final String TILT_SERIES_KEY = "tilt_series";

	@Override
	public void run(String arg) {
		ImagePlus imp = WindowManager.getCurrentImage();
		if (imp == null) {
			IjErrors.show(MrcImporter.TITLE, "There is no image to save as MRC.");
			return;
		}
		String options = Macro.getOptions();
		String path;
		boolean tiltSeries;
		if (options != null) {
			path = Macro.getValue(options, "save", null);
			tiltSeries = hasFlag(options, TILT_SERIES_KEY);
			if (path == null) {
				IjErrors.show(MrcImporter.TITLE, "The macro call needs the file: run(\"" + COMMAND +
					"\", \"save=[/path/to/file.mrc]\"), with tilt_series for a tilt series");
				return;
			}
		}
		else {
			GenericDialog gd = new GenericDialog("Save " + MrcImporter.TITLE);
			// the label's first word, "tilt_series", is the macro key; ImageJ shows '_' as a space
			gd.addCheckbox("tilt_series (an image stack, MRC ispg 0; unchecked: a volume, ispg 1)", Boolean.FALSE.equals(
				imp.getProperty(MrcImporter.VOLUME_PROPERTY)));
			gd.showDialog();
			if (gd.wasCanceled()) return;
			tiltSeries = gd.getNextBoolean();
			SaveDialog sd = new SaveDialog("Save " + MrcImporter.TITLE + "...", imp.getTitle(), ".mrc");
			if (sd.getFileName() == null) return; // cancelled
			path = sd.getDirectory() + sd.getFileName();
		}
		try {
			IJ.showStatus("Writing " + path);
			save(imp, Paths.get(path), tiltSeries);
			IJ.showStatus("Saved " + path);
		}
		catch (TomoInputException e) {
			IjErrors.show(MrcImporter.TITLE, e.getMessage());
		}
		catch (RuntimeException e) {
			IjErrors.show(MrcImporter.TITLE, "Writing " + path + " failed (nothing was written): " + e);
		}
	}

	/**
	 * Writes {@code imp} as a float32 MRC file, replacing {@code file} atomically.
	 *
	 * @param file an MRC file name ({@link TomoFiles#MRC_EXTENSIONS})
	 * @param tiltSeries {@code true}: an image stack (ispg 0); {@code false}: a volume (ispg 1)
	 * @throws TomoInputException for a file name that is not MRC, or an image that is not a
	 *           grayscale stack (see {@link ImagePlusConverter#toVolume}); nothing is written
	 */
	public static void save(ImagePlus imp, Path file, boolean tiltSeries) {
		TomoFiles.requireMrc(file);
		MrcFile.write(file, toMrcData(imp, tiltSeries));
	}

	/**
	 * The MRC content for {@code imp}: a float copy of the stack, voxel sizes x, y, z in Å
	 * from the calibration (NaN when its unit is not a length), origin 0, the labels of
	 * {@link MrcImporter}'s Info lines followed by TomoCN's producer label.
	 */
	public static MrcData toMrcData(ImagePlus imp, boolean tiltSeries) {
		Volume v = ImagePlusConverter.toVolume(imp);
		Calibration cal = imp.getCalibration();
		double x = ImagePlusConverter.pixelSizeAngstrom(cal);
		double perUnit = x / cal.pixelWidth; // Angstrom per calibration unit, NaN when unknown
		double[] voxel = { x, cal.pixelHeight * perUnit, cal.pixelDepth * perUnit };
		List<String> labels = MrcImporter.labels(imp);
		labels.add(MrcFile.producerLabel("saved from ImageJ image " + imp.getTitle()));
		return new MrcData(v, !tiltSeries, voxel, new double[3], labels);
	}

	/** Whether a macro option string holds {@code key} as a bare word (an ImageJ checkbox that is on). */
	static boolean hasFlag(String options, String key) {
		return Pattern.compile("(^|\\s)" + Pattern.quote(key) + "(\\s|$)").matcher(options).find();
	}
}
