package org.tomocn.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.tomocn.core.Volume;

/**
 * An MRC file's content: the voxels as a float {@link Volume} ({@code nx x ny x nz} in file
 * order: columns = x, rows = y, sections = z), the voxel size per axis, the origin, the
 * labels, whether it is a volume or an image stack, and (for data read from a file) the
 * header it came from.
 * <p>
 * The volume is shared, not copied. Its {@link Volume#pixelSize()} is the X voxel size.
 */
public final class MrcData {
	private final Volume volume;
	private final boolean isVolume;
	private final double[] voxelSize;
	private final double[] origin;
	private final List<String> labels;
	private final MrcHeader header;

	/**
	 * Data to write.
	 *
	 * @param volume the voxels, x fastest
	 * @param isVolume {@code true}: a volume (ispg 1); {@code false}: an image stack such as a tilt series (ispg 0)
	 * @param voxelSize Angstrom per voxel along x, y, z; NaN entries = unknown (written as cell size 0)
	 * @param origin x, y, z in Angstrom (MRC2014 sense)
	 * @param labels at most 10 header labels, the oldest first (see {@link MrcFile#producerLabel(String)})
	 */
	public MrcData(Volume volume, boolean isVolume, double[] voxelSize, double[] origin, List<String> labels) {
		this(volume, isVolume, voxelSize, origin, labels, null);
	}

	MrcData(Volume volume, boolean isVolume, double[] voxelSize, double[] origin, List<String> labels, MrcHeader header) {
		if (voxelSize.length != 3 || origin.length != 3) throw new IllegalArgumentException("voxelSize and origin need 3 values (x, y, z)");
		this.volume = volume;
		this.isVolume = isVolume;
		this.voxelSize = voxelSize.clone();
		this.origin = origin.clone();
		this.labels = Collections.unmodifiableList(new ArrayList<>(labels));
		this.header = header;
	}

	/** Data with the volume's pixel size on all three axes, origin 0. */
	public static MrcData of(Volume volume, boolean isVolume, List<String> labels) {
		double p = volume.pixelSize();
		return new MrcData(volume, isVolume, new double[] { p, p, p }, new double[3], labels);
	}

	/** The voxels, {@code nx x ny x nz}, x fastest. Shared, not copied. */
	public Volume volume() {
		return volume;
	}

	/** {@code true} for a volume (ispg != 0), {@code false} for an image stack (ispg 0). */
	public boolean isVolume() {
		return isVolume;
	}

	/** Angstrom per voxel along x, y, z (a copy); NaN when the file does not say. */
	public double[] voxelSize() {
		return voxelSize.clone();
	}

	/** Origin x, y, z in Angstrom (a copy). */
	public double[] origin() {
		return origin.clone();
	}

	/** Header labels, oldest first, trailing blanks removed. */
	public List<String> labels() {
		return labels;
	}

	/** The header read from the file (mode, byte order, statistics, ...), or {@code null} for data built in memory. */
	public MrcHeader header() {
		return header;
	}

	/** The same data with other labels (e.g. the input's labels plus a new one). */
	public MrcData withLabels(List<String> newLabels) {
		return new MrcData(volume, isVolume, voxelSize, origin, newLabels, header);
	}

	/** The same metadata with other voxels (e.g. a processed copy). */
	public MrcData withVolume(Volume newVolume) {
		return new MrcData(newVolume, isVolume, voxelSize, origin, labels, header);
	}
}
