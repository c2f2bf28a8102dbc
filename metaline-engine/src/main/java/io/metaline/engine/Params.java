package io.metaline.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * An immutable, ordered collection of named tensors: the parameters of a model, or gradients and updates with
 * the same names. Names carry the structure ({@code "layer0.weight"}), so parameters, gradients and optimiser
 * state line up by key; combining two collections with different names is an error that names the keys.
 *
 * <p>Every transformation returns a new {@code Params}; tensors themselves are immutable.
 */
public final class Params {
    private final String[] names;
    private final Tensor[] tensors;
    private final Map<String, Integer> index;

    private Params(String[] names, Tensor[] tensors, Map<String, Integer> index) {
        this.names = names;
        this.tensors = tensors;
        this.index = index;
    }

    /** Parameters in the map's iteration order (use a LinkedHashMap). */
    public static Params of(Map<String, Tensor> named) {
        Builder b = builder();
        named.forEach(b::put);
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@code Params} in insertion order; names must be unique. */
    public static final class Builder {
        private final LinkedHashMap<String, Tensor> entries = new LinkedHashMap<>();

        public Builder put(String name, Tensor tensor) {
            if (name == null || name.isEmpty()) throw new IllegalArgumentException("Params: a parameter name must not be empty");
            if (tensor == null) throw new IllegalArgumentException("Params: parameter '" + name + "' is null");
            if (entries.putIfAbsent(name, tensor) != null) {
                throw new IllegalArgumentException("Params: parameter '" + name + "' is defined twice");
            }
            return this;
        }

        /** Adds every entry of {@code other}, each name prefixed with {@code prefix}. */
        public Builder putAll(String prefix, Params other) {
            for (int i = 0; i < other.names.length; i++) put(prefix + other.names[i], other.tensors[i]);
            return this;
        }

        public Params build() {
            String[] n = entries.keySet().toArray(new String[0]);
            Tensor[] t = entries.values().toArray(new Tensor[0]);
            Map<String, Integer> idx = new HashMap<>();
            for (int i = 0; i < n.length; i++) idx.put(n[i], i);
            return new Params(n, t, Collections.unmodifiableMap(idx));
        }
    }

    // ---------------------------------------------------------------- access

    public int size() {
        return names.length;
    }

    /** Total number of scalar values. */
    public long numel() {
        long n = 0;
        for (Tensor t : tensors) n += t.size();
        return n;
    }

    public boolean contains(String name) {
        return index.containsKey(name);
    }

    public Tensor get(String name) {
        Integer i = index.get(name);
        if (i == null) {
            throw new IllegalArgumentException("Params: no parameter named '" + name + "'; known: " + Arrays.toString(names));
        }
        return tensors[i];
    }

    public List<String> names() {
        return List.of(names);
    }

    public List<Tensor> tensors() {
        return List.of(tensors);
    }

    public Tensor tensor(int i) {
        return tensors[i];
    }

    public String name(int i) {
        return names[i];
    }

    // ---------------------------------------------------------------- transformations

    /** Applies {@code f} to every tensor, keeping the names. */
    public Params map(UnaryOperator<Tensor> f) {
        Tensor[] out = new Tensor[tensors.length];
        for (int i = 0; i < out.length; i++) out[i] = f.apply(tensors[i]);
        return new Params(names, out, index);
    }

    /** Combines matching entries of this and {@code other}, which must have the same names in the same order. */
    public Params zip(Params other, BinaryOperator<Tensor> f) {
        requireSameNames(other, "zip");
        Tensor[] out = new Tensor[tensors.length];
        for (int i = 0; i < out.length; i++) out[i] = f.apply(tensors[i], other.tensors[i]);
        return new Params(names, out, index);
    }

    /** These names with new tensors, in order: for example the gradients of a loss with respect to each entry. */
    public Params withValues(List<Tensor> values) {
        if (values.size() != tensors.length) {
            throw new IllegalArgumentException("Params.withValues: " + values.size() + " tensors for " + tensors.length
                    + " parameters " + Arrays.toString(names));
        }
        Tensor[] out = new Tensor[tensors.length];
        for (int i = 0; i < out.length; i++) {
            Tensor v = values.get(i);
            if (!Arrays.equals(v.shape, tensors[i].shape)) {
                throw new IllegalArgumentException("Params.withValues: '" + names[i] + "' has shape "
                        + Shapes.str(tensors[i].shape) + ", new value has " + Shapes.str(v.shape));
            }
            out[i] = v;
        }
        return new Params(names, out, index);
    }

