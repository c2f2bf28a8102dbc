package io.metaline.meta;

import io.metaline.engine.Params;
import io.metaline.engine.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Adapts to held-out tasks and measures the query loss (or other {@link Metric}s) after a given number of inner steps. */
public final class Evaluator {
    private Evaluator() {}

    /**
     * A number measured on a task's query set with adapted parameters, e.g. the loss or the accuracy. Must be safe
     * to call from several threads at once.
     */
    @FunctionalInterface
    public interface Metric {
        double of(MetaLearner learner, Params adapted, Examples query);

        /** The learner's task loss. */
        Metric LOSS = (learner, adapted, query) -> learner.loss(adapted, query).item();

        /** Fraction of query examples whose largest output (logit) is at their label; classification only. */
        Metric ACCURACY = (learner, adapted, query) -> {
            if (!query.isClassification()) throw new IllegalArgumentException("accuracy needs class labels, got regression targets");
            Tensor out = learner.predict(adapted, query.x());
            int n = out.dim(0), c = out.dim(1);
            double[] v = out.toArray();
            int[] labels = query.labels();
            int correct = 0;
            for (int i = 0; i < n; i++) {
                int best = 0;
                for (int j = 1; j < c; j++) if (v[i * c + j] > v[i * c + best]) best = j;
                if (best == labels[i]) correct++;
            }
            return n == 0 ? Double.NaN : (double) correct / n;
        };

        /**
         * Mean squared error of regression outputs after both predictions and targets go through {@code toUnits}
         * (e.g. a scaler's {@code inverseOutputs}, to measure in the data's units rather than standard units).
         */
        static Metric mse(UnaryOperator<Tensor> toUnits) {
            return (learner, adapted, query) -> {
                if (query.isClassification()) throw new IllegalArgumentException("MSE needs regression targets, got class labels");
                Tensor d = toUnits.apply(learner.predict(adapted, query.x())).sub(toUnits.apply(query.y()));
                return d.square().mean().item();
            };
        }
    }

    /**
     * Query loss after each of {@code stepCounts} adaptation steps, over {@code tasks}; a task whose loss is not
     * finite counts as diverged (see {@link Stat}).
     */
    public static Map<Integer, Stat> queryLoss(MetaLearner learner, Params meta, List<Task> tasks, int[] stepCounts,
                                               TaskRunner runner) {
        return query(learner, meta, tasks, stepCounts, runner, Map.of("loss", Metric.LOSS)).get("loss");
    }

    /**
     * Each metric after each of {@code stepCounts} adaptation steps, over {@code tasks}, adapting once per task and
     * step count for all metrics: {@code result.get(metricName).get(steps)}. Non-finite values count as diverged
     * (see {@link Stat}).
     */
    public static Map<String, Map<Integer, Stat>> query(MetaLearner learner, Params meta, List<Task> tasks,
                                                        int[] stepCounts, TaskRunner runner, Map<String, Metric> metrics) {
        Params plain = meta.detach();
        List<String> names = List.copyOf(metrics.keySet());
        List<double[][]> perTask = runner.map(tasks, task -> {
            double[][] values = new double[names.size()][stepCounts.length];
            for (int i = 0; i < stepCounts.length; i++) {
                Params adapted = learner.adapt(plain, task.support(), stepCounts[i], GradOrder.FIRST);
                for (int m = 0; m < names.size(); m++) values[m][i] = metrics.get(names.get(m)).of(learner, adapted, task.query());
            }
            return values;
        });
        Map<String, Map<Integer, Stat>> out = new LinkedHashMap<>();
        for (int m = 0; m < names.size(); m++) {
            Map<Integer, Stat> byStep = new LinkedHashMap<>();
            for (int i = 0; i < stepCounts.length; i++) {
                double[] v = new double[tasks.size()];
                for (int t = 0; t < v.length; t++) v[t] = perTask.get(t)[m][i];
                byStep.put(stepCounts[i], Stat.of(v));
            }
            out.put(names.get(m), byStep);
        }
        return out;
    }
}
