package io.metaline.connect.mapping;

import io.metaline.optimize.ContextSpec;
import io.metaline.optimize.ParameterSpec;
import io.metaline.optimize.StudySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a {@link LineMapping}: its own shape, its fit to a study ({@link #problems(LineMapping, StudySpec)}) and
 * its fit to the live source ({@link #liveProblems}). Every check collects all problems and
 * {@link #requireValid} throws one {@link MappingException} listing them, so an engineer fixes a file in one pass.
 *
 * <p>Rules: every parameter, context variable and declared outcome (objective and constrained ones) of the study is
 * mapped; parameters and context variables the study does not declare are refused (extra outcomes are allowed: they
 * are observed and shown, not told); each tag has the fields its source needs and a numeric type (a continuous
 * parameter needs {@code double} or {@code float}); units equal the study's; live, each tag exists, has the declared
 * type and unit (when the source declares one), and every parameter is writable.
 */
public final class MappingValidator {
    private MappingValidator() {}

    /** Throws a {@link MappingException} listing every problem of the mapping against the study. */
    public static void requireValid(LineMapping mapping, StudySpec study) {
        List<String> problems = problems(mapping, study);
        if (!problems.isEmpty()) throw new MappingException("line mapping" + named(mapping) + " does not fit study '" + study.name() + "'", problems);
    }

    /** Throws a {@link MappingException} listing every tag the live source does not have as declared. */
    public static void requireLive(LineMapping mapping, TagInspector source) {
        List<String> problems = liveProblems(mapping, source);
        if (!problems.isEmpty()) throw new MappingException("line mapping" + named(mapping) + " does not match the live source", problems);
    }

    private static String named(LineMapping m) {
        return m.line() == null ? "" : " of line '" + m.line() + "'";
    }

    /** The problems of the mapping's own shape and its fit to the study (empty when it is valid). */
    public static List<String> problems(LineMapping mapping, StudySpec study) {
        List<String> out = new ArrayList<>(shapeProblems(mapping));
        // Parameters: all mapped, none extra, units equal, a type that can carry the values.
        for (ParameterSpec p : study.space().parameters()) {
            TagMapping t = mapping.parameters().get(p.name());
            String where = "parameters." + p.name();
            if (t == null) {
                out.add(where + ": the study's parameter '" + p.name() + "' is not mapped; expected a tag for it");
                continue;
            }
            TagType type = t.tagType();
            if (type != null && type.numeric() && p.kind() == ParameterSpec.Kind.CONTINUOUS && type.integral()) {
                out.add(where + ": type '" + t.type() + "' holds whole numbers only; the continuous parameter needs double or float");
            }
            if (!t.unitOrEmpty().equals(p.unit())) {
                out.add(where + ": unit '" + t.unitOrEmpty() + "' does not match the study's unit '" + p.unit() + "'");
            }
        }
        for (String name : mapping.parameters().keySet()) {
            if (!study.space().names().contains(name)) {
                out.add("parameters." + name + ": the study has no parameter '" + name + "'; its parameters are " + study.space().names());
            }
        }
        for (ContextSpec c : study.space().context()) {
            TagMapping t = mapping.context().get(c.name());
            String where = "context." + c.name();
            if (t == null) {
                out.add(where + ": the study's context variable '" + c.name() + "' is not mapped; expected a tag for it");
            } else if (!t.unitOrEmpty().equals(c.unit())) {
                out.add(where + ": unit '" + t.unitOrEmpty() + "' does not match the study's unit '" + c.unit() + "'");
            }
        }
        List<String> contextNames = study.space().context().stream().map(ContextSpec::name).toList();
        for (String name : mapping.context().keySet()) {
            if (!contextNames.contains(name)) {
                out.add("context." + name + ": the study has no context variable '" + name + "'; it declares " + contextNames);
            }
        }
        for (String o : study.outcomes()) {
            if (!mapping.outcomes().containsKey(o)) {
                out.add("outcomes." + o + ": the study's outcome '" + o + "' (objective or constrained) is not mapped; expected a tag for it");
            }
        }
        return out;
    }

    /** Problems of the mapping on its own: line id, source fields, and each tag's fields and type. */
    public static List<String> shapeProblems(LineMapping m) {
        List<String> out = new ArrayList<>();
        if (m.line() == null || m.line().isBlank()) out.add("line: a line id is required");
        SourceSpec s = m.source();
        if (s == null) {
            out.add("source: required; expected {\"kind\": \"opcua\", \"endpoint\": ...} or {\"kind\": \"mqtt\", \"host\", \"port\", \"format\"}");
        } else if (s.isOpcUa()) {
            if (s.endpoint() == null || !s.endpoint().startsWith("opc.tcp://")) {
                out.add("source.endpoint: expected an OPC UA endpoint URL starting with opc.tcp://, got " + quoted(s.endpoint()));
            }
            for (String f : List.of("host", "port", "format", "group", "edgeNode", "device", "commandTopic")) {
                if (sourceField(s, f) != null) out.add("source." + f + ": only for an mqtt source");
            }
        } else if (s.isMqtt()) {
            if (s.host() == null || s.host().isBlank()) out.add("source.host: the broker's host name is required");
            if (s.port() == null || s.port() < 1 || s.port() > 65535) out.add("source.port: expected a port 1..65535, got " + s.port());
            if (!Set.of("json", "sparkplug").contains(String.valueOf(s.format()))) {
                out.add("source.format: expected \"json\" or \"sparkplug\", got " + quoted(s.format()));
            }
            if (s.endpoint() != null || s.namespaceUri() != null) out.add("source: endpoint and namespaceUri are only for an opcua source");
        } else {
            out.add("source.kind: expected \"opcua\" or \"mqtt\", got " + quoted(s.kind()));
        }
        if (m.parameters().isEmpty()) out.add("parameters: at least one parameter must be mapped");
        if (m.outcomes().isEmpty()) out.add("outcomes: at least one outcome must be mapped");
        section(out, "parameters", m.parameters(), s);
        section(out, "outcomes", m.outcomes(), s);
        section(out, "context", m.context(), s);
        return out;
    }

    private static void section(List<String> out, String section, Map<String, TagMapping> entries, SourceSpec s) {
        for (Map.Entry<String, TagMapping> e : entries.entrySet()) {
            String where = section + "." + e.getKey();
            TagMapping t = e.getValue();
            if (t == null) {
                out.add(where + ": expected a tag object, got null");
                continue;
            }
            TagType type = t.tagType();
            if (t.type() == null) out.add(where + ": type is required (one of " + TagType.allowed() + ")");
            else if (type == null) out.add(where + ": unknown type '" + t.type() + "'; expected one of " + TagType.allowed());
            else if (!type.numeric()) out.add(where + ": type '" + t.type() + "' is not numeric; a study variable needs double, float, int32 or int64");
            if (s == null) continue;
            if (s.isOpcUa()) {
                if (blank(t.node())) out.add(where + ": an OPC UA source needs 'node' (the string node id, e.g. \"line-1/outcomes/x\")");
                if (t.topic() != null || t.field() != null || t.metric() != null) out.add(where + ": topic, field and metric are for mqtt sources; use 'node'");
            } else if (s.isSparkplug()) {
                if (blank(t.metric())) out.add(where + ": a Sparkplug source needs 'metric' (e.g. \"outcomes/x\")");
                if (t.node() != null || t.topic() != null || t.field() != null) out.add(where + ": a Sparkplug source uses 'metric' only");
            } else if (s.isMqtt()) {
                if (blank(t.topic()) || blank(t.field())) out.add(where + ": an MQTT JSON source needs 'topic' and 'field' (a dotted path into the payload)");
                if (t.node() != null || t.metric() != null) out.add(where + ": an MQTT JSON source uses 'topic' and 'field' only");
            }
        }
    }

    /** Problems of the mapping against a live source: missing tags, other types or units, read-only setpoints. */
    public static List<String> liveProblems(LineMapping mapping, TagInspector source) {
        List<String> out = new ArrayList<>();
        live(out, "parameters", mapping.parameters(), source, true);
        live(out, "outcomes", mapping.outcomes(), source, false);
        live(out, "context", mapping.context(), source, false);
        return out;
    }

    private static void live(List<String> out, String section, Map<String, TagMapping> entries, TagInspector source, boolean mustWrite) {
        for (Map.Entry<String, TagMapping> e : entries.entrySet()) {
            String where = section + "." + e.getKey();
            TagMapping t = e.getValue();
            Optional<TagInfo> info;
            try {
                info = source.inspect(t);
            } catch (Exception ex) {
                out.add(where + ": could not look up " + t.describe() + ": " + ex.getMessage());
                continue;
            }
            if (info.isEmpty()) {
                out.add(where + ": unknown tag: the source has no " + t.describe());
                continue;
            }
            TagInfo i = info.get();
            TagType declared = t.tagType();
            if (declared != null && i.type() != declared) {
                out.add(where + ": wrong data type: " + t.describe() + " is " + (i.type() == null ? "of an unsupported type" : i.type().label())
                        + ", the mapping declares " + declared.label());
            }
            if (i.unit() != null && !i.unit().equals(t.unitOrEmpty())) {
                out.add(where + ": unit mismatch: the source gives " + t.describe() + " in '" + i.unit() + "', the mapping declares '" + t.unitOrEmpty() + "'");
            }
            if (mustWrite && !i.writable()) out.add(where + ": " + t.describe() + " is not writable; a setpoint must be");
        }
    }

    private static Object sourceField(SourceSpec s, String f) {
        return switch (f) {
            case "host" -> s.host();
            case "port" -> s.port();
            case "format" -> s.format();
            case "group" -> s.group();
            case "edgeNode" -> s.edgeNode();
            case "device" -> s.device();
            case "commandTopic" -> s.commandTopic();
            default -> null;
        };
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String quoted(String s) {
        return s == null ? "nothing" : "'" + s + "'";
    }
}
