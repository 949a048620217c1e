package org.tomocn.core;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

/**
 * A 3-D float image {@code X x Y x Z} (Z = beam direction for a tomogram) with its pixel
 * size. Backed by an ImgLib2 {@link ArrayImg}; {@link #data()} is the backing array in
 * ImgLib2's order, x fastest: {@code data[x + X * (y + Y * z)]}. The array is shared, not
 * copied.
 * <p>
 * A tilt series uses the same class with Z = the projection index (see {@link TiltSeries}).
 */
public final class Volume {
	private final ArrayImg<FloatType, FloatArray> img;
	private final int nx, ny, nz;
	private double pixelSize;

	/** A zero-filled volume. Pixel size in Angstrom, NaN when unknown. */
	public Volume(int nx, int ny, int nz, double pixelSize) {
		this(ArrayImgs.floats(checkSize(nx, ny, nz), ny, nz), pixelSize);
	}

	/** Wraps an existing array (not copied), x fastest. */
	public Volume(float[] data, int nx, int ny, int nz, double pixelSize) {
		this(ArrayImgs.floats(data, checkSize(nx, ny, nz), ny, nz), pixelSize);
		if (data.length != (long) nx * ny * nz) throw new IllegalArgumentException("array length " + data.length + " != " + nx + "*" + ny + "*" + nz);
	}

	/** Wraps a 3-D float {@link ArrayImg} (not copied). */
	public Volume(ArrayImg<FloatType, FloatArray> img, double pixelSize) {
		if (img.numDimensions() != 3) throw new IllegalArgumentException("Volume needs a 3-D image, got " + img.numDimensions() + "-D");
		this.img = img;
		this.nx = (int) img.dimension(0);
		this.ny = (int) img.dimension(1);
		this.nz = (int) img.dimension(2);
		this.pixelSize = pixelSize;
	}

	private static int checkSize(int nx, int ny, int nz) {
		if (nx < 1 || ny < 1 || nz < 1) throw new TomoInputException("Invalid volume size " + nx + " x " + ny + " x " + nz);
		if ((long) nx * ny * nz > Integer.MAX_VALUE - 8) {
			throw new TomoInputException("Volume " + nx + " x " + ny + " x " + nz + " has more than 2^31 voxels; bin the data first");
		}
		return nx;
	}

	public ArrayImg<FloatType, FloatArray> img() {
		return img;
	}

	/** The backing array, x fastest: {@code [x + nx * (y + ny * z)]}. */
	public float[] data() {
		return img.update(null).getCurrentStorageArray();
	}

	public int nx() {
		return nx;
	}

	public int ny() {
		return ny;
	}

	public int nz() {
		return nz;
	}

	public long size() {
		return (long) nx * ny * nz;
	}

	public int index(int x, int y, int z) {
		return x + nx * (y + ny * z);
	}

	public float get(int x, int y, int z) {
		return data()[index(x, y, z)];
	}

	public void set(int x, int y, int z, float v) {
		data()[index(x, y, z)] = v;
	}

	/**
	 * Population variance of all voxels, {@code mean(v^2) - mean(v)^2} (sums in double
	 * precision): the signal variance of the simulator's SNR, and the total variance the
	 * noise estimate of a tilt series compares its noise with.
	 */
	public double variance() {
		double sum = 0, sum2 = 0;
		float[] d = data();
		for (float f : d) {
			sum += f;
			sum2 += (double) f * f;
		}
		double mean = sum / d.length;
		return Math.max(0, sum2 / d.length - mean * mean);
	}

	/**
	 * {@code {mean, RMS deviation from the mean}} of all voxels ({@link #stats}): the offset
	 * and scale the Fourier-space tools (FSC, fusion) take out before their FFT.
	 */
	public double[] meanAndDeviation() {
		double[] s = stats(data());
		return new double[] { s[0], s[1] };
	}

	/**
	 * {@code {mean, population standard deviation, min, max}} of {@code values}, in two passes
	 * with double sums (the deviation from the mean, not {@code mean(v^2) - mean^2}): the one
	 * implementation behind the metrics' matching, the MRC header's statistics and
	 * {@link #meanAndDeviation}.
	 */
	public static double[] stats(float[] values) {
		double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (float v : values) {
			sum += v;
			if (v < min) min = v;
			if (v > max) max = v;
		}
		double mean = sum / values.length, ss = 0;
		for (float v : values) ss += (v - mean) * (v - mean);
		return new double[] { mean, Math.sqrt(ss / values.length), min, max };
	}

	/** Angstrom per voxel, NaN when unknown. */
	public double pixelSize() {
		return pixelSize;
	}

	public void setPixelSize(double angstrom) {
		this.pixelSize = angstrom;
	}

	/**
	 * Refuses NaN and infinite voxels, the one check every command runs on its input volumes.
	 *
	 * @param name how the user knows this volume, e.g. its file name ({@code "wbp.mrc"})
	 * @throws TomoInputException naming the volume and the first bad voxel, e.g.
	 *           {@code "Every voxel must be a finite number, but wbp.mrc holds NaN at voxel (3, 2, 1) (x, y, z, 0-based)"}
	 */
	public void requireFinite(String name) {
		int i = indexOfNonFinite(0, nz);
		if (i >= 0) {
			float v = data()[i];
			int x = i % nx, y = (i / nx) % ny, z = i / (nx * ny);
			throw new TomoInputException("Every voxel must be a finite number, but " + name + " holds " + (Float.isNaN(v) ? "NaN" : "an infinite value (" + v + ")") +
				" at voxel (" + x + ", " + y + ", " + z + ") (x, y, z, 0-based)");
		}
	}

	/**
	 * The array index ({@link #data()}) of the first NaN or infinite voxel in the z planes
	 * {@code fromZ} (inclusive) to {@code toZ} (exclusive), -1 when they are all finite.
	 */
	public int indexOfNonFinite(int fromZ, int toZ) {
		float[] a = data();
		int plane = nx * ny;
		for (int i = fromZ * plane, end = toZ * plane; i < end; i++) {
			if (!Float.isFinite(a[i])) return i;
		}
		return -1;
	}

	public Volume copy() {
		return new Volume(data().clone(), nx, ny, nz, pixelSize);
	}

	@Override
	public String toString() {
		return "Volume[" + nx + " x " + ny + " x " + nz + ", pixel " + pixelSize + " A]";
	}
}
