package org.tomocn.cn;

import java.nio.file.Path;
import java.util.Locale;

import org.tomocn.core.Parallel;
import org.tomocn.core.TomoInputException;

/**
 * Settings of a coordinate-network reconstruction (paper sections 2.2 and 2.4; the
 * authors' code as summarised in {@code shared/paper/reference-recipe.md}).
 * <p>
 * A {@link Preset} supplies every numerical default; a value set explicitly with a setter
 * overrides the preset's, whatever the order of the calls. Getters return the effective
 * value. Setters return {@code this} for chaining; nothing is validated until
 * {@link #validate()} (called by {@link CoordinateNetworkEngine#checkInput()}).
 */
public final class CoordinateNetworkOptions {

	/** Named sets of defaults. */
	public enum Preset {
		/**
		 * The authors' code: 2,000 / 400 iterations, 2-slice chunks, SIREN 3-256-(4 x 256)-1,
		 * omega0 30, learning rates 1e-3 -> 1e-4 and 1e-4 -> 1e-5, no TV, no overlap, AMSGrad;
		 * plus only what makes it converge: recovery from divergence, the output scale
		 * ({@link CoordinateNetworkEngine#outputScale}) and iteration counts as upper bounds
		 * ({@link FitSchedule}).
		 */
		FAITHFUL(2000, 400, 2, 4, 256, 30, 0, 1e-3, 1e-4, 0, true),
		/**
		 * Cheaper: hidden width 128 (a quarter of the FLOPs per point), at most 1,000 / 100
		 * iterations, plain Adam; otherwise as FAITHFUL. Each choice was measured against the
		 * alternatives (docs/benchmark/network-scale.md).
		 */
		FAST(1000, 100, 2, 4, 128, 30, 0, 1e-3, 1e-4, 0, false);

		final int iterationsFirst, iterationsNext, slicesPerNetwork, hiddenLayers, hiddenFeatures, overlap;
		final double omega0, tvLambda, learningRateFirst, learningRateNext;
		final boolean amsgrad;

		Preset(int itFirst, int itNext, int slices, int layers, int features, double omega0, double tv, double lrFirst, double lrNext,
			int overlap, boolean amsgrad)
		{
			this.amsgrad = amsgrad;
			this.iterationsFirst = itFirst;
			this.iterationsNext = itNext;
			this.slicesPerNetwork = slices;
			this.hiddenLayers = layers;
			this.hiddenFeatures = features;
			this.omega0 = omega0;
			this.tvLambda = tv;
			this.learningRateFirst = lrFirst;
			this.learningRateNext = lrNext;
			this.overlap = overlap;
		}

		/** Parses {@code faithful} or {@code fast} (case-insensitive). */
		public static Preset parse(String s) {
			for (Preset p : values()) if (p.name().equalsIgnoreCase(s.trim())) return p;
			throw new TomoInputException("preset must be faithful or fast, got '" + s + "'");
		}
	}

	/** Where to train. */
	public enum DeviceChoice {
		/** A GPU when DJL sees one, else the CPU. */
		AUTO,
		CPU,
		/** A GPU; {@code process()} stops with advice before any fit when DJL sees none. */
		GPU;

		/** Parses {@code auto}, {@code cpu} or {@code gpu} (case-insensitive). */
		public static DeviceChoice parse(String s) {
			for (DeviceChoice d : values()) if (d.name().equalsIgnoreCase(s.trim())) return d;
			throw new TomoInputException("device must be auto, cpu or gpu, got '" + s + "'");
		}
	}

	private Preset preset = Preset.FAITHFUL;
	private Integer iterationsFirst, iterationsNext, slicesPerNetwork, hiddenLayers, hiddenFeatures, overlap;
	private Double omega0, tvLambda, learningRateFirst, learningRateNext;
	private double learningRateDecay = 10;
	private double fourierScale = 0;
	private long seed = 0;
	private DeviceChoice device = DeviceChoice.AUTO;
	private Path workDir;
	private boolean resume;
	private int preview;
	private int threads = Parallel.defaultThreads();
	private Integer subBatch;
	private int maxRetries = 2;
	private Boolean amsgrad;
	private boolean scaleOutput = true;
	private double plateauWindow = 0.1, plateauTolerance = 0.01;
	private double stallRatio = 0.5;

