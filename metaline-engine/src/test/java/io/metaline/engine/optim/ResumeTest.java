package io.metaline.engine.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Params;
import io.metaline.engine.io.OptimizerStates;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Saving an optimiser mid-run and continuing from the file gives bit-identical parameters. */
class ResumeTest {
    static final int BEFORE = 7, AFTER = 8;

    @TempDir
    Path dir;

    static Stream<Arguments> optimisers() {
        LrSchedule warmCosine = LrSchedule.cosine(10, 0.1).withWarmup(3);
        LrSchedule decay = LrSchedule.stepDecay(4, 0.5);
        return Stream.of(
                Arguments.of("SGD+wd", warmCosine, (Supplier<Optimizer>) () -> new Sgd(new Sgd.Config(0.1, 0, false, 1e-3), warmCosine)),
                Arguments.of("SGD+momentum", decay, (Supplier<Optimizer>) () -> new Sgd(new Sgd.Config(0.05, 0.9, false, 0), decay)),
                Arguments.of("SGD+nesterov", warmCosine, (Supplier<Optimizer>) () -> new Sgd(new Sgd.Config(0.05, 0.9, true, 1e-4), warmCosine)),
                Arguments.of("Adam+L2", decay, (Supplier<Optimizer>) () -> new Adam(new Adam.Config(0.01, 0.9, 0.999, 1e-8, 1e-3, false), decay)),
                Arguments.of("AdamW", warmCosine, (Supplier<Optimizer>) () -> new Adam(Adam.Config.adamW(0.01, 0.05), warmCosine)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimisers")
    void resumingFromACheckpointFileIsBitIdentical(String name, LrSchedule schedule, Supplier<Optimizer> make)
            throws IOException {
        Params p0 = TinyNet.init(3);
        Params uninterrupted = TinyNet.train(make.get(), p0, BEFORE + AFTER);

        Optimizer first = make.get();
        Params mid = TinyNet.train(first, p0, BEFORE);
        Path file = dir.resolve(name + ".mlta");
        OptimizerStates.saveCheckpoint(file, mid, first.state(), Map.of("run", name));
        first.step(mid, TinyNet.grads(mid)); // the saved state must not see later steps

        OptimizerStates.Checkpoint cp = OptimizerStates.loadCheckpoint(file);
        assertEquals(Map.of("run", name), cp.metadata());
        assertEquals(BEFORE, cp.optimizer().step());
        Optimizer restored = Optimizer.restore(cp.optimizer(), schedule);
        assertEquals(BEFORE, restored.stepCount());
        assertBitIdentical(uninterrupted, TinyNet.train(restored, cp.params(), AFTER));

        // load() into a fresh, identically configured instance works the same way.
        Optimizer fresh = make.get();
        fresh.load(OptimizerStates.load(save(cp)));
        assertBitIdentical(uninterrupted, TinyNet.train(fresh, cp.params(), AFTER));
    }

    private Path save(OptimizerStates.Checkpoint cp) throws IOException {
        Path f = dir.resolve("state-only.mlta");
        OptimizerStates.save(f, cp.optimizer());
        return f;
    }

    static void assertBitIdentical(Params expected, Params actual) {
        assertEquals(expected.names(), actual.names());
        for (int i = 0; i < expected.size(); i++) {
            double[] e = expected.tensor(i).toArray(), a = actual.tensor(i).toArray();
            assertEquals(e.length, a.length);
            for (int j = 0; j < e.length; j++) {
                assertEquals(Double.doubleToRawLongBits(e[j]), Double.doubleToRawLongBits(a[j]),
                        expected.name(i) + "[" + j + "]: " + e[j] + " vs " + a[j]);
            }
        }
    }

    @Test
    void stateIsASnapshot() {
        Adam adam = Adam.adam(0.1);
        Params p = adam.step(SgdTest.one("w", 1), SgdTest.one("w", 1));
        OptimizerState s = adam.state();
        double m = s.slot("m").get("w").item();
        adam.step(p, SgdTest.one("w", 5));
        assertEquals(m, s.slot("m").get("w").item());
        assertEquals(1, s.step());
        assertEquals("adam", s.kind());
        assertEquals("0.1", s.config().get("lr"));
        assertEquals("constant", s.config().get("schedule"));
    }

    @Test
    void incompatibleStatesAreRejected() {
        Adam adam = Adam.adam(0.1);
        adam.step(SgdTest.one("w", 1), SgdTest.one("w", 1));
        OptimizerState adamState = adam.state();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sgd.sgd(0.1).load(adamState));
        assertTrue(e.getMessage().contains("adam"), e.getMessage());
        OptimizerState noMoments = new OptimizerState("adam", 3, Map.of(), Map.of());
        assertThrows(IllegalArgumentException.class, () -> Adam.adam(0.1).load(noMoments));

        Sgd mom = Sgd.momentum(0.1, 0.9);
        mom.step(SgdTest.one("w", 1), SgdTest.one("w", 1));
        assertThrows(IllegalArgumentException.class, () -> Sgd.sgd(0.1).load(mom.state()));
        // A loaded state fixes the parameter layout.
        Adam other = Adam.adam(0.1);
        other.load(adamState);
        assertThrows(IllegalArgumentException.class, () -> other.step(SgdTest.one("v", 1), SgdTest.one("v", 1)));
        assertThrows(IllegalArgumentException.class,
                () -> Optimizer.restore(new OptimizerState("lbfgs", 0, Map.of(), Map.of()), LrSchedule.constant()));
    }

    @Test
    void momentumStartsFromTheNextGradientAfterLoadingAPlainState() {
        Sgd mom = Sgd.momentum(0.1, 0.9);
        mom.load(new OptimizerState("sgd", 5, Map.of(), Map.of()));
        Params p = mom.step(SgdTest.one("w", 1), SgdTest.one("w", 2));
        assertEquals(1 - 0.1 * 2, p.get("w").item(), 0.0);
        assertEquals(6, mom.stepCount());
    }
}
