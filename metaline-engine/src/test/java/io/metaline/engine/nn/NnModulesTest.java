package io.metaline.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Autograd;
import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Forward values against direct computations, initialisation statistics, and error messages. */
class NnModulesTest {
    private static final double TOL = 1e-12;

    private static double sigmoid(double v) {
        return 1.0 / (1.0 + Math.exp(-v));
    }

    /** Params with slightly perturbed values so that biases and gains are not at their trivial init. */
    private static Params jitter(Params p, Rng rng) {
        return p.map(t -> t.add(Tensor.randn(rng, t.shape()).mul(0.3)));
    }

    // ---------------------------------------------------------------- forward values

    @Test
    void activationsMatchTheirDefinitions() {
        Tensor x = Tensor.vector(-2.0, -0.5, 0.0, 0.7, 3.0);
        for (int i = 0; i < x.size(); i++) {
            double v = x.getFlat(i);
            assertEquals(v, Activation.IDENTITY.apply(x).getFlat(i), TOL);
            assertEquals(Math.max(v, 0), Activation.RELU.apply(x).getFlat(i), TOL);
            assertEquals(Math.tanh(v), Activation.TANH.apply(x).getFlat(i), TOL);
            assertEquals(sigmoid(v), Activation.SIGMOID.apply(x).getFlat(i), TOL);
            assertEquals(v > 0 ? v : 0.01 * v, Activation.LEAKY_RELU.apply(x).getFlat(i), TOL);
            assertEquals(Math.log1p(Math.exp(v)), Activation.SOFTPLUS.apply(x).getFlat(i), TOL);
        }
    }

    @Test
    void linearComputesXWTransposePlusBias() {
        Rng rng = new Rng(10);
        Linear lin = new Linear(3, 2);
        Params p = lin.init(rng);
        Tensor w = p.get("weight"), b = p.get("bias");
        assertArrayEquals(new int[] {2, 3}, w.shape());
        assertArrayEquals(new int[] {2}, b.shape());
        Tensor x = Tensor.randn(rng, 4, 3);
        Tensor y = lin.forward(p, x);
        assertArrayEquals(new int[] {4, 2}, y.shape());
        for (int n = 0; n < 4; n++) {
            for (int o = 0; o < 2; o++) {
                double s = b.get(o);
                for (int i = 0; i < 3; i++) s += x.get(n, i) * w.get(o, i);
                assertEquals(s, y.get(n, o), TOL);
            }
        }
        // A batch [b, n, in] is the same map applied to each [n, in] slice.
        Tensor xb = Tensor.randn(rng, 2, 4, 3);
        Tensor yb = lin.forward(p, xb);
        assertArrayEquals(new int[] {2, 4, 2}, yb.shape());
        for (int k = 0; k < 2; k++) {
            Tensor expect = lin.forward(p, xb.slice(0, k, k + 1).reshape(4, 3));
            assertTrue(yb.slice(0, k, k + 1).reshape(4, 2).allClose(expect, 0, TOL));
        }
    }

    @Test
    void mlpIsTheCompositionOfItsLayers() {
        Rng rng = new Rng(11);
        Mlp mlp = new Mlp(Mlp.Config.of(2, 5, 3).withHidden(Activation.TANH).withOutput(Activation.SIGMOID));
        Params p = mlp.init(rng);
        assertEquals(List.of("layer0.weight", "layer0.bias", "layer1.weight", "layer1.bias"), p.names());
        assertEquals(p.names(), mlp.paramNames());
        Tensor x = Tensor.randn(rng, 6, 2);
        Tensor h = x.matmulT(p.get("layer0.weight")).add(p.get("layer0.bias")).tanh();
        Tensor expect = h.matmulT(p.get("layer1.weight")).add(p.get("layer1.bias")).sigmoid();
        assertTrue(mlp.forward(p, x).allClose(expect, 0, TOL));
        // With a prefix, the same network reads nested names.
        Params nested = Params.builder().putAll("body.", p).build();
        assertTrue(mlp.forward(nested, "body.", x).allClose(expect, 0, TOL));
    }

    @Test
    void mlpHeadNamesSelectTheLastLayer() {
        Mlp mlp = Mlp.of(1, 40, 40, 1);
        assertEquals(List.of("layer2.weight", "layer2.bias"), mlp.headParamNames());
        Params p = mlp.init(new Rng(12));
        Params head = p.select(mlp.headParamNames()::contains);
        assertEquals(41, head.numel());
        // ANIL-style: adapt only the head, evaluate with the full collection.
        Params leaves = head.withGrad();
        Tensor x = Tensor.randn(new Rng(13), 8, 1);
        Tensor loss = mlp.forward(p.with(leaves), x).square().mean();
        List<Tensor> g = Autograd.grad(loss, leaves.tensors(), false);
        assertArrayEquals(new int[] {1, 40}, g.get(0).shape());
        assertTrue(g.get(1).item() != 0.0);
    }

