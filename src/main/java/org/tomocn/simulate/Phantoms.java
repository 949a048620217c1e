package org.tomocn.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.tomocn.core.CancelToken;
import org.tomocn.core.Parallel;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;

/**
 * Builds the phantoms of {@link PhantomType} at any size, the way section 2.3 of the paper
 * prepares its ground truths: binarised objects of constant density (or the Shepp-Logan
 * ellipsoid sum), a Gaussian low-pass "to render shape surfaces smooth", and values
 * normalised to [0, 1].
 * <p>
 * <b>Sizes scale with the width.</b> The paper's spheres are 16-64 px across in a 1024 px
 * wide volume. With {@code s = nx / 1024}, object diameters are drawn uniformly from
 * [{@code max(10, 16 s)}, {@code max(20, 64 s)}] px for the spheres and
 * [{@code max(12, 16 s)}, {@code max(28, 64 s)}] px for the mixed shapes (the minimums keep
 * shells hollow and shapes recognisable in small test volumes), capped so an object fits
 * the box; sphere shells are
 * {@code max(2, 4 s)} px thick. Objects keep {@link #margin} voxels from every face and
 * their bounding spheres stay at least 2 voxels apart (no overlap, no touching); they are
 * added at random until their bounding spheres fill 25% of the box or 2,000 random
 * positions in a row fail.
 * <p>
 * <b>Shepp-Logan</b> fills the box ({@link SheppLogan3d}: each axis mapped to [-1, 1]).
 * <b>The virus</b> ({@link VirusParticle}) is centred and scaled by the smallest side, so
 * its farthest point (the tail tip) stays {@link #margin} voxels inside the box; in a slab
 * (e.g. 512 x 512 x 128) it is therefore small in XY.
 * <p>
 * <b>Low-pass.</b> A Gaussian of {@code sigma = max(1, 2 s)} px ({@link #lowPassSigma}): 1
 * px up to 512 px wide, 2 px at 1024, i.e. half the shell thickness, so shells stay
 * distinct from their hollow centres; applied by {@link GaussianLowPass}.
 * <p>
 * <b>Normalisation.</b> The filtered volume is divided by its maximum (and the few
 * negative rounding residues clipped to 0), so 0 stays 0 (empty space) and the maximum is
 * exactly 1.
 * <p>
 * <b>Determinism.</b> Object positions, sizes, kinds and orientations come from one
 * {@link SplittableRandom} seeded with {@code seed}, drawn in a single thread; voxels are
 * then computed in parallel without further randomness, so the same seed gives the same
 * volume, bit for bit, on any number of threads. Shepp-Logan and the virus have no random
 * parameters: the seed does not change them.
 * <p>
 * The returned volume is new (the caller owns it); its pixel size is NaN (unknown) until
 * the caller sets it.
 */
public final class Phantoms {
	/** Fraction of the box volume the bounding spheres of the objects fill (objects are added until it is reached). */
	static final double FILL = 0.25;
	/** Minimum distance between the bounding spheres of two objects, voxels. */
	static final double GAP = 2;
	private static final int MAX_FAILURES = 2000;

	private Phantoms() {}

	/** A phantom built on all processors. */
	public static Volume create(PhantomType type, int nx, int ny, int nz, long seed) {
		return create(type, nx, ny, nz, seed, Parallel.defaultThreads(), CancelToken.NONE);
	}

	/**
	 * A phantom of {@code nx x ny x nz} voxels (x fastest, Z = beam direction), low-pass
	 * filtered and normalised to [0, 1] with maximum 1.
	 *
	 * @throws TomoInputException when the box is too small for the phantom (fewer than 16
	 *           voxels along any axis)
	 * @throws org.tomocn.core.CancelledException when {@code cancel} fires
	 */
	public static Volume create(PhantomType type, int nx, int ny, int nz, long seed, int threads, CancelToken cancel) {
		Volume v = createUnfiltered(type, nx, ny, nz, seed, threads, cancel);
		GaussianLowPass.apply(v, lowPassSigma(nx), threads, cancel);
		normalise(v);
		return v;
	}

