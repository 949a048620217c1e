package org.tomocn.recon;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import org.tomocn.core.CancelToken;
import org.tomocn.core.Parallel;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;
import org.tomocn.fft.Fft;

/**
 * Direct Fourier inversion by the central-slice theorem, one XZ slice (y row) at a time, as
 * EMAN2 reconstructs tomograms: the 1-D DFT of a projection row is the 2-D DFT of the slice
 * along the line through the origin at the view's angle.
 * <p>
 * <b>Per y row.</b> (1) Each projection row is zero-padded to {@code Nu = nextFastSize(2 X)}
 * with the detector centre {@code cu = (X-1)/2} at the origin (a half-pixel centre is a
 * phase factor) and transformed. (2) Its sample j, at frequency {@code j/Nu} cycles/pixel,
 * belongs to the slice's spectrum at {@code (j/Nu)(cos t, sin t)}, because the projector
 * maps voxel (x, z) to {@code u - cu = (x-cx) cos t + (z-cz) sin t}; it is splatted with
 * bilinear weights onto a {@code Nx x Nz} grid ({@code Nx = Nu}, {@code Nz = nextFastSize(2 Z)}:
 * 2x oversampling in both directions, which keeps the interpolation error small without a
 * grid correction), values and weights accumulated separately. (3) Where the accumulated
 * weight exceeds {@link #weightThreshold()} the grid holds value / weight, elsewhere (the
 * missing wedge, gaps between views at high frequency) zero. (4) A phase ramp puts the
 * voxel centre {@code ((X-1)/2, (Z-1)/2)} at the origin, an inverse 2-D FFT and a crop give
 * the slice.
 * <p>
 * <b>Scale.</b> The grid estimates the slice's spectrum itself (DFT units: a projection's DFT
 * is the slice's), with no further factor, so the raw line integrals of
 * {@link org.tomocn.geometry.Projector#forward} reconstruct to the volume's values where the
 * spectrum is sampled. At low frequencies the bilinear splats of neighbouring views overlap
 * across the missing wedge and fill it with interpolated values, so large objects come back
 * at their value (measured: centre of a radius-14 ball from -60:2:60, 1.00; WBP 0.97);
 * small objects, whose spectrum reaches the unfilled wedge, lose its share (radius 7:
 * 0.87, WBP 0.97). WBP instead scales the sampled wedge by
 * {@link AngularWeights#wedgeGain}; the two agree within about 10% on dense regions.
 * <p>
 * <b>Memory.</b> The output plus, per thread, one complex {@code Nx x Nz} grid, its
 * weights and one padded row.
 */
public final class FourierInversion implements Reconstructor {
	/** Default weight threshold: a grid point needs 5% of one sample's full weight. */
	public static final double DEFAULT_THRESHOLD = 0.05;

	private final double threshold;

	public FourierInversion() {
		this(DEFAULT_THRESHOLD);
	}

	/** @param weightThreshold minimum accumulated bilinear weight of a grid point, in (0, 1] */
	public FourierInversion(double weightThreshold) {
		if (!(weightThreshold > 0 && weightThreshold <= 1)) throw new TomoInputException("Fourier weight threshold must be in (0, 1], got " + weightThreshold);
		this.threshold = weightThreshold;
	}

	public double weightThreshold() {
		return threshold;
	}

