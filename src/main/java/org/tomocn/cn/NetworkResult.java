package org.tomocn.cn;

import java.util.Collections;
import java.util.List;

import org.tomocn.core.Volume;

/** What a coordinate-network run returns: the volume, one report per fit, and the device it ran on. */
public final class NetworkResult {
	private final Volume volume;
	private final List<ChunkReport> reports;
	private final String device;

	NetworkResult(Volume volume, List<ChunkReport> reports, String device) {
		this.volume = volume;
		this.reports = Collections.unmodifiableList(reports);
		this.device = device;
	}

	/** {@code X x Y x Z} (or the preview rows), in the units of the stored projections' line integrals per voxel, negative values clipped to 0. */
	public Volume volume() {
		return volume;
	}

	/** One report per fit, in the order fitted (guard decisions and checkpoint loads included). */
	public List<ChunkReport> chunkReports() {
		return reports;
	}

	/** The device and why it was chosen, e.g. "cpu (auto: DJL's PyTorch 2.5.1 sees no GPU)". */
	public String device() {
		return device;
	}
}
