package io.metaline.meta.data;

/**
 * How {@link CsvTable} reads a file. Immutable; start from {@link #defaults()} and change with the {@code with...}
 * methods.
 *
 * @param delimiter      the field separator, or {@code null} to detect it from the header line (the most frequent of
 *                       comma, TAB and semicolon outside quotes; comma when none occurs)
 * @param maxRows        the largest number of data rows accepted
 * @param maxBytes       the largest input accepted: bytes for a file, characters for a {@link java.io.Reader}
 * @param allowNonFinite whether numeric columns may hold NaN and (-)Infinity; when false, asking for such a column's
 *                       numbers is an error naming the first such value
 */
public record CsvOptions(Character delimiter, long maxRows, long maxBytes, boolean allowNonFinite) {
    /** Default row limit: 10 million data rows. */
    public static final long DEFAULT_MAX_ROWS = 10_000_000L;
    /** Default size limit: 512 MiB. */
    public static final long DEFAULT_MAX_BYTES = 512L << 20;

    public CsvOptions {
        if (delimiter != null && (delimiter == '"' || delimiter == '\r' || delimiter == '\n')) {
            throw new IllegalArgumentException("CsvOptions: the delimiter cannot be a quote or a line break, got "
                    + describe(delimiter));
        }
        if (maxRows < 1) throw new IllegalArgumentException("CsvOptions: maxRows must be at least 1, got " + maxRows);
        if (maxBytes < 1) throw new IllegalArgumentException("CsvOptions: maxBytes must be at least 1, got " + maxBytes);
    }

    /** Delimiter detected, at most {@value #DEFAULT_MAX_ROWS} rows and 512 MiB, NaN and Infinity rejected. */
    public static CsvOptions defaults() {
        return new CsvOptions(null, DEFAULT_MAX_ROWS, DEFAULT_MAX_BYTES, false);
    }

    /** These options with a fixed delimiter (e.g. {@code ','}, {@code '\t'}, {@code ';'}); null detects it. */
    public CsvOptions withDelimiter(Character delimiter) {
        return new CsvOptions(delimiter, maxRows, maxBytes, allowNonFinite);
    }

    public CsvOptions withMaxRows(long maxRows) {
        return new CsvOptions(delimiter, maxRows, maxBytes, allowNonFinite);
    }

    public CsvOptions withMaxBytes(long maxBytes) {
        return new CsvOptions(delimiter, maxRows, maxBytes, allowNonFinite);
    }

    public CsvOptions withAllowNonFinite(boolean allowNonFinite) {
        return new CsvOptions(delimiter, maxRows, maxBytes, allowNonFinite);
    }

    /** A readable name for a delimiter character: "comma", "TAB", "semicolon" or the character quoted. */
    static String describe(char c) {
        switch (c) {
            case ',': return "comma";
            case '\t': return "TAB";
            case ';': return "semicolon";
            case '\r': return "carriage return";
            case '\n': return "line feed";
            default: return "'" + c + "'";
        }
    }
}
