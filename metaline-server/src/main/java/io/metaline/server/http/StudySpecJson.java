package io.metaline.server.http;

import io.metaline.optimize.ContextSpec;
import io.metaline.optimize.DriftPolicy;
import io.metaline.optimize.Objective;
import io.metaline.optimize.OutcomeConstraint;
import io.metaline.optimize.ParameterSpec;
import io.metaline.optimize.SafetyConfig;
import io.metaline.optimize.SearchSpace;
import io.metaline.optimize.StudySpec;
import io.metaline.optimize.acquisition.Direction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The REST shape of a {@link StudySpec}, both ways. A request declares:
 * <pre>
 * {"name", "parameters": [{"name", "type": "continuous|integer|categorical", "lower", "upper", "unit", "maxStep",
 *   "categories"}], "context": [{"name", "unit", "lower", "upper"}], "objective": {"outcome",
 *   "direction": "maximize|minimize"}, "constraints": [{"outcome", "lower"?, "upper"?, "hard"}],
 *   "safety": {"enabled", "beta"?, "knownSafe"?: [settings]}, "drift": {"kind": "none|half_life|window", "runs"?},
 *   "acquisition": "ei|ucb|thompson", "initialTrials"?, "initialDesign"?: [settings], "seed"?, "priorModelId"?}
 * </pre>
 * An absent {@code maxStep} means no step limit; a categorical parameter's values are level indices into its
 * {@code categories} and {@code maxStep: 0} keeps it at its starting level. A constraint with both bounds becomes two
 * limits of the optimiser. Written back, each limit is one entry. Stateless.
 */
public final class StudySpecJson {
    private StudySpecJson() {}

    static final List<String> TYPES = List.of("continuous", "integer", "categorical");
    static final List<String> DIRECTIONS = List.of("maximize", "minimize", "maximise", "minimise");
    static final List<String> ACQUISITIONS = List.of("ei", "ucb", "thompson");
    static final List<String> DRIFT_KINDS = List.of("none", "half_life", "window");

    /** Reads the study declaration of a create request (the caller reads {@code priorModelId}). */
    public static StudySpec read(JsonInput in) {
        String name = in.requiredString("name");
        List<ParameterSpec> parameters = new ArrayList<>();
        for (JsonInput p : in.requiredObjects("parameters", 1)) parameters.add(parameter(p));
        List<ContextSpec> context = new ArrayList<>();
        List<JsonInput> contextIn = in.optionalObjects("context");
        if (contextIn != null) for (JsonInput c : contextIn) context.add(context(c));
        SearchSpace space = build("parameters", () -> new SearchSpace(parameters, context));

        JsonInput o = in.requiredObject("objective");
        String outcome = o.requiredString("outcome");
        String dir = o.requiredChoice("direction", DIRECTIONS);
        o.finish();
        Objective objective = new Objective(outcome, dir.startsWith("max") ? Direction.MAXIMISE : Direction.MINIMISE);

        List<OutcomeConstraint> constraints = constraints(in);

        SafetyConfig safety = SafetyConfig.OFF;
        JsonInput s = in.optionalObject("safety");
        if (s != null) {
            boolean enabled = s.requiredBoolean("enabled");
            Double beta = s.optionalFinite("beta");
            List<Map<String, Double>> knownSafe = s.optionalNumberMaps("knownSafe");
            s.finish();
            if (beta != null && beta < 0) throw HttpProblem.badRequest(s.pathOf("beta"), "must be >= 0, got " + beta, "a number >= 0");
            SafetyConfig config = build(s.pathOf("knownSafe"), () -> new SafetyConfig(enabled, beta == null ? SafetyConfig.OFF.beta() : beta,
                    knownSafe == null ? List.of() : knownSafe));
            safety = config;
        }

        DriftPolicy drift = DriftPolicy.NONE;
        JsonInput d = in.optionalObject("drift");
        if (d != null) {
            String kind = d.requiredChoice("kind", DRIFT_KINDS);
            Integer runs = d.optionalInt("runs", 1, 1_000_000);
            d.finish();
            if (!kind.equals("none") && runs == null) {
                throw HttpProblem.badRequest(d.pathOf("runs"), "is required for drift kind " + kind, "an integer in [1, 1000000]");
            }
            drift = switch (kind) {
                case "half_life" -> DriftPolicy.halfLife(runs);
                case "window" -> DriftPolicy.window(runs);
                default -> DriftPolicy.NONE;
            };
        }

        String acq = in.optionalChoice("acquisition", ACQUISITIONS);
        StudySpec.Acquisition acquisition = switch (acq == null ? "ei" : acq) {
            case "ucb" -> StudySpec.Acquisition.UPPER_CONFIDENCE_BOUND;
            case "thompson" -> thompson().orElseThrow(() -> HttpProblem.badRequest("acquisition",
                    "Thompson sampling is not offered by this optimiser", "ei or ucb"));
            default -> StudySpec.Acquisition.EXPECTED_IMPROVEMENT;
        };
        Integer initialTrials = in.optionalInt("initialTrials", 0, 1000);
        List<Map<String, Double>> design = in.optionalNumberMaps("initialDesign");
        long seed = in.optionalLong("seed", 0L);
        SafetyConfig safetyConfig = safety;
        DriftPolicy driftPolicy = drift;
        return build("body", () -> new StudySpec(name, space, objective, constraints, safetyConfig, driftPolicy, acquisition,
                initialTrials == null ? 3 : initialTrials, design == null ? List.of() : design, seed));
    }

