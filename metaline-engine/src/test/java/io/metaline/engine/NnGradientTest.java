package io.metaline.engine;

import io.metaline.engine.nn.Activation;
import io.metaline.engine.nn.Conv1d;
import io.metaline.engine.nn.GruCell;
import io.metaline.engine.nn.Init;
import io.metaline.engine.nn.LayerNorm;
import io.metaline.engine.nn.Linear;
import io.metaline.engine.nn.Mlp;
import io.metaline.engine.nn.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * First- and second-order finite-difference checks of the nn modules: the gradient of a fixed random weighting of
 * each module's output with respect to every parameter and the input (it lives in this package to use
 * {@link GradCheck}).
 */
class NnGradientTest {

    /** Parameters perturbed away from their init (gains of one and zero biases are special points). */
    private static Params jitter(Params p, Rng rng) {
        return p.map(t -> t.add(Tensor.randn(rng, t.shape()).mul(0.3)));
    }

    private static Params rebuild(Params like, List<Tensor> values) {
        Params.Builder b = Params.builder();
        for (int i = 0; i < like.size(); i++) b.put(like.name(i), values.get(i));
        return b.build();
    }

    /**
     * Checks first and second order of {@code sum(weight * out)} with respect to the parameters and the extra inputs,
     * where {@code out = body(params, extras)}.
     */
    private static void check(String what, Params params, List<Tensor> extras,
                              java.util.function.BiFunction<Params, List<Tensor>, Tensor> body) {
        Tensor probe = body.apply(params, extras);
        Tensor weight = Tensor.randn(new Rng(99), probe.shape());
        int n = params.size();
        Function<List<Tensor>, Tensor> f = v ->
                body.apply(rebuild(params, v.subList(0, n)), v.subList(n, v.size())).mul(weight).sum();
        List<Tensor> point = new ArrayList<>(params.tensors());
        point.addAll(extras);
        GradCheck.first(what, f, point);
        GradCheck.second(what, f, point);
    }

    private static void checkModule(String what, Module m, Rng rng, Tensor x) {
        check(what, jitter(m.init(rng), rng), List.of(x), (p, v) -> m.forward(p, v.get(0)));
    }

    @Test
    void linear() {
        Rng rng = new Rng(1);
        Linear lin = new Linear(3, 4, Init.XAVIER_NORMAL);
        checkModule("linear [n, in]", lin, rng, Tensor.randn(rng, 5, 3));
        checkModule("linear [b, n, in]", lin, rng, Tensor.randn(rng, 2, 3, 3));
    }

    @Test
    void mlpSmoothActivations() {
        Rng rng = new Rng(2);
        Mlp tanh = new Mlp(Mlp.Config.of(3, 5, 4, 2).withHidden(Activation.TANH).withOutput(Activation.SIGMOID));
        checkModule("mlp tanh/sigmoid", tanh, rng, Tensor.randn(rng, 4, 3));
        Mlp softplus = new Mlp(Mlp.Config.of(2, 6, 3).withHidden(Activation.SOFTPLUS).withOutput(Activation.TANH)
                .withInit(Init.HE_UNIFORM));
        checkModule("mlp softplus/tanh", softplus, rng, Tensor.randn(rng, 2, 3, 2));
    }

    @Test
    void mlpPiecewiseLinearActivations() {
        // Away from the kinks ReLU and leaky ReLU are smooth; a random point is almost surely away from them.
        Rng rng = new Rng(3);
        checkModule("mlp relu", Mlp.of(2, 6, 6, 1), rng, Tensor.randn(rng, 5, 2));
        Mlp leaky = new Mlp(Mlp.Config.of(2, 5, 2).withHidden(Activation.LEAKY_RELU).withOutput(Activation.SOFTPLUS));
        checkModule("mlp leaky relu", leaky, rng, Tensor.randn(rng, 4, 2));
    }

    @Test
    void conv1d() {
        Rng rng = new Rng(4);
        checkModule("conv1d k3 s2 p1", new Conv1d(2, 3, 3, 2, 1), rng, Tensor.randn(rng, 2, 2, 7));
        checkModule("conv1d k2 s1 p0", new Conv1d(3, 2, 2, 1, 0, Init.XAVIER_UNIFORM), rng, Tensor.randn(rng, 1, 3, 5));
    }

    @Test
    void gruCell() {
        Rng rng = new Rng(5);
        GruCell gru = new GruCell(3, 4);
        Params p = jitter(gru.init(rng), rng);
        Tensor x = Tensor.randn(rng, 2, 3, 3);
        Tensor h0 = Tensor.randn(rng, 2, 4).mul(0.5);
        check("gru sequence", p, List.of(x, h0), (q, v) -> gru.sequence(q, v.get(0), v.get(1)));
        check("gru last", p, List.of(x, h0), (q, v) -> gru.last(q, v.get(0), v.get(1)));
        check("gru step", p, List.of(Tensor.randn(rng, 3, 3), Tensor.randn(rng, 3, 4)),
                (q, v) -> gru.step(q, v.get(0), v.get(1)));
    }

    @Test
    void layerNorm() {
        Rng rng = new Rng(6);
        checkModule("layer norm [n, f]", new LayerNorm(5), rng, Tensor.randn(rng, 3, 5));
        checkModule("layer norm [b, n, f]", new LayerNorm(4, 1e-3), rng, Tensor.randn(rng, 2, 2, 4));
    }
}
