package io.metaline.connect.loop;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When a suggestion may go onto the line without an operator. MANUAL: always wait for an approval or rejection.
 * AUTO_WITHIN_ENVELOPE: the agent approves a suggestion itself when every parameter lies within its declared range
 * (a parameter without a range is never auto-approved), and waits for an operator otherwise.
 */
public record ApprovalPolicy(Mode mode, Map<String, Range> envelope) {
    public enum Mode { MANUAL, AUTO_WITHIN_ENVELOPE }

    /** An inclusive range of a parameter, in its unit. */
    public record Range(double lower, double upper) {
        public Range {
            if (!Double.isFinite(lower) || !Double.isFinite(upper) || lower > upper) {
                throw new IllegalArgumentException("envelope range must be finite with lower <= upper, got [" + lower + ", " + upper + "]");
            }
        }

        public boolean contains(double v) {
            return v >= lower && v <= upper;
        }
    }

    public ApprovalPolicy {
        if (mode == null) throw new IllegalArgumentException("approval policy: a mode is required");
        envelope = envelope == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(envelope));
        if (mode == Mode.AUTO_WITHIN_ENVELOPE && envelope.isEmpty()) {
            throw new IllegalArgumentException("approval policy AUTO_WITHIN_ENVELOPE needs a range for each parameter");
        }
    }

    public static ApprovalPolicy manual() {
        return new ApprovalPolicy(Mode.MANUAL, Map.of());
    }

    public static ApprovalPolicy autoWithin(Map<String, Range> envelope) {
        return new ApprovalPolicy(Mode.AUTO_WITHIN_ENVELOPE, envelope);
    }

    /** Whether the agent may approve these settings itself. */
    public boolean autoApproves(Map<String, Double> settings) {
        if (mode != Mode.AUTO_WITHIN_ENVELOPE) return false;
        for (Map.Entry<String, Double> e : settings.entrySet()) {
            Range r = envelope.get(e.getKey());
            if (r == null || e.getValue() == null || !r.contains(e.getValue())) return false;
        }
        return true;
    }

    /** Envelope entries naming no parameter of the study (a misspelt name would silently never auto-approve). */
    public List<String> unknownNames(List<String> parameters) {
        return envelope.keySet().stream().filter(n -> !parameters.contains(n)).toList();
    }
}
