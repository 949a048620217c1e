package org.tomocn.geometry;

/**
 * A sparse matrix in compressed sparse row form (row pointers, column indices, values).
 * Immutable by convention: the arrays are exposed for speed and must not be modified.
 */
public final class SparseMatrix {
	public final int rows, cols;
	public final int[] rowPtr, colIdx;
	public final float[] values;

	public SparseMatrix(int rows, int cols, int[] rowPtr, int[] colIdx, float[] values) {
		if (rowPtr.length != rows + 1 || colIdx.length != values.length || rowPtr[rows] != values.length) {
			throw new IllegalArgumentException("inconsistent CSR arrays");
		}
		this.rows = rows;
		this.cols = cols;
		this.rowPtr = rowPtr;
		this.colIdx = colIdx;
		this.values = values;
	}

	public int nnz() {
		return values.length;
	}

	/** y = A x (dense vectors). */
	public void multiply(float[] x, float[] y) {
		for (int r = 0; r < rows; r++) {
			float acc = 0;
			for (int j = rowPtr[r]; j < rowPtr[r + 1]; j++) acc += values[j] * x[colIdx[j]];
			y[r] = acc;
		}
	}

	/** Row index of every stored value (the COO form of the same matrix). */
	public int[] rowIndices() {
		int[] r = new int[values.length];
		for (int i = 0; i < rows; i++) for (int j = rowPtr[i]; j < rowPtr[i + 1]; j++) r[j] = i;
		return r;
	}
}