    private static ParameterSpec parameter(JsonInput p) {
        String name = p.requiredString("name");
        String type = p.requiredChoice("type", TYPES);
        String unit = p.optionalText("unit");
        Double maxStep = p.optionalFinite("maxStep");
        if (maxStep != null && maxStep < 0) {
            throw HttpProblem.badRequest(p.pathOf("maxStep"), "must be >= 0, got " + maxStep, "a number >= 0 (absent: no limit)");
        }
        double step = maxStep == null ? Double.POSITIVE_INFINITY : maxStep;
        if (type.equals("categorical")) {
            List<String> levels = p.requiredStrings("categories", 2);
            if (p.has("lower") || p.has("upper")) {
                throw HttpProblem.badRequest(p.pathOf(p.has("lower") ? "lower" : "upper"),
                        "a categorical parameter has no bounds (its values are category indices)", "no lower/upper");
            }
            p.accept("lower", "upper");
            p.finish();
            return build(p.pathOf("categories"), () -> new ParameterSpec(name, unit, ParameterSpec.Kind.CATEGORICAL, 0,
                    levels.size() - 1, step, levels));
        }
        double lower = p.requiredFinite("lower");
        double upper = p.requiredFinite("upper");
        if (p.has("categories")) {
            throw HttpProblem.badRequest(p.pathOf("categories"), "only a categorical parameter has categories", "no categories");
        }
        p.accept("categories");
        p.finish();
        if (!(lower < upper)) {
            throw HttpProblem.badRequest(p.pathOf("upper"), "must be greater than lower (" + lower + "), got " + upper, "upper > lower");
        }
        ParameterSpec.Kind kind = type.equals("integer") ? ParameterSpec.Kind.INTEGER : ParameterSpec.Kind.CONTINUOUS;
        return build(p.pathOf("maxStep"), () -> new ParameterSpec(name, unit, kind, lower, upper, step, List.of()));
    }

    private static ContextSpec context(JsonInput c) {
        String name = c.requiredString("name");
        String unit = c.optionalText("unit");
        double lower = c.requiredFinite("lower");
        double upper = c.requiredFinite("upper");
        c.finish();
        if (!(lower < upper)) {
            throw HttpProblem.badRequest(c.pathOf("upper"), "must be greater than lower (" + lower + "), got " + upper, "upper > lower");
        }
        return build(c.pathOf("name"), () -> new ContextSpec(name, unit, lower, upper));
    }

    /** The optional {@code constraints} array of {@code in}: every limit one constraint (none when absent). */
    static List<OutcomeConstraint> constraints(JsonInput in) {
        List<OutcomeConstraint> constraints = new ArrayList<>();
        List<JsonInput> cs = in.optionalObjects("constraints");
        if (cs != null) for (JsonInput c : cs) constraints.addAll(constraint(c));
        return constraints;
    }

