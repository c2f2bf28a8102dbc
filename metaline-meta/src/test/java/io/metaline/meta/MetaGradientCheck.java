package io.metaline.meta;

import static org.junit.jupiter.api.Assertions.fail;

import io.metaline.engine.Params;
import java.util.function.ToDoubleFunction;

/**
 * Finite-difference checks of meta-gradients: central differences with step {@link #H} of a scalar function of all
 * meta-parameters, compared element by element with |analytic - numeric| <= ATOL + RTOL * |numeric|.
 */
final class MetaGradientCheck {
    static final double H = 1e-6;
    static final double RTOL = 1e-5;
    /** Rounding in the differences is about 1e-16 * |f| / H, i.e. 1e-10 here; entries near zero need an absolute floor. */
    static final double ATOL = 1e-8;

    private MetaGradientCheck() {}

    /** Central differences of {@code f} at {@code point}, with the names and shapes of {@code point}. */
    static Params numeric(ToDoubleFunction<Params> f, Params point) {
        Params plain = point.detach();
        double[] base = plain.flatten();
        double[] grad = new double[base.length];
        for (int i = 0; i < base.length; i++) {
            double[] plus = base.clone(), minus = base.clone();
            plus[i] += H;
            minus[i] -= H;
            grad[i] = (f.applyAsDouble(plain.unflatten(plus)) - f.applyAsDouble(plain.unflatten(minus))) / (2 * H);
        }
        return plain.unflatten(grad);
    }

    /** The query loss after {@code steps} inner steps from {@code meta}: what MAML-like learners minimise. */
    static double adaptedQueryLoss(MetaLearner learner, Params meta, Task task, int steps) {
        return learner.loss(learner.adapt(meta, task.support(), steps, GradOrder.SECOND), task.query()).item();
    }

    static void assertClose(String what, Params expected, Params actual) {
        expected.requireSameNames(actual, what);
        for (int k = 0; k < expected.size(); k++) {
            double[] e = expected.tensor(k).toArray(), a = actual.tensor(k).toArray();
            for (int i = 0; i < e.length; i++) {
                double err = Math.abs(a[i] - e[i]);
                if (!(err <= ATOL + RTOL * Math.abs(e[i]))) {
                    fail(what + ": '" + expected.name(k) + "'[" + i + "] is " + a[i] + ", expected " + e[i]
                            + " (error " + err + ")");
                }
            }
        }
    }

    /** Largest absolute difference between matching entries. */
    static double maxAbsDiff(Params a, Params b) {
        a.requireSameNames(b, "maxAbsDiff");
        double[] x = a.flatten(), y = b.flatten();
        double m = 0;
        for (int i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
        return m;
    }
}
