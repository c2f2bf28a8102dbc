package io.metaline.optimize;

import io.metaline.optimize.acquisition.Direction;

/** The outcome to optimise and in which direction. */
public record Objective(String outcome, Direction direction) {
    public Objective {
        if (outcome == null || outcome.isBlank()) throw new IllegalArgumentException("objective: an outcome name is required");
        if (direction == null) throw new IllegalArgumentException("objective: a direction (MAXIMISE or MINIMISE) is required");
    }

    public static Objective maximise(String outcome) {
        return new Objective(outcome, Direction.MAXIMISE);
    }

    public static Objective minimise(String outcome) {
        return new Objective(outcome, Direction.MINIMISE);
    }
}