	public Preset preset() {
		return preset;
	}

	public CoordinateNetworkOptions preset(Preset p) {
		this.preset = p;
		return this;
	}

	/** Iterations for the first (middle) chunk, fitted from random weights. Paper: 2,000. */
	public int iterationsFirst() {
		return iterationsFirst != null ? iterationsFirst : preset.iterationsFirst;
	}

	public CoordinateNetworkOptions iterationsFirst(int n) {
		this.iterationsFirst = n;
		return this;
	}

	/** Iterations for every warm-started chunk. Paper: 400. */
	public int iterationsNext() {
		return iterationsNext != null ? iterationsNext : preset.iterationsNext;
	}

	public CoordinateNetworkOptions iterationsNext(int n) {
		this.iterationsNext = n;
		return this;
	}

	/** y rows per network (the paper's j). The authors' code: 2. */
	public int slicesPerNetwork() {
		return slicesPerNetwork != null ? slicesPerNetwork : preset.slicesPerNetwork;
	}

	public CoordinateNetworkOptions slicesPerNetwork(int n) {
		this.slicesPerNetwork = n;
		return this;
	}

	/** Number of hidden-to-hidden sine layers (after the input sine layer). Paper: 4. */
	public int hiddenLayers() {
		return hiddenLayers != null ? hiddenLayers : preset.hiddenLayers;
	}

	public CoordinateNetworkOptions hiddenLayers(int n) {
		this.hiddenLayers = n;
		return this;
	}

	/** Width of every hidden layer. Paper: 256. */
	public int hiddenFeatures() {
		return hiddenFeatures != null ? hiddenFeatures : preset.hiddenFeatures;
	}

	public CoordinateNetworkOptions hiddenFeatures(int n) {
		this.hiddenFeatures = n;
		return this;
	}

	/** SIREN frequency: activations are {@code sin(omega0 * (W h + b))}. Paper: 30. */
	public double omega0() {
		return omega0 != null ? omega0 : preset.omega0;
	}

	public CoordinateNetworkOptions omega0(double w) {
		this.omega0 = w;
		return this;
	}

	/** Strength of the total-variation term (recipe: 0 simulated, 1 experimental data). */
	public double tvLambda() {
		return tvLambda != null ? tvLambda : preset.tvLambda;
	}

	public CoordinateNetworkOptions tvLambda(double l) {
		this.tvLambda = l;
		return this;
	}

	/** Initial learning rate of the first chunk (paper: 1e-3); held for half the iterations. */
	public double learningRateFirst() {
		return learningRateFirst != null ? learningRateFirst : preset.learningRateFirst;
	}

	public CoordinateNetworkOptions learningRateFirst(double lr) {
		this.learningRateFirst = lr;
		return this;
	}

	/** Initial learning rate of warm-started chunks (paper: 1e-4). */
	public double learningRateNext() {
		return learningRateNext != null ? learningRateNext : preset.learningRateNext;
	}

	public CoordinateNetworkOptions learningRateNext(double lr) {
		this.learningRateNext = lr;
		return this;
	}

	/** Factor by which the learning rate decays (log-linearly) over the second half. Paper: 10. */
	public double learningRateDecay() {
		return learningRateDecay;
	}

	public CoordinateNetworkOptions learningRateDecay(double f) {
		this.learningRateDecay = f;
		return this;
	}

	/** y rows shared by neighbouring chunks, blended linearly; 0 = the paper's concatenation. */
	public int overlap() {
		return overlap != null ? overlap : preset.overlap;
	}

	public CoordinateNetworkOptions overlap(int n) {
		this.overlap = n;
		return this;
	}

