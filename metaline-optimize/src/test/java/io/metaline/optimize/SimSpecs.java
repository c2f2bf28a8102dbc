package io.metaline.optimize;

import io.metaline.engine.Rng;
import io.metaline.optimize.acquisition.Direction;
import io.metaline.sim.Outcome;
import io.metaline.sim.Parameter;
import io.metaline.sim.ProcessFamily;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only adapter from a simulator family to a study (the production one lives in the CLI, which may depend on the
 * simulator; the optimiser may not): each {@link Parameter} becomes a {@link ParameterSpec} with the family's max
 * step (categorical levels may change), each finite side of a HARD or SOFT outcome an {@link OutcomeConstraint}, the
 * objective an {@link Objective}, and each context variable a {@link ContextSpec} over the range seen on 256 sampled
 * tasks.
 */
final class SimSpecs {
    private SimSpecs() {}

    static StudySpec spec(ProcessFamily family, String name) {
        List<ParameterSpec> params = new ArrayList<>();
        for (Parameter p : family.parameters()) {
            params.add(switch (p.kind()) {
                case CONTINUOUS -> ParameterSpec.continuous(p.name(), p.unit(), p.lower(), p.upper(), p.maxStep());
                case INTEGER -> ParameterSpec.integer(p.name(), p.unit(), p.lower(), p.upper(), p.maxStep());
                case CATEGORICAL -> ParameterSpec.categorical(p.name(), p.levels(), true);
            });
        }
        Outcome o = family.objectiveOutcome();
        Objective objective = new Objective(o.name(), o.direction() == Outcome.Direction.MAXIMISE ? Direction.MAXIMISE : Direction.MINIMISE);
        return StudySpec.of(name, new SearchSpace(params, context(family)), objective).withConstraints(constraints(family));
    }

    static List<OutcomeConstraint> constraints(ProcessFamily family) {
        List<OutcomeConstraint> out = new ArrayList<>();
        for (Outcome o : family.outcomes()) {
            if (!o.isConstraint()) continue;
            var severity = o.isHard() ? OutcomeConstraint.Severity.HARD : OutcomeConstraint.Severity.SOFT;
            if (o.lower() != Double.NEGATIVE_INFINITY) out.add(new OutcomeConstraint(o.name(), OutcomeConstraint.Sense.AT_LEAST, o.lower(), severity));
            if (o.upper() != Double.POSITIVE_INFINITY) out.add(new OutcomeConstraint(o.name(), OutcomeConstraint.Sense.AT_MOST, o.upper(), severity));
        }
        return out;
    }

    static List<ContextSpec> context(ProcessFamily family) {
        List<String> names = family.contextNames();
        double[] lo = new double[names.size()], hi = new double[names.size()];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        Rng rng = new Rng(77);
        for (int i = 0; i < 256; i++) {
            Map<String, Double> c = family.sampleTask(rng.split(i)).context();
            for (int k = 0; k < names.size(); k++) {
                lo[k] = Math.min(lo[k], c.get(names.get(k)));
                hi[k] = Math.max(hi[k], c.get(names.get(k)));
            }
        }
        List<ContextSpec> out = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            double pad = hi[k] > lo[k] ? 0.05 * (hi[k] - lo[k]) : 1.0;
            out.add(new ContextSpec(names.get(k), "", lo[k] - pad, hi[k] + pad));
        }
        return out;
    }

    /** The outcomes the study declares, from everything the simulator measured. */
    static Map<String, Double> declared(StudySpec spec, Map<String, Double> measured) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String name : spec.outcomes()) out.put(name, measured.get(name));
        return out;
    }
}
