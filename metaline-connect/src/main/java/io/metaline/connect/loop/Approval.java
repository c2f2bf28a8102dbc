package io.metaline.connect.loop;

/** Where a suggestion stands before it may be written to the line. */
public enum Approval {
    /** Nobody has decided yet: the setpoints must not be written. */
    PENDING,
    /** An operator (or the agent's envelope policy) allowed the setpoints onto the line. */
    APPROVED,
    /** Refused: the trial is failed ("rejected: ...") and never runs. */
    REJECTED
}
