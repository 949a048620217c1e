package org.tomocn.bench;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * What a benchmark ran on, so that runs can be compared: processors, CPU model, memory,
 * Java, operating system, TomoCN version and git commit. Everything is read from the running
 * JVM, {@code /proc} (Linux) and {@code git}; what cannot be found reads "unknown".
 */
public final class MachineInfo {
	static final String UNKNOWN = "unknown";

	private MachineInfo() {}

	/** The machine's properties in report order (name, value). */
	public static Map<String, String> collect() {
		Map<String, String> m = new LinkedHashMap<>();
		m.put("processors (availableProcessors)", String.valueOf(Runtime.getRuntime().availableProcessors()));
		m.put("CPU model", cpuModel());
		m.put("total memory", totalMemory());
		m.put("Java max heap", String.format(Locale.ROOT, "%.1f GB", Runtime.getRuntime().maxMemory() / 1e9));
		m.put("Java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", " + System.getProperty("java.vm.name") + ")");
		m.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
		m.put("TomoCN version", version());
		m.put("git commit", gitCommit());
		return m;
	}

	/** The first "model name" of /proc/cpuinfo, or "unknown". */
	static String cpuModel() {
		try {
			for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
				if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
			}
		}
		catch (IOException | SecurityException e) {
			return UNKNOWN;
		}
		return UNKNOWN;
	}

	/** Physical memory from the OS bean (GB), or "unknown". */
	static String totalMemory() {
		java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		if (os instanceof com.sun.management.OperatingSystemMXBean) {
			return String.format(Locale.ROOT, "%.1f GB", ((com.sun.management.OperatingSystemMXBean) os).getTotalPhysicalMemorySize() / 1e9);
		}
		return UNKNOWN;
	}

	/** The three load averages of /proc/loadavg (1, 5, 15 minutes), or "unknown". */
	public static String loadAverage() {
		try {
			String[] f = new String(Files.readAllBytes(Paths.get("/proc/loadavg")), StandardCharsets.US_ASCII).trim().split("\\s+");
			return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : UNKNOWN;
		}
		catch (IOException | SecurityException e) {
			return UNKNOWN;
		}
	}

	/** The jar manifest's implementation version, else the Maven properties, else "unknown". */
	static String version() {
		String v = MachineInfo.class.getPackage() == null ? null : MachineInfo.class.getPackage().getImplementationVersion();
		if (v != null) return v;
		try (InputStream in = MachineInfo.class.getResourceAsStream("/META-INF/maven/org.tomocn/TomoCN_/pom.properties")) {
			if (in != null) {
				Properties p = new Properties();
				p.load(in);
				if (p.getProperty("version") != null) return p.getProperty("version");
			}
		}
		catch (IOException e) {
			return UNKNOWN;
		}
		return UNKNOWN;
	}

	/**
	 * {@code git rev-parse --short HEAD} of the checkout TomoCN's classes were loaded from
	 * (the folder holding {@code target/}), with "+dirty" when tracked files have local
	 * changes; "unknown" outside a git checkout (e.g. an installed Fiji plugin).
	 */
	static String gitCommit() {
		String dir = codeFolder();
		String head = git(dir, "rev-parse", "--short", "HEAD");
		if (head == null || head.isEmpty()) return UNKNOWN;
		String status = git(dir, "status", "--porcelain", "--untracked-files=no");
		return status != null && !status.isEmpty() ? head + "+dirty" : head;
	}

	/** The folder of the jar or class folder this class came from, else the working folder. */
	private static String codeFolder() {
		try {
			CodeSource cs = MachineInfo.class.getProtectionDomain().getCodeSource();
			if (cs != null && cs.getLocation() != null) {
				File f = new File(cs.getLocation().toURI());
				return (f.isFile() ? f.getParentFile() : f).getAbsolutePath();
			}
		}
		catch (URISyntaxException | SecurityException e) {
			return ".";
		}
		return ".";
	}

	private static String git(String dir, String... args) {
		List<String> cmd = new ArrayList<>();
		cmd.add("git");
		cmd.add("-C");
		cmd.add(dir);
		cmd.addAll(Arrays.asList(args));
		try {
			Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(Paths.get("/dev/null").toFile())).start();
			byte[] out = readAll(p.getInputStream());
			if (!p.waitFor(10, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				return null;
			}
			return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).trim() : null;
		}
		catch (IOException e) {
			return null;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream b = new ByteArrayOutputStream();
		byte[] buf = new byte[4096];
		for (int n; (n = in.read(buf)) > 0;) b.write(buf, 0, n);
		return b.toByteArray();
	}
}
