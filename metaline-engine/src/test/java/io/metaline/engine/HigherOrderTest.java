package io.metaline.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Derivatives of derivatives: third derivatives, Hessian-vector products, the full Hessian of a small network,
 * gradients through SGD inner steps (second-order MAML), and isolation of graphs built on parallel threads.
 * Finite differences use {@link GradCheck}'s step and tolerances.
 */
class HigherOrderTest {

    @Test
    void thirdDerivativeOfCubeIsSix() {
        Tensor x = Tensor.scalar(1.7).withGrad();
        Tensor y = x.pow(3);
        Tensor d1 = Autograd.grad(y, x, true);
        Tensor d2 = Autograd.grad(d1, x, true);
        Tensor d3 = Autograd.grad(d2, x, true);
        assertEquals(3 * 1.7 * 1.7, d1.item(), 1e-12);
        assertEquals(6 * 1.7, d2.item(), 1e-12);
        assertEquals(6.0, d3.item(), 1e-12);
    }

    @Test
    void mlpSecondOrder() {
        Rng rng = new Rng(1);
        Tensor x = Tensor.randn(rng, 5, 3);
        Tensor t = Tensor.randn(rng, 5, 1);
        List<Tensor> point = List.of(Tensor.randn(rng, 4, 3), Tensor.randn(rng, 4), Tensor.randn(rng, 1, 4), Tensor.randn(rng, 1));
        Function<List<Tensor>, Tensor> mse =
                v -> Losses.mse(x.matmulT(v.get(0)).add(v.get(1)).tanh().matmulT(v.get(2)).add(v.get(3)), t);
        GradCheck.first("mlp", mse, point);
        GradCheck.second("mlp", mse, point);
        GradCheck.second("mlp-softplus-sm", v -> x.matmulT(v.get(0)).add(v.get(1)).softplus().logSoftmax(1).sum().mul(0.1), point);
    }

    /** For f = 0.5 x^T A x with symmetric A, the Hessian is A: a Hessian-vector product must give A v. */
    @Test
    void hessianVectorProductOfQuadraticFormIsAv() {
        Rng rng = new Rng(7);
        int n = 6;
        Tensor r = Tensor.randn(rng, n, n);
        Tensor a = r.add(r.transpose()); // symmetric
        Tensor x = Tensor.randn(rng, n).withGrad();
        Tensor v = Tensor.randn(rng, n);
        Tensor f = x.reshape(1, n).matmul(a).matmul(x.reshape(n, 1)).mul(0.5).sum();
        Tensor g = Autograd.grad(f, x, true);
        Tensor hv = Autograd.grad(g.mul(v).sum(), x, false);
        // and the same through the vector-Jacobian form with an explicit seed
        Tensor hvSeeded = Autograd.grad(List.of(g), List.of(v), List.of(x), false).get(0);
        for (int i = 0; i < n; i++) {
            double expected = 0;
            for (int j = 0; j < n; j++) expected += a.get(i, j) * v.getFlat(j);
            assertEquals(expected, hv.getFlat(i), 1e-12 * (1 + Math.abs(expected)), "(Av)[" + i + "]");
            assertEquals(expected, hvSeeded.getFlat(i), 1e-12 * (1 + Math.abs(expected)), "(Av)[" + i + "], seeded");
        }
        assertTrue(!hv.requiresGrad(), "createGraph=false must give constants");
    }

