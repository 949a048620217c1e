package org.tomocn.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;
import org.tomocn.core.Volume;
import org.tomocn.io.TiltAngles;
import org.tomocn.io.TomoFiles;
import org.tomocn.metrics.FourierShellCorrelation;
import org.tomocn.metrics.FscResult;

/** Frequency Fusion through the launcher, on the bundled test data; a blurred copy of the truth stands in for the network. */
public class FrequencyFusionCommandTest extends LauncherTestBase {
	private final File truth = new File("test-data/ground_truth.mrc");

	/** The truth, Gaussian-blurred (sigma 1 voxel: soft at high frequency, complete in the wedge), on another scale. */
	private File fakeNetwork() {
		Volume b = TomoFiles.readVolume(truth.toPath());
		org.tomocn.simulate.GaussianLowPass.apply(b, 1.0, 2, org.tomocn.core.CancelToken.NONE);
		for (int i = 0; i < b.data().length; i++) b.data()[i] *= 0.02f;
		File f = new File(tmp.getRoot(), "net.mrc");
		TomoFiles.writeVolume(f.toPath(), b, "fake network");
		return f;
	}

	@Test
	public void fusesWritesVolumeAndWeightsAndBeatsBothInputs() throws Exception {
		File net = fakeNetwork(), fi = new File(tmp.getRoot(), "fi.mrc"), fused = new File(tmp.getRoot(), "fused.mrc"), csv = new File(tmp.getRoot(), "w.csv");
		assertEquals(0, launchOk("Fourier Inversion", DATA + " output=[" + fi + "]"));
		assertEquals(0, launchOk("Frequency Fusion", "network=[" + net + "] classic=[" + fi + "] angles=-60:2:60 output=[" + fused + "] csv=[" + csv + "]"));
		assertTrue(out, out.contains("scale="));
		double[] a = TiltAngles.parse("-60:2:60");
		Volume t = TomoFiles.readVolume(truth.toPath());
		FscResult f = FourierShellCorrelation.compute(TomoFiles.readVolume(fused.toPath()), t, a, 2);
		FscResult n = FourierShellCorrelation.compute(TomoFiles.readVolume(net.toPath()), t, a, 2);
		FscResult c = FourierShellCorrelation.compute(TomoFiles.readVolume(fi.toPath()), t, a, 2);
		// the classic's resolution where it measured, the network's missing wedge
		assertTrue(f.resolution(0.5).orElse(0.5) + " vs FI " + c.resolution(0.5).orElse(0.5), f.resolution(0.5).orElse(0.5) >= c.resolution(0.5).orElse(0.5) - 0.02);
		double pf = psnr(fused, t), pn = psnr(net, t), pc = psnr(fi, t);
		assertTrue(pf + " dB vs network " + pn + " and FI " + pc, pf > Math.max(pn, pc) + 0.3);
		assertTrue(f.mfsc() + " vs network " + n.mfsc(), f.mfsc() >= n.mfsc() - 0.03);
		assertTrue(f.mfsc() + " vs FI " + c.mfsc(), f.mfsc() > c.mfsc() + 0.2);
		List<String> lines = Files.readAllLines(csv.toPath());
		assertEquals("shell,frequency_per_pixel,region,n_points,agreement,signal_fraction,classic_share,w_classic,w_network", lines.get(0));
		assertTrue(lines.get(1), lines.get(1).startsWith("0,0,scale,"));
		assertTrue(lines.stream().anyMatch(l -> l.startsWith("32,") && l.contains(",wedge,")));
		// with the tilt series: weights from the classic's half sets
		File fused2 = new File(tmp.getRoot(), "fused2.mrc");
		assertEquals(0, launchOk("Frequency Fusion", "network=[" + net + "] classic=[" + fi + "] angles=-60:2:60 " + DATA.split(" ")[0] + " method=fourier output=[" + fused2 + "]"));
		assertTrue(FourierShellCorrelation.compute(TomoFiles.readVolume(fused2.toPath()), t, a, 2).mfsc() >= n.mfsc() - 0.03);
	}

	/** {@link #launch}, failing with what the call printed when it does not succeed. */
	private int launchOk(String label, String options) {
		int code = launch(label, options);
		assertEquals(label + ": " + out + err, 0, code);
		return code;
	}

