package org.tomocn.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.tomocn.cn.NetworkParameters.Preset;
import org.tomocn.core.Parallel;
import org.tomocn.core.TomoInputException;
import org.tomocn.io.TiltAngles;
import org.tomocn.simulate.PhantomType;

/**
 * What a benchmark run does: the data sets and their size, the acquisition (tilt step and
 * maximum tilt, degrees), the methods of the Figure-4 table, the Figure-5 sweeps (tilt steps
 * alpha at the default maximum tilt, maximum tilts beta at the default step, both in
 * degrees, on one data set), the phantom seed, threads and the time budget for the
 * coordinate network. Immutable; the {@code with...} methods return changed copies.
 * <p>
 * <b>Budget.</b> Classic methods always run. A network run is skipped (and the report says
 * so) when its predicted time, from the seconds per unit of work of the earlier runs of the
 * same preset (of all network runs before its first run), exceeds what is left of
 * {@link #networkBudgetSeconds()} counted from the start of the run; the first network run has no prediction and always starts. A network run still
 * going when the budget runs out is stopped and reported as stopped.
 */
public final class BenchConfig {
	private final String name;
	private final int nx, ny, nz;
	private final List<PhantomType> datasets;
	private final double step, maxTilt;
	private final List<BenchMethod> methods, sweepMethods;
	private final double[] alphas, betas;
	private final PhantomType sweepDataset;
	private final long seed;
	private final int threads;
	private final double networkBudgetSeconds;
	private final double snr;

	private BenchConfig(String name, int nx, int ny, int nz, List<PhantomType> datasets, double step, double maxTilt, List<BenchMethod> methods,
		List<BenchMethod> sweepMethods, double[] alphas, double[] betas, PhantomType sweepDataset, long seed, int threads, double networkBudgetSeconds)
	{
		this(name, nx, ny, nz, datasets, step, maxTilt, methods, sweepMethods, alphas, betas, sweepDataset, seed, threads, networkBudgetSeconds, 0);
	}

	private BenchConfig(String name, int nx, int ny, int nz, List<PhantomType> datasets, double step, double maxTilt, List<BenchMethod> methods,
		List<BenchMethod> sweepMethods, double[] alphas, double[] betas, PhantomType sweepDataset, long seed, int threads, double networkBudgetSeconds,
		double snr)
	{
		this.snr = snr;
		this.name = name;
		this.nx = nx;
		this.ny = ny;
		this.nz = nz;
		this.datasets = Collections.unmodifiableList(new ArrayList<>(datasets));
		this.step = step;
		this.maxTilt = maxTilt;
		this.methods = Collections.unmodifiableList(new ArrayList<>(methods));
		this.sweepMethods = Collections.unmodifiableList(new ArrayList<>(sweepMethods));
		this.alphas = alphas.clone();
		this.betas = betas.clone();
		this.sweepDataset = sweepDataset;
		this.seed = seed;
		this.threads = threads;
		this.networkBudgetSeconds = networkBudgetSeconds;
	}

	private static final double[] ALPHAS = { 1, 2, 4, 8 }, BETAS = { 40, 45, 50, 55, 60 };
	private static final List<PhantomType> DATASETS = Arrays.asList(PhantomType.SPHERES, PhantomType.SHAPES, PhantomType.VIRUS);

	/**
	 * Under 5 minutes on 2 cores: 64 x 64 x 32 voxels, WBP, FI and SIRT (20 iterations) on the
	 * three data sets; sweeps with WBP and FI on the virus. No coordinate network: one
	 * fast-preset fit of one such volume alone takes several minutes on 2 cores.
	 */
	public static BenchConfig quick() {
		return new BenchConfig("quick", 64, 64, 32, DATASETS, 2, 60,
			Arrays.asList(BenchMethod.wbp(), BenchMethod.fourierInversion(), BenchMethod.sirt(20)),
			Arrays.asList(BenchMethod.wbp(), BenchMethod.fourierInversion()), ALPHAS, BETAS, PhantomType.VIRUS, 1, Parallel.defaultThreads(), 0);
	}

