/**
 * Acquisition functions over {@link io.metaline.optimize.gp.GaussianProcess} posteriors: numerically safe log
 * {@link io.metaline.optimize.acquisition.ExpectedImprovement} (Ament et al., NeurIPS 2023),
 * {@link io.metaline.optimize.acquisition.UpperConfidenceBound}, joint
 * {@link io.metaline.optimize.acquisition.ThompsonSampling} over candidate sets, and log
 * {@link io.metaline.optimize.acquisition.ProbabilityOfFeasibility} for outcome constraints, plus the
 * {@link io.metaline.optimize.acquisition.Normal} distribution functions they rest on. Every score is "larger is
 * better", for maximisation and minimisation alike.
 */
package io.metaline.optimize.acquisition;
