package io.metaline.cli;

import io.metaline.cli.plot.PredictedVsObservedPlot;
import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.meta.Evaluator.Metric;
import io.metaline.meta.GradOrder;
import io.metaline.meta.MetaLearner;
import io.metaline.meta.MetaModel;
import io.metaline.meta.Task;
import io.metaline.meta.TaskLoss;
import io.metaline.meta.data.CsvTable;
import io.metaline.meta.data.HistoryTasks;
import io.metaline.meta.data.Scaler;
import io.metaline.meta.data.TaskSplit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code --history FILE.csv}: one regression task per value of the task column. The scaler is fitted on the
 * training tasks only and stored in the model with the column names and the split, so meta-eval standardises new
 * data the same way and measures errors in the data's units.
 */
final class HistorySource {
    private HistorySource() {}

    static final int DEFAULT_K = 10;
    static final double DEFAULT_VAL_FRACTION = 0.2;
    /** Validation tasks shown in the predicted-against-observed picture. */
    private static final int PLOTTED_TASKS = 6;

    private static final String TASK_COLUMN = "history.taskColumn", INPUTS = "history.inputs",
            OUTPUTS = "history.outputs", SCALER = "history.scaler", TRAIN_TASKS = "history.trainTasks",
            VALIDATION_TASKS = "history.validationTasks", K = "history.k", QUERY = "history.query";

    static TaskSource.Training training(DataOptions o, double valFraction) {
        CsvTable table = CsvTable.read(o.history);
        if (o.taskColumn == null) {
            throw new IllegalArgumentException("--history needs --task-column COL, the column naming each row's task; "
                    + table.source() + " has columns " + table.columns());
        }
        if (o.inputs == null) throw new IllegalArgumentException("--history needs --inputs COL[,COL...]; columns are " + table.columns());
        if (o.outputs == null) throw new IllegalArgumentException("--history needs --outputs COL[,COL...]; columns are " + table.columns());
        HistoryTasks h = HistoryTasks.of(table, o.taskColumn, o.inputs, o.outputs);
        TaskSplit split = h.split(valFraction, 0.0, TaskSource.SPLIT_SEED);
        Scaler scaler = h.fitScaler(split.train());
        int k = o.k != null ? o.k : DEFAULT_K;
        int q = o.query != null ? o.query : HistoryTasks.ALL_ROWS;
        var tasks = h.distribution(split.train(), k, q, scaler);
        List<Task> validation = h.tasks(split.validation(), k, q, scaler, new Rng(TaskSource.VALIDATION_SEED));
        String sha = TaskSource.sha256(o.history);

        Map<String, String> extra = new LinkedHashMap<>();
        extra.put(TaskSource.KIND, "history");
        extra.put(TASK_COLUMN, o.taskColumn);
        extra.put(INPUTS, TaskSource.json(o.inputs));
        extra.put(OUTPUTS, TaskSource.json(o.outputs));
        extra.put(SCALER, TaskSource.json(scaler.toMap()));
        extra.put(TRAIN_TASKS, TaskSource.json(split.train()));
        extra.put(VALIDATION_TASKS, TaskSource.json(split.validation()));
        extra.put(K, Integer.toString(k));
        extra.put(QUERY, q == HistoryTasks.ALL_ROWS ? "rest" : Integer.toString(q));
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("data", o.history.toAbsolutePath().normalize().toString());
        provenance.put("data_sha256", sha);
        provenance.put("task_column", o.taskColumn);
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("data-sha256", sha);
        tags.put("--task-column", o.taskColumn);
        tags.put("--inputs", String.join(",", o.inputs));
        tags.put("--outputs", String.join(",", o.outputs));
        tags.put("--k", Integer.toString(k));
        tags.put("--query", extra.get(QUERY));
        tags.put("--val-fraction", Double.toString(valFraction));

        TaskSource.AdaptationPlot plot = (file, label, learner, meta) -> PredictedVsObservedPlot.write(file,
                label + " on validation tasks, " + Math.max(1, learner.innerSteps()) + " step(s)",
                points(validation.subList(0, Math.min(PLOTTED_TASKS, validation.size())), scaler, learner, meta,
                        Math.max(1, learner.innerSteps())));
        String description = String.format(Locale.ROOT,
                "%s: %d tasks by '%s' (%d for training, %d for validation), inputs %s, outputs %s, K=%d support rows, %s",
                o.history, h.taskCount(), o.taskColumn, split.train().size(), split.validation().size(), o.inputs,
                o.outputs, k, q == HistoryTasks.ALL_ROWS ? "the other rows as query" : q + " query rows");
        return new TaskSource.Training(description, o.inputs.size(), o.outputs.size(), TaskLoss.MSE, tasks,
                validation, "query MSE in standard units on " + validation.size() + " validation tasks", extra,
                provenance, tags, h::warnings, plot);
    }

