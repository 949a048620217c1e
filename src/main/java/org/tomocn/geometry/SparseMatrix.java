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
		multiply(x, y, 1);
	}

	/**
	 * Y = A X for {@code m} columns stored interleaved: {@code X[c m + b]} ({@code cols x m}
	 * row-major), {@code Y[r m + b]} ({@code rows x m}).
	 */
	public void multiply(float[] x, float[] y, int m) {
		for (int r = 0; r < rows; r++) {
			for (int b = 0; b < m; b++) {
				float acc = 0;
				for (int k = rowPtr[r]; k < rowPtr[r + 1]; k++) acc += values[k] * x[colIdx[k] * m + b];
				y[r * m + b] = acc;
			}
		}
	}

	/**
	 * X = A^T Y for {@code m} interleaved columns (layouts as in {@link #multiply(float[], float[], int)});
	 * {@code x} is overwritten. Every entry sums its terms in increasing row order.
	 */
	public void multiplyTransposed(float[] y, float[] x, int m) {
		java.util.Arrays.fill(x, 0, cols * m, 0f);
		for (int r = 0; r < rows; r++) {
			for (int k = rowPtr[r]; k < rowPtr[r + 1]; k++) {
				float a = values[k];
				int c = colIdx[k] * m;
				for (int b = 0; b < m; b++) x[c + b] += a * y[r * m + b];
			}
		}
	}

	/** Row index of every stored value (the COO form of the same matrix). */
	public int[] rowIndices() {
		int[] r = new int[values.length];
		for (int i = 0; i < rows; i++) for (int j = rowPtr[i]; j < rowPtr[i + 1]; j++) r[j] = i;
		return r;
	}
}
