package org.tomocn.cn;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Paths;

import org.tomocn.core.CancelToken;
import org.tomocn.io.TiltAngles;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.geometry.Projector;

/**
 * A network reconstruction run as its own process by {@link ReproducibilityTest}: a
 * 64 x 10 x 32 hollow-balls phantom (five chunks of two rows, so both chains of the plan
 * have fits), 41 tilts, width 128, seed 3; {@code args[1]} iterations for the first fit,
 * {@code args[2]} threads (default 2); writes the volume as raw big-endian floats to
 * {@code args[0]}.
 */
public final class ReproMain {
	public static void main(String[] args) throws Exception {
		Volume truth = TestVolumes.hollowBalls(64, 10, 32, 3, 2, 5, 1.5, 5);
		TiltGeometry g = new TiltGeometry(TiltAngles.range(-60, 3, 60), truth.nx(), truth.ny(), truth.nz(), 1.0);
		TiltSeries ts = new Projector(g).forward(truth, 1, CancelToken.NONE);
		int itFirst = Integer.parseInt(args[1]);
		NetworkParameters o = NetworkParameters.of(NetworkParameters.Preset.FAITHFUL).withIterationsFirst(itFirst).withIterationsNext(itFirst / 2)
			.withSlicesPerNetwork(2).withHiddenLayers(2).withHiddenFeatures(128).withSeed(3);
		Volume v = new CoordinateNetworkEngine(o, NetworkRunSettings.defaults().withDevice(NetworkRunSettings.DeviceChoice.CPU)).reconstruct(ts, args.length > 2 ? Integer.parseInt(args[2]) : 2,
			new CancelToken(), org.tomocn.core.ProgressListener.NONE);
		try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(Paths.get(args[0]))))) {
			for (float f : v.data()) out.writeFloat(f);
		}
	}
}
