package org.tomocn.metrics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.tomocn.core.Volume;

public class FscCsvTest {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void oneVolumeWithoutAnglesOrPixelSize() throws IOException {
		Volume a = FourierShellCorrelationTest.random(16, 12, 10, 1);
		FscResult r = FourierShellCorrelation.compute(a, a, null, 1);
		Path f = tmp.getRoot().toPath().resolve("fsc.csv");
		FscCsv.write(f, r);
		List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
		assertEquals(FscCsv.HEADER, lines.get(0));
		assertEquals(1 + 8, lines.size());
		String[] row = lines.get(2).split(",", -1);
		assertEquals(9, row.length);
		assertEquals("2", row[0]);
		assertEquals(2.0 / 16, Double.parseDouble(row[1]), 1e-9);
		assertEquals("", row[2]);
		assertEquals(1.0, Double.parseDouble(row[3]), 1e-5);
		assertEquals("", row[4]);
		assertEquals("", row[5]);
		assertEquals(r.nPoints()[1], Long.parseLong(row[6]));
		assertEquals("", row[7]);
		assertEquals("", row[8]);
		try (Stream<Path> s = Files.list(tmp.getRoot().toPath())) {
			assertEquals("no temporary file left", Arrays.asList(f), s.collect(Collectors.toList()));
		}
	}

	@Test
	public void severalVolumesGetAVolumeColumn() throws IOException {
		Volume a = FourierShellCorrelationTest.random(12, 12, 12, 1), b = FourierShellCorrelationTest.random(12, 12, 12, 2);
		a.setPixelSize(4.0);
		double[] angles = { -60, -30, 0, 30, 60 };
		FscResult r1 = FourierShellCorrelation.compute(a, a, angles, 1), r2 = FourierShellCorrelation.compute(a, b, angles, 1);
		Path f = tmp.getRoot().toPath().resolve("fsc2.csv");
		Files.write(f, "old content".getBytes(StandardCharsets.UTF_8));
		FscCsv.write(f, Arrays.asList(new NamedFsc("wbp.mrc", r1), new NamedFsc("cn, run 2", r2)));
		List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
		assertEquals("volume," + FscCsv.HEADER, lines.get(0));
		assertEquals(1 + 2 * 6, lines.size());
		String[] first = lines.get(1).split(",", -1);
		assertEquals("wbp.mrc", first[0]);
		assertEquals(1.0 / (12 * 4.0), Double.parseDouble(first[3]), 1e-9);
		assertEquals(r1.nPresent()[0], Long.parseLong(first[8]));
		assertEquals(r1.nPoints()[0], Long.parseLong(first[8]) + Long.parseLong(first[9]));
		assertTrue(lines.get(7), lines.get(7).startsWith("\"cn, run 2\",1,"));
	}

	@Test
	public void metricsTable() throws IOException {
		MetricsResult a = new MetricsResult(MetricMode.MATCHED, 23.456789, 0.75, 0.5, new double[0]);
		MetricsResult b = new MetricsResult(MetricMode.PAPER, Double.NaN, 0.5, 0.25, new double[0]);
		Path f = tmp.getRoot().toPath().resolve("metrics.csv");
		MetricsCsv.write(f, Arrays.asList(new MetricsCsv.Row("wbp.mrc", a, 0.33), new MetricsCsv.Row("a,b.mrc", b, Double.NaN)), true);
		List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
		assertEquals(Arrays.asList("volume,mode,psnr,ssim,vif,mfsc", "wbp.mrc,matched,23.4568,0.750000,0.500000,0.330000",
			"\"a,b.mrc\",paper,NaN,0.500000,0.250000,NaN"), lines);
		MetricsCsv.write(f, Arrays.asList(new MetricsCsv.Row("wbp.mrc", a, Double.NaN)), false);
		assertEquals(Arrays.asList("volume,mode,psnr,ssim,vif", "wbp.mrc,matched,23.4568,0.750000,0.500000"), Files.readAllLines(f, StandardCharsets.UTF_8));
	}
}