	@Override
	public Volume reconstruct(TiltSeries ts, int threads, CancelToken cancel, ProgressListener progress) {
		ReconInput.check(ts, threads);
		final TiltGeometry g = ts.geometry();
		final int nx = g.width(), ny = g.height(), nz = g.thickness(), nViews = g.numViews();
		final int nu = Fft.nextFastSize(2 * nx), gx = nu, gz = Fft.nextFastSize(2 * nz);
		final float[] in = ts.projections().data();
		Volume out = new Volume(nx, ny, nz, ReconInput.pixelSize(ts));
		final float[] vol = out.data();

		// integer origins and half-pixel remainders of the detector and voxel centres
		final int u0 = (nx - 1) / 2, x0 = (nx - 1) / 2, z0 = (nz - 1) / 2;
		final double du = (nx - 1) / 2.0 - u0, dx = (nx - 1) / 2.0 - x0, dz = (nz - 1) / 2.0 - z0;
		// input phase e^{+2 pi i j du / nu}; output phase e^{-2 pi i (kx dx / gx + kz dz / gz)}
		final float[] inPhase = phaseTable(nu, du, +1), outX = phaseTable(gx, dx, -1), outZ = phaseTable(gz, dz, -1);
		final float[] cos = new float[nViews], sin = new float[nViews];
		for (int k = 0; k < nViews; k++) {
			cos[k] = (float) Math.cos(g.angleRad(k));
			sin[k] = (float) (Math.sin(g.angleRad(k)) * gz / (double) nu);
		}
		final Fft.Plan1d rowPlan = new Fft.Plan1d(nu);
		final AtomicInteger done = new AtomicInteger();
		final int step = Math.max(1, ny / 50);

		Parallel.forEach(ny, threads, cancel, () -> new Slice(gx, gz, nu), (y, s) -> {
			Arrays.fill(s.grid, 0f);
			Arrays.fill(s.weight, 0f);
			for (int k = 0; k < nViews; k++) {
				Arrays.fill(s.row, 0f);
				int src = nx * (y + ny * k);
				for (int u = 0; u < nx; u++) s.row[2 * Math.floorMod(u - u0, nu)] = in[src + u];
				rowPlan.forward(s.row);
				float c = cos[k], sn = sin[k];
				for (int j = -(nu / 2 - 1); j <= nu / 2 - 1; j++) {
					int i = Math.floorMod(j, nu);
					float re = s.row[2 * i], im = s.row[2 * i + 1];
					float pr = inPhase[2 * i], pi = inPhase[2 * i + 1];
					float vr = re * pr - im * pi, vi = re * pi + im * pr;
					splat(s, j * c, j * sn, vr, vi, gx, gz);
				}
			}
			for (int iz = 0; iz < gz; iz++) for (int ix = 0; ix < gx; ix++) {
				int p = ix + gx * iz;
				float wsum = s.weight[p];
				if (wsum > threshold) {
					float re = s.grid[2 * p] / wsum, im = s.grid[2 * p + 1] / wsum;
					float ar = outX[2 * ix], ai = outX[2 * ix + 1], br = outZ[2 * iz], bi = outZ[2 * iz + 1];
					float pr = ar * br - ai * bi, pi = ar * bi + ai * br;
					s.grid[2 * p] = re * pr - im * pi;
					s.grid[2 * p + 1] = re * pi + im * pr;
				}
				else {
					s.grid[2 * p] = 0f;
					s.grid[2 * p + 1] = 0f;
				}
			}
			s.plan.inverse(s.grid);
			for (int z = 0; z < nz; z++) {
				int row = gx * Math.floorMod(z - z0, gz), dst = nx * (y + ny * z);
				for (int x = 0; x < nx; x++) vol[dst + x] = s.grid[2 * (Math.floorMod(x - x0, gx) + row)];
			}
			int d = done.incrementAndGet();
			if (d % step == 0 || d == ny) progress.progress(d / (double) ny, "Fourier inversion: " + d + "/" + ny + " rows");
		});
		return out;
	}

	/** Bilinear splat of value (vr, vi) at grid coordinates (fx, fz) (signed, wrapped). */
	private static void splat(Slice s, float fx, float fz, float vr, float vi, int gx, int gz) {
		int ix = (int) Math.floor(fx), iz = (int) Math.floor(fz);
		float ax = fx - ix, az = fz - iz;
		for (int b = 0; b < 2; b++) {
			float wz = b == 0 ? 1 - az : az;
			if (wz == 0f) continue;
			int row = gx * Math.floorMod(iz + b, gz);
			for (int a = 0; a < 2; a++) {
				float w = (a == 0 ? 1 - ax : ax) * wz;
				if (w == 0f) continue;
				int p = Math.floorMod(ix + a, gx) + row;
				s.grid[2 * p] += w * vr;
				s.grid[2 * p + 1] += w * vi;
				s.weight[p] += w;
			}
		}
	}

	/** e^{sign 2 pi i freq(i, n) shift / n} for every index i of an n-point DFT, interleaved. */
	private static float[] phaseTable(int n, double shift, int sign) {
		float[] t = new float[2 * n];
		for (int i = 0; i < n; i++) {
			double a = sign * 2 * Math.PI * Fft.freq(i, n) * shift / n;
			t[2 * i] = (float) Math.cos(a);
			t[2 * i + 1] = (float) Math.sin(a);
		}
		return t;
	}

	/** Per-thread working memory of one XZ slice. */
	private static final class Slice {
		final float[] grid, weight, row;
		final Fft.Plan2d plan;

		Slice(int gx, int gz, int nu) {
			grid = new float[2 * gx * gz];
			weight = new float[gx * gz];
			row = new float[2 * nu];
			plan = new Fft.Plan2d(gx, gz);
		}
	}

	@Override
	public String toString() {
		return "FourierInversion[threshold " + threshold + "]";
	}
}
