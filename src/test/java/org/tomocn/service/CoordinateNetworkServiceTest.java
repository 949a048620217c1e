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
import org.tomocn.cn.CoordinateNetworkOptions;
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

	private static CoordinateNetworkOptions options() {
		return new CoordinateNetworkOptions().iterationsFirst(200).iterationsNext(100).hiddenLayers(1).hiddenFeatures(32).threads(1)
			.device(CoordinateNetworkOptions.DeviceChoice.CPU).maxRetries(0).stallRatio(1);
	}

	/** The service is found in a context, names bad input, and returns the engine's volume. */
	@Test
	public void wrapsTheEngine() {
		try (Context context = new Context(CoordinateNetworkService.class)) {
			CoordinateNetworkService s = context.getService(CoordinateNetworkService.class);
			assertNotNull(s);
			TiltSeries ts = series();
			assertNull(s.checkInput(ts, options()));
			String msg = s.checkInput(ts, options().preview(5));
			assertTrue(msg, msg.contains("preview"));
			msg = s.checkInput(ts, options().overlap(2));
			assertTrue(msg, msg.contains("overlap"));
			ts.projections().data()[7] = Float.NaN;
			msg = s.checkInput(ts, options());
			assertTrue(msg, msg.contains("non-finite"));
			ts.projections().data()[7] = 0;

			Volume v = s.reconstruct(ts, options(), ProgressListener.NONE, new CancelToken());
			Volume direct = new CoordinateNetworkEngine(ts, options(), new CancelToken()).process();
			assertEquals(12, v.nx());
			assertEquals(3, v.ny());
			assertEquals(8, v.nz());
			assertArrayEquals(direct.data(), v.data(), 0f);
			assertEquals(3, s.lastChunkReports().size());
			assertTrue(s.lastDeviceDescription(), s.lastDeviceDescription().startsWith("cpu"));
		}
	}
}
