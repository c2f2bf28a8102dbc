package io.metaline.optimize;

/**
 * How much older observations of a drifting process count. A weight w in (0, 1] divides into the observation's
 * noise variance (weight 1/2 = twice the noise), so old runs still inform the model but yield to recent ones.
 *
 * @param kind     NONE (all runs count fully), HALF_LIFE (weight halves every {@code runs} later runs) or WINDOW
 *                 (only the last {@code runs} runs count)
 * @param runs     the half-life or window length, in completed runs
 */
public record DriftPolicy(Kind kind, int runs) {
    public enum Kind { NONE, HALF_LIFE, WINDOW }

    public static final DriftPolicy NONE = new DriftPolicy(Kind.NONE, 0);

    public DriftPolicy {
        if (kind == null) throw new IllegalArgumentException("drift policy: kind is required");
        if (kind != Kind.NONE && runs < 1) throw new IllegalArgumentException("drift policy " + kind + ": runs must be >= 1, got " + runs);
    }

    public static DriftPolicy halfLife(int runs) {
        return new DriftPolicy(Kind.HALF_LIFE, runs);
    }

    public static DriftPolicy window(int runs) {
        return new DriftPolicy(Kind.WINDOW, runs);
    }

    /** Weight of an observation followed by {@code newer} more recent completed runs; 0 means forgotten. */
    public double weight(int newer) {
        return switch (kind) {
            case NONE -> 1.0;
            case HALF_LIFE -> Math.pow(0.5, (double) newer / runs);
            case WINDOW -> newer < runs ? 1.0 : 0.0;
        };
    }
}
