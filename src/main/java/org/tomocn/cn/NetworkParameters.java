package org.tomocn.cn;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import org.tomocn.core.TomoInputException;

/**
 * The hyperparameters of a coordinate-network reconstruction: everything that changes the
 * science of the fit (paper sections 2.2 and 2.4; the authors' code as summarised in
 * {@code shared/paper/reference-recipe.md}). Immutable: a {@link Preset} supplies every
 * value and each {@code withX} returns a copy with one value overridden. How a run is
 * carried out (device, checkpoints, preview, memory) is {@link NetworkRunSettings}.
 * Nothing is validated until {@link #validate()}, so a message can name the user's key.
 * Measurements behind the presets' choices are in {@code docs/benchmark/network-scale.md}.
 */
public final class NetworkParameters {

	/** Named sets of defaults. */
	public enum Preset {
		/**
		 * The authors' code: 2,000 / 400 iterations, 2-slice chunks, SIREN 3-256-(4 x 256)-1,
		 * omega0 30, learning rates 1e-3 -> 1e-4 and 1e-4 -> 1e-5, no TV, no overlap, AMSGrad;
		 * plus only what makes it converge: recovery from divergence, the output scale
		 * ({@link CoordinateNetworkEngine#outputScale}) and iteration counts as upper bounds
		 * ({@link FitSchedule}). On noisy data the authors' smoothness term, TV 0.3
		 * ({@link #tvLambda()}).
		 */
		FAITHFUL(2000, 400, 256, true, RECIPE_LEARNING_RATE_NEXT, 400, RECIPE_LEARNING_RATE_NEXT, 1, 0.3, 0, Double.NaN),
		/**
		 * Cheaper: hidden width 128 (a quarter of the FLOPs per point), at most 1,000 / 100
		 * iterations, plain Adam; on noise-free data from 128 to 256 px of width, warm-started
		 * fits run at most 60 iterations ({@link #iterationsNext()}) from learning rate 3e-4
		 * instead of 1e-4 ({@link #learningRateNext()}), wider than 256 px at most 100 from 2e-4;
		 * otherwise as FAITHFUL on noise-free data. On noisy data: a
		 * quarter of the points back-propagated per iteration ({@link #pointFraction()}),
		 * chunks overlapping by one row ({@link #overlap()}), a lower omega0 scaled to the
		 * width ({@link #omega0()}) and TV 0.15 ({@link #tvLambda()}).
		 */
		FAST(1000, 100, 128, false, 3e-4, 60, 2e-4, 0.25, 0.15, 1, 10.0 / 63);

		final int iterationsFirst, iterationsNext, hiddenFeatures;
		final boolean amsgrad;
		/**
		 * The automatic {@link NetworkParameters#learningRateNext()} and
		 * {@link NetworkParameters#iterationsNext()} on noise-free data from
		 * {@link NetworkParameters#WIDE_MIN_WIDTH} to {@link NetworkParameters#WIDE_MAX_WIDTH} px,
		 * and the automatic learning rate wider than that (with the bound {@link #iterationsNext}).
		 */
		final double wideLearningRateNext, widestLearningRateNext;
		final int wideIterationsNext;
		/** The automatic {@link NetworkParameters#pointFraction()}, TV weight and overlap on noisy data. */
		final double noisyPointFraction, noisyTvLambda;
		final int noisyOverlap;
		/** The automatic omega0 on noisy data per pixel of width, {@code omega0 / (width - 1)}; NaN = the recipe's 30. */
		final double noisyOmega0PerPixel;

		Preset(int itFirst, int itNext, int features, boolean amsgrad, double wideLearningRateNext, int wideIterationsNext, double widestLearningRateNext,
			double noisyPointFraction, double noisyTvLambda, int noisyOverlap, double noisyOmega0PerPixel) {
			this.iterationsFirst = itFirst;
			this.iterationsNext = itNext;
			this.hiddenFeatures = features;
			this.amsgrad = amsgrad;
			this.wideLearningRateNext = wideLearningRateNext;
			this.wideIterationsNext = wideIterationsNext;
			this.widestLearningRateNext = widestLearningRateNext;
			this.noisyPointFraction = noisyPointFraction;
			this.noisyTvLambda = noisyTvLambda;
			this.noisyOverlap = noisyOverlap;
			this.noisyOmega0PerPixel = noisyOmega0PerPixel;
		}

