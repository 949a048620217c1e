package org.tomocn.metrics;

import org.tomocn.core.CancelToken;
import org.tomocn.core.Parallel;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;
import org.tomocn.fft.Fft;

/**
 * Fourier shell correlation and the paper's directional FSC (section 2.6.1; conventions,
 * "Metrics").
 * <p>
 * <b>Shells.</b> Both volumes ({@code nx x ny x nz}, same size) are transformed with the 3-D
 * DFT ({@link Fft}). A DFT point with signed frequency indices (fx, fy, fz) has the radius
 * <pre>  r = sqrt((fx N/nx)^2 + (fy N/ny)^2 + (fz N/nz)^2),   N = max(nx, ny, nz)</pre>
 * in Fourier pixels of the largest side (for a cube simply |f|). Shell k holds the points with
 * {@code k - 1/2 <= r < k + 1/2} (within half a unit of the sphere of radius k), for
 * k = 1 .. N/2 (Nyquist); the origin and the corners beyond Nyquist are not used.
 * <p>
 * <b>Correlation.</b> Per shell, {@code FSC = Re(sum F1 conj F2) / sqrt(sum |F1|^2 sum |F2|^2)}
 * over the shell's points, without subtracting a mean (sums in double precision).
 * <p>
 * <b>Directional.</b> With tilt angles, every shell is split into the points of the
 * {@link PresentRegion} (within half a unit of some view's central plane) and the rest, and
 * the same correlation is taken over each part: {@code fsc_present}, {@code fsc_missing}.
 * <p>
 * <b>Method.</b> The two real volumes are packed into one complex volume {@code z = a + i b}
 * and transformed once; {@code A(k) = (Z(k) + conj Z(-k)) / 2} and
 * {@code B(k) = (Z(k) - conj Z(-k)) / 2i}. Before packing, each volume has its mean
 * subtracted and is divided by its RMS deviation from that mean (both in double precision).
 * This changes no shell's FSC: the mean only changes F(0), which no shell holds, and a
 * positive scale of either volume cancels in the correlation. It keeps the two volumes at
 * the same magnitude, so that the single-precision rounding of the shared FFT does not
 * drown the smaller one (a volume 1e-6 times the other's scale otherwise lost its
 * high-frequency shells); FSC is thereby invariant to the volumes' scale and offset, as its
 * definition is. A constant volume has no FSC and is refused. Memory: one complex copy,
 * 8 bytes per voxel. The shell sums are spread over {@code threads} threads by z plane and
 * added in plane order, so results do not depend on the thread count (the FFT itself uses
 * JTransforms' own thread setting).
 */
public final class FourierShellCorrelation {
	private FourierShellCorrelation() {}

	/** {@link #compute(Volume, Volume, double[], int, CancelToken)} without cancellation. */
	public static FscResult compute(Volume a, Volume b, double[] anglesDegOrNull, int threads) {
		return compute(a, b, anglesDegOrNull, threads, CancelToken.NONE);
	}

	/** {@link #compute(Volume, String, Volume, String, double[], int, CancelToken)} naming them "the volume" and "the reference". */
	public static FscResult compute(Volume a, Volume b, double[] anglesDegOrNull, int threads, CancelToken cancel) {
		return compute(a, "the volume", b, "the reference", anglesDegOrNull, threads, cancel);
	}

