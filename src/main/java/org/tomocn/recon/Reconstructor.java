package org.tomocn.recon;

import org.tomocn.core.CancelToken;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;

/**
 * The contract of every classic reconstruction engine (weighted back-projection, SIRT,
 * Fourier inversion).
 * <ul>
 * <li>The input is validated before any work ({@link ReconInput#check}): sizes, thread count,
 * NaN or infinite values; problems raise {@link org.tomocn.core.TomoInputException} naming
 * the parameter or the view.</li>
 * <li>The result is a new {@code X x Y x Z} volume ({@code Z} = the geometry's thickness)
 * owned by the caller, pixel size from the geometry (Angstrom, NaN when unknown).</li>
 * <li>The call blocks; work is spread over {@code threads} threads over y rows; the
 * {@link CancelToken} is checked at least once per y row or iteration (a cancel raises
 * {@link org.tomocn.core.CancelledException}); progress goes to the listener, possibly from
 * worker threads.</li>
 * <li>The input tilt series is never modified.</li>
 * </ul>
 * Prepare raw data (exclude views, bin, invert, log) with {@link InputPreparation} first.
 */
public interface Reconstructor {
	Volume reconstruct(TiltSeries tiltSeries, int threads, CancelToken cancel, ProgressListener progress);
}
