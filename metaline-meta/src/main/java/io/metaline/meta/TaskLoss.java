package io.metaline.meta;

import io.metaline.engine.Losses;
import io.metaline.engine.Tensor;

/** The loss of a model's output on a task's examples: mean squared error or cross-entropy. */
public enum TaskLoss {
    /** Mean squared error against regression targets. */
    MSE,
    /** Cross-entropy of logits against class labels. */
    CROSS_ENTROPY;

    public Tensor of(Tensor output, Examples data) {
        return switch (this) {
            case MSE -> {
                if (data.isClassification()) throw new IllegalArgumentException("MSE loss needs regression targets, got class labels");
                yield Losses.mse(output, data.y());
            }
            case CROSS_ENTROPY -> {
                if (!data.isClassification()) throw new IllegalArgumentException("cross-entropy loss needs class labels, got regression targets");
                yield Losses.crossEntropy(output, data.labels());
            }
        };
    }

    /** The natural loss for these examples. */
    public static TaskLoss forExamples(Examples data) {
        return data.isClassification() ? CROSS_ENTROPY : MSE;
    }
}
