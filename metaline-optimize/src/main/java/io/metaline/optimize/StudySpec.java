package io.metaline.optimize;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything a study is declared with: what may move, what to optimise, the limits, safety, drift and how
 * suggestions are chosen. Immutable.
 *
 * @param initialTrials trials chosen without a model (random within the step limits) before the surrogate takes
 *                      over; ignored in safe mode, which starts from the declared safe settings
 * @param initialDesign settings to try first, in order (e.g. the best settings of earlier products: a warm
 *                      start); each is approached within the step limits
 * @param acquisition   how the surrogate's predictions become a choice
 * @param seed          seed of the study's random choices
 */
public record StudySpec(String name, SearchSpace space, Objective objective, List<OutcomeConstraint> constraints,
                        SafetyConfig safety, DriftPolicy drift, Acquisition acquisition, int initialTrials,
                        List<java.util.Map<String, Double>> initialDesign, long seed) {
    /**
     * Expected improvement (log form) times probability of feasibility; an upper confidence bound; or Thompson
     * sampling (the best candidate under one joint posterior sample, among those likely to meet every limit).
     */
    public enum Acquisition { EXPECTED_IMPROVEMENT, UPPER_CONFIDENCE_BOUND, THOMPSON_SAMPLING }

    public StudySpec {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("study: a name is required");
        if (space == null || objective == null) throw new IllegalArgumentException("study '" + name + "': space and objective are required");
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
        safety = safety == null ? SafetyConfig.OFF : safety;
        drift = drift == null ? DriftPolicy.NONE : drift;
        acquisition = acquisition == null ? Acquisition.EXPECTED_IMPROVEMENT : acquisition;
        if (initialTrials < 0) throw new IllegalArgumentException("study '" + name + "': initialTrials must be >= 0");
        initialDesign = initialDesign == null ? List.of() : initialDesign.stream().map(java.util.Map::copyOf).toList();
        for (java.util.Map<String, Double> d : initialDesign) space.values(d, "study '" + name + "', initial design");
        Set<String> names = new HashSet<>(space.names());
        for (var c : space.context()) names.add(c.name());
        if (names.contains(objective.outcome())) {
            throw new IllegalArgumentException("study '" + name + "': '" + objective.outcome() + "' is both a setting and the objective");
        }
        for (java.util.Map<String, Double> safe : safety.knownSafe()) space.values(safe, "study '" + name + "', known-safe settings");
    }

    public static StudySpec of(String name, SearchSpace space, Objective objective) {
        return new StudySpec(name, space, objective, List.of(), SafetyConfig.OFF, DriftPolicy.NONE,
                Acquisition.EXPECTED_IMPROVEMENT, 3, List.of(), 0);
    }

    public StudySpec withConstraints(List<OutcomeConstraint> c) {
        return new StudySpec(name, space, objective, c, safety, drift, acquisition, initialTrials, initialDesign, seed);
    }

    public StudySpec withSafety(SafetyConfig s) {
        return new StudySpec(name, space, objective, constraints, s, drift, acquisition, initialTrials, initialDesign, seed);
    }

    public StudySpec withDrift(DriftPolicy d) {
        return new StudySpec(name, space, objective, constraints, safety, d, acquisition, initialTrials, initialDesign, seed);
    }

    public StudySpec withAcquisition(Acquisition a) {
        return new StudySpec(name, space, objective, constraints, safety, drift, a, initialTrials, initialDesign, seed);
    }

    public StudySpec withInitialTrials(int n) {
        return new StudySpec(name, space, objective, constraints, safety, drift, acquisition, n, initialDesign, seed);
    }

    public StudySpec withInitialDesign(List<java.util.Map<String, Double>> design) {
        return new StudySpec(name, space, objective, constraints, safety, drift, acquisition, initialTrials, design, seed);
    }

    public StudySpec withSeed(long s) {
        return new StudySpec(name, space, objective, constraints, safety, drift, acquisition, initialTrials, initialDesign, s);
    }

    /** Outcomes a result must report: the objective's and every constrained one. */
    public List<String> outcomes() {
        List<String> out = new java.util.ArrayList<>();
        out.add(objective.outcome());
        for (OutcomeConstraint c : constraints) if (!out.contains(c.outcome())) out.add(c.outcome());
        return out;
    }

    /** Whether measured outcomes meet every declared limit, hard and soft. */
    public boolean meetsLimits(java.util.Map<String, Double> outcomes) {
        for (OutcomeConstraint c : constraints) if (!c.satisfiedBy(outcomes.get(c.outcome()))) return false;
        return true;
    }
}
