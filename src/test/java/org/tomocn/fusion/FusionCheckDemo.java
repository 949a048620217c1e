package org.tomocn.fusion;

import java.nio.file.Paths;

import org.tomocn.core.CancelToken;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.io.TomoFiles;
import org.tomocn.io.TiltAngles;
import org.tomocn.metrics.FourierShellCorrelation;
import org.tomocn.metrics.FscResult;
import org.tomocn.metrics.MetricMode;
import org.tomocn.metrics.MetricsResult;
import org.tomocn.metrics.VoxelMetrics;
import org.tomocn.recon.FourierInversion;
import org.tomocn.recon.RampFilter;
import org.tomocn.recon.Reconstructor;
import org.tomocn.recon.Sirt;
import org.tomocn.recon.WeightedBackProjection;

/**
 * Tuning aid (not a test): FrequencyFusion of DIR/net.mrc with a classic reconstruction of
 * DIR/tilt_series.mrc (fourier | wbp | sirt), weights from the agreement and from half sets,
 * scored against DIR/ground_truth.mrc (matched PSNR, SSIM, FSC-0.5 frequency, mFSC).
 * {@code java -cp target/classes:target/test-classes:$(cat target/classpath.txt) org.tomocn.fusion.FusionCheckDemo DIR fourier}
 */
public class FusionCheckDemo {
	static void report(String name, Volume v, Volume t) {
		double[] a = TiltAngles.parse("-60:2:60");
		MetricsResult m = VoxelMetrics.compute(v, t, MetricMode.MATCHED, 2);
		FscResult f = FourierShellCorrelation.compute(v, t, a, 2);
		System.out.printf(java.util.Locale.ROOT, "%-12s psnr %6.2f ssim %.3f fsc05 %.4f mfsc %.3f%n", name, m.psnr(), m.ssim(), f.resolution(0.5).orElse(0.5), f.mfsc());
	}

	public static void main(String[] args) {
		String dir = args[0], method = args.length > 1 ? args[1] : "fourier";
		Reconstructor r = method.equals("wbp") ? new WeightedBackProjection(RampFilter.ramLak()) : method.equals("sirt") ? new Sirt(20, 1, false) : new FourierInversion();
		TiltSeries ts = TomoFiles.readTiltSeries(Paths.get(dir, "tilt_series.mrc"), "-60:2:60", 0);
		Volume n = TomoFiles.readVolume(Paths.get(dir, "net.mrc")), t = TomoFiles.readVolume(Paths.get(dir, "ground_truth.mrc"));
		report("network", n, t);
		Volume c = r.reconstruct(ts, 2, CancelToken.NONE, (f, m) -> {});
		report(method, c, t);
		for (boolean halves : new boolean[] { false, true }) {
			FrequencyFusion.Result res = FrequencyFusion.fuse(n, ts, r, method, halves, 2, CancelToken.NONE, (f, m) -> {});
			report(halves ? "fused-half" : "fused-agree", res.volume(), t);
		}
	}
}
