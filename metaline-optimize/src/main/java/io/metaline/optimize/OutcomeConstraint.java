package io.metaline.optimize;

/**
 * A limit on a measured outcome. A HARD limit is a safety limit: never to be crossed, and in safe mode a setting is
 * suggested only where the model is confident it holds. A SOFT limit is a specification: the optimiser prefers
 * settings likely to meet it.
 */
public record OutcomeConstraint(String outcome, Sense sense, double limit, Severity severity) {
    public enum Sense { AT_MOST, AT_LEAST }

    public enum Severity { HARD, SOFT }

    public OutcomeConstraint {
        if (outcome == null || outcome.isBlank()) throw new IllegalArgumentException("constraint: an outcome name is required");
        if (sense == null || severity == null) throw new IllegalArgumentException("constraint on '" + outcome + "': sense and severity are required");
        if (!Double.isFinite(limit)) throw new IllegalArgumentException("constraint on '" + outcome + "': the limit must be finite");
    }

    public static OutcomeConstraint hardMax(String outcome, double limit) {
        return new OutcomeConstraint(outcome, Sense.AT_MOST, limit, Severity.HARD);
    }

    public static OutcomeConstraint hardMin(String outcome, double limit) {
        return new OutcomeConstraint(outcome, Sense.AT_LEAST, limit, Severity.HARD);
    }

    public static OutcomeConstraint softMax(String outcome, double limit) {
        return new OutcomeConstraint(outcome, Sense.AT_MOST, limit, Severity.SOFT);
    }

    public static OutcomeConstraint softMin(String outcome, double limit) {
        return new OutcomeConstraint(outcome, Sense.AT_LEAST, limit, Severity.SOFT);
    }

    public boolean satisfiedBy(double value) {
        return sense == Sense.AT_MOST ? value <= limit : value >= limit;
    }

    /** The value as an "at most" quantity, so that every constraint reads g <= limitAsUpper. */
    double asUpper(double value) {
        return sense == Sense.AT_MOST ? value : -value;
    }

    double limitAsUpper() {
        return sense == Sense.AT_MOST ? limit : -limit;
    }
}
