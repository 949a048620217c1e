package org.tomocn.command;

import java.io.File;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.tomocn.core.Parallel;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;
import org.tomocn.fusion.FrequencyFusion;
import org.tomocn.fusion.FusionCsv;
import org.tomocn.ij.ImagePlusConverter;
import org.tomocn.io.TiltAngles;
import org.tomocn.io.TomoFiles;
import org.tomocn.halfset.HalfSetFsc;
import org.tomocn.recon.Reconstructor;

/**
 * Fuses a coordinate-network reconstruction with a classic one in Fourier space (paper,
 * section 4: an ensemble that takes each method where it is strong); the weights per shell and
 * region are {@link org.tomocn.fusion.FusionWeights}'. With {@code tilt_series} the classic's
 * signal is estimated from its half sets (reconstructed here with {@code method}), else from
 * the agreement of the two volumes.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Tomography>Frequency Fusion...")
public class FrequencyFusionCommand extends CancelableCommand {
	@Parameter(label = "Network volume (MRC)", description = "The coordinate network's reconstruction")
	private File network;

	@Parameter(label = "Classic volume (MRC)", description = "Fourier inversion, WBP or SIRT of the same tilt series, same size")
	private File classic;

	@Parameter(label = "Tilt angles", description = "A .tlt file or min:step:max in degrees: where the views measured Fourier space")
	private String angles = "";

	@Parameter(required = false, label = "Output volume (MRC)", style = FileWidget.SAVE_STYLE, description = "Empty: don't write")
	private File output;

	@Parameter(required = false, label = "Weights CSV", style = FileWidget.SAVE_STYLE, description = "The weights per shell and region; empty: don't write")
	private File csv;

	@Parameter(required = false, label = "Tilt series (MRC, optional)",
		description = "For weights from the classic's half sets (even and odd views); empty: weights from the agreement of the two volumes")
	private File tilt_series;

	@Parameter(required = false, label = "Classic method", choices = { "fourier", "wbp", "sirt" },
		description = "How the classic volume was made (Ram-Lak WBP, 20 SIRT iterations); only used with tilt_series, for its half sets")
	private String method = "fourier";

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus volume;

	/** g, the factor that brought the classic volume onto the network's scale. */
	@Parameter(type = ItemIO.OUTPUT)
	private Double scale;

	@Override
	protected void execute() {
		if (network == null) throw new TomoInputException("network: give the network's volume (an MRC file)");
		if (classic == null) throw new TomoInputException("classic: give the classic reconstruction (an MRC file)");
		if (angles == null || angles.trim().isEmpty()) throw new TomoInputException("angles: give the tilt angles (a .tlt file or a range such as -60:2:60)");
		CommandSupport.checkMrcOutput(output, "output", network, classic, tilt_series);
		CommandSupport.checkOutput(csv, "csv", network, classic, tilt_series);
		CommandSupport.checkDistinct(output, "output", csv, "csv");
		Volume n = TomoFiles.readVolume(network.toPath()), c = TomoFiles.readVolume(classic.toPath());
		double[] a = TiltAngles.parse(angles);
		FrequencyFusion.check(n, network.getName(), c, classic.getName(), a);
		Volume[] halves = null;
		int threads = Parallel.defaultThreads();
		if (tilt_series != null) {
			Reconstructor r = HalfSetFscCommand.method(method);
			TiltSeries ts = TomoFiles.readTiltSeries(tilt_series.toPath(), angles, c.nz());
			if (ts.projections().nx() != c.nx() || ts.projections().ny() != c.ny()) {
				throw new TomoInputException(tilt_series.getName() + " has " + ts.projections().nx() + " x " + ts.projections().ny() + " pixels per view but " + classic.getName() +
					" is " + c.nx() + " x " + c.ny() + " x " + c.nz() + ": give the tilt series the volumes were reconstructed from");
			}
			TiltSeries[] h = HalfSetFsc.split(ts);
			halves = new Volume[] { r.reconstruct(h[0], threads, cancel, progress("Half set 1")), r.reconstruct(h[1], threads, cancel, progress("Half set 2")) };
		}
		FrequencyFusion.Result res = FrequencyFusion.fuse(n, network.getName(), c, classic.getName(), a, halves, threads, cancel);
		scale = res.weights().scale();
		if (logService != null) logService.info("Frequency fusion of " + network.getName() + " and " + classic.getName() + ": classic scaled by " + scale + ", " + res.weights().summary());
		if (csv != null) FusionCsv.write(csv.toPath(), res.weights());
		CommandSupport.writeVolume(output, res.volume(), "Frequency fusion of " + network.getName() + " and " + classic.getName(), cancel);
		volume = ImagePlusConverter.toImagePlus(res.volume(), "Fusion of " + network.getName() + " and " + classic.getName());
	}
}
