package org.tomocn.recon;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;

import org.junit.Test;

public class ClassicMethodTest {
	@Test
	public void namesAreTheKeysUsersType() {
		assertSame(ClassicMethod.WBP, ClassicMethod.named("wbp"));
		assertSame(ClassicMethod.SIRT, ClassicMethod.named(" SIRT "));
		assertSame(ClassicMethod.FOURIER, ClassicMethod.named("Fourier"));
		assertNull(ClassicMethod.named("network"));
		assertNull(ClassicMethod.named(null));
	}

	/** The defaults the half-set FSC command documents: Ram-Lak WBP, 20 SIRT iterations at relaxation 1 without positivity. */
	@Test
	public void defaultsAreTheDocumentedOnes() {
		WeightedBackProjection wbp = (WeightedBackProjection) ClassicMethod.WBP.reconstructor();
		assertEquals(RampFilter.Window.RAM_LAK, wbp.filter().window());
		assertEquals(0, wbp.filter().cutoff(), 0);
		assertEquals(0, wbp.filter().sirtLikeIterations());
		Sirt sirt = (Sirt) ClassicMethod.SIRT.reconstructor();
		assertEquals(20, sirt.iterations());
		assertEquals(1, sirt.relaxation(), 0);
		assertFalse(sirt.positivity());
		assertEquals(FourierInversion.DEFAULT_THRESHOLD, ((FourierInversion) ClassicMethod.FOURIER.reconstructor()).weightThreshold(), 0);
		assertEquals(7, ((Sirt) ClassicMethod.sirt(7)).iterations());
	}
}
