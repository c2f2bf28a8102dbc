package io.metaline.cli.optimize;

import java.util.Arrays;
import java.util.List;

/** The optimisers compared by {@code bench optimize} and offered by {@code optimize --method}. */
public enum Method {
    /** Uniform random within the step envelope around the previous setting (never model-based). */
    RANDOM("random"),
    /** A Gaussian process per outcome, expected improvement; no transfer. */
    GP_EI("gp_ei"),
    /** The first 3 trials at the optima (or best settings) of 3 earlier tasks, then GP-EI. */
    WARM_START("warm_start"),
    /** Ranking-weighted Gaussian process ensemble of the earlier tasks' GPs and the new task's. */
    RGPE("rgpe"),
    /** The meta-learned surrogate: the prior network adapted to the task's runs plus a residual GP. */
    META("meta");

    private final String key;

    Method(String key) {
        this.key = key;
    }

    /** The name on the command line and in JSON. */
    public String key() {
        return key;
    }

    /** Whether the method learns from earlier tasks (and so needs their history). */
    public boolean usesHistory() {
        return this == WARM_START || this == RGPE || this == META;
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(Method::key).toList();
    }

    public static Method of(String key) {
        for (Method m : values()) if (m.key.equals(key)) return m;
        throw new IllegalArgumentException("unknown method '" + key + "'; methods are " + keys());
    }

    @Override
    public String toString() {
        return key;
    }
}
