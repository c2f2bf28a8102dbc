package io.metaline.sim.line;

/**
 * Receives every completed cycle of a {@link LineSimulator}, in cycle order.
 *
 * <p>Called on the thread that ran the cycle (the simulator's scheduler thread in real time, the caller's thread for
 * {@link LineSimulator#runCycle()}), after the cycle's state is visible through the simulator's getters. A listener
 * should return quickly; it may change setpoints or change over (that affects the following cycles). An exception
 * thrown by a listener is logged and does not stop the line or the other listeners.
 */
@FunctionalInterface
public interface CycleListener {

    /** One completed cycle. */
    void onCycle(CycleResult result);
}