    /** Observed and predicted values of each task's query rows in the data's units, by output column. */
    private static Map<String, List<PredictedVsObservedPlot.Points>> points(List<Task> tasks, Scaler scaler,
                                                                           MetaLearner learner, Params meta, int steps) {
        List<String> outputs = scaler.outputColumns();
        Map<String, List<PredictedVsObservedPlot.Points>> out = new LinkedHashMap<>();
        for (String c : outputs) out.put(c, new ArrayList<>());
        for (Task t : tasks) {
            Params adapted = learner.adapt(meta, t.support(), steps, GradOrder.FIRST);
            double[] observed = scaler.inverseOutputs(t.query().y()).toArray();
            double[] predicted = scaler.inverseOutputs(learner.predict(adapted, t.query().x())).toArray();
            int n = t.query().size(), m = outputs.size();
            for (int j = 0; j < m; j++) {
                double[] ob = new double[n], pr = new double[n];
                for (int i = 0; i < n; i++) {
                    ob[i] = observed[i * m + j];
                    pr[i] = predicted[i * m + j];
                }
                out.get(outputs.get(j)).add(new PredictedVsObservedPlot.Points(t.id(), ob, pr));
            }
        }
        return out;
    }

    static TaskSource.Evaluation evaluation(DataOptions o, MetaModel model, List<String> taskIds, int draws) {
        TaskSource.requireKind(model, "history", "--history");
        String taskColumn = TaskSource.stored(model, TASK_COLUMN);
        List<String> inputs = TaskSource.stringList(model, INPUTS), outputs = TaskSource.stringList(model, OUTPUTS);
        sameAsTrained("--task-column", o.taskColumn == null ? null : List.of(o.taskColumn), List.of(taskColumn));
        sameAsTrained("--inputs", o.inputs, inputs);
        sameAsTrained("--outputs", o.outputs, outputs);
        Scaler scaler;
        try {
            scaler = Scaler.fromMap(TaskSource.map(model, SCALER));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the model's stored scaler is invalid: " + e.getMessage(), e);
        }
        CsvTable table = CsvTable.read(o.history);
        HistoryTasks h = HistoryTasks.of(table, taskColumn, inputs, outputs);
        int k = o.k != null ? o.k : TaskSource.storedInt(model, K);
        String storedQuery = TaskSource.stored(model, QUERY);
        int q = o.query != null ? o.query : storedQuery.equals("rest") ? HistoryTasks.ALL_ROWS : Integer.parseInt(storedQuery);

        List<String> notes = new ArrayList<>();
        List<String> ids;
        String which;
        if (taskIds != null && !taskIds.isEmpty()) {
            ids = taskIds;
            which = "tasks given with --tasks";
        } else {
            Set<String> trained = new HashSet<>(TaskSource.stringList(model, TRAIN_TASKS));
            ids = h.taskIds().stream().filter(id -> !trained.contains(id)).toList();
            if (ids.isEmpty()) {
                throw new IllegalArgumentException(o.history + ": every task in it was used for training; name tasks "
                        + "to evaluate with --tasks or give a file of new tasks");
            }
            which = "tasks not used for training";
            if (ids.equals(TaskSource.stringList(model, VALIDATION_TASKS))) {
                which = "held-out validation tasks";
                notes.add("Note: these are the validation tasks of training, which also picked the saved parameters; "
                        + "new tasks (--tasks, or a file of new tasks) give an unbiased figure.");
            }
        }
        String trainedSha = model.provenance().get("data_sha256");
        if (trainedSha != null && !trainedSha.equals(TaskSource.sha256(o.history))) {
            notes.add("Note: " + o.history + " differs from the file the model was trained on.");
        }
        Rng rng = new Rng(TaskSource.EVALUATION_SEED);
        List<Task> tasks = new ArrayList<>();
        for (int d = 0; d < draws; d++) tasks.addAll(h.tasks(ids, k, q, scaler, rng));
        for (String w : h.warnings()) notes.add("Warning: " + w + ".");
        notes.add("Errors are in the data's units: predictions go back through the scaler stored in the model.");
        if (draws > 1) notes.add("Each task counts " + draws + " times (random support sets); the CI is over these draws.");
        String description = String.format(Locale.ROOT, "%d %s of %s, K=%d support rows, %s",
                tasks.size() / draws, which, o.history, k,
                q == HistoryTasks.ALL_ROWS ? "the other rows as query" : q + " query rows");
        Map<String, Metric> metrics = new LinkedHashMap<>();
        metrics.put("mse", Metric.mse(scaler::inverseOutputs));
        return new TaskSource.Evaluation(description, tasks, metrics,
                Map.of("mse", "query MSE (" + String.join(", ", outputs) + ")"), notes);
    }

    private static void sameAsTrained(String option, List<String> given, List<String> trained) {
        if (given != null && !given.equals(trained)) {
            throw new IllegalArgumentException(option + ": the model was trained with " + String.join(",", trained)
                    + ", not " + String.join(",", given) + "; leave it out to use the model's columns");
        }
    }
}
