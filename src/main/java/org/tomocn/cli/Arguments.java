package org.tomocn.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import org.tomocn.core.TomoInputException;

/**
 * Parses the option string of {@code --run "Label" "key=value, key=value"} as Fiji's
 * headless mode and ImageJ macros write it: pairs separated by commas and/or white space; a
 * value that holds commas, spaces or brackets is written in square brackets
 * ({@code output=[my dir/rec.mrc]}) or in quotes. An empty value ({@code csv=}) is kept as
 * the empty string. Keys are case-sensitive snake_case names.
 */
public final class Arguments {
	private Arguments() {}

	public static Map<String, String> parse(String s) {
		Map<String, String> map = new LinkedHashMap<>();
		int i = 0, n = s.length();
		while (i < n) {
			char c = s.charAt(i);
			if (c == ',' || Character.isWhitespace(c)) {
				i++;
				continue;
			}
			int eq = i;
			while (eq < n && s.charAt(eq) != '=' && s.charAt(eq) != ',' && !Character.isWhitespace(s.charAt(eq))) eq++;
			String key = s.substring(i, eq);
			if (eq >= n || s.charAt(eq) != '=') throw new TomoInputException("Expected key=value but found '" + key + "' in: " + s);
			if (key.isEmpty()) throw new TomoInputException("Missing key before '=' in: " + s);
			int v = eq + 1;
			String value;
			if (v < n && (s.charAt(v) == '[' || s.charAt(v) == '\'' || s.charAt(v) == '"')) {
				char open = s.charAt(v), close = open == '[' ? ']' : open;
				int end = s.indexOf(close, v + 1);
				if (end < 0) throw new TomoInputException("Unclosed " + open + " in the value of '" + key + "'");
				value = s.substring(v + 1, end);
				i = end + 1;
			}
			else {
				int end = v;
				while (end < n && s.charAt(end) != ',' && !Character.isWhitespace(s.charAt(end))) end++;
				value = s.substring(v, end);
				i = end;
			}
			if (map.put(key, value) != null) throw new TomoInputException("The key '" + key + "' is given twice");
		}
		return map;
	}
}
