package io.metaline.sim;

import io.metaline.engine.Rng;

import java.util.Map;

/**
 * One task of a {@link ProcessFamily}: a product on a machine with a material lot, at some state of wear.
 *
 * <p>Lifecycle and mutation: a task is immutable and thread-safe. Wear does not accumulate behind the caller's back:
 * {@link #drifted(int)} returns the same task aged by a number of runs (a simulator that runs the line calls it as
 * runs go by). Settings maps must name every parameter of the family and nothing else, with allowed values
 * ({@link Parameter#admits}); anything else is an {@link IllegalArgumentException} that names the key.
 *
 * <p>{@link #expected}, {@link #violatesHardLimit}, {@link #isFeasible} and {@link #optimum} are ground truth for
 * benchmarks and tests. An optimiser sees only {@link #context()} and what {@link #run} returns.
 */
public interface ProcessTask {

    /** A stable identifier, unique within a generated set of tasks. */
    String id();

    /** The family this task belongs to. */
    ProcessFamily family();

    /** The observable context, by {@link ProcessFamily#contextNames()} in that order. */
    Map<String, Double> context();

    /** Runs since this task was sampled (its drift state). */
    int age();

    /**
     * One run: the measured outcomes (by name, in family order) with measurement noise drawn from {@code noise}.
     * The task itself does not change (see {@link #drifted(int)}).
     */
    Map<String, Double> run(Map<String, Double> settings, Rng noise);

    /** The noise-free outcomes at {@code settings}: for benchmarks only. */
    Map<String, Double> expected(Map<String, Double> settings);

    /** Whether the noise-free outcomes at {@code settings} break a {@link Outcome.Severity#HARD} limit. */
    boolean violatesHardLimit(Map<String, Double> settings);

    /** Whether the noise-free outcomes at {@code settings} satisfy every constraint, hard and soft. */
    boolean isFeasible(Map<String, Double> settings);

    /**
     * The true best settings among those satisfying every constraint (hard and soft), found by a dense random
     * sample plus multistart local search on the noise-free model and cached; or known in closed form for the
     * benchmark functions.
     */
    Optimum optimum();

    /** This task after {@code runs} more runs of wear (see the family's documentation for the drift policy). */
    ProcessTask drifted(int runs);
}
