package org.tomocn.service;

import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;
import org.tomocn.cn.CoordinateNetworkEngine;
import org.tomocn.cn.NetworkParameters;
import org.tomocn.cn.NetworkResult;
import org.tomocn.cn.NetworkRunSettings;
import org.tomocn.core.CancelToken;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.TomoInputException;

/** The default {@link CoordinateNetworkService}: a thin, stateless wrapper of the engine. */
@Plugin(type = Service.class)
public class DefaultCoordinateNetworkService extends AbstractService implements CoordinateNetworkService {

	@Override
	public String checkInput(TiltSeries tiltSeries, NetworkParameters parameters, NetworkRunSettings settings, int threads) {
		try {
			new CoordinateNetworkEngine(parameters, settings).check(tiltSeries, threads);
			return null;
		}
		catch (TomoInputException e) {
			return e.getMessage();
		}
	}

	@Override
	public NetworkResult reconstruct(TiltSeries tiltSeries, NetworkParameters parameters, NetworkRunSettings settings, int threads, ProgressListener progress,
		CancelToken cancel)
	{
		return new CoordinateNetworkEngine(parameters, settings).run(tiltSeries, threads, cancel, progress == null ? ProgressListener.NONE : progress);
	}
}
