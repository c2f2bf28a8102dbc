package io.metaline.optimize.transfer;

import java.util.Map;

/**
 * The history of one earlier task (a product run on the line before): its runs as points of the encoded search
 * space and the outcomes measured at each.
 *
 * @param x        encoded inputs, one row per run
 * @param outcomes values per outcome name, one per run
 */
public record SourceTask(String id, double[][] x, Map<String, double[]> outcomes) {
    public SourceTask {
        outcomes = Map.copyOf(outcomes);
        for (Map.Entry<String, double[]> e : outcomes.entrySet()) {
            if (e.getValue().length != x.length) {
                throw new IllegalArgumentException("source task '" + id + "': " + x.length + " runs but " + e.getValue().length
                        + " values of '" + e.getKey() + "'");
            }
        }
    }

    public int runs() {
        return x.length;
    }

    public double[] outcome(String name) {
        double[] v = outcomes.get(name);
        if (v == null) throw new IllegalArgumentException("source task '" + id + "' has no outcome '" + name + "'; it has " + outcomes.keySet());
        return v;
    }
}
