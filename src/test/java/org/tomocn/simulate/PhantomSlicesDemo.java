package org.tomocn.simulate;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;

import javax.imageio.ImageIO;

import org.junit.Test;
import org.tomocn.core.Volume;

/**
 * Writes the central XY and XZ slices of every phantom at 128 x 128 x 64 as 8-bit PNGs
 * (0 = black, 1 = white; each voxel drawn as 3 x 3 pixels) into /tmp/sim-png/ for a visual
 * check, the virus once more in a 128^3 box, and simulated projections of the spheres
 * (views at 0 and 60 degrees, without noise and at SNR 1). Not a test; run with
 * {@code mvn -o test -Dtest=PhantomSlicesDemo -Dsurefire.failIfNoSpecifiedTests=false}.
 */
public class PhantomSlicesDemo {
	@Test
	public void writeSlices() throws IOException {
		File dir = new File("/tmp/sim-png");
		if (!dir.isDirectory() && !dir.mkdirs()) throw new IOException("cannot create " + dir);
		for (PhantomType t : PhantomType.values()) {
			Volume v = Phantoms.create(t, 128, 128, 64, 1);
			write(xy(v, v.nz() / 2), v.nx(), v.ny(), new File(dir, t.userName() + "-xy.png"));
			write(xz(v, v.ny() / 2), v.nx(), v.nz(), new File(dir, t.userName() + "-xz.png"));
		}
		// the virus is limited by the smallest side: also show it in a cube
		Volume v = Phantoms.create(PhantomType.VIRUS, 128, 128, 128, 1);
		write(xy(v, v.nz() / 2), v.nx(), v.ny(), new File(dir, "virus-128cube-xy.png"));
		write(xz(v, v.ny() / 2), v.nx(), v.nz(), new File(dir, "virus-128cube-xz.png"));
		// simulated projections of the spheres at 0 and 60 degrees, clean and at SNR 1
		Volume spheres = Phantoms.create(PhantomType.SPHERES, 128, 128, 64, 1);
		org.tomocn.core.TiltGeometry g = TiltSeriesSimulator.geometry(spheres, org.tomocn.io.TiltAngles.range(-60, 2, 60));
		for (double snr : new double[] { 0, 1 }) {
			Volume p = TiltSeriesSimulator.simulate(spheres, g, snr, 1).projections();
			write(xy(p, 30), p.nx(), p.ny(), new File(dir, "spheres-projection-0deg-snr" + (int) snr + ".png"));
			write(xy(p, 60), p.nx(), p.ny(), new File(dir, "spheres-projection-60deg-snr" + (int) snr + ".png"));
		}
	}

	static float[] xy(Volume v, int z) {
		float[] s = new float[v.nx() * v.ny()];
		System.arraycopy(v.data(), v.nx() * v.ny() * z, s, 0, s.length);
		return s;
	}

	static float[] xz(Volume v, int y) {
		float[] s = new float[v.nx() * v.nz()];
		for (int z = 0; z < v.nz(); z++) for (int x = 0; x < v.nx(); x++) s[x + v.nx() * z] = v.get(x, y, z);
		return s;
	}

	private static final int ZOOM = 3;

	static void write(float[] s, int w, int h, File f) throws IOException {
		BufferedImage img = new BufferedImage(w * ZOOM, h * ZOOM, BufferedImage.TYPE_BYTE_GRAY);
		for (int y = 0; y < h * ZOOM; y++) for (int x = 0; x < w * ZOOM; x++) {
			int g = (int) Math.round(255 * Math.max(0, Math.min(1, s[x / ZOOM + w * (y / ZOOM)])));
			img.getRaster().setSample(x, y, 0, g);
		}
		ImageIO.write(img, "png", f);
	}
}
