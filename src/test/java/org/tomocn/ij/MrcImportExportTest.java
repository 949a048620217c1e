package org.tomocn.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.process.ShortProcessor;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;
import org.tomocn.io.MrcData;
import org.tomocn.io.MrcFile;

/**
 * MRC import/export through the ImageJ 1.x plugins: the static file logic, and the PlugIn
 * classes themselves driven by macro options as {@code run("MRC (TomoCN)...", ...)} drives
 * them (headless, no ImageJ window, macro batch mode).
 */
public class MrcImportExportTest {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** A 7 x 5 x 4 volume, every voxel distinct (including negatives and fractions). */
	private static Volume ramp(double pixel) {
		Volume v = new Volume(7, 5, 4, pixel);
		float[] d = v.data();
		for (int i = 0; i < d.length; i++) d[i] = (i - 60) * 0.37f;
		return v;
	}

	@Test
	public void exportThenImportKeepsValuesDimensionsAndAnisotropicPixelSize() throws Exception {
		Volume v = ramp(2.5);
		ImagePlus imp = ImagePlusConverter.toImagePlus(v, "vol");
		imp.getCalibration().pixelDepth = 3.75; // anisotropic: z differs
		Path file = tmp.getRoot().toPath().resolve("vol.mrc");
		MrcExporter.save(imp, file, false);

		assertTrue(MrcFile.read(file).isVolume()); // ispg 1
		ImagePlus back = MrcImporter.open(file);
		assertEquals("vol.mrc", back.getTitle());
		assertEquals(32, back.getBitDepth());
		assertEquals(7, back.getWidth());
		assertEquals(5, back.getHeight());
		assertEquals(4, back.getStackSize());
		assertEquals(ImagePlusConverter.ANGSTROM, back.getCalibration().getUnit());
		assertEquals(2.5, back.getCalibration().pixelWidth, 1e-6);
		assertEquals(2.5, back.getCalibration().pixelHeight, 1e-6);
		assertEquals(3.75, back.getCalibration().pixelDepth, 1e-6);
		assertEquals(v.get(6, 4, 3), back.getStack().getProcessor(4).getf(6, 4), 0);
		float[] again = ImagePlusConverter.toVolume(back).data();
		assertTrue(Arrays.equals(v.data(), again));
		assertEquals(Boolean.TRUE, back.getProperty(MrcImporter.VOLUME_PROPERTY));
	}

	@Test
	public void tiltSeriesIsAnImageStackAndNanometresBecomeAngstrom() {
		ImageStack s = new ImageStack(3, 2);
		for (int z = 0; z < 5; z++) {
			ShortProcessor sp = new ShortProcessor(3, 2);
			sp.set(2, 1, 65000 + z); // unsigned 16-bit values survive as floats
			s.addSlice(sp);
		}
		ImagePlus imp = new ImagePlus("ts", s);
		imp.getCalibration().pixelWidth = imp.getCalibration().pixelHeight = imp.getCalibration().pixelDepth = 0.34;
		imp.getCalibration().setUnit("nm");
		Path file = tmp.getRoot().toPath().resolve("ts.st");
		MrcExporter.save(imp, file, true);

		MrcData d = MrcFile.read(file);
		assertFalse(d.isVolume()); // ispg 0
		assertEquals(0, d.header().ispg());
		assertEquals(1, d.header().mz());
		assertEquals(3.4, d.voxelSize()[0], 1e-5);
		assertEquals(65004f, d.volume().get(2, 1, 4), 0);
		ImagePlus back = MrcImporter.open(file);
		assertEquals(3.4, back.getCalibration().pixelWidth, 1e-5);
		assertEquals(3.4, back.getCalibration().pixelDepth, 1e-5); // z cell = 1 section of 3.4
		assertEquals(Boolean.FALSE, back.getProperty(MrcImporter.VOLUME_PROPERTY));
	}

	@Test
	public void labelsTravelThroughInfoAndGainTomoCNsLabel() {
		Volume v = ramp(1.0);
		Path first = tmp.getRoot().toPath().resolve("a.mrc");
		MrcFile.write(first, MrcData.of(v, true, Arrays.asList("IMOD: newstack", "TomoCN scale=0.5")));
		ImagePlus imp = MrcImporter.open(first);
		String info = (String) imp.getProperty("Info");
		assertTrue(info, info.contains("MRC label: IMOD: newstack"));
		assertTrue(info, info.contains("Size: 7 x 5 x 4"));

		Path second = tmp.getRoot().toPath().resolve("b.mrc");
		MrcExporter.save(imp, second, true);
		MrcData d = MrcFile.read(second);
		assertEquals(3, d.labels().size());
		assertEquals("IMOD: newstack", d.labels().get(0));
		assertEquals("TomoCN scale=0.5", d.labels().get(1));
		assertTrue(d.labels().get(2), d.labels().get(2).startsWith("TomoCN") && d.labels().get(2).contains("a.mrc"));
	}