    @Test
    void mlpConfigIsValidatedAndReadable() {
        Mlp.Config c = Mlp.Config.of(1, 40, 40, 1);
        assertEquals("Mlp 1-40-40-1 (hidden RELU, output IDENTITY, init PYTORCH_DEFAULT)", c.toString());
        assertEquals(3, c.layers());
        assertEquals(c, Mlp.Config.of(1, 40, 40, 1));
        assertEquals(Activation.TANH, c.withHidden(Activation.TANH).hidden());
        String one = assertThrows(IllegalArgumentException.class, () -> Mlp.Config.of(3)).getMessage();
        assertTrue(one.contains("at least two widths"), one);
        String zero = assertThrows(IllegalArgumentException.class, () -> Mlp.Config.of(3, 0, 1)).getMessage();
        assertTrue(zero.contains("width 1 must be positive, got 0"), zero);
        assertThrows(IllegalArgumentException.class,
                () -> new Mlp.Config(List.of(1, 2), null, Activation.IDENTITY, Init.ZEROS));
        // The widths are copied: changing the caller's list afterwards does nothing.
        java.util.ArrayList<Integer> widths = new java.util.ArrayList<>(List.of(2, 3));
        Mlp.Config copied = new Mlp.Config(widths, Activation.RELU, Activation.IDENTITY, Init.ZEROS);
        widths.add(4);
        assertEquals(List.of(2, 3), copied.widths());
    }

