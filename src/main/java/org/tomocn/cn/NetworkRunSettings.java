package org.tomocn.cn;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import org.tomocn.core.TomoInputException;

/**
 * How a coordinate-network run is carried out, as opposed to what it fits
 * ({@link NetworkParameters}): the device, the checkpoint folder and resume, the preview
 * rows, the points per network evaluation, and the convergence guard's retries. Immutable;
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

	private DeviceChoice device = DeviceChoice.AUTO;
	private Path workDir;
	private boolean resume;
	private int preview;
	private Integer subBatch;
	private int maxRetries = 2;
	private double stallRatio = 0.5;

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

	/** @throws TomoInputException naming the first setting out of range by its key */
	public void validate() {
		if (subBatch != null) NetworkParameters.positive("sub_batch", subBatch);
		if (preview < 0) throw new TomoInputException("preview must be >= 0, got " + preview);
		if (maxRetries < 0) throw new TomoInputException("max retries must be >= 0, got " + maxRetries);
		if (!(stallRatio > 0 && stallRatio <= 1)) throw new TomoInputException("stall ratio must be in (0, 1], got " + stallRatio);
		if (resume && workDir == null) throw new TomoInputException("resume=true needs a work_dir");
	}

	/** The settings that change the result, as {@code name=value} words (part of the checkpoints' run key). */
	String key(int hiddenFeatures) {
		return String.format(Locale.ROOT, "preview=%d sub_batch=%d max_retries=%d stall_ratio=%s", preview, subBatch(hiddenFeatures), maxRetries, stallRatio);
	}

	@Override
	public String toString() {
		return "device=" + device.name().toLowerCase(Locale.ROOT) + " work_dir=" + (workDir == null ? "none" : workDir) + " resume=" + resume + " preview=" +
			preview + " max_retries=" + maxRetries;
	}
}
