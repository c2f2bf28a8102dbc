package io.metaline.connect.csv;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an import produced: the dataset's columns, the accepted rows (converted values), and every rejected row.
 * Immutable.
 *
 * @param columns  the dataset header: task column, {@code timestamp} when the export has one, then numeric columns
 * @param accepted accepted rows as text cells in {@code columns} order
 * @param rejected rejected rows with reasons, in file order (a row may be rejected for several columns)
 * @param rows     data rows read (accepted + rows with at least one rejection)
 */
public record ImportReport(List<String> columns, List<List<String>> accepted, List<Rejection> rejected, int rows) {
    /** The name of the timestamp column when the export has one (second column, ISO-8601 UTC). */
    public static final String TIMESTAMP = "timestamp";

    public ImportReport {
        columns = List.copyOf(columns);
        accepted = accepted.stream().map(List::copyOf).toList();
        rejected = List.copyOf(rejected);
    }

    /** Number of distinct rows rejected. */
    public int rejectedRows() {
        return (int) rejected.stream().mapToInt(Rejection::row).distinct().count();
    }

    /**
     * The accepted rows as CSV ready for {@code POST /api/v1/datasets}: comma-separated, header first, quoted where
     * needed, without the timestamp column (the server takes the task column and numeric columns only).
     */
    public String toCsv() {
        return toCsv(false);
    }

    /** The accepted rows as CSV; with {@code withTimestamp} the ISO-8601 timestamp column is kept (for people, not the server). */
    public String toCsv(boolean withTimestamp) {
        int drop = !withTimestamp && columns.size() > 1 && columns.get(1).equals(TIMESTAMP) ? 1 : -1;
        StringBuilder sb = new StringBuilder();
        line(sb, without(columns, drop));
        for (List<String> r : accepted) line(sb, without(r, drop));
        return sb.toString();
    }

    private static List<String> without(List<String> cells, int index) {
        if (index < 0) return cells;
        List<String> out = new ArrayList<>(cells);
        out.remove(index);
        return out;
    }

    private static void line(StringBuilder sb, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) sb.append(',');
            String c = cells.get(i);
            if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                sb.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(c);
            }
        }
        sb.append('\n');
    }

    /** A short human-readable summary: counts, then up to {@code max} rejections. */
    public String summary(int max) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%d rows read: %d accepted, %d rejected", rows, accepted.size(), rejectedRows()));
        for (int i = 0; i < Math.min(max, rejected.size()); i++) lines.add("  " + rejected.get(i));
        if (rejected.size() > max) lines.add("  ... " + (rejected.size() - max) + " more");
        return String.join("\n", lines);
    }
}
