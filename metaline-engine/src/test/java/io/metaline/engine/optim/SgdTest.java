package io.metaline.engine.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Params;
import io.metaline.engine.Tensor;
import org.junit.jupiter.api.Test;

class SgdTest {
    static Params one(String name, double... v) {
        return Params.builder().put(name, Tensor.vector(v)).build();
    }

    static Params two(double[] a, double[] b) {
        return Params.builder().put("w", Tensor.vector(a)).put("b", Tensor.of(b, b.length, 1)).build();
    }

    @Test
    void plainStepIsPMinusLrG() {
        Params p = two(new double[] {1, -2}, new double[] {3});
        Params g = two(new double[] {0.5, 0.25}, new double[] {-4});
        Sgd sgd = Sgd.sgd(0.1);
        assertEquals(0.1, sgd.learningRate());
        Params q = sgd.step(p, g);
        assertEquals(p.names(), q.names());
        assertArrayEquals(new double[] {1 - 0.1 * 0.5, -2 - 0.1 * 0.25}, q.get("w").toArray());
        assertArrayEquals(new int[] {1, 1}, q.get("b").shape());
        assertArrayEquals(new double[] {3 + 0.4}, q.get("b").toArray());
        // Inputs untouched, results are constants when the inputs were.
        assertArrayEquals(new double[] {1, -2}, p.get("w").toArray());
        assertArrayEquals(new double[] {0.5, 0.25}, g.get("w").toArray());
        assertFalse(q.get("w").requiresGrad());
        assertEquals(1, sgd.stepCount());
        assertTrue(sgd.state().slots().isEmpty());
    }

    @Test
    void gradientLeavesStayGradientLeaves() {
        Params p = one("w", 1, 2).withGrad();
        Params q = Sgd.sgd(0.1).step(p, one("w", 1, 1));
        assertTrue(q.get("w").requiresGrad());
        assertTrue(q.get("w").isLeaf());
    }

    @Test
    void weightDecayIsAddedToTheGradient() {
        Sgd sgd = new Sgd(new Sgd.Config(0.1, 0, false, 0.01));
        Params q = sgd.step(one("w", 2, -3), one("w", 0.5, 0));
        assertArrayEquals(new double[] {2 - 0.1 * (0.5 + 0.01 * 2), -3 - 0.1 * (0 + 0.01 * -3)}, q.get("w").toArray());
    }

    @Test
    void momentumMatchesPyTorch() {
        // torch.optim.SGD([p], lr=0.1, momentum=0.9): buf = g on the first step, then 0.9 * buf + g; p -= lr * buf.
        Sgd sgd = Sgd.momentum(0.1, 0.9);
        Params p = sgd.step(one("w", 1.0), one("w", 0.5));
        assertEquals(0.95, p.get("w").item(), 1e-15);
        p = sgd.step(p, one("w", -1.0));
        assertEquals(1.005, p.get("w").item(), 1e-15);
        assertEquals(0.9 * 0.5 - 1.0, sgd.state().slot("momentum").get("w").item(), 1e-15);
    }

    @Test
    void nesterovMatchesPyTorch() {
        // nesterov=True: the step uses g + momentum * buf.
        Sgd sgd = new Sgd(new Sgd.Config(0.1, 0.9, true, 0));
        Params p = sgd.step(one("w", 1.0), one("w", 0.5));
        assertEquals(0.905, p.get("w").item(), 1e-15);
        p = sgd.step(p, one("w", -1.0));
        assertEquals(1.0545, p.get("w").item(), 1e-15);
    }

    @Test
    void momentumWithWeightDecayFollowsTheFormula() {
        double lr = 0.05, mu = 0.8, wd = 0.1;
        Sgd sgd = new Sgd(new Sgd.Config(lr, mu, false, wd));
        double p = 1.5, buf = 0;
        Params params = one("w", p);
        double[] gs = {0.3, -0.7, 0.2};
        for (int t = 0; t < gs.length; t++) {
            double d = gs[t] + wd * p;
            buf = t == 0 ? d : mu * buf + d;
            p = p - lr * buf;
            params = sgd.step(params, one("w", gs[t]));
            assertEquals(p, params.get("w").item(), 0.0);
        }
    }

    @Test
    void scheduleScalesTheRate() {
        Sgd sgd = new Sgd(Sgd.Config.of(0.1), LrSchedule.stepDecay(1, 0.5));
        Params p = sgd.step(one("w", 0), one("w", 1));
        assertEquals(-0.1, p.get("w").item(), 1e-15);
        assertEquals(0.05, sgd.learningRate(), 1e-15);
        p = sgd.step(p, one("w", 1));
        assertEquals(-0.15, p.get("w").item(), 1e-15);
    }

    @Test
    void mismatchedGradientsAreRejectedNamingTheKeys() {
        Sgd sgd = Sgd.sgd(0.1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sgd.step(one("w", 1), one("v", 1)));
        assertTrue(e.getMessage().contains("'w'") || e.getMessage().contains("[w]"), e.getMessage());
        assertTrue(e.getMessage().contains("v"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> sgd.step(one("w", 1), one("w", 1, 2)));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("[2]"), e.getMessage());
        assertEquals(0, sgd.stepCount());
    }

    @Test
    void parametersMustKeepTheirLayoutBetweenSteps() {
        Sgd sgd = Sgd.momentum(0.1, 0.9);
        sgd.step(one("w", 1), one("w", 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sgd.step(one("u", 1), one("u", 1)));
        assertTrue(e.getMessage().contains("missing: [w]") && e.getMessage().contains("unexpected: [u]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> sgd.step(one("w", 1, 2), one("w", 1, 2)));
        assertTrue(e.getMessage().contains("'w'"), e.getMessage());
    }

    @Test
    void configIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> new Sgd.Config(0, 0, false, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd.Config(-1, 0, false, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd.Config(Double.NaN, 0, false, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd.Config(Double.POSITIVE_INFINITY, 0, false, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd.Config(0.1, 1, false, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd.Config(0.1, -0.1, false, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd.Config(0.1, 0, true, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd.Config(0.1, 0, false, -1e-3));
        Sgd.Config c = new Sgd.Config(0.1, 0.9, true, 1e-4);
        assertEquals(c, Sgd.Config.fromMap(c.toMap()));
    }
}
