package org.tomocn.core;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import org.junit.Test;

public class TiltSeriesTest {
	/** A series whose view k holds the value 10 k + 1 everywhere, with the given angles. */
	private static TiltSeries labelled(double... angles) {
		Volume p = new Volume(3, 2, angles.length, 1.0);
		for (int k = 0; k < angles.length; k++) for (int y = 0; y < 2; y++) for (int x = 0; x < 3; x++) p.set(x, y, k, 10 * k + 1);
		return new TiltSeries(p, new TiltGeometry(angles, 3, 2, 4, 1.0), 2.5);
	}

	/** Views and their angles move together, equal angles keep the stack's order, the rest is kept. */
	@Test
	public void sortedByAngleMovesViewsWithTheirAngles() {
		TiltSeries ts = labelled(0, 3, -3, 6, -6, 3);
		assertArrayEquals(new int[] { 4, 2, 0, 1, 5, 3 }, ts.geometry().viewsByAngle());
		TiltSeries s = ts.sortedByAngle();
		assertArrayEquals(new double[] { -6, -3, 0, 3, 3, 6 }, s.geometry().anglesDeg(), 0);
		double[] expected = { 41, 21, 1, 11, 51, 31 };
		for (int k = 0; k < expected.length; k++) for (int y = 0; y < 2; y++) for (int x = 0; x < 3; x++) assertEquals(expected[k], s.projections().get(x, y, k), 0);
		assertEquals(2.5, s.scale(), 0);
		assertEquals(4, s.geometry().thickness());
		assertEquals(1, ts.projections().get(0, 0, 0), 0); // the input is not changed
		assertSame(s, s.sortedByAngle());
	}
}