    /**
     * The gradient of the gradient of a two-layer tanh network: every column of the Hessian, obtained by
     * back-propagating a unit seed through the create-graph gradient, against central differences of the gradient.
     */
    @Test
    void hessianOfTwoLayerTanhNetworkMatchesFiniteDifferencesOfTheGradient() {
        Rng rng = new Rng(3);
        Tensor x = Tensor.randn(rng, 6, 3);
        Tensor y = Tensor.randn(rng, 6, 2);
        List<Tensor> point = List.of(Tensor.randn(rng, 4, 3), Tensor.randn(rng, 4), Tensor.randn(rng, 2, 4),
                Tensor.randn(rng, 2));
        Function<List<Tensor>, Tensor> loss = v -> Losses.mse(net(x, v), y);

        List<Tensor> leaves = GradCheck.leaves(point);
        List<Tensor> grads = Autograd.grad(loss.apply(leaves), leaves, true);
        double[] base = flatten(point);
        int total = base.length;
        for (int col = 0; col < total; col++) {
            // analytic column: seed the gradient with the unit vector e_col
            double[] unit = new double[total];
            unit[col] = 1.0;
            List<Tensor> hcol = Autograd.grad(grads, unflatten(unit, point), leaves, false);
            // numeric column: d grad / d w_col
            double[] plus = base.clone(), minus = base.clone();
            plus[col] += GradCheck.H;
            minus[col] -= GradCheck.H;
            double[] gp = flatten(gradient(loss, unflatten(plus, point)));
            double[] gm = flatten(gradient(loss, unflatten(minus, point)));
            double[] analytic = flatten(hcol);
            for (int i = 0; i < total; i++) {
                double numeric = (gp[i] - gm[i]) / (2 * GradCheck.H);
                assertClose("Hessian[" + i + "][" + col + "]", analytic[i], numeric);
            }
        }
    }

    /**
     * MAML: w' = w - a * grad L_support(w), repeated; the meta-gradient d L_query(w') / d w back-propagates through
     * the inner gradients (second order), checked against finite differences of the whole adapted loss.
     */
    @ParameterizedTest(name = "{0} inner step(s)")
    @ValueSource(ints = {1, 3})
    void gradientThroughSgdInnerStepsMatchesFiniteDifferences(int steps) {
        Task task = Task.make(new Rng(11), 0);
        List<Tensor> point = initialParams(new Rng(5));
        Function<List<Tensor>, Tensor> adapted = v -> task.queryLoss(task.adapt(v, steps, true));
        GradCheck.first("MAML, " + steps + " inner step(s)", adapted, point);

        // The check is not vacuous: dropping the second-order terms (first-order MAML) changes the result.
        List<Tensor> leaves = GradCheck.leaves(point);
        double[] full = flatten(Autograd.grad(adapted.apply(leaves), leaves, false));
        List<Tensor> adaptedFirstOrder = task.adapt(leaves, steps, false);
        double[] firstOrder = flatten(Autograd.grad(task.queryLoss(adaptedFirstOrder), leaves, false));
        double diff = 0, norm = 0;
        for (int i = 0; i < full.length; i++) {
            diff += (full[i] - firstOrder[i]) * (full[i] - firstOrder[i]);
            norm += full[i] * full[i];
        }
        assertTrue(Math.sqrt(diff) > 1e-3 * Math.sqrt(norm),
                "second-order terms should matter: |full - first-order| = " + Math.sqrt(diff));
    }

    /** One inner step, differentiated twice more: the third derivative of the support loss is involved. */
    @Test
    void secondOrderCheckOfOneStepMaml() {
        Task task = Task.make(new Rng(12), 0);
        GradCheck.second("MAML, 1 inner step", v -> task.queryLoss(task.adapt(v, 1, true)), initialParams(new Rng(6)));
    }

