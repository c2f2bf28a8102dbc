package io.metaline.server.service;

import java.util.List;

/**
 * What to train: a meta-learned prior over {@code inputs} -> {@code outputs} from a dataset's tasks.
 *
 * @param algorithm  a meta-learning algorithm MetaPrior supports (e.g. "maml", "fomaml", "reptile", "anil",
 *                   "metasgd"); null means the default
 * @param iterations meta-training iterations; null means the server's small default (2000)
 */
public record TrainRequest(String datasetId, List<String> inputs, List<String> outputs, String algorithm, long seed,
                           Integer iterations) {
    public TrainRequest {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }
}
