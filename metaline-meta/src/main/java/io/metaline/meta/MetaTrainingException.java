package io.metaline.meta;

/** Meta-training cannot go on: it diverged, or a second-order run would not fit in memory. The message says why. */
public final class MetaTrainingException extends RuntimeException {
    public MetaTrainingException(String message) {
        super(message);
    }
}
