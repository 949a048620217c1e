package org.tomocn.ij;

import java.awt.GraphicsEnvironment;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.Orthogonal_Views;

/**
 * Shows a volume with ImageJ's Orthogonal Views (XY, XZ, YZ), the crosshair at the centre
 * of the volume. Does nothing without a display (headless runs show nothing and fail
 * nothing).
 */
public final class OrthogonalViews {
	private OrthogonalViews() {}

	/** @return whether the views were opened */
	public static boolean show(ImagePlus volume) {
		if (GraphicsEnvironment.isHeadless() || volume == null || volume.getNSlices() < 2) return false;
		if (volume.getWindow() == null) volume.show();
		int cx = volume.getWidth() / 2, cy = volume.getHeight() / 2, cz = volume.getNSlices() / 2;
		volume.setSlice(cz + 1);
		// small volumes (binned data, tests) are enlarged so that the three views can be read
		int zoom = Math.min(800, 100 * Math.max(1, 320 / Math.max(volume.getWidth(), volume.getHeight())));
		if (zoom > 100) {
			IJ.run(volume, "Set... ", "zoom=" + zoom + " x=" + cx + " y=" + cy);
			IJ.wait(300); // the window is resized on the event thread; the views are placed around it
		}
		IJ.run(volume, "Orthogonal Views", "");
		Orthogonal_Views views = Orthogonal_Views.getInstance();
		if (views == null) return false;
		views.setCrossLoc(cx, cy, cz);
		return true;
	}
}
