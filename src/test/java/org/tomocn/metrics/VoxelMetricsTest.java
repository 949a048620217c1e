package org.tomocn.metrics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Random;

import org.junit.Test;
import org.tomocn.core.CancelToken;
import org.tomocn.core.CancelledException;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;
import org.tomocn.metrics.SeparableFilter.Axis;
import org.tomocn.metrics.SeparableFilter.Border;

public class VoxelMetricsTest {

	/** Balls of different densities on an offset background: contrast at all scales. */
	static Volume phantom(int nx, int ny, int nz, long seed) {
		Volume v = DirectionalFscTest.balls(nx, ny, nz, 20, seed);
		Random r = new Random(seed + 1);
		float[] d = v.data();
		for (int i = 0; i < d.length; i++) d[i] = 10 + 5 * d[i] + (float) (0.2 * r.nextGaussian());
		return v;
	}

	static Volume blurred(Volume v, double sigma) {
		Axis g = new Axis(Vif.gaussian(sigma, (int) Math.ceil(3 * sigma)), Border.REFLECT, 1);
		return new Volume(SeparableFilter.filter(v.data(), v.nx(), v.ny(), v.nz(), g, g, g, 2, CancelToken.NONE), v.nx(), v.ny(), v.nz(), Double.NaN);
	}

	static Volume noisy(Volume v, double sigma, long seed) {
		Volume n = v.copy();
		Random r = new Random(seed);
		float[] d = n.data();
		for (int i = 0; i < d.length; i++) d[i] += (float) (sigma * r.nextGaussian());
		return n;
	}

	@Test
	public void rawPsnrOfGaussianNoiseFollowsTheFormula() {
		Volume ref = phantom(40, 40, 40, 1);
		double[] s = Volume.stats(ref.data());
		double peak = s[3] - s[2];
		for (double sigma : new double[] { 0.1, 0.5, 2 }) {
			MetricsResult m = VoxelMetrics.compute(noisy(ref, sigma, 7), ref, MetricMode.RAW, 2);
			assertEquals(MetricMode.RAW, m.mode());
			assertEquals(10 * Math.log10(peak * peak / (sigma * sigma)), m.psnr(), 0.1);
			double[] slices = m.psnrPerSlice();
			assertEquals(40, slices.length);
			for (double p : slices) assertEquals(10 * Math.log10(peak * peak / (sigma * sigma)), p, 0.6);
		}
	}

	@Test
	public void identicalVolumesScoreOne() {
		Volume ref = phantom(24, 20, 28, 2);
		for (MetricMode mode : MetricMode.values()) {
			MetricsResult m = VoxelMetrics.compute(ref.copy(), ref, mode, 2);
			assertEquals(mode.key(), 1.0, m.ssim(), 1e-9);
			assertEquals(mode.key(), 1.0, m.vif(), 1e-4);
			assertTrue(mode.key() + " " + m.psnr(), Double.isNaN(m.psnr()) || m.psnr() > 100);
		}
	}

	@Test
	public void ssimAndVifFallForBlurAndNoise() {
		Volume ref = phantom(32, 32, 32, 3);
		for (MetricMode mode : MetricMode.values()) {
			MetricsResult soft = VoxelMetrics.compute(blurred(ref, 0.7), ref, mode, 2);
			MetricsResult blur = VoxelMetrics.compute(blurred(ref, 1.5), ref, mode, 2);
			MetricsResult noise = VoxelMetrics.compute(noisy(ref, 1.0, 4), ref, mode, 2);
			String tag = mode.key() + ": soft " + soft + ", blur " + blur + ", noise " + noise;
			assertTrue(tag, soft.ssim() < 0.995 && blur.ssim() < soft.ssim());
			assertTrue(tag, noise.ssim() < 0.9);
			assertTrue(tag, soft.vif() < 0.95 && blur.vif() < soft.vif());
			assertTrue(tag, noise.vif() < 0.9);
			assertTrue(tag, blur.psnr() < soft.psnr());
		}
	}