	/**
	 * Standard deviation of the Gaussian Fourier-feature matrix (the authors' code uses 4 and
	 * skips the encoding with sine activations); 0 = no encoding (default).
	 */
	public double fourierScale() {
		return fourierScale;
	}

	public CoordinateNetworkOptions fourierScale(double s) {
		this.fourierScale = s;
		return this;
	}

	/** Seed of the weight initialisation (Java's {@link java.util.Random}). */
	public long seed() {
		return seed;
	}

	public CoordinateNetworkOptions seed(long s) {
		this.seed = s;
		return this;
	}

	public DeviceChoice device() {
		return device;
	}

	public CoordinateNetworkOptions device(DeviceChoice d) {
		this.device = d;
		return this;
	}

	/** Folder for per-chunk checkpoints; {@code null} = none (no resume possible). */
	public Path workDir() {
		return workDir;
	}

	public CoordinateNetworkOptions workDir(Path p) {
		this.workDir = p;
		return this;
	}

	/** Reuse the checkpoints of an earlier run with the same input and settings. */
	public boolean resume() {
		return resume;
	}

	public CoordinateNetworkOptions resume(boolean r) {
		this.resume = r;
		return this;
	}

	/** When positive: reconstruct only the N central y rows (the authors' "mid" mode). */
	public int preview() {
		return preview;
	}

	public CoordinateNetworkOptions preview(int n) {
		this.preview = n;
		return this;
	}

	/** PyTorch intra-op threads (and Java threads of the helper computations). */
	public int threads() {
		return threads;
	}

	public CoordinateNetworkOptions threads(int n) {
		this.threads = n;
		return this;
	}

	/**
	 * Points per network evaluation; larger chunks are processed in sub-batches with
	 * accumulated gradients. Default: {@code 2^21 / hidden_features} points, i.e. 8,192 at
	 * width 256 (measured fastest there: 113 GFLOP/s vs 28 at 32,768 points, whose
	 * activations no longer fit the caches) and the same activation size at other widths.
	 */
	public int subBatch() {
		return subBatch != null ? subBatch : Math.max(1024, (1 << 21) / Math.max(1, hiddenFeatures()));
	}

	public CoordinateNetworkOptions subBatch(int n) {
		this.subBatch = n;
		return this;
	}

	/** AMSGrad instead of plain Adam (the authors' optimiser; see {@link Adam}). The preset's: FAITHFUL true, FAST false. */
	public boolean amsgrad() {
		return amsgrad != null ? amsgrad : preset.amsgrad;
	}

	public CoordinateNetworkOptions amsgrad(boolean a) {
		this.amsgrad = a;
		return this;
	}

	/**
	 * Scale the network's output by 1 / thickness ({@link CoordinateNetworkEngine#outputScale}).
	 * Default true; false only to measure the difference.
	 */
	public boolean scaleOutput() {
		return scaleOutput;
	}

	public CoordinateNetworkOptions scaleOutput(boolean s) {
		this.scaleOutput = s;
		return this;
	}

	/**
	 * Plateau test window as a fraction of a fit's iteration bound (at least 10 iterations);
	 * 0 = the recipe's fixed schedule, every fit runs its full count ({@link FitSchedule}).
	 */
	public double plateauWindow() {
		return plateauWindow;
	}

	public CoordinateNetworkOptions plateauWindow(double w) {
		this.plateauWindow = w;
		return this;
	}

	/** Relative loss improvement per window below which a fit is on a plateau ({@link FitSchedule}). */
	public double plateauTolerance() {
		return plateauTolerance;
	}

	public CoordinateNetworkOptions plateauTolerance(double t) {
		this.plateauTolerance = t;
		return this;
	}

	/** How often the convergence guard retries a stalled chunk before giving up. */
	public int maxRetries() {
		return maxRetries;
	}

	public CoordinateNetworkOptions maxRetries(int n) {
		this.maxRetries = n;
		return this;
	}

	/**
	 * A chunk counts as stalled when its final projection loss is above this fraction of the
	 * loss of an all-zero volume (or above the loss of the scaled back-projection).
	 */
	public double stallRatio() {
		return stallRatio;
	}

