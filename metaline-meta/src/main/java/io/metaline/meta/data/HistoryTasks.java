package io.metaline.meta.data;

import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import io.metaline.meta.Examples;
import io.metaline.meta.Task;
import io.metaline.meta.TaskDistribution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Regression tasks from a historical data table grouped by a task column: one task per product, machine, line...
 * Each task's rows become examples with inputs {@code x [n, inputs]} and targets {@code y [n, outputs]}.
 *
 * <p>Typical use:
 * <pre>{@code
 * HistoryTasks h = HistoryTasks.of(table, "product", List.of("temperature", "speed"), List.of("yield"));
 * TaskSplit split = h.split(0.15, 0.15, 42);
 * Scaler scaler = h.fitScaler(split.train());          // statistics of training tasks only
 * TaskDistribution train = h.distribution(split.train(), 5, 20, scaler);
 * List<Task> test = h.tasks(split.test(), 5, HistoryTasks.ALL_ROWS, scaler, new Rng(7));
 * }</pre>
 *
 * <p>Tasks keep the order in which their ids first appear in the table. A task with fewer than K+1 rows cannot give
 * K support rows and a query row; {@link #tasks} and {@link #distribution} skip it and record a {@linkplain
 * #warnings() warning}, and fail only when no task is left. Immutable apart from the warnings list; safe to share.
 */
public final class HistoryTasks {
    /** Query size meaning "all rows not in the support set". */
    public static final int ALL_ROWS = Integer.MAX_VALUE;

    private final String source;
    private final String taskColumn;
    private final List<String> inputs;
    private final List<String> outputs;
    private final List<String> taskIds;
    private final Map<String, Examples> byTask;
    private final Set<String> warnings = Collections.synchronizedSet(new LinkedHashSet<>());

    private HistoryTasks(String source, String taskColumn, List<String> inputs, List<String> outputs,
                         Map<String, Examples> byTask) {
        this.source = source;
        this.taskColumn = taskColumn;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.byTask = Collections.unmodifiableMap(byTask);
        this.taskIds = List.copyOf(byTask.keySet());
    }

    /**
     * Groups the rows of {@code table} by the value of {@code taskColumn}.
     *
     * @throws DataException for an unknown column (listing the columns), the task column used as an input or
     *                       output, a column listed twice, a missing or non-numeric value in a used column (naming
     *                       the row), an empty table, or fewer than 2 tasks
     */
    public static HistoryTasks of(CsvTable table, String taskColumn, List<String> inputColumns,
                                  List<String> outputColumns) {
        String src = table.source();
        table.columnIndex(taskColumn);
        if (inputColumns.isEmpty()) throw new DataException(src + ": no input columns given; name at least one");
        if (outputColumns.isEmpty()) throw new DataException(src + ": no output columns given; name at least one");
        Set<String> used = new HashSet<>();
        for (String c : inputColumns) {
            table.columnIndex(c);
            if (c.equals(taskColumn)) {
                throw new DataException(src + ": task column '" + taskColumn + "' is also listed as an input; the"
                        + " column that names the tasks cannot be an input");
            }
            if (!used.add(c)) throw new DataException(src + ": input column '" + c + "' is listed twice");
        }
        for (String c : outputColumns) {
            table.columnIndex(c);
            if (c.equals(taskColumn)) {
                throw new DataException(src + ": task column '" + taskColumn + "' is also listed as an output; the"
                        + " column that names the tasks cannot be an output");
            }
            if (inputColumns.contains(c)) {
                throw new DataException(src + ": column '" + c + "' is listed as both an input and an output");
            }
            if (!used.add(c)) throw new DataException(src + ": output column '" + c + "' is listed twice");
        }
        int n = table.rowCount();
        if (n == 0) throw new DataException(src + " has a header but no data rows");

        String[] ids = table.strings(taskColumn);
        for (int r = 0; r < n; r++) {
            if (ids[r].isEmpty()) {
                throw new DataException(src + ": " + table.where(taskColumn, r) + ": the task id is missing (empty cell)");
            }
        }
        double[][] in = new double[inputColumns.size()][];
        for (int j = 0; j < in.length; j++) in[j] = table.doubles(inputColumns.get(j));
        double[][] out = new double[outputColumns.size()][];
        for (int j = 0; j < out.length; j++) out[j] = table.doubles(outputColumns.get(j));

        Map<String, List<Integer>> rows = new LinkedHashMap<>();
        for (int r = 0; r < n; r++) rows.computeIfAbsent(ids[r], k -> new ArrayList<>()).add(r);
        if (rows.size() < 2) {
            throw new DataException(src + ": meta-learning needs at least 2 tasks; column '" + taskColumn
                    + "' has only one value '" + ids[0] + "'");
        }
        Map<String, Examples> byTask = new LinkedHashMap<>();
        for (Map.Entry<String, List<Integer>> e : rows.entrySet()) {
            List<Integer> rs = e.getValue();
            byTask.put(e.getKey(), Examples.regression(gather(in, rs), gather(out, rs)));
        }
        return new HistoryTasks(src, taskColumn, inputColumns, outputColumns, byTask);
    }

    private static Tensor gather(double[][] columns, List<Integer> rows) {
        int k = columns.length, m = rows.size();
        double[] d = new double[m * k];
        for (int i = 0; i < m; i++) {
            int r = rows.get(i);
            for (int j = 0; j < k; j++) d[i * k + j] = columns[j][r];
        }
        return Tensor.adopt(d, m, k);
    }

    // ---------------------------------------------------------------- accessors

    public String taskColumn() {
        return taskColumn;
    }

    public List<String> inputColumns() {
        return inputs;
    }

    public List<String> outputColumns() {
        return outputs;
    }

    /** Task ids in the order they first appear in the table. */
    public List<String> taskIds() {
        return taskIds;
    }

    public int taskCount() {
        return taskIds.size();
    }

    /** Number of rows of one task. */
    public int rowCount(String taskId) {
        return examples(taskId).size();
    }

    /** All rows of one task in table order, in the data's units. */
    public Examples examples(String taskId) {
        Examples e = byTask.get(taskId);
        if (e == null) throw unknownTask(taskId);
        return e;
    }

    /** All rows of one task in table order, standardised by {@code scaler} (null: the data's units). */
    public Examples examples(String taskId, Scaler scaler) {
        Examples e = examples(taskId);
        return scaler == null ? e : scaler.transform(e);
    }

    /** Warnings recorded so far (tasks skipped for having too few rows), oldest first, without repeats. */
    public List<String> warnings() {
        synchronized (warnings) {
            return List.copyOf(warnings);
        }
    }

    // ---------------------------------------------------------------- scaling and splitting

    /**
     * Means and standard deviations of the inputs and outputs over all rows of the given (training) tasks only.
     */
    public Scaler fitScaler(Collection<String> trainTaskIds) {
        List<String> ids = checkIds(trainTaskIds, "fitScaler");
        List<Tensor> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (String id : ids) {
            xs.add(byTask.get(id).x());
            ys.add(byTask.get(id).y());
        }
        return Scaler.fit(inputs, Tensor.concat(0, xs), outputs, Tensor.concat(0, ys));
    }

    /**
     * A random partition of the tasks (seeded, so the same seed gives the same split). Each non-zero fraction gets
     * at least one task; at least one task is always left for training.
     *
     * @param validationFraction share of tasks for validation, in [0, 1)
     * @param testFraction       share of tasks for the test, in [0, 1)
     */
    public TaskSplit split(double validationFraction, double testFraction, long seed) {
        if (!(validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction < 1)) {
            throw new IllegalArgumentException("split: validation and test fractions must be non-negative and sum to"
                    + " less than 1, got " + validationFraction + " and " + testFraction);
        }
        int n = taskIds.size();
        int nVal = count(validationFraction, n), nTest = count(testFraction, n);
        if (nVal + nTest >= n) {
            throw new DataException(source + ": cannot split " + n + " tasks into " + nVal + " validation and "
                    + nTest + " test tasks and keep a task for training; lower the fractions or add tasks");
        }
        int[] perm = new Rng(seed).permutation(n);
        Set<String> val = new HashSet<>(), test = new HashSet<>();
        for (int i = 0; i < nVal; i++) val.add(taskIds.get(perm[i]));
        for (int i = nVal; i < nVal + nTest; i++) test.add(taskIds.get(perm[i]));
        return partition(val, test);
    }

    private static int count(double fraction, int n) {
        return fraction == 0 ? 0 : Math.max(1, (int) Math.round(fraction * n));
    }

    /** The given validation and test tasks; all other tasks train. */
    public TaskSplit split(Collection<String> validationIds, Collection<String> testIds) {
        Set<String> val = new HashSet<>(checkIds(validationIds, null));
        Set<String> test = new HashSet<>(checkIds(testIds, null));
        for (String id : val) {
            if (test.contains(id)) {
                throw new DataException(source + ": task '" + id + "' is listed for both validation and test");
            }
        }
        if (val.size() + test.size() >= taskIds.size()) {
            throw new DataException(source + ": no task is left for training after " + val.size() + " validation and "
                    + test.size() + " test tasks out of " + taskIds.size());
        }
        return partition(val, test);
    }

    private TaskSplit partition(Set<String> val, Set<String> test) {
        List<String> tr = new ArrayList<>(), va = new ArrayList<>(), te = new ArrayList<>();
        for (String id : taskIds) (val.contains(id) ? va : test.contains(id) ? te : tr).add(id);
        return new TaskSplit(tr, va, te);
    }

    // ---------------------------------------------------------------- tasks

    /**
     * One task with {@code k} support rows drawn at random from {@code rng} and up to {@code q} of the remaining
     * rows as query ({@link #ALL_ROWS} for all of them).
     *
     * @param scaler standardisation to apply, or null for the data's units
     * @throws DataException if the task has fewer than k+1 rows
     */
    public Task task(String taskId, int k, int q, Scaler scaler, Rng rng) {
        checkKq(k, q);
        Examples e = examples(taskId, scaler);
        if (e.size() < k + 1) {
            throw new DataException(source + ": task '" + taskId + "' has " + e.size() + " row"
                    + (e.size() == 1 ? "" : "s") + "; " + k + " support rows and a query row need at least " + (k + 1));
        }
        return draw(taskId, e, k, q, rng);
    }

    /**
     * One fixed support/query split of each of the given tasks (for validation or testing), drawn one after another
     * from {@code rng}. Tasks with fewer than k+1 rows are skipped with a {@linkplain #warnings() warning}.
     *
     * @throws DataException if no task has k+1 rows
     */
    public List<Task> tasks(Collection<String> ids, int k, int q, Scaler scaler, Rng rng) {
        checkKq(k, q);
        List<Task> out = new ArrayList<>();
        for (String id : eligible(ids, k)) out.add(draw(id, examples(id, scaler), k, q, rng));
        return out;
    }

    /**
     * A distribution for meta-training: each draw picks one of the given tasks uniformly at random and a fresh random
     * split into {@code k} support rows and up to {@code q} query rows. Tasks with fewer than k+1 rows are skipped
     * with a {@linkplain #warnings() warning}.
     *
     * @throws DataException if no task has k+1 rows
     */
    public TaskDistribution distribution(Collection<String> ids, int k, int q, Scaler scaler) {
        checkKq(k, q);
        List<String> names = eligible(ids, k);
        List<Examples> data = new ArrayList<>(names.size());
        for (String id : names) data.add(examples(id, scaler));
        return rng -> {
            int t = rng.nextInt(names.size());
            return draw(names.get(t), data.get(t), k, q, rng);
        };
    }

    private static Task draw(String id, Examples e, int k, int q, Rng rng) {
        int n = e.size();
        int nq = (int) Math.min((long) q, n - k);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        for (int i = 0; i < k + nq; i++) { // partial Fisher-Yates: the first k + nq positions are a random sample
            int j = i + rng.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] support = Arrays.copyOfRange(idx, 0, k);
        int[] query = Arrays.copyOfRange(idx, k, k + nq);
        return new Task(id, e.subset(support), e.subset(query));
    }

    private List<String> eligible(Collection<String> ids, int k) {
        List<String> all = checkIds(ids, "tasks");
        List<String> ok = new ArrayList<>();
        StringBuilder sizes = new StringBuilder();
        for (String id : all) {
            int rows = byTask.get(id).size();
            if (rows >= k + 1) {
                ok.add(id);
            } else {
                warnings.add("task '" + id + "' (column '" + taskColumn + "') has " + rows + " row"
                        + (rows == 1 ? "" : "s") + ", fewer than K+1 = " + (k + 1) + "; skipped");
                if (sizes.length() < 400) sizes.append(sizes.length() == 0 ? "" : ", ").append('\'').append(id)
                        .append("' ").append(rows);
            }
        }
        if (ok.isEmpty()) {
            throw new DataException(source + ": none of the " + all.size() + " tasks has at least K+1 = " + (k + 1)
                    + " rows (" + k + " support + 1 query); rows per task: " + sizes + "; lower K or merge tasks");
        }
        return ok;
    }

    private List<String> checkIds(Collection<String> ids, String nonEmptyFor) {
        if (nonEmptyFor != null && ids.isEmpty()) {
            throw new IllegalArgumentException(nonEmptyFor + ": no task ids given");
        }
        List<String> out = new ArrayList<>(ids.size());
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            if (!byTask.containsKey(id)) throw unknownTask(id);
            if (seen.add(id)) out.add(id);
        }
        return out;
    }

    private DataException unknownTask(String id) {
        return new DataException(source + ": " + Names.unknown("task", id, taskIds, "tasks (column '" + taskColumn + "')"));
    }

    private static void checkKq(int k, int q) {
        if (k < 1) throw new IllegalArgumentException("K (support rows per task) must be at least 1, got " + k);
        if (q < 0) throw new IllegalArgumentException("the query size must not be negative, got " + q);
    }

    @Override
    public String toString() {
        return "HistoryTasks{" + source + ", " + taskIds.size() + " tasks by '" + taskColumn + "', inputs " + inputs
                + ", outputs " + outputs + "}";
    }
}
