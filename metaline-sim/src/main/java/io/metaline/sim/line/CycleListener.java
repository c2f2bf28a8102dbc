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

    /**
     * The setpoints changed (a write or a changeover) and {@code setpointsCycle} is the first cycle that will run with
     * them. Called on the thread that made the change, after it is visible through the simulator's getters; by
     * default ignored.
     *
     * @param line           the line's id
     * @param product        the product the setpoints are for
     * @param setpoints      every parameter's current setpoint, in the family's order
     * @param setpointsCycle the first cycle that will run with them
     */
    default void onSetpointsChanged(String line, String product, java.util.Map<String, Double> setpoints,
                                    long setpointsCycle) {
    }
}