	/**
	 * Under 60 minutes on 2 cores: the quick set-up at 48 x 48 x 24 voxels plus the network's
	 * fast and faithful presets on every data set, and fast-preset sweep points while the
	 * 50-minute network budget lasts. The size is what lets every Figure-4 network row fit the
	 * hour on this project's 2-core CPU: at 64 x 64 x 32 one faithful run alone took 19-22
	 * minutes with the network code before issue 11 (measured; 6-8 minutes since, in the
	 * {@code scale} run), so faithful on three data sets would not.
	 */
	public static BenchConfig full() {
		return new BenchConfig("full", 48, 48, 24, DATASETS, 2, 60,
			Arrays.asList(BenchMethod.wbp(), BenchMethod.fourierInversion(), BenchMethod.sirt(20), new NetworkMethod(Preset.FAST),
				new NetworkMethod(Preset.FAITHFUL)),
			Arrays.asList(BenchMethod.wbp(), BenchMethod.fourierInversion(), new NetworkMethod(Preset.FAST)), ALPHAS, BETAS, PhantomType.VIRUS, 1,
			Parallel.defaultThreads(), 50 * 60);
	}

	/**
	 * The {@code scale} run (issue 11): the Figure-4 table without sweeps at the sizes users
	 * have, one report per size: 64 x 64 x 32 (WBP, FI, SIRT, both network presets), 128 x
	 * 128 x 64 and 256 x 256 x 64 (WBP, FI, SIRT, the fast preset), the three product
	 * phantoms, 61 tilts -60:2:60. Network budgets 30, 45 and 60 minutes (about 2.5 hours in
	 * all on 2 cores; network runs that do not fit are listed as skipped).
	 */
	public static List<BenchConfig> scale() {
		List<BenchMethod> classic = Arrays.asList(BenchMethod.wbp(), BenchMethod.fourierInversion(), BenchMethod.sirt(20));
		List<BenchMethod> small = new ArrayList<>(classic), large = new ArrayList<>(classic);
		small.add(new NetworkMethod(Preset.FAST));
		small.add(new NetworkMethod(Preset.FAITHFUL));
		large.add(new NetworkMethod(Preset.FAST));
		double[] none = {};
		return Arrays.asList(
			new BenchConfig("scale-64x64x32", 64, 64, 32, DATASETS, 2, 60, small, Collections.emptyList(), none, none, PhantomType.VIRUS, 1,
				Parallel.defaultThreads(), 30 * 60),
			new BenchConfig("scale-128x128x64", 128, 128, 64, DATASETS, 2, 60, large, Collections.emptyList(), none, none, PhantomType.VIRUS, 1,
				Parallel.defaultThreads(), 45 * 60),
			new BenchConfig("scale-256x256x64", 256, 256, 64, DATASETS, 2, 60, large, Collections.emptyList(), none, none, PhantomType.VIRUS, 1,
				Parallel.defaultThreads(), 60 * 60));
	}

	/**
	 * The {@code noise} run (issue 14): 64 x 64 x 32, the three product phantoms, 61 tilts
	 * -60:2:60, one report per SNR as the simulator defines it (signal variance over noise
	 * variance, linear): infinite (noise-free), 1, 0.3 and 0.1. Methods: WBP, FI, SIRT at 3
	 * iterations (the best count at SNR 0.3) and at 20, the network's fast preset with its
	 * defaults (which detect the noise) and its fusion with Fourier inversion. About 6.5
	 * minutes on 2 cores; network budget 30 minutes per SNR.
	 */
	public static List<BenchConfig> noise() {
		NetworkMethod fast = new NetworkMethod(Preset.FAST);
		List<BenchMethod> methods = Arrays.asList(BenchMethod.wbp(), BenchMethod.fourierInversion(), BenchMethod.sirt(3).named("SIRT-3"),
			BenchMethod.sirt(20).named("SIRT-20"), fast, fast.fusedWithFourierInversion());
		double[] none = {};
		List<BenchConfig> list = new ArrayList<>();
		for (double snr : new double[] { 0, 1, 0.3, 0.1 }) {
			list.add(new BenchConfig("noise-snr-" + (snr == 0 ? "inf" : String.valueOf(snr)), 64, 64, 32, DATASETS, 2, 60, methods, Collections.emptyList(), none,
				none, PhantomType.VIRUS, 1, Parallel.defaultThreads(), 30 * 60, snr));
		}
		return list;
	}

	/** {@code quick} or {@code full} (case-insensitive); {@code scale} and {@code noise} are lists, see {@link #scale()} and {@link #noise()}. */
	public static BenchConfig named(String preset) {
		String p = preset.trim().toLowerCase(Locale.ROOT);
		if (p.equals("quick")) return quick();
		if (p.equals("full")) return full();
		throw new TomoInputException("benchmark preset must be quick, full, scale or noise, got '" + preset + "'");
	}

