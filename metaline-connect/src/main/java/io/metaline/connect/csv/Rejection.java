package io.metaline.connect.csv;

/**
 * A row left out of the dataset.
 *
 * @param row    the row's line number in the file (the header is line 1)
 * @param column the export column at fault (null when the whole row is, e.g. a duplicate or a short row)
 * @param reason what is wrong: missing value, non-numeric, NaN, out of declared range, duplicate, ...
 * @param value  the offending text, or null
 */
public record Rejection(int row, String column, String reason, String value) {
    @Override
    public String toString() {
        return "row " + row + (column == null ? "" : ", column '" + column + "'") + ": " + reason + (value == null ? "" : " ('" + value + "')");
    }
}