    /**
     * Two tasks' meta-gradients computed at the same time on two threads from the same parameter leaves equal the
     * ones computed serially, bit for bit; and a thread that evaluates without recording does not switch recording
     * off on the other thread.
     */
    @Test
    void parallelTasksSharingParameterLeavesDoNotLeak() throws Exception {
        List<Tensor> shared = GradCheck.leaves(initialParams(new Rng(9)));
        Task[] tasks = {Task.make(new Rng(21), 0), Task.make(new Rng(22), 1)};
        double[][] serial = {tasks[0].metaGradient(shared), tasks[1].metaGradient(shared)};
        double[] before = flatten(shared);

        int rounds = 200;
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            CyclicBarrier barrier = new CyclicBarrier(3);
            List<Future<List<double[]>>> results = new ArrayList<>();
            for (Task task : tasks) {
                results.add(pool.submit(() -> {
                    List<double[]> out = new ArrayList<>();
                    barrier.await();
                    for (int r = 0; r < rounds; r++) {
                        out.add(task.metaGradient(shared));
                    }
                    return out;
                }));
            }
            // A third thread evaluating without recording, on the same leaves, at the same time.
            Future<Boolean> evaluator = pool.submit(() -> {
                boolean allConstant = true;
                barrier.await();
                for (int r = 0; r < rounds; r++) {
                    Tensor q = Autograd.noGrad(() -> tasks[0].queryLoss(shared));
                    allConstant &= !q.requiresGrad();
                }
                return allConstant;
            });
            for (int k = 0; k < tasks.length; k++) {
                for (double[] g : results.get(k).get()) assertArrayEquals(serial[k], g, 0.0, "task " + k);
            }
            assertTrue(evaluator.get(), "noGrad results must not record");
        } finally {
            pool.shutdownNow();
        }
        assertArrayEquals(before, flatten(shared), 0.0, "parameter values must not change");
        for (Tensor p : shared) assertTrue(p.isLeaf() && p.requiresGrad());
        assertTrue(Autograd.isRecording());
    }

    // ---------------------------------------------------------------- helpers

    /** A two-layer tanh network: tanh(x W1^T + b1) W2^T + b2. */
    static Tensor net(Tensor x, List<Tensor> w) {
        return x.matmulT(w.get(0)).add(w.get(1)).tanh().matmulT(w.get(2)).add(w.get(3));
    }

    static List<Tensor> initialParams(Rng rng) {
        // 5 inputs, 8 hidden units: wide enough for every matmul kernel path, including the transposed-B copy
        return List.of(Tensor.randn(rng, 8, 5).mul(0.5), Tensor.randn(rng, 8).mul(0.3),
                Tensor.randn(rng, 1, 8).mul(0.5), Tensor.randn(rng, 1).mul(0.3));
    }

    /** A regression task: support and query sets of a random nonlinear function. */
    record Task(Tensor xs, Tensor ys, Tensor xq, Tensor yq, double lr) {
        static Task make(Rng rng, int kind) {
            Tensor xs = Tensor.randn(rng, 24, 5), xq = Tensor.randn(rng, 16, 5);
            Tensor a = Tensor.randn(rng, 5, 1).mul(0.5);
            Function<Tensor, Tensor> truth = kind == 0 ? x -> x.matmul(a).sigmoid().mul(3) : x -> x.matmul(a).tanh().mul(2);
            return new Task(xs, truth.apply(xs), xq, truth.apply(xq), 0.3);
        }

        List<Tensor> adapt(List<Tensor> w, int steps, boolean createGraph) {
            List<Tensor> cur = w;
            for (int s = 0; s < steps; s++) {
                List<Tensor> g = Autograd.grad(Losses.mse(net(xs, cur), ys), cur, createGraph);
                List<Tensor> next = new ArrayList<>();
                for (int i = 0; i < cur.size(); i++) next.add(cur.get(i).sub(g.get(i).mul(lr)));
                cur = next;
            }
            return cur;
        }

        Tensor queryLoss(List<Tensor> w) {
            return Losses.mse(net(xq, w), yq);
        }

        double[] metaGradient(List<Tensor> w) {
            return flatten(Autograd.grad(queryLoss(adapt(w, 3, true)), w, false));
        }
    }

    private static List<Tensor> gradient(Function<List<Tensor>, Tensor> f, List<Tensor> point) {
        List<Tensor> leaves = GradCheck.leaves(point);
        return Autograd.grad(f.apply(leaves), leaves, false);
    }

    static double[] flatten(List<Tensor> ts) {
        int n = 0;
        for (Tensor t : ts) n += t.size();
        double[] out = new double[n];
        int at = 0;
        for (Tensor t : ts) {
            t.copyTo(out, at);
            at += t.size();
        }
        return out;
    }

    static List<Tensor> unflatten(double[] values, List<Tensor> like) {
        List<Tensor> out = new ArrayList<>();
        int at = 0;
        for (Tensor t : like) {
            double[] d = new double[t.size()];
            System.arraycopy(values, at, d, 0, d.length);
            at += d.length;
            out.add(Tensor.of(d, t.shape()));
        }
        return out;
    }

    private static void assertClose(String what, double analytic, double numeric) {
        assertTrue(Math.abs(analytic - numeric) <= GradCheck.ATOL + GradCheck.RTOL * Math.abs(numeric),
                what + ": analytic " + analytic + " vs finite difference " + numeric);
    }
}
