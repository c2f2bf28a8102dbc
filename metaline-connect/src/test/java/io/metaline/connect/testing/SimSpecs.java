package io.metaline.connect.testing;

import io.metaline.engine.Rng;
import io.metaline.optimize.ContextSpec;
import io.metaline.optimize.Objective;
import io.metaline.optimize.OutcomeConstraint;
import io.metaline.optimize.ParameterSpec;
import io.metaline.optimize.SearchSpace;
import io.metaline.optimize.StudySpec;
import io.metaline.optimize.acquisition.Direction;
import io.metaline.sim.Outcome;
import io.metaline.sim.Parameter;
import io.metaline.sim.ProcessFamily;
import java.util.ArrayList;
import java.util.List;

/** Study declarations for simulator families, for the connector tests (the CLI has its own adapter). */
public final class SimSpecs {
    private SimSpecs() {}

    /** Every parameter (family max step), every context variable (range seen over 64 tasks), objective and limits. */
    public static StudySpec of(ProcessFamily family, String name, int initialTrials, long seed) {
        List<ParameterSpec> params = new ArrayList<>();
        for (Parameter p : family.parameters()) {
            params.add(switch (p.kind()) {
                case CONTINUOUS -> ParameterSpec.continuous(p.name(), p.unit(), p.lower(), p.upper(), p.maxStep());
                case INTEGER -> ParameterSpec.integer(p.name(), p.unit(), p.lower(), p.upper(), p.maxStep());
                case CATEGORICAL -> ParameterSpec.categorical(p.name(), p.levels(), true);
            });
        }
        List<ContextSpec> context = new ArrayList<>();
        Rng rng = new Rng(99);
        for (String c : family.contextNames()) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < 64; i++) {
                double v = family.sampleTask(rng.split(i)).context().get(c);
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            double pad = hi > lo ? 0.1 * (hi - lo) : 1.0;
            context.add(new ContextSpec(c, "", lo - pad, hi + pad));
        }
        Outcome o = family.objectiveOutcome();
        Objective objective = new Objective(o.name(), o.direction() == Outcome.Direction.MAXIMISE ? Direction.MAXIMISE : Direction.MINIMISE);
        List<OutcomeConstraint> constraints = new ArrayList<>();
        for (Outcome c : family.outcomes()) {
            if (!c.isConstraint()) continue;
            OutcomeConstraint.Severity sev = c.isHard() ? OutcomeConstraint.Severity.HARD : OutcomeConstraint.Severity.SOFT;
            if (c.lower() != Double.NEGATIVE_INFINITY) constraints.add(new OutcomeConstraint(c.name(), OutcomeConstraint.Sense.AT_LEAST, c.lower(), sev));
            if (c.upper() != Double.POSITIVE_INFINITY) constraints.add(new OutcomeConstraint(c.name(), OutcomeConstraint.Sense.AT_MOST, c.upper(), sev));
        }
        return StudySpec.of(name, new SearchSpace(params, context), objective)
                .withConstraints(constraints).withInitialTrials(initialTrials).withSeed(seed);
    }
}
