package io.metaline.sim;

import java.util.List;

/**
 * The declaration a process family is made of (name, parameters, outcomes, context, objective), held once so each
 * family only writes its physics: {@link #sampleTask} and {@link #describe}.
 */
abstract class DeclaredFamily implements ProcessFamily {
    private final String name;
    private final List<Parameter> parameters;
    private final List<Outcome> outcomes;
    private final List<String> contextNames;
    private final String objective;

    DeclaredFamily(String name, List<Parameter> parameters, List<Outcome> outcomes, List<String> contextNames,
                   String objective) {
        this.name = name;
        this.parameters = List.copyOf(parameters);
        this.outcomes = List.copyOf(outcomes);
        this.contextNames = List.copyOf(contextNames);
        this.objective = objective;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public final List<Outcome> outcomes() {
        return outcomes;
    }

    @Override
    public final List<String> contextNames() {
        return contextNames;
    }

    @Override
    public final String objective() {
        return objective;
    }

    @Override
    public String toString() {
        return name;
    }
}
