package org.tomocn.ij;

import java.util.Locale;

import ij.measure.ResultsTable;

/**
 * An ImageJ {@link ResultsTable} as plain text for a terminal: a heading line and one line
 * per row, columns left-aligned and separated by two spaces; numbers with six significant
 * digits, text cells as they are. The headless launcher prints tables this way, since it
 * has no window to show them in.
 */
public final class TableText {
	private TableText() {}

	/** The table as text, each line ending in a newline; empty for a table without columns. */
	public static String format(ResultsTable table) {
		String[] headings = table.getHeadings();
		int rows = table.size(), cols = headings.length;
		if (cols == 0) return "";
		String[][] cells = new String[rows + 1][cols];
		int[] width = new int[cols];
		for (int c = 0; c < cols; c++) {
			cells[0][c] = headings[c];
			for (int r = 0; r < rows; r++) {
				double v = table.getValue(headings[c], r);
				String s = table.getStringValue(headings[c], r);
				// a text cell reads as NaN; a number cell is printed with more digits than the table's display precision
				cells[r + 1][c] = Double.isNaN(v) && s != null && !s.equals("NaN") ? s : String.format(Locale.ROOT, "%.6g", v);
			}
			for (String[] line : cells) width[c] = Math.max(width[c], line[c].length());
		}
		StringBuilder sb = new StringBuilder();
		for (String[] line : cells) {
			for (int c = 0; c < cols; c++) {
				sb.append(line[c]);
				if (c < cols - 1) sb.append(" ".repeat(width[c] - line[c].length() + 2));
			}
			sb.append('\n');
		}
		return sb.toString();
	}
}
