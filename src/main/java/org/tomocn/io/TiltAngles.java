package org.tomocn.io;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.tomocn.core.TomoInputException;

/**
 * Tilt angles in degrees, one per projection: IMOD {@code .tlt} / {@code .rawtlt} files and
 * ranges {@code min:step:max} (the conventions' "Files" and "Names users see" sections).
 */
public final class TiltAngles {
	private TiltAngles() {}

	/** Most angles a range may produce (a typo such as -60:0.001:60 would make 120001). */
	public static final int MAX_ANGLES = 10000;

	private static final String NUMBER = "\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*";
	private static final Pattern RANGE = Pattern.compile(NUMBER + ":" + NUMBER + ":" + NUMBER);
	private static final Pattern SEPARATORS = Pattern.compile("[\\s,]+");

	/** Whether {@code spec} reads {@code number:number:number} (spaces allowed around the numbers). */
	public static boolean isRange(String spec) {
		return spec != null && RANGE.matcher(spec).matches();
	}

	/**
	 * A range if {@code spec} reads {@code number:number:number}, otherwise the path of a
	 * {@code .tlt}/{@code .rawtlt} file (relative paths against the working directory).
	 *
	 * @throws TomoInputException for an empty spec, a bad range or a bad file, naming it; a
	 *           spec that is no range and no existing file (e.g. {@code -60:2}) is reported as
	 *           neither, not as a missing file
	 */
	public static double[] parse(String spec) {
		if (spec == null || spec.trim().isEmpty()) throw new TomoInputException("No tilt angles given (angles: a .tlt file or a range such as -60:2:60)");
		Matcher m = RANGE.matcher(spec);
		if (m.matches()) {
			return range(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)));
		}
		Path file = Paths.get(spec.trim());
		if (!Files.exists(file)) {
			throw new TomoInputException("angles=" + spec.trim() + " is neither a range min:step:max (such as -60:2:60) nor an existing file (no " +
				file.toAbsolutePath() + ")");
		}
		return read(file);
	}

	/**
	 * How to name the angles of {@code spec} in messages: the file name of a file,
	 * {@code "the angle range -60:2:60"} for a range.
	 */
	public static String describe(String spec) {
		if (isRange(spec)) return "the angle range " + spec.trim();
		Path p = Paths.get(spec.trim());
		return p.getFileName() != null ? p.getFileName().toString() : spec.trim();
	}

	/**
	 * Angles {@code min, min + step, ..., max}; {@code max} must fall on the grid to 1e-9 of a
	 * step (-60:2:60 gives 61 angles; 0:7:20 is refused, as its 20 would be dropped). A
	 * negative step counts down (60:-2:-60). Values are {@code min + i*step}, not
	 * accumulated.
	 *
	 * @throws TomoInputException for step 0, a step pointing away from max, a max that is not
	 *           min plus a whole number of steps, non-finite numbers, or more than
	 *           {@link #MAX_ANGLES} angles
	 */
	public static double[] range(double min, double step, double max) {
		String name = "The angle range " + fmt(min) + ":" + fmt(step) + ":" + fmt(max);
		if (!Double.isFinite(min) || !Double.isFinite(step) || !Double.isFinite(max)) throw new TomoInputException(name + " has a non-finite number");
		if (step == 0) throw new TomoInputException(name + " has step 0; use e.g. -60:2:60");
		if ((max - min) * step < 0) {
			throw new TomoInputException(name + " never reaches " + fmt(max) + ": to go from " + fmt(min) + " to " + fmt(max) + " the step must be " +
				(max > min ? "positive" : "negative"));
		}
		double steps = Math.floor((max - min) / step + 1e-9);
		if (steps + 1 > MAX_ANGLES) throw new TomoInputException(name + " gives " + (long) (steps + 1) + " angles, more than " + MAX_ANGLES);
		double last = min + steps * step;
		if (Math.abs(last - max) > 1e-9 * Math.abs(step)) {
			// a silently shortened range (-60:2:61 ending at 60) hides a typo or a wrong step
			throw new TomoInputException(name + " does not end on " + fmt(max) + ": in steps of " + fmt(step) + " from " + fmt(min) +
				" its last angle is " + fmt(last) + ", and " + fmt(max) + " would be dropped; write " + fmt(min) + ":" + fmt(step) + ":" + fmt(last));
		}
		double[] a = new double[(int) steps + 1];
		for (int i = 0; i < a.length; i++) a[i] = min + i * step;
		return a;
	}

	/**
	 * Reads an IMOD {@code .tlt} / {@code .rawtlt} file: degrees, one or more numbers per
	 * line separated by spaces, tabs or commas; blank lines are skipped, and so is a UTF-8
	 * byte-order mark at the start (Windows editors write one).
	 *
	 * @throws TomoInputException naming the file (and line) for a missing file, a token that
	 *           is not a number, an angle outside [-90, 90], or a file without angles
	 */
	public static double[] read(Path file) {
		List<String> lines;
		try {
			lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		}
		catch (NoSuchFileException e) {
			throw new TomoInputException("The tilt-angle file " + file + " does not exist", e);
		}
		catch (IOException e) {
			if (Files.isDirectory(file)) throw new TomoInputException("The tilt-angle file " + file + " is a folder", e);
			throw new TomoInputException("The tilt-angle file " + file + " cannot be read as text: " + e.getMessage(), e);
		}
		if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) lines.set(0, lines.get(0).substring(1));
		double[] a = new double[16];
		int n = 0;
		for (int line = 0; line < lines.size(); line++) {
			String text = lines.get(line).trim();
			if (text.isEmpty()) continue;
			for (String token : SEPARATORS.split(text)) {
				if (token.isEmpty()) continue; // a line starting with a comma
				double v = number(token);
				if (Double.isNaN(v)) throw new TomoInputException(file + " line " + (line + 1) + ": '" + token + "' is not a number");
				if (Math.abs(v) > 90) throw new TomoInputException(file + " line " + (line + 1) + ": tilt angle " + token + " is outside [-90, 90] degrees");
				if (n == a.length) a = Arrays.copyOf(a, 2 * n);
				a[n++] = v;
			}
		}
		if (n == 0) throw new TomoInputException("The tilt-angle file " + file + " contains no angles");
		return Arrays.copyOf(a, n);
	}

	/** The value of a decimal number token, NaN if it is not one (also for "NaN", "Infinity", hex). */
	private static double number(String token) {
		if (!token.matches(NUMBER)) return Double.NaN;
		return Double.parseDouble(token);
	}

	/**
	 * Writes a {@code .tlt} file atomically, one angle per line. Angles that are whole
	 * hundredths of a degree (every angle of a normal scheme) are written with two decimals
	 * as IMOD does ({@code -60.00}); others with all their digits, so reading the file back
	 * gives exactly the same doubles.
	 */
	public static void write(Path file, double[] anglesDeg) {
		StringBuilder sb = new StringBuilder();
		for (double a : anglesDeg) sb.append(format(a)).append('\n');
		AtomicFiles.writeString(file, sb.toString());
	}

	/** One angle as written by {@link #write}. */
	static String format(double a) {
		String two = String.format(Locale.ROOT, "%.2f", a);
		if (Double.parseDouble(two) == a) return two.equals("-0.00") ? "0.00" : two;
		return BigDecimal.valueOf(a).toPlainString();
	}

	/**
	 * Stops a run whose angle count differs from the projection count.
	 *
	 * @param anglesName how the user knows the angles, e.g. "tilt_angles.tlt" (see {@link #describe})
	 * @param stackName how the user knows the tilt series, e.g. "tilt_series.mrc"
	 * @throws TomoInputException e.g. "tilt_angles.tlt has 59 angles but tilt_series.mrc has 61 projections"
	 */
	public static void check(int nAngles, int nProjections, String anglesName, String stackName) {
		if (nAngles != nProjections) {
			throw new TomoInputException(anglesName + " has " + nAngles + " angle" + (nAngles == 1 ? "" : "s") + " but " + stackName + " has " + nProjections +
				" projection" + (nProjections == 1 ? "" : "s"));
		}
	}

	private static String fmt(double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
	}
}
