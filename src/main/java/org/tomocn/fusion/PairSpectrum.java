package org.tomocn.fusion;

import org.tomocn.core.CancelToken;
import org.tomocn.core.Parallel;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;
import org.tomocn.fft.Fft;

/**
 * The 3-D Fourier transforms A and B of two real volumes of the same size, held as one
 * packed complex transform {@code Z = FFT(a' + i b')} (as the FSC does), with the per-shell,
 * per-region power and cross sums that {@link FusionWeights} needs, and the inverse transform of
 * a per-shell, per-region linear combination {@code wa A + wb B}.
 * <p>
 * Before packing, each volume has its mean subtracted and is divided by its RMS deviation
 * (double precision), so that the single-precision FFT treats both alike whatever their
 * scales; sums and combinations are returned in the volumes' own units, and the means come
 * back through the origin's weights. Memory: one complex copy, 8 bytes per voxel (owned
 * here; {@link #combine} reuses it, after which the sums stay valid but combine cannot run
 * again). Not thread-safe; the work inside is spread over {@code threads} threads by z plane
 * and sums are added in plane order, so results do not depend on the thread count.
 */
final class PairSpectrum {
	/** Indices into a sums row: power of A, power of B, Re(sum A conj B), number of points. */
	static final int AA = 0, BB = 1, AB = 2, COUNT = 3;

	private final FourierGrid grid;
	private final float[] z;
	private final double meanA, meanB, scaleA, scaleB;
	private final int threads;
	private final CancelToken cancel;
	private boolean consumed;

	PairSpectrum(Volume a, Volume b, FourierGrid grid, int threads, CancelToken cancel) {
		this.grid = grid;
		this.threads = threads;
		this.cancel = cancel;
		int n = grid.nx() * grid.ny() * grid.nz();
		if ((long) 2 * n > Integer.MAX_VALUE - 8) throw new TomoInputException("The volumes have " + n + " voxels; fusion needs one complex copy below 2^31 values: bin them first");
		double[] ma = a.meanAndDeviation(), mb = b.meanAndDeviation();
		meanA = ma[0];
		scaleA = ma[1] > 0 ? ma[1] : 1;
		meanB = mb[0];
		scaleB = mb[1] > 0 ? mb[1] : 1;
		float[] fa = a.data(), fb = b.data();
		z = new float[2 * n];
		for (int i = 0; i < n; i++) {
			z[2 * i] = (float) ((fa[i] - meanA) / scaleA);
			z[2 * i + 1] = (float) ((fb[i] - meanB) / scaleB);
		}
		cancel.check();
		Fft.forward3dComplex(z, grid.nx(), grid.ny(), grid.nz());
		cancel.check();
	}

	double meanA() {
		return meanA;
	}

	double meanB() {
		return meanB;
	}

