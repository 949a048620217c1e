package org.tomocn.command;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Random;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.tomocn.cli.Launcher;
import org.tomocn.core.CancelToken;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.Volume;
import org.tomocn.geometry.Projector;
import org.tomocn.io.TiltAngles;
import org.tomocn.io.TomoFiles;

public class ProjectVolumeCommandTest {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	static int launch(String... args) {
		return Launcher.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
	}

	@Test
	public void writesRawLineIntegralsAndAngles() throws Exception {
		Volume v = new Volume(17, 6, 9, 3.2);
		Random r = new Random(5);
		for (int i = 0; i < v.data().length; i++) v.data()[i] = r.nextFloat();
		File in = tmp.newFile("vol.mrc"), out = new File(tmp.getRoot(), "my dir/proj.mrc");
		out.getParentFile().mkdirs();
		TomoFiles.writeVolume(in.toPath(), v, "test");
		assertEquals(0, launch("--run", "Project Volume", "volume=[" + in + "] angles=-30:15:30 output=[" + out + "]"));

		double[] angles = TiltAngles.read(new File(tmp.getRoot(), "my dir/proj.tlt").toPath());
		assertArrayEquals(new double[] { -30, -15, 0, 15, 30 }, angles, 1e-9);
		TiltSeries ts = TomoFiles.readTiltSeries(out.toPath(), "", 9);
		TiltSeries expected = new Projector(new TiltGeometry(angles, 17, 6, 9, 3.2)).forward(v, 1, CancelToken.NONE);
		assertEquals(3.2, ts.geometry().pixelSize(), 1e-4);
		for (int i = 0; i < expected.projections().data().length; i++) {
			assertEquals(expected.projections().data()[i], ts.projections().data()[i], 1e-5);
		}
	}

	@Test
	public void refusesToOverwriteItsInput() throws Exception {
		Volume v = new Volume(5, 4, 3, Double.NaN);
		File in = tmp.newFile("vol.mrc");
		TomoFiles.writeVolume(in.toPath(), v, "test");
		byte[] before = Files.readAllBytes(in.toPath());
		assertEquals(2, launch("--run", "Project Volume", "volume=[" + in + "] angles=-60:60:60 output=[" + in + "]"));
		assertArrayEquals(before, Files.readAllBytes(in.toPath()));
		assertEquals(2, launch("--run", "Project Volume", "volume=[" + new File(tmp.getRoot(), "missing.mrc") + "] angles=0:1:0"));
		assertTrue(new File(tmp.getRoot(), "vol.mrc").exists());
	}

	/** A NaN voxel is refused, naming the file and the voxel, and nothing is written (issue 13, item 6). */
	@Test
	public void refusesNonFiniteVoxels() throws Exception {
		Volume v = new Volume(8, 6, 5, 2.0);
		for (int i = 0; i < v.data().length; i++) v.data()[i] = 1;
		v.set(3, 2, 1, Float.NaN);
		File in = tmp.newFile("nan.mrc"), out = new File(tmp.getRoot(), "proj.mrc");
		TomoFiles.writeVolume(in.toPath(), v, "test");
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = Launcher.run(new String[] { "--run", "Project Volume", "volume=[" + in + "] angles=-30:15:30 output=[" + out + "]" },
			new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
		String msg = err.toString(java.nio.charset.StandardCharsets.UTF_8);
		assertEquals(msg, 2, code);
		assertTrue(msg, msg.contains("nan.mrc") && msg.contains("NaN") && msg.contains("(3, 2, 1)"));
		assertTrue(!out.exists() && !new File(tmp.getRoot(), "proj.tlt").exists());
	}
}
