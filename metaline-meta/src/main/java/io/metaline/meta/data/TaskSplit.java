package io.metaline.meta.data;

import java.util.List;

/**
 * A partition of task ids into meta-training, validation (model selection, early stopping) and test (final report)
 * tasks. Each list keeps the tasks' first-appearance order in the data.
 */
public record TaskSplit(List<String> train, List<String> validation, List<String> test) {
    public TaskSplit {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }

    @Override
    public String toString() {
        return "TaskSplit{train " + train.size() + ", validation " + validation.size() + ", test " + test.size() + "}";
    }
}
