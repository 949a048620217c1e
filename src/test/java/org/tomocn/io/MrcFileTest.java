package org.tomocn.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;

public class MrcFileTest {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final int NX = 7, NY = 5, NZ = 3, N = NX * NY * NZ;
	private static final ByteOrder[] ORDERS = { ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN };

	private Path file(String name) {
		return tmp.getRoot().toPath().resolve(name);
	}

	private static Volume randomVolume(long seed, double pixel) {
		Random r = new Random(seed);
		Volume v = new Volume(NX, NY, NZ, pixel);
		float[] d = v.data();
		for (int i = 0; i < d.length; i++) d[i] = (float) (r.nextGaussian() * 3 + 1);
		return v;
	}

	private static String message(Path f) {
		try {
			MrcFile.read(f);
		}
		catch (TomoInputException e) {
			assertTrue("message names the file: " + e.getMessage(), e.getMessage().contains(f.toString()));
			return e.getMessage();
		}
		fail("reading " + f + " should fail");
		return null;
	}

	// ------------------------------------------------------------ mode 2 writer round trip

	@Test
	public void writtenVolumeReadsBackWithHeaderFieldsAndStatistics() throws IOException {
		Volume v = randomVolume(1, 2.5);
		Path f = file("vol.mrc");
		MrcFile.write(f, v, true, "unit test");
		assertEquals(1024 + 4L * N, Files.size(f));

		MrcData d = MrcFile.read(f);
		assertArrayEquals(v.data(), d.volume().data(), 0f);
		assertEquals(NX, d.volume().nx());
		assertEquals(NY, d.volume().ny());
		assertEquals(NZ, d.volume().nz());
		assertEquals(2.5, d.volume().pixelSize(), 1e-6);
		assertArrayEquals(new double[] { 2.5, 2.5, 2.5 }, d.voxelSize(), 1e-6);
		assertTrue(d.isVolume());
		assertEquals(1, d.labels().size());
		assertTrue(d.labels().get(0), d.labels().get(0).startsWith("TomoCN") && d.labels().get(0).contains(": unit test"));
		assertTrue(d.labels().get(0).length() <= 80);

		// Header bytes as MRC2014 defines them, read independently of MrcHeader
		ByteBuffer b = ByteBuffer.wrap(Arrays.copyOf(Files.readAllBytes(f), 1024)).order(ByteOrder.LITTLE_ENDIAN);
		assertEquals(2, b.getInt(12));
		assertEquals(NX, b.getInt(28));
		assertEquals(NZ, b.getInt(36)); // mz = nz for a volume
		assertEquals(2.5f * NZ, b.getFloat(48), 1e-5f);
		assertEquals(1, b.getInt(64));
		assertEquals(2, b.getInt(68));
		assertEquals(3, b.getInt(72));
		assertEquals(1, b.getInt(88)); // ispg
		assertEquals(0, b.getInt(92)); // nsymbt
		assertEquals(20140, b.getInt(108));
		assertEquals("MAP ", new String(b.array(), 208, 4, StandardCharsets.US_ASCII));
		assertArrayEquals(new byte[] { 0x44, 0x44, 0, 0 }, Arrays.copyOfRange(b.array(), 212, 216));
		assertEquals(1, b.getInt(220)); // nlabl

		double min = Double.MAX_VALUE, max = -Double.MAX_VALUE, sum = 0;
		for (float x : v.data()) {
			min = Math.min(min, x);
			max = Math.max(max, x);
			sum += x;
		}
		double mean = sum / N, ss = 0;
		for (float x : v.data()) ss += (x - mean) * (x - mean);
		assertEquals((float) min, b.getFloat(76), 0f);
		assertEquals((float) max, b.getFloat(80), 0f);
		assertEquals(mean, b.getFloat(84), 1e-5);
		assertEquals(Math.sqrt(ss / N), b.getFloat(216), 1e-5);
		assertTrue(max - min > 5); // the statistics are not trivially equal
	}

