package io.metaline.optimize.acquisition;

import io.metaline.engine.Rng;
import io.metaline.optimize.gp.GaussianProcess;

/**
 * Thompson sampling over a finite candidate set (Thompson, Biometrika 1933; for GPs e.g. Kandasamy et al., "Parallelised
 * Bayesian optimisation via Thompson sampling", AISTATS 2018): draw one joint sample of the latent function at all
 * candidates from the posterior ({@link GaussianProcess#sample}) and pick the candidate where the sample is best.
 * Several samples give a batch (which may repeat a candidate). Immutable; randomness comes from the caller's
 * {@link Rng}.
 */
public final class ThompsonSampling {
    private final Direction direction;

    public ThompsonSampling(Direction direction) {
        this.direction = direction;
    }

    /** The index of the best candidate under one joint posterior sample. */
    public int selectOne(GaussianProcess gp, double[][] candidates, Rng rng) {
        return select(gp, candidates, 1, rng)[0];
    }

    /** For each of {@code numSamples} joint posterior samples, the index of the best candidate. */
    public int[] select(GaussianProcess gp, double[][] candidates, int numSamples, Rng rng) {
        if (candidates.length == 0) throw new IllegalArgumentException("ThompsonSampling: no candidates");
        double[][] samples = gp.sample(candidates, numSamples, rng);
        int[] picks = new int[numSamples];
        for (int s = 0; s < numSamples; s++) picks[s] = best(samples[s], null);
        return picks;
    }

    /**
     * The index of the best value of one posterior sample among the eligible candidates ({@code eligible} null: all),
     * or -1 if none is eligible. For samples drawn by any surrogate (e.g. a study's safe, likely feasible candidates).
     */
    public int best(double[] sample, boolean[] eligible) {
        int best = -1;
        for (int i = 0; i < sample.length; i++) {
            if (eligible != null && !eligible[i]) continue;
            if (best < 0 || direction.better(sample[i], sample[best])) best = i;
        }
        return best;
    }
}
