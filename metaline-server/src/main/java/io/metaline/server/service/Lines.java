package io.metaline.server.service;

import java.util.List;

/**
 * Production lines and their latest state. {@link #report} upserts by id within the caller's site (the state's
 * site field is ignored and replaced by the caller's) and commits before returning. Thread-safe.
 */
public interface Lines {
    /** BadInput for a blank id or a state other than running, changeover, stopped. */
    LineState report(Principal who, LineState state);

    List<LineState> list(Principal who);
}
