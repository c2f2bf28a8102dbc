package io.metaline.engine.optim;

import static io.metaline.engine.optim.SgdTest.one;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Params;
import org.junit.jupiter.api.Test;

class AdamTest {
    @Test
    void firstStepMovesEachParameterByAboutLrTimesSignOfG() {
        double lr = 0.01;
        double[] g = {3, -0.001, 1e3, -42};
        Adam adam = Adam.adam(lr);
        Params p = adam.step(one("w", 0, 0, 0, 0), one("w", g));
        for (int i = 0; i < g.length; i++) {
            double exact = -lr * g[i] / (Math.abs(g[i]) + 1e-8); // m_hat = g, sqrt(v_hat) = |g|
            assertEquals(exact, p.get("w").getFlat(i), 1e-15);
            assertEquals(-lr * Math.signum(g[i]), p.get("w").getFlat(i), lr * 1e-5);
        }
        assertEquals(1, adam.stepCount());
    }

    @Test
    void twoStepsMatchHandComputedValues() {
        // lr 0.1, betas (0.9, 0.999), eps 1e-8, p = 1, g = 0.5 then -1 (computed independently in float64).
        Adam adam = Adam.adam(0.1);
        Params p = adam.step(one("w", 1.0), one("w", 0.5));
        assertEquals(0.900000002, p.get("w").item(), 1e-15);
        p = adam.step(p, one("w", -1.0));
        assertEquals(0.9366103542405654, p.get("w").item(), 1e-14);
        OptimizerState s = adam.state();
        assertEquals(0.9 * 0.05 + 0.1 * -1.0, s.slot("m").get("w").item(), 1e-15);
        assertEquals(0.999 * 0.00025 + 0.001, s.slot("v").get("w").item(), 1e-15);
    }

    @Test
    void manyStepsFollowTheFormula() {
        Adam.Config c = new Adam.Config(0.05, 0.8, 0.99, 1e-6, 0.02, false);
        Adam adam = new Adam(c);
        double p = 0.7, m = 0, v = 0;
        Params params = one("w", p);
        double[] gs = {0.4, -0.1, 2.0, 0.0, -0.3};
        for (int t = 1; t <= gs.length; t++) {
            double g = gs[t - 1] + c.weightDecay() * p;
            m = c.beta1() * m + (1 - c.beta1()) * g;
            v = c.beta2() * v + (1 - c.beta2()) * (g * g);
            double denom = Math.sqrt(v) / Math.sqrt(1 - Math.pow(c.beta2(), t)) + c.eps();
            p = p - c.lr() / (1 - Math.pow(c.beta1(), t)) * (m / denom);
            params = adam.step(params, one("w", gs[t - 1]));
            assertEquals(p, params.get("w").item(), 1e-15);
        }
    }

    @Test
    void adamWDecaysTheParametersNotTheGradient() {
        double lr = 0.1, wd = 0.5;
        Params p0 = one("w", 2.0, -3.0, 0.25);
        Params zero = one("w", 0, 0, 0);
        // AdamW with zero gradient: only the decoupled decay acts, p * (1 - lr * wd), exactly.
        Params w = Adam.adamW(lr, wd).step(p0, zero);
        assertArrayEquals(new double[] {2.0 * (1 - lr * wd), -3.0 * (1 - lr * wd), 0.25 * (1 - lr * wd)},
                w.get("w").toArray());
        // Adam's L2 decay enters the gradient (wd * p) and is normalised: the first step is about lr * sign(p).
        Params l2 = new Adam(new Adam.Config(lr, 0.9, 0.999, 1e-8, wd, false)).step(p0, zero);
        assertArrayEquals(new double[] {2.0 - lr, -3.0 + lr, 0.25 - lr}, l2.get("w").toArray(), 1e-8);
        // AdamW with a gradient: decay, then the usual Adam step.
        Params g = one("w", 1.0, 1.0, -1.0);
        Params both = Adam.adamW(lr, wd).step(p0, g);
        for (int i = 0; i < 3; i++) {
            double expect = p0.get("w").getFlat(i) * (1 - lr * wd) - lr * g.get("w").getFlat(i) / (1 + 1e-8);
            assertEquals(expect, both.get("w").getFlat(i), 1e-15);
        }
    }

    @Test
    void factoriesUsePyTorchDefaults() {
        assertEquals(new Adam.Config(0.001, 0.9, 0.999, 1e-8, 0, false), Adam.adam(0.001).config());
        assertEquals(new Adam.Config(0.001, 0.9, 0.999, 1e-8, 0.01, true), Adam.adamW(0.001, 0.01).config());
    }

    @Test
    void configIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> new Adam.Config(0, 0.9, 0.999, 1e-8, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Adam.Config(0.1, 1, 0.999, 1e-8, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Adam.Config(0.1, 0.9, -0.1, 1e-8, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Adam.Config(0.1, 0.9, 0.999, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Adam.Config(0.1, 0.9, 0.999, 1e-8, -1, true));
        assertThrows(IllegalArgumentException.class, () -> new Adam.Config(0.1, 0.9, Double.NaN, 1e-8, 0, true));
        Adam.Config c = new Adam.Config(0.003, 0.85, 0.995, 1e-7, 0.1, true);
        assertEquals(c, Adam.Config.fromMap(c.toMap()));
    }

    @Test
    void mismatchedGradientsAreRejected() {
        Adam adam = Adam.adam(0.1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adam.step(one("layer0.weight", 1), one("layer0.bias", 1)));
        assertTrue(e.getMessage().contains("layer0.weight") && e.getMessage().contains("layer0.bias"), e.getMessage());
    }
}
