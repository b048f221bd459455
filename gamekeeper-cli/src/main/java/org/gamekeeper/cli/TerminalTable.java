package org.gamekeeper.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A readable table for a terminal, printed row by row as results arrive: fixed columns at their
 * preferred widths, the last column takes what is left of the terminal's width, cells cut with
 * an ellipsis, control characters shown as spaces, rows coloured by level when colour is on.
 */
final class TerminalTable {

    /** A column: its header and the width it gets (the last column's is a minimum). */
    record Column(String header, int width) { }

    private final List<Column> columns;
    private final int[] widths;
    private final boolean colour;

    TerminalTable(List<Column> columns, int terminalWidth, boolean colour) {
        this.columns = List.copyOf(columns);
        this.colour = colour;
        widths = new int[columns.size()];
        int used = 0;
        for (int i = 0; i < columns.size() - 1; i++) {
            widths[i] = columns.get(i).width();
            used += widths[i] + 2;
        }
        int last = columns.size() - 1;
        widths[last] = Math.max(columns.get(last).width(), terminalWidth - used);
        // Too narrow for every fixed column: shrink the widest ones until the row fits.
        while (used + widths[last] > terminalWidth && shrinkWidest(last)) {
            used = 0;
            for (int i = 0; i < last; i++) {
                used += widths[i] + 2;
            }
        }
    }

    private boolean shrinkWidest(int last) {
        int widest = -1;
        for (int i = 0; i < last; i++) {
            if (widths[i] > 8 && (widest < 0 || widths[i] > widths[widest])) {
                widest = i;
            }
        }
        if (widest < 0) {
            return false;
        }
        widths[widest]--;
        return true;
    }

    /** Width of each column as laid out (for tests). */
    int[] widths() {
        return widths.clone();
    }

    String header() {
        List<String> cells = new ArrayList<>();
        for (Column c : columns) {
            cells.add(c.header());
        }
        String line = row(cells, null);
        return colour ? "\033[1m" + line + "\033[0m" : line;
    }

    /** One row; {@code level} (informational … critical, or null) picks the colour. */
    String row(List<String> cells, String level) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            String cell = i < cells.size() && cells.get(i) != null ? cells.get(i) : "";
            String fitted = fit(cell, widths[i]);
            sb.append(fitted);
            if (i < columns.size() - 1) {
                sb.append(" ".repeat(widths[i] - fitted.codePointCount(0, fitted.length()) + 2));
            }
        }
        String line = sb.toString().stripTrailing();
        String code = colour ? colourOf(level) : null;
        return code == null ? line : code + line + "\033[0m";
    }

    private static String colourOf(String level) {
        if (level == null) {
            return null;
        }
        return switch (level.toLowerCase(Locale.ROOT)) {
            case "critical" -> "\033[1;31m";
            case "high" -> "\033[31m";
            case "medium" -> "\033[33m";
            case "low" -> "\033[36m";
            default -> null;
        };
    }

    /** The cell in at most {@code width} characters, control characters as spaces, cut with '…'. */
    static String fit(String cell, int width) {
        if (width < 1) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(cell.length(), width + 1));
        int count = 0;
        for (int i = 0; i < cell.length(); ) {
            int cp = cell.codePointAt(i);
            i += Character.charCount(cp);
            if (count == width) {
                sb.setLength(sb.length() - Character.charCount(sb.codePointBefore(sb.length())));
                sb.append('…');
                return sb.toString();
            }
            sb.appendCodePoint(Character.isISOControl(cp) ? ' ' : cp);
            count++;
        }
        return sb.toString();
    }
}
