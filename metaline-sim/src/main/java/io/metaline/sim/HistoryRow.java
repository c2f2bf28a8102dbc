package io.metaline.sim;

import java.util.Map;

/**
 * One historical run: which task, its context, the settings used and the measured outcomes (maps in family order).
 *
 * @param taskId   the task's id
 * @param context  the task's context
 * @param settings the settings of the run
 * @param outcomes the measured (noisy) outcomes
 */
public record HistoryRow(String taskId, Map<String, Double> context, Map<String, Double> settings,
                         Map<String, Double> outcomes) {
    public HistoryRow {
        context = Settings.frozen(context);
        settings = Settings.frozen(settings);
        outcomes = Settings.frozen(outcomes);
    }
}