	@Test
	public void imageStackHasIspgZeroAndMzOne() throws IOException {
		Path f = file("stack.st");
		MrcFile.write(f, randomVolume(2, 1.75), false, "stack");
		ByteBuffer b = ByteBuffer.wrap(Arrays.copyOf(Files.readAllBytes(f), 1024)).order(ByteOrder.LITTLE_ENDIAN);
		assertEquals(0, b.getInt(88));
		assertEquals(1, b.getInt(36));
		MrcData d = MrcFile.read(f);
		assertFalse(d.isVolume());
		assertArrayEquals(new double[] { 1.75, 1.75, 1.75 }, d.voxelSize(), 1e-6);
	}

	@Test
	public void unknownPixelSizeIsWrittenAsZeroCellAndReadAsNaN() {
		Path f = file("nopix.mrc");
		MrcFile.write(f, randomVolume(3, Double.NaN), true, "no pixel size");
		MrcData d = MrcFile.read(f);
		assertTrue(Double.isNaN(d.volume().pixelSize()));
		assertEquals(0f, d.header().cella()[0], 0f);
	}

	@Test
	public void metadataSurvivesReadWriteRead() {
		Path f = file("meta.mrc");
		MrcData in = new MrcData(randomVolume(4, 1), true, new double[] { 1.5, 2, 2.5 }, new double[] { 10.5, -3, 7 },
			Arrays.asList("first label", "  indented second", MrcFile.producerLabel("third")));
		MrcFile.write(f, in);
		MrcData out = MrcFile.read(f);
		assertArrayEquals(new double[] { 1.5, 2, 2.5 }, out.voxelSize(), 1e-6);
		assertArrayEquals(new double[] { 10.5, -3, 7 }, out.origin(), 1e-6);
		assertEquals(in.labels(), out.labels());
		Path g = file("meta2.mrc");
		MrcFile.write(g, out);
		assertEquals(in.labels(), MrcFile.read(g).labels());
	}

	@Test
	public void moreThanTenLabelsKeepTheFirstAndTheLastNine() {
		String[] l = new String[12];
		for (int i = 0; i < l.length; i++) l[i] = "label " + i;
		Path f = file("labels.mrc");
		MrcFile.write(f, MrcData.of(randomVolume(5, 1), true, Arrays.asList(l)));
		assertEquals(Arrays.asList("label 0", "label 3", "label 4", "label 5", "label 6", "label 7", "label 8", "label 9", "label 10", "label 11"),
			MrcFile.read(f).labels());
	}

	// ------------------------------------------------------------ every mode read, both byte orders

	@Test
	public void mode0SignedByDefaultBothOrders() throws IOException {
		byte[] data = new byte[N];
		for (int i = 0; i < N; i++) data[i] = (byte) (i * 37 - 128);
		for (ByteOrder o : ORDERS) {
			RawMrc m = new RawMrc(NX, NY, NZ, 0).order(o);
			m.dmin = -128;
			m.dmax = 127;
			float[] got = MrcFile.read(m.write(file("m0-" + o + ".mrc"), data)).volume().data();
			for (int i = 0; i < N; i++) assertEquals("voxel " + i + " " + o, (byte) (i * 37 - 128), got[i], 0f);
		}
	}

	@Test
	public void mode0UnsignedOrSignedPerImodFlag() throws IOException {
		byte[] data = { 0, 1, 127, (byte) 0x80, (byte) 0xff, 42 };
		RawMrc m = new RawMrc(3, 2, 1, 0);
		m.imodStamp = MrcHeader.IMOD_STAMP;
		m.imodFlags = 0; // IMOD stamp without the signed flag: unsigned
		assertArrayEquals(new float[] { 0, 1, 127, 128, 255, 42 }, MrcFile.read(m.write(file("u8.mrc"), data)).volume().data(), 0f);
		m.imodFlags = 1; // signed flag
		assertArrayEquals(new float[] { 0, 1, 127, -128, -1, 42 }, MrcFile.read(m.write(file("s8.mrc"), data)).volume().data(), 0f);
		m.imodStamp = 0; // no stamp but a header maximum only unsigned bytes reach: old IMOD file
		m.dmin = 0;
		m.dmax = 255;
		assertArrayEquals(new float[] { 0, 1, 127, 128, 255, 42 }, MrcFile.read(m.write(file("old8.mrc"), data)).volume().data(), 0f);
	}