	@Test
	public void uncalibratedImageHasUnknownPixelSizeBothWays() {
		ImagePlus imp = ImagePlusConverter.toImagePlus(ramp(Double.NaN), "raw");
		Path file = tmp.getRoot().toPath().resolve("raw.mrc");
		MrcExporter.save(imp, file, false);
		assertTrue(Double.isNaN(MrcFile.read(file).voxelSize()[0]));
		assertFalse(MrcImporter.open(file).getCalibration().scaled());
	}

	@Test
	public void badInputWritesNothing() {
		Path tif = tmp.getRoot().toPath().resolve("vol.tif");
		try {
			MrcExporter.save(ImagePlusConverter.toImagePlus(ramp(1), "v"), tif, false);
			fail();
		}
		catch (TomoInputException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("vol.tif"));
		}
		assertFalse(Files.exists(tif));

		Path single = tmp.getRoot().toPath().resolve("flat.mrc");
		try {
			MrcExporter.save(new ImagePlus("flat", new ShortProcessor(4, 4)), single, false);
			fail();
		}
		catch (TomoInputException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("'flat'"));
		}
		assertFalse(Files.exists(single));
		assertEquals(0, tmp.getRoot().list().length);
	}

	@Test
	public void macroFlagParsing() {
		assertTrue(MrcExporter.hasFlag("save=[/a b/x.mrc] tilt_series ", "tilt_series"));
		assertTrue(MrcExporter.hasFlag("tilt_series save=x.mrc", "tilt_series"));
		assertFalse(MrcExporter.hasFlag("save=[/data/tilt_series.mrc] ", "tilt_series"));
		assertFalse(MrcExporter.hasFlag("save=x.mrc not_tilt_series", "tilt_series"));
	}

	/**
	 * The PlugIn classes as a macro runs them: options set for the thread (ImageJ 1.x reads
	 * them only in threads named "Run$_..."), export of the current image, import with
	 * {@code show()} making the result the macro's current image in batch mode (how headless
	 * Fiji runs macros; a macro with a display shows a window instead), errors through IJ.error.
	 */
	@Test
	public void pluginsRunFromMacroOptions() throws Exception {
		Path out = tmp.getRoot().toPath().resolve("macro out.mrc"); // a space: bracketed option
		Path missing = tmp.getRoot().toPath().resolve("missing.mrc");
		Volume v = ramp(4.2);
		AtomicReference<ImagePlus> opened = new AtomicReference<>();
		AtomicReference<ImagePlus> batchImage = new AtomicReference<>();
		AtomicReference<String> afterError = new AtomicReference<>();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread t = new Thread(() -> {
			try {
				Thread self = Thread.currentThread();
				WindowManager.setTempCurrentImage(ImagePlusConverter.toImagePlus(v, "current"));
				Macro.setOptions(self, "save=[" + out + "] tilt_series");
				new MrcExporter().run("");
				WindowManager.setTempCurrentImage(null);

				// a macro in batch mode (as headless Fiji runs macros): show() hands the image to the macro
				Interpreter.batchMode = true;
				try {
					Macro.setOptions(self, "open=[" + out + "]");
					new MrcImporter().run("");
					opened.set(WindowManager.getCurrentImage());
					batchImage.set(Interpreter.getLastBatchModeImage());
				}
				finally {
					Interpreter.batchMode = false;
				}

				// headless, no ImageJ window: IjErrors sends the error to the log, not a dialog
				Macro.setOptions(self, "open=[" + missing + "]");
				new MrcImporter().run("");
				afterError.set(IJ.getErrorMessage());
				Macro.setOptions(self, null);
			}
			catch (Throwable e) {
				failure.set(e);
			}
		}, "Run$_MrcImportExportTest");
		t.start();
		t.join(60_000);
		if (failure.get() != null) throw new AssertionError("plugin thread failed", failure.get());

		MrcData d = MrcFile.read(out);
		assertFalse(d.isVolume());
		assertTrue(Arrays.equals(v.data(), d.volume().data()));
		ImagePlus imp = opened.get();
		assertNotNull("the importer's image is the macro's current image", imp);
		assertEquals(imp, batchImage.get());
		assertEquals("macro out.mrc", imp.getTitle());
		assertEquals(4.2, imp.getCalibration().pixelWidth, 1e-6);
		assertTrue(Arrays.equals(v.data(), ImagePlusConverter.toVolume(imp).data()));
		assertNotNull(afterError.get());
		assertTrue(afterError.get(), afterError.get().contains("missing.mrc") && afterError.get().contains("does not exist"));
		assertNull(Macro.getOptions());
	}
}
