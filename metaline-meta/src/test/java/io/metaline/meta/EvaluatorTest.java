package io.metaline.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import io.metaline.engine.nn.Mlp;
import io.metaline.meta.Evaluator.Metric;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    @Test
    void accuracyCountsQueryExamplesWhoseLargestLogitIsTheirLabel() {
        // a 1-1 linear "network" with weight 1, bias 0, seen through two logits [x, -x]
        Mlp net = Mlp.of(1, 2);
        Params p = Params.builder().put("layer0.weight", Tensor.of(new double[] {1, -1}, 2, 1))
                .put("layer0.bias", Tensor.zeros(2)).build();
        Maml learner = new Maml(net, TaskLoss.CROSS_ENTROPY, new Maml.Config(1, 0.01));
        Examples query = Examples.classification(Tensor.of(new double[] {1, 2, -1, 3}, 4, 1), 0, 0, 1, 1);
        assertEquals(0.75, Metric.ACCURACY.of(learner, p, query), 0.0);
    }

    @Test
    void mseThroughATransformIsInTheTransformedUnits() {
        Mlp net = Mlp.of(1, 1);
        Params p = Params.builder().put("layer0.weight", Tensor.of(new double[] {1}, 1, 1)).put("layer0.bias", Tensor.zeros(1)).build();
        Maml learner = new Maml(net, TaskLoss.MSE, new Maml.Config(1, 0.01));
        Examples query = Examples.regression(Tensor.of(new double[] {1, 2}, 2, 1), Tensor.of(new double[] {2, 2}, 2, 1));
        assertEquals(0.5, Metric.LOSS.of(learner, p, query), 1e-15);
        assertEquals(0.5 * 9, Metric.mse(t -> t.mul(3.0)).of(learner, p, query), 1e-12);
    }

    @Test
    void severalMetricsAgreeWithQueryLoss() {
        Maml learner = new Maml(Mlp.of(1, 8, 1), TaskLoss.MSE, new Maml.Config(1, 0.01));
        Params meta = learner.init(new Rng(1));
        List<Task> tasks = new io.metaline.meta.tasks.SineTasks(5, 20).sample(new Rng(2), 6);
        int[] steps = {0, 2};
        Map<String, Metric> metrics = new LinkedHashMap<>();
        metrics.put("loss", Metric.LOSS);
        metrics.put("mse", Metric.mse(t -> t));
        try (TaskRunner runner = new TaskRunner(2)) {
            Map<String, Map<Integer, Stat>> all = Evaluator.query(learner, meta, tasks, steps, runner, metrics);
            assertEquals(List.of("loss", "mse"), List.copyOf(all.keySet()));
            Map<Integer, Stat> loss = Evaluator.queryLoss(learner, meta, tasks, steps, runner);
            for (int s : steps) {
                assertEquals(loss.get(s), all.get("loss").get(s));
                assertEquals(loss.get(s).mean(), all.get("mse").get(s).mean(), 1e-12);
            }
        }
    }
}
