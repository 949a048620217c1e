package org.tomocn.cn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.tomocn.geometry.SparseMatrix;

/**
 * The shared Joseph projector ({@link org.tomocn.geometry.Projector}) as a differentiable operator on the
 * training device: the projection matrix of one y row ({@link org.tomocn.geometry.Projector#matrix()}, rows
 * {@code u + X * view}, columns {@code x + X * z}) stored as a COO sparse NDArray. Since
 * every y row has the same matrix, the projections of a chunk of {@code j} rows are one
 * sparse-dense product {@code A (lX x XZ) * V (XZ x j)}. PyTorch's sparse matmul has a
 * gradient for the dense operand ({@code A^T G}), which is all the fit needs.
 */
final class DeviceProjector {
	private final NDArray a, indices, values;
	private final int rows, cols;

	/** The matrix is allocated in {@code manager} and lives as long as it. */
	DeviceProjector(NDManager manager, SparseMatrix m) {
		int[] r = m.rowIndices();
		long[][] idx = new long[2][m.nnz()];
		for (int i = 0; i < m.nnz(); i++) {
			idx[0][i] = r[i];
			idx[1][i] = m.colIdx[i];
		}
		this.rows = m.rows;
		this.cols = m.cols;
		// NDManager.createCoo builds the sparse tensor on the memory of two temporary arrays
		// that it closes (DJL 0.36): the tensor then reads freed memory. Clones owned by
		// PyTorch, kept as fields, avoid that.
		this.indices = manager.create(idx).duplicate();
		this.values = manager.create(m.values).duplicate();
		this.a = NetworkRuntime.sparseCoo(indices, values, new Shape(m.rows, m.cols));
		a.attach(manager);
	}

	/** @param volume {@code (X Z) x j}, row {@code x + X z}; @return projections {@code (X l) x j}, row {@code u + X view} */
	NDArray project(NDArray volume) {
		return a.matMul(volume);
	}

	/** Rows of the result: X times the number of views. */
	int rows() {
		return rows;
	}

	/** Columns of the matrix: X times Z. */
	int cols() {
		return cols;
	}
}