		/** Parses {@code faithful} or {@code fast} (case-insensitive). */
		public static Preset parse(String s) {
			return choice(Preset.class, "preset", s);
		}

		/** The name users type: {@code faithful} or {@code fast}. */
		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	/** When a fit watches held-out views ({@link HeldOutWatch}). */
	public enum HeldOut {
		/** When the tilt series is noisy ({@link NoiseLevel#noisy()}: estimated SNR below 100). */
		AUTO,
		ON,
		OFF;

		/** Parses {@code auto}, {@code on} or {@code off} (case-insensitive). */
		public static HeldOut parse(String s) {
			return choice(HeldOut.class, "held_out", s);
		}
	}

	private Preset preset;
	private HeldOut heldOut = HeldOut.OFF;
	/** {@link #iterationsNext()}: {@link #AUTO} = automatic. */
	private int iterationsFirst, iterationsNext = AUTO, slicesPerNetwork = 2, hiddenLayers = 4, hiddenFeatures, overlap = AUTO;
	private double omega0 = Double.NaN, tvLambda = Double.NaN, learningRateFirst = 1e-3, learningRateNext = Double.NaN, learningRateDecay = 10, fourierScale, yStep = Double.NaN;
	private long seed;
	private boolean amsgrad, scaleOutput = true;
	private double plateauWindow = 0.1, plateauTolerance = 0.01, pointFraction = Double.NaN;
	/** {@link #reuseValues()}: null = automatic. */
	private Boolean reuseValues;
	/** {@link #networkBin()}: 1 = the series as given. */
	private int networkBin = 1;

	private NetworkParameters() {}

	/** The preset's values. */
	public static NetworkParameters of(Preset p) {
		NetworkParameters n = new NetworkParameters();
		n.preset = p;
		n.iterationsFirst = p.iterationsFirst;
		n.hiddenFeatures = p.hiddenFeatures;
		n.amsgrad = p.amsgrad;
		return n;
	}

	private NetworkParameters copy() {
		NetworkParameters n = new NetworkParameters();
		n.preset = preset;
		n.iterationsFirst = iterationsFirst;
		n.iterationsNext = iterationsNext;
		n.slicesPerNetwork = slicesPerNetwork;
		n.hiddenLayers = hiddenLayers;
		n.hiddenFeatures = hiddenFeatures;
		n.overlap = overlap;
		n.omega0 = omega0;
		n.yStep = yStep;
		n.tvLambda = tvLambda;
		n.learningRateFirst = learningRateFirst;
		n.learningRateNext = learningRateNext;
		n.learningRateDecay = learningRateDecay;
		n.fourierScale = fourierScale;
		n.seed = seed;
		n.amsgrad = amsgrad;
		n.scaleOutput = scaleOutput;
		n.plateauWindow = plateauWindow;
		n.plateauTolerance = plateauTolerance;
		n.pointFraction = pointFraction;
		n.reuseValues = reuseValues;
		n.heldOut = heldOut;
		n.networkBin = networkBin;
		return n;
	}

	public Preset preset() {
		return preset;
	}

	/** Upper bound on the iterations of the first (middle) chunk, fitted from random weights. Paper: 2,000. */
	public int iterationsFirst() {
		return iterationsFirst;
	}

	public NetworkParameters withIterationsFirst(int n) {
		NetworkParameters c = copy();
		c.iterationsFirst = n;
		return c;
	}

