package io.metaline.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Historical runs of a family's source tasks, and the tasks themselves (whose optima a benchmark may use, e.g. for a
 * warm start from source-task optima).
 *
 * <h2>CSV format</h2>
 * UTF-8, comma-separated, lines ending in {@code \n}, no quoting (no field contains a comma, quote or newline). The
 * header is {@code task,<context names...>,<parameter names...>,<outcome names...>}, each group in the family's
 * order. Then one line per run, tasks in order and each task's runs in run order. {@code task} is the task id;
 * numbers are written by {@link Double#toString(double)} (shortest text that parses back to the same double, so
 * {@code 1.0E-4} style exponents can occur); a categorical parameter is written as its level name. Units are not in
 * the file: they are in {@link ProcessFamily#parameters()} and {@link ProcessFamily#outcomes()}.
 *
 * @param family the family
 * @param tasks  the source tasks, fresh (age 0)
 * @param rows   the runs
 */
public record History(ProcessFamily family, List<ProcessTask> tasks, List<HistoryRow> rows) {
    public History {
        tasks = List.copyOf(tasks);
        rows = List.copyOf(rows);
    }

    /** The CSV header line (without line end). */
    public String header() {
        List<String> cols = new ArrayList<>();
        cols.add("task");
        cols.addAll(family.contextNames());
        family.parameters().forEach(p -> cols.add(p.name()));
        family.outcomes().forEach(o -> cols.add(o.name()));
        return String.join(",", cols);
    }

    /** Writes the CSV to {@code out}. */
    public void writeCsv(Writer out) throws IOException {
        out.write(header());
        out.write('\n');
        StringBuilder line = new StringBuilder();
        for (HistoryRow row : rows) {
            line.setLength(0);
            line.append(row.taskId());
            for (String c : family.contextNames()) line.append(',').append(row.context().get(c));
            for (Parameter p : family.parameters()) line.append(',').append(p.format(row.settings().get(p.name())));
            for (Outcome o : family.outcomes()) line.append(',').append(row.outcomes().get(o.name()));
            out.write(line.append('\n').toString());
        }
    }

    /** The CSV as a string. */
    public String toCsv() {
        java.io.StringWriter w = new java.io.StringWriter();
        try {
            writeCsv(w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** Writes the CSV to {@code file}, replacing it. */
    public void writeCsv(Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writeCsv(w);
        }
    }
}