	/** A copy with another size (voxels; each at least 16, as the phantoms need). */
	public BenchConfig withSize(int x, int y, int z) {
		return new BenchConfig(name, x, y, z, datasets, step, maxTilt, methods, sweepMethods, alphas, betas, sweepDataset, seed, threads, networkBudgetSeconds, snr);
	}

	public BenchConfig withName(String n) {
		return new BenchConfig(n, nx, ny, nz, datasets, step, maxTilt, methods, sweepMethods, alphas, betas, sweepDataset, seed, threads, networkBudgetSeconds, snr);
	}

	public BenchConfig withDatasets(List<PhantomType> d) {
		return new BenchConfig(name, nx, ny, nz, d, step, maxTilt, methods, sweepMethods, alphas, betas, sweepDataset, seed, threads, networkBudgetSeconds, snr);
	}

	public BenchConfig withMethods(List<BenchMethod> m, List<BenchMethod> sweep) {
		return new BenchConfig(name, nx, ny, nz, datasets, step, maxTilt, m, sweep, alphas, betas, sweepDataset, seed, threads, networkBudgetSeconds, snr);
	}

	/** A copy with other sweep points (degrees) on another data set. */
	public BenchConfig withSweeps(double[] a, double[] b, PhantomType dataset) {
		return new BenchConfig(name, nx, ny, nz, datasets, step, maxTilt, methods, sweepMethods, a, b, dataset, seed, threads, networkBudgetSeconds, snr);
	}

	public BenchConfig withThreads(int t) {
		return new BenchConfig(name, nx, ny, nz, datasets, step, maxTilt, methods, sweepMethods, alphas, betas, sweepDataset, seed, t, networkBudgetSeconds, snr);
	}

	public BenchConfig withNetworkBudgetSeconds(double s) {
		return new BenchConfig(name, nx, ny, nz, datasets, step, maxTilt, methods, sweepMethods, alphas, betas, sweepDataset, seed, threads, s, snr);
	}

	/** Checks sizes, angles and threads before any work. */
	public void validate() {
		if (nx < 16 || ny < 16 || nz < 16) throw new TomoInputException("benchmark size " + nx + " x " + ny + " x " + nz + " is too small: each side must be at least 16");
		if (threads < 1) throw new TomoInputException("benchmark threads must be at least 1, got " + threads);
		if (datasets.isEmpty() || methods.isEmpty()) throw new TomoInputException("benchmark needs at least one data set and one method");
		checkTilts(step, maxTilt);
		for (double a : alphas) checkTilts(a, maxTilt);
		for (double b : betas) checkTilts(step, b);
	}

	/**
	 * The tilts of every acquisition are {@code -max:step:max} as a user would type them
	 * ({@link TiltAngles#range}), so a maximum that is not a whole number of steps from
	 * {@code -max} is refused here, before any work.
	 */
	private static void checkTilts(double step, double max) {
		if (!(step > 0) || !(max > 0) || max > 90) throw new TomoInputException("tilt step " + step + " and maximum tilt " + max + " degrees are not usable: need step > 0 and 0 < max <= 90");
		TiltAngles.range(-max, step, max);
	}

	public String name() {
		return name;
	}

	/**
	 * The launcher's benchmark preset that runs this configuration ({@code bin/tomocn bench
	 * PRESET}): the name itself, or, for a part of the {@code scale} and {@code noise} lists
	 * (named {@code scale-64x64x32}, {@code noise-snr-0.3}), the list's name.
	 */
	public String preset() {
		int dash = name.indexOf('-');
		return dash < 0 ? name : name.substring(0, dash);
	}

	public int nx() {
		return nx;
	}

	public int ny() {
		return ny;
	}

	public int nz() {
		return nz;
	}

	public List<PhantomType> datasets() {
		return datasets;
	}

	/** Default tilt step alpha, degrees. */
	public double step() {
		return step;
	}

	/** Default maximum tilt beta, degrees. */
	public double maxTilt() {
		return maxTilt;
	}

	public List<BenchMethod> methods() {
		return methods;
	}

	public List<BenchMethod> sweepMethods() {
		return sweepMethods;
	}

	public double[] alphas() {
		return alphas.clone();
	}

	public double[] betas() {
		return betas.clone();
	}

	public PhantomType sweepDataset() {
		return sweepDataset;
	}

	public long seed() {
		return seed;
	}

	public int threads() {
		return threads;
	}

	public double networkBudgetSeconds() {
		return networkBudgetSeconds;
	}

	/** SNR of the simulated tilt series (signal variance over noise variance, linear); 0 = noise-free. */
	public double snr() {
		return snr;
	}
}
