package io.metaline.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The registry of task families by name. */
public final class Families {
    private static final Map<String, Supplier<ProcessFamily>> REGISTRY = new LinkedHashMap<>();

    static {
        REGISTRY.put(InjectionMoulding.NAME, InjectionMoulding::new);
        REGISTRY.put(ReflowSoldering.NAME, ReflowSoldering::new);
        REGISTRY.put(CncMachining.NAME, CncMachining::new);
        REGISTRY.put(Branin.NAME, Branin::new);
        REGISTRY.put(GoldsteinPrice.NAME, GoldsteinPrice::new);
        REGISTRY.put(Hartmann3.NAME, Hartmann3::new);
    }

    private Families() {
    }

    /** All names, production processes first, then the MetaBO functions. */
    public static List<String> names() {
        return List.copyOf(REGISTRY.keySet());
    }

    /** The production process families. */
    public static List<String> processNames() {
        return List.of(InjectionMoulding.NAME, ReflowSoldering.NAME, CncMachining.NAME);
    }

    /** The MetaBO benchmark function families. */
    public static List<String> functionNames() {
        return List.of(Branin.NAME, GoldsteinPrice.NAME, Hartmann3.NAME);
    }

    /** The family called {@code name}. */
    public static ProcessFamily byName(String name) {
        Supplier<ProcessFamily> s = name == null ? null : REGISTRY.get(name);
        if (s == null) {
            throw new IllegalArgumentException("Unknown task family '" + name + "'; known families are " + names());
        }
        return s.get();
    }
}
