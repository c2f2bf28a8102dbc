package io.metaline.optimize;

import java.util.List;
import java.util.Map;

/**
 * What to run next, and why.
 *
 * @param trialId      the id to report the result under
 * @param settings     the settings to run (within bounds and max step, by construction)
 * @param predictions  the model's mean and standard deviation for each outcome at these settings
 * @param acquisition  the acquisition value that chose it (log scale for expected improvement)
 * @param reason       a short explanation for the operator
 * @param similarTasks source tasks the prior resembles most for this task, when a meta-learned prior is used
 */
public record Suggestion(int trialId, Map<String, Double> settings, Map<String, Prediction> predictions, double acquisition,
                         String reason, List<String> similarTasks) {
    public Suggestion {
        settings = Map.copyOf(settings);
        predictions = Map.copyOf(predictions);
        similarTasks = similarTasks == null ? List.of() : List.copyOf(similarTasks);
    }

    /** A predicted outcome: mean and standard deviation in the outcome's unit. */
    public record Prediction(double mean, double sd) {}
}
