package org.tomocn.fusion;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertFalse;

import java.util.Arrays;

import org.junit.Test;
import org.tomocn.core.CancelToken;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.io.TiltAngles;
import org.tomocn.recon.FourierInversion;
import org.tomocn.simulate.PhantomType;
import org.tomocn.simulate.Phantoms;
import org.tomocn.simulate.TiltSeriesSimulator;

/** The network command's fusion takes its weights from the classic's half sets exactly when the tilt series is noisy. */
public class NetworkFusionTest {

	@Test
	public void noisyDataUseHalfSetWeights() {
		Volume truth = Phantoms.create(PhantomType.SPHERES, 32, 24, 16, 1);
		TiltGeometry g = new TiltGeometry(TiltAngles.range(-60, 3, 60), 32, 24, 16, 1.0);
		for (double snr : new double[] { 0, 0.3 }) {
			TiltSeries ts = TiltSeriesSimulator.simulate(truth, g, snr, 2, 1, CancelToken.NONE);
			Volume net = new Volume(truth.data().clone(), 32, 24, 16, 1.0);
			float[] viaKey = NetworkFusion.FOURIER.apply(net, ts, 1, CancelToken.NONE, ProgressListener.NONE).data();
			float[] halves = FrequencyFusion.fuse(net, ts, new FourierInversion(), "Fourier inversion", true, 1, CancelToken.NONE, ProgressListener.NONE).volume().data();
			float[] agreement = FrequencyFusion.fuse(net, ts, new FourierInversion(), "Fourier inversion", false, 1, CancelToken.NONE, ProgressListener.NONE).volume()
				.data();
			assertFalse("the two weightings differ", Arrays.equals(halves, agreement));
			assertArrayEquals("SNR " + snr, snr > 0 ? halves : agreement, viaKey, 0f);
		}
	}
}