	/**
	 * The phantom before the low-pass and the normalisation: binary objects (0/1) for
	 * spheres, shapes and the virus; the ellipsoid sum of {@link SheppLogan3d} (values 0-1)
	 * for Shepp-Logan. Same objects as {@link #create} for the same seed.
	 */
	public static Volume createUnfiltered(PhantomType type, int nx, int ny, int nz, long seed, int threads, CancelToken cancel) {
		if (nx < 16 || ny < 16 || nz < 16) {
			throw new TomoInputException("Phantom size " + nx + " x " + ny + " x " + nz + " is too small: width, height and thickness must each be at least 16 pixels");
		}
		Volume v = new Volume(nx, ny, nz, Double.NaN);
		switch (type) {
			case SPHERES:
				VoxelRasterizer.union(hollowSpheres(nx, ny, nz, seed), v, threads, cancel);
				break;
			case SHAPES:
				VoxelRasterizer.union(shapes(nx, ny, nz, seed), v, threads, cancel);
				break;
			case SHEPP_LOGAN:
				VoxelRasterizer.sample((x, y, z) -> SheppLogan3d.voxel(x, y, z, nx, ny, nz), v, threads, cancel);
				break;
			case VIRUS: {
				double cx = (nx - 1) / 2.0, cy = (ny - 1) / 2.0, cz = (nz - 1) / 2.0;
				double h = virusHalfSize(nx, ny, nz);
				VoxelRasterizer.sample((x, y, z) -> VirusParticle.density((x - cx) / h, (y - cy) / h, (z - cz) / h), v, threads, cancel);
				break;
			}
			default:
				throw new IllegalArgumentException(type.toString());
		}
		return v;
	}

	/** Gaussian low-pass standard deviation in pixels for a volume {@code nx} pixels wide: max(1, 2 nx / 1024). */
	public static double lowPassSigma(int nx) {
		return Math.max(1.0, 2.0 * nx / 1024);
	}

	/** Distance objects keep from the faces of the box, voxels: ceil(2 sigma) + 1. */
	static int margin(int nx) {
		return (int) Math.ceil(2 * lowPassSigma(nx)) + 1;
	}

	/** The half-size H (voxels) the virus particle's unit coordinates are scaled by, so that it fills the smallest box side. */
	static double virusHalfSize(int nx, int ny, int nz) {
		double half = (Math.min(nx, Math.min(ny, nz)) - 1) / 2.0 - margin(nx);
		return half / VirusParticle.EXTENT;
	}

	/**
	 * Smallest and largest object diameter, voxels, for a box (see the class comment): 16-64
	 * px scaled by nx / 1024, at least {@code floorMin} and {@code floorMax}, capped to fit.
	 */
	static double[] diameterRange(int nx, int ny, int nz, double floorMin, double floorMax) {
		double s = nx / 1024.0;
		double dMin = Math.max(floorMin, 16 * s), dMax = Math.max(floorMax, 64 * s);
		double fit = Math.min(nx, Math.min(ny, nz)) - 1 - 2 * margin(nx) - 1;
		dMax = Math.min(dMax, fit);
		dMin = Math.min(dMin, dMax);
		return new double[] { dMin, dMax };
	}

	/** Shell thickness of the hollow spheres, voxels: max(2, 4 nx / 1024). */
	static double shellThickness(int nx) {
		return Math.max(2.0, 4.0 * nx / 1024);
	}

	/** The hollow spheres of the SPHERES phantom for this seed (voxel coordinates). */
	static List<HollowSphere> hollowSpheres(int nx, int ny, int nz, long seed) {
		double[] d = diameterRange(nx, ny, nz, 10, 20);
		double t = shellThickness(nx);
		List<HollowSphere> out = new ArrayList<>();
		for (SpherePacker.Placed p : SpherePacker.pack(nx, ny, nz, d[0], d[1], margin(nx), GAP, FILL, MAX_FAILURES, new SplittableRandom(seed))) {
			out.add(new HollowSphere(p.x, p.y, p.z, Math.max(0, p.r - t), p.r));
		}
		return out;
	}

	/** The objects of the SHAPES phantom for this seed (voxel coordinates). */
	static List<OrientedShape> shapes(int nx, int ny, int nz, long seed) {
		double[] d = diameterRange(nx, ny, nz, 12, 28);
		SplittableRandom rnd = new SplittableRandom(seed);
		List<OrientedShape> out = new ArrayList<>();
		for (SpherePacker.Placed p : SpherePacker.pack(nx, ny, nz, d[0], d[1], margin(nx), GAP, FILL, MAX_FAILURES, rnd.split())) {
			out.add(OrientedShape.random(p.x, p.y, p.z, p.r, rnd));
		}
		return out;
	}

	/** Divides by the maximum and clips negative rounding residues to 0. */
	static void normalise(Volume v) {
		float[] d = v.data();
		float max = 0;
		for (float f : d) max = Math.max(max, f);
		if (max <= 0) return;
		for (int i = 0; i < d.length; i++) d[i] = Math.max(0f, d[i] / max);
	}
}