	@Test
	public void mode1Int16BothOrders() throws IOException {
		int[] values = new int[N];
		for (int i = 0; i < N; i++) values[i] = i * 613 - 32768;
		for (ByteOrder o : ORDERS) {
			RawMrc m = new RawMrc(NX, NY, NZ, 1).order(o);
			float[] got = MrcFile.read(m.write(file("m1-" + o + ".mrc"), m.shorts(values))).volume().data();
			for (int i = 0; i < N; i++) assertEquals((short) values[i], got[i], 0f);
			assertEquals(-32768f, got[0], 0f);
		}
	}

	@Test
	public void mode6Uint16BothOrders() throws IOException {
		int[] values = new int[N];
		for (int i = 0; i < N; i++) values[i] = (i * 631) % 65536;
		values[N - 1] = 65535;
		for (ByteOrder o : ORDERS) {
			RawMrc m = new RawMrc(NX, NY, NZ, 6).order(o);
			float[] got = MrcFile.read(m.write(file("m6-" + o + ".mrc"), m.shorts(values))).volume().data();
			for (int i = 0; i < N; i++) assertEquals(values[i], got[i], 0f);
			assertEquals(65535f, got[N - 1], 0f);
		}
	}

	@Test
	public void mode12HalfFloatBothOrders() throws IOException {
		// IEEE 754 binary16 patterns and their exact values
		int[] bits = { 0x3C00, 0xC000, 0x7BFF, 0x0001, 0x03FF, 0x0400, 0x3555, 0x8000, 0x7C00, 0xFC00, 0x5640 };
		float[] values = { 1f, -2f, 65504f, (float) Math.pow(2, -24), 1023 * (float) Math.pow(2, -24), (float) Math.pow(2, -14), 0.333251953125f, -0f,
			Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 100f };
		int[] data = new int[N];
		for (int i = 0; i < N; i++) data[i] = bits[i % bits.length];
		for (ByteOrder o : ORDERS) {
			RawMrc m = new RawMrc(NX, NY, NZ, 12).order(o);
			float[] got = MrcFile.read(m.write(file("m12-" + o + ".mrc"), m.shorts(data))).volume().data();
			for (int i = 0; i < N; i++) assertEquals("voxel " + i, values[i % values.length], got[i], 0f);
		}
		assertTrue(Float.isNaN(HalfFloat.toFloat(0x7E00)));
		assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(HalfFloat.toFloat(0x8000)));
	}

	@Test
	public void mode2BigEndian() throws IOException {
		float[] values = randomVolume(6, 1).data();
		RawMrc m = new RawMrc(NX, NY, NZ, 2).order(ByteOrder.BIG_ENDIAN);
		MrcData d = MrcFile.read(m.write(file("be.mrc"), m.floats(values)));
		assertArrayEquals(values, d.volume().data(), 0f);
		assertEquals(ByteOrder.BIG_ENDIAN, d.header().byteOrder());
	}

	@Test
	public void missingMachineStampFallsBackToThePlausibleOrder() throws IOException {
		float[] values = randomVolume(7, 1).data();
		for (ByteOrder o : ORDERS) {
			RawMrc m = new RawMrc(NX, NY, NZ, 2).order(o);
			m.stamp = new byte[4];
			MrcData d = MrcFile.read(m.write(file("nostamp-" + o + ".mrc"), m.floats(values)));
			assertEquals(o, d.header().byteOrder());
			assertArrayEquals(values, d.volume().data(), 0f);
		}
	}

	@Test
	public void byteOrderTieIsBrokenByTheFileLength() throws IOException {
		// 256 x 256 x 1 mode 0 reads as plausible dimensions in both orders (256 <-> 65536);
		// only the big-endian reading matches the file length.
		RawMrc m = new RawMrc(256, 256, 1, 0).order(ByteOrder.BIG_ENDIAN);
		m.stamp = new byte[4];
		byte[] data = new byte[256 * 256];
		data[3] = 9;
		MrcData d = MrcFile.read(m.write(file("tie.mrc"), data));
		assertEquals(ByteOrder.BIG_ENDIAN, d.header().byteOrder());
		assertEquals(256, d.volume().nx());
		assertEquals(9f, d.volume().get(3, 0, 0), 0f);
	}

	@Test
	public void extendedHeaderIsSkipped() throws IOException {
		float[] values = randomVolume(8, 1).data();
		for (ByteOrder o : ORDERS) {
			RawMrc m = new RawMrc(NX, NY, NZ, 2).order(o);
			m.nsymbt = 3 * 1024 + 96;
			m.exttyp = "FEI1";
			MrcData d = MrcFile.read(m.write(file("ext-" + o + ".mrc"), m.floats(values)));
			assertArrayEquals(values, d.volume().data(), 0f);
			assertEquals(1024 + 3 * 1024 + 96, d.header().dataOffset());
			assertEquals("FEI1", d.header().exttyp());
		}
	}

	@Test
	public void voxelSizeOriginLabelsAndIspgAreKept() throws IOException {
		RawMrc m = new RawMrc(NX, NY, NZ, 2).order(ByteOrder.BIG_ENDIAN);
		m.cella = new float[] { NX * 1.5f, NY * 2f, 1 * 2.5f };
		m.mz = 1; // an image stack as MRC2014 and mrcfile define it
		m.ispg = 0;
		m.origin = new float[] { 12.5f, -4f, 100f };
		m.labels = new String[] { "Tilt series by SerialEM", "newstack: aligned" };
		MrcData d = MrcFile.read(m.write(file("meta.ali"), m.floats(new float[N])));
		assertArrayEquals(new double[] { 1.5, 2, 2.5 }, d.voxelSize(), 1e-6);
		assertEquals(1.5, d.volume().pixelSize(), 1e-6);
		assertArrayEquals(new double[] { 12.5, -4, 100 }, d.origin(), 0);
		assertEquals(Arrays.asList("Tilt series by SerialEM", "newstack: aligned"), d.labels());
		assertFalse(d.isVolume());
	}

	@Test
	public void imodInvertedOriginIsCorrected() throws IOException {
		RawMrc m = new RawMrc(NX, NY, NZ, 2);
		m.origin = new float[] { 12.5f, -4f, 100f };
		m.imodStamp = MrcHeader.IMOD_STAMP;
		m.imodFlags = MrcHeader.IMOD_FLAG_ORIGIN_INVERTED;
		assertArrayEquals(new double[] { -12.5, 4, -100 }, MrcFile.read(m.write(file("inv.mrc"), m.floats(new float[N]))).origin(), 0);
	}

	@Test
	public void oldFileWithoutMapTagOpens() throws IOException {
		float[] values = randomVolume(9, 1).data();
		RawMrc m = new RawMrc(NX, NY, NZ, 2).order(ByteOrder.BIG_ENDIAN);
		m.mapTag = false;
		m.stamp = new byte[4];
		m.nversion = 0;
		MrcData d = MrcFile.read(m.write(file("old.mrc"), m.floats(values)));
		assertArrayEquals(values, d.volume().data(), 0f);
		assertFalse(d.header().hasMapTag());
	}

	@Test
	public void readHeaderDoesNotNeedTheData() throws IOException {
		RawMrc m = new RawMrc(1000, 1000, 100, 1);
		Path f = m.write(file("big.mrc"), new byte[0]);
		// Pad to the declared size with a sparse write: the header check must pass without reading data.
		try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE)) {
			ch.write(ByteBuffer.wrap(new byte[1]), 1024L + 2L * 1000 * 1000 * 100 - 1);
		}
		MrcHeader h = MrcFile.readHeader(f);
		assertEquals(100_000_000L, h.numVoxels());
		assertEquals(MrcMode.INT16, h.dataMode());
	}

	// ------------------------------------------------------------ errors

	@Test
	public void truncatedFileIsReportedAndNotRead() throws IOException {
		RawMrc m = new RawMrc(NX, NY, NZ, 2);
		byte[] all = m.bytes(m.floats(new float[N]));
		Path f = file("cut.mrc");
		Files.write(f, Arrays.copyOf(all, all.length - 10));
		String msg = message(f);
		assertTrue(msg, msg.contains("truncated") && msg.contains(NX + " x " + NY + " x " + NZ) && msg.contains(String.valueOf(all.length - 10)));
	}

	@Test
	public void headerDescribingAnotherSizeIsRejected() throws IOException {
		RawMrc m = new RawMrc(NX, NY, NZ, 2);
		Path f = file("extra.mrc");
		Files.write(f, m.bytes(m.floats(new float[N + 25])));
		String msg = message(f);
		assertTrue(msg, msg.contains("not a consistent MRC file") && msg.contains(String.valueOf(1024 + 4 * (N + 25))));

		m.mapTag = false;
		Files.write(f, m.bytes(m.floats(new float[N - 5])));
		msg = message(f);
		assertTrue(msg, msg.contains("is not an MRC file"));
	}

	@Test
	public void unsupportedModeIsNamed() throws IOException {
		RawMrc m = new RawMrc(NX, NY, NZ, 4);
		String msg = message(m.write(file("complex.mrc"), new byte[8 * N]));
		assertTrue(msg, msg.contains("mode 4 (complex 32-bit float)") && msg.contains("does not read"));
		m.mode = 16;
		msg = message(m.write(file("rgb.mrc"), new byte[3 * N]));
		assertTrue(msg, msg.contains("mode 16"));
		m.mode = 7;
		msg = message(m.write(file("seven.mrc"), new byte[4 * N]));
		assertTrue(msg, msg.contains("unknown data mode 7"));
	}

	@Test
	public void textFileIsNotMrc() throws IOException {
		Path f = file("notes.mrc");
		StringBuilder sb = new StringBuilder();
		while (sb.length() < 3000) sb.append("These are my notes about the tilt series, not an MRC file.\n");
		Files.write(f, sb.toString().getBytes(StandardCharsets.US_ASCII));
		String msg = message(f);
		assertTrue(msg, msg.contains("is not an MRC file"));
		Files.write(f, "short".getBytes(StandardCharsets.US_ASCII));
		msg = message(f);
		assertTrue(msg, msg.contains("is not an MRC file") && msg.contains("1024"));
	}

	@Test
	public void impossibleDimensionsAndNegativeExtendedHeaderAreRejected() throws IOException {
		RawMrc m = new RawMrc(NX, NY, NZ, 2);
		m.ny = 0;
		String msg = message(m.write(file("zero.mrc"), new byte[4 * N]));
		assertTrue(msg, msg.contains("impossible dimensions 7 x 0 x 3"));
		m.ny = NY;
		m.nsymbt = -100;
		msg = message(m.write(file("neg.mrc"), new byte[4 * N])); // data then overlaps the (empty) label area
		assertTrue(msg, msg.contains("negative extended header size -100"));
	}

	@Test
	public void missingFileAndFolderAreReported() {
		Path f = file("nowhere.mrc");
		assertTrue(message(f).contains("does not exist"));
		assertTrue(message(tmp.getRoot().toPath()).contains("is a folder"));
	}

	@Test
	public void producerLabelFitsEightyCharacters() {
		String l = MrcFile.producerLabel("a very long description of what produced this file, longer than any label can hold");
		assertEquals(80, l.length());
		assertTrue(l, l.matches("TomoCN.*\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC"));
		assertNull(new MrcData(randomVolume(1, 1), true, new double[3], new double[3], Arrays.asList()).header());
	}
}
