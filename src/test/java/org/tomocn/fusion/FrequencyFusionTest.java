package org.tomocn.fusion;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Random;

import org.junit.Test;
import org.tomocn.core.CancelToken;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;
import org.tomocn.fft.Fft;

public class FrequencyFusionTest {
	static final int NX = 32, NY = 16, NZ = 16;
	static final double[] ANGLES = range(-60, 2, 60);

	static double[] range(double lo, double step, double hi) {
		int n = (int) Math.round((hi - lo) / step) + 1;
		double[] a = new double[n];
		for (int i = 0; i < n; i++) a[i] = lo + i * step;
		return a;
	}

	/** Random Gaussian blobs of radius 1-3 voxels: power at every frequency up to Nyquist. */
	static Volume truth(long seed) {
		Random r = new Random(seed);
		Volume v = new Volume(NX, NY, NZ, 5);
		for (int b = 0; b < 40; b++) {
			double cx = r.nextDouble() * NX, cy = r.nextDouble() * NY, cz = 3 + r.nextDouble() * (NZ - 6), s = 0.7 + 2 * r.nextDouble(), a = 0.5 + r.nextDouble();
			for (int z = 0; z < NZ; z++)
				for (int y = 0; y < NY; y++)
					for (int x = 0; x < NX; x++) {
						double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz);
						v.data()[v.index(x, y, z)] += (float) (a * Math.exp(-d2 / (2 * s * s)));
					}
		}
		return v;
	}

	/** The truth filtered in Fourier space: kept where {@code keep} says, times {@code gain(r)} by radius r (Fourier pixels of the largest side). */
	static Volume filtered(Volume t, java.util.function.BiPredicate<Integer, Integer> keepXZ, java.util.function.DoubleUnaryOperator gain) {
		float[] c = new float[2 * NX * NY * NZ];
		for (int i = 0; i < t.data().length; i++) c[2 * i] = t.data()[i];
		Fft.forward3dComplex(c, NX, NY, NZ);
		int n = Math.max(NX, Math.max(NY, NZ));
		for (int iz = 0; iz < NZ; iz++)
			for (int iy = 0; iy < NY; iy++)
				for (int ix = 0; ix < NX; ix++) {
					double kx = Fft.freq(ix, NX) * (double) n / NX, ky = Fft.freq(iy, NY) * (double) n / NY, kz = Fft.freq(iz, NZ) * (double) n / NZ;
					double g = keepXZ.test(ix, iz) ? gain.applyAsDouble(Math.sqrt(kx * kx + ky * ky + kz * kz)) : 0;
					int p = 2 * (ix + NX * (iy + NY * iz));
					c[p] *= g;
					c[p + 1] *= g;
				}
		Fft.inverse3dComplex(c, NX, NY, NZ);
		float[] out = new float[NX * NY * NZ];
		for (int i = 0; i < out.length; i++) out[i] = c[2 * i];
		return new Volume(out, NX, NY, NZ, t.pixelSize());
	}

	/** The network's transfer function in the tests: exact up to radius 5 (beyond N/8, where the scale is matched), then a Gaussian fall-off. */
	static double blur(double r) {
		return r <= 5 ? 1 : Math.exp(-(r - 5) * (r - 5) / (2 * 4.0 * 4.0));
	}

	static double rmse(Volume a, Volume b) {
		double s = 0;
		for (int i = 0; i < a.data().length; i++) s += (a.data()[i] - b.data()[i]) * (a.data()[i] - b.data()[i]);
		return Math.sqrt(s / a.data().length);
	}

	/** The classic exact where views measured (zero elsewhere), the network exact at low frequency everywhere but blurred beyond: the fusion beats both. */
	@Test
	public void fusionBeatsAnExactClassicAndABlurredNetwork() {
		Volume t = truth(1);
		FourierGrid grid = new FourierGrid(NX, NY, NZ, ANGLES);
		Volume classic = filtered(t, (ix, iz) -> grid.region(ix, iz) != FusionRegion.WEDGE, r -> 1);
		Volume network = filtered(t, (ix, iz) -> true, FrequencyFusionTest::blur);
		FrequencyFusion.Result res = FrequencyFusion.fuse(network, "net", classic, "classic", ANGLES, null, 2, CancelToken.NONE);
		// the best any per-region choice can do: the classic where measured, the network in the wedge
		Volume wedge = filtered(t, (ix, iz) -> grid.region(ix, iz) == FusionRegion.WEDGE, FrequencyFusionTest::blur);
		Volume ideal = classic.copy();
		for (int i = 0; i < ideal.data().length; i++) ideal.data()[i] += wedge.data()[i];
		double eF = rmse(res.volume(), t), eC = rmse(classic, t), eN = rmse(network, t), eI = rmse(ideal, t);
		assertTrue("fusion " + eF + " vs classic " + eC, eF < 0.75 * eC);
		assertTrue("fusion " + eF + " vs network " + eN, eF < 0.75 * eN);
		assertTrue("fusion " + eF + " vs ideal " + eI, eF < 1.02 * eI);
		assertEquals(1, res.weights().scale(), 1e-3);
		// the classic rules where it measured at high frequency, the network the wedge at low frequency
		int k = grid.numShells() - 2;
		assertTrue("" + res.weights().classicShare(k, FusionRegion.PRESENT), res.weights().classicShare(k, FusionRegion.PRESENT) > 0.95);
		assertEquals(0, res.weights().classic(2, FusionRegion.WEDGE), 0);
		assertEquals(1, res.weights().network(2, FusionRegion.WEDGE), 1e-9);
	}

	/** Weights are in [0, 1], the classic's scale is matched and undone, whatever scale it comes in. */
	@Test
	public void weightsInUnitRangeAndScaleMatched() {
		Volume t = truth(2);
		FourierGrid grid = new FourierGrid(NX, NY, NZ, ANGLES);
		Random r = new Random(5);
		Volume classic = filtered(t, (ix, iz) -> grid.region(ix, iz) != FusionRegion.WEDGE, k -> 1);
		for (int i = 0; i < classic.data().length; i++) classic.data()[i] += (float) (0.05 * r.nextGaussian());
		Volume network = filtered(t, (ix, iz) -> true, k -> Math.exp(-k * k / (2 * 6.0 * 6.0)));
		FrequencyFusion.Result a = FrequencyFusion.fuse(network, "net", classic, "classic", ANGLES, null, 1, CancelToken.NONE);
		Volume scaled = classic.copy();
		for (int i = 0; i < scaled.data().length; i++) scaled.data()[i] = 3.7f * scaled.data()[i] + 11f;
		FrequencyFusion.Result b = FrequencyFusion.fuse(network, "net", scaled, "classic", ANGLES, null, 2, CancelToken.NONE);
		assertEquals(a.weights().scale() / 3.7, b.weights().scale(), 1e-4 * a.weights().scale());
		assertTrue("same fused volume: " + rmse(a.volume(), b.volume()), rmse(a.volume(), b.volume()) < 1e-4 * rmse(t, new Volume(NX, NY, NZ, 5)));
		for (int k = 0; k <= a.weights().numShells(); k++) {
			for (FusionRegion reg : FusionRegion.values()) {
				double c = a.weights().classicShare(k, reg), n = a.weights().network(k, reg);
				assertTrue(k + " " + reg + ": " + c, c >= 0 && c <= 1);
				assertTrue(k + " " + reg + ": " + n, n >= 0 && n <= 1);
				if (reg != FusionRegion.WEDGE && a.weights().count(k, reg) > 0) assertEquals(k + " " + reg, 1, c + n, 1e-12);
			}
		}
		// the mean is the network's
		double mf = 0, mn = 0;
		for (int i = 0; i < t.data().length; i++) {
			mf += b.volume().data()[i];
			mn += network.data()[i];
		}
		assertEquals(mn / t.data().length, mf / t.data().length, 1e-4);
	}

	/** Excess power in the network's wedge (noise the object cannot hold) is scaled down; its signal stays. */
	@Test
	public void networkWedgeNoiseIsDampedButItsSignalKept() {
		Volume t = truth(3);
		FourierGrid grid = new FourierGrid(NX, NY, NZ, ANGLES);
		Volume classic = filtered(t, (ix, iz) -> grid.region(ix, iz) != FusionRegion.WEDGE, k -> 1);
		Volume noise = new Volume(NX, NY, NZ, 5);
		Random r = new Random(7);
		for (int i = 0; i < noise.data().length; i++) noise.data()[i] = (float) r.nextGaussian();
		Volume wedgeNoise = filtered(noise, (ix, iz) -> grid.region(ix, iz) == FusionRegion.WEDGE, k -> k > 6 ? 1 : 0);
		Volume network = t.copy();
		for (int i = 0; i < network.data().length; i++) network.data()[i] += wedgeNoise.data()[i];
		FrequencyFusion.Result res = FrequencyFusion.fuse(network, "net", classic, "classic", ANGLES, null, 2, CancelToken.NONE);
		assertTrue(rmse(res.volume(), t) < 0.6 * rmse(network, t));
		assertEquals(1, res.weights().network(3, FusionRegion.WEDGE), 1e-9);
		assertTrue(res.weights().network(res.weights().numShells() - 1, FusionRegion.WEDGE) < 0.5);
	}

	/**
	 * Noisy data, weights from the classic's half sets: where the object has no power (beyond
	 * its low-pass) the network's fitted noise is scaled down with the classic's, while both are
	 * kept where the signal is.
	 */
	@Test
	public void halfSetWeightsDampNoiseWhereTheSignalHasNoPower() {
		Volume t = filtered(truth(4), (ix, iz) -> true, k -> Math.exp(-k * k / (2 * 3.0 * 3.0)));
		FourierGrid grid = new FourierGrid(NX, NY, NZ, ANGLES);
		Volume measured = filtered(t, (ix, iz) -> grid.region(ix, iz) != FusionRegion.WEDGE, k -> 1);
		double sd = t.meanAndDeviation()[1];
		Random r = new Random(11);
		Volume[] halves = { measured.copy(), measured.copy() };
		for (Volume h : halves) for (int i = 0; i < h.data().length; i++) h.data()[i] += (float) (2 * sd * r.nextGaussian());
		Volume classic = measured.copy(), network = t.copy();
		for (int i = 0; i < classic.data().length; i++) {
			classic.data()[i] = 0.5f * (halves[0].data()[i] + halves[1].data()[i]);
			network.data()[i] += (float) (0.5 * sd * r.nextGaussian());
		}
		FrequencyFusion.Result res = FrequencyFusion.fuse(network, "net", classic, "classic", ANGLES, halves, 2, CancelToken.NONE);
		FusionWeights w = res.weights();
		double eF = rmse(res.volume(), t), eN = rmse(network, t);
		assertTrue("fusion " + eF + " vs network " + eN, eF < 0.6 * eN);
		int last = w.numShells() - 1;
		assertTrue("network weight at the last shell " + w.network(last, FusionRegion.PRESENT), w.network(last, FusionRegion.PRESENT) < 0.2);
		assertTrue("classic weight at the last shell " + w.classicShare(last, FusionRegion.PRESENT), w.classicShare(last, FusionRegion.PRESENT) < 0.2);
		assertTrue("weights at shell 2: " + w.network(2, FusionRegion.PRESENT) + " + " + w.classicShare(2, FusionRegion.PRESENT),
			w.network(2, FusionRegion.PRESENT) + w.classicShare(2, FusionRegion.PRESENT) > 0.8);
		// the log line says so: most of the lowest band kept, little of the highest
		String line = w.summary();
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("kept ([0-9.]+) / ([0-9.]+) / ([0-9.]+) at").matcher(line);
		assertTrue(line, line.contains("half sets") && m.find());
		assertTrue(line, Double.parseDouble(m.group(1)) > 0.7 && Double.parseDouble(m.group(3)) < 0.2);
	}

	@Test
	public void regions() {
		FourierGrid g = new FourierGrid(64, 64, 32, ANGLES);
		assertEquals(FusionRegion.PRESENT, g.region(5, 0)); // along kx: the 0-degree view
		assertEquals(FusionRegion.WEDGE, g.region(0, 5)); // along kz: the beam at 0 degrees, never measured
		assertEquals(FusionRegion.PRESENT, g.region(0, 0));
		int gaps = 0;
		for (int iz = 0; iz < 32; iz++) for (int ix = 0; ix < 64; ix++) if (g.region(ix, iz) == FusionRegion.GAP) gaps++;
		assertTrue("gaps between views beyond the overlap radius: " + gaps, gaps > 0);
		assertEquals(32, g.numShells());
		assertEquals(32, g.shell(32, 0, 0));
		assertEquals(32, g.shell(32, 32, 16)); // corners count with Nyquist
	}

	@Test
	public void badInputIsRefusedByName() {
		Volume a = truth(4), small = new Volume(NX, NY, NZ - 2, 5);
		expect(() -> FrequencyFusion.fuse(a, "net.mrc", small, "fi.mrc", ANGLES, null, 1, CancelToken.NONE), "net.mrc is 32 x 16 x 16", "fi.mrc is 32 x 16 x 14");
		Volume nan = a.copy();
		nan.data()[17] = Float.NaN;
		expect(() -> FrequencyFusion.fuse(a, "net.mrc", nan, "fi.mrc", ANGLES, null, 1, CancelToken.NONE), "fi.mrc holds NaN");
		expect(() -> FrequencyFusion.fuse(new Volume(NX, NY, NZ, 5), "net.mrc", a, "fi.mrc", ANGLES, null, 1, CancelToken.NONE), "net.mrc is constant");
		Volume inverted = a.copy();
		for (int i = 0; i < inverted.data().length; i++) inverted.data()[i] = -inverted.data()[i];
		expect(() -> FrequencyFusion.fuse(a, "net.mrc", inverted, "fi.mrc", ANGLES, null, 1, CancelToken.NONE), "opposite contrast");
	}

	private static void expect(Runnable r, String... parts) {
		try {
			r.run();
			fail("no exception");
		}
		catch (TomoInputException e) {
			for (String p : parts) assertTrue(e.getMessage(), e.getMessage().contains(p));
		}
	}
}