	/**
	 * Upper bound on the iterations of every warm-started chunk (paper: 400); empty =
	 * automatic: the preset's (FAITHFUL 400, FAST 100), except {@code FAST} on noise-free data
	 * from {@link #WIDE_MIN_WIDTH} to {@link #WIDE_MAX_WIDTH} px of width: 60, with the learning
	 * rate 3e-4 of {@link #learningRateNext()}. Why: there the run's time is these fits' (at
	 * 128 x 128 x 64, 435 of 534 s), and the shorter fit at the higher rate reached the same
	 * volume or a better one on two phantoms of three in about 60% of the time. Measured with
	 * {@code fast} on 61 noise-free tilts, 128 x 128 x 64, against 100 iterations from 2e-4 on the
	 * same machine (docs/benchmark/network-scale.md, session 18), PSNR / mFSC: spheres 21.02 /
	 * 0.830 against 20.95 / 0.810 (342 s against 505 s), shapes 26.25 / 0.816 against 26.28 /
	 * 0.763 (336 s against 552 s), virus 38.70 / 0.942 against 40.18 / 0.957 (197 s against 339
	 * s: the virus pays 1.5 dB, still 9 dB above Fourier inversion); 256 x 64 x 64 shapes +0.13
	 * dB and +0.036 mFSC in 64% of the time, spheres 18.02 / 0.791 against 18.16 / 0.786 in 65%.
	 * Why not wider: at 512 px these fits end at their bound of 60 far above the first fit's
	 * loss (4.8-6.3x relative to the empty volume's, against 1.6-2.2x after 100 from 2e-4), and
	 * the volume loses what the network gains in the wedge. 512 x 32 x 128, 61 noise-free tilts
	 * (network-scale.md, sessions 19-20), 60 from 3e-4 against 100 from 2e-4: spheres 15.59 /
	 * 0.637 against 17.75 / 0.795 (1,496 s against 1,811 s; Fourier inversion 17.49 / 0.628),
	 * shapes 23.47 / 0.775 against 24.92 / 0.838 (1,248 s against 1,741 s; 19.71 / 0.618);
	 * between the two, 384 x 32 x 96 spheres 17.69 / 0.778 against 18.15 / 0.802 (834 s against
	 * 1,074 s; 17.20 / 0.616).
	 */
	public OptionalInt iterationsNext() {
		return iterationsNext == AUTO ? OptionalInt.empty() : OptionalInt.of(iterationsNext);
	}

	/** Iteration bound of one step of a plan: {@link #iterationsFirst()} for a fit from random weights, else {@link #iterationsNext()}. Call on parameters {@link #forData} made. */
	int iterationBound(ChunkPlan.Step s) {
		return s.random() ? iterationsFirst : iterationsNext().getAsInt();
	}

	/** Sum of the steps' iteration bounds ({@link #iterationBound(ChunkPlan.Step)}). */
	long iterationBound(ChunkPlan plan) {
		long n = 0;
		for (ChunkPlan.Step s : plan.steps) n += iterationBound(s);
		return n;
	}

	public NetworkParameters withIterationsNext(int n) {
		NetworkParameters c = copy();
		c.iterationsNext = n;
		return c;
	}

	/** y rows per network (the paper's j). The authors' code: 2. */
	public int slicesPerNetwork() {
		return slicesPerNetwork;
	}

	public NetworkParameters withSlicesPerNetwork(int n) {
		NetworkParameters c = copy();
		c.slicesPerNetwork = n;
		return c;
	}

	/** Number of hidden-to-hidden sine layers (after the input sine layer). Paper: 4. */
	public int hiddenLayers() {
		return hiddenLayers;
	}

	public NetworkParameters withHiddenLayers(int n) {
		NetworkParameters c = copy();
		c.hiddenLayers = n;
		return c;
	}

	/** Width of every hidden layer. Paper: 256. */
	public int hiddenFeatures() {
		return hiddenFeatures;
	}

	public NetworkParameters withHiddenFeatures(int n) {
		NetworkParameters c = copy();
		c.hiddenFeatures = n;
		return c;
	}

	/** The recipe's omega0 (paper: 30), the automatic value on noise-free data. */
	public static final double RECIPE_OMEGA0 = 30;
	/** The least automatic omega0 on noisy data: the smallest width measured is 64 px, where 10 was best (below, a 32 px test failed to fit at 4.9). */
	static final double NOISY_OMEGA0_MIN = 10;

