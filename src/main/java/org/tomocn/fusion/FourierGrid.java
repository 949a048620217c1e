package org.tomocn.fusion;

import org.tomocn.core.TomoInputException;
import org.tomocn.fft.Fft;
import org.tomocn.metrics.PresentRegion;

/**
 * Shell and region of every point of the 3-D DFT grid of an {@code nx x ny x nz} volume, in
 * the conventions of the FSC (paper section 2.6.1; {@link org.tomocn.metrics.FourierShellCorrelation}):
 * a point with signed frequency indices (fx, fy, fz) has the radius
 * {@code r = |(fx N/nx, fy N/ny, fz N/nz)|} in Fourier pixels of the largest side N and lies in
 * shell {@code round(r)}; shell 0 is the origin alone, shells 1 .. N/2 are the FSC's, and the
 * corners beyond Nyquist are counted with shell N/2.
 * <p>
 * Region ({@link FusionRegion}): {@link PresentRegion} decides "present" (within half a unit
 * of an acquired view's central plane). A point that is not present is a {@link FusionRegion#GAP}
 * when its direction in the (kx, kz) plane, {@code atan2(kz', kx')} folded into (-90, 90]
 * degrees, lies within the acquired tilt range [min angle, max angle] (the plane of the view
 * of tilt t holds the direction (cos t, sin t), see {@link PresentRegion}), else it is in the
 * {@link FusionRegion#WEDGE}. The region does not depend on ky. Immutable.
 */
public final class FourierGrid {
	private final int nx, ny, nz, boxSize, nShells;
	private final byte[] region; // [ix + nx * iz]: FusionRegion ordinal
	private final double[] kx2, ky2, kz2;

	/** @param anglesDeg the acquired tilt angles, degrees (any order, at least one) */
	public FourierGrid(int nx, int ny, int nz, double[] anglesDeg) {
		if (nx < 1 || ny < 1 || nz < 1) throw new TomoInputException("Invalid volume size " + nx + " x " + ny + " x " + nz);
		this.nx = nx;
		this.ny = ny;
		this.nz = nz;
		this.boxSize = Math.max(nx, Math.max(ny, nz));
		this.nShells = boxSize / 2;
		if (nShells < 1) throw new TomoInputException("The volume is " + nx + " x " + ny + " x " + nz + "; fusion needs at least 2 voxels along some axis");
		boolean[] present = new PresentRegion(anglesDeg).mask(nx, nz, boxSize);
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (double a : anglesDeg) {
			lo = Math.min(lo, a);
			hi = Math.max(hi, a);
		}
		region = new byte[nx * nz];
		for (int iz = 0; iz < nz; iz++) {
			double kz = Fft.freq(iz, nz) * (double) boxSize / nz;
			for (int ix = 0; ix < nx; ix++) {
				double kx = Fft.freq(ix, nx) * (double) boxSize / nx;
				FusionRegion r;
				if (present[ix + nx * iz]) r = FusionRegion.PRESENT;
				else {
					double phi = Math.toDegrees(Math.atan2(kz, kx));
					if (phi > 90) phi -= 180;
					else if (phi <= -90) phi += 180;
					r = phi >= lo - 1e-9 && phi <= hi + 1e-9 ? FusionRegion.GAP : FusionRegion.WEDGE;
				}
				region[ix + nx * iz] = (byte) r.ordinal();
			}
		}
		kx2 = Fft.squaredScaledFrequencies(nx, boxSize);
		ky2 = Fft.squaredScaledFrequencies(ny, boxSize);
		kz2 = Fft.squaredScaledFrequencies(nz, boxSize);
	}

	public int nx() {
		return nx;
	}

	public int ny() {
		return ny;
	}

	public int nz() {
		return nz;
	}

	/** N, the largest side. */
	public int boxSize() {
		return boxSize;
	}

	/** N / 2: shells run 0 .. numShells(). */
	public int numShells() {
		return nShells;
	}

	/** The shell (0 .. N/2) of the DFT point with array indices (ix, iy, iz). */
	public int shell(int ix, int iy, int iz) {
		int s = (int) Math.floor(Math.sqrt(kx2[ix] + ky2[iy] + kz2[iz]) + 0.5);
		return Math.min(s, nShells);
	}

	/** The region of the DFT points with array indices (ix, any iy, iz). */
	public FusionRegion region(int ix, int iz) {
		return FusionRegion.values()[region[ix + nx * iz]];
	}

	/** The region's ordinal, for inner loops. */
	int regionOrdinal(int ix, int iz) {
		return region[ix + nx * iz];
	}
}
