package org.tomocn.recon;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;
import org.tomocn.io.TiltAngles;

public class InputPreparationTest {

	/** Views with value 100 * view + x + 10 y, angles -30:10:30 (7 views), 8 x 6 pixels, thickness 9. */
	private static TiltSeries series() {
		Volume p = new Volume(8, 6, 7, 1.5);
		for (int k = 0; k < 7; k++) for (int y = 0; y < 6; y++) for (int x = 0; x < 8; x++) p.set(x, y, k, 100 * k + x + 10 * y);
		return new TiltSeries(p, new TiltGeometry(TiltAngles.range(-30, 10, 30), 8, 6, 9, 1.5), 2.0);
	}

	@Test
	public void noneIsIdentity() {
		TiltSeries ts = series();
		assertSame(ts, InputPreparation.apply(ts, InputPreparation.Options.NONE));
	}

	/** 1-based numbers and ranges, single angles and angle ranges. */
	@Test
	public void excludeViews() {
		TiltSeries ts = series();
		TiltGeometry g = ts.geometry();
		assertArrayEquals(new int[] { 0, 2, 3 }, InputPreparation.excludedViews("1, 3-4", g));
		assertArrayEquals(new int[] { 0, 6 }, InputPreparation.excludedViews("a-30,a30", g));
		assertArrayEquals(new int[] { 4, 5, 6 }, InputPreparation.excludedViews("a10:30", g));
		assertArrayEquals(new int[] { 0, 1, 5 }, InputPreparation.excludedViews("a-30:-20, 6", g));
		TiltSeries out = InputPreparation.apply(ts, InputPreparation.Options.NONE.withExcludeViews("1,3-4"));
		assertArrayEquals(new double[] { -20, 10, 20, 30 }, out.geometry().anglesDeg(), 0);
		assertEquals(4, out.projections().nz());
		assertEquals(100 * 1 + 2 + 10 * 3, out.projections().get(2, 3, 0), 0); // old view 2 (1-based) first
		assertEquals(100 * 6, out.projections().get(0, 0, 3), 0);
		assertEquals(2.0, out.scale(), 0);
		assertEquals(7, ts.projections().nz()); // input untouched
		ts.projections().set(1, 1, 1, Float.NaN); // a broken view 2 can be excluded ...
		assertEquals(6, InputPreparation.apply(ts, InputPreparation.Options.NONE.withExcludeViews("2")).numViews());
		try { // ... but not kept
			InputPreparation.apply(ts, InputPreparation.Options.NONE.withBin(2));
			fail();
		}
		catch (TomoInputException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("view 2"));
		}
		ts.projections().set(1, 1, 1, 0f);
		for (String bad : new String[] { "0", "8", "3-2", "a15", "x", "1-7", "a40:50" }) {
			try {
				InputPreparation.excludedViews(bad, g);
				fail(bad);
			}
			catch (TomoInputException e) {
				assertTrue(e.getMessage(), e.getMessage().startsWith("exclude_views"));
			}
		}
	}

	/** Binning by 2 averages 2 x 2 blocks, doubles the pixel size, halves size and thickness; a remainder is cropped symmetrically. */
	@Test
	public void binning() {
		TiltSeries out = InputPreparation.apply(series(), InputPreparation.Options.NONE.withBin(2));
		Volume p = out.projections();
		assertEquals(4, p.nx());
		assertEquals(3, p.ny());
		assertEquals(7, p.nz());
		// block x 2..3, y 2..3 of view 1: mean of 100 + {2,3} + {20,30}
		assertEquals(100 + 2.5 + 25, p.get(1, 1, 1), 1e-4);
		assertEquals(3.0, p.pixelSize(), 0);
		assertEquals(3.0, out.geometry().pixelSize(), 0);
		assertEquals(5, out.geometry().thickness()); // round(9 / 2)
		TiltSeries three = InputPreparation.apply(series(), InputPreparation.Options.NONE.withBin(3));
		// 8 -> 2 columns, remainder 2 split 1 / 1: first block x 1..3, y 0..2
		assertEquals(2, three.projections().nx());
		assertEquals(2 + 10, three.projections().get(0, 0, 0), 1e-4);
		assertEquals(4.5, three.geometry().pixelSize(), 1e-12);
		assertEquals(3, three.geometry().thickness());
	}

	@Test
	public void invertAndLog() {
		TiltSeries ts = series();
		TiltSeries inv = InputPreparation.apply(ts, InputPreparation.Options.NONE.withInvert(true));
		assertEquals(-(100 * 3 + 4 + 50), inv.projections().get(4, 5, 3), 0);
		assertEquals(100 * 3 + 4 + 50, ts.projections().get(4, 5, 3), 0);
		TiltSeries log = InputPreparation.apply(ts, InputPreparation.Options.NONE.withLog(1));
		assertEquals(Math.log(100 * 3 + 4 + 50 + 1), log.projections().get(4, 5, 3), 1e-5);
		assertEquals(1.0, log.scale(), 0);
		TiltSeries both = InputPreparation.apply(ts, InputPreparation.Options.NONE.withLog(1).withInvert(true));
		assertEquals(-Math.log(100 * 3 + 4 + 50 + 1), both.projections().get(4, 5, 3), 1e-5);
		try {
			InputPreparation.apply(ts, InputPreparation.Options.NONE.withLog(0)); // pixel (0, 0, 0) is 0
			fail();
		}
		catch (TomoInputException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("log") && e.getMessage().contains("view 1"));
		}
		try {
			InputPreparation.Options.NONE.withBin(0);
			fail();
		}
		catch (TomoInputException e) {
			assertTrue(e.getMessage().contains("bin"));
		}
	}
}
