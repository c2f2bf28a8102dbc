package io.metaline.connect.loop;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A line as the agent drives it, by study variable names (the mapping translates them to tags).
 *
 * <p>Lifecycle: {@link #open()} connects and checks the mapping against the live source (throwing a
 * {@link io.metaline.connect.mapping.MappingException} listing every mismatch); then any of the calls, from one
 * thread at a time; {@link #close()} releases everything. A dropped connection is re-established by the
 * implementation; a call made while it is down throws a {@link LineConnectionException} the agent retries.
 */
public interface LineConnection extends AutoCloseable {
    /** The line's id. */
    String line();

    /** Connects and validates the mapping against the live source. Idempotent. */
    void open() throws Exception;

    /** The context variables now. */
    Map<String, Double> readContext() throws Exception;

    /** The setpoints the line runs now. */
    Map<String, Double> readSetpoints() throws Exception;

    /** Writes every given setpoint (all study parameters) and returns a receipt for {@link #awaitRun}. */
    SetpointWrite write(Map<String, Double> settings) throws Exception;

    /**
     * Waits up to {@code wait} for the first cycle after {@code written.cycleBefore()} that ran with the written
     * setpoints, and returns it; empty when none completed in time (call again to keep waiting).
     *
     * @throws SetpointsLostException when the line no longer runs these setpoints (changeover, restart, another
     *                                writer): the written setpoints will never run unless written again
     */
    Optional<CycleReading> awaitRun(SetpointWrite written, Duration wait) throws Exception;

    @Override
    void close();
}
