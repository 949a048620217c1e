package org.tomocn.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.plugin.PlugIn;

import org.junit.Test;

/**
 * The top-level plugins.config (packaged into the jar root, where ImageJ 1.x reads it):
 * every entry has ImageJ's form {@code Menu>Sub, "Label", class} or
 * {@code class("arg")}, names a PlugIn class that exists, and no label is used twice
 * (ImageJ 1.x keeps one command per label, and macros call commands by label).
 */
public class PluginsConfigTest {
	private static final Pattern ENTRY = Pattern.compile("^([^,\"]+),\\s*\"([^\"]+)\",\\s*([\\w.$]+)(\\(\"[^\"]*\"\\))?\\s*$");

	@Test
	public void entriesAreWellFormedUniqueAndLoadable() throws Exception {
		List<String> lines = Files.readAllLines(Paths.get("plugins.config"), StandardCharsets.UTF_8);
		Map<String, String> classByLabel = new HashMap<>();
		for (String line : lines) {
			String t = line.trim();
			if (t.isEmpty() || t.startsWith("#")) continue;
			Matcher m = ENTRY.matcher(t);
			assertTrue("not an ImageJ 1.x plugins.config entry: " + t, m.matches());
			String label = m.group(2), className = m.group(3);
			assertTrue("label used twice: " + label, classByLabel.put(label, className) == null);
			Class<?> c = Class.forName(className);
			assertTrue(className + " is not an ij.plugin.PlugIn", PlugIn.class.isAssignableFrom(c));
		}
		assertEquals(MrcImporter.class.getName(), classByLabel.get(MrcImporter.COMMAND));
		assertEquals(MrcExporter.class.getName(), classByLabel.get(MrcExporter.COMMAND));
	}
}
