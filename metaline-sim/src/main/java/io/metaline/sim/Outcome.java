package io.metaline.sim;

/**
 * Something a run measures, and what it means to the optimiser: the objective, a constraint, or a value that is only
 * observed.
 *
 * <p>A constraint holds when {@code lower <= value <= upper} (an absent side is infinite). A {@link Severity#HARD}
 * constraint is a safety limit that must never be exceeded, not even once to learn where it is; a
 * {@link Severity#SOFT} one is a product specification (out of spec costs scrap, not safety).
 *
 * @param name      identifier, {@code snake_case}, unique within a family
 * @param unit      physical unit
 * @param role      objective, constraint or observed
 * @param direction for the objective: which way is better; {@code null} otherwise
 * @param lower     smallest acceptable value of a constraint, {@code -Infinity} if none or not a constraint
 * @param upper     largest acceptable value of a constraint, {@code +Infinity} if none or not a constraint
 * @param severity  for a constraint: hard or soft; {@code null} otherwise
 */
public record Outcome(String name, String unit, Role role, Direction direction, double lower, double upper,
                      Severity severity) {

    /** What an outcome is for. */
    public enum Role { OBJECTIVE, CONSTRAINT, OBSERVED }

    /** Which way the objective is better. */
    public enum Direction { MAXIMISE, MINIMISE }

    /** How bad it is to break a constraint. */
    public enum Severity {
        /** A safety limit: never exceed. */
        HARD,
        /** A specification: exceeding it makes scrap or rework. */
        SOFT
    }

    public Outcome {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("Outcome: name must be non-blank");
        if (unit == null) throw new IllegalArgumentException("Outcome " + name + ": unit must not be null");
        if (role == null) throw new IllegalArgumentException("Outcome " + name + ": role must not be null");
        if ((role == Role.OBJECTIVE) != (direction != null)) {
            throw new IllegalArgumentException("Outcome " + name + ": a direction is required for, and only for, the"
                    + " objective (role " + role + ", direction " + direction + ")");
        }
        if ((role == Role.CONSTRAINT) != (severity != null)) {
            throw new IllegalArgumentException("Outcome " + name + ": a severity is required for, and only for, a"
                    + " constraint (role " + role + ", severity " + severity + ")");
        }
        if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
            throw new IllegalArgumentException("Outcome " + name + ": need lower <= upper, got [" + lower + ", "
                    + upper + "]");
        }
        boolean bounded = lower != Double.NEGATIVE_INFINITY || upper != Double.POSITIVE_INFINITY;
        if ((role == Role.CONSTRAINT) != bounded) {
            throw new IllegalArgumentException("Outcome " + name + ": a constraint needs a finite limit and only a"
                    + " constraint may have one (role " + role + ", [" + lower + ", " + upper + "])");
        }
    }

    /** The objective, to be maximised or minimised. */
    public static Outcome objective(String name, String unit, Direction direction) {
        return new Outcome(name, unit, Role.OBJECTIVE, direction, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
                null);
    }

    /** A constraint {@code value <= limit}. */
    public static Outcome atMost(String name, String unit, double limit, Severity severity) {
        return new Outcome(name, unit, Role.CONSTRAINT, null, Double.NEGATIVE_INFINITY, limit, severity);
    }

    /** A constraint {@code value >= limit}. */
    public static Outcome atLeast(String name, String unit, double limit, Severity severity) {
        return new Outcome(name, unit, Role.CONSTRAINT, null, limit, Double.POSITIVE_INFINITY, severity);
    }

    /** A constraint {@code lower <= value <= upper}. */
    public static Outcome within(String name, String unit, double lower, double upper, Severity severity) {
        return new Outcome(name, unit, Role.CONSTRAINT, null, lower, upper, severity);
    }

    /** A value that is measured and reported but neither optimised nor constrained. */
    public static Outcome observed(String name, String unit) {
        return new Outcome(name, unit, Role.OBSERVED, null, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, null);
    }

    public boolean isObjective() {
        return role == Role.OBJECTIVE;
    }

    public boolean isConstraint() {
        return role == Role.CONSTRAINT;
    }

    public boolean isHard() {
        return severity == Severity.HARD;
    }

    /** Whether {@code value} breaks this constraint (NaN always does); never true for a non-constraint. */
    public boolean violatedBy(double value) {
        if (role != Role.CONSTRAINT) return false;
        return Double.isNaN(value) || value < lower || value > upper;
    }

    /** {@code +1} if larger is better, {@code -1} if smaller is better; only for the objective. */
    public double sign() {
        if (direction == null) throw new IllegalStateException("Outcome " + name + " is not the objective");
        return direction == Direction.MAXIMISE ? 1 : -1;
    }
}
