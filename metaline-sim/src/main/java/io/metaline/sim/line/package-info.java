/**
 * A production line in software: {@link io.metaline.sim.line.LineSimulator} runs one product (a
 * {@link io.metaline.sim.ProcessTask}) in cycles, in real time or stepped, with current setpoints, measurement noise,
 * wear, hard-limit checks and product changeovers, and reports each cycle as a
 * {@link io.metaline.sim.line.CycleResult} to its {@link io.metaline.sim.line.CycleListener}s.
 *
 * <p>The physics is the family's: the simulator only calls {@link io.metaline.sim.ProcessTask#run},
 * {@link io.metaline.sim.ProcessTask#drifted} and {@link io.metaline.sim.ProcessTask#violatesHardLimit}.
 */
package io.metaline.sim.line;
