package org.tomocn.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.tomocn.core.CancelToken;
import org.tomocn.core.TiltGeometry;
import org.tomocn.core.TiltSeries;
import org.tomocn.core.TomoInputException;
import org.tomocn.core.Volume;

/**
 * The file operations commands call: tilt series and volumes in MRC (other formats, e.g.
 * TIFF, are opened by ImageJ in the UI layer, not here), tilt angles from files or ranges,
 * atomic outputs.
 * <p>
 * A tilt series written here carries two extra header labels that
 * {@link #readTiltSeries} reads back: {@code "TomoCN scale=S"} (raw line integral =
 * stored value * S, when S != 1) and {@code "TomoCN thickness=T"} (the thickness of the
 * volume it belongs to, e.g. a simulation's ground truth).
 */
public final class TomoFiles {
	private TomoFiles() {}

	/** File name endings read and written as MRC (lower case). */
	public static final List<String> MRC_EXTENSIONS = Collections.unmodifiableList(Arrays.asList(".mrc", ".st", ".ali", ".rec", ".map", ".mrcs"));

	static final String SCALE_LABEL = "TomoCN scale=";
	static final String THICKNESS_LABEL = "TomoCN thickness=";
	private static final Pattern SCALE = Pattern.compile(Pattern.quote(SCALE_LABEL) + "([-+]?\\d+(?:\\.\\d*)?(?:[eE][-+]?\\d+)?)\\b.*");
	private static final Pattern THICKNESS = Pattern.compile(Pattern.quote(THICKNESS_LABEL) + "(\\d{1,9})\\b.*");

	/** Whether the file name ends with one of {@link #MRC_EXTENSIONS} (any case). */
	public static boolean isMrc(Path file) {
		Path name = file.getFileName();
		if (name == null) return false;
		String n = name.toString().toLowerCase(Locale.ROOT);
		for (String ext : MRC_EXTENSIONS) {
			if (n.endsWith(ext)) return true;
		}
		return false;
	}

	/** @throws TomoInputException when {@code file} is not named as an MRC file */
	public static void requireMrc(Path file) {
		if (!isMrc(file)) {
			throw new TomoInputException(file + " is not an MRC file name (" + String.join(", ", MRC_EXTENSIONS) +
				"); other formats such as TIFF are opened through ImageJ/Fiji");
		}
	}

	/**
	 * The default reconstruction thickness for projections {@code width} pixels wide when
	 * neither the user nor the file gives one: a quarter of the width, rounded (at least 1),
	 * the slab the paper reconstructs (1024 x 1024 x 256).
	 */
	public static int defaultThickness(int width) {
		return Math.max(1, (int) Math.round(width / 4.0));
	}

	/**
	 * Reads a tilt series from an MRC stack (projections X x Y x l, tilt axis = Y) and its
	 * angles, and checks that they match.
	 *
	 * @param stack an MRC file ({@link #MRC_EXTENSIONS})
	 * @param anglesSpec a range {@code min:step:max} or a {@code .tlt}/{@code .rawtlt} path;
	 *          null or blank: the file {@link #findAngles} finds next to the stack
	 * @param thickness volume thickness Z in pixels; {@code <= 0}: the file's
	 *          {@code "TomoCN thickness="} label if present, else {@link #defaultThickness}
	 * @return the tilt series with pixel size (Angstrom, X voxel size of the file, NaN if
	 *         unknown) and scale (the {@code "TomoCN scale="} label, else 1)
	 * @throws TomoInputException naming the file and the problem, or both counts when the
	 *           angles and projections differ in number
	 */
	public static TiltSeries readTiltSeries(Path stack, String anglesSpec, int thickness) {
		requireMrc(stack);
		String spec = anglesSpec == null || anglesSpec.trim().isEmpty() ? findAngles(stack).toString() : anglesSpec;
		double[] angles = TiltAngles.parse(spec);
		MrcData d = MrcFile.read(stack);
		Volume p = d.volume();
		TiltAngles.check(angles.length, p.nz(), TiltAngles.describe(spec), stack.getFileName().toString());
		int z = thickness > 0 ? thickness : labelThickness(d.labels(), defaultThickness(p.nx()));
		TiltGeometry g = new TiltGeometry(angles, p.nx(), p.ny(), z, p.pixelSize());
		return new TiltSeries(p, g, labelScale(d.labels()));
	}

	/** The file name without its last extension ({@code ts.mrc} -> {@code ts}). */
	public static String baseName(Path file) {
		String name = file.getFileName().toString();
		int dot = name.lastIndexOf('.');
		return dot > 0 ? name.substring(0, dot) : name;
	}

