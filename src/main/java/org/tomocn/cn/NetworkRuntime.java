package org.tomocn.cn;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import org.tomocn.core.CancelToken;
import org.tomocn.core.CancelledException;
import org.tomocn.core.TomoInputException;
import org.tomocn.geometry.SparseMatrix;

/**
 * The native side of the coordinate network, in one place: finding DJL's PyTorch engine
 * (with TomoCN's class loader, without which DJL finds none inside Fiji), the choice of
 * device, PyTorch's thread count and grad mode, the objective for that device
 * ({@link HostLoss} on the CPU, {@link DeviceObjective} on a GPU), and the translation of
 * native failures into advice ({@link NetworkEngineException}). The only class of TomoCN that
 * calls PyTorch's internal {@code JniUtils}.
 * <p>
 * A runtime is opened for one run and closed in {@code finally}: closing frees the run's
 * native memory and restores the threads, grad mode and class loader it found. Runs are
 * serialised per JVM here (PyTorch's thread count is global): a second {@link #open} waits,
 * cancellably, for the first to close. Within a run, up to {@link #lanes} chains of fits
 * run at once, each on its own thread ({@link #onWorkerThread}).
 */
final class NetworkRuntime implements AutoCloseable {
	private static final ReentrantLock ONE_RUN = new ReentrantLock(true);

	/** A device and why it was chosen, e.g. "cpu (auto: DJL's PyTorch 2.5.1 sees no GPU)". */
	static final class Selection {
		final Device device;
		final String description;

		Selection(Device device, String description) {
			this.device = device;
			this.description = description;
		}
	}

	private final Thread thread;
	private final ClassLoader previousLoader;
	private final int previousThreads;
	private final boolean previousGrad;
	private final Selection selection;
	private final NDManager root;
	private final int lanes, torchThreads;

	private NetworkRuntime(NetworkRunSettings.DeviceChoice choice, int threads) {
		thread = Thread.currentThread();
		previousLoader = thread.getContextClassLoader();
		thread.setContextClassLoader(NetworkRuntime.class.getClassLoader());
		boolean restoreNative = false;
		int pt = 0;
		boolean pg = false;
		try {
			Engine engine = engine();
			selection = choose(engine, choice);
			pt = JniUtils.getNumThreads();
			pg = JniUtils.isGradMode();
			restoreNative = true;
			lanes = selection.device.isGpu() ? 1 : Math.min(MAX_LANES, threads);
			torchThreads = Math.max(1, threads / lanes);
			JniUtils.setNumThreads(torchThreads);
			JniUtils.setGradMode(false);
			root = NDManager.newBaseManager(selection.device);
		}
		catch (RuntimeException | Error e) {
			if (restoreNative) {
				JniUtils.setGradMode(pg);
				JniUtils.setNumThreads(pt);
			}
			thread.setContextClassLoader(previousLoader);
			throw e;
		}
		previousThreads = pt;
		previousGrad = pg;
	}

	/**
	 * Waits until no other network run is open in this JVM (checking {@code cancel} while it
	 * waits), then opens one on the chosen device for {@code threads} threads ({@link #lanes} lanes of {@link #torchThreads} PyTorch threads).
	 *
	 * @throws TomoInputException when {@code device=gpu} and DJL sees no GPU
	 * @throws NetworkEngineException when the engine cannot be loaded
	 */
	static NetworkRuntime open(NetworkRunSettings.DeviceChoice choice, int threads, CancelToken cancel) {
		try {
			while (!ONE_RUN.tryLock(200, TimeUnit.MILLISECONDS)) cancel.check();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new CancelledException();
		}
		try {
			return new NetworkRuntime(choice, threads);
		}
		catch (RuntimeException | Error e) {
			ONE_RUN.unlock();
			throw e;
		}
	}

	/** DJL's engine, looked up with TomoCN's class loader. @throws NetworkEngineException with advice when there is none */
	static Engine engine() {
		Thread t = Thread.currentThread();
		ClassLoader previous = t.getContextClassLoader();
		t.setContextClassLoader(NetworkRuntime.class.getClassLoader());
		try {
			return Engine.getInstance();
		}
		catch (RuntimeException | UnsatisfiedLinkError e) {
			throw new NetworkEngineException("The coordinate network's engine does not work here (" + e + "). It needs DJL's PyTorch engine and the " +
				"PyTorch native library for this platform (pytorch-native-cpu in Fiji's jars/ folder, see the README); WBP, SIRT and Fourier inversion work without it.",
				e);
		}
		finally {
			t.setContextClassLoader(previous);
		}
	}

	/** The device {@code choice} means with this engine, and why. */
	static Selection choose(Engine engine, NetworkRunSettings.DeviceChoice choice) {
		int gpus = engine.getGpuCount();
		switch (choice) {
		case CPU:
			return new Selection(Device.cpu(), "cpu (requested)");
		case GPU:
			if (gpus == 0) {
				throw new TomoInputException("device=gpu but DJL's PyTorch engine (" + engine.getVersion() +
					") sees no GPU; the bundled pytorch-native-cpu is CPU-only (see the README on enabling CUDA), or use device=cpu");
			}
			return new Selection(Device.gpu(), "gpu 0 (requested; " + gpus + " visible)");
		default:
			return gpus > 0 ? new Selection(Device.gpu(), "gpu 0 (auto: DJL sees " + gpus + " GPU" + (gpus > 1 ? "s" : "") + ")")
				: new Selection(Device.cpu(), "cpu (auto: DJL's PyTorch " + engine.getVersion() + " sees no GPU)");
		}
	}