	/**
	 * SIREN frequency: activations are {@code sin(omega0 * (W h + b))}, inputs in [0, 1] per
	 * axis ({@link ChunkFitter}). Empty = automatic: the recipe's 30 on noise-free data; on
	 * noisy data the preset's value per pixel of width times {@code width - 1} (FAST: 10 at
	 * 64 px and below, 20 at 127 px, at most 30; FAITHFUL: 30). Why per pixel: with coordinates in
	 * [0, 1], a first-layer sine of frequency {@code omega0 w} has {@code omega0 w / (X - 1)}
	 * radians per pixel, so the same omega0 is twice as smooth per pixel at twice the width,
	 * and the noise is white per pixel. Measured at SNR 0.3 (docs/benchmark/noise.md): at 64
	 * px 10 beat 5, 7, 15, 20 and 30 (+0.9 to +1.7 dB and +0.1 mFSC over 30); at 128 px 10
	 * lost 0.5 dB and 15-20 matched 30 in PSNR with +0.02 mFSC.
	 */
	public OptionalDouble omega0() {
		return ifSet(omega0);
	}

	public NetworkParameters withOmega0(double w) {
		NetworkParameters c = copy();
		c.omega0 = w;
		return c;
	}

	/**
	 * Weight of the total-variation term (recipe: 0 for simulated, 1 for experimental data);
	 * empty = automatic: 0 on noise-free data, the preset's weight when the tilt series is
	 * noisy ({@link NoiseLevel#noisy()}): FAITHFUL 0.3 (best of 0.1, 0.3 and 1 with omega0
	 * 30), FAST 0.15 (best of 0.15, 0.2 and 0.3 with its lower noisy omega0;
	 * docs/benchmark/noise.md). The term is taken on the network's output before
	 * the output scale ({@link CoordinateNetworkEngine#outputScale}), whose values are O(1) as
	 * the authors' volumes are, so the weight means theirs at every thickness.
	 */
	public OptionalDouble tvLambda() {
		return ifSet(tvLambda);
	}

	public NetworkParameters withTvLambda(double l) {
		NetworkParameters c = copy();
		c.tvLambda = l;
		return c;
	}

	/**
	 * Distance between a chunk's rows in the network's coordinates, in units of the step between
	 * neighbouring pixels along x: row b of a chunk has {@code y = b yStep / (X - 1)} while
	 * {@code x = i / (X - 1)} ({@link ChunkFitter}). NaN (the default) = the recipe's:
	 * {@code y = b / (j - 1)}, [0, 1] across the chunk, that is {@code (X - 1) / (j - 1)} pixel
	 * steps of x per row (511 for 2-row chunks of a 512-px-wide series). Not a default anywhere
	 * and not a command key; the benchmark's {@code ys}.
	 * <p>
	 * Why it exists: a first-layer sine {@code sin(omega0 (w . c + b))} changes
	 * {@code omega0 w_y yStep / (X - 1)} radians from one row to the next and
	 * {@code omega0 w_x / (X - 1)} from one pixel to the next along x, so with the recipe's step
	 * the network's spectral bias, which smooths along x and z, does not act between rows: each
	 * row is fitted to its own rows of the projections, and on noisy data their independent
	 * noise becomes streaks along x. With step 1 the prior is the same along x and y. Measured
	 * with {@code fast} at SNR 0.3 (docs/benchmark/noise.md, session 16; energy of y- over
	 * x-differences, the truth's 1.0-1.2): at 512 px the streak ratio fell from 3.8-6.0 to
	 * 1.8-2.4 and PSNR rose 0.2-0.3 dB on spheres and shapes, but on the virus two warm-started
	 * fits stalled, so did their retries, and the run stopped; at 256 px +0.07 to +0.45 dB for -0.01 to -0.03 mFSC; at
	 * 64-128 px mFSC fell by up to 0.07 and the fusion by up to 0.4 dB. Hence not automatic.
	 */
	double yStep() {
		return yStep;
	}

	/** The largest {@link #networkBin}. */
	public static final int MAX_NETWORK_BIN = 8;

