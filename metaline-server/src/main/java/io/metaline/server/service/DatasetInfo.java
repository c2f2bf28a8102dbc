package io.metaline.server.service;

import java.time.Instant;
import java.util.List;

/**
 * A stored history dataset (CSV): one row per run, a task column naming the product/line of each run, and numeric
 * columns. {@code columns} lists the numeric columns (all but the task column), in file order.
 */
public record DatasetInfo(String id, String site, String name, String taskColumn, int rows, int tasks,
                          List<String> columns, String createdBy, Instant created) {
    public DatasetInfo {
        columns = List.copyOf(columns);
    }
}