	public CoordinateNetworkOptions stallRatio(double r) {
		this.stallRatio = r;
		return this;
	}

	/** @throws TomoInputException naming the first parameter out of range */
	public void validate() {
		positive("iterations_first", iterationsFirst());
		positive("iterations_next", iterationsNext());
		positive("slices_per_network", slicesPerNetwork());
		positive("hidden_layers", hiddenLayers());
		positive("hidden_features", hiddenFeatures());
		positive("threads", threads);
		positive("sub_batch", subBatch());
		if (!(omega0() > 0) || !Double.isFinite(omega0())) throw new TomoInputException("omega0 must be positive, got " + omega0());
		if (!(tvLambda() >= 0) || !Double.isFinite(tvLambda())) throw new TomoInputException("tv_lambda must be >= 0, got " + tvLambda());
		if (!(learningRateFirst() > 0) || !(learningRateNext() > 0)) {
			throw new TomoInputException("learning rates must be positive, got " + learningRateFirst() + " and " + learningRateNext());
		}
		if (!(learningRateDecay >= 1)) throw new TomoInputException("learning rate decay must be >= 1, got " + learningRateDecay);
		if (overlap() < 0 || overlap() >= slicesPerNetwork()) {
			throw new TomoInputException("overlap must be in [0, slices_per_network - 1] = [0, " + (slicesPerNetwork() - 1) + "], got " + overlap());
		}
		if (!(fourierScale >= 0)) throw new TomoInputException("Fourier feature scale must be >= 0, got " + fourierScale);
		if (preview < 0) throw new TomoInputException("preview must be >= 0, got " + preview);
		if (maxRetries < 0) throw new TomoInputException("max retries must be >= 0, got " + maxRetries);
		if (!(stallRatio > 0 && stallRatio <= 1)) throw new TomoInputException("stall ratio must be in (0, 1], got " + stallRatio);
		if (!(plateauWindow >= 0 && plateauWindow <= 0.5)) throw new TomoInputException("plateau window must be in [0, 0.5], got " + plateauWindow);
		if (!(plateauTolerance >= 0 && plateauTolerance < 1)) throw new TomoInputException("plateau tolerance must be in [0, 1), got " + plateauTolerance);
		if (resume && workDir == null) throw new TomoInputException("resume=true needs a work_dir");
	}

	private static void positive(String name, int v) {
		if (v < 1) throw new TomoInputException(name + " must be at least 1, got " + v);
	}

	/**
	 * Every setting that changes the result, as {@code name=value} words named as the
	 * command's keys where there is one (seed and thread count included, since results are
	 * reproducible only for the same thread count). Used to tell whether checkpoints belong to
	 * this run, and what changed when they do not.
	 */
	public String resultKey() {
		return String.format(Locale.ROOT,
			"iterations_first=%d iterations_next=%d slices_per_network=%d hidden_layers=%d hidden_features=%d omega0=%s tv_lambda=%s "
				+ "learning_rate_first=%s learning_rate_next=%s learning_rate_decay=%s overlap=%d fourier_scale=%s seed=%d preview=%d threads=%d "
				+ "sub_batch=%d max_retries=%d stall_ratio=%s amsgrad=%s output_scale=%s plateau_window=%s plateau_tolerance=%s",
			iterationsFirst(), iterationsNext(), slicesPerNetwork(), hiddenLayers(), hiddenFeatures(), omega0(), tvLambda(), learningRateFirst(),
			learningRateNext(), learningRateDecay, overlap(), fourierScale, seed, preview, threads, subBatch(), maxRetries, stallRatio, amsgrad(), scaleOutput,
			plateauWindow, plateauTolerance);
	}

	@Override
	public String toString() {
		return "preset=" + preset.name().toLowerCase(Locale.ROOT) + " " + resultKey() + " device=" + device.name().toLowerCase(Locale.ROOT) +
			" work_dir=" + workDir + " resume=" + resume;
	}
}