	/** PyTorch's current intra-op thread count (loads the engine first, whose native library answers). */
	static int threads() {
		engine();
		return JniUtils.getNumThreads();
	}

	/** The run's root manager on the chosen device; everything of the run lives below it. */
	NDManager root() {
		return root;
	}

	/** The device and why it was chosen. */
	String description() {
		return selection.description;
	}

	boolean onGpu() {
		return selection.device.isGpu();
	}

	/**
	 * The objective with projection matrix {@code a} (one y row, rows {@code u + X view},
	 * columns {@code x + X z}) on this runtime's device.
	 */
	Objective objective(SparseMatrix a, int nx, int nz, double tvLambda) {
		return onGpu() ? new DeviceObjective(new DeviceProjector(root, a), nx, nz, tvLambda) : new HostLoss(a, nx, nz, tvLambda);
	}

	/**
	 * Rethrows a native failure of a run as advice: out of device memory names the points per
	 * evaluation ({@code sub_batch}) and the CPU; anything else says which device failed.
	 */
	RuntimeException translate(RuntimeException e, int subBatch) {
		String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
		if (m.contains("out of memory")) {
			return new NetworkEngineException("PyTorch ran out of memory on " + selection.description + " with " + subBatch +
				" points per network evaluation: lower sub_batch (e.g. sub_batch=" + Math.max(1024, subBatch / 4) + ") or use device=cpu", e);
		}
		if (e instanceof ai.djl.engine.EngineException) {
			return new NetworkEngineException("PyTorch failed on " + selection.description + ": " + e.getMessage() + "; on a GPU, try device=cpu", e);
		}
		return e;
	}

	/** A sparse COO matrix owned by PyTorch from its indices ({@code 2 x nnz}, int64) and values. */
	static NDArray sparseCoo(NDArray indices, NDArray values, Shape shape) {
		return JniUtils.createSparseCoo((PtNDArray) indices, (PtNDArray) values, shape);
	}

	/** Chains of fits run at once at most ({@link ChunkPlan#chains}: the plan has two). */
	static final int MAX_LANES = 2;

	/**
	 * How many chains of fits run at once: on the CPU one per thread up to {@link #MAX_LANES},
	 * on a GPU one.
	 * <p>
	 * <b>Why lanes and not PyTorch threads.</b> With more than one PyTorch thread, MKL (inside
	 * PyTorch's CPU library) chooses per process how many threads a matrix product uses
	 * ({@code MKL_DYNAMIC}, which Java cannot switch off): measured with
	 * {@code ReproducibilityTest}'s run (width 128, 4,096 points), 5 of 202 processes took the
	 * other split, so their first loss differed in the sixth digit and their volumes by up to
	 * a third of the range. A single PyTorch thread leaves MKL no choice, and every fit is then
	 * the same computation in any process; the second core runs the plan's second chain
	 * instead. With {@code threads} above 3 each lane gets {@code threads / 2} PyTorch threads
	 * (faster on many cores, but reruns may differ: see the README).
	 */
	int lanes() {
		return lanes;
	}

	/** PyTorch's intra-op threads per lane: {@code max(1, threads / lanes)}. */
	int torchThreads() {
		return torchThreads;
	}

	/**
	 * {@code body} made ready to run on another thread as a lane of this run: with TomoCN's
	 * class loader, this run's PyTorch thread count and grad mode off on that thread (PyTorch
	 * keeps both per thread; MKL's thread count too); class loader and grad mode are restored
	 * afterwards (the lane's thread ends with the run).
	 */
	Runnable onWorkerThread(Runnable body) {
		return () -> {
			Thread t = Thread.currentThread();
			ClassLoader previous = t.getContextClassLoader();
			t.setContextClassLoader(NetworkRuntime.class.getClassLoader());
			boolean grad = JniUtils.isGradMode();
			try {
				JniUtils.setNumThreads(torchThreads);
				JniUtils.setGradMode(false);
				body.run();
			}
			finally {
				JniUtils.setGradMode(grad);
				t.setContextClassLoader(previous);
			}
		};
	}

	/**
	 * PyTorch's autograd on the calling thread: while open, operations are recorded (grad mode
	 * on for this thread only), and {@link #backward} accumulates gradients into the
	 * parameters. DJL's {@code GradientCollector} does the same but allows one open collector
	 * per JVM; grad mode itself is per thread in PyTorch, so each lane opens its own.
	 */
	static final class Autograd implements AutoCloseable {
		private final boolean previous = JniUtils.isGradMode();

		Autograd() {
			JniUtils.setGradMode(true);
		}

		/** Back-propagates from the scalar {@code target}: gradients accumulate into the leaves that require them. */
		void backward(NDArray target) {
			try (NDArray seed = target.onesLike()) {
				JniUtils.backward((PtNDArray) target, (PtNDArray) seed, false, false);
			}
		}

		@Override
		public void close() {
			JniUtils.setGradMode(previous);
		}
	}

	/** Sets the gradient PyTorch accumulated in a parameter to zero, in place. */
	static void zeroGradient(NDArray parameter) {
		JniUtils.zeroGrad((PtNDArray) parameter);
	}

	/** Frees the run's native memory, restores threads, grad mode and class loader, and lets the next run open. */
	@Override
	public void close() {
		try {
			root.close();
		}
		finally {
			JniUtils.setGradMode(previousGrad);
			JniUtils.setNumThreads(previousThreads);
			thread.setContextClassLoader(previousLoader);
			ONE_RUN.unlock();
		}
	}
}
