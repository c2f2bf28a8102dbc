package io.metaline.cli;

import io.metaline.cli.plot.SineAdaptationPlot;
import io.metaline.engine.Rng;
import io.metaline.meta.Evaluator.Metric;
import io.metaline.meta.MetaModel;
import io.metaline.meta.Task;
import io.metaline.meta.TaskLoss;
import io.metaline.meta.tasks.SineTasks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/** {@code --family sine}: the sine-regression benchmark of the MAML paper. */
final class SineSource {
    private SineSource() {}

    static final String NAME = "sine";
    /** Query points of validation and evaluation tasks (the benchmark protocol's 100). */
    static final int EVAL_QUERY = 100;
    static final int DEFAULT_K = 10, DEFAULT_QUERY = 10;

    /** A task with its true curve, for pictures. */
    private record Curve(Task task, DoubleUnaryOperator truth) {}

    private static List<Curve> curves(Rng rng, int n, int k, int q, String prefix) {
        List<Curve> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double amplitude = rng.uniform(SineTasks.MIN_AMPLITUDE, SineTasks.MAX_AMPLITUDE);
            double phase = rng.uniform(0.0, SineTasks.MAX_PHASE);
            Task t = new Task(prefix + " " + i, SineTasks.points(rng, amplitude, phase, k),
                    SineTasks.points(rng, amplitude, phase, q));
            out.add(new Curve(t, x -> amplitude * Math.sin(x - phase)));
        }
        return out;
    }

    private static void requireSine(String family) {
        if (!NAME.equals(family)) {
            throw new IllegalArgumentException("--family: unknown task family '" + family + "'; known: " + NAME);
        }
    }

    static TaskSource.Training training(DataOptions o) {
        requireSine(o.family);
        int k = o.k != null ? o.k : DEFAULT_K, q = o.query != null ? o.query : DEFAULT_QUERY;
        List<Curve> val = curves(new Rng(TaskSource.VALIDATION_SEED).split(k), TaskSource.VALIDATION_TASKS, k, EVAL_QUERY, "validation");
        List<Task> validation = val.stream().map(Curve::task).toList();
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put(TaskSource.KIND, "family");
        extra.put("family.name", NAME);
        extra.put("family.k", Integer.toString(k));
        extra.put("family.query", Integer.toString(q));
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("--family", NAME);
        tags.put("--k", Integer.toString(k));
        tags.put("--query", Integer.toString(q));
        TaskSource.AdaptationPlot plot = (file, label, learner, meta) -> SineAdaptationPlot.write(file,
                validation.subList(0, 4), val.subList(0, 4).stream().map(Curve::truth).toList(),
                Map.of(label, Map.entry(learner, meta)), Math.max(1, learner.innerSteps()));
        return new TaskSource.Training(
                String.format(Locale.ROOT, "sine tasks, K=%d support and %d query points per training task", k, q),
                1, 1, TaskLoss.MSE, new SineTasks(k, q), validation,
                String.format(Locale.ROOT, "query MSE on %d validation tasks of %d points (fixed seed)",
                        validation.size(), EVAL_QUERY),
                extra, Map.of("data", "family:" + NAME), tags, List::of, plot);
    }

    static TaskSource.Evaluation evaluation(DataOptions o, MetaModel model, int count) {
        requireSine(o.family);
        TaskSource.requireKind(model, "family", "--family");
        int k = o.k != null ? o.k : model.extra().containsKey("family.k") ? TaskSource.storedInt(model, "family.k") : DEFAULT_K;
        int q = o.query != null ? o.query : EVAL_QUERY;
        List<Task> tasks = curves(new Rng(TaskSource.EVALUATION_SEED).split(k), count, k, q, "sine").stream()
                .map(Curve::task).toList();
        return new TaskSource.Evaluation(
                String.format(Locale.ROOT, "%d new sine tasks, K=%d support points and %d query points each", count, k, q),
                tasks, Map.of("mse", Metric.LOSS), Map.of("mse", "query MSE"), List.of());
    }
}