    @Test
    void conv1dMatchesADirectLoop() {
        Rng rng = new Rng(14);
        int batch = 2, in = 3, out = 4, kernel = 3, stride = 2, padding = 1, length = 8;
        Conv1d conv = new Conv1d(in, out, kernel, stride, padding);
        Params p = jitter(conv.init(rng), rng);
        Tensor w = p.get("weight"), b = p.get("bias");
        Tensor x = Tensor.randn(rng, batch, in, length);
        Tensor y = conv.forward(p, x);
        int outLen = (length + 2 * padding - kernel) / stride + 1;
        assertEquals(outLen, conv.outLength(length));
        assertArrayEquals(new int[] {batch, out, outLen}, y.shape());
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < out; o++) {
                for (int t = 0; t < outLen; t++) {
                    double s = b.get(o);
                    for (int c = 0; c < in; c++) {
                        for (int k = 0; k < kernel; k++) {
                            int pos = t * stride + k - padding;
                            if (pos >= 0 && pos < length) s += w.get(o, c, k) * x.get(n, c, pos);
                        }
                    }
                    assertEquals(s, y.get(n, o, t), TOL);
                }
            }
        }
    }

    @Test
    void conv1dWithAKnownKernel() {
        // A difference kernel [-1, 0, 1] with no bias: y[t] = x[t + 2] - x[t].
        Conv1d conv = new Conv1d(1, 1, 3, 1, 0);
        Params p = Params.builder().put("weight", Tensor.of(new double[] {-1, 0, 1}, 1, 1, 3))
                .put("bias", Tensor.zeros(1)).build();
        Tensor y = conv.forward(p, Tensor.of(new double[] {1, 4, 9, 16, 25}, 1, 1, 5));
        assertArrayEquals(new double[] {8, 12, 16}, y.toArray(), TOL);
    }

    @Test
    void gruStepMatchesAHandComputation() {
        Rng rng = new Rng(15);
        int in = 2, hs = 3, batch = 2;
        GruCell gru = new GruCell(in, hs);
        Params p = jitter(gru.init(rng), rng);
        Tensor wih = p.get("weight_ih"), whh = p.get("weight_hh"), bih = p.get("bias_ih"), bhh = p.get("bias_hh");
        Tensor x = Tensor.randn(rng, batch, in), h = Tensor.randn(rng, batch, hs);
        Tensor next = gru.step(p, x, h);
        for (int n = 0; n < batch; n++) {
            for (int j = 0; j < hs; j++) {
                double[] gi = new double[3], gh = new double[3];
                for (int gate = 0; gate < 3; gate++) {
                    int row = gate * hs + j;
                    gi[gate] = bih.get(row);
                    gh[gate] = bhh.get(row);
                    for (int i = 0; i < in; i++) gi[gate] += wih.get(row, i) * x.get(n, i);
                    for (int i = 0; i < hs; i++) gh[gate] += whh.get(row, i) * h.get(n, i);
                }
                double r = sigmoid(gi[0] + gh[0]), z = sigmoid(gi[1] + gh[1]);
                double nn = Math.tanh(gi[2] + r * gh[2]);
                assertEquals((1 - z) * nn + z * h.get(n, j), next.get(n, j), TOL);
            }
        }
    }

    @Test
    void gruSequenceRepeatsTheStep() {
        Rng rng = new Rng(16);
        GruCell gru = new GruCell(3, 4);
        Params p = gru.init(rng);
        Tensor x = Tensor.randn(rng, 2, 5, 3);
        Tensor all = gru.sequence(p, x, null);
        assertArrayEquals(new int[] {2, 5, 4}, all.shape());
        assertTrue(gru.forward(p, x).allClose(all, 0, 0));
        Tensor h = Tensor.zeros(2, 4);
        for (int t = 0; t < 5; t++) {
            h = gru.step(p, x.slice(1, t, t + 1).reshape(2, 3), h);
            assertTrue(all.slice(1, t, t + 1).reshape(2, 4).allClose(h, 0, TOL));
        }
        assertTrue(gru.last(p, x, null).allClose(h, 0, TOL));
        Tensor h0 = Tensor.randn(rng, 2, 4);
        assertFalse(gru.last(p, x, h0).allClose(h, 0, 1e-6));
    }

    @Test
    void layerNormGivesZeroMeanUnitVariancePerRow() {
        Rng rng = new Rng(17);
        LayerNorm ln = new LayerNorm(6);
        Params p = ln.init(rng);
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, p.get("weight").toArray());
        Tensor x = Tensor.randn(rng, 4, 6).mul(3).add(2);
        Tensor y = ln.forward(p, x);
        for (int r = 0; r < 4; r++) {
            double mean = 0, var = 0, rawVar = 0, rawMean = 0;
            for (int c = 0; c < 6; c++) {
                mean += y.get(r, c) / 6;
                rawMean += x.get(r, c) / 6;
            }
            for (int c = 0; c < 6; c++) {
                var += Math.pow(y.get(r, c) - mean, 2) / 6;
                rawVar += Math.pow(x.get(r, c) - rawMean, 2) / 6;
            }
            assertEquals(0.0, mean, 1e-12);
            assertEquals(rawVar / (rawVar + 1e-5), var, 1e-12); // exactly 1 but for eps
            assertEquals(1.0, var, 1e-4);
        }
        // Gain and bias act per feature.
        Params gb = Params.builder().put("weight", Tensor.full(2.0, 6)).put("bias", Tensor.full(-1.0, 6)).build();
        assertTrue(ln.forward(gb, x).allClose(y.mul(2).sub(1), 0, TOL));
    }

    // ---------------------------------------------------------------- initialisation

    private static double variance(Tensor t) {
        double m = 0, v = 0;
        for (int i = 0; i < t.size(); i++) m += t.getFlat(i);
        m /= t.size();
        for (int i = 0; i < t.size(); i++) v += Math.pow(t.getFlat(i) - m, 2);
        return v / t.size();
    }

    private static void assertVariance(String what, double expected, Tensor t) {
        double v = variance(t);
        assertTrue(Math.abs(v - expected) <= 0.1 * expected, what + ": variance " + v + ", expected " + expected);
    }

    @Test
    void initVariances() {
        int fanIn = 300, fanOut = 500;
        Rng rng = new Rng(18);
        assertVariance("xavier uniform", 2.0 / (fanIn + fanOut), Init.XAVIER_UNIFORM.weight(rng, fanIn, fanOut, fanOut, fanIn));
        assertVariance("xavier normal", 2.0 / (fanIn + fanOut), Init.XAVIER_NORMAL.weight(rng, fanIn, fanOut, fanOut, fanIn));
        assertVariance("he uniform", 2.0 / fanIn, Init.HE_UNIFORM.weight(rng, fanIn, fanOut, fanOut, fanIn));
        assertVariance("he normal", 2.0 / fanIn, Init.HE_NORMAL.weight(rng, fanIn, fanOut, fanOut, fanIn));
        // uniform(+-1/sqrt(fanIn)) has variance 1 / (3 fanIn).
        assertVariance("pytorch default", 1.0 / (3 * fanIn), Init.PYTORCH_DEFAULT.weight(rng, fanIn, fanOut, fanOut, fanIn));
        Tensor bound = Init.PYTORCH_DEFAULT.bias(rng, fanIn, 10_000);
        for (int i = 0; i < bound.size(); i++) assertTrue(Math.abs(bound.getFlat(i)) <= 1 / Math.sqrt(fanIn));
        assertEquals(0.0, Init.ZEROS.weight(rng, fanIn, fanOut, 3, 4).abs().sum().item());
        assertEquals(0.0, Init.HE_NORMAL.bias(rng, fanIn, 7).abs().sum().item());
        // A Linear layer's weight has the layer's fans; a Conv1d's multiplies them by the kernel.
        assertVariance("linear he", 2.0 / fanIn, new Linear(fanIn, fanOut, Init.HE_NORMAL).init(rng).get("weight"));
        assertVariance("conv he", 2.0 / (40 * 5), new Conv1d(40, 600, 5, 1, 0, Init.HE_NORMAL).init(rng).get("weight"));
    }

    @Test
    void initIsDeterministicPerSeed() {
        List<Module> modules = List.of(Mlp.of(3, 8, 2), new Conv1d(2, 3, 3, 1, 1), new GruCell(2, 3),
                new Linear(4, 4, Init.XAVIER_NORMAL));
        for (Module m : modules) {
            double[] a = m.init(new Rng(7)).flatten(), b = m.init(new Rng(7)).flatten(), c = m.init(new Rng(8)).flatten();
            assertArrayEquals(a, b, 0.0, m.toString());
            assertFalse(Arrays.equals(a, c), m + ": different seeds gave the same parameters");
        }
    }

    // ---------------------------------------------------------------- errors

    @Test
    void wrongParameterShapeNamesTheParameter() {
        Mlp mlp = Mlp.of(1, 40, 40, 1);
        Params p = mlp.init(new Rng(19));
        Params wrong = Mlp.of(2, 40, 40, 1).init(new Rng(19));
        String msg = assertThrows(IllegalArgumentException.class,
                () -> mlp.forward(wrong, Tensor.zeros(3, 1))).getMessage();
        assertTrue(msg.contains("'layer0.weight' has shape [40, 2], expected [40, 1]"), msg);

        Params missing = p.select(n -> !n.equals("layer1.bias"));
        msg = assertThrows(IllegalArgumentException.class, () -> mlp.forward(missing, Tensor.zeros(3, 1))).getMessage();
        assertTrue(msg.contains("missing parameter 'layer1.bias'") && msg.contains("expected shape [40]"), msg);

        GruCell gru = new GruCell(2, 3);
        Params gp = gru.init(new Rng(20));
        Params badGru = Params.builder().put("weight_ih", gp.get("weight_ih")).put("weight_hh", Tensor.zeros(9, 2))
                .put("bias_ih", gp.get("bias_ih")).put("bias_hh", gp.get("bias_hh")).build();
        msg = assertThrows(IllegalArgumentException.class,
                () -> gru.step(badGru, Tensor.zeros(1, 2), Tensor.zeros(1, 3))).getMessage();
        assertTrue(msg.contains("GruCell(2 -> 3)") && msg.contains("'weight_hh' has shape [9, 2], expected [9, 3]"), msg);

        Conv1d conv = new Conv1d(2, 3, 3, 1, 0);
        Params cp = Params.builder().put("weight", Tensor.zeros(3, 2, 2)).put("bias", Tensor.zeros(3)).build();
        msg = assertThrows(IllegalArgumentException.class, () -> conv.forward(cp, Tensor.zeros(1, 2, 5))).getMessage();
        assertTrue(msg.contains("'weight' has shape [3, 2, 2], expected [3, 2, 3]"), msg);

        LayerNorm ln = new LayerNorm(4);
        Params lp = Params.builder().put("weight", Tensor.ones(4)).put("bias", Tensor.zeros(5)).build();
        msg = assertThrows(IllegalArgumentException.class, () -> ln.forward(lp, Tensor.zeros(2, 4))).getMessage();
        assertTrue(msg.contains("'bias' has shape [5], expected [4]"), msg);
    }

    @Test
    void wrongInputShapeIsExplained() {
        Mlp mlp = Mlp.of(3, 4, 1);
        Params p = mlp.init(new Rng(21));
        String msg = assertThrows(IllegalArgumentException.class, () -> mlp.forward(p, Tensor.zeros(5, 2))).getMessage();
        assertTrue(msg.contains("input must be [n, 3]") && msg.contains("got [5, 2]"), msg);

        Conv1d conv = new Conv1d(2, 3, 5, 1, 0);
        Params cp = conv.init(new Rng(22));
        msg = assertThrows(IllegalArgumentException.class, () -> conv.forward(cp, Tensor.zeros(1, 3, 8))).getMessage();
        assertTrue(msg.contains("input must be [batch, 2, length]"), msg);
        msg = assertThrows(IllegalArgumentException.class, () -> conv.forward(cp, Tensor.zeros(1, 2, 4))).getMessage();
        assertTrue(msg.contains("shorter than the kernel"), msg);

        GruCell gru = new GruCell(2, 3);
        Params gp = gru.init(new Rng(23));
        msg = assertThrows(IllegalArgumentException.class,
                () -> gru.sequence(gp, Tensor.zeros(2, 4, 2), Tensor.zeros(3, 3))).getMessage();
        assertTrue(msg.contains("hidden state must be [2, 3], got [3, 3]"), msg);

        msg = assertThrows(IllegalArgumentException.class, () -> new Conv1d(2, 3, 0, 1, 0)).getMessage();
        assertTrue(msg.contains("kernel size must be positive"), msg);
    }
}
