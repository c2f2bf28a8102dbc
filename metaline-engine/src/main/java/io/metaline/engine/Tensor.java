package io.metaline.engine;

import java.util.Arrays;
import java.util.List;

/**
 * A dense, row-major tensor of doubles (rank 0 and up) that is a node of a differentiable computation.
 *
 * <p>Tensors are immutable values: every operation returns a new tensor and never changes its inputs. A tensor
 * that {@linkplain #requiresGrad() requires gradients} remembers the operation that produced it, so
 * {@link Autograd#grad} can differentiate through it. Backward rules are built from these same operations, which
 * makes gradients differentiable again (second and higher order).
 *
 * <p>Broadcasting follows numpy: shapes are aligned on the right, and each pair of dimensions must be equal or 1.
 * Losses do not broadcast: a prediction and its target must have the same shape.
 *
 * <p>Thread safety: tensors may be shared freely between threads; the gradient-recording mode is per thread.
 */
public final class Tensor {
    final double[] data;
    final int[] shape;
    final Node node;
    private final boolean requiresGrad;

    private Tensor(double[] data, int[] shape, Node node, boolean requiresGrad) {
        this.data = data;
        this.shape = shape;
        this.node = node;
        this.requiresGrad = requiresGrad;
    }

    // ---------------------------------------------------------------- creation

    /** Wraps an array the caller promises never to modify (no copy). */
    static Tensor wrap(double[] data, int[] shape) {
        return new Tensor(data, shape, null, false);
    }

    /**
     * The result of an operation: records a node when gradient recording is on and an input requires gradients.
     */
    static Tensor result(String op, double[] data, int[] shape, Node.Backward backward, Tensor... inputs) {
        if (GradMode.enabled()) {
            for (Tensor t : inputs) {
                if (t.requiresGrad) return new Tensor(data, shape, new Node(op, inputs, backward), true);
            }
        }
        return new Tensor(data, shape, null, false);
    }

    /** A tensor with a copy of {@code values} laid out in {@code shape}. */
    public static Tensor of(double[] values, int... shape) {
        int[] s = shape.clone();
        int n = Shapes.size(s);
        if (values.length != n) {
            throw new IllegalArgumentException("Tensor.of: " + values.length + " values do not fill shape "
                    + Shapes.str(s) + " (which holds " + n + ")");
        }
        return wrap(values.clone(), s);
    }

    /**
     * A tensor over {@code data} without copying it. The caller hands the array over and must never modify it
     * again: tensors are immutable values. For hot loops that build results in fresh arrays.
     */
    public static Tensor adopt(double[] data, int... shape) {
        int[] s = shape.clone();
        if (data.length != Shapes.size(s)) {
            throw new IllegalArgumentException("Tensor.adopt: " + data.length + " values do not fill shape " + Shapes.str(s));
        }
        return wrap(data, s);
    }

    public static Tensor scalar(double value) {
        return wrap(new double[] {value}, Shapes.SCALAR);
    }

    public static Tensor vector(double... values) {
        return wrap(values.clone(), new int[] {values.length});
    }

    /** A matrix from rows of equal length. */
    public static Tensor matrix(double[][] rows) {
        int m = rows.length;
        int n = m == 0 ? 0 : rows[0].length;
        double[] d = new double[m * n];
        for (int i = 0; i < m; i++) {
            if (rows[i].length != n) {
                throw new IllegalArgumentException("Tensor.matrix: row " + i + " has " + rows[i].length
                        + " values, row 0 has " + n);
            }
            System.arraycopy(rows[i], 0, d, i * n, n);
        }
        return wrap(d, new int[] {m, n});
    }

    public static Tensor zeros(int... shape) {
        int[] s = shape.clone();
        return wrap(new double[Shapes.size(s)], s);
    }

    public static Tensor ones(int... shape) {
        return full(1.0, shape);
    }

    public static Tensor full(double value, int... shape) {
        int[] s = shape.clone();
        double[] d = new double[Shapes.size(s)];
        Arrays.fill(d, value);
        return wrap(d, s);
    }

    /** Standard normal entries drawn from {@code rng}. */
    public static Tensor randn(Rng rng, int... shape) {
        int[] s = shape.clone();
        double[] d = new double[Shapes.size(s)];
        for (int i = 0; i < d.length; i++) d[i] = rng.nextGaussian();
        return wrap(d, s);
    }

    /** Entries uniform in [lo, hi) drawn from {@code rng}. */
    public static Tensor uniform(Rng rng, double lo, double hi, int... shape) {
        int[] s = shape.clone();
        double[] d = new double[Shapes.size(s)];
        for (int i = 0; i < d.length; i++) d[i] = rng.uniform(lo, hi);
        return wrap(d, s);
    }

    /** Stacks equally shaped tensors along a new axis. */
    public static Tensor stack(int axis, List<Tensor> parts) {
        return ShapeOps.stack(axis, parts);
    }

