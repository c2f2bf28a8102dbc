/**
 * Gaussian-process surrogates for the process optimiser, on plain {@code double[]} arrays: a jittered
 * {@link io.metaline.optimize.gp.Cholesky} with rank-one extension, the ARD
 * {@link io.metaline.optimize.gp.Matern52Kernel}, exact {@link io.metaline.optimize.gp.GaussianProcess} regression with
 * standardised outputs and per-observation noise multipliers (posterior mean, variance, joint samples, log marginal
 * likelihood and its gradient), and multi-start MAP {@link io.metaline.optimize.gp.HyperparameterFit}. Inputs are
 * expected in the unit cube. Main reference: Rasmussen and Williams, "Gaussian Processes for Machine Learning", MIT
 * Press 2006.
 */
package io.metaline.optimize.gp;
