package io.metaline.engine.optim;

import io.metaline.engine.Params;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything an optimiser needs to continue exactly where it stopped: its kind ({@code "sgd"}, {@code "adam"}),
 * the number of updates taken, its configuration as strings (informational, and used by
 * {@link Optimizer#restore(OptimizerState, LrSchedule)}), and its per-parameter buffers ("slots"), each a
 * {@link Params} with the parameters' names and shapes ({@code "momentum"} for SGD, {@code "m"} and {@code "v"}
 * for Adam). Slots are empty before the first update.
 *
 * <p>Immutable: the maps are copied (keeping their order) and tensors are immutable.
 *
 * @param kind   which optimiser wrote the state; not empty
 * @param step   updates taken so far; {@code >= 0}
 * @param config hyper-parameters, written with {@link Double#toString(double)} so they parse back exactly
 * @param slots  buffers by slot name; slot names are non-empty and contain no {@code '.'} or {@code ','} (so that
 *               archive entry names like {@code "state.m.layer0.weight"} split unambiguously); every slot has the
 *               same names and shapes
 */
public record OptimizerState(String kind, int step, Map<String, String> config, Map<String, Params> slots) {

    public OptimizerState {
        if (kind == null || kind.isEmpty()) throw new IllegalArgumentException("OptimizerState: kind must not be empty");
        if (step < 0) throw new IllegalArgumentException("OptimizerState: step must be >= 0, got " + step);
        config = copy(config == null ? Map.of() : config, "config");
        slots = copy(slots == null ? Map.of() : slots, "slots");
        Params first = null;
        for (Map.Entry<String, Params> e : slots.entrySet()) {
            String name = e.getKey();
            if (name.isEmpty() || name.indexOf('.') >= 0 || name.indexOf(',') >= 0) {
                throw new IllegalArgumentException("OptimizerState: slot name '" + name
                        + "' must be non-empty and contain no '.' or ','");
            }
            if (first == null) first = e.getValue();
            else first.requireSameNames(e.getValue(), "OptimizerState (slot '" + name + "' vs the first slot)");
        }
    }

    /** The buffer named {@code name}; throws naming the known slots if there is none. */
    public Params slot(String name) {
        Params p = slots.get(name);
        if (p == null) {
            throw new IllegalArgumentException("OptimizerState: no slot '" + name + "' in " + kind + " state; slots: "
                    + slots.keySet());
        }
        return p;
    }

    private static <V> Map<String, V> copy(Map<String, V> in, String what) {
        LinkedHashMap<String, V> out = new LinkedHashMap<>();
        in.forEach((k, v) -> {
            if (k == null || v == null) throw new IllegalArgumentException("OptimizerState: null key or value in " + what);
            out.put(k, v);
        });
        return Collections.unmodifiableMap(out);
    }

    @Override
    public String toString() {
        return "OptimizerState{" + kind + ", step=" + step + ", config=" + config + ", slots=" + slots.keySet() + "}";
    }
}
