package io.metaline.meta;

import io.metaline.engine.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Labelled examples of one task: inputs {@code x} (first axis = example) with either regression targets {@code y}
 * (same first axis) or integer class labels. Immutable.
 *
 * @param x      inputs, {@code [n, ...]}
 * @param y      regression targets {@code [n, outputs]}, or null for classification
 * @param labels class labels 0..C-1, one per example, or null for regression
 */
public record Examples(Tensor x, Tensor y, int[] labels) {
    public Examples {
        if (x == null) throw new IllegalArgumentException("Examples: inputs must not be null");
        if (x.rank() < 1) throw new IllegalArgumentException("Examples: inputs must have an example axis, got a scalar");
        if ((y == null) == (labels == null)) {
            throw new IllegalArgumentException("Examples: give either regression targets or class labels, not "
                    + (y == null ? "neither" : "both"));
        }
        int n = x.dim(0);
        if (y != null && (y.rank() < 1 || y.dim(0) != n)) {
            throw new IllegalArgumentException("Examples: " + n + " inputs (shape " + Arrays.toString(x.shape())
                    + ") but targets of shape " + Arrays.toString(y.shape()));
        }
        if (labels != null) {
            if (labels.length != n) {
                throw new IllegalArgumentException("Examples: " + n + " inputs but " + labels.length + " labels");
            }
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0) throw new IllegalArgumentException("Examples: label " + labels[i] + " of example " + i + " is negative");
            }
            labels = labels.clone();
        }
    }

    public static Examples regression(Tensor x, Tensor y) {
        return new Examples(x, y, null);
    }

    public static Examples classification(Tensor x, int... labels) {
        return new Examples(x, null, labels);
    }

    public int size() {
        return x.dim(0);
    }

    public boolean isClassification() {
        return labels != null;
    }

    @Override
    public int[] labels() {
        return labels == null ? null : labels.clone();
    }

    /** Number of classes implied by the labels (largest label + 1); 0 for regression. */
    public int classCount() {
        if (labels == null) return 0;
        int max = -1;
        for (int l : labels) max = Math.max(max, l);
        return max + 1;
    }

    /** The examples at the given positions, in that order. */
    public Examples subset(int... rows) {
        Tensor sx = x.indexSelect(0, rows);
        if (labels == null) return regression(sx, y.indexSelect(0, rows));
        int[] l = new int[rows.length];
        for (int i = 0; i < rows.length; i++) l[i] = labels[rows[i]];
        return classification(sx, l);
    }

    /** These examples followed by {@code other}'s (same kind, same trailing shapes). */
    public Examples concat(Examples other) {
        if (isClassification() != other.isClassification()) {
            throw new IllegalArgumentException("Examples.concat: cannot join regression and classification examples");
        }
        Tensor cx = Tensor.concat(0, List.of(x, other.x));
        if (labels == null) return regression(cx, Tensor.concat(0, List.of(y, other.y)));
        int[] l = Arrays.copyOf(labels, labels.length + other.labels.length);
        System.arraycopy(other.labels, 0, l, labels.length, other.labels.length);
        return classification(cx, l);
    }

    @Override
    public String toString() {
        return "Examples{n=" + size() + ", x" + Arrays.toString(x.shape())
                + (y != null ? ", y" + Arrays.toString(y.shape()) : ", " + classCount() + " classes") + "}";
    }
}