	/**
	 * Coarse network, full-size volume (the command's {@code network_bin}; default 1 = off):
	 * the network is fitted to the tilt series binned {@code b x b} (block means,
	 * {@link org.tomocn.recon.InputPreparation}; the thickness divided by {@code b}), and its
	 * volume is brought back to the input's size by trilinear interpolation
	 * ({@link CoordinateNetworkEngine#upsample}), in the units of an unbinned run. The fit costs
	 * about {@code b^3} times less (fewer points per chunk, fewer chunks); the volume holds
	 * nothing above the binned series' Nyquist frequency ({@code 0.5 / b} cycles per pixel),
	 * which {@code fusion} takes from the classic reconstruction at full size. Measured on noisy
	 * 512 x 32 x 128 slabs (docs/benchmark/noise.md, session 19): with {@code fusion=fourier},
	 * {@code b = 2} matched or beat the unbinned network fused, in a quarter of its time; alone,
	 * and at 256 px, it loses part of the missing wedge. Hence not automatic.
	 */
	public int networkBin() {
		return networkBin;
	}

	public NetworkParameters withNetworkBin(int b) {
		NetworkParameters c = copy();
		c.networkBin = b;
		return c;
	}

	NetworkParameters withYStep(double s) {
		NetworkParameters c = copy();
		c.yStep = s;
		return c;
	}

	/** Initial learning rate of the first chunk (paper: 1e-3). */
	public double learningRateFirst() {
		return learningRateFirst;
	}

	public NetworkParameters withLearningRateFirst(double lr) {
		NetworkParameters c = copy();
		c.learningRateFirst = lr;
		return c;
	}

	/** The recipe's initial learning rate of warm-started chunks (reference-recipe.md, "Optimisation"). */
	static final double RECIPE_LEARNING_RATE_NEXT = 1e-4;
	/**
	 * Widths (pixels) from and up to which the automatic {@link #learningRateNext()} and
	 * {@link #iterationsNext()} on noise-free data are the preset's wide values; wider, its
	 * widest learning rate with the preset's bound.
	 */
	static final int WIDE_MIN_WIDTH = 128, WIDE_MAX_WIDTH = 256;

	/** Where the automatic warm-started fits' rate and bound come from at this width, for the log. */
	static String warmStartRule(int width) {
		return width > WIDE_MAX_WIDTH ? "automatic for noise-free data wider than " + WIDE_MAX_WIDTH + " px"
			: "automatic for noise-free data from " + WIDE_MIN_WIDTH + " to " + WIDE_MAX_WIDTH + " px of width";
	}

	/**
	 * Initial learning rate of warm-started chunks (paper: 1e-4); empty = automatic: the recipe's
	 * 1e-4, except {@code FAST} on noise-free data from {@link #WIDE_MIN_WIDTH} px of width:
	 * 3e-4 up to {@link #WIDE_MAX_WIDTH} px, with at most 60 iterations, and 2e-4 wider, with at
	 * most 100 ({@link #iterationsNext()} gives what that measured).
	 * Why a higher rate there: bounded at 100 iterations, a quarter of the recipe's 400, these
	 * fits stop short of what the chunk's data allow from 128 px (a chunk fitted from random
	 * weights for 900 iterations reached 25.1 dB where the warm-started fit reached 22.8).
	 * Session 10 (docs/benchmark/network-scale.md), 100 iterations on 61 noise-free tilts: 2e-4
	 * against 1e-4 at 128 x 128 x 64 spheres +0.84 dB / +0.029 mFSC, shapes +1.20 / +0.075, virus
	 * +0.03 / +0.006, same time; at 64 x 64 x 32 spheres +1.18, shapes +0.82, but the virus -0.36
	 * dB / -0.018 (hence from 128 px); 3e-4 gained more on spheres and shapes but lost 2.1 dB on
	 * the 128-px virus (1.5 dB with the bound of 60, session 18). On noisy data (SNR 0.3, 64 px)
	 * 2e-4 lost 0.23-0.41 dB and 3e-4 0.5-0.7 dB, and the chains' fits end on the plateau rule
	 * long before their bound, hence noise-free data only.
	 */
	public OptionalDouble learningRateNext() {
		return ifSet(learningRateNext);
	}

	public NetworkParameters withLearningRateNext(double lr) {
		NetworkParameters c = copy();
		c.learningRateNext = lr;
		return c;
	}

	/** Factor by which the learning rate decays (log-linearly) once the fit plateaus ({@link FitSchedule}). Paper: 10. */
	public double learningRateDecay() {
		return learningRateDecay;
	}

	public NetworkParameters withLearningRateDecay(double f) {
		NetworkParameters c = copy();
		c.learningRateDecay = f;
		return c;
	}

