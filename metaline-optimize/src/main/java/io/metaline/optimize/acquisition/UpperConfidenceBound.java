package io.metaline.optimize.acquisition;

import io.metaline.optimize.gp.GaussianProcess;
import io.metaline.optimize.gp.Prediction;

/**
 * GP upper confidence bound (Srinivas, Krause, Kakade and Seeger, "Gaussian process optimization in the bandit
 * setting: no regret and experimental design", ICML 2010): {@code mu + sqrt(beta) sigma} when maximising. When
 * minimising the score is the negated lower confidence bound {@code -(mu - sqrt(beta) sigma)}, so that, as for every
 * acquisition here, larger scores are better. Uses the latent (noise-free) posterior standard deviation. Immutable.
 */
public final class UpperConfidenceBound {
    private final double beta;
    private final Direction direction;

    /** @param beta non-negative exploration weight (beta = 0 is pure exploitation of the posterior mean) */
    public UpperConfidenceBound(double beta, Direction direction) {
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("UpperConfidenceBound: beta must be finite and >= 0, got " + beta);
        }
        this.beta = beta;
        this.direction = direction;
    }

    public double beta() {
        return beta;
    }

    /** The score for a N(mean, sd^2) outcome; larger is better. */
    public double score(double mean, double sd) {
        double b = Math.sqrt(beta) * sd;
        return direction == Direction.MAXIMISE ? mean + b : -(mean - b);
    }

    /** Scores at each point; larger is better. */
    public double[] values(GaussianProcess gp, double[][] points) {
        Prediction p = gp.predict(points);
        double[] out = new double[points.length];
        for (int i = 0; i < out.length; i++) out[i] = score(p.mean()[i], p.sd(i));
        return out;
    }
}
