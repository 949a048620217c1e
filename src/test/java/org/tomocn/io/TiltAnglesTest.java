package org.tomocn.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.tomocn.core.TomoInputException;

public class TiltAnglesTest {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Path text(String name, String content) throws IOException {
		Path f = tmp.getRoot().toPath().resolve(name);
		Files.write(f, content.getBytes(StandardCharsets.UTF_8));
		return f;
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
	public void readsSeveralPerLineCommasTabsAndBlankLines() throws IOException {
		Path f = text("a.tlt", "  -60.00\n\n-58, -56.5\t-54\r\n   \n1.5e1,,20 \n-0.25");
		assertArrayEquals(new double[] { -60, -58, -56.5, -54, 15, 20, -0.25 }, TiltAngles.read(f), 0);
	}

	@Test
	public void badTokenNamesFileLineAndToken() throws IOException {
		Path f = text("bad.rawtlt", "-60\n-58\n-56 abc -54\n");
		String msg = failure(() -> TiltAngles.read(f));
		assertTrue(msg, msg.contains("bad.rawtlt line 3") && msg.contains("'abc' is not a number"));
		Path g = text("nan.tlt", "0\nNaN\n");
		assertTrue(failure(() -> TiltAngles.read(g)).contains("line 2: 'NaN' is not a number"));
		Path h = text("big.tlt", "0\n\n95\n");
		assertTrue(failure(() -> TiltAngles.read(h)).contains("line 3: tilt angle 95 is outside [-90, 90]"));
		Path e = text("empty.tlt", "\n \n");
		assertTrue(failure(() -> TiltAngles.read(e)).contains("contains no angles"));
		Path missing = tmp.getRoot().toPath().resolve("missing.tlt");
		assertTrue(failure(() -> TiltAngles.read(missing)).contains("missing.tlt does not exist"));
	}

	@Test
	public void rangesCountAndDirection() {
		double[] a = TiltAngles.range(-60, 2, 60);
		assertEquals(61, a.length);
		assertEquals(-60, a[0], 0);
		assertEquals(0, a[30], 0);
		assertEquals(60, a[60], 0);
		double[] d = TiltAngles.range(60, -3, -60);
		assertEquals(41, d.length);
		assertEquals(-60, d[40], 0);
		// an end off the grid is refused, not silently dropped (issue 13)
		String off = failure(() -> TiltAngles.range(0, 7, 20));
		assertTrue(off, off.contains("does not end on 20") && off.contains("last angle is 14") && off.contains("0:7:14"));
		assertEquals(11, TiltAngles.range(0, 0.1, 1).length); // 10 * 0.1 is 0.9999999999999999
		assertArrayEquals(new double[] { 5 }, TiltAngles.range(5, 1, 5), 0);
		assertTrue(failure(() -> TiltAngles.range(-60, 0, 60)).contains("step 0"));
		String msg = failure(() -> TiltAngles.range(60, 2, -60));
		assertTrue(msg, msg.contains("60:2:-60") && msg.contains("must be negative"));
		assertTrue(failure(() -> TiltAngles.range(-60, 0.001, 60)).contains("120001 angles"));
	}

	@Test
	public void parseTellsRangesFromPaths() throws IOException {
		assertTrue(TiltAngles.isRange("-60:2:60"));
		assertTrue(TiltAngles.isRange(" -60 : 2.5 : +60 "));
		assertTrue(TiltAngles.isRange("1e1:-1:-1E1"));
		assertFalse(TiltAngles.isRange("angles.tlt"));
		assertFalse(TiltAngles.isRange("C:/data/a.tlt"));
		assertFalse(TiltAngles.isRange("-60:2"));
		assertEquals(21, TiltAngles.parse("1e1:-1:-1E1").length);
		Path f = text("x.tlt", "1\n2\n3\n");
		assertArrayEquals(new double[] { 1, 2, 3 }, TiltAngles.parse(f.toString()), 0);
		assertEquals("x.tlt", TiltAngles.describe(f.toString()));
		assertEquals("the angle range -60:2:60", TiltAngles.describe(" -60:2:60"));
		assertTrue(failure(() -> TiltAngles.parse(" ")).contains("No tilt angles"));
	}

	@Test
	public void writeReadsBackExactly() throws IOException {
		Path f = tmp.getRoot().toPath().resolve("w.tlt");
		double[] a = { -60, -0.0, 1.5, 59.98, 1.0 / 3, -12.345678 };
		TiltAngles.write(f, a);
		assertEquals("-60.00\n0.00\n1.50\n59.98\n0.3333333333333333\n-12.345678\n", new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
		double[] back = TiltAngles.read(f);
		for (int i = 0; i < a.length; i++) assertEquals(a[i], back[i], 0);
	}

	@Test
	public void countMismatchNamesBothNumbers() {
		assertEquals("tilt_angles.tlt has 59 angles but tilt_series.mrc has 61 projections",
			failure(() -> TiltAngles.check(59, 61, "tilt_angles.tlt", "tilt_series.mrc")));
		TiltAngles.check(61, 61, "a", "b");
	}

	/** A UTF-8 byte-order mark (Windows editors write one) is skipped, not read as part of the first angle (issue 13, item 11). */
	@Test
	public void skipsAUtf8ByteOrderMark() throws IOException {
		Path f = text("bom.tlt", "\uFEFF-60.00\n0.00\n60.00\n");
		assertArrayEquals(new double[] { -60, 0, 60 }, TiltAngles.read(f), 0);
	}

	/** A range with a part missing is not reported as a missing file (issue 13, item 11). */
	@Test
	public void anIncompleteRangeIsNeitherARangeNorAFile() {
		String msg = failure(() -> TiltAngles.parse("-60:2"));
		assertTrue(msg, msg.contains("-60:2") && msg.contains("neither a range min:step:max") && msg.contains("nor an existing file"));
	}
}