	/**
	 * The FSC of {@code a} and {@code b} (symmetric in a and b).
	 *
	 * @param aName how the user knows {@code a} in messages, e.g. its file name
	 * @param bName how the user knows {@code b}
	 * @param anglesDegOrNull the acquired tilt angles in degrees for the directional curves, or
	 *        null for the plain FSC only (from a
	 *        {@link org.tomocn.core.TiltGeometry}: {@code anglesDeg()})
	 * @param threads worker threads for the shell sums
	 * @return per-shell curves; the pixel size is a's, or b's when a's is unknown
	 * @throws TomoInputException naming the volume(s): when the sizes differ, a volume holds NaN
	 *         or infinite values or is constant (no FSC is defined), the volume is too small
	 *         (N < 2) or too large for one complex copy
	 */
	public static FscResult compute(Volume a, String aName, Volume b, String bName, double[] anglesDegOrNull, int threads, CancelToken cancel) {
		if (a.nx() != b.nx() || a.ny() != b.ny() || a.nz() != b.nz()) {
			throw new TomoInputException("FSC needs volumes of the same size, but " + aName + " is " + a.nx() + " x " + a.ny() + " x " + a.nz() + " and " + bName +
				" is " + b.nx() + " x " + b.ny() + " x " + b.nz());
		}
		a.requireFinite(aName);
		b.requireFinite(bName);
		final int nx = a.nx(), ny = a.ny(), nz = a.nz();
		final int boxSize = Math.max(nx, Math.max(ny, nz));
		final int nShells = boxSize / 2;
		if (nShells < 1) throw new TomoInputException("The volume is " + nx + " x " + ny + " x " + nz + "; FSC needs at least 2 voxels along some axis");
		final long n = (long) nx * ny * nz;
		if (2 * n > Integer.MAX_VALUE - 8) {
			throw new TomoInputException("The volume has " + n + " voxels; FSC needs one complex copy (2 values per voxel) below 2^31 values: bin it first");
		}
		double[] ma = meanAndDeviation(a, aName), mb = meanAndDeviation(b, bName);
		final boolean directional = anglesDegOrNull != null;
		final boolean[] present = directional ? new PresentRegion(anglesDegOrNull).mask(nx, nz, boxSize) : null;

		float[] fa = a.data(), fb = b.data();
		final float[] c = new float[(int) (2 * n)];
		for (int i = 0; i < n; i++) {
			c[2 * i] = (float) ((fa[i] - ma[0]) / ma[1]);
			c[2 * i + 1] = (float) ((fb[i] - mb[0]) / mb[1]);
		}
		cancel.check();
		Fft.forward3dComplex(c, nx, ny, nz);
		cancel.check();

		final double[] kx2 = Fft.squaredScaledFrequencies(nx, boxSize), ky2 = Fft.squaredScaledFrequencies(ny, boxSize), kz2 = Fft.squaredScaledFrequencies(nz, boxSize);
		// per z plane: [shell * 6 + {cross, pa, pb} (+3 for missing)], counts [shell * 2 + {present, missing}]
		final int stride = directional ? 6 : 3;
		final double[][] sums = new double[nz][nShells * stride];
		final long[][] counts = new long[nz][nShells * 2];
		final double maxR = nShells + 0.5;
		Parallel.forEach(nz, threads, cancel, () -> null, (iz, unused) -> {
			final double[] s = sums[iz];
			final long[] cnt = counts[iz];
			final int izn = (nz - iz) % nz;
			for (int iy = 0; iy < ny; iy++) {
				final double r2yz = ky2[iy] + kz2[iz];
				if (r2yz >= maxR * maxR) continue;
				final int iyn = (ny - iy) % ny;
				final int row = nx * (iy + ny * iz), rowNeg = nx * (iyn + ny * izn);
				for (int ix = 0; ix < nx; ix++) {
					final int shell = (int) Math.floor(Math.sqrt(r2yz + kx2[ix]) + 0.5);
					if (shell < 1 || shell > nShells) continue;
					final int p = 2 * (row + ix), q = 2 * (rowNeg + (nx - ix) % nx);
					final double zr = c[p], zi = c[p + 1], wr = c[q], wi = c[q + 1];
					// 2A = Z(k) + conj Z(-k), 2B = (Z(k) - conj Z(-k)) / i; the common factor cancels in the FSC
					final double ar = zr + wr, ai = zi - wi, br = zi + wi, bi = wr - zr;
					final double cross = ar * br + ai * bi, pa = ar * ar + ai * ai, pb = br * br + bi * bi;
					int base = (shell - 1) * stride;
					int which = 0;
					if (directional && !present[ix + nx * iz]) {
						base += 3;
						which = 1;
					}
					s[base] += cross;
					s[base + 1] += pa;
					s[base + 2] += pb;
					cnt[2 * (shell - 1) + which]++;
				}
			}
		});

		double[] tot = new double[nShells * stride];
		long[] cntTot = new long[nShells * 2];
		for (int iz = 0; iz < nz; iz++) {
			for (int i = 0; i < tot.length; i++) tot[i] += sums[iz][i];
			for (int i = 0; i < cntTot.length; i++) cntTot[i] += counts[iz][i];
		}
		double[] fsc = new double[nShells];
		long[] nPoints = new long[nShells];
		double[] fscP = directional ? new double[nShells] : null, fscM = directional ? new double[nShells] : null;
		long[] nP = directional ? new long[nShells] : null, nM = directional ? new long[nShells] : null;
		for (int k = 0; k < nShells; k++) {
			int base = k * stride;
			nPoints[k] = cntTot[2 * k] + cntTot[2 * k + 1];
			if (directional) {
				fscP[k] = corr(tot[base], tot[base + 1], tot[base + 2]);
				fscM[k] = corr(tot[base + 3], tot[base + 4], tot[base + 5]);
				nP[k] = cntTot[2 * k];
				nM[k] = cntTot[2 * k + 1];
				fsc[k] = corr(tot[base] + tot[base + 3], tot[base + 1] + tot[base + 4], tot[base + 2] + tot[base + 5]);
			}
			else {
				fsc[k] = corr(tot[base], tot[base + 1], tot[base + 2]);
			}
		}
		double pixel = Double.isNaN(a.pixelSize()) ? b.pixelSize() : a.pixelSize();
		return new FscResult(boxSize, pixel, fsc, fscP, fscM, nPoints, nP, nM);
	}

	/**
	 * The mean and the RMS deviation from it (double precision), the offset and scale taken
	 * out before the shared FFT (see the class comment).
	 *
	 * @throws TomoInputException naming the volume when it is constant (deviation 0): every
	 *           shell's power is then 0 and the FSC undefined
	 */
	private static double[] meanAndDeviation(Volume v, String name) {
		double[] md = v.meanAndDeviation();
		if (!(md[1] > 0) || !Double.isFinite(md[1])) {
			throw new TomoInputException("FSC needs volumes with contrast, but " + name + " is constant (every voxel is " + v.data()[0] + ")");
		}
		return md;
	}

	private static double corr(double cross, double pa, double pb) {
		double d = Math.sqrt(pa * pb);
		return d > 0 ? cross / d : Double.NaN;
	}
}
