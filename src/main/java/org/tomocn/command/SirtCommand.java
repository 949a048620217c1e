package org.tomocn.command;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tomocn.core.Parallel;
import org.tomocn.recon.Sirt;

/**
 * SIRT with the shared projector; the residual {@code ||b - Ax||} of every iteration is in the
 * progress lines (status bar, launcher) and, all of them, in the {@code residuals} output.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Tomography>SIRT...")
public class SirtCommand extends ReconstructionCommand {
	@Parameter(required = false, label = "Iterations", min = "1")
	private int iterations = 20;

	@Parameter(required = false, label = "Relaxation", description = "In (0, 2); 1 is the classic SIRT step")
	private double relaxation = 1;

	@Parameter(required = false, label = "Positivity", description = "Clip negative densities after each iteration")
	private boolean positivity = false;

	@Parameter(type = ItemIO.OUTPUT)
	private String residuals;

	@Override
	protected void execute() {
		Sirt.Result r = new Sirt(iterations, relaxation, positivity).run(input(), Parallel.defaultThreads(), cancel, progress("SIRT"), Sirt.ResidualListener.NONE);
		StringBuilder sb = new StringBuilder();
		for (double d : r.residuals()) sb.append(sb.length() == 0 ? "" : " ").append(String.format(java.util.Locale.ROOT, "%.4g", d));
		residuals = sb.toString();
		finish(r.volume(), "SIRT");
	}
}
