package io.metaline.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reverse-mode differentiation. Gradients are returned, never stored on tensors, so graphs built for different
 * tasks (possibly on different threads) cannot leak into each other.
 *
 * <p>With {@code createGraph = true} the backward rules run with recording on, and the returned gradients are
 * ordinary differentiable tensors: differentiate them again for second-order MAML, Hessian-vector products or
 * gradient penalties. With {@code false} they are constants and the backward pass is cheaper.
 */
public final class Autograd {
    private Autograd() {}

    /** d(output)/d(inputs) for a scalar output. */
    public static List<Tensor> grad(Tensor output, List<Tensor> inputs, boolean createGraph) {
        return grad(List.of(output), null, inputs, createGraph);
    }

    /** d(output)/d(params) for a scalar output, as a {@link Params} with the same names. */
    public static Params grad(Tensor output, Params params, boolean createGraph) {
        return params.withValues(grad(List.of(output), null, params.tensors(), createGraph));
    }

    /** Convenience for one input. */
    public static Tensor grad(Tensor output, Tensor input, boolean createGraph) {
        return grad(List.of(output), null, List.of(input), createGraph).get(0);
    }

    /**
     * Vector-Jacobian products: the gradient of {@code sum_i <gradOutputs_i, outputs_i>} with respect to each input.
     *
     * @param gradOutputs one seed per output, of the output's shape; null means ones, which is allowed only for
     *                    single-element outputs
     * @return one gradient per input, with the input's shape; zeros for an input the outputs do not depend on
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> gradOutputs, List<Tensor> inputs,
                                    boolean createGraph) {
        if (gradOutputs != null && gradOutputs.size() != outputs.size()) {
            throw new IllegalArgumentException("grad: " + gradOutputs.size() + " gradient seeds for " + outputs.size() + " outputs");
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (!inputs.get(i).requiresGrad()) {
                throw new IllegalArgumentException("grad: input " + i + " (shape " + Shapes.str(inputs.get(i).shape)
                        + ") does not require gradients; make it a leaf with withGrad() before computing with it");
            }
        }
        Walk walk = new Walk(outputs, inputs);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        for (int i = 0; i < outputs.size(); i++) {
            Tensor out = outputs.get(i);
            if (!out.requiresGrad()) continue;
            Tensor seed;
            if (gradOutputs == null || gradOutputs.get(i) == null) {
                if (out.size() != 1) {
                    throw new IllegalArgumentException("grad: output " + i + " has shape " + Shapes.str(out.shape)
                            + "; a gradient seed is needed for an output with more than one element");
                }
                seed = Tensor.ones(out.shape);
            } else {
                seed = gradOutputs.get(i);
                if (!Arrays.equals(seed.shape, out.shape)) {
                    throw new IllegalArgumentException("grad: seed " + i + " has shape " + Shapes.str(seed.shape)
                            + " but output " + i + " has shape " + Shapes.str(out.shape));
                }
            }
            accumulate(grads, out, seed);
        }

        boolean previous = GradMode.set(createGraph);
        try {
            for (int i = walk.order.size() - 1; i >= 0; i--) {
                Tensor t = walk.order.get(i);
                Tensor g = grads.get(t);
                if (g == null || !walk.leadsToInput.containsKey(t)) continue;
                Node node = t.node;
                boolean[] want = new boolean[node.inputs.length];
                for (int k = 0; k < want.length; k++) want[k] = walk.wanted(node.inputs[k]);
                Tensor[] inGrads = node.backward.apply(g, t, want);
                for (int k = 0; k < want.length; k++) {
                    if (want[k] && inGrads[k] != null) accumulate(grads, node.inputs[k], inGrads[k]);
                }
            }
        } finally {
            GradMode.set(previous);
        }

        List<Tensor> result = new ArrayList<>(inputs.size());
        for (Tensor in : inputs) {
            Tensor g = grads.get(in);
            result.add(g != null ? g : Tensor.zeros(in.shape));
        }
        return result;
    }

    /**
     * Bytes held by the values of the recorded graph behind {@code output} (each tensor counted once): what
     * keeping that graph alive costs, for example to decide whether a second-order run fits in memory.
     */
    public static long graphBytes(Tensor output) {
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        Map<double[], Boolean> arrays = new IdentityHashMap<>();
        ArrayList<Tensor> stack = new ArrayList<>();
        stack.add(output);
        seen.put(output, Boolean.TRUE);
        long bytes = 0;
        while (!stack.isEmpty()) {
            Tensor t = stack.remove(stack.size() - 1);
            if (arrays.put(t.data, Boolean.TRUE) == null) bytes += 8L * t.data.length + 16;
            bytes += 64; // the tensor and node objects themselves
            if (t.node == null) continue;
            for (Tensor p : t.node.inputs) if (seen.put(p, Boolean.TRUE) == null) stack.add(p);
        }
        return bytes;
    }

