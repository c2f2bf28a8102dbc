package io.metaline.sim;

import io.metaline.engine.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetaBoFunctionsTest {

    @Test
    void braninHasItsThreeKnownMinima() {
        Branin b = new Branin();
        assertEquals(0.397887, b.raw(new double[] {-Math.PI, 12.275}), 1e-6);
        assertEquals(0.397887, b.raw(new double[] {Math.PI, 2.275}), 1e-6);
        assertEquals(0.397887, b.raw(new double[] {9.42478, 2.475}), 1e-6);
        assertEquals((54.44 - 0.397887) / 51.44, b.unitValue(b.unitOptimum()), 1e-6);
    }

    @Test
    void goldsteinPriceHasItsKnownMinimum() {
        GoldsteinPrice g = new GoldsteinPrice();
        assertEquals(3.0, g.raw(new double[] {0, -1}), 1e-12);
        assertEquals((8.693 - Math.log(3)) / 2.427, g.unitValue(g.unitOptimum()), 1e-12);
        assertArrayEquals(new double[] {0.5, 0.25}, g.unitOptimum(), 1e-12);
    }

    @Test
    void hartmann3HasItsKnownMinimum() {
        Hartmann3 h = new Hartmann3();
        assertEquals(-3.86278, h.raw(new double[] {0.114614, 0.555649, 0.852547}), 1e-5);
        assertEquals((3.86278 - 0.93) / 0.95, h.unitValue(h.unitOptimum()), 1e-5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"branin", "goldstein_price", "hartmann3"})
    void noGridPointBeatsTheKnownMinimum(String name) {
        MetaBoFamily f = (MetaBoFamily) Families.byName(name);
        double best = f.raw(f.toNative(f.unitOptimum()));
        int n = f.dimension() == 2 ? 301 : 41;
        double[] u = new double[f.dimension()];
        int total = (int) Math.pow(n, f.dimension());
        for (int k = 0; k < total; k++) {
            int r = k;
            for (int i = 0; i < u.length; i++) {
                u[i] = (r % n) / (n - 1.0);
                r /= n;
            }
            assertTrue(f.raw(f.toNative(u)) >= best - 1e-9, name + " grid point below the known minimum");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"branin", "goldstein_price", "hartmann3"})
    void taskOptimumIsTheTranslatedOptimumInsideTheDomainAndMovesWithT(String name) {
        MetaBoFamily f = (MetaBoFamily) Families.byName(name);
        int d = f.dimension();
        double[] t1 = new double[d];
        double[] t2 = new double[d];
        for (int i = 0; i < d; i++) {
            t1[i] = 0.1;
            t2[i] = -0.1;
        }
        ProcessTask a = f.task("a", t1, 1.1);
        ProcessTask b = f.task("b", t2, 0.9);
        double[] ua = TestSupport.unit(f, a.optimum().settings());
        double[] ub = TestSupport.unit(f, b.optimum().settings());
        double[] ustar = f.unitOptimum();
        for (int i = 0; i < d; i++) {
            assertEquals(ustar[i] + 0.1, ua[i], 1e-12);
            assertEquals(ustar[i] - 0.1, ub[i], 1e-12);
            assertTrue(ua[i] >= 0 && ua[i] <= 1 && ub[i] >= 0 && ub[i] <= 1, "optimum outside the domain");
        }
        assertEquals(1.1 * f.unitValue(ustar), a.optimum().value(), 1e-12);
        assertEquals(0.9 * f.unitValue(ustar), b.optimum().value(), 1e-12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"branin", "goldstein_price", "hartmann3"})
    void sampledTaskOptimaAreInsideAndUnbeatenBy20000RandomPoints(String name) {
        MetaBoFamily f = (MetaBoFamily) Families.byName(name);
        Rng rng = new Rng(11);
        for (int k = 0; k < 5; k++) {
            ProcessTask task = f.sampleTask(rng.split(k));
            Optimum opt = task.optimum();
            for (Parameter p : f.parameters()) {
                double v = opt.settings().get(p.name());
                assertTrue(v >= p.lower() && v <= p.upper(), p.name() + " = " + v + " outside the domain");
            }
            assertEquals(opt.value(), task.expected(opt.settings()).get("value"), 1e-12);
            Rng r = new Rng(k);
            for (int s = 0; s < 20_000; s++) {
                double v = task.expected(TestSupport.randomSettings(f, r)).get("value");
                assertTrue(v <= opt.value() + 1e-9, "a random point beats the optimum of " + task);
            }
        }
    }

    @Test
    void translationIsClippedToTheFamilyRange() {
        Branin b = new Branin();
        MetaBoTask task = (MetaBoTask) b.task("clip", new double[] {5, -5}, 1.0);
        assertArrayEquals(new double[] {0.87, -0.81}, task.translation(), 0);
        ProcessTask sampled = b.sampleTask(new Rng(3));
        assertEquals(sampled.run(b.defaultSettings(), new Rng(1)), sampled.expected(b.defaultSettings()));
        assertEquals(Map.of(), sampled.context());
    }

    @Test
    void rawOutcomeIsTheUntransformedFunctionAtTheTranslatedPoint() {
        Hartmann3 h = new Hartmann3();
        ProcessTask task = h.task("h", new double[] {0.05, -0.02, 0.03}, 1.0);
        Map<String, Double> x = Map.of("x1", 0.3, "x2", 0.4, "x3", 0.5);
        assertEquals(h.raw(new double[] {0.25, 0.42, 0.47}), task.expected(x).get("raw"), 1e-12);
    }
}
