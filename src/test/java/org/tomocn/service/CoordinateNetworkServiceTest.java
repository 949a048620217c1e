package org.tomocn.service;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Random;

import org.junit.Test;
import org.scijava.Context;
import org.tomocn.cn.CoordinateNetworkEngine;
import org.tomocn.cn.NetworkParameters;
import org.tomocn.cn.NetworkResult;
import org.tomocn.cn.NetworkRunSettings;
import org.tomocn.core.CancelToken;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.geometry.Projector;

public class CoordinateNetworkServiceTest {

	private static TiltSeries series() {
		Volume v = new Volume(12, 3, 8, 1.0);
		Random r = new Random(2);
		for (int i = 0; i < v.data().length; i++) v.data()[i] = r.nextFloat();
		TiltGeometry g = new TiltGeometry(new double[] { -60, -30, 0, 30, 60 }, 12, 3, 8, 1.0);
		return new Projector(g).forward(v, 1, CancelToken.NONE);
	}

	private static NetworkParameters params() {
		return NetworkParameters.of(NetworkParameters.Preset.FAITHFUL).withIterationsFirst(200).withIterationsNext(100).withHiddenLayers(1).withHiddenFeatures(32);
	}

	private static NetworkRunSettings settings() {
		return NetworkRunSettings.defaults().withDevice(NetworkRunSettings.DeviceChoice.CPU).withMaxRetries(0).withStallRatio(1);
	}

	/** The service is found in a context, names bad input, and returns the engine's volume. */
	@Test
	public void wrapsTheEngine() {
		try (Context context = new Context(CoordinateNetworkService.class)) {
			CoordinateNetworkService s = context.getService(CoordinateNetworkService.class);
			assertNotNull(s);
			TiltSeries ts = series();
			assertNull(s.checkInput(ts, params(), settings(), 1));
			String msg = s.checkInput(ts, params(), settings().withPreview(5), 1);
			assertTrue(msg, msg.contains("preview"));
			msg = s.checkInput(ts, params().withOverlap(2), settings(), 1);
			assertTrue(msg, msg.contains("overlap"));
			ts.projections().data()[7] = Float.NaN;
			msg = s.checkInput(ts, params(), settings(), 1);
			assertTrue(msg, msg.contains("NaN value in view 1"));
			ts.projections().data()[7] = 0;

			NetworkResult r = s.reconstruct(ts, params(), settings(), 1, ProgressListener.NONE, new CancelToken());
			Volume v = r.volume();
			Volume direct = new CoordinateNetworkEngine(params(), settings()).reconstruct(ts, 1, new CancelToken(), ProgressListener.NONE);
			assertEquals(12, v.nx());
			assertEquals(3, v.ny());
			assertEquals(8, v.nz());
			assertArrayEquals(direct.data(), v.data(), 0f);
			assertEquals(3, r.chunkReports().size());
			assertTrue(r.device(), r.device().startsWith("cpu"));
		}
	}
}