	private static double psnr(File f, Volume truth) {
		return org.tomocn.metrics.VoxelMetrics.compute(TomoFiles.readVolume(f.toPath()), truth, org.tomocn.metrics.MetricMode.MATCHED, 2).psnr();
	}

	@Test
	public void badInputIsRefusedBeforeAnyWork() throws Exception {
		File net = fakeNetwork(), out1 = new File(tmp.getRoot(), "o.mrc");
		Volume t = TomoFiles.readVolume(truth.toPath());
		File small = new File(tmp.getRoot(), "small.mrc");
		TomoFiles.writeVolume(small.toPath(), new Volume(Arrays.copyOf(t.data(), 64 * 64 * 16), 64, 64, 16, t.pixelSize()), "half");
		assertEquals(2, launch("Frequency Fusion", "network=[" + net + "] classic=[" + small + "] angles=-60:2:60 output=[" + out1 + "]"));
		assertTrue(err, err.contains("net.mrc is 64 x 64 x 32") && err.contains("small.mrc is 64 x 64 x 16"));
		Volume nan = t.copy();
		nan.data()[5] = Float.NaN;
		File bad = new File(tmp.getRoot(), "nan.mrc");
		TomoFiles.writeVolume(bad.toPath(), nan, "nan");
		assertEquals(2, launch("Frequency Fusion", "network=[" + bad + "] classic=[" + truth + "] angles=-60:2:60 output=[" + out1 + "]"));
		assertTrue(err, err.contains("nan.mrc holds NaN"));
		File missing = new File(tmp.getRoot(), "nothere.mrc");
		assertEquals(2, launch("Frequency Fusion", "network=[" + missing + "] classic=[" + truth + "] angles=-60:2:60 output=[" + out1 + "]"));
		assertTrue(err, err.contains("nothere.mrc"));
		// never over an input, output and csv distinct
		long before = net.length();
		assertEquals(2, launch("Frequency Fusion", "network=[" + net + "] classic=[" + truth + "] angles=-60:2:60 output=[" + net + "]"));
		assertEquals(before, net.length());
		assertEquals(2, launch("Frequency Fusion", "network=[" + net + "] classic=[" + truth + "] angles=-60:2:60 output=[" + out1 + "] csv=[" + out1 + "]"));
		assertFalse(out1.exists());
	}

	@Test
	public void networkCommandRefusesAnUnknownFusionBeforeFitting() {
		assertEquals(2, launch("Coordinate Network Reconstruction", DATA + " preset=fast fusion=sirt"));
		assertTrue(err, err.contains("fusion must be none, fourier or wbp"));
	}

	/** fusion=fourier: the network volume is fused with Fourier inversion of the same prepared data before it is written. */
	@Test
	public void networkCommandFusesBeforeWriting() {
		File plain = new File(tmp.getRoot(), "cn.mrc"), fused = new File(tmp.getRoot(), "cn_fused.mrc"), fi = new File(tmp.getRoot(), "fi.mrc");
		String quick = DATA + " preset=fast bin=2 iterations_first=200 iterations_next=50 threads=1";
		assertEquals(0, launchOk("Coordinate Network Reconstruction", quick + " output=[" + plain + "]"));
		assertEquals(0, launchOk("Coordinate Network Reconstruction", quick + " fusion=fourier output=[" + fused + "]"));
		assertEquals(0, launchOk("Fourier Inversion", DATA + " bin=2 output=[" + fi + "]"));
		File again = new File(tmp.getRoot(), "again.mrc");
		assertEquals(0, launchOk("Frequency Fusion", "network=[" + plain + "] classic=[" + fi + "] angles=test-data/tilt_angles.tlt output=[" + again + "]"));
		float[] a = TomoFiles.readVolume(fused.toPath()).data(), b = TomoFiles.readVolume(again.toPath()).data(), p = TomoFiles.readVolume(plain.toPath()).data();
		double d = 0, dp = 0;
		for (int i = 0; i < a.length; i++) {
			d = Math.max(d, Math.abs(a[i] - b[i]));
			dp = Math.max(dp, Math.abs(a[i] - p[i]));
		}
		assertTrue("the command's fusion is the Frequency Fusion of its network volume: " + d + " vs " + dp, d < 1e-3 * dp && dp > 0);
	}
}
