package org.tomocn.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Random;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;

public class TomoFilesTest {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Path file(String name) {
		return tmp.getRoot().toPath().resolve(name);
	}

	private static Volume random(int nx, int ny, int nz, double pixel, long seed) {
		Volume v = new Volume(nx, ny, nz, pixel);
		Random r = new Random(seed);
		float[] d = v.data();
		for (int i = 0; i < d.length; i++) d[i] = r.nextFloat();
		return v;
	}

	private static String failure(Runnable r) {
		try {
			r.run();
		}
		catch (TomoInputException e) {
			return e.getMessage();
		}
		fail("should have failed");
		return null;
	}

	@Test
	public void tiltSeriesRoundTripKeepsScaleThicknessAndPixelSize() {
		double[] angles = TiltAngles.range(-60, 10, 60);
		Volume p = random(9, 6, angles.length, Double.NaN, 1);
		TiltSeries ts = new TiltSeries(p, new TiltGeometry(angles, 9, 6, 5, 3.25), 0.0123);
		Path f = file("tilt_series.mrc");
		TomoFiles.writeTiltSeries(f, ts, "simulated");
		TiltAngles.write(file("tilt_angles.tlt"), angles);

		TiltSeries back = TomoFiles.readTiltSeries(f, file("tilt_angles.tlt").toString(), 0);
		assertArrayEquals(p.data(), back.projections().data(), 0f);
		assertArrayEquals(angles, back.geometry().anglesDeg(), 0);
		assertEquals(0.0123, back.scale(), 0);
		assertEquals(5, back.geometry().thickness()); // from the file's label
		assertEquals(3.25, back.geometry().pixelSize(), 1e-6);
		assertFalse(MrcFile.read(f).isVolume());

		assertEquals(17, TomoFiles.readTiltSeries(f, "-60:10:60", 17).geometry().thickness()); // explicit wins
	}

	@Test
	public void defaultThicknessIsAQuarterOfTheWidth() {
		Volume p = random(10, 4, 3, 1, 2);
		Path f = file("plain.st");
		MrcFile.write(f, p, false, "no TomoCN labels");
		TiltSeries ts = TomoFiles.readTiltSeries(f, "-1:1:1", 0);
		assertEquals(3, ts.geometry().thickness()); // round(10 / 4) = 3 (2.5 rounds up)
		assertEquals(1.0, ts.scale(), 0);
		assertEquals(256, TomoFiles.defaultThickness(1024));
		assertEquals(1, TomoFiles.defaultThickness(1));
	}

	@Test
	public void anglesNextToTheStackAreFoundWhenNoneAreGiven() throws IOException {
		Path f = file("tomo.ali");
		MrcFile.write(f, random(4, 4, 3, 1, 3), false, "aligned");
		String msg = failure(() -> TomoFiles.readTiltSeries(f, "", 0));
		assertTrue(msg, msg.contains("tomo.tlt") && msg.contains("tomo.rawtlt"));
		TiltAngles.write(file("tomo.rawtlt"), new double[] { -3, 0, 3 });
		assertArrayEquals(new double[] { -3, 0, 3 }, TomoFiles.readTiltSeries(f, null, 0).geometry().anglesDeg(), 0);
		TiltAngles.write(file("tomo.tlt"), new double[] { -2, 0, 2.5 });
		assertArrayEquals(new double[] { -2, 0, 2.5 }, TomoFiles.readTiltSeries(f, " ", 0).geometry().anglesDeg(), 0);
	}

	@Test
	public void countMismatchNamesTheAnglesAndTheStack() throws IOException {
		Path f = file("tilt_series.mrc");
		MrcFile.write(f, random(4, 4, 61, 1, 4), false, "61 views");
		TiltAngles.write(file("tilt_angles.tlt"), TiltAngles.range(-58, 2, 58));
		assertEquals("tilt_angles.tlt has 59 angles but tilt_series.mrc has 61 projections",
			failure(() -> TomoFiles.readTiltSeries(f, file("tilt_angles.tlt").toString(), 0)));
		assertEquals("the angle range -60:3:60 has 41 angles but tilt_series.mrc has 61 projections",
			failure(() -> TomoFiles.readTiltSeries(f, "-60:3:60", 0)));
	}

	@Test
	public void volumeRoundTripAndFileNameChecks() {
		Volume v = random(7, 5, 3, 4.5, 5);
		Path f = file("rec.rec");
		TomoFiles.writeVolume(f, v, "reconstruction");
		Volume back = TomoFiles.readVolume(f);
		assertArrayEquals(v.data(), back.data(), 0f);
		assertEquals(4.5, back.pixelSize(), 1e-6);
		assertTrue(MrcFile.read(f).isVolume());

		assertTrue(TomoFiles.isMrc(Paths.get("A.MRC")));
		assertTrue(TomoFiles.isMrc(Paths.get("dir/x.st")));
		assertFalse(TomoFiles.isMrc(Paths.get("x.tif")));
		String msg = failure(() -> TomoFiles.writeVolume(file("rec.tif"), v, "x"));
		assertTrue(msg, msg.contains("rec.tif") && msg.contains("not an MRC file name"));
		assertFalse(Files.exists(file("rec.tif")));
		assertTrue(failure(() -> TomoFiles.readVolume(file("in.tiff"))).contains("TIFF"));
	}

	@Test
	public void labelsParseStrictly() {
		assertEquals(2.5e-3, TomoFiles.labelScale(Arrays.asList("x", "TomoCN scale=0.0025", "y")), 0);
		assertEquals(1, TomoFiles.labelScale(Arrays.asList("TomoCN scale=abc")), 0);
		assertEquals(40, TomoFiles.labelThickness(Arrays.asList("TomoCN thickness=40"), 7));
		assertEquals(7, TomoFiles.labelThickness(Arrays.asList("TomoCN thickness=0", "TomoCN thickness=-3"), 7));
	}

	/**
	 * Without angles and without a .tlt of the stack's name, the one .tlt in the folder is used
	 * (the simulator writes tilt_series.mrc with tilt_angles.tlt); with several, the error lists
	 * them (issue 13, item 14).
	 */
	@Test
	public void theOnlyTltInTheFolderIsFoundWhenNoneHasTheStacksName() throws IOException {
		Path f = file("tilt_series.mrc");
		MrcFile.write(f, random(4, 4, 3, 1, 3), false, "simulated");
		TiltAngles.write(file("tilt_angles.tlt"), new double[] { -4, 0, 4 });
		assertEquals(file("tilt_angles.tlt"), TomoFiles.findAngles(f));
		assertArrayEquals(new double[] { -4, 0, 4 }, TomoFiles.readTiltSeries(f, "", 0).geometry().anglesDeg(), 0);
		TiltAngles.write(file("other.tlt"), new double[] { -1, 0, 1 });
		String msg = failure(() -> TomoFiles.readTiltSeries(f, "", 0));
		assertTrue(msg, msg.contains("tilt_angles.tlt") && msg.contains("other.tlt") && msg.contains("angles="));
		TiltAngles.write(file("tilt_series.tlt"), new double[] { -2, 0, 2 });
		assertEquals(file("tilt_series.tlt"), TomoFiles.findAngles(f));
	}
}
