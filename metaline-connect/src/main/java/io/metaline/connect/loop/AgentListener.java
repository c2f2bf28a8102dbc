package io.metaline.connect.loop;

import io.metaline.optimize.Suggestion;
import java.util.Map;

/**
 * Progress of a {@link LineAgent}, for a console, a dashboard or a test. Called on the agent's thread; keep it
 * quick and do not throw (an exception is logged and ignored).
 */
public interface AgentListener {
    /** A new suggestion; {@code autoApproved} when the envelope policy approved it, else it waits for an operator. */
    default void suggested(Suggestion suggestion, boolean autoApproved) {}

    /** An operator rejected the suggestion; it never ran. */
    default void rejected(int trialId) {}

    /** The approved setpoints were written to the line. */
    default void written(int trialId, Map<String, Double> settings) {}

    /** A run's outcomes were told to the study. */
    default void told(AgentProgress progress) {}

    /** A trial was failed (timeout, unusable measurement, stop). */
    default void failed(int trialId, String reason) {}

    /** The line or the study could not be reached; the agent retries. */
    default void connectionProblem(String message) {}
}
