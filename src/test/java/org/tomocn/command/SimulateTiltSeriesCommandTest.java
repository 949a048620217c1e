package org.tomocn.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.tomocn.core.CancelToken;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.geometry.Projector;
import org.tomocn.io.TiltAngles;
import org.tomocn.io.TomoFiles;

public class SimulateTiltSeriesCommandTest {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void writesTiltSeriesAnglesAndGroundTruth() {
		File dir = new File(tmp.getRoot(), "sim out");
		assertEquals(0, ProjectVolumeCommandTest.launch("--run", "Simulate Tilt Series",
			"phantom=shapes width=32 height=20 thickness=16 tilt_min=-60 tilt_max=60 tilt_step=3 pixel_size=4.5 seed=7 output_dir=[" + dir + "]"));
		double[] angles = TiltAngles.read(new File(dir, "tilt_angles.tlt").toPath());
		assertEquals(41, angles.length);
		Volume truth = TomoFiles.readVolume(new File(dir, "ground_truth.mrc").toPath());
		assertEquals(32, truth.nx());
		assertEquals(16, truth.nz());
		assertEquals(4.5, truth.pixelSize(), 1e-4);
		// angles and thickness come back from the files alone (companion .tlt is not named like the stack, so give it)
		TiltSeries ts = TomoFiles.readTiltSeries(new File(dir, "tilt_series.mrc").toPath(), new File(dir, "tilt_angles.tlt").toString(), 0);
		assertEquals(16, ts.geometry().thickness());
		assertTrue(ts.scale() > 1);
		// stored * scale = the raw line integrals of the ground truth
		TiltSeries raw = new Projector(ts.geometry()).forward(truth, 2, CancelToken.NONE);
		float max = 0;
		for (int i = 0; i < raw.projections().data().length; i++) {
			assertEquals(raw.projections().data()[i], ts.projections().data()[i] * ts.scale(), 1e-3 * ts.scale());
			max = Math.max(max, ts.projections().data()[i]);
		}
		assertEquals(1f, max, 1e-6);
	}

	@Test
	public void badPhantomNameIsAnInputError() {
		assertEquals(2, ProjectVolumeCommandTest.launch("--run", "Simulate Tilt Series", "phantom=cubes output_dir=[" + tmp.getRoot() + "]"));
	}
}
