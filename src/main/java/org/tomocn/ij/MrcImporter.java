package org.tomocn.ij;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.io.OpenDialog;
import ij.measure.Calibration;
import ij.plugin.PlugIn;

import org.tomocn.core.TomoInputException;
import org.tomocn.io.MrcData;
import org.tomocn.io.MrcFile;
import org.tomocn.io.MrcHeader;

/**
 * {@code File > Import > MRC (TomoCN)...}: opens an MRC file through TomoCN's codec as a
 * 32-bit stack with the voxel size in the calibration (unit "Å", per axis), so that
 * Fiji's pixel size is the file's. From a macro:
 * <pre>  run("MRC (TomoCN)...", "open=[/data/ts.mrc]");</pre>
 * opens the file without a dialog (also in batch mode, where the image becomes the macro's
 * current image). The header (size, mode, voxel size, origin, space group, labels) is in
 * the image's Info property ({@code Image > Show Info}); {@link MrcExporter} carries the
 * labels forward.
 * <p>
 * Errors (missing file, not MRC, truncated, unsupported mode) are reported with
 * {@link IjErrors} (a dialog, or the log when nobody can click one), which also aborts a
 * running macro.
 */
public class MrcImporter implements PlugIn {
	/** Menu label (plugins.config), the macro's command name. */
	static final String COMMAND = "MRC (TomoCN)...";
	/** Dialog and error title. */
	static final String TITLE = "MRC (TomoCN)";
	/** Prefix of the Info lines holding the file's header labels, oldest first. */
	public static final String LABEL_LINE = "MRC label: ";

	private static final Pattern LABEL_PATTERN = Pattern.compile("^" + Pattern.quote(LABEL_LINE) + "(.*)$", Pattern.MULTILINE);
	/** Image property: Boolean, whether the file was a volume (ispg != 0) or an image stack (ispg 0). */
	static final String VOLUME_PROPERTY = "tomocn.mrc.isVolume";

	@Override
	public void run(String arg) {
		String options = Macro.getOptions();
		String path;
		if (options != null) {
			path = Macro.getValue(options, "open", null);
			if (path == null) {
				IjErrors.show(TITLE, "The macro call needs the file: run(\"" + COMMAND + "\", \"open=[/path/to/file.mrc]\")");
				return;
			}
		}
		else {
			OpenDialog od = new OpenDialog("Open " + TITLE + "...", arg == null || arg.isEmpty() ? null : arg);
			if (od.getFileName() == null) return; // cancelled
			path = od.getPath();
		}
		try {
			IJ.showStatus("Reading " + path);
			open(Paths.get(path)).show();
			IJ.showStatus("");
		}
		catch (TomoInputException e) {
			IjErrors.show(TITLE, e.getMessage());
		}
		catch (RuntimeException e) {
			IjErrors.show(TITLE, "Reading " + path + " failed: " + e);
		}
	}

	/**
	 * Reads an MRC file into a new 32-bit stack, nothing shown.
	 *
	 * @param file any MRC2014 file TomoCN reads (modes 0, 1, 2, 6, 12; either byte order)
	 * @return a stack of {@code nz} slices of {@code nx x ny} pixels titled with the file
	 *         name; calibration in Å from the file's voxel sizes (x, y, z; an undefined y or
	 *         z voxel size takes x's; none when x is undefined); Info property listing the
	 *         header and labels
	 * @throws TomoInputException naming the file and the problem
	 */
	public static ImagePlus open(Path file) {
		MrcData data = MrcFile.read(file);
		ImagePlus imp = ImagePlusConverter.toImagePlus(data.volume(), String.valueOf(file.getFileName()));
		double[] vs = data.voxelSize();
		if (isSize(vs[0])) {
			Calibration cal = imp.getCalibration();
			cal.pixelWidth = vs[0];
			cal.pixelHeight = isSize(vs[1]) ? vs[1] : vs[0];
			cal.pixelDepth = isSize(vs[2]) ? vs[2] : vs[0];
			cal.setUnit(ImagePlusConverter.ANGSTROM);
		}
		imp.setProperty("Info", info(file, data));
		imp.setProperty(VOLUME_PROPERTY, data.isVolume());
		return imp;
	}

	private static boolean isSize(double v) {
		return v > 0 && Double.isFinite(v);
	}

	/** The Info text: file, size, mode, voxel size, origin, ispg, then one {@link #LABEL_LINE} per label. */
	static String info(Path file, MrcData data) {
		MrcHeader h = data.header();
		double[] vs = data.voxelSize(), o = data.origin();
		StringBuilder sb = new StringBuilder();
		sb.append("MRC file: ").append(file.toAbsolutePath()).append('\n');
		sb.append("Size: ").append(h.nx()).append(" x ").append(h.ny()).append(" x ").append(h.nz()).append('\n');
		sb.append("Mode: ").append(h.dataMode()).append(", ").append(h.byteOrder()).append('\n');
		sb.append(String.format(Locale.ROOT, "Voxel size (\u00c5): %g %g %g%n", vs[0], vs[1], vs[2]));
		sb.append(String.format(Locale.ROOT, "Origin (\u00c5): %g %g %g%n", o[0], o[1], o[2]));
		sb.append("Space group (ispg): ").append(h.ispg()).append(data.isVolume() ? " (volume)" : " (image stack)").append('\n');
		for (String label : data.labels()) sb.append(LABEL_LINE).append(label).append('\n');
		return sb.toString();
	}

	/**
	 * The MRC header labels that {@link #open} put into an image's Info property
	 * ({@link #LABEL_LINE} lines), oldest first; empty for other images.
	 */
	public static List<String> labels(ImagePlus imp) {
		List<String> labels = new ArrayList<>();
		Object info = imp.getProperty("Info");
		if (info instanceof String) {
			Matcher m = LABEL_PATTERN.matcher((String) info);
			while (m.find()) {
				String label = m.group(1).trim();
				if (!label.isEmpty()) labels.add(label);
			}
		}
		return labels;
	}
}