    /** Fresh leaves that gradients are taken with respect to (same values). */
    public Params withGrad() {
        return map(Tensor::withGrad);
    }

    /** The same values cut from any graph. */
    public Params detach() {
        return map(Tensor::detach);
    }

    /** The entries whose names satisfy {@code keep}, in order. */
    public Params select(Predicate<String> keep) {
        Builder b = builder();
        for (int i = 0; i < names.length; i++) if (keep.test(names[i])) b.put(names[i], tensors[i]);
        return b.build();
    }

    /** This collection with the entries of {@code overrides} replacing those of the same name (each must exist). */
    public Params with(Params overrides) {
        Tensor[] out = tensors.clone();
        for (int i = 0; i < overrides.names.length; i++) {
            Integer at = index.get(overrides.names[i]);
            if (at == null) {
                throw new IllegalArgumentException("Params.with: '" + overrides.names[i] + "' is not a parameter; known: "
                        + Arrays.toString(names));
            }
            if (!Arrays.equals(out[at].shape, overrides.tensors[i].shape)) {
                throw new IllegalArgumentException("Params.with: '" + overrides.names[i] + "' has shape "
                        + Shapes.str(out[at].shape) + ", replacement has " + Shapes.str(overrides.tensors[i].shape));
            }
            out[at] = overrides.tensors[i];
        }
        return new Params(names, out, index);
    }

    /** {@code this - lr * grads}: one gradient-descent step, differentiable when the inputs are. */
    public Params sgdStep(Params grads, double lr) {
        return zip(grads, (p, g) -> p.sub(g.mul(lr)));
    }

    /** The Euclidean norm of all values together. */
    public double norm() {
        double s = 0;
        for (Tensor t : tensors) for (double v : t.data) s += v * v;
        return Math.sqrt(s);
    }

    /** True if every value is finite. */
    public boolean isFinite() {
        for (Tensor t : tensors) if (!t.isFinite()) return false;
        return true;
    }

    /** Returns this if every value is finite, else throws naming the first offending parameter. */
    public Params requireFinite(String what) {
        for (int i = 0; i < names.length; i++) tensors[i].requireFinite(what + ", parameter '" + names[i] + "'");
        return this;
    }

    /** All values in order, concatenated into one array. */
    public double[] flatten() {
        double[] out = new double[(int) numel()];
        int at = 0;
        for (Tensor t : tensors) {
            System.arraycopy(t.data, 0, out, at, t.data.length);
            at += t.data.length;
        }
        return out;
    }

    /** The inverse of {@link #flatten()}: new constant tensors with this collection's names and shapes. */
    public Params unflatten(double[] values) {
        if (values.length != numel()) {
            throw new IllegalArgumentException("Params.unflatten: " + values.length + " values for " + numel() + " parameters");
        }
        Tensor[] out = new Tensor[tensors.length];
        int at = 0;
        for (int i = 0; i < out.length; i++) {
            int n = tensors[i].data.length;
            out[i] = Tensor.wrap(Arrays.copyOfRange(values, at, at + n), tensors[i].shape);
            at += n;
        }
        return new Params(names, out, index);
    }

    /** Throws unless {@code other} has exactly these names in this order and the same shapes. */
    public void requireSameNames(Params other, String op) {
        if (!Arrays.equals(names, other.names)) {
            List<String> missing = new ArrayList<>(), extra = new ArrayList<>();
            for (String n : names) if (!other.index.containsKey(n)) missing.add(n);
            for (String n : other.names) if (!index.containsKey(n)) extra.add(n);
            throw new IllegalArgumentException("Params." + op + ": names differ; missing on the right: " + missing
                    + ", unexpected on the right: " + extra
                    + (missing.isEmpty() && extra.isEmpty() ? " (same names, different order)" : ""));
        }
        for (int i = 0; i < names.length; i++) {
            if (!Arrays.equals(tensors[i].shape, other.tensors[i].shape)) {
                throw new IllegalArgumentException("Params." + op + ": '" + names[i] + "' has shape "
                        + Shapes.str(tensors[i].shape) + " on the left and " + Shapes.str(other.tensors[i].shape)
                        + " on the right");
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Params{");
        for (int i = 0; i < names.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(names[i]).append(Shapes.str(tensors[i].shape));
        }
        return sb.append('}').toString();
    }
}
