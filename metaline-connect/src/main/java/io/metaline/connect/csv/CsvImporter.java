package io.metaline.connect.csv;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports an MES or historian CSV export into a dataset shape: a task column, an optional timestamp, numeric
 * columns. A row with any bad cell is left out whole and every problem is reported with its row number and column:
 * missing value, non-numeric, NaN or infinite, out of the declared range, a bad timestamp, a wrong number of fields,
 * or a duplicate (same task and timestamp, or without timestamps the same task and values). A missing header is an
 * error for the whole file, naming the headers that are there.
 *
 * <p>Reads RFC 4180 CSV (quoted fields with the delimiter, quotes or line breaks inside; CRLF or LF; a UTF-8 byte
 * order mark is ignored). Stateless and thread-safe.
 */
public final class CsvImporter {
    private static final DateTimeFormatter SPACED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss][.SSS]");

    private final CsvSchema schema;

    public CsvImporter(CsvSchema schema) {
        this.schema = schema;
    }

    public ImportReport importCsv(String text) {
        List<Record> records = parse(text, schema.delimiter());
        if (records.isEmpty()) throw new IllegalArgumentException("CSV import: the file is empty; expected a header line");
        List<String> header = records.get(0).cells().stream().map(String::trim).toList();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            if (index.put(header.get(i), i) != null) {
                throw new IllegalArgumentException("CSV import: header '" + header.get(i) + "' appears twice in the export");
            }
        }
        List<String> missing = new ArrayList<>();
        if (!index.containsKey(schema.taskSource())) missing.add(schema.taskSource());
        if (schema.timestampSource() != null && !index.containsKey(schema.timestampSource())) missing.add(schema.timestampSource());
        for (ColumnSpec c : schema.columns()) if (!index.containsKey(c.source())) missing.add(c.source());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("CSV import: the export has no column " + missing + "; its columns are " + header);
        }

        List<String> columns = new ArrayList<>();
        columns.add(schema.taskName());
        if (schema.timestampSource() != null) columns.add(ImportReport.TIMESTAMP);
        for (ColumnSpec c : schema.columns()) columns.add(c.name());

        List<List<String>> accepted = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        int rows = 0;
        for (Record r : records.subList(1, records.size())) {
            if (r.cells().size() == 1 && r.cells().get(0).isBlank()) continue; // an empty line
            rows++;
            int row = r.line();
            if (r.cells().size() != header.size()) {
                rejected.add(new Rejection(row, null, "has " + r.cells().size() + " fields, the header has " + header.size(), null));
                continue;
            }
            List<Rejection> problems = new ArrayList<>();
            List<String> out = new ArrayList<>();
            String task = r.cells().get(index.get(schema.taskSource())).trim();
            if (task.isEmpty()) problems.add(new Rejection(row, schema.taskSource(), "missing value", null));
            out.add(task);
            String time = null;
            if (schema.timestampSource() != null) {
                String t = r.cells().get(index.get(schema.timestampSource())).trim();
                if (t.isEmpty()) {
                    problems.add(new Rejection(row, schema.timestampSource(), "missing value", null));
                } else {
                    Instant at = timestamp(t);
                    if (at == null) problems.add(new Rejection(row, schema.timestampSource(),
                            "not a timestamp (expected ISO-8601, e.g. 2026-03-01T08:15:00Z, or yyyy-MM-dd HH:mm:ss in UTC)", t));
                    else time = at.toString();
                }
                out.add(time == null ? "" : time);
            }
            StringBuilder values = new StringBuilder();
            for (ColumnSpec c : schema.columns()) {
                String cell = r.cells().get(index.get(c.source())).trim();
                String value = number(row, c, cell, problems);
                out.add(value == null ? "" : value);
                values.append(value).append('|');
            }
            if (!problems.isEmpty()) {
                rejected.addAll(problems);
                continue;
            }
            String key = task + "\u0000" + (time != null ? time : values.toString());
            Integer first = seen.putIfAbsent(key, row);
            if (first != null) {
                rejected.add(new Rejection(row, null, "duplicate of row " + first + (time != null ? " (same task and timestamp)" : " (same task and values)"), null));
                continue;
            }
            accepted.add(out);
        }
        return new ImportReport(columns, accepted, rejected, rows);
    }

    /** The converted value as text, or null after recording why the cell is unusable. */
    private static String number(int row, ColumnSpec c, String cell, List<Rejection> problems) {
        if (cell.isEmpty() || cell.equalsIgnoreCase("null") || cell.equalsIgnoreCase("NA") || cell.equalsIgnoreCase("n/a")) {
            problems.add(new Rejection(row, c.source(), "missing value", cell.isEmpty() ? null : cell));
            return null;
        }
        double v;
        try {
            if (!cell.matches("[+-]?(NaN|Infinity|(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?)")) throw new NumberFormatException();
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            problems.add(new Rejection(row, c.source(), "non-numeric", cell));
            return null;
        }
        if (Double.isNaN(v)) {
            problems.add(new Rejection(row, c.source(), "NaN", cell));
            return null;
        }
        if (Double.isInfinite(v)) {
            problems.add(new Rejection(row, c.source(), "not finite", cell));
            return null;
        }
        double x = c.convert(v);
        if ((c.lower() != null && x < c.lower()) || (c.upper() != null && x > c.upper())) {
            problems.add(new Rejection(row, c.source(), "out of declared range [" + (c.lower() == null ? "-inf" : c.lower()) + ", "
                    + (c.upper() == null ? "inf" : c.upper()) + "]" + (c.unit().isEmpty() ? "" : " " + c.unit())
                    + (c.scale() != 1 || c.offset() != 0 ? " after conversion to " + format(x) : ""), cell));
            return null;
        }
        return c.scale() == 1 && c.offset() == 0 ? cell : format(x);
    }

    /** A converted value to 12 significant digits: enough for any sensor, and free of conversion noise (230.00000000000003). */
    static String format(double x) {
        return new java.math.BigDecimal(x).round(new java.math.MathContext(12)).stripTrailingZeros().toPlainString();
    }

    private static Instant timestamp(String t) {
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            // try the other forms
        }
        try {
            return java.time.OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            // try the other forms
        }
        try {
            return LocalDateTime.parse(t.replace('T', ' '), SPACED).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** One CSV record and the line it starts on (1-based). */
    record Record(int line, List<String> cells) {}

    static List<Record> parse(String text, char delimiter) {
        List<Record> out = new ArrayList<>();
        if (text == null || text.isEmpty()) return out;
        int i = text.charAt(0) == '\uFEFF' ? 1 : 0;
        int line = 1;
        int start = 1;
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (; i < text.length(); i++) {
            char ch = text.charAt(i);
            any = true;
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (ch == '\n') line++;
                    cell.append(ch);
                }
            } else if (ch == '"' && cell.toString().isBlank()) {
                cell.setLength(0);
                quoted = true;
            } else if (ch == delimiter) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (ch == '\r' || ch == '\n') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                cells.add(cell.toString());
                out.add(new Record(start, List.copyOf(cells)));
                cells.clear();
                cell.setLength(0);
                any = false;
                line++;
                start = line;
            } else {
                cell.append(ch);
            }
        }
        if (quoted) throw new IllegalArgumentException("CSV import: row " + start + " has an unterminated quoted field");
        if (any) {
            cells.add(cell.toString());
            out.add(new Record(start, List.copyOf(cells)));
        }
        return out;
    }
}
