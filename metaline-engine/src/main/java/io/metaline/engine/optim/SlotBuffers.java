package io.metaline.engine.optim;

import io.metaline.engine.Params;
import io.metaline.engine.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mutable per-parameter buffers of an optimiser (one array per slot and parameter), plus the parameter layout
 * (names and shapes) they were built for. Package-private: the public view is {@link OptimizerState}.
 */
final class SlotBuffers {
    final String[] names;
    final int[][] shapes;
    final String[] slotNames;
    /** data[slot][param] holds the values of one parameter's buffer, row-major. */
    final double[][][] data;
    /** Largest parameter size, for scratch buffers. */
    final int maxSize;

    private SlotBuffers(String[] names, int[][] shapes, String[] slotNames, double[][][] data) {
        this.names = names;
        this.shapes = shapes;
        this.slotNames = slotNames;
        this.data = data;
        int max = 0;
        for (double[] d : data.length == 0 ? new double[0][] : data[0]) max = Math.max(max, d.length);
        this.maxSize = max;
    }

    /** Zero buffers shaped like {@code params}. */
    static SlotBuffers zerosLike(Params params, String... slotNames) {
        int n = params.size();
        String[] names = new String[n];
        int[][] shapes = new int[n][];
        double[][][] data = new double[slotNames.length][n][];
        for (int i = 0; i < n; i++) {
            names[i] = params.name(i);
            shapes[i] = params.tensor(i).shape();
            for (int s = 0; s < slotNames.length; s++) data[s][i] = new double[params.tensor(i).size()];
        }
        return new SlotBuffers(names, shapes, slotNames.clone(), data);
    }

    /** Copies of the given slots of {@code state}, which must be exactly {@code slotNames}. */
    static SlotBuffers fromState(OptimizerState state, String who, String... slotNames) {
        Set<String> expected = new HashSet<>(Arrays.asList(slotNames));
        if (!state.slots().keySet().equals(expected)) {
            throw new IllegalArgumentException(who + ": state has slots " + state.slots().keySet() + ", expected "
                    + Arrays.toString(slotNames));
        }
        Params first = state.slot(slotNames[0]);
        SlotBuffers b = zerosLike(first, slotNames);
        for (int s = 0; s < slotNames.length; s++) {
            Params p = state.slot(slotNames[s]);
            for (int i = 0; i < p.size(); i++) p.tensor(i).copyTo(b.data[s][i], 0);
        }
        return b;
    }

    /** Throws unless {@code params} has exactly the names, order and shapes these buffers were built for. */
    void requireMatches(Params params, String who) {
        boolean same = params.size() == names.length;
        for (int i = 0; same && i < names.length; i++) same = names[i].equals(params.name(i));
        if (!same) {
            List<String> missing = new ArrayList<>(), extra = new ArrayList<>();
            Set<String> given = new HashSet<>(params.names()), known = new HashSet<>(Arrays.asList(names));
            for (String n : names) if (!given.contains(n)) missing.add(n);
            for (String n : params.names()) if (!known.contains(n)) extra.add(n);
            throw new IllegalArgumentException(who + ": parameters differ from those the optimiser state was built for;"
                    + " missing: " + missing + ", unexpected: " + extra
                    + (missing.isEmpty() && extra.isEmpty() ? " (same names, different order)" : ""));
        }
        for (int i = 0; i < names.length; i++) {
            Tensor t = params.tensor(i);
            boolean ok = t.rank() == shapes[i].length;
            for (int k = 0; ok && k < shapes[i].length; k++) ok = t.dim(k) == shapes[i][k];
            if (!ok) {
                throw new IllegalArgumentException(who + ": parameter '" + names[i] + "' has shape "
                        + Arrays.toString(t.shape()) + ", but the optimiser state holds " + Arrays.toString(shapes[i]));
            }
        }
    }

    /** Immutable copies of the buffers, by slot name. */
    Map<String, Params> snapshot() {
        Map<String, Params> out = new LinkedHashMap<>();
        for (int s = 0; s < slotNames.length; s++) {
            Params.Builder b = Params.builder();
            for (int i = 0; i < names.length; i++) b.put(names[i], Tensor.of(data[s][i], shapes[i]));
            out.put(slotNames[s], b.build());
        }
        return out;
    }
}
