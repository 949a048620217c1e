package org.tomocn.command;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tomocn.core.Parallel;
import org.tomocn.recon.RampFilter;
import org.tomocn.recon.WeightedBackProjection;

/** Weighted (filtered) back-projection, the baseline of IMOD's {@code tilt}. */
@Plugin(type = Command.class, menuPath = "Plugins>Tomography>Weighted Back-Projection...")
public class WeightedBackProjectionCommand extends ReconstructionCommand {
	@Parameter(required = false, label = "Filter window", choices = { "ram-lak", "shepp-logan", "cosine", "hamming" })
	private String filter = "ram-lak";

	@Parameter(required = false, label = "Radial cutoff (cycles/pixel)", description = "IMOD-style radial filter: linear ramp up to here, 0 = off")
	private double cutoff = 0;

	@Parameter(required = false, label = "Radial fall-off (cycles/pixel)", description = "Sigma of the Gaussian fall-off beyond the cutoff")
	private double falloff = 0.05;

	@Parameter(required = false, label = "SIRT-like iterations", description = "Filter that mimics N SIRT iterations (IMOD's fake SIRT); 0 = off")
	private int sirt_like = 0;

	@Override
	protected void execute() {
		RampFilter f = new RampFilter(RampFilter.Window.parse(filter), cutoff, falloff, sirt_like);
		finish(new WeightedBackProjection(f).reconstruct(input(), Parallel.defaultThreads(), cancel, progress("WBP")), "WBP");
	}
}
