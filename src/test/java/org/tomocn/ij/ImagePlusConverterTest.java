package org.tomocn.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.ShortProcessor;

import org.junit.Test;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;

public class ImagePlusConverterTest {
	@Test
	public void roundTripKeepsValuesOrderAndPixelSize() {
		Volume v = new Volume(5, 3, 4, 2.5);
		for (int i = 0; i < v.data().length; i++) v.data()[i] = i * 0.5f;
		ImagePlus imp = ImagePlusConverter.toImagePlus(v, "vol");
		assertEquals(4, imp.getStackSize());
		assertEquals(v.get(4, 2, 3), imp.getStack().getProcessor(4).getf(4, 2), 0);
		assertEquals(ImagePlusConverter.ANGSTROM, imp.getCalibration().getUnit());
		Volume back = ImagePlusConverter.toVolume(imp);
		assertEquals(2.5, back.pixelSize(), 1e-12);
		for (int i = 0; i < v.data().length; i++) assertEquals(v.data()[i], back.data()[i], 0);
	}

	@Test
	public void sixteenBitAndNanometres() {
		ImageStack s = new ImageStack(2, 2);
		for (int z = 0; z < 3; z++) {
			ShortProcessor sp = new ShortProcessor(2, 2);
			sp.set(1, 1, 60000 + z);
			s.addSlice(sp);
		}
		ImagePlus imp = new ImagePlus("s", s);
		imp.getCalibration().pixelWidth = 0.34;
		imp.getCalibration().setUnit("nm");
		Volume v = ImagePlusConverter.toVolume(imp);
		assertEquals(60002f, v.get(1, 1, 2), 0); // unsigned 16-bit kept
		assertEquals(3.4, v.pixelSize(), 1e-9);
	}

	@Test
	public void rejectsRgbAndSingleImages() {
		ImageStack rgb = new ImageStack(2, 2);
		rgb.addSlice(new ColorProcessor(2, 2));
		rgb.addSlice(new ColorProcessor(2, 2));
		expect(new ImagePlus("colour", rgb), "'colour' is RGB");
		expect(new ImagePlus("flat", new ShortProcessor(4, 4)), "single 2-D image");
	}

	private static void expect(ImagePlus imp, String fragment) {
		try {
			ImagePlusConverter.toVolume(imp);
			fail();
		}
		catch (TomoInputException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(fragment));
		}
	}
}