    /** Runs {@code body} without recording a graph on this thread (for evaluation and parameter updates). */
    public static <T> T noGrad(Supplier<T> body) {
        boolean previous = GradMode.set(false);
        try {
            return body.get();
        } finally {
            GradMode.set(previous);
        }
    }

    /** Whether operations on this thread currently record a graph. */
    public static boolean isRecording() {
        return GradMode.enabled();
    }

    // ---------------------------------------------------------------- graph walk

    private static void accumulate(Map<Tensor, Tensor> grads, Tensor t, Tensor g) {
        Tensor prev = grads.get(t);
        grads.put(t, prev == null ? g : prev.add(g));
    }

    private static final Tensor[] NO_PARENTS = new Tensor[0];

    /** The part of the graph between the outputs and the inputs, in topological order (parents first). */
    private static final class Walk {
        final Map<Tensor, Integer> inputs = new IdentityHashMap<>();
        /** Tensors with an input among their ancestors: only these need their backward rule run. */
        final Map<Tensor, Boolean> leadsToInput = new IdentityHashMap<>();
        final List<Tensor> order = new ArrayList<>();

        Walk(List<Tensor> outputs, List<Tensor> inputList) {
            for (int i = 0; i < inputList.size(); i++) inputs.putIfAbsent(inputList.get(i), i);
            Map<Tensor, Boolean> visited = new IdentityHashMap<>();
            // Explicit stack: graphs through many inner steps would overflow the call stack.
            ArrayList<Tensor> stack = new ArrayList<>();
            ArrayList<Integer> nextParent = new ArrayList<>();
            for (Tensor out : outputs) {
                if (!out.requiresGrad() || visited.containsKey(out)) continue;
                visited.put(out, Boolean.TRUE);
                stack.add(out);
                nextParent.add(0);
                while (!stack.isEmpty()) {
                    int top = stack.size() - 1;
                    Tensor t = stack.get(top);
                    Tensor[] parents = t.node == null ? NO_PARENTS : t.node.inputs;
                    int k = nextParent.get(top);
                    if (k < parents.length) {
                        nextParent.set(top, k + 1);
                        Tensor p = parents[k];
                        if (p.requiresGrad() && !visited.containsKey(p)) {
                            visited.put(p, Boolean.TRUE);
                            stack.add(p);
                            nextParent.add(0);
                        }
                        continue;
                    }
                    stack.remove(top);
                    nextParent.remove(top);
                    for (Tensor p : parents) {
                        if (wanted(p)) {
                            leadsToInput.put(t, Boolean.TRUE);
                            break;
                        }
                    }
                    if (leadsToInput.containsKey(t) || inputs.containsKey(t)) order.add(t);
                }
            }
        }

        /** True if a gradient must flow into {@code t}: it is an input or lies on a path to one. */
        boolean wanted(Tensor t) {
            return t.requiresGrad() && (inputs.containsKey(t) || leadsToInput.containsKey(t));
        }
    }
}
