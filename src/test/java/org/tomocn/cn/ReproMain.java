package org.tomocn.cn;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Paths;

import org.tomocn.core.CancelToken;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.geometry.Projector;

/**
 * A network reconstruction run as its own process by {@link ReproducibilityTest}: a
 * 64 x 6 x 32 hollow-balls phantom, 41 tilts, width 128, 2 threads, seed 3; writes the
 * volume as raw big-endian floats to {@code args[0]}.
 */
public final class ReproMain {
	public static void main(String[] args) throws Exception {
		Volume truth = TestVolumes.hollowBalls(64, 6, 32, 3, 2, 5, 1.5, 5);
		TiltGeometry g = new TiltGeometry(TestVolumes.range(-60, 3, 60), truth.nx(), truth.ny(), truth.nz(), 1.0);
		TiltSeries ts = new Projector(g).forward(truth, 1, CancelToken.NONE);
		int itFirst = Integer.parseInt(args[1]);
		CoordinateNetworkOptions o = new CoordinateNetworkOptions().iterationsFirst(itFirst).iterationsNext(itFirst / 2).slicesPerNetwork(2)
			.hiddenLayers(2).hiddenFeatures(128).threads(2).device(CoordinateNetworkOptions.DeviceChoice.CPU).seed(3);
		Volume v = new CoordinateNetworkEngine(ts, o, new CancelToken()).process();
		try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(Paths.get(args[0]))))) {
			for (float f : v.data()) out.writeFloat(f);
		}
	}
}
