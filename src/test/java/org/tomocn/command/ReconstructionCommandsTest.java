package org.tomocn.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;

import org.junit.Test;
import org.tomocn.core.CancelToken;
import org.tomocn.core.ProgressListener;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.io.TomoFiles;
import org.tomocn.recon.RampFilter;
import org.tomocn.recon.WeightedBackProjection;

public class ReconstructionCommandsTest extends LauncherTestBase {

	@Test
	public void wbpEqualsTheEngineAndKeepsThePixelSize() {
		File f = new File(tmp.getRoot(), "wbp.mrc");
		assertEquals(err, 0, launch("Weighted Back-Projection", DATA + " filter=hamming output=[" + f + "]"));
		Volume v = TomoFiles.readVolume(f.toPath());
		TiltSeries ts = TomoFiles.readTiltSeries(new File("test-data/tilt_series.mrc").toPath(), "test-data/tilt_angles.tlt", 0);
		Volume expected = new WeightedBackProjection(new RampFilter(RampFilter.Window.HAMMING, 0, 0.05, 0)).reconstruct(ts, 1, CancelToken.NONE, ProgressListener.NONE);
		assertEquals(64, v.nx());
		assertEquals(32, v.nz()); // thickness from the file's label
		assertEquals(10, v.pixelSize(), 1e-4);
		for (int i = 0; i < v.data().length; i++) assertEquals(expected.data()[i], v.data()[i], 1e-5);
	}

	@Test
	public void sirtReportsFallingResidualsAndBinningHalvesTheSize() {
		File f = new File(tmp.getRoot(), "sirt.mrc");
		assertEquals(err, 0, launch("SIRT", DATA + " iterations=4 positivity=true bin=2 output=[" + f + "]"));
		assertTrue("progress goes to stderr: " + err, err.contains("SIRT: "));
		String line = out.lines().filter(l -> l.startsWith("residuals=")).findFirst().orElse("");
		String[] r = line.substring("residuals=".length()).split(" ");
		assertEquals(5, r.length);
		for (int i = 1; i < r.length; i++) assertTrue(line, Double.parseDouble(r[i]) < Double.parseDouble(r[i - 1]));
		Volume v = TomoFiles.readVolume(f.toPath());
		assertEquals(32, v.nx());
		assertEquals(16, v.nz());
		assertEquals(20, v.pixelSize(), 1e-4);
	}

	@Test
	public void fourierInversionRuns() {
		File f = new File(tmp.getRoot(), "fi.mrc");
		assertEquals(err, 0, launch("Fourier Inversion", DATA + " thickness=40 exclude_views=[1, a60] output=[" + f + "]"));
		assertEquals(40, TomoFiles.readVolume(f.toPath()).nz());
	}

	@Test
	public void angleCountMismatchStopsBeforeWriting() {
		File f = new File(tmp.getRoot(), "bad.mrc");
		assertEquals(2, launch("Weighted Back-Projection", "tilt_series=test-data/tilt_series.mrc angles=-60:3:60 output=[" + f + "]"));
		assertTrue(err, err.contains("has 41 angles but tilt_series.mrc has 61 projections"));
		assertFalse(f.exists());
		assertEquals(2, launch("Weighted Back-Projection", DATA + " filter=gaussian"));
		assertTrue(err, err.contains("filter must be one of"));
	}

	/**
	 * NaN or infinity in a tilt series is refused with the file's name, the view's number in
	 * the file (also after exclude_views) and correct grammar (issue 13, item 11).
	 */
	@Test
	public void nonFiniteProjectionsNameTheFileAndTheView() throws Exception {
		TiltSeries ts = TomoFiles.readTiltSeries(new File("test-data/tilt_series.mrc").toPath(), "test-data/tilt_angles.tlt", 0);
		Volume p = ts.projections().copy();
		p.set(5, 6, 2, Float.POSITIVE_INFINITY); // view 3 (1-based)
		File f = new File(tmp.getRoot(), "broken.mrc");
		TomoFiles.writeTiltSeries(f.toPath(), new TiltSeries(p, ts.geometry(), ts.scale()), "test");
		String opts = "tilt_series=[" + f + "] angles=test-data/tilt_angles.tlt";
		assertEquals(err, 2, launch("Weighted Back-Projection", opts + " exclude_views=1"));
		assertTrue(err, err.contains("broken.mrc") && err.contains("an infinite value in view 3 ") && err.contains("x 5, y 6"));
		assertEquals(err, 0, launch("Weighted Back-Projection", opts + " exclude_views=[1,3]"));
	}

	/**
	 * The simulator's own output reconstructs without angles: tilt_angles.tlt is the only .tlt
	 * next to tilt_series.mrc, and the log says it was used (issue 13, item 14).
	 */
	@Test
	public void theSimulatorsOutputReconstructsWithoutAngles() throws Exception {
		File dir = tmp.newFolder("sim");
		int code = launch("Simulate Tilt Series", "phantom=spheres width=32 height=16 thickness=16 tilt_min=-60 tilt_max=60 tilt_step=10 snr=0 seed=1 output_dir=[" + dir + "]");
		assertEquals(err, 0, code);
		assertTrue(new File(dir, "tilt_angles.tlt").isFile());
		java.util.List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
		try (org.scijava.Context c = new org.scijava.Context(org.scijava.command.CommandService.class, org.scijava.log.LogService.class)) {
			c.service(org.scijava.log.LogService.class).addLogListener(m -> logged.add(m.text()));
			org.scijava.module.Module m = c.service(org.scijava.command.CommandService.class)
				.run(WeightedBackProjectionCommand.class, true, "tilt_series", new File(dir, "tilt_series.mrc"), "angles", "", "output", null).get();
			assertTrue(m.getOutput("volume") != null);
		}
		assertTrue(logged.toString(), logged.stream().anyMatch(s -> s.contains("tilt_angles.tlt") && s.contains("tilt_series.mrc")));
	}
}
