package io.metaline.sim;

import java.util.Locale;

/** Formats a family's {@link ProcessFamily#describe()}: parameters and outcomes with units, then the model text. */
final class Describe {
    private Describe() {
    }

    static String of(ProcessFamily family, String model) {
        StringBuilder sb = new StringBuilder();
        sb.append(family.name()).append('\n').append("Parameters:\n");
        for (Parameter p : family.parameters()) {
            if (p.kind() == Parameter.Kind.CATEGORICAL) {
                sb.append(String.format(Locale.ROOT, "  %-22s one of %s (default %s)%n", p.name(), p.levels(),
                        p.format(p.defaultValue())));
            } else {
                sb.append(String.format(Locale.ROOT, "  %-22s [%g, %g] %s, max step %g, default %g%s%n", p.name(),
                        p.lower(), p.upper(), p.unit(), p.maxStep(), p.defaultValue(),
                        p.kind() == Parameter.Kind.INTEGER ? " (integer)" : ""));
            }
        }
        sb.append("Outcomes:\n");
        for (Outcome o : family.outcomes()) {
            String role = switch (o.role()) {
                case OBJECTIVE -> "objective, " + o.direction().name().toLowerCase(Locale.ROOT);
                case CONSTRAINT -> o.severity() + " " + bounds(o);
                case OBSERVED -> "observed";
            };
            sb.append(String.format(Locale.ROOT, "  %-22s [%s] %s%n", o.name(), o.unit(), role));
        }
        if (!family.contextNames().isEmpty()) sb.append("Context: ").append(family.contextNames()).append('\n');
        return sb.append(model.strip()).append('\n').toString();
    }

    private static String bounds(Outcome o) {
        if (o.lower() == Double.NEGATIVE_INFINITY) return "<= " + o.upper();
        if (o.upper() == Double.POSITIVE_INFINITY) return ">= " + o.lower();
        return "in [" + o.lower() + ", " + o.upper() + "]";
    }
}
