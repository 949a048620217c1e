package org.tomocn.cn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How the y rows of a reconstruction are cut into chunks, fitted and stitched (paper
 * section 2.4; reference-recipe.md "Chunks along the tilt axis").
 * <p>
 * <b>Chunks.</b> Chunks of {@code j} rows start every {@code j - overlap} rows; the last one
 * is moved back so that it ends at the last row. Rows covered by several chunks are blended
 * with trapezoid weights (a ramp of {@code overlap + 1} steps at each end of a chunk),
 * normalised to sum to one, so with {@code overlap = 0} stitching is plain concatenation.
 * <p>
 * <b>Order.</b> The middle chunk {@code m = n/2} is fitted from random weights; the chunk
 * below it ({@code m-1}) is fitted from those weights; the middle chunk is refitted from
 * {@code m-1}'s weights; then two chains run outwards, {@code m+1, m+2, ...} from {@code m}
 * and {@code m-2, m-3, ...} from {@code m-1}. Thus every chunk of the output comes from a
 * warm-started network, as in the authors' code; the first fit only serves as an
 * initialisation. A single chunk is fitted once from random weights.
 */
final class ChunkPlan {

	/** One fit. {@code from} is the index of the step whose weights initialise it, -1 = random. */
	static final class Step {
		final int index, chunk, from;
		final boolean keep;

		Step(int index, int chunk, int from, boolean keep) {
			this.index = index;
			this.chunk = chunk;
			this.from = from;
			this.keep = keep;
		}

		boolean random() {
			return from < 0;
		}
	}

	final int y0, rows, slices, overlap;
	final int[] start;
	final List<Step> steps;
	/** Whether the plan has a downward chain ({@link #chains}), i.e. steps that may run beside others. */
	private final boolean downward;

	/**
	 * @param y0 first row to reconstruct
	 * @param rows number of rows to reconstruct
	 * @param slices rows per chunk (clamped to {@code rows})
	 * @param overlap rows shared by neighbours, below {@code slices}
	 */
	ChunkPlan(int y0, int rows, int slices, int overlap) {
		this.y0 = y0;
		this.rows = rows;
		this.slices = Math.min(slices, rows);
		this.overlap = this.slices == slices ? overlap : Math.min(overlap, this.slices - 1);
		int stride = this.slices - this.overlap;
		int n = rows <= this.slices ? 1 : 1 + (rows - this.slices + stride - 1) / stride;
		this.start = new int[n];
		for (int c = 0; c < n; c++) start[c] = y0 + Math.min(c * stride, rows - this.slices);
		this.steps = Collections.unmodifiableList(order(n));
		this.downward = !chains().get(2).isEmpty();
	}

	private static List<Step> order(int n) {
		List<Step> s = new ArrayList<>();
		if (n == 1) {
			s.add(new Step(0, 0, -1, true));
			return s;
		}
		int m = n / 2;
		s.add(new Step(0, m, -1, false));
		s.add(new Step(1, m - 1, 0, true));
		s.add(new Step(2, m, 1, true));
		int up = 2, down = 1;
		for (int k = 1; m + k < n || m - 1 - k >= 0; k++) {
			if (m + k < n) {
				s.add(new Step(s.size(), m + k, up, true));
				up = s.size() - 1;
			}
			if (m - 1 - k >= 0) {
				s.add(new Step(s.size(), m - 1 - k, down, true));
				down = s.size() - 1;
			}
		}
		return s;
	}

	/**
	 * The steps as chains that may run at the same time: the first three steps (the start
	 * in the middle), then the chain upwards and the chain downwards (either may be empty).
	 * A step needs only its own chain's earlier steps: its warm start comes from its chain,
	 * and so do the neighbour rows of its smoothness term ({@link Borders}), since the
	 * chains grow away from each other; the neighbour rows it sees are those it sees in
	 * {@link #steps}' order, so running the chains at once changes no fit.
	 */
	List<List<Step>> chains() {
		List<Step> start = new ArrayList<>(), up = new ArrayList<>(), down = new ArrayList<>();
		int m = numChunks() / 2;
		for (Step s : steps) (s.index < 3 ? start : s.chunk > m ? up : down).add(s);
		return List.of(start, up, down);
	}

	/**
	 * Whether step {@code s} runs while no other fit can: the first three steps, or every step
	 * when there is no downward chain. Such a fit may use both cores itself
	 * ({@link ChunkFit.Spread}); whether it does depends on this plan alone, not on the lanes.
	 */
	boolean alone(Step s) {
		return s.index < 3 || !downward;
	}

	int numChunks() {
		return start.length;
	}

	/** Blend weight of row {@code y} (absolute) in chunk {@code c}; 0 outside the chunk. */
	double weight(int c, int y) {
		int lo = y - start[c] + 1, hi = start[c] + slices - y;
		if (lo < 1 || hi < 1) return 0;
		double ramp = overlap + 1;
		return Math.min(1.0, Math.min(lo / ramp, hi / ramp));
	}

	/** The last step that uses step {@code i}'s weights as initialisation, or {@code i} itself. */
	int lastUse(int i) {
		int last = i;
		for (Step s : steps) if (s.from == i) last = Math.max(last, s.index);
		return last;
	}
}
