package io.metaline.meta;

/** Hears about a meta-training run as it goes (progress bars, logs). Called on the training thread. */
public interface TrainingListener {
    /** After each meta-update, with the batch's mean query loss. */
    default void onIteration(int iteration, int totalIterations, double trainLoss) {}

    /** After each validation, with the mean query loss on the held-out tasks. */
    default void onEvaluation(int iteration, Stat validationLoss) {}

    /** Something the user should know: a fall-back to first order, early stopping, a checkpoint written. */
    default void onNotice(String message) {}

    TrainingListener SILENT = new TrainingListener() {};
}
