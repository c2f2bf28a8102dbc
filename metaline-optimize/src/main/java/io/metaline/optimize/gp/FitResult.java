package io.metaline.optimize.gp;

/**
 * The outcome of a {@link HyperparameterFit}.
 *
 * @param gp                    the Gaussian process conditioned on the data with the best hyperparameters found
 * @param logMarginalLikelihood its log marginal likelihood (standardised outputs)
 * @param logPosterior          the maximised objective: log marginal likelihood plus the log prior (without its
 *                              normalising constants; equal to the likelihood when priors are off)
 * @param startsSucceeded       how many of the starts produced a finite optimum
 * @param evaluations           total likelihood-and-gradient evaluations over all starts
 */
public record FitResult(GaussianProcess gp, double logMarginalLikelihood, double logPosterior, int startsSucceeded,
                        int evaluations) {
    /** The fitted hyperparameters. */
    public Hyperparameters hyperparameters() {
        return gp.hyperparameters();
    }
}
