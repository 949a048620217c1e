package org.tomocn.metrics;

import org.tomocn.core.TomoInputException;

/**
 * The "present data" region of Fourier space for a single-axis tilt series (paper section
 * 2.6.1, directional FSC): the Fourier points within half a unit of the central plane of at
 * least one acquired view. The rest is the "missing" region (the missing wedge, plus, far
 * from the origin, the gaps between neighbouring views).
 * <p>
 * <b>Construction.</b> With {@link org.tomocn.core.TiltGeometry}'s convention a voxel at
 * (x, z) projects in the view of tilt t to {@code u = (x - cx) cos t + (z - cz) sin t}. By the
 * central slice theorem the 1-D Fourier transform of that projection along u, at frequency
 * w, is the volume's transform at {@code (kx, kz) = w (cos t, sin t)} (kx, kz in cycles per
 * voxel, same sign convention {@code exp(-2 pi i k x)} on both sides); the tilt axis y lies in
 * every view's plane. So the central plane of view t is spanned by the ky axis and
 * {@code (cos t, sin t)} in (kx, kz); its normal, the beam direction, is {@code (-sin t, cos t)},
 * and a Fourier point lies at the distance
 * <pre>  |-kx' sin t + kz' cos t|</pre>
 * from that plane, where {@code kx', kz'} are the point's coordinates in the FSC's unit:
 * Fourier pixels of the largest box side N, i.e. {@code kx' = fx N / nx} for the integer
 * frequency index fx of an nx-point transform (the same scaling as the FSC shells). A point is
 * present when that distance is at most 0.5 for at least one acquired angle. The test does
 * not depend on ky.
 * <p>
 * Angles are in degrees. Instances are immutable.
 */
public final class PresentRegion {
	/** Half the slab thickness, Fourier pixels. */
	public static final double HALF_WIDTH = 0.5;

	private final double[] sin, cos;

	/** @param anglesDeg the acquired tilt angles, degrees (any order, at least one) */
	public PresentRegion(double[] anglesDeg) {
		if (anglesDeg == null || anglesDeg.length == 0) throw new TomoInputException("angles: no tilt angles given for the directional FSC");
		sin = new double[anglesDeg.length];
		cos = new double[anglesDeg.length];
		for (int i = 0; i < anglesDeg.length; i++) {
			double a = anglesDeg[i];
			if (!Double.isFinite(a) || Math.abs(a) > 90) throw new TomoInputException("angles: " + a + " is not a finite angle in [-90, 90] degrees");
			double t = Math.toRadians(a);
			sin[i] = Math.sin(t);
			cos[i] = Math.cos(t);
		}
	}

	/**
	 * True when the point (kx, ky, kz) lies within half a unit of some view's central plane;
	 * kx, kz in Fourier pixels of the largest box side (ky is irrelevant and not asked for).
	 */
	public boolean contains(double kx, double kz) {
		for (int i = 0; i < sin.length; i++) {
			if (Math.abs(-kx * sin[i] + kz * cos[i]) <= HALF_WIDTH + 1e-9) return true;
		}
		return false;
	}

	/**
	 * The region on the DFT grid of an {@code nx x ny x nz} volume, as an {@code nx x nz} mask
	 * indexed {@code [ix + nx * iz]} by array indices (signed frequency = {@link org.tomocn.fft.Fft#freq}),
	 * valid for every ky.
	 */
	public boolean[] mask(int nx, int nz, int boxSize) {
		boolean[] m = new boolean[nx * nz];
		for (int iz = 0; iz < nz; iz++) {
			double kz = org.tomocn.fft.Fft.freq(iz, nz) * (double) boxSize / nz;
			for (int ix = 0; ix < nx; ix++) {
				double kx = org.tomocn.fft.Fft.freq(ix, nx) * (double) boxSize / nx;
				m[ix + nx * iz] = contains(kx, kz);
			}
		}
		return m;
	}
}
