package io.metaline.sim;

import io.metaline.engine.Rng;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A family of related optimisation tasks: one kind of process (or benchmark function) whose tasks differ by product,
 * material, tool, machine condition and ambient, but share their parameters, outcomes and the shape of their
 * response. That shared shape is what meta-learning exploits.
 *
 * <p>Lifecycle: a family is an immutable, thread-safe description. {@link #sampleTask} draws a new task from the
 * task distribution using only the given generator, so the same seed gives the same task.
 */
public interface ProcessFamily {

    /** Registry name, {@code snake_case} (see {@link Families}). */
    String name();

    /** What can be set, in a fixed order. */
    List<Parameter> parameters();

    /** What a run measures, in a fixed order: exactly one objective, then constraints and observed values. */
    List<Outcome> outcomes();

    /**
     * Variables the line reports about a task but MetaLine does not set (ambient temperature, a material lot's index,
     * a board's thickness), in the order of {@link ProcessTask#context()}.
     */
    List<String> contextNames();

    /** The name of the objective outcome; its direction is {@code objectiveOutcome().direction()}. */
    String objective();

    /** A new task: task-level variation of product, material, tool, machine condition and ambient. */
    ProcessTask sampleTask(Rng rng);

    /** A human-readable description: parameters and outcomes with units, the model's equations and its sources. */
    String describe();

    /** The parameter called {@code name}. */
    default Parameter parameter(String name) {
        return parameters().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException(name() + ": no parameter '" + name + "'; parameters are "
                        + parameters().stream().map(Parameter::name).toList()));
    }

    /** The outcome called {@code name}. */
    default Outcome outcome(String name) {
        return outcomes().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException(name() + ": no outcome '" + name + "'; outcomes are "
                        + outcomes().stream().map(Outcome::name).toList()));
    }

    /** The objective outcome. */
    default Outcome objectiveOutcome() {
        return outcome(objective());
    }

    /** The known-safe default settings, in parameter order. */
    default Map<String, Double> defaultSettings() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Parameter p : parameters()) m.put(p.name(), p.defaultValue());
        return Settings.frozen(m);
    }
}