	/** matched mode ignores the reconstruction's scale and offset. */
	@Test
	public void matchedModeIgnoresScaleAndOffset() {
		Volume ref = phantom(24, 24, 24, 5);
		Volume rec = noisy(blurred(ref, 1.0), 0.5, 6);
		Volume affine = rec.copy();
		float[] d = affine.data();
		for (int i = 0; i < d.length; i++) d[i] = 3.7f * d[i] - 120f;
		MetricsResult a = VoxelMetrics.compute(rec, ref, MetricMode.MATCHED, 2), b = VoxelMetrics.compute(affine, ref, MetricMode.MATCHED, 2);
		assertEquals(a.psnr(), b.psnr(), 1e-3);
		assertEquals(a.ssim(), b.ssim(), 1e-5);
		assertEquals(a.vif(), b.vif(), 1e-4);
		MetricsResult raw = VoxelMetrics.compute(affine, ref, MetricMode.RAW, 2);
		assertTrue(raw.psnr() < a.psnr() - 10);
	}

	/** Brute-force mean SSIM: every 7^3 (or 1 x 7 x 7) window position, sample covariance. */
	private static double bruteSsim(float[] a, float[] b, int nx, int ny, int nz, int wx, int wy, int wz, double range) {
		double c1 = Math.pow(0.01 * range, 2), c2 = Math.pow(0.03 * range, 2);
		int np = wx * wy * wz;
		double sum = 0;
		int count = 0;
		for (int z = 0; z + wz <= nz; z++) for (int y = 0; y + wy <= ny; y++) for (int x = 0; x + wx <= nx; x++) {
			double sa = 0, sb = 0;
			for (int k = 0; k < wz; k++) for (int j = 0; j < wy; j++) for (int i = 0; i < wx; i++) {
				int idx = (x + i) + nx * ((y + j) + ny * (z + k));
				sa += a[idx];
				sb += b[idx];
			}
			double ma = sa / np, mb = sb / np, vaa = 0, vbb = 0, vab = 0;
			for (int k = 0; k < wz; k++) for (int j = 0; j < wy; j++) for (int i = 0; i < wx; i++) {
				int idx = (x + i) + nx * ((y + j) + ny * (z + k));
				vaa += (a[idx] - ma) * (a[idx] - ma);
				vbb += (b[idx] - mb) * (b[idx] - mb);
				vab += (a[idx] - ma) * (b[idx] - mb);
			}
			vaa /= np - 1;
			vbb /= np - 1;
			vab /= np - 1;
			sum += (2 * ma * mb + c1) * (2 * vab + c2) / ((ma * ma + mb * mb + c1) * (vaa + vbb + c2));
			count++;
		}
		return sum / count;
	}

	@Test
	public void ssimMatchesBruteForce() {
		int nx = 12, ny = 10, nz = 9;
		Volume ref = phantom(nx, ny, nz, 8);
		Volume rec = noisy(blurred(ref, 0.8), 0.7, 9);
		double[] s = Volume.stats(ref.data());
		MetricsResult raw = VoxelMetrics.compute(rec, ref, MetricMode.RAW, 2);
		assertEquals(bruteSsim(ref.data(), rec.data(), nx, ny, nz, 7, 7, 7, s[3] - s[2]), raw.ssim(), 1e-9);
		// paper: reference * 0.1 / max, reconstruction matched to it, 2-D SSIM of every YZ plane
		// (7 x 7, data range = matched reconstruction's max) averaged over x
		float[] r = ref.data().clone();
		for (int i = 0; i < r.length; i++) r[i] = (float) (r[i] * 0.1 / s[3]);
		float[] d = VoxelMetrics.matched(rec.data(), Volume.stats(r));
		double dmax = Volume.stats(d)[3];
		MetricsResult paper = VoxelMetrics.compute(rec, ref, MetricMode.PAPER, 2);
		assertEquals(bruteSsim(r, d, nx, ny, nz, 1, 7, 7, dmax), paper.ssim(), 1e-6);
	}

