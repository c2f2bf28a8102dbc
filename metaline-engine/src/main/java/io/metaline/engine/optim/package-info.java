/**
 * First-order optimisers for {@link io.metaline.engine.Params}: {@link io.metaline.engine.optim.Sgd} (momentum,
 * Nesterov, L2 weight decay) and {@link io.metaline.engine.optim.Adam} (Adam and AdamW), both following PyTorch's
 * update rules; learning-rate schedules ({@link io.metaline.engine.optim.LrSchedule}); gradient clipping
 * ({@link io.metaline.engine.optim.GradClip}); and the exact, serialisable optimiser state
 * ({@link io.metaline.engine.optim.OptimizerState}) that {@code io.metaline.engine.io.OptimizerStates} writes to disk.
 *
 * <p>Optimisers never modify their inputs: {@code step(params, grads)} returns new parameters. Updates run on raw
 * arrays, so they never record a computation graph. Optimisers are stateful and not thread-safe; use one per
 * training loop.
 */
package io.metaline.engine.optim;
