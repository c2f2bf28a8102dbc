package io.metaline.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Operations that move elements without arithmetic. Each pair of adjoints (slice and embed, index-select and
 * index-add, gather and scatter-add) is the other's backward rule, so every order of derivative stays exact.
 */
final class ShapeOps {
    private ShapeOps() {}

    static Tensor reshape(Tensor a, int[] newShape) {
        int[] s = newShape.clone();
        int infer = -1, known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("reshape: only one dimension may be -1 in " + Shapes.str(newShape));
                infer = i;
            } else {
                if (s[i] < 0) throw new IllegalArgumentException("reshape: negative dimension in " + Shapes.str(newShape));
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || a.data.length % known != 0) {
                throw new IllegalArgumentException("reshape: cannot infer -1 in " + Shapes.str(newShape) + " for "
                        + a.data.length + " elements of shape " + Shapes.str(a.shape));
            }
            s[infer] = a.data.length / known;
        }
        if (Shapes.size(s) != a.data.length) {
            throw new IllegalArgumentException("reshape: shape " + Shapes.str(a.shape) + " (" + a.data.length
                    + " elements) cannot become " + Shapes.str(newShape));
        }
        if (Arrays.equals(s, a.shape)) return a;
        int[] original = a.shape;
        // Tensors never change their data, so the result shares the array.
        return Tensor.result("reshape", a.data, s, (g, o, want) -> new Tensor[] {g.reshape(original)}, a);
    }

    static Tensor unsqueeze(Tensor a, int axis) {
        int ax = Shapes.axis(axis, a.rank() + 1, "unsqueeze");
        int[] s = new int[a.rank() + 1];
        for (int i = 0, j = 0; i < s.length; i++) s[i] = i == ax ? 1 : a.shape[j++];
        return reshape(a, s);
    }

    static Tensor transpose(Tensor a) {
        int r = a.rank();
        if (r < 2) throw new IllegalArgumentException("transpose: needs rank 2 or more, got shape " + Shapes.str(a.shape));
        int[] axes = new int[r];
        for (int i = 0; i < r; i++) axes[i] = i;
        axes[r - 2] = r - 1;
        axes[r - 1] = r - 2;
        return permute(a, axes);
    }

    static Tensor permute(Tensor a, int[] axes) {
        int r = a.rank();
        if (axes.length != r) {
            throw new IllegalArgumentException("permute: " + axes.length + " axes given for a tensor of rank " + r);
        }
        boolean[] seen = new boolean[r];
        int[] inverse = new int[r];
        int[] shape = new int[r];
        for (int i = 0; i < r; i++) {
            int ax = Shapes.axis(axes[i], r, "permute");
            if (seen[ax]) throw new IllegalArgumentException("permute: axis " + ax + " appears twice in " + Arrays.toString(axes));
            seen[ax] = true;
            inverse[ax] = i;
            shape[i] = a.shape[ax];
        }
        int[] inStrides = Shapes.strides(a.shape);
        int[] st = new int[r];
        for (int i = 0; i < r; i++) st[i] = inStrides[Shapes.axis(axes[i], r, "permute")];
        double[] x = a.data, out = new double[x.length];
        int[] counter = new int[r];
        int src = 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = x[src];
            for (int d = r - 1; d >= 0; d--) {
                counter[d]++;
                src += st[d];
                if (counter[d] < shape[d]) break;
                src -= st[d] * shape[d];
                counter[d] = 0;
            }
        }
        return Tensor.result("permute", out, shape, (g, o, want) -> new Tensor[] {permute(g, inverse)}, a);
    }

    static Tensor slice(Tensor a, int axis, int start, int end) {
        int ax = Shapes.axis(axis, a.rank(), "slice");
        int n = a.shape[ax];
        if (start < 0 || end > n || start > end) {
            throw new IllegalArgumentException("slice: range [" + start + ", " + end + ") is outside axis " + ax
                    + " of length " + n + " (shape " + Shapes.str(a.shape) + ")");
        }
        if (start == 0 && end == n) return a;
        int outer = Shapes.outer(a.shape, ax), inner = Shapes.inner(a.shape, ax), len = end - start;
        double[] r = new double[outer * len * inner];
        for (int o = 0; o < outer; o++) {
            System.arraycopy(a.data, (o * n + start) * inner, r, o * len * inner, len * inner);
        }
        int[] shape = Shapes.withDim(a.shape, ax, len);
        int[] full = a.shape;
        return Tensor.result("slice", r, shape, (g, o, want) -> new Tensor[] {embed(g, ax, start, full)}, a);
    }

    /** Zeros of shape {@code full} with {@code a} placed at {@code start} along {@code axis}: the adjoint of slice. */
    static Tensor embed(Tensor a, int ax, int start, int[] full) {
        int n = full[ax], len = a.shape[ax];
        int outer = Shapes.outer(full, ax), inner = Shapes.inner(full, ax);
        double[] r = new double[Shapes.size(full)];
        for (int o = 0; o < outer; o++) {
            System.arraycopy(a.data, o * len * inner, r, (o * n + start) * inner, len * inner);
        }
        return Tensor.result("embed", r, full, (g, o, want) -> new Tensor[] {slice(g, ax, start, start + len)}, a);
    }

    static Tensor concat(int axis, List<Tensor> parts) {
        if (parts.isEmpty()) throw new IllegalArgumentException("concat: nothing to join");
        Tensor first = parts.get(0);
        int ax = Shapes.axis(axis, first.rank(), "concat");
        int total = 0;
        for (int p = 0; p < parts.size(); p++) {
            Tensor t = parts.get(p);
            if (t.rank() != first.rank() || !Arrays.equals(Shapes.withDim(t.shape, ax, 0), Shapes.withDim(first.shape, ax, 0))) {
                throw new IllegalArgumentException("concat: part " + p + " has shape " + Shapes.str(t.shape)
                        + ", incompatible with part 0 of shape " + Shapes.str(first.shape) + " along axis " + ax);
            }
            total += t.shape[ax];
        }
        int outer = Shapes.outer(first.shape, ax), inner = Shapes.inner(first.shape, ax);
        double[] r = new double[outer * total * inner];
        int[] starts = new int[parts.size()];
        int at = 0;
        for (int p = 0; p < parts.size(); p++) {
            Tensor t = parts.get(p);
            starts[p] = at;
            int len = t.shape[ax];
            for (int o = 0; o < outer; o++) {
                System.arraycopy(t.data, o * len * inner, r, (o * total + at) * inner, len * inner);
            }
            at += len;
        }
        Tensor[] inputs = parts.toArray(new Tensor[0]);
        return Tensor.result("concat", r, Shapes.withDim(first.shape, ax, total), (g, o, want) -> {
            Tensor[] grads = new Tensor[inputs.length];
            for (int p = 0; p < inputs.length; p++) {
                if (want[p]) grads[p] = slice(g, ax, starts[p], starts[p] + inputs[p].shape[ax]);
            }
            return grads;
        }, inputs);
    }

    static Tensor stack(int axis, List<Tensor> parts) {
        if (parts.isEmpty()) throw new IllegalArgumentException("stack: nothing to stack");
        int ax = Shapes.axis(axis, parts.get(0).rank() + 1, "stack");
        List<Tensor> lifted = new ArrayList<>(parts.size());
        for (int p = 0; p < parts.size(); p++) {
            if (!Arrays.equals(parts.get(p).shape, parts.get(0).shape)) {
                throw new IllegalArgumentException("stack: part " + p + " has shape " + Shapes.str(parts.get(p).shape)
                        + ", part 0 has " + Shapes.str(parts.get(0).shape));
            }
            lifted.add(unsqueeze(parts.get(p), ax));
        }
        return concat(ax, lifted);
    }

    static Tensor indexSelect(Tensor a, int axis, int[] indices) {
        int ax = Shapes.axis(axis, a.rank(), "indexSelect");
        int n = a.shape[ax];
        int[] idx = indices.clone();
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= n) {
                throw new IndexOutOfBoundsException("indexSelect: index " + idx[i] + " at position " + i
                        + " is outside axis " + ax + " of length " + n);
            }
        }
        int outer = Shapes.outer(a.shape, ax), inner = Shapes.inner(a.shape, ax);
        double[] r = new double[outer * idx.length * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < idx.length; i++) {
                System.arraycopy(a.data, (o * n + idx[i]) * inner, r, (o * idx.length + i) * inner, inner);
            }
        }
        int[] full = a.shape;
        return Tensor.result("indexSelect", r, Shapes.withDim(a.shape, ax, idx.length),
                (g, o, want) -> new Tensor[] {indexAdd(g, ax, idx, full)}, a);
    }

    /** Zeros of shape {@code full} with the slices of {@code a} added at {@code idx}: the adjoint of indexSelect. */
    static Tensor indexAdd(Tensor a, int ax, int[] idx, int[] full) {
        int n = full[ax], outer = Shapes.outer(full, ax), inner = Shapes.inner(full, ax);
        double[] r = new double[Shapes.size(full)];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < idx.length; i++) {
                int src = (o * idx.length + i) * inner, dst = (o * n + idx[i]) * inner;
                for (int j = 0; j < inner; j++) r[dst + j] += a.data[src + j];
            }
        }
        return Tensor.result("indexAdd", r, full, (g, o, want) -> new Tensor[] {indexSelect(g, ax, idx)}, a);
    }

    static Tensor gather(Tensor a, int axis, int[] index) {
        int ax = Shapes.axis(axis, a.rank(), "gather");
        int n = a.shape[ax], outer = Shapes.outer(a.shape, ax), inner = Shapes.inner(a.shape, ax);
        if (outer * inner == 0 || index.length % (outer * inner) != 0) {
            throw new IllegalArgumentException("gather: " + index.length + " indices do not divide evenly over the "
                    + outer * inner + " positions of shape " + Shapes.str(a.shape) + " outside axis " + ax);
        }
        int k = index.length / (outer * inner);
        int[] idx = index.clone();
        double[] r = new double[idx.length];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < inner; i++) {
                    int at = (o * k + j) * inner + i, pick = idx[at];
                    if (pick < 0 || pick >= n) {
                        throw new IndexOutOfBoundsException("gather: index " + pick + " at position " + at
                                + " is outside axis " + ax + " of length " + n);
                    }
                    r[at] = a.data[(o * n + pick) * inner + i];
                }
            }
        }
        int[] full = a.shape;
        return Tensor.result("gather", r, Shapes.withDim(a.shape, ax, k),
                (g, o, want) -> new Tensor[] {scatterAdd(g, ax, idx, full)}, a);
    }

    /** Zeros of shape {@code full} with each element of {@code a} added at its index: the adjoint of gather. */
    static Tensor scatterAdd(Tensor a, int ax, int[] idx, int[] full) {
        int n = full[ax], outer = Shapes.outer(full, ax), inner = Shapes.inner(full, ax), k = a.shape[ax];
        double[] r = new double[Shapes.size(full)];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < inner; i++) {
                    int at = (o * k + j) * inner + i;
                    r[(o * n + idx[at]) * inner + i] += a.data[at];
                }
            }
        }
        return Tensor.result("scatterAdd", r, full, (g, o, want) -> new Tensor[] {gather(g, ax, idx)}, a);
    }
}