	@Test
	public void paperPsnrAveragesSlicesWithTheirOwnPeak() {
		int nx = 16, ny = 12, nz = 10;
		Volume ref = phantom(nx, ny, nz, 10);
		// two empty y slices: their peak is 0, so their PSNR is -infinity and they are dropped
		for (int z = 0; z < nz; z++) for (int x = 0; x < nx; x++) {
			ref.set(x, 0, z, 0f);
			ref.set(x, 1, z, 0f);
		}
		Volume rec = noisy(ref, 0.8, 11);
		double max = Volume.stats(ref.data())[3];
		float[] r = ref.data().clone();
		for (int i = 0; i < r.length; i++) r[i] = (float) (r[i] * 0.1 / max);
		float[] d = VoxelMetrics.matched(rec.data(), Volume.stats(r));
		double sum = 0;
		int kept = 0;
		MetricsResult m = VoxelMetrics.compute(rec, ref, MetricMode.PAPER, 1);
		for (int y = 0; y < ny; y++) {
			double peak = 0, mse = 0;
			for (int z = 0; z < nz; z++) for (int x = 0; x < nx; x++) {
				int i = x + nx * (y + ny * z);
				peak = Math.max(peak, r[i]);
				mse += (d[i] - r[i]) * (double) (d[i] - r[i]) / (nx * nz);
			}
			double p = 10 * Math.log10(peak * peak / mse);
			assertEquals(p, m.psnrPerSlice()[y], 1e-6);
			if (Double.isFinite(p) && p > 0) {
				sum += p;
				kept++;
			}
		}
		assertEquals(ny - 2, kept);
		assertEquals(sum / kept, m.psnr(), 1e-9);
		// the protocol rescales the reference, so its scale does not matter
		Volume scaled = ref.copy();
		for (int i = 0; i < scaled.data().length; i++) scaled.data()[i] *= 40;
		MetricsResult s = VoxelMetrics.compute(rec, scaled, MetricMode.PAPER, 1);
		assertEquals(m.psnr(), s.psnr(), 1e-4);
		assertEquals(m.ssim(), s.ssim(), 1e-6);
		assertEquals(m.vif(), s.vif(), 1e-5);
	}

	@Test
	public void modesParse() {
		assertEquals(MetricMode.MATCHED, MetricMode.fromName(""));
		assertEquals(MetricMode.PAPER, MetricMode.fromName(" Paper "));
		assertEquals("raw", MetricMode.RAW.key());
		TomoInputException e = assertThrows(TomoInputException.class, () -> MetricMode.fromName("psnr"));
		assertTrue(e.getMessage(), e.getMessage().contains("'psnr'"));
	}

	@Test(expected = TomoInputException.class)
	public void tooSmallForTheWindowIsRejected() {
		Volume v = phantom(16, 16, 6, 1);
		VoxelMetrics.compute(v, v, MetricMode.MATCHED, 1);
	}

	@Test(expected = TomoInputException.class)
	public void constantReferenceIsRejected() {
		VoxelMetrics.compute(phantom(8, 8, 8, 1), new Volume(8, 8, 8, Double.NaN), MetricMode.MATCHED, 1);
	}

	@Test
	public void cancelStopsTheWork() {
		Volume v = phantom(16, 16, 16, 1);
		CancelToken token = new CancelToken();
		token.cancel();
		for (int threads : new int[] { 1, 2 }) {
			final int t = threads;
			assertThrows(CancelledException.class, () -> VoxelMetrics.compute(v, v, MetricMode.MATCHED, t, token));
			assertThrows(CancelledException.class, () -> FourierShellCorrelation.compute(v, v, null, t, token));
		}
	}
}