	/** The value of an integer parameter left automatic ({@link #overlap()}, {@link #iterationsNext()}). */
	private static final int AUTO = Integer.MIN_VALUE;

	/**
	 * y rows shared by neighbouring chunks, blended linearly ({@link ChunkPlan}); 0 = the
	 * paper's concatenation. Empty = automatic: 0 on noise-free data, the preset's on noisy
	 * data (FAST 1, FAITHFUL 0): at SNR 0.3 every row is then the mean of two fits, which
	 * averages part of each fit's noise away (+0.03 to +0.05 mFSC at 64 and 128 px for 1.3 to
	 * 1.5 times the time, docs/benchmark/noise.md).
	 */
	public OptionalInt overlap() {
		return overlap == AUTO ? OptionalInt.empty() : OptionalInt.of(overlap);
	}

	public NetworkParameters withOverlap(int n) {
		NetworkParameters c = copy();
		c.overlap = n;
		return c;
	}

	/**
	 * Standard deviation of the Gaussian Fourier-feature matrix (the authors' code uses 4 and
	 * skips the encoding with sine activations); 0 = no encoding (default).
	 */
	public double fourierScale() {
		return fourierScale;
	}

	public NetworkParameters withFourierScale(double s) {
		NetworkParameters c = copy();
		c.fourierScale = s;
		return c;
	}

	/** Seed of the weight initialisation (Java's {@link java.util.Random}). */
	public long seed() {
		return seed;
	}

	public NetworkParameters withSeed(long s) {
		NetworkParameters c = copy();
		c.seed = s;
		return c;
	}

	/** AMSGrad instead of plain Adam (the authors' optimiser; see {@link Adam}). The preset's: FAITHFUL true, FAST false. */
	public boolean amsgrad() {
		return amsgrad;
	}

	public NetworkParameters withAmsgrad(boolean a) {
		NetworkParameters c = copy();
		c.amsgrad = a;
		return c;
	}

	/** Scale the network's output by 1 / thickness ({@link CoordinateNetworkEngine#outputScale}); false only to measure the difference. */
	public boolean scaleOutput() {
		return scaleOutput;
	}

	public NetworkParameters withScaleOutput(boolean s) {
		NetworkParameters c = copy();
		c.scaleOutput = s;
		return c;
	}

	/**
	 * Plateau test window as a fraction of a fit's iteration bound (at least 10 iterations);
	 * 0 = the recipe's fixed schedule, every fit runs its full count ({@link FitSchedule}).
	 */
	public double plateauWindow() {
		return plateauWindow;
	}

	public NetworkParameters withPlateauWindow(double w) {
		NetworkParameters c = copy();
		c.plateauWindow = w;
		return c;
	}

	/** Relative loss improvement per window below which a fit is on a plateau ({@link FitSchedule}). */
	public double plateauTolerance() {
		return plateauTolerance;
	}

	public NetworkParameters withPlateauTolerance(double t) {
		NetworkParameters c = copy();
		c.plateauTolerance = t;
		return c;
	}

	/**
	 * Fraction of a chunk's points whose gradient each iteration back-propagates; 1 = every
	 * point (the recipe); empty = automatic: 1 on noise-free data, the preset's fraction on
	 * noisy data (FAST 0.25, FAITHFUL 1). Below 1, each iteration still evaluates the network
	 * on every point (the loss and its gradient with respect to the voxels are exact), but
	 * back-propagates through the network only one group of a fixed random partition of the
	 * points into {@code round(1 / fraction)} groups, in turn, scaled to an unbiased estimate
	 * of the full gradient ({@link ChunkFitter}). Measured with the fast preset
	 * (docs/benchmark/network-scale.md): at SNR 0.3 a quarter of the points gave the same
	 * quality (64 px: -0.12 to +0.51 dB) in 68-78% of the time; on noise-free data it lost 3.5
	 * to 5 dB at 64 px, hence noisy data only.
	 */
	public OptionalDouble pointFraction() {
		return ifSet(pointFraction);
	}

	/** An automatic (NaN) double field as an empty OptionalDouble, a set one as its value. */
	private static OptionalDouble ifSet(double v) {
		return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
	}