    private static List<OutcomeConstraint> constraint(JsonInput c) {
        String outcome = c.requiredString("outcome");
        Double lower = c.optionalFinite("lower");
        Double upper = c.optionalFinite("upper");
        boolean hard = c.requiredBoolean("hard");
        c.finish();
        if (lower == null && upper == null) {
            throw HttpProblem.badRequest(c.pathOf("lower"), "a constraint needs a lower or an upper limit", "lower and/or upper");
        }
        if (lower != null && upper != null && !(lower <= upper)) {
            throw HttpProblem.badRequest(c.pathOf("upper"), "must be >= lower (" + lower + "), got " + upper, "upper >= lower");
        }
        OutcomeConstraint.Severity severity = hard ? OutcomeConstraint.Severity.HARD : OutcomeConstraint.Severity.SOFT;
        List<OutcomeConstraint> out = new ArrayList<>();
        if (lower != null) out.add(new OutcomeConstraint(outcome, OutcomeConstraint.Sense.AT_LEAST, lower, severity));
        if (upper != null) out.add(new OutcomeConstraint(outcome, OutcomeConstraint.Sense.AT_MOST, upper, severity));
        return out;
    }

    /** Limits in the request shape: each one entry with its outcome, its bound ("lower" or "upper") and "hard". */
    static List<Object> constraints(List<OutcomeConstraint> limits) {
        List<Object> out = new ArrayList<>();
        for (OutcomeConstraint c : limits) {
            out.add(ordered("outcome", c.outcome(), c.sense() == OutcomeConstraint.Sense.AT_LEAST ? "lower" : "upper",
                    c.limit(), "hard", c.severity() == OutcomeConstraint.Severity.HARD));
        }
        return out;
    }

    /** Runs a domain constructor, turning its validation error into a 400 naming {@code field}. */
    private static <T> T build(String field, java.util.function.Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(field, e.getMessage(), null);
        }
    }

    // ------------------------------------------------------------------ writing

    /** The declaration in the request shape (every limit one constraint entry). */
    public static Map<String, Object> write(StudySpec spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", spec.name());
        List<Object> params = new ArrayList<>();
        for (ParameterSpec p : spec.space().parameters()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("name", p.name());
            pm.put("type", p.kind().name().toLowerCase(java.util.Locale.ROOT));
            if (p.kind() == ParameterSpec.Kind.CATEGORICAL) {
                pm.put("categories", p.levels());
            } else {
                pm.put("lower", p.lower());
                pm.put("upper", p.upper());
            }
            pm.put("unit", p.unit());
            if (Double.isFinite(p.maxStep())) pm.put("maxStep", p.maxStep());
            params.add(pm);
        }
        m.put("parameters", params);
        List<Object> context = new ArrayList<>();
        for (ContextSpec c : spec.space().context()) {
            context.add(ordered("name", c.name(), "unit", c.unit(), "lower", c.lower(), "upper", c.upper()));
        }
        m.put("context", context);
        m.put("objective", ordered("outcome", spec.objective().outcome(), "direction",
                spec.objective().direction() == Direction.MAXIMISE ? "maximize" : "minimize"));
        m.put("constraints", constraints(spec.constraints()));
        m.put("safety", ordered("enabled", spec.safety().enabled(), "beta", spec.safety().beta(), "knownSafe", spec.safety().knownSafe()));
        Map<String, Object> drift = ordered("kind", spec.drift().kind().name().toLowerCase(java.util.Locale.ROOT));
        if (spec.drift().kind() != DriftPolicy.Kind.NONE) drift.put("runs", spec.drift().runs());
        m.put("drift", drift);
        m.put("acquisition", acquisitionName(spec.acquisition()));
        m.put("initialTrials", spec.initialTrials());
        m.put("initialDesign", spec.initialDesign());
        m.put("seed", spec.seed());
        return m;
    }

    /** Thompson sampling, when the optimiser offers it (looked up by name, so either optimiser version works). */
    static java.util.Optional<StudySpec.Acquisition> thompson() {
        for (StudySpec.Acquisition a : StudySpec.Acquisition.values()) if (a.name().equals("THOMPSON_SAMPLING")) return java.util.Optional.of(a);
        return java.util.Optional.empty();
    }

    static String acquisitionName(StudySpec.Acquisition a) {
        return switch (a.name()) {
            case "UPPER_CONFIDENCE_BOUND" -> "ucb";
            case "THOMPSON_SAMPLING" -> "thompson";
            default -> "ei";
        };
    }

    static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return m;
    }
}
