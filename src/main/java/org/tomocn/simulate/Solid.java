package org.tomocn.simulate;

/**
 * A binarised object of unit density placed in a volume: a centre and a bounding radius in
 * voxel coordinates (x, y, z = voxel indices; voxel centres sit on integers) and an
 * inside test relative to the centre. The object lies entirely within its bounding sphere.
 */
interface Solid {
	double cx();

	double cy();

	double cz();

	/** Radius of the bounding sphere, voxels. */
	double radius();

	/** Whether the point at offset (dx, dy, dz) voxels from the centre is inside. */
	boolean contains(double dx, double dy, double dz);
}
