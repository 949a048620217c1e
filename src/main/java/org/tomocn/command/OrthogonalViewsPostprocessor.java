package org.tomocn.command;

import ij.ImagePlus;

import org.scijava.Priority;
import org.scijava.module.Module;
import org.scijava.module.process.AbstractPostprocessorPlugin;
import org.scijava.module.process.PostprocessorPlugin;
import org.scijava.plugin.Plugin;
import org.tomocn.ij.OrthogonalViews;

/**
 * In Fiji's GUI, after a TomoCN reconstruction command has run and its outputs were
 * displayed, opens Orthogonal Views on the reconstructed volume. Runs after SciJava's
 * display postprocessor (priority -10000); headless it does nothing.
 */
@Plugin(type = PostprocessorPlugin.class, priority = Priority.VERY_LOW - 1)
public class OrthogonalViewsPostprocessor extends AbstractPostprocessorPlugin {
	@Override
	public void process(Module module) {
		if (!(module.getDelegateObject() instanceof ReconstructionCommand)) return;
		Object v = module.getOutput("volume");
		if (v instanceof ImagePlus) OrthogonalViews.show((ImagePlus) v);
	}
}
