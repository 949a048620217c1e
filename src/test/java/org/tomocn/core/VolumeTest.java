package org.tomocn.core;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class VolumeTest {
	/** Values 1e4 + {1, 3} alternating: mean 1e4 + 2, RMS deviation 1, and the same variance. */
	@Test
	public void meanAndDeviationAreTwoPassAccurate() {
		Volume v = new Volume(4, 3, 2, 1.0);
		float[] d = v.data();
		for (int i = 0; i < d.length; i++) d[i] = 1e4f + (i % 2 == 0 ? 1 : 3);
		double[] md = v.meanAndDeviation();
		assertEquals(1e4 + 2, md[0], 1e-9);
		assertEquals(1, md[1], 1e-9);
		assertEquals(1, v.variance(), 1e-3);
	}
}
