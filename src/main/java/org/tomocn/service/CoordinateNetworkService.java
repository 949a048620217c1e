package org.tomocn.service;

import java.util.List;

import org.scijava.service.SciJavaService;
import org.tomocn.cn.ChunkReport;
import org.tomocn.cn.CoordinateNetworkOptions;
import org.tomocn.core.CancelToken;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;

/**
 * Coordinate-network reconstruction (missing-wedge completion with per-chunk SIREN fits,
 * paper sections 2.2 and 2.4) as a SciJava service. Wraps
 * {@link org.tomocn.cn.CoordinateNetworkEngine}; shows no dialogs, so it runs headless.
 * One reconstruction at a time per JVM: concurrent calls wait for each other.
 */
public interface CoordinateNetworkService extends SciJavaService {

	/**
	 * Validates a tilt series and settings without doing any work.
	 *
	 * @return null when the input is usable, else a message naming the problem (a
	 *         parameter, the angle count, a non-finite value, memory)
	 */
	String checkInput(TiltSeries tiltSeries, CoordinateNetworkOptions options);

	/**
	 * Reconstructs {@code tiltSeries} ({@code X x Y x l}, the geometry's thickness = Z).
	 *
	 * @param progress receives progress (chunk, iteration, loss, time left) and log lines
	 *          (device choice, guard decisions); may be {@link ProgressListener#NONE}
	 * @param cancel cancel flag; a cancel takes effect within a second
	 * @return the volume {@code X x Y x Z} (or the preview rows), in the units of the stored
	 *         projections' line integrals per voxel, negative values clipped to 0
	 * @throws org.tomocn.core.TomoInputException bad input or settings (message names the problem)
	 * @throws org.tomocn.core.CancelledException when cancelled
	 * @throws org.tomocn.cn.ConvergenceException when a chunk's fit stalls despite the retries
	 */
	Volume reconstruct(TiltSeries tiltSeries, CoordinateNetworkOptions options, ProgressListener progress, CancelToken cancel);

	/** One line per fit of the last finished or failed {@link #reconstruct} call. */
	List<ChunkReport> lastChunkReports();

	/** The device of the last run and why it was chosen, e.g. "cpu (auto: ... sees no GPU)". */
	String lastDeviceDescription();

	/** Estimated native (PyTorch) memory of one chunk's fit, bytes. */
	long estimateNativeBytes(TiltSeries tiltSeries, CoordinateNetworkOptions options);
}