	/**
	 * The tilt-angle file for {@code stack} when the user gives none, found the way IMOD users
	 * name them: {@code NAME.tlt}, else {@code NAME.rawtlt} (NAME = the stack's base name),
	 * else the one {@code .tlt} file in the stack's folder when there is exactly one (the
	 * simulator writes {@code tilt_series.mrc} with {@code tilt_angles.tlt}). Callers that
	 * can should tell the user which file was used.
	 *
	 * @throws TomoInputException when no such file exists, or when the folder holds several
	 *           {@code .tlt} files and none has the stack's name (listing them)
	 */
	public static Path findAngles(Path stack) {
		String base = baseName(stack);
		for (String ext : new String[] { ".tlt", ".rawtlt" }) {
			Path p = stack.resolveSibling(base + ext);
			if (Files.isRegularFile(p)) return p;
		}
		Path dir = stack.toAbsolutePath().getParent();
		List<Path> tlt = new ArrayList<>();
		try (Stream<Path> files = Files.list(dir)) {
			files.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tlt") && Files.isRegularFile(f)).sorted().forEach(tlt::add);
		}
		catch (IOException | UncheckedIOException e) {
			throw new TomoInputException("No tilt angles given, and the folder " + dir + " of " + stack.getFileName() + " cannot be listed to look for a .tlt file: " +
				e.getMessage(), e);
		}
		if (tlt.size() == 1) return stack.resolveSibling(tlt.get(0).getFileName());
		String give = "; give angles= as a .tlt file or a range such as -60:2:60";
		if (tlt.isEmpty()) {
			throw new TomoInputException("No tilt angles given, and next to " + stack + " there is neither " + base + ".tlt nor " + base +
				".rawtlt nor any other .tlt file" + give);
		}
		StringBuilder names = new StringBuilder();
		for (Path p : tlt) names.append(names.length() == 0 ? "" : ", ").append(p.getFileName());
		throw new TomoInputException("No tilt angles given, no " + base + ".tlt or " + base + ".rawtlt next to " + stack + ", and its folder holds " + tlt.size() +
			" .tlt files (" + names + "), so which one belongs to it is unclear" + give);
	}

	/** Reads an MRC volume (or any MRC stack as a volume); pixel size = the file's X voxel size. */
	public static Volume readVolume(Path file) {
		requireMrc(file);
		return MrcFile.read(file).volume();
	}

	/**
	 * Writes a volume as MRC (mode 2, ispg 1) atomically, with its pixel size and a label
	 * {@code "TomoCN <version>: <label>  <date>"}.
	 */
	public static void writeVolume(Path file, Volume volume, String label) {
		writeVolume(file, volume, label, CancelToken.NONE);
	}

	/** As {@link #writeVolume(Path, Volume, String)}; a cancel during writing leaves no file. */
	public static void writeVolume(Path file, Volume volume, String label, CancelToken cancel) {
		requireMrc(file);
		MrcFile.write(file, volume, true, label, cancel);
	}

	/**
	 * Writes a tilt series as an MRC image stack (mode 2, ispg 0) atomically, with the
	 * geometry's pixel size (the projections' if the geometry has none), the label
	 * {@code "TomoCN <version>: <label>  <date>"}, {@code "TomoCN scale=S"} when the scale is
	 * not 1, and {@code "TomoCN thickness=T"}. The angles are not in the MRC file: write them
	 * with {@link TiltAngles#write}.
	 */
	public static void writeTiltSeries(Path file, TiltSeries series, String label) {
		requireMrc(file);
		Volume p = series.projections();
		double px = series.geometry().hasPixelSize() ? series.geometry().pixelSize() : p.pixelSize();
		List<String> labels = new ArrayList<>();
		labels.add(MrcFile.producerLabel(label));
		if (series.scale() != 1) labels.add(SCALE_LABEL + series.scale());
		labels.add(THICKNESS_LABEL + series.geometry().thickness());
		MrcFile.write(file, new MrcData(p, false, new double[] { px, px, px }, new double[3], labels));
	}

	/** The last {@code "TomoCN scale="} label's value, 1 if none. */
	public static double labelScale(List<String> labels) {
		double s = 1;
		for (String l : labels) {
			Matcher m = SCALE.matcher(l);
			if (m.matches()) s = Double.parseDouble(m.group(1));
		}
		return s;
	}

	/** The last {@code "TomoCN thickness="} label's value, {@code fallback} if none. */
	public static int labelThickness(List<String> labels, int fallback) {
		int t = fallback;
		for (String l : labels) {
			Matcher m = THICKNESS.matcher(l);
			if (m.matches() && Integer.parseInt(m.group(1)) > 0) t = Integer.parseInt(m.group(1));
		}
		return t;
	}
}
