package org.tomocn.service;

import org.scijava.service.SciJavaService;
import org.tomocn.cn.NetworkParameters;
import org.tomocn.cn.NetworkResult;
import org.tomocn.cn.NetworkRunSettings;
import org.tomocn.core.CancelToken;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltSeries;

/**
 * Coordinate-network reconstruction (missing-wedge completion with per-chunk SIREN fits,
 * paper sections 2.2 and 2.4) as a SciJava service. Wraps
 * {@link org.tomocn.cn.CoordinateNetworkEngine}; shows no dialogs, so it runs headless. Runs
 * are serialised per JVM by the engine's native runtime: concurrent calls wait for each other.
 */
public interface CoordinateNetworkService extends SciJavaService {

	/**
	 * Validates a tilt series and settings without doing any work.
	 *
	 * @return null when the input is usable, else a message naming the problem (a
	 *         parameter, the angle count, a non-finite value, memory)
	 */
	String checkInput(TiltSeries tiltSeries, NetworkParameters parameters, NetworkRunSettings settings, int threads);

	/**
	 * Reconstructs {@code tiltSeries} ({@code X x Y x l}, the geometry's thickness = Z).
	 *
	 * @param progress receives progress (chunk, iteration, loss, time left) and log lines
	 *          (device choice, guard decisions); may be {@link ProgressListener#NONE}
	 * @param cancel cancel flag; a cancel takes effect within a second
	 * @return the volume, the reports of every fit and the device used
	 * @throws org.tomocn.core.TomoInputException bad input or settings (message names the problem)
	 * @throws org.tomocn.core.CancelledException when cancelled
	 * @throws org.tomocn.cn.ConvergenceException when a chunk's fit stalls despite the retries
	 * @throws org.tomocn.cn.NetworkEngineException when PyTorch is missing or fails on its device
	 */
	NetworkResult reconstruct(TiltSeries tiltSeries, NetworkParameters parameters, NetworkRunSettings settings, int threads, ProgressListener progress,
		CancelToken cancel);
}
