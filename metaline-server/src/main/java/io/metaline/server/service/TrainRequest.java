package io.metaline.server.service;

import io.metaline.optimize.OutcomeConstraint;
import java.util.List;

/**
 * What to train: a meta-learned prior over {@code inputs} -> {@code outputs} from a dataset's tasks.
 *
 * @param algorithm  a meta-learning algorithm MetaPrior supports (e.g. "maml", "fomaml", "reptile", "anil",
 *                   "metasgd"); null means the default
 * @param iterations meta-training iterations; null means the server's small default (2000)
 * @param objective  the output a study will optimise, or null; with {@code limits} the prior also learns it over the
 *                   settings and the limited outputs ({@code MetaPrior.withObjectiveOverOutcomes})
 * @param limits     the limits studies will keep on other outputs (empty for none)
 */
public record TrainRequest(String datasetId, List<String> inputs, List<String> outputs, String algorithm, long seed,
                           Integer iterations, String objective, List<OutcomeConstraint> limits) {
    public TrainRequest {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        limits = limits == null ? List.of() : List.copyOf(limits);
    }

    /** A request without an objective learnt over limited outputs. */
    public TrainRequest(String datasetId, List<String> inputs, List<String> outputs, String algorithm, long seed, Integer iterations) {
        this(datasetId, inputs, outputs, algorithm, seed, iterations, null, List.of());
    }
}
