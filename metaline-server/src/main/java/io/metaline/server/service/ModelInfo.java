package io.metaline.server.service;

import io.metaline.optimize.OutcomeConstraint;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A model in the registry: name and version (versions count up per site and name), how it was trained, the job's
 * status and progress (0..1), held-out metrics, the learning curve ([iteration, loss] pairs) and the SHA-256 of the
 * artefact. {@code finished} and {@code checksum} are null until the job ends/succeeds; {@code error} is set when
 * it failed.
 *
 * <p>Metrics of a succeeded model, per output {@code o}: {@code o.heldout_rmse_k1}, {@code _k3}, {@code _k5},
 * {@code _k10} (root-mean-square error of the prior adapted on k runs of a held-out source task, in standard
 * deviations of the output), {@code o.std} (that standard deviation); and {@code source_tasks},
 * {@code train_seconds}; a model trained with an objective and limits also
 * {@code <objective>.over_limited_outputs.heldout_rmse} (the objective learnt over the limited outputs, shared by every
 * task, on held-out source tasks). The learning curve holds up to about 200 points; its iteration counts across
 * outputs (output i's iterations follow output i-1's).
 *
 * @param objective the output the prior also learnt over the limited ones, or null
 * @param limits    the limits it was learnt with (empty for none)
 */
public record ModelInfo(String id, String site, String name, int version, String datasetId, List<String> inputs,
                        List<String> outputs, String objective, List<OutcomeConstraint> limits, String algorithm, long seed,
                        JobStatus status, double progress, Map<String, Double> metrics, List<double[]> learningCurve,
                        String checksum, String createdBy, Instant created, Instant finished, String error) {
    public ModelInfo {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        limits = limits == null ? List.of() : List.copyOf(limits);
        metrics = metrics == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
        learningCurve = learningCurve == null ? List.of() : List.copyOf(learningCurve);
    }
}