    /** Joins tensors along an existing axis; all other dimensions must match. */
    public static Tensor concat(int axis, List<Tensor> parts) {
        return ShapeOps.concat(axis, parts);
    }

    /** Picks {@code a} where {@code mask} is non-zero and {@code b} elsewhere; a and b broadcast to the mask's shape. */
    public static Tensor where(Tensor mask, Tensor a, Tensor b) {
        return Arithmetic.where(mask, a, b);
    }

    // ---------------------------------------------------------------- inspection

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Length along {@code axis} (negative axes count from the end). */
    public int dim(int axis) {
        return shape[Shapes.axis(axis, shape.length, "dim")];
    }

    /** Number of elements. */
    public int size() {
        return data.length;
    }

    /** The single value of a one-element tensor. */
    public double item() {
        if (data.length != 1) {
            throw new IllegalArgumentException("item(): tensor of shape " + Shapes.str(shape) + " has " + data.length
                    + " elements, expected exactly 1");
        }
        return data[0];
    }

    /** The element at a full multi-index. */
    public double get(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("get: " + index.length + " indices for a tensor of rank " + shape.length);
        }
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("get: index " + index[i] + " out of range for dimension " + i
                        + " of shape " + Shapes.str(shape));
            }
            flat = flat * shape[i] + index[i];
        }
        return data[flat];
    }

    /** The element at a row-major flat index. */
    public double getFlat(int i) {
        return data[i];
    }

    /** A copy of the values in row-major order. */
    public double[] toArray() {
        return data.clone();
    }

    /** Copies the values into {@code dst} at {@code offset}, without allocating. */
    public void copyTo(double[] dst, int offset) {
        System.arraycopy(data, 0, dst, offset, data.length);
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** True for tensors not produced by a recorded operation (data, parameters). */
    public boolean isLeaf() {
        return node == null;
    }

    /** The name of the operation that produced this tensor, or null for a leaf. */
    public String op() {
        return node == null ? null : node.op;
    }

    /** The same values, cut from the graph: gradients do not flow through the result. */
    public Tensor detach() {
        return node == null && !requiresGrad ? this : wrap(data, shape);
    }

    /** A new leaf with the same values that gradients are taken with respect to (shares the data, no copy). */
    public Tensor withGrad() {
        return new Tensor(data, shape, null, true);
    }

    /** True if every element is finite (no NaN, no infinity). */
    public boolean isFinite() {
        for (double v : data) if (!Double.isFinite(v)) return false;
        return true;
    }

    /**
     * Returns this tensor if every element is finite, else throws naming {@code what}, the first bad element and
     * the operation that produced it.
     */
    public Tensor requireFinite(String what) {
        for (int i = 0; i < data.length; i++) {
            if (!Double.isFinite(data[i])) {
                throw new ArithmeticException(what + ": element " + i + " of a tensor of shape " + Shapes.str(shape)
                        + " is " + data[i] + (node == null ? "" : " (produced by " + node.op + ")"));
            }
        }
        return this;
    }

    /** True if shapes are equal and every pair of elements differs by at most {@code atol + rtol * |other|}. */
    public boolean allClose(Tensor other, double rtol, double atol) {
        if (!Arrays.equals(shape, other.shape)) return false;
        for (int i = 0; i < data.length; i++) {
            double a = data[i], b = other.data[i];
            if (Double.isNaN(a) || Double.isNaN(b) || Math.abs(a - b) > atol + rtol * Math.abs(b)) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(Shapes.str(shape));
        if (node != null) sb.append(" op=").append(node.op);
        else if (requiresGrad) sb.append(" leaf(grad)");
        sb.append(' ');
        int show = Math.min(data.length, 8);
        sb.append('[');
        for (int i = 0; i < show; i++) {
            if (i > 0) sb.append(", ");
            sb.append(data[i]);
        }
        if (data.length > show) sb.append(", ... (").append(data.length).append(" values)");
        return sb.append(']').toString();
    }

    // ---------------------------------------------------------------- arithmetic (broadcasting)

    public Tensor add(Tensor other) { return Arithmetic.add(this, other); }

    public Tensor sub(Tensor other) { return Arithmetic.sub(this, other); }

    public Tensor mul(Tensor other) { return Arithmetic.mul(this, other); }

    public Tensor div(Tensor other) { return Arithmetic.div(this, other); }

    public Tensor neg() { return Arithmetic.scale(this, -1.0); }

    /** Multiplies every element by a constant. */
    public Tensor mul(double c) { return Arithmetic.scale(this, c); }

    /** Adds a constant to every element. */
    public Tensor add(double c) { return Arithmetic.shift(this, c); }

    public Tensor sub(double c) { return Arithmetic.shift(this, -c); }

    public Tensor div(double c) { return Arithmetic.scale(this, 1.0 / c); }

    /** {@code c - this}. */
    public Tensor rsub(double c) { return Arithmetic.shift(Arithmetic.scale(this, -1.0), c); }

    /** Repeats along broadcast dimensions to reach {@code shape}. */
    public Tensor broadcastTo(int... shape) { return Arithmetic.broadcastTo(this, shape); }

    /** Sums over broadcast dimensions down to {@code shape} (the adjoint of {@link #broadcastTo}). */
    public Tensor sumTo(int... shape) { return Arithmetic.sumTo(this, shape); }

    // ---------------------------------------------------------------- elementwise functions

    public Tensor exp() { return Elementwise.exp(this); }

    public Tensor log() { return Elementwise.log(this); }

    public Tensor sqrt() { return Elementwise.sqrt(this); }

    /** Raises every element to a constant power. */
    public Tensor pow(double p) { return Elementwise.pow(this, p); }

    public Tensor square() { return Arithmetic.mul(this, this); }

    public Tensor abs() { return Elementwise.abs(this); }

    public Tensor tanh() { return Elementwise.tanh(this); }

    public Tensor sigmoid() { return Elementwise.sigmoid(this); }

    public Tensor relu() { return Elementwise.relu(this); }

    public Tensor leakyRelu(double slope) { return Elementwise.leakyRelu(this, slope); }

    /** log(1 + exp(x)), computed without overflow. */
    public Tensor softplus() { return Elementwise.softplus(this); }

    /** Limits every element to [lo, hi]; the gradient is zero where the limit is active. */
    public Tensor clamp(double lo, double hi) { return Elementwise.clamp(this, lo, hi); }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements (a scalar). */
    public Tensor sum() { return Reductions.sumAll(this); }

    public Tensor sum(int axis, boolean keepDim) { return Reductions.sum(this, axis, keepDim); }

    /** Mean of all elements (a scalar). */
    public Tensor mean() { return Reductions.sumAll(this).mul(1.0 / data.length); }

    public Tensor mean(int axis, boolean keepDim) {
        return Reductions.sum(this, axis, keepDim).mul(1.0 / shape[Shapes.axis(axis, shape.length, "mean")]);
    }

    /** Maximum of all elements (a scalar); the gradient goes to the first maximal element. */
    public Tensor max() { return Reductions.max(reshape(data.length), 0, false); }

    public Tensor max(int axis, boolean keepDim) { return Reductions.max(this, axis, keepDim); }

    /** log(sum(exp(x))) along an axis, stable for large inputs. */
    public Tensor logsumexp(int axis, boolean keepDim) { return Reductions.logsumexp(this, axis, keepDim); }

    public Tensor softmax(int axis) { return Reductions.softmax(this, axis); }

    public Tensor logSoftmax(int axis) { return Reductions.logSoftmax(this, axis); }

    /** Index of the largest element along the last axis, for each row (not differentiable). */
    public int[] argmaxLastAxis() { return Reductions.argmaxLastAxis(this); }

    // ---------------------------------------------------------------- linear algebra

    /** Matrix product: [m,k]x[k,n], batched [b,m,k]x[b,k,n], or [b,m,k]x[k,n]. */
    public Tensor matmul(Tensor other) { return MatMul.matmul(this, other, false, false); }

    /** {@code this x other^T} without materialising the transpose ([m,k]x[n,k] gives [m,n]). */
    public Tensor matmulT(Tensor other) { return MatMul.matmul(this, other, false, true); }

    // ---------------------------------------------------------------- shape

    /** Same data, new shape; one dimension may be -1 (inferred). */
    public Tensor reshape(int... newShape) { return ShapeOps.reshape(this, newShape); }

    /** Swaps the last two axes. */
    public Tensor transpose() { return ShapeOps.transpose(this); }

    /** Reorders axes: result axis i is input axis {@code axes[i]}. */
    public Tensor permute(int... axes) { return ShapeOps.permute(this, axes); }

    /** Elements {@code start} (inclusive) to {@code end} (exclusive) along {@code axis}. */
    public Tensor slice(int axis, int start, int end) { return ShapeOps.slice(this, axis, start, end); }

    /** The given positions along {@code axis}, in order (repeats allowed). */
    public Tensor indexSelect(int axis, int... indices) { return ShapeOps.indexSelect(this, axis, indices); }

    /**
     * Picks one or more elements per position along {@code axis}: the result has this tensor's shape except that
     * {@code axis} has length {@code index.length / (other dimensions)}, and element [.., j, ..] is this[.., index[..j..], ..].
     */
    public Tensor gather(int axis, int... index) { return ShapeOps.gather(this, axis, index); }

    /** Inserts an axis of length 1. */
    public Tensor unsqueeze(int axis) { return ShapeOps.unsqueeze(this, axis); }
}
