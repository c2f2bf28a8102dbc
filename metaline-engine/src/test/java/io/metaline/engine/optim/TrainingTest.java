package io.metaline.engine.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Params;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each optimiser fits y = sin(x) on [-2, 2] with a 1-16-1 tanh network (seed 2, initial loss 1.06, 500 full-batch
 * steps). Measured final losses: SGD 9.5e-4, SGD+momentum 8.0e-4, Adam 7.1e-4, AdamW 7.5e-4; the bounds leave
 * about 2x margin.
 */
class TrainingTest {
    static final long SEED = 2;
    static final int STEPS = 500;

    static Stream<Arguments> optimisers() {
        return Stream.of(
                Arguments.of("SGD", (Supplier<Optimizer>) () -> Sgd.sgd(0.1), 2e-3),
                Arguments.of("SGD+momentum", (Supplier<Optimizer>) () -> Sgd.momentum(0.05, 0.9), 2e-3),
                Arguments.of("Adam", (Supplier<Optimizer>) () -> Adam.adam(0.01), 1.5e-3),
                Arguments.of("AdamW", (Supplier<Optimizer>) () -> Adam.adamW(0.01, 0.01), 1.5e-3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimisers")
    void learnsSine(String name, Supplier<Optimizer> make, double bound) {
        Params p0 = TinyNet.init(SEED);
        double initial = TinyNet.lossValue(p0);
        Params p = TinyNet.train(make.get(), p0, STEPS);
        double fin = TinyNet.lossValue(p);
        assertTrue(fin < bound, name + ": final loss " + fin + " not below " + bound);
        assertTrue(fin * 10 < initial, name + ": loss fell from " + initial + " to " + fin + ", less than 10x");
    }
}
