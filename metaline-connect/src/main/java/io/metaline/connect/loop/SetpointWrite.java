package io.metaline.connect.loop;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A receipt for setpoints written to a line: which cycle had completed before the write, so that only a later cycle
 * that ran with these setpoints counts as their run.
 *
 * @param settings    the setpoints written, by study names
 * @param cycleBefore the last cycle completed before the write (its outcomes belong to the previous setpoints)
 */
public record SetpointWrite(Map<String, Double> settings, long cycleBefore) {
    public SetpointWrite {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }
}
