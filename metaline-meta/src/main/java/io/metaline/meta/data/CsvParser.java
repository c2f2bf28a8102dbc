package io.metaline.meta.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits delimited text into records (RFC 4180): fields may be quoted with {@code "}, a quoted field may hold
 * delimiters, line breaks and doubled quotes ({@code ""} for one {@code "}); spaces (and TABs, unless TAB is the
 * delimiter) around unquoted fields and around the quotes of quoted fields are dropped. Lines end with LF, CRLF or CR;
 * empty lines are skipped. Tracks line numbers so errors can point into the file.
 */
final class CsvParser {
    private final String text;
    private final char delimiter;
    private final String source;
    private int pos;
    private int line = 1;
    private int recordLine;

    /** Parses {@code text} from index {@code start} (past any byte order mark). */
    CsvParser(String text, char delimiter, String source, int start) {
        this.text = text;
        this.delimiter = delimiter;
        this.source = source;
        this.pos = start;
    }

    /** The line on which the record last returned by {@link #next} starts (1-based). */
    int recordLine() {
        return recordLine;
    }

    /**
     * The next record's fields, or null at the end of the input.
     *
     * @param what how to name this record in errors, e.g. "the header" or "row 17"
     */
    List<String> next(String what) {
        int n = text.length();
        // Skip empty lines.
        while (pos < n) {
            char c = text.charAt(pos);
            if (c == '\n') {
                pos++;
                line++;
            } else if (c == '\r') {
                pos++;
                if (pos < n && text.charAt(pos) == '\n') pos++;
                line++;
            } else {
                break;
            }
        }
        if (pos >= n) return null;
        recordLine = line;
        List<String> fields = new ArrayList<>();
        while (true) {
            while (pos < n && isSpace(text.charAt(pos))) pos++;
            if (pos < n && text.charAt(pos) == '"') {
                fields.add(quoted(what, fields.size() + 1));
                while (pos < n && isSpace(text.charAt(pos))) pos++;
                if (pos < n) {
                    char c = text.charAt(pos);
                    if (c != delimiter && c != '\r' && c != '\n') {
                        throw new DataException(source + ": " + what + " (line " + line + "), field " + fields.size()
                                + ": unexpected '" + c + "' after the closing quote; a quote inside a quoted field"
                                + " must be doubled (\"\")");
                    }
                }
            } else {
                int start = pos;
                while (pos < n) {
                    char c = text.charAt(pos);
                    if (c == delimiter || c == '\r' || c == '\n') break;
                    pos++;
                }
                int end = pos;
                while (end > start && isSpace(text.charAt(end - 1))) end--;
                fields.add(text.substring(start, end));
            }
            if (pos >= n) return fields;
            char c = text.charAt(pos);
            if (c == delimiter) {
                pos++;
                continue;
            }
            // A line break ends the record.
            pos++;
            if (c == '\r' && pos < n && text.charAt(pos) == '\n') pos++;
            line++;
            return fields;
        }
    }

    /** Reads a quoted field; {@code pos} is at the opening quote and ends just past the closing one. */
    private String quoted(String what, int field) {
        int n = text.length();
        int openLine = line;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= n) {
                throw new DataException(source + ": " + what + ", field " + field + ": the quote opened on line "
                        + openLine + " is never closed");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                if (pos + 1 < n && text.charAt(pos + 1) == '"') {
                    sb.append('"');
                    pos += 2;
                    continue;
                }
                pos++;
                return sb.toString();
            }
            if (c == '\n' || (c == '\r' && (pos + 1 >= n || text.charAt(pos + 1) != '\n'))) line++;
            sb.append(c);
            pos++;
        }
    }

    private boolean isSpace(char c) {
        return (c == ' ' || c == '\t') && c != delimiter;
    }

    /**
     * The delimiter of the header line starting at {@code start}: whichever of comma, TAB and semicolon occurs most
     * often outside quotes (comma on a tie or when none occurs).
     */
    static char detectDelimiter(String text, int start) {
        int commas = 0, tabs = 0, semicolons = 0;
        boolean inQuotes = false, seen = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                inQuotes = !inQuotes;
                seen = true;
            } else if (!inQuotes) {
                if (c == '\n' || c == '\r') {
                    if (seen) break; // skip leading empty lines, stop at the end of the header
                    continue;
                }
                seen = true;
                if (c == ',') {
                    commas++;
                } else if (c == '\t') {
                    tabs++;
                } else if (c == ';') {
                    semicolons++;
                }
            }
        }
        if (tabs > commas && tabs >= semicolons) return '\t';
        if (semicolons > commas && semicolons > tabs) return ';';
        return ',';
    }
}
