package io.metaline.meta;

import io.metaline.engine.Params;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Adapts to held-out tasks and measures the query loss after a given number of inner steps. */
public final class Evaluator {
    private Evaluator() {}

    /**
     * Query loss after each of {@code stepCounts} adaptation steps, over {@code tasks}; a task whose loss is not
     * finite counts as diverged (see {@link Stat}).
     */
    public static Map<Integer, Stat> queryLoss(MetaLearner learner, Params meta, List<Task> tasks, int[] stepCounts,
                                               TaskRunner runner) {
        Params plain = meta.detach();
        List<double[]> perTask = runner.map(tasks, task -> {
            double[] losses = new double[stepCounts.length];
            for (int i = 0; i < stepCounts.length; i++) {
                Params adapted = learner.adapt(plain, task.support(), stepCounts[i], GradOrder.FIRST);
                losses[i] = learner.loss(adapted, task.query()).item();
            }
            return losses;
        });
        Map<Integer, Stat> out = new LinkedHashMap<>();
        for (int i = 0; i < stepCounts.length; i++) {
            double[] v = new double[tasks.size()];
            for (int t = 0; t < v.length; t++) v[t] = perTask.get(t)[i];
            out.put(stepCounts[i], Stat.of(v));
        }
        return out;
    }
}
