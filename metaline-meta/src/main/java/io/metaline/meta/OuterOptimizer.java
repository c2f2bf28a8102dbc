package io.metaline.meta;

import io.metaline.engine.optim.Adam;
import io.metaline.engine.optim.Optimizer;
import io.metaline.engine.optim.Sgd;

/**
 * The optimiser of the meta-parameters.
 *
 * @param kind "adam" or "sgd"
 * @param lr   learning rate
 * @param clipNorm clip the meta-direction to this global norm first (0: no clipping)
 */
public record OuterOptimizer(String kind, double lr, double clipNorm) {
    public OuterOptimizer {
        if (!"adam".equals(kind) && !"sgd".equals(kind)) {
            throw new IllegalArgumentException("OuterOptimizer: kind must be 'adam' or 'sgd', got '" + kind + "'");
        }
        if (!(lr > 0) || !Double.isFinite(lr)) throw new IllegalArgumentException("OuterOptimizer: lr must be positive, got " + lr);
        if (!(clipNorm >= 0)) throw new IllegalArgumentException("OuterOptimizer: clipNorm must be >= 0, got " + clipNorm);
    }

    public static OuterOptimizer adam(double lr) {
        return new OuterOptimizer("adam", lr, 0);
    }

    public static OuterOptimizer sgd(double lr) {
        return new OuterOptimizer("sgd", lr, 0);
    }

    public OuterOptimizer withClipNorm(double norm) {
        return new OuterOptimizer(kind, lr, norm);
    }

    Optimizer create() {
        return kind.equals("adam") ? Adam.adam(lr) : new Sgd(new Sgd.Config(lr, 0, false, 0));
    }
}
