package io.metaline.optimize.gp;

/**
 * A matrix that should be symmetric positive definite could not be factorised, even after adding the largest
 * diagonal jitter allowed. The message names the matrix size, the jitter tried and the failing pivot.
 */
public final class CholeskyException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    public CholeskyException(String message) {
        super(message);
    }
}
