package io.metaline.connect.csv;

/**
 * One numeric dataset column and where it comes from in the export.
 *
 * @param source the header in the export (e.g. {@code "MeltTemp_PV"})
 * @param name   the column in the dataset (e.g. {@code "melt_temperature"})
 * @param unit   the unit of the dataset column (documentation; the values are converted into it)
 * @param scale  multiplies the exported value (unit conversion: 1 when the export has the dataset's unit)
 * @param offset added after scaling (e.g. -32 * 5/9 for °F to °C with scale 5/9)
 * @param lower  smallest accepted value after conversion, or null for none
 * @param upper  largest accepted value after conversion, or null for none
 */
public record ColumnSpec(String source, String name, String unit, double scale, double offset, Double lower, Double upper) {
    public ColumnSpec {
        if (source == null || source.isBlank()) throw new IllegalArgumentException("column: the export header (source) is required");
        if (name == null || name.isBlank()) name = source;
        unit = unit == null ? "" : unit;
        if (!Double.isFinite(scale) || scale == 0) throw new IllegalArgumentException("column '" + name + "': scale must be finite and non-zero, got " + scale);
        if (!Double.isFinite(offset)) throw new IllegalArgumentException("column '" + name + "': offset must be finite, got " + offset);
        if (lower != null && upper != null && lower > upper) {
            throw new IllegalArgumentException("column '" + name + "': lower " + lower + " > upper " + upper);
        }
    }

    /** A column kept as it is, with an accepted range. */
    public static ColumnSpec of(String source, String name, String unit, Double lower, Double upper) {
        return new ColumnSpec(source, name, unit, 1, 0, lower, upper);
    }

    double convert(double v) {
        return v * scale + offset;
    }
}
