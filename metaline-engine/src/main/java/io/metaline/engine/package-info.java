/**
 * The numeric core: immutable dense tensors of doubles with reverse-mode automatic differentiation
 * ({@link io.metaline.engine.Autograd}) whose backward rules are themselves differentiable, so gradients can be
 * differentiated again (second-order MAML, Hessian-vector products). Parameters are explicit
 * ({@link io.metaline.engine.Params}); randomness comes from a seeded {@link io.metaline.engine.Rng}.
 */
package io.metaline.engine;
