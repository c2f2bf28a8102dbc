package io.metaline.optimize.transfer;

import io.metaline.meta.data.CsvTable;
import io.metaline.optimize.ContextSpec;
import io.metaline.optimize.ParameterSpec;
import io.metaline.optimize.SearchSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Earlier tasks' runs, read from a table with one row per run and a column naming the task. */
public final class History {
    private History() {}

    /**
     * Groups the rows of {@code table} by {@code taskColumn}, encoding each row's settings and context with
     * {@code space}. Every parameter, context variable and outcome must be a numeric column; a value outside a
     * parameter's bounds is an error naming the row (the history must describe the same space).
     */
    public static List<SourceTask> fromTable(CsvTable table, String taskColumn, SearchSpace space, List<String> outcomes) {
        String[] taskIds = table.strings(taskColumn);
        List<double[]> params = new ArrayList<>();
        for (ParameterSpec p : space.parameters()) params.add(table.doubles(p.name()));
        List<double[]> context = new ArrayList<>();
        for (ContextSpec c : space.context()) context.add(table.doubles(c.name()));
        List<double[]> values = new ArrayList<>();
        for (String o : outcomes) values.add(table.doubles(o));

        Map<String, List<Integer>> rowsByTask = new LinkedHashMap<>();
        for (int r = 0; r < taskIds.length; r++) rowsByTask.computeIfAbsent(taskIds[r], k -> new ArrayList<>()).add(r);
        if (rowsByTask.size() < 2) {
            throw new IllegalArgumentException(table.source() + ": transfer needs at least 2 earlier tasks; column '" + taskColumn
                    + "' has " + rowsByTask.size());
        }
        List<SourceTask> tasks = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : rowsByTask.entrySet()) {
            List<Integer> rows = e.getValue();
            double[][] x = new double[rows.size()][];
            Map<String, double[]> ys = new LinkedHashMap<>();
            for (String o : outcomes) ys.put(o, new double[rows.size()]);
            for (int i = 0; i < rows.size(); i++) {
                int r = rows.get(i);
                double[] v = new double[params.size()];
                for (int k = 0; k < v.length; k++) v[k] = params.get(k)[r];
                double[] ctx = new double[context.size()];
                for (int k = 0; k < ctx.length; k++) ctx[k] = context.get(k)[r];
                space.values(space.toMap(v), table.where(r));
                x[i] = space.encode(v, ctx);
                for (int k = 0; k < outcomes.size(); k++) ys.get(outcomes.get(k))[i] = values.get(k)[r];
            }
            tasks.add(new SourceTask(e.getKey(), x, ys));
        }
        return tasks;
    }
}
