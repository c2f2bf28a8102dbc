package io.metaline.engine.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LrScheduleTest {
    @Test
    void constant() {
        LrSchedule s = LrSchedule.constant();
        assertEquals(1.0, s.factor(0));
        assertEquals(1.0, s.factor(1_000_000));
        assertEquals(0.3, s.lr(0.3, 17));
        assertEquals("constant", s.describe());
    }

    @Test
    void stepDecay() {
        LrSchedule s = LrSchedule.stepDecay(10, 0.5);
        assertEquals(1.0, s.factor(0));
        assertEquals(1.0, s.factor(9));
        assertEquals(0.5, s.factor(10));
        assertEquals(0.5, s.factor(19));
        assertEquals(0.25, s.factor(25));
        assertEquals(0.125 * 0.2, s.lr(0.2, 30), 1e-17);
    }

    @Test
    void cosineAnnealsToTheMinimumAndStays() {
        LrSchedule s = LrSchedule.cosine(100, 0.1);
        assertEquals(1.0, s.factor(0), 1e-15);
        assertEquals(0.55, s.factor(50), 1e-15);
        assertEquals(0.1 + 0.9 * (1 + Math.cos(Math.PI * 0.25)) / 2, s.factor(25), 1e-15);
        assertEquals(0.1, s.factor(100), 1e-15);
        assertEquals(0.1, s.factor(150));
        for (int t = 1; t <= 100; t++) assertEquals(true, s.factor(t) <= s.factor(t - 1));
    }

    @Test
    void linearWarmupThenTheSchedule() {
        LrSchedule s = LrSchedule.cosine(10, 0.0).withWarmup(4);
        assertEquals(0.2, s.factor(0), 1e-15);
        assertEquals(0.4, s.factor(1), 1e-15);
        assertEquals(0.8, s.factor(3), 1e-15);
        assertEquals(1.0, s.factor(4), 1e-15); // cosine step 0
        assertEquals(0.5, s.factor(9), 1e-15); // cosine step 5 of 10
        assertEquals(0.0, s.factor(14), 1e-15);
        assertEquals("warmup(4, then cosine(steps=10, minFactor=0.0))", s.describe());
        LrSchedule c = LrSchedule.constant();
        assertSame(c, c.withWarmup(0));
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.stepDecay(0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.stepDecay(5, 0));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.stepDecay(5, 1.5));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.cosine(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.cosine(10, -0.1));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.constant().withWarmup(-1));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.constant().factor(-1));
    }

    @Test
    void optimisersRejectBadScheduledRates() {
        Sgd sgd = new Sgd(Sgd.Config.of(0.1), step -> Double.NaN);
        assertThrows(IllegalStateException.class, () -> sgd.step(SgdTest.one("w", 1), SgdTest.one("w", 1)));
    }
}
