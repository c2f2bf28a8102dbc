package io.metaline.engine;

import java.util.Arrays;

/** Shape arithmetic shared by the operations: sizes, strides, broadcasting, axis normalisation. */
final class Shapes {
    private Shapes() {}

    static final int[] SCALAR = new int[0];

    static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + str(shape));
            n *= d;
            if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("shape " + str(shape) + " has more than 2^31-1 elements");
        }
        return (int) n;
    }

    static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    /** Numpy-style broadcast of two shapes: align on the right; each pair of dimensions must be equal or one of them 1. */
    static int[] broadcast(int[] a, int[] b, String op) {
        if (Arrays.equals(a, b)) return a;
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
                        + " cannot be broadcast (dimension " + i + " of the result: " + da + " vs " + db
                        + "; each pair, aligned from the right, must be equal or 1)");
            }
            out[i] = Math.max(da, db);
        }
        return out;
    }

    /** True if {@code from} broadcasts to {@code to} (numpy rules). */
    static boolean broadcastsTo(int[] from, int[] to) {
        if (from.length > to.length) return false;
        int off = to.length - from.length;
        for (int i = 0; i < from.length; i++) {
            if (from[i] != 1 && from[i] != to[i + off]) return false;
        }
        return true;
    }

    /**
     * Strides of {@code shape} laid out inside the (larger) broadcast shape {@code to}: 0 along broadcast dimensions.
     */
    static int[] broadcastStrides(int[] shape, int[] to) {
        int[] own = strides(shape);
        int[] s = new int[to.length];
        int off = to.length - shape.length;
        for (int i = 0; i < shape.length; i++) {
            s[i + off] = shape[i] == 1 ? 0 : own[i];
        }
        return s;
    }

    /** True if {@code small} equals the trailing dimensions of {@code big} (e.g. a bias [n] against [batch, n]). */
    static boolean isSuffix(int[] small, int[] big) {
        if (small.length > big.length) return false;
        int off = big.length - small.length;
        for (int i = 0; i < small.length; i++) if (small[i] != big[i + off]) return false;
        return true;
    }

    static int axis(int axis, int rank, String op) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for a tensor of rank " + rank);
        }
        return a;
    }

    /** Product of dimensions before {@code axis}. */
    static int outer(int[] shape, int axis) {
        int n = 1;
        for (int i = 0; i < axis; i++) n *= shape[i];
        return n;
    }

    /** Product of dimensions after {@code axis}. */
    static int inner(int[] shape, int axis) {
        int n = 1;
        for (int i = axis + 1; i < shape.length; i++) n *= shape[i];
        return n;
    }

    static int[] withDim(int[] shape, int axis, int value) {
        int[] s = shape.clone();
        s[axis] = value;
        return s;
    }

    static int[] removeDim(int[] shape, int axis) {
        int[] s = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) if (i != axis) s[j++] = shape[i];
        return s;
    }
}
