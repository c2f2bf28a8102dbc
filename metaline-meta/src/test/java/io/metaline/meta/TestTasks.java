package io.metaline.meta;

import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import io.metaline.engine.nn.Activation;
import io.metaline.engine.nn.Mlp;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/** Task families and small networks shared by the algorithm tests. */
final class TestTasks {
    private TestTasks() {}

    /** A small smooth network (tanh hidden units), so finite differences never straddle a kink. */
    static Mlp smoothNet() {
        return new Mlp(Mlp.Config.of(1, 6, 5, 1).withHidden(Activation.TANH));
    }

    /** y = f(x) at {@code n} inputs uniform in [lo, hi). */
    static Examples regression(Rng rng, int n, double lo, double hi, DoubleUnaryOperator f) {
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.uniform(lo, hi);
            y[i] = f.applyAsDouble(x[i]);
        }
        return Examples.regression(Tensor.of(x, n, 1), Tensor.of(y, n, 1));
    }

    /** Sine regression as in MAML: amplitude in [0.1, 5], phase in [0, pi], x in [-5, 5]. */
    static TaskDistribution sine(int support, int query) {
        return rng -> {
            double amp = rng.uniform(0.1, 5), phase = rng.uniform(0, Math.PI);
            DoubleUnaryOperator f = x -> amp * Math.sin(x + phase);
            return new Task("sine", regression(rng, support, -5, 5, f), regression(rng, query, -5, 5, f));
        };
    }

    /** The mean of the tasks' directions (what a trainer feeds its optimiser). */
    static Params meanDirection(MetaLearner learner, Params meta, List<Task> tasks, MetaLearner.TrainingStep step) {
        Params sum = null;
        for (Task t : tasks) {
            Params d = learner.taskUpdate(meta, t, step).direction();
            sum = sum == null ? d : sum.zip(d, Tensor::add);
        }
        double scale = 1.0 / tasks.size();
        return sum.map(t -> t.mul(scale));
    }

    /** Mean query loss after {@code steps} adaptation steps over {@code tasks}. */
    static double meanAdaptedLoss(MetaLearner learner, Params meta, List<Task> tasks, int steps) {
        double s = 0;
        for (Task t : tasks) s += learner.loss(learner.adapt(meta.detach(), t.support(), steps, GradOrder.FIRST), t.query()).item();
        return s / tasks.size();
    }
}
