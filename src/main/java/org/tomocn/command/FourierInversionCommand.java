package org.tomocn.command;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.tomocn.core.Parallel;
import org.tomocn.recon.FourierInversion;

/** Direct Fourier inversion per y row by the central-slice theorem, as EMAN2 does for tomograms. */
@Plugin(type = Command.class, menuPath = "Plugins>Tomography>Fourier Inversion...")
public class FourierInversionCommand extends ReconstructionCommand {
	@Override
	protected void execute() {
		finish(new FourierInversion().reconstruct(input(), Parallel.defaultThreads(), cancel, progress("Fourier inversion")), "Fourier inversion");
	}
}
