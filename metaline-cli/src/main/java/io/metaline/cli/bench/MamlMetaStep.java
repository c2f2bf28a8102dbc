package io.metaline.cli.bench;

import io.metaline.engine.Params;
import io.metaline.engine.nn.Module;
import io.metaline.meta.GradOrder;
import io.metaline.meta.Maml;
import io.metaline.meta.MetaLearner.TrainingStep;
import io.metaline.meta.Task;
import io.metaline.meta.TaskLoss;
import io.metaline.meta.TaskRunner;
import java.util.List;

/**
 * The computation that BENCHMARKS.md section 1 times: the library's {@link Maml} meta-gradient of a batch of tasks
 * with one inner SGD step, first or second order, tasks spread over a {@link TaskRunner} and averaged in task
 * order, so the result does not depend on the number of threads.
 */
final class MamlMetaStep {
    private final Maml maml;
    private final TaskRunner runner;

    MamlMetaStep(Module net, double innerLr, TaskRunner runner) {
        this.maml = new Maml(net, TaskLoss.MSE, new Maml.Config(1, innerLr));
        this.runner = runner;
    }

    /** The gradient of the mean query loss after adaptation with respect to {@code theta}. */
    Params metaGradient(Params theta, List<Task> batch, boolean secondOrder) {
        TrainingStep step = new TrainingStep(0, 1, secondOrder ? GradOrder.SECOND : GradOrder.FIRST);
        List<Params> grads = runner.map(batch, task -> maml.taskUpdate(theta, task, step).direction());
        double[] sum = new double[(int) theta.numel()];
        for (Params g : grads) {
            double[] d = g.flatten();
            for (int i = 0; i < sum.length; i++) sum[i] += d[i];
        }
        for (int i = 0; i < sum.length; i++) sum[i] /= grads.size();
        return theta.unflatten(sum);
    }
}
