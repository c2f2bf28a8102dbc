package io.metaline.connect.csv;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How an export becomes a dataset: the task column (product, batch or machine: what makes a task), an optional
 * timestamp column, and the numeric columns. Columns of the export not named here are ignored.
 *
 * @param taskSource      the export header of the task column
 * @param taskName        the dataset's task column name
 * @param timestampSource the export header of the timestamp column (ISO-8601, or {@code yyyy-MM-dd HH:mm:ss} in UTC),
 *                        or null when the export has none
 * @param columns         the numeric columns, in dataset order
 * @param delimiter       the field separator (',' or ';')
 */
public record CsvSchema(String taskSource, String taskName, String timestampSource, List<ColumnSpec> columns, char delimiter) {
    public CsvSchema {
        if (taskSource == null || taskSource.isBlank()) throw new IllegalArgumentException("schema: the task column is required");
        if (taskName == null || taskName.isBlank()) taskName = taskSource;
        columns = List.copyOf(columns);
        if (columns.isEmpty()) throw new IllegalArgumentException("schema: at least one numeric column is required");
        Set<String> names = new HashSet<>();
        names.add(taskName);
        if (timestampSource != null) names.add(ImportReport.TIMESTAMP);
        for (ColumnSpec c : columns) {
            if (!names.add(c.name())) throw new IllegalArgumentException("schema: dataset column '" + c.name() + "' is declared twice");
        }
    }

    public static CsvSchema of(String taskColumn, String timestampColumn, List<ColumnSpec> columns) {
        return new CsvSchema(taskColumn, taskColumn, timestampColumn, columns, ',');
    }
}
