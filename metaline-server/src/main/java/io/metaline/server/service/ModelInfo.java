package io.metaline.server.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A model in the registry: name and version (versions count up per site and name), how it was trained, the job's
 * status and progress (0..1), held-out metrics, the learning curve ([iteration, loss] pairs) and the SHA-256 of the
 * artefact. {@code finished} and {@code checksum} are null until the job ends/succeeds; {@code error} is set when
 * it failed.
 */
public record ModelInfo(String id, String site, String name, int version, String datasetId, List<String> inputs,
                        List<String> outputs, String algorithm, long seed, JobStatus status, double progress,
                        Map<String, Double> metrics, List<double[]> learningCurve, String checksum, String createdBy,
                        Instant created, Instant finished, String error) {
    public ModelInfo {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        metrics = metrics == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
        learningCurve = learningCurve == null ? List.of() : List.copyOf(learningCurve);
    }
}
