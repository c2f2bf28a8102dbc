package io.metaline.server.service;

import io.metaline.optimize.Objective;
import io.metaline.optimize.OutcomeConstraint;
import io.metaline.optimize.ParameterSpec;
import io.metaline.optimize.SearchSpace;
import io.metaline.optimize.StudySpec;
import java.util.List;
import java.util.Map;

/** A small study and a deterministic plant to run it on, shared by the service tests. */
final class Fixtures {
    private Fixtures() {}

    /** Two temperatures with step limits; maximise yield, power at most 9. */
    static StudySpec spec(String name, long seed) {
        SearchSpace space = SearchSpace.of(
                ParameterSpec.continuous("t1", "°C", 100, 200, 20),
                ParameterSpec.continuous("t2", "°C", 0, 50, 10));
        return StudySpec.of(name, space, Objective.maximise("yield"))
                .withConstraints(List.of(OutcomeConstraint.hardMax("power", 9)))
                .withInitialTrials(3).withSeed(seed);
    }

    /** The plant's response to settings: a smooth bump, and power rising with both temperatures. */
    static Map<String, Double> run(Map<String, Double> settings) {
        double a = (settings.get("t1") - 160) / 40, b = (settings.get("t2") - 20) / 15;
        return Map.of("yield", 10 - a * a - b * b, "power", 3 + settings.get("t1") / 40 + settings.get("t2") / 25);
    }
}