	/**
	 * {@code [shell][region][AA | BB | AB | COUNT]} over the DFT points of each shell (0 .. N/2)
	 * and {@link FusionRegion}: {@code sum |A|^2}, {@code sum |B|^2}, {@code Re sum A conj B} in
	 * the volumes' units (means removed, so shell 0 is zero), and the number of points.
	 */
	double[][][] sums() {
		if (consumed) throw new IllegalStateException("the spectrum was consumed by combine");
		final int nx = grid.nx(), ny = grid.ny(), nz = grid.nz(), ns = grid.numShells() + 1, nr = FusionRegion.values().length;
		final double[][] perPlane = new double[nz][ns * nr * 4];
		Parallel.forEach(nz, threads, cancel, () -> null, (iz, unused) -> {
			final double[] s = perPlane[iz];
			final int izn = (nz - iz) % nz;
			for (int iy = 0; iy < ny; iy++) {
				final int iyn = (ny - iy) % ny;
				final int row = nx * (iy + ny * iz), rowNeg = nx * (iyn + ny * izn);
				for (int ix = 0; ix < nx; ix++) {
					final int p = 2 * (row + ix), q = 2 * (rowNeg + (nx - ix) % nx);
					final double zr = z[p], zi = z[p + 1], wr = z[q], wi = z[q + 1];
					// 2A = Z(k) + conj Z(-k), 2B = (Z(k) - conj Z(-k)) / i
					final double ar = 0.5 * (zr + wr), ai = 0.5 * (zi - wi), br = 0.5 * (zi + wi), bi = 0.5 * (wr - zr);
					final int base = 4 * (grid.shell(ix, iy, iz) * nr + grid.regionOrdinal(ix, iz));
					s[base + AA] += ar * ar + ai * ai;
					s[base + BB] += br * br + bi * bi;
					s[base + AB] += ar * br + ai * bi;
					s[base + COUNT] += 1;
				}
			}
		});
		double[][][] out = new double[ns][nr][4];
		for (int iz = 0; iz < nz; iz++) {
			for (int k = 0; k < ns; k++) {
				for (int r = 0; r < nr; r++) {
					for (int j = 0; j < 4; j++) out[k][r][j] += perPlane[iz][4 * (k * nr + r) + j];
				}
			}
		}
		for (double[][] shell : out) {
			for (double[] cell : shell) {
				cell[AA] *= scaleA * scaleA;
				cell[BB] *= scaleB * scaleB;
				cell[AB] *= scaleA * scaleB;
			}
		}
		return out;
	}

	/**
	 * The real volume whose transform is {@code wa[s][r] A + wb[s][r] B} at every DFT point of
	 * shell s and region r, and whose mean is {@code wa[0][PRESENT] meanA + wb[0][PRESENT] meanB}.
	 * The weights are real and depend only on the shell and the region, which are the same at
	 * k and -k, so the combination keeps the Hermitian symmetry of a real volume. Consumes the
	 * spectrum.
	 */
	Volume combine(double[][] wa, double[][] wb, double pixelSize) {
		if (consumed) throw new IllegalStateException("the spectrum was consumed by combine");
		consumed = true;
		final int nx = grid.nx(), ny = grid.ny(), nz = grid.nz();
		Parallel.forEach(nz, threads, cancel, () -> null, (iz, unused) -> {
			final int izn = (nz - iz) % nz;
			for (int iy = 0; iy < ny; iy++) {
				final int iyn = (ny - iy) % ny;
				final int row = nx * (iy + ny * iz), rowNeg = nx * (iyn + ny * izn);
				for (int ix = 0; ix < nx; ix++) {
					final int p = 2 * (row + ix), q = 2 * (rowNeg + (nx - ix) % nx);
					if (p > q) continue; // each pair (k, -k) once, by the thread of its lower index
					final double zr = z[p], zi = z[p + 1], wr = z[q], wi = z[q + 1];
					final double ar = 0.5 * (zr + wr) * scaleA, ai = 0.5 * (zi - wi) * scaleA;
					final double br = 0.5 * (zi + wi) * scaleB, bi = 0.5 * (wr - zr) * scaleB;
					final int s = grid.shell(ix, iy, iz), r = grid.regionOrdinal(ix, iz);
					final double fr = wa[s][r] * ar + wb[s][r] * br, fi = p == q ? 0 : wa[s][r] * ai + wb[s][r] * bi;
					z[p] = (float) fr;
					z[p + 1] = (float) fi;
					z[q] = (float) fr; // F(-k) = conj F(k)
					z[q + 1] = (float) -fi;
				}
			}
		});
		cancel.check();
		Fft.inverse3dComplex(z, nx, ny, nz);
		cancel.check();
		int ro = FusionRegion.PRESENT.ordinal();
		double mean = wa[0][ro] * meanA + wb[0][ro] * meanB;
		float[] out = new float[nx * ny * nz];
		for (int i = 0; i < out.length; i++) out[i] = (float) (z[2 * i] + mean);
		return new Volume(out, nx, ny, nz, pixelSize);
	}
}