	/** Width (pixels) from which {@link #reuseValues()} is on by default when there are point groups. */
	static final int REUSE_VALUES_MIN_WIDTH = 128;

	/**
	 * With point groups ({@link #pointFraction()} below 1), whether an iteration evaluates the
	 * network only on the group it back-propagates and takes the other points' values from
	 * their last evaluation, all points being evaluated afresh every {@code 1 / fraction}
	 * iterations and after every restore ({@link ChunkFitter}); empty = automatic: on from
	 * {@link #REUSE_VALUES_MIN_WIDTH} pixels of width. Only the fits of a chain use it; the fits
	 * that run alone ({@link ChunkFit.Spread}) evaluate every point. Measured with {@code fast}
	 * at SNR 0.3 (docs/benchmark/noise.md, session 9), against evaluating every point: 64 px
	 * spheres -0.35 dB and shapes -0.15 dB for 17% less time (hence not at 64 px); 128 x 64 x 64
	 * shapes the same PSNR, mFSC -0.016, 25% less time, the virus -0.07 dB, mFSC -0.020, 33% less
	 * time; a 512 x 32 x 128 slab of spheres +0.06 dB, +0.006 mFSC, 18% less time (later steps
	 * 1.4x faster).
	 */
	public java.util.Optional<Boolean> reuseValues() {
		return java.util.Optional.ofNullable(reuseValues);
	}

	public NetworkParameters withReuseValues(boolean on) {
		NetworkParameters c = copy();
		c.reuseValues = on;
		return c;
	}

	/**
	 * These parameters with every automatic value fixed for a tilt series: what a run uses.
	 *
	 * @param noisy whether the series is noisy ({@link NoiseLevel#noisy()})
	 * @param width the series' width in pixels (the x extent the coordinates span)
	 */
	NetworkParameters forData(boolean noisy, int width) {
		NetworkParameters c = copy();
		if (Double.isNaN(c.tvLambda)) c.tvLambda = noisy ? preset.noisyTvLambda : 0;
		if (Double.isNaN(c.pointFraction)) c.pointFraction = noisy ? preset.noisyPointFraction : 1;
		boolean wide = !noisy && width >= WIDE_MIN_WIDTH && width <= WIDE_MAX_WIDTH, widest = !noisy && width > WIDE_MAX_WIDTH;
		if (Double.isNaN(c.learningRateNext)) c.learningRateNext = wide ? preset.wideLearningRateNext : widest ? preset.widestLearningRateNext : RECIPE_LEARNING_RATE_NEXT;
		if (c.iterationsNext == AUTO) c.iterationsNext = wide ? preset.wideIterationsNext : preset.iterationsNext;
		if (c.reuseValues == null) c.reuseValues = c.pointFraction < 1 && width >= REUSE_VALUES_MIN_WIDTH;
		if (c.overlap == AUTO) c.overlap = noisy ? Math.min(preset.noisyOverlap, slicesPerNetwork - 1) : 0;
		if (Double.isNaN(c.omega0)) {
			c.omega0 = noisy && !Double.isNaN(preset.noisyOmega0PerPixel) ? Math.min(RECIPE_OMEGA0, Math.max(NOISY_OMEGA0_MIN, preset.noisyOmega0PerPixel * (width - 1)))
				: RECIPE_OMEGA0;
		}
		return c;
	}

	public NetworkParameters withPointFraction(double f) {
		NetworkParameters c = copy();
		c.pointFraction = f;
		return c;
	}

	/**
	 * Whether each fit holds out every 8th view (by angle) and stops where the loss on those
	 * views is lowest ({@code AUTO}: on noisy data only). Default {@code OFF}: on noisy data the
	 * automatic smoothness term ({@link #tvLambda()}) measured better than stopping on held-out
	 * views, with it and without it (docs/benchmark/noise.md).
	 */
	public HeldOut heldOut() {
		return heldOut;
	}

	public NetworkParameters withHeldOut(HeldOut h) {
		NetworkParameters c = copy();
		c.heldOut = h;
		return c;
	}

