package org.tomocn.cn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The {@link Objective} on the training device: the projection is {@link DeviceProjector}'s
 * sparse product and the gradient comes from PyTorch's autograd. Used when training on a
 * GPU; tested against {@link HostLoss} on the CPU.
 */
final class DeviceObjective implements Objective {
	private final DeviceProjector projector;
	private final int nx, nz;
	private final double tvLambda;

	DeviceObjective(DeviceProjector projector, int nx, int nz, double tvLambda) {
		this.projector = projector;
		this.nx = nx;
		this.nz = nz;
		this.tvLambda = tvLambda;
	}

	@Override
	public Bound bind(NDManager manager, float[] proj, int j, Borders borders) {
		NDArray p = NativeArrays.copyOf(manager, proj, new Shape(projector.rows(), j));
		NDArray below = borders.below == null ? null : NativeArrays.copyOf(manager, borders.below, new Shape(nz, nx));
		NDArray above = borders.above == null ? null : NativeArrays.copyOf(manager, borders.above, new Shape(nz, nx));
		return new Bound() {
			@Override
			public double valueAndGradient(NDArray v, NetworkRuntime.Autograd collector, NDArray[] gradient) {
				v.setRequiresGradient(true);
				NDArray out = v.reshape(nx * nz, j);
				NDArray loss = projector.project(out).sub(p).abs().mean();
				if (tvLambda > 0) loss = loss.add(totalVariation(out, nx, nz, j, below, above).mul(NativeArrays.scalar(out.getManager(), tvLambda)));
				collector.backward(loss);
				gradient[0] = v.getGradient();
				return loss.getFloat();
			}

			@Override
			public double dataLoss(NDArray v) {
				return projector.project(v.reshape(nx * nz, j)).sub(p).abs().mean().getFloat();
			}
		};
	}

	/**
	 * The recipe's TV term: squared finite differences summed over x, y and z, divided by the
	 * voxel count; {@code below} and {@code above} ({@code Z x X}, or null) are fixed rows next
	 * to the first and last y row ({@link Borders}).
	 */
	static NDArray totalVariation(NDArray out, int nx, int nz, int j, NDArray below, NDArray above) {
		NDArray v = out.reshape(nz, nx, j);
		NDArray sum = v.getManager().zeros(new Shape());
		if (nz > 1) sum = sum.add(v.get("1:,:,:").sub(v.get(":-1,:,:")).square().sum());
		if (nx > 1) sum = sum.add(v.get(":,1:,:").sub(v.get(":,:-1,:")).square().sum());
		if (j > 1) sum = sum.add(v.get(":,:,1:").sub(v.get(":,:,:-1")).square().sum());
		if (below != null) sum = sum.add(v.get(":,:,0").sub(below).square().sum());
		if (above != null) sum = sum.add(v.get(":,:,-1").sub(above).square().sum());
		return sum.div(NativeArrays.scalar(v.getManager(), (double) nx * nz * j));
	}
}
