package io.metaline.meta.data;

import io.metaline.engine.Tensor;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A table read from delimited text with a header row: comma-separated by default, TAB- or semicolon-separated when
 * the header line says so (or as given in {@link CsvOptions}). Fields follow RFC 4180 (see {@link CsvParser}); a
 * UTF-8 byte order mark is ignored; empty lines are skipped. Immutable once read.
 *
 * <p>Every column keeps its text. A column whose non-empty values are all numbers is <em>numeric</em> and its values
 * are also parsed as doubles ({@link #doubles}). Numbers are plain decimals with an optional exponent ({@code 12},
 * {@code -0.5}, {@code 1e-3}); {@code NaN}, {@code Inf} and {@code Infinity} are read too but rejected by
 * {@link #doubles} unless {@link CsvOptions#allowNonFinite()}.
 *
 * <p>Rows are indexed from 0 in this API. Messages count data rows from 1 (the first row after the header is row 1)
 * and also give the line in the file, which differs when the file has empty lines or quoted line breaks.
 *
 * <p>All problems are {@link DataException}s with a message for the user, naming the file, row, line and column.
 */
public final class CsvTable {
    private final String source;
    private final char delimiter;
    private final boolean allowNonFinite;
    private final List<String> columns;
    private final Map<String, Integer> index;
    private final String[][] cells; // [column][row]
    private final double[][] numbers; // [column][row], null for non-numeric columns; NaN where missing
    private final int[] lines; // [row] line on which the row starts

    private CsvTable(String source, char delimiter, boolean allowNonFinite, List<String> columns, String[][] cells,
                     int[] lines) {
        this.source = source;
        this.delimiter = delimiter;
        this.allowNonFinite = allowNonFinite;
        this.columns = List.copyOf(columns);
        this.cells = cells;
        this.lines = lines;
        this.index = new HashMap<>();
        for (int c = 0; c < columns.size(); c++) index.put(columns.get(c), c);
        this.numbers = new double[columns.size()][];
        for (int c = 0; c < columns.size(); c++) numbers[c] = parseColumn(cells[c]);
    }

    // ---------------------------------------------------------------- reading

    /** Reads a UTF-8 file with the {@linkplain CsvOptions#defaults() default options} (delimiter detected). */
    public static CsvTable read(Path path) {
        return read(path, CsvOptions.defaults());
    }

    /** Reads a UTF-8 file. */
    public static CsvTable read(Path path, CsvOptions options) {
        String name = path.toString();
        if (!Files.exists(path)) throw new DataException("file not found: " + name);
        if (Files.isDirectory(path)) throw new DataException(name + " is a directory, not a data file");
        try {
            long size = Files.size(path);
            if (size > options.maxBytes()) {
                throw new DataException(name + ": the file has " + size + " bytes, more than the limit of "
                        + options.maxBytes() + " bytes");
            }
            try (Reader reader = new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT))) {
                return read(reader, name, options);
            }
        } catch (NoSuchFileException e) {
            throw new DataException("file not found: " + name, e);
        } catch (IOException e) {
            throw new DataException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /** Reads delimited text from {@code reader} (e.g. an upload), named "input" in messages, default options. */
    public static CsvTable read(Reader reader) {
        return read(reader, "input", CsvOptions.defaults());
    }

    /**
     * Reads delimited text from {@code reader}, which is read to its end but not closed. {@code sourceName} names
     * the data in messages; {@link CsvOptions#maxBytes()} limits the number of characters.
     */
    public static CsvTable read(Reader reader, String sourceName, CsvOptions options) {
        return parse(readAll(reader, sourceName, options.maxBytes()), sourceName, options);
    }

    /** Parses delimited text held in a string (named "input" in messages), default options. */
    public static CsvTable parse(String text) {
        return read(new StringReader(text));
    }

    private static String readAll(Reader reader, String source, long limit) {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[1 << 16];
        try {
            int n;
            while ((n = reader.read(buf)) >= 0) {
                if (sb.length() + (long) n > limit) {
                    throw new DataException(source + ": the input is larger than the limit of " + limit
                            + " characters");
                }
                sb.append(buf, 0, n);
            }
        } catch (CharacterCodingException e) {
            throw new DataException(source + ": not UTF-8 text after " + sb.length()
                    + " characters; save the file as UTF-8", e);
        } catch (IOException e) {
            throw new DataException("cannot read " + source + ": " + e.getMessage(), e);
        }
        return sb.toString();
    }

    private static CsvTable parse(String text, String source, CsvOptions options) {
        int start = !text.isEmpty() && text.charAt(0) == '\uFEFF' ? 1 : 0;
        if (text.substring(start).isBlank()) {
            throw new DataException(source + " is empty; expected a header line with column names");
        }
        char delimiter = options.delimiter() != null ? options.delimiter() : CsvParser.detectDelimiter(text, start);
        CsvParser parser = new CsvParser(text, delimiter, source, start);
        List<String> header = parser.next("the header");
        int headerLine = parser.recordLine();
        Map<String, Integer> seen = new HashMap<>();
        for (int c = 0; c < header.size(); c++) {
            String name = header.get(c);
            if (name.isEmpty()) {
                throw new DataException(source + ": column " + (c + 1) + " of the header (line " + headerLine
                        + ") has no name; every column needs a name");
            }
            Integer before = seen.putIfAbsent(name, c);
            if (before != null) {
                throw new DataException(source + ": the header (line " + headerLine + ") names column '" + name
                        + "' twice (columns " + (before + 1) + " and " + (c + 1) + "); column names must be unique");
            }
        }
        int width = header.size();
        List<String[]> rows = new ArrayList<>();
        int[] lines = new int[1024];
        List<String> fields;
        while ((fields = parser.next("row " + (rows.size() + 1))) != null) {
            int row = rows.size() + 1;
            if (row > options.maxRows()) {
                throw new DataException(source + ": more than " + options.maxRows()
                        + " data rows, the limit; raise maxRows to read more");
            }
            if (fields.size() != width) {
                String hint = fields.size() > width
                        ? "; a field that contains the delimiter (" + CsvOptions.describe(delimiter) + ") must be quoted"
                        : "";
                throw new DataException(source + ": row " + row + " has " + fields.size() + " field"
                        + (fields.size() == 1 ? "" : "s") + ", the header has " + width + " (line "
                        + parser.recordLine() + ")" + hint);
            }
            if (rows.size() == lines.length) lines = Arrays.copyOf(lines, lines.length * 2);
            lines[rows.size()] = parser.recordLine();
            rows.add(fields.toArray(new String[0]));
        }
        String[][] cells = new String[width][rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            for (int c = 0; c < width; c++) cells[c][r] = row[c];
        }
        return new CsvTable(source, delimiter, options.allowNonFinite(), header, cells,
                Arrays.copyOf(lines, rows.size()));
    }

    // ---------------------------------------------------------------- numbers

    /** The column's values as numbers if every non-empty value is one (and at least one is); else null. */
    private static double[] parseColumn(String[] values) {
        double[] out = new double[values.length];
        boolean any = false;
        for (int r = 0; r < values.length; r++) {
            String v = values[r];
            if (v.isEmpty()) {
                out[r] = Double.NaN;
            } else if (isNumber(v)) {
                out[r] = toDouble(v);
                any = true;
            } else {
                return null;
            }
        }
        return any ? out : null;
    }

    /** Whether {@code s} is a decimal number with optional sign and exponent, or NaN / Inf / Infinity. */
    static boolean isNumber(String s) {
        int n = s.length(), i = 0;
        if (n == 0) return false;
        if (s.charAt(0) == '+' || s.charAt(0) == '-') i++;
        String rest = s.substring(i).toLowerCase(Locale.ROOT);
        if (rest.equals("nan") || rest.equals("inf") || rest.equals("infinity")) return true;
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) return false;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
            int exp = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                exp++;
            }
            if (exp == 0) return false;
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static double toDouble(String s) {
        boolean negative = s.charAt(0) == '-';
        String rest = (s.charAt(0) == '+' || negative ? s.substring(1) : s).toLowerCase(Locale.ROOT);
        if (rest.equals("nan")) return Double.NaN;
        if (rest.equals("inf") || rest.equals("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(s);
    }

    // ---------------------------------------------------------------- access

    /** The name of the data in messages: the file path, or the name given with a reader. */
    public String source() {
        return source;
    }

    /** The field separator used (detected or given). */
    public char delimiter() {
        return delimiter;
    }

    /** Column names in file order. */
    public List<String> columns() {
        return columns;
    }

    public int columnCount() {
        return columns.size();
    }

    /** Number of data rows (the header is not counted). */
    public int rowCount() {
        return lines.length;
    }

    public boolean hasColumn(String name) {
        return index.containsKey(name);
    }

    /**
     * The position of a column (0-based).
     *
     * @throws DataException "no column 'prodct'; did you mean 'product'? columns are: ..." for an unknown name
     */
    public int columnIndex(String name) {
        Integer c = index.get(name);
        if (c == null) throw new DataException(source + ": " + Names.unknown("column", name, columns, "columns"));
        return c;
    }

    /** Whether every non-empty value of the column is a number (and at least one value is present). */
    public boolean isNumeric(String column) {
        return numbers[columnIndex(column)] != null;
    }

    /** The line in the file on which data row {@code row} (0-based) starts. */
    public int lineOf(int row) {
        checkRow(row);
        return lines[row];
    }

    /** "row 42 (line 43)" for 0-based row 41: how messages point at a data row. */
    public String where(int row) {
        return "row " + (row + 1) + " (line " + lineOf(row) + ")";
    }

    /** "column 'x', row 42 (line 43)" for 0-based row 41. */
    public String where(String column, int row) {
        return "column '" + column + "', " + where(row);
    }

    /** The text of one cell ("" when empty); {@code row} is 0-based. */
    public String value(int row, String column) {
        int c = columnIndex(column);
        checkRow(row);
        return cells[c][row];
    }

    /** Whether a cell is empty (a missing value); {@code row} is 0-based. */
    public boolean isMissing(int row, String column) {
        return value(row, column).isEmpty();
    }

    /** The column's texts, one per row ("" where empty). */
    public String[] strings(String column) {
        return cells[columnIndex(column)].clone();
    }

    /**
     * The column's values as numbers.
     *
     * @throws DataException naming the first offending cell: "column 'temperature', row 42 (line 43): 'abc' is not
     *                       a number", an empty cell, or NaN / Infinity when not {@linkplain
     *                       CsvOptions#allowNonFinite() allowed}
     */
    public double[] doubles(String column) {
        int c = columnIndex(column);
        String[] text = cells[c];
        double[] values = numbers[c];
        for (int r = 0; r < text.length; r++) {
            if (text[r].isEmpty()) {
                throw new DataException(source + ": " + where(column, r) + ": the value is missing (empty cell)");
            }
            if (values == null && !isNumber(text[r])) {
                throw new DataException(source + ": " + where(column, r) + ": '" + text[r] + "' is not a number");
            }
            if (values != null && !allowNonFinite && !Double.isFinite(values[r])) {
                throw new DataException(source + ": " + where(column, r) + ": '" + text[r]
                        + "' is not a finite number (NaN and Infinity are not accepted unless allowNonFinite is set)");
            }
        }
        if (values == null) throw new IllegalStateException("column '" + column + "' has no numbers"); // unreachable
        return values.clone();
    }

    /** The given numeric columns side by side: a tensor {@code [rows, columns.size()]}. See {@link #doubles}. */
    public Tensor matrix(List<String> columnNames) {
        int n = rowCount(), k = columnNames.size();
        double[] data = new double[n * k];
        for (int j = 0; j < k; j++) {
            double[] col = doubles(columnNames.get(j));
            for (int r = 0; r < n; r++) data[r * k + j] = col[r];
        }
        return Tensor.adopt(data, n, k);
    }

    /** The columns whose values are all numbers, in file order. */
    public List<String> numericColumns() {
        List<String> out = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) if (numbers[c] != null) out.add(columns.get(c));
        return Collections.unmodifiableList(out);
    }

    private void checkRow(int row) {
        if (row < 0 || row >= lines.length) {
            throw new IndexOutOfBoundsException("row index " + row + " out of range for " + lines.length + " rows");
        }
    }

    @Override
    public String toString() {
        return "CsvTable{" + source + ", " + rowCount() + " rows, " + columnCount() + " columns, "
                + CsvOptions.describe(delimiter) + "-separated}";
    }
}
