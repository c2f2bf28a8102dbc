package io.metaline.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Finiteness checks, gradient-recording mode, detaching, unused inputs, and finite gradients at extreme inputs. */
class NumericsTest {

    // ---------------------------------------------------------------- finiteness

    @Test
    void isFiniteAndRequireFiniteNameTheProducingOp() {
        Tensor x = Tensor.vector(4, -1, 9).withGrad();
        Tensor ok = x.mul(2.0);
        assertTrue(ok.isFinite());
        assertSame(ok, ok.requireFinite("scaled"));

        Tensor bad = x.sqrt();
        assertFalse(bad.isFinite());
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> bad.requireFinite("loss"));
        assertTrue(e.getMessage().contains("loss"), e.getMessage());
        assertTrue(e.getMessage().contains("element 1"), e.getMessage());
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertTrue(e.getMessage().contains("produced by sqrt"), e.getMessage());

        Tensor inf = Tensor.vector(0, 1).withGrad().log();
        e = assertThrows(ArithmeticException.class, () -> inf.requireFinite("log-likelihood"));
        assertTrue(e.getMessage().contains("Infinity") && e.getMessage().contains("produced by log"), e.getMessage());

        Tensor leaf = Tensor.vector(1, Double.POSITIVE_INFINITY);
        e = assertThrows(ArithmeticException.class, () -> leaf.requireFinite("input"));
        assertTrue(e.getMessage().contains("input") && e.getMessage().contains("element 1"), e.getMessage());
        assertFalse(e.getMessage().contains("produced by"), e.getMessage());
    }

    @Test
    void paramsRequireFiniteNamesTheParameter() {
        Map<String, Tensor> named = new LinkedHashMap<>();
        named.put("layer0.weight", Tensor.ones(2, 2));
        named.put("layer1.bias", Tensor.vector(0, Double.NaN));
        Params p = Params.of(named);
        assertFalse(p.isFinite());
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> p.requireFinite("after step 3"));
        assertTrue(e.getMessage().contains("layer1.bias"), e.getMessage());
        assertTrue(e.getMessage().contains("after step 3"), e.getMessage());
        assertFalse(e.getMessage().contains("layer0.weight"), e.getMessage());
        Params good = p.select(n -> n.startsWith("layer0"));
        assertSame(good, good.requireFinite("fine"));
    }

    // ---------------------------------------------------------------- recording mode and graph cutting

    @Test
    void noGradProducesTensorsThatDoNotRequireGrad() {
        Tensor w = Tensor.vector(1, 2).withGrad();
        assertTrue(Autograd.isRecording());
        Tensor y = Autograd.noGrad(() -> {
            assertFalse(Autograd.isRecording());
            Tensor inner = Autograd.noGrad(() -> w.mul(3.0));
            assertFalse(Autograd.isRecording(), "a nested noGrad must restore 'off', not 'on'");
            return inner.add(w).exp().sum();
        });
        assertTrue(Autograd.isRecording());
        assertFalse(y.requiresGrad());
        assertTrue(y.isLeaf());
        assertNull(y.op());
        assertEquals(Math.exp(4) + Math.exp(8), y.item(), 1e-9);
        // the mode is restored even when the body throws
        assertThrows(IllegalStateException.class, () -> Autograd.noGrad(() -> {
            throw new IllegalStateException("boom");
        }));
        assertTrue(Autograd.isRecording());
        // and recording works again afterwards
        Tensor z = w.mul(3.0);
        assertTrue(z.requiresGrad());
        assertEquals("scale", z.op());
    }

    @Test
    void createGraphFalseGivesConstantGradients() {
        Tensor x = Tensor.vector(1, 2).withGrad();
        Tensor g = Autograd.grad(x.pow(3).sum(), x, false);
        assertFalse(g.requiresGrad());
        Tensor g2 = Autograd.grad(x.pow(3).sum(), x, true);
        assertTrue(g2.requiresGrad());
        assertArrayEquals(g.toArray(), g2.toArray(), 0.0);
        assertTrue(Autograd.isRecording(), "grad must restore the recording mode");
    }

    @Test
    void detachCutsTheGraph() {
        Tensor x = Tensor.vector(1.5, -2).withGrad();
        Tensor d = x.detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.isLeaf());
        assertArrayEquals(x.toArray(), d.toArray(), 0.0);
        // through the detached value alone: nothing flows
        Tensor onlyDetached = d.square().sum();
        assertFalse(onlyDetached.requiresGrad());
        assertArrayEquals(new double[] {0, 0}, Autograd.grad(List.of(onlyDetached), null, List.of(x), false).get(0).toArray(), 0.0);
        // x * detach(x): the gradient is detach(x) only, not 2x
        Tensor half = x.mul(x.detach()).sum();
        assertArrayEquals(new double[] {1.5, -2}, Autograd.grad(half, x, false).toArray(), 0.0);
        // detaching an intermediate result cuts everything below it
        Tensor y = x.exp();
        Tensor cut = y.detach().mul(x).sum();
        assertArrayEquals(y.toArray(), Autograd.grad(cut, x, false).toArray(), 0.0);
    }

    @Test
    void unusedInputGetsZeros() {
        Tensor x = Tensor.vector(1, 2).withGrad();
        Tensor unused = Tensor.ones(3, 2).withGrad();
        List<Tensor> g = Autograd.grad(x.square().sum(), List.of(x, unused), false);
        assertArrayEquals(new double[] {2, 4}, g.get(0).toArray(), 0.0);
        assertArrayEquals(new int[] {3, 2}, g.get(1).shape());
        assertArrayEquals(new double[6], g.get(1).toArray(), 0.0);
        // also through create-graph and a second differentiation of a function linear in x
        Tensor gx = Autograd.grad(x.mul(3.0).sum(), x, true);
        List<Tensor> gg = Autograd.grad(gx.sum(), List.of(x, unused), false);
        assertArrayEquals(new double[] {0, 0}, gg.get(0).toArray(), 0.0);
        assertArrayEquals(new double[6], gg.get(1).toArray(), 0.0);
    }

    @Test
    void inputUsedTwiceAccumulates() {
        Tensor x = Tensor.vector(2, 3).withGrad();
        Tensor f = x.mul(x).add(x).sum(); // x^2 + x
        assertArrayEquals(new double[] {5, 7}, Autograd.grad(f, x, false).toArray(), 0.0);
    }

    // ---------------------------------------------------------------- finite gradients at extreme inputs

    static Stream<Arguments> extremes() {
        Function<Tensor, Tensor> softmaxWeighted = x -> x.softmax(0).mul(Tensor.vector(1, 2, 3, 4)).sum();
        return Stream.of(
            Arguments.of("softplus at +-1000", (Function<Tensor, Tensor>) x -> x.softplus().sum(),
                    Tensor.vector(-1000, 1000, 0, 30), new double[] {0, 1, 0.5, Elementwise.sigmoid(30)}),
            Arguments.of("sigmoid at +-1000", (Function<Tensor, Tensor>) x -> x.sigmoid().sum(),
                    Tensor.vector(-1000, 1000, 0, 0), new double[] {0, 0, 0.25, 0.25}),
            Arguments.of("tanh at +-1000", (Function<Tensor, Tensor>) x -> x.tanh().sum(),
                    Tensor.vector(-1000, 1000, 0, 0), new double[] {0, 0, 1, 1}),
            Arguments.of("logsumexp at 1000", (Function<Tensor, Tensor>) x -> x.logsumexp(0, false),
                    Tensor.vector(1000, 1000, -1000, 1000), new double[] {1 / 3.0, 1 / 3.0, 0, 1 / 3.0}),
            Arguments.of("softmax at 1000", softmaxWeighted, Tensor.vector(1000, 0, -1000, 0), new double[] {0, 0, 0, 0}),
            Arguments.of("binaryCrossEntropyWithLogits at +-1000",
                    (Function<Tensor, Tensor>) x -> Losses.binaryCrossEntropyWithLogits(x, Tensor.vector(1, 0, 0, 1)),
                    Tensor.vector(1000, -1000, 1000, -1000), new double[] {0, 0, 0.25, -0.25}),
            Arguments.of("crossEntropy at 1000",
                    (Function<Tensor, Tensor>) x -> Losses.crossEntropy(x.reshape(2, 2), new int[] {0, 1}),
                    Tensor.vector(1000, -1000, 1000, -1000), new double[] {0, 0, 0.5, -0.5}),
            // Saturated probabilities: the log is clamped at -100 there, so the gradient is 0, not 0/0 = NaN.
            Arguments.of("binaryCrossEntropy at p = 0 and p = 1",
                    (Function<Tensor, Tensor>) x -> Losses.binaryCrossEntropy(x, Tensor.vector(1, 0, 0, 1)),
                    Tensor.vector(0, 1, 0, 1), new double[] {0, 0, 0.25, -0.25}),
            Arguments.of("binaryCrossEntropy of a saturated sigmoid",
                    (Function<Tensor, Tensor>) x -> Losses.binaryCrossEntropy(x.sigmoid(), Tensor.vector(1, 0, 0, 1)),
                    Tensor.vector(50, -50, 0, 0), new double[] {0, 0, 0.125, -0.125}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("extremes")
    void gradientsAreFiniteAtExtremeInputs(String name, Function<Tensor, Tensor> f, Tensor at, double[] expected) {
        Tensor x = at.withGrad();
        Tensor y = f.apply(x);
        assertTrue(y.isFinite(), name + ": value " + y);
        Tensor g = Autograd.grad(y, x, true);
        assertTrue(g.isFinite(), name + ": gradient " + g);
        assertArrayEquals(expected, g.toArray(), 1e-12, name);
        Tensor gg = Autograd.grad(g.square().sum(), x, false);
        assertTrue(gg.isFinite(), name + ": second-order gradient " + gg);
    }
}
