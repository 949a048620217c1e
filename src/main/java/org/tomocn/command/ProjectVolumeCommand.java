package org.tomocn.command;

import java.io.File;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;
import org.tomocn.core.Parallel;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.geometry.Projector;
import org.tomocn.ij.ImagePlusConverter;
import org.tomocn.io.TiltAngles;
import org.tomocn.io.TomoFiles;

/**
 * Projects a volume into a tilt series with TomoCN's projector: raw line integrals in voxel
 * units (a ray crossing d voxels of value 1 sums to d), tilt about Y. Writes the stack and,
 * next to it, its angles as {@code <output name>.tlt}. A volume with NaN or infinite voxels
 * is refused, as by every other command. Cancelling stops the projection within a second and
 * writes nothing.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Tomography>Project Volume...")
public class ProjectVolumeCommand extends CancelableCommand {
	@Parameter(required = false, label = "Volume (open image)")
	private ImagePlus image;

	@Parameter(required = false, label = "Volume file (MRC)", description = "An MRC volume X x Y x Z; wins over the open image")
	private File volume;

	@Parameter(label = "Tilt angles", description = "A .tlt file or a range min:step:max in degrees, e.g. -60:2:60")
	private String angles = "-60:2:60";

	@Parameter(required = false, label = "Output tilt series (MRC)", style = FileWidget.SAVE_STYLE,
		description = "Where to write the projections; empty: don't write")
	private File output;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus projections;

	@Override
	protected void execute() {
		CommandSupport.checkMrcOutput(output, "output", volume);
		Volume v = volume != null ? TomoFiles.readVolume(volume.toPath()) : ImagePlusConverter.toVolume(requireImage());
		v.requireFinite(volume != null ? volume.getName() : "image '" + image.getTitle() + "'");
		TiltGeometry g = new TiltGeometry(TiltAngles.parse(angles), v.nx(), v.ny(), v.nz(), v.pixelSize());
		TiltSeries ts = new Projector(g).forward(v, Parallel.defaultThreads(), cancel);
		if (output != null) {
			TomoFiles.writeTiltSeries(output.toPath(), ts, "Project Volume");
			File tlt = new File(output.getAbsoluteFile().getParentFile(), TomoFiles.baseName(output.toPath()) + ".tlt");
			boolean tltIsInput = !TiltAngles.isRange(angles) && tlt.equals(new File(angles).getAbsoluteFile());
			if (!tltIsInput) TiltAngles.write(tlt.toPath(), g.anglesDeg());
		}
		projections = ImagePlusConverter.toImagePlus(ts.projections(), "projections");
	}

	private ImagePlus requireImage() {
		if (image == null) throw new org.tomocn.core.TomoInputException("No volume: give volume (an MRC file) or open a volume as an image");
		return image;
	}
}
