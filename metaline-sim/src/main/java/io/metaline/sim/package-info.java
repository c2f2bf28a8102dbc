/**
 * Seeded simulators that generate optimisation tasks: production process families with physical parameters and
 * units ({@link io.metaline.sim.InjectionMoulding}, {@link io.metaline.sim.ReflowSoldering},
 * {@link io.metaline.sim.CncMachining}), the MetaBO benchmark function families ({@link io.metaline.sim.Branin},
 * {@link io.metaline.sim.GoldsteinPrice}, {@link io.metaline.sim.Hartmann3}), and historical data for source tasks
 * ({@link io.metaline.sim.HistoryGenerator}).
 *
 * <p>A {@link io.metaline.sim.ProcessFamily} declares what can be set ({@link io.metaline.sim.Parameter}: bounds,
 * unit, max step per move, a known-safe default) and what is measured ({@link io.metaline.sim.Outcome}: the objective,
 * hard safety limits, soft specifications). {@link io.metaline.sim.ProcessFamily#sampleTask} draws a task (a product,
 * material lot, tool or machine condition); a {@link io.metaline.sim.ProcessTask} runs settings with measurement
 * noise, ages by drift, and knows its true optimum, which is for the benchmark only and never for the optimiser.
 *
 * <p>Everything random comes from an {@link io.metaline.engine.Rng} passed in: the same seed gives the same tasks,
 * runs and CSV bytes. Registry by name: {@link io.metaline.sim.Families}.
 */
package io.metaline.sim;
