package io.metaline.engine.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Autograd;
import io.metaline.engine.Losses;
import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * End to end: an {@code Mlp.of(1, 40, 40, 1)} (ReLU, PyTorch default init) fits sin(x) on 100 evenly spaced points
 * of [-3, 3] by plain full-batch gradient descent, written out with {@link Autograd#grad} and {@link Params#sgdStep}.
 */
class MlpSineTest {
    static final int POINTS = 100, STEPS = 2000;
    static final double LR = 0.05;

    static double[] train(long seed) {
        double[] xs = new double[POINTS], ys = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            xs[i] = -3.0 + 6.0 * i / (POINTS - 1);
            ys[i] = Math.sin(xs[i]);
        }
        Tensor x = Tensor.of(xs, POINTS, 1), y = Tensor.of(ys, POINTS, 1);
        Mlp mlp = Mlp.of(1, 40, 40, 1);
        Params params = mlp.init(new Rng(seed));
        double first = Double.NaN, loss = Double.NaN;
        for (int step = 0; step <= STEPS; step++) {
            Params leaves = params.withGrad();
            Tensor l = Losses.mse(mlp.forward(leaves, x), y);
            loss = l.item();
            if (step == 0) first = loss;
            if (step == STEPS) break;
            List<Tensor> g = Autograd.grad(l, leaves.tensors(), false);
            Params.Builder gb = Params.builder();
            for (int i = 0; i < g.size(); i++) gb.put(leaves.name(i), g.get(i));
            params = params.detach().sgdStep(gb.build(), LR);
        }
        return new double[] {first, loss};
    }

    /**
     * Measured final MSE (learning rate 0.05, 2000 steps): 0.00136 for seed 0; over seeds 0-9 from 0.00008 to
     * 0.00138, the start loss from 0.35 to 0.75 (reductions of 260x to 7900x). The bound leaves 3.5x margin over
     * the worst of those seeds.
     */
    static final double MSE_BOUND = 0.005;

    @Test
    void learnsSine() {
        double[] r = train(0);
        assertTrue(r[1] < MSE_BOUND, "final MSE " + r[1] + " is not below " + MSE_BOUND);
        assertTrue(r[1] <= r[0] / 10, "loss fell only from " + r[0] + " to " + r[1]);
    }
}
