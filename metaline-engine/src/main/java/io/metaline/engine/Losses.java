package io.metaline.engine;

import java.util.Arrays;

/**
 * Loss functions, each the mean over elements (or rows) of a per-element loss. Predictions and targets must have
 * exactly the same shape: a loss never broadcasts, because a [n] target against an [n,1] prediction would silently
 * compare every pair.
 */
public final class Losses {
    private Losses() {}

    /** Mean squared error. */
    public static Tensor mse(Tensor prediction, Tensor target) {
        sameShape("mse", prediction, target);
        Tensor d = prediction.sub(target);
        return d.mul(d).mean();
    }

    /** Huber loss: quadratic within {@code delta} of the target, linear beyond (as in PyTorch's HuberLoss). */
    public static Tensor huber(Tensor prediction, Tensor target, double delta) {
        sameShape("huber", prediction, target);
        if (!(delta > 0)) throw new IllegalArgumentException("huber: delta must be positive, got " + delta);
        Tensor d = prediction.sub(target);
        Tensor a = d.abs();
        double[] small = new double[a.size()];
        for (int i = 0; i < small.length; i++) small[i] = a.data[i] <= delta ? 1.0 : 0.0;
        Tensor quadratic = d.mul(d).mul(0.5);
        Tensor linear = a.sub(0.5 * delta).mul(delta);
        return Tensor.where(Tensor.wrap(small, a.shape), quadratic, linear).mean();
    }

    /**
     * Cross-entropy of logits [n, classes] against integer labels (one per row), averaged over rows; computed
     * through log-softmax, so it is stable for large logits.
     */
    public static Tensor crossEntropy(Tensor logits, int[] labels) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("crossEntropy: logits must be [rows, classes], got " + Shapes.str(logits.shape));
        }
        int rows = logits.shape[0], classes = logits.shape[1];
        if (labels.length != rows) {
            throw new IllegalArgumentException("crossEntropy: " + labels.length + " labels for " + rows + " rows of logits");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("crossEntropy: label " + labels[i] + " in row " + i
                        + " is outside 0.." + (classes - 1));
            }
        }
        return logits.logSoftmax(1).gather(1, labels).mean().neg();
    }

    /** Binary cross-entropy of probabilities in [0, 1] against targets in [0, 1]; log is clamped at -100 as in PyTorch. */
    public static Tensor binaryCrossEntropy(Tensor probability, Tensor target) {
        sameShape("binaryCrossEntropy", probability, target);
        for (int i = 0; i < probability.size(); i++) {
            double p = probability.data[i];
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("binaryCrossEntropy: probability " + p + " at element " + i
                        + " is outside [0, 1] (use binaryCrossEntropyWithLogits for raw scores)");
            }
        }
        // Clamp the argument at e^-100 rather than the log at -100 (same values): at p = 0 or 1 the log's backward
        // would otherwise compute 0 / 0 = NaN, e.g. for a saturated sigmoid.
        double tiny = Math.exp(-100);
        Tensor logP = probability.clamp(tiny, 1.0).log();
        Tensor log1mP = probability.rsub(1.0).clamp(tiny, 1.0).log();
        return target.mul(logP).add(target.rsub(1.0).mul(log1mP)).mean().neg();
    }

    /** Binary cross-entropy on logits: softplus(x) - t*x, stable for any x. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target) {
        sameShape("binaryCrossEntropyWithLogits", logits, target);
        return logits.softplus().sub(target.mul(logits)).mean();
    }

    /**
     * Gaussian negative log-likelihood of {@code target} under N(mean, variance), averaged:
     * 0.5 * (log(var) + (target - mean)^2 / var), plus 0.5 * log(2 pi) when {@code full}. The variance is clamped
     * below at {@code eps} for stability, as in PyTorch's GaussianNLLLoss.
     */
    public static Tensor gaussianNll(Tensor mean, Tensor variance, Tensor target, boolean full, double eps) {
        sameShape("gaussianNll (mean vs target)", mean, target);
        sameShape("gaussianNll (variance vs target)", variance, target);
        Tensor var = variance.clamp(eps, Double.MAX_VALUE);
        Tensor d = target.sub(mean);
        Tensor nll = var.log().add(d.mul(d).div(var)).mul(0.5);
        if (full) nll = nll.add(0.5 * Math.log(2 * Math.PI));
        return nll.mean();
    }

    private static void sameShape(String loss, Tensor prediction, Tensor target) {
        if (!Arrays.equals(prediction.shape, target.shape)) {
            throw new IllegalArgumentException(loss + ": prediction has shape " + Shapes.str(prediction.shape)
                    + " but target has shape " + Shapes.str(target.shape) + " (losses do not broadcast; reshape one)");
        }
    }
}