	/** @throws TomoInputException naming the first parameter out of range by its key */
	public void validate() {
		positive("iterations_first", iterationsFirst);
		if (iterationsNext != AUTO) positive("iterations_next", iterationsNext);
		positive("slices_per_network", slicesPerNetwork);
		positive("hidden_layers", hiddenLayers);
		positive("hidden_features", hiddenFeatures);
		if (!Double.isNaN(omega0) && (!(omega0 > 0) || !Double.isFinite(omega0))) throw new TomoInputException("omega0 must be positive, got " + omega0);
		if (!Double.isNaN(tvLambda) && !(tvLambda >= 0 && Double.isFinite(tvLambda))) throw new TomoInputException("tv_lambda must be >= 0, got " + tvLambda);
		if (!(learningRateFirst > 0) || !(Double.isNaN(learningRateNext) || learningRateNext > 0)) {
			throw new TomoInputException("learning rates must be positive, got " + learningRateFirst + " and " + learningRateNext);
		}
		if (!(learningRateDecay >= 1)) throw new TomoInputException("learning rate decay must be >= 1, got " + learningRateDecay);
		if (overlap != AUTO && (overlap < 0 || overlap >= slicesPerNetwork)) {
			throw new TomoInputException("overlap must be in [0, slices_per_network - 1] = [0, " + (slicesPerNetwork - 1) + "], got " + overlap);
		}
		if (!(fourierScale >= 0)) throw new TomoInputException("Fourier feature scale must be >= 0, got " + fourierScale);
		if (!(plateauWindow >= 0 && plateauWindow <= 0.5)) throw new TomoInputException("plateau window must be in [0, 0.5], got " + plateauWindow);
		if (!(plateauTolerance >= 0 && plateauTolerance < 1)) throw new TomoInputException("plateau tolerance must be in [0, 1), got " + plateauTolerance);
		if (!Double.isNaN(pointFraction) && !(pointFraction > 0 && pointFraction <= 1)) throw new TomoInputException("point_fraction must be in (0, 1], got " + pointFraction);
		if (networkBin < 1 || networkBin > MAX_NETWORK_BIN) throw new TomoInputException("network_bin must be from 1 to " + MAX_NETWORK_BIN + ", got " + networkBin);
	}

	/** The constant of {@code type} named {@code s} (case-insensitive); else refused naming the key and the choices. */
	static <E extends Enum<E>> E choice(Class<E> type, String key, String s) {
		StringBuilder names = new StringBuilder();
		for (E e : type.getEnumConstants()) {
			if (s != null && e.name().equalsIgnoreCase(s.trim())) return e;
			names.append(names.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
		}
		throw new TomoInputException(key + " must be one of " + names + "; got '" + s + "'");
	}

	static void positive(String name, int v) {
		if (v < 1) throw new TomoInputException(name + " must be at least 1, got " + v);
	}

	/**
	 * Every hyperparameter as {@code name=value} words, named as the command's keys where
	 * there is one; part of the checkpoints' run key.
	 */
	public String key() {
		return String.format(Locale.ROOT,
			"iterations_first=%d iterations_next=%s slices_per_network=%d hidden_layers=%d hidden_features=%d omega0=%s tv_lambda=%s "
				+ "learning_rate_first=%s learning_rate_next=%s learning_rate_decay=%s overlap=%s fourier_scale=%s seed=%d "
				+ "amsgrad=%s output_scale=%s plateau_window=%s plateau_tolerance=%s held_out=%s point_fraction=%s reuse_values=%s",
			iterationsFirst, iterationsNext == AUTO ? "auto" : iterationsNext, slicesPerNetwork, hiddenLayers, hiddenFeatures, auto(omega0), auto(tvLambda), learningRateFirst, auto(learningRateNext),
			learningRateDecay, overlap == AUTO ? "auto" : overlap, fourierScale, seed, amsgrad, scaleOutput, plateauWindow, plateauTolerance, heldOut.name().toLowerCase(Locale.ROOT),
			auto(pointFraction), reuseValues == null ? "auto" : reuseValues) + (Double.isNaN(yStep) ? "" : " y_step=" + yStep)
			+ (networkBin == 1 ? "" : " network_bin=" + networkBin);
	}

	private static Object auto(double v) {
		return Double.isNaN(v) ? "auto" : v;
	}

	@Override
	public String toString() {
		return "preset=" + preset.key() + " " + key();
	}
}
