/**
 * Functional neural-network modules.
 *
 * <p>A {@link io.metaline.engine.nn.Module} holds only its configuration (sizes, activations, initialiser); its
 * parameters live outside it in a {@link io.metaline.engine.Params}. {@code init} creates fresh parameters from a
 * seeded {@link io.metaline.engine.Rng}, and {@code forward(params, x)} is a pure function of both arguments, so a
 * meta-learner can run the same network with adapted ("fast") weights and differentiate through the adaptation.
 * Every module is built from {@link io.metaline.engine.Tensor} operations only, so its outputs differentiate to any
 * order.
 *
 * <p>Parameter names carry the structure: {@link io.metaline.engine.nn.Mlp} names its layers {@code "layer0.weight"},
 * {@code "layer0.bias"}, ... Weight layouts follow PyTorch ({@code [out, in]} for a linear layer, {@code [out, in,
 * kernel]} for a convolution, gates stacked r, z, n for a GRU cell), so checkpoints translate one to one. A module
 * given parameters with a missing name or a wrong shape fails with a message naming the module, the parameter, and
 * the expected and actual shapes.
 */
package io.metaline.engine.nn;
