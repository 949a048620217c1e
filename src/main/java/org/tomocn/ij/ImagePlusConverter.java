package org.tomocn.ij;

import java.util.Locale;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.StackStatistics;

import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;

/**
 * Converts between ImageJ 1.x images and TomoCN volumes. An {@link ImagePlus} stack of Z
 * slices of X x Y pixels is the volume X x Y x Z (a tilt series: one slice per projection).
 * The pixel size travels in ImageJ's {@link Calibration}: unit "Å" (Angstrom); "nm" and
 * "µm" calibrations are converted; other units count as unknown.
 */
public final class ImagePlusConverter {
	public static final String ANGSTROM = "\u00c5";

	private ImagePlusConverter() {}

	/** A float copy of a grayscale stack (8, 16 or 32 bit). */
	public static Volume toVolume(ImagePlus imp) {
		String name = "'" + imp.getTitle() + "'";
		if (imp.getBitDepth() == 24) throw new TomoInputException("Image " + name + " is RGB; convert it to 8-, 16- or 32-bit grayscale first");
		if (imp.getNChannels() > 1 || imp.getNFrames() > 1) {
			throw new TomoInputException("Image " + name + " has " + imp.getNChannels() + " channels and " + imp.getNFrames() +
				" frames; TomoCN needs a plain stack (one channel, one frame)");
		}
		int nx = imp.getWidth(), ny = imp.getHeight(), nz = imp.getStackSize();
		if (nz < 2) throw new TomoInputException("Image " + name + " is a single 2-D image; a tilt series or volume needs a stack of slices");
		Volume v = new Volume(nx, ny, nz, pixelSizeAngstrom(imp.getCalibration()));
		float[] d = v.data();
		ImageStack stack = imp.getStack();
		for (int z = 0; z < nz; z++) {
			ImageProcessor ip = stack.getProcessor(z + 1);
			float[] px = (float[]) ip.convertToFloatProcessor().getPixels();
			System.arraycopy(px, 0, d, z * nx * ny, nx * ny);
		}
		return v;
	}

	/** A 32-bit stack sharing no memory with {@code v}, calibrated in Angstrom when the pixel size is known. */
	public static ImagePlus toImagePlus(Volume v, String title) {
		int nx = v.nx(), ny = v.ny();
		ImageStack stack = new ImageStack(nx, ny);
		float[] d = v.data();
		for (int z = 0; z < v.nz(); z++) {
			float[] slice = new float[nx * ny];
			System.arraycopy(d, z * nx * ny, slice, 0, nx * ny);
			stack.addSlice("z=" + z, new FloatProcessor(nx, ny, slice));
		}
		ImagePlus imp = new ImagePlus(title, stack);
		if (!Double.isNaN(v.pixelSize())) {
			Calibration cal = imp.getCalibration();
			cal.pixelWidth = cal.pixelHeight = cal.pixelDepth = v.pixelSize();
			cal.setUnit(ANGSTROM);
		}
		// display range over the whole stack (resetDisplayRange would use the first slice only)
		StackStatistics stats = new StackStatistics(imp);
		imp.setDisplayRange(stats.min, stats.max);
		return imp;
	}

	/** Angstrom per pixel from an ImageJ calibration, NaN when the unit is not a length we know. */
	public static double pixelSizeAngstrom(Calibration cal) {
		if (cal == null || !cal.scaled()) return Double.NaN;
		String unit = cal.getUnit().trim().toLowerCase(Locale.ROOT);
		double f;
		switch (unit) {
			case "\u00e5": case "a": case "angstrom": case "angstroms": f = 1; break;
			case "nm": case "nanometer": case "nanometers": f = 10; break;
			case "\u00b5m": case "um": case "micron": case "microns": f = 1e4; break;
			default: return Double.NaN;
		}
		return cal.pixelWidth * f;
	}
}
