package org.tomocn.service;

import java.util.ArrayList;
import java.util.List;

import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;
import org.tomocn.cn.ChunkReport;
import org.tomocn.cn.CoordinateNetworkEngine;
import org.tomocn.cn.CoordinateNetworkOptions;
import org.tomocn.core.CancelToken;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;

/** The default {@link CoordinateNetworkService}: a thin, serialised wrapper of the engine. */
@Plugin(type = Service.class)
public class DefaultCoordinateNetworkService extends AbstractService implements CoordinateNetworkService {

	private final Object lock = new Object();
	private volatile List<ChunkReport> lastReports = new ArrayList<>();
	private volatile String lastDevice = "";

	@Override
	public String checkInput(TiltSeries tiltSeries, CoordinateNetworkOptions options) {
		CoordinateNetworkEngine e = new CoordinateNetworkEngine(tiltSeries, options, new CancelToken());
		return e.checkInput() ? null : e.getErrorMessage();
	}

	@Override
	public Volume reconstruct(TiltSeries tiltSeries, CoordinateNetworkOptions options, ProgressListener progress, CancelToken cancel) {
		synchronized (lock) {
			CoordinateNetworkEngine e = new CoordinateNetworkEngine(tiltSeries, options, cancel);
			e.setProgressListener(progress == null ? ProgressListener.NONE : progress);
			if (!e.checkInput()) throw new TomoInputException(e.getErrorMessage());
			try {
				return e.process();
			}
			finally {
				lastReports = e.getChunkReports();
				lastDevice = e.getDeviceDescription();
			}
		}
	}

	@Override
	public List<ChunkReport> lastChunkReports() {
		return new ArrayList<>(lastReports);
	}

	@Override
	public String lastDeviceDescription() {
		return lastDevice;
	}

	@Override
	public long estimateNativeBytes(TiltSeries tiltSeries, CoordinateNetworkOptions options) {
		return CoordinateNetworkEngine.estimateNativeBytes(tiltSeries.geometry(), options);
	}
}
