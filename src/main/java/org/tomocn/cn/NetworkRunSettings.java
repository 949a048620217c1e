package org.tomocn.cn;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import org.tomocn.core.TomoInputException;

/**
 * How a coordinate-network run is carried out, as opposed to what it fits
 * ({@link NetworkParameters}): the device, the checkpoint folder and resume, the preview
 * rows, the points per network evaluation, the convergence guard's retries and the ensemble. Immutable;
 * {@code withX} returns a copy. The thread count is the {@link org.tomocn.recon.Reconstructor}'s
 * argument, as for every reconstruction.
 */
public final class NetworkRunSettings {

	/** Where to train. */
	public enum DeviceChoice {
		/** A GPU when DJL sees one, else the CPU. */
		AUTO,
		CPU,
		/** A GPU; the run stops with advice before any fit when DJL sees none. */
		GPU;

		/** Parses {@code auto}, {@code cpu} or {@code gpu} (case-insensitive). */
		public static DeviceChoice parse(String s) {
			return NetworkParameters.choice(DeviceChoice.class, "device", s);
		}
	}

	/** The most members an ensemble may have (each costs a whole run). */
	public static final int MAX_ENSEMBLE = 16;

	private DeviceChoice device = DeviceChoice.AUTO;
	private Path workDir;
	private boolean resume;
	private int preview;
	private Integer subBatch;
	private int maxRetries = 2;
	private double stallRatio = 0.5;
	private int ensemble = 1;
	/** For one member of an ensemble: how many members' runs follow it (for the time left). */
	private int runsAfter;

	/** Automatic device, no checkpoints, the whole volume, the guard's default retries. */
	public static NetworkRunSettings defaults() {
		return new NetworkRunSettings();
	}

	private NetworkRunSettings copy() {
		NetworkRunSettings s = new NetworkRunSettings();
		s.device = device;
		s.workDir = workDir;
		s.resume = resume;
		s.preview = preview;
		s.subBatch = subBatch;
		s.maxRetries = maxRetries;
		s.stallRatio = stallRatio;
		s.ensemble = ensemble;
		s.runsAfter = runsAfter;
		return s;
	}

	public DeviceChoice device() {
		return device;
	}

	public NetworkRunSettings withDevice(DeviceChoice d) {
		NetworkRunSettings s = copy();
		s.device = d;
		return s;
	}

	/** Folder for per-chunk checkpoints; empty = none (no resume possible). */
	public Optional<Path> workDir() {
		return Optional.ofNullable(workDir);
	}

	public NetworkRunSettings withWorkDir(Path p) {
		NetworkRunSettings s = copy();
		s.workDir = p;
		return s;
	}

	/** Reuse the checkpoints of an earlier run with the same input and settings. */
	public boolean resume() {
		return resume;
	}

	public NetworkRunSettings withResume(boolean r) {
		NetworkRunSettings s = copy();
		s.resume = r;
		return s;
	}

	/** When positive: reconstruct only the N central y rows (the authors' "mid" mode). */
	public int preview() {
		return preview;
	}

	public NetworkRunSettings withPreview(int n) {
		NetworkRunSettings s = copy();
		s.preview = n;
		return s;
	}

	/**
	 * Points per network evaluation for a network of width {@code hiddenFeatures}; larger
	 * chunks are processed in sub-batches with accumulated gradients ({@link ChunkFitter}).
	 * Default: {@code 2^21 / hiddenFeatures} points, the same activation size at every width
	 * (8,192 points at width 256, where it measured fastest: larger batches' activations leave
	 * the caches).
	 */
	public int subBatch(int hiddenFeatures) {
		return subBatch != null ? subBatch : Math.max(1024, (1 << 21) / Math.max(1, hiddenFeatures));
	}

	public NetworkRunSettings withSubBatch(int n) {
		NetworkRunSettings s = copy();
		s.subBatch = n;
		return s;
	}

	/** How often the convergence guard retries a stalled chunk before giving up. */
	public int maxRetries() {
		return maxRetries;
	}

	public NetworkRunSettings withMaxRetries(int n) {
		NetworkRunSettings s = copy();
		s.maxRetries = n;
		return s;
	}

	/**
	 * A chunk counts as stalled when its final projection loss is above this fraction of the
	 * loss of an all-zero volume (or above the loss of the scaled back-projection); see
	 * {@link ConvergenceGuard}.
	 */
	public double stallRatio() {
		return stallRatio;
	}

	public NetworkRunSettings withStallRatio(double r) {
		NetworkRunSettings s = copy();
		s.stallRatio = r;
		return s;
	}

	/**
	 * How many times the whole volume is fitted, from the seeds {@code seed, seed + 1, ...};
	 * the result is the members' mean ({@link CoordinateNetworkEngine#run}). 1: one fit.
	 */
	public int ensemble() {
		return ensemble;
	}

	public NetworkRunSettings withEnsemble(int n) {
		NetworkRunSettings s = copy();
		s.ensemble = n;
		return s;
	}

	/**
	 * The settings of member {@code m} (0-based) of the ensemble: one run, followed by
	 * {@code ensemble - 1 - m} others; its checkpoints go to the work folder itself for the
	 * first member (so that member is a plain run of its seed) and to its sub-folder
	 * {@code member-(m+1)} for the others.
	 */
	NetworkRunSettings member(int m) {
		NetworkRunSettings s = copy();
		s.ensemble = 1;
		s.runsAfter = ensemble - 1 - m;
		if (workDir != null && m > 0) s.workDir = workDir.resolve("member-" + (m + 1));
		return s;
	}

	/** How many runs of the same size follow this one (members of an ensemble), so that the time left counts them. */
	int runsAfter() {
		return runsAfter;
	}

	/** @throws TomoInputException naming the first setting out of range by its key */
	public void validate() {
		if (subBatch != null) NetworkParameters.positive("sub_batch", subBatch);
		if (preview < 0) throw new TomoInputException("preview must be >= 0, got " + preview);
		if (maxRetries < 0) throw new TomoInputException("max retries must be >= 0, got " + maxRetries);
		if (!(stallRatio > 0 && stallRatio <= 1)) throw new TomoInputException("stall ratio must be in (0, 1], got " + stallRatio);
		if (resume && workDir == null) throw new TomoInputException("resume=true needs a work_dir");
		if (ensemble < 1 || ensemble > MAX_ENSEMBLE) throw new TomoInputException("ensemble must be from 1 to " + MAX_ENSEMBLE + " (fits of the whole volume), got " + ensemble);
	}

	/** The settings that change the result, as {@code name=value} words (part of the checkpoints' run key). */
	String key(int hiddenFeatures) {
		return String.format(Locale.ROOT, "preview=%d sub_batch=%d max_retries=%d stall_ratio=%s", preview, subBatch(hiddenFeatures), maxRetries, stallRatio);
	}

	@Override
	public String toString() {
		return "device=" + device.name().toLowerCase(Locale.ROOT) + " work_dir=" + (workDir == null ? "none" : workDir) + " resume=" + resume + " preview=" +
			preview + " max_retries=" + maxRetries + (ensemble > 1 ? " ensemble=" + ensemble : "");
	}
}
