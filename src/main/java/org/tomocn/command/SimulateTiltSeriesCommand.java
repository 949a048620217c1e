package org.tomocn.command;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.Parallel;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;
import org.tomocn.ij.ImagePlusConverter;
import org.tomocn.io.AtomicFiles;
import org.tomocn.io.TiltAngles;
import org.tomocn.io.TomoFiles;
import org.tomocn.simulate.PhantomType;
import org.tomocn.simulate.Phantoms;
import org.tomocn.simulate.TiltSeriesSimulator;

/**
 * Makes a phantom (the paper's data sets, section 2.3), projects it over a tilt range
 * (normalised to [0, 1] as the paper does, the factor recorded in the file) with optional
 * Gaussian noise, and writes {@code tilt_series.mrc}, {@code tilt_angles.tlt} and
 * {@code ground_truth.mrc} into {@code output_dir}. Files of those names already there are
 * replaced only with {@code overwrite=true}; otherwise the run stops before any work,
 * naming them.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Tomography>Simulate Tilt Series...")
public class SimulateTiltSeriesCommand extends CancelableCommand {
	@Parameter(label = "Phantom", choices = { "spheres", "shapes", "shepp-logan", "virus" })
	private String phantom = "spheres";

	@Parameter(required = false, label = "Width X (pixels)", min = "4")
	private int width = 64;

	@Parameter(required = false, label = "Height Y (pixels, tilt axis)", min = "1")
	private int height = 64;

	@Parameter(required = false, label = "Thickness Z (pixels)", min = "4")
	private int thickness = 32;

	@Parameter(required = false, label = "Lowest tilt (degrees)")
	private double tilt_min = -60;

	@Parameter(required = false, label = "Highest tilt (degrees)")
	private double tilt_max = 60;

	@Parameter(required = false, label = "Tilt step (degrees)")
	private double tilt_step = 2;

	@Parameter(required = false, label = "Angles (overrides the range)", description = "A .tlt file or min:step:max; empty: use the three values above")
	private String angles = "";

	@Parameter(required = false, label = "Pixel size (Angstrom)")
	private double pixel_size = 10;

	@Parameter(required = false, label = "SNR (0 = no noise)", description = "Signal variance / noise variance of the projections, linear")
	private double snr = 0;

	@Parameter(required = false, label = "Random seed")
	private long seed = 1;

	@Parameter(required = false, label = "Output folder", style = FileWidget.DIRECTORY_STYLE, description = "Empty: don't write files")
	private File output_dir;

	@Parameter(required = false, label = "Replace existing files", description = "Replace tilt_series.mrc, tilt_angles.tlt and ground_truth.mrc already in the output folder")
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus tilt_series;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus ground_truth;

	@Override
	protected void execute() {
		if (!(pixel_size >= 0) || Double.isInfinite(pixel_size)) {
			throw new TomoInputException("pixel_size=" + pixel_size + ": give the pixel size in Angstrom (positive), or 0 for unknown");
		}
		if (!(snr >= 0) || Double.isInfinite(snr)) throw new TomoInputException("snr=" + snr + ": give a positive signal-to-noise ratio, or 0 for no noise");
		checkOutputs();
		PhantomType type = PhantomType.fromName(phantom);
		double[] a = angles == null || angles.trim().isEmpty() ? TiltAngles.range(tilt_min, tilt_step, tilt_max) : TiltAngles.parse(angles);
		Volume truth = Phantoms.create(type, width, height, thickness, seed, Parallel.defaultThreads(), cancel);
		truth.setPixelSize(pixel_size > 0 ? pixel_size : Double.NaN);
		TiltGeometry g = new TiltGeometry(a, width, height, thickness, truth.pixelSize());
		TiltSeries ts = TiltSeriesSimulator.simulate(truth, g, snr, seed, Parallel.defaultThreads(), cancel);
		if (output_dir != null) {
			Path dir = output_dir.toPath();
			AtomicFiles.createDirectories(dir);
			String what = "Simulate Tilt Series " + type.userName() + " seed " + seed + (snr > 0 ? " snr " + snr : "");
			TomoFiles.writeTiltSeries(dir.resolve("tilt_series.mrc"), ts, what);
			TiltAngles.write(dir.resolve("tilt_angles.tlt"), a);
			TomoFiles.writeVolume(dir.resolve("ground_truth.mrc"), truth, what + " ground truth");
		}
		tilt_series = ImagePlusConverter.toImagePlus(ts.projections(), "tilt_series");
		ground_truth = ImagePlusConverter.toImagePlus(truth, "ground_truth");
	}

	/** Before any work: the folder can be written, and nothing in it is replaced unless asked. */
	private void checkOutputs() {
		if (output_dir == null) return;
		CommandSupport.checkOutputFolder(output_dir, "output_dir");
		List<String> existing = new ArrayList<>();
		for (String name : OUTPUTS) {
			File f = new File(output_dir, name);
			if (f.exists()) existing.add(name);
			if (output_dir.isDirectory()) CommandSupport.checkOutput(f, "output_dir");
		}
		if (!existing.isEmpty() && !overwrite) {
			throw new TomoInputException("output_dir=" + output_dir + " already holds " + String.join(", ", existing) +
				"; choose another folder, or add overwrite=true to replace " + (existing.size() == 1 ? "it" : "them"));
		}
	}

	private static final String[] OUTPUTS = { "tilt_series.mrc", "tilt_angles.tlt", "ground_truth.mrc" };
}
