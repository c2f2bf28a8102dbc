package io.metaline.connect.mapping;

import io.metaline.optimize.ContextSpec;
import io.metaline.optimize.ParameterSpec;
import io.metaline.optimize.StudySpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Mappings for a line that follows MetaLine's own tag conventions (the simulated plant, or a line set up the same
 * way): OPC UA nodes {@code {line}/setpoints/{p}}, {@code {line}/outcomes/{o}}, {@code {line}/context/{c}}; MQTT JSON
 * fields {@code settings.p}, {@code outcomes.o}, {@code context.c} of {@code metaline/{line}/cycle}; Sparkplug
 * metrics {@code setpoints/p}, {@code outcomes/o}, {@code context/c}. Every study variable is mapped as a double with
 * the study's unit; outcome units (which a study does not declare) come from {@code outcomeUnits} ("" when absent).
 */
public final class ConventionMappings {
    private ConventionMappings() {}

    public static LineMapping opcua(String line, String endpoint, StudySpec spec, Map<String, String> outcomeUnits) {
        return build(line, SourceSpec.opcua(endpoint), spec, outcomeUnits,
                (section, name) -> TagMapping.opcua(line + "/" + section + "/" + name, "double", null));
    }

    public static LineMapping mqttJson(String line, String host, int port, StudySpec spec, Map<String, String> outcomeUnits) {
        String topic = "metaline/" + line + "/cycle";
        return build(line, SourceSpec.mqtt(host, port, "json"), spec, outcomeUnits,
                (section, name) -> TagMapping.json(topic, (section.equals("setpoints") ? "settings" : section) + "." + name, "double", null));
    }

    public static LineMapping sparkplug(String line, String host, int port, StudySpec spec, Map<String, String> outcomeUnits) {
        return build(line, SourceSpec.mqtt(host, port, "sparkplug"), spec, outcomeUnits,
                (section, name) -> TagMapping.sparkplug(section + "/" + name, "double", null));
    }

    private static LineMapping build(String line, SourceSpec source, StudySpec spec, Map<String, String> outcomeUnits,
                                     BiFunction<String, String, TagMapping> tag) {
        Map<String, TagMapping> params = new LinkedHashMap<>();
        for (ParameterSpec p : spec.space().parameters()) params.put(p.name(), withUnit(tag.apply("setpoints", p.name()), p.unit()));
        Map<String, TagMapping> outcomes = new LinkedHashMap<>();
        for (String o : spec.outcomes()) {
            outcomes.put(o, withUnit(tag.apply("outcomes", o), outcomeUnits == null ? "" : outcomeUnits.getOrDefault(o, "")));
        }
        Map<String, TagMapping> context = new LinkedHashMap<>();
        for (ContextSpec c : spec.space().context()) context.put(c.name(), withUnit(tag.apply("context", c.name()), c.unit()));
        return new LineMapping(line, source, params, outcomes, context);
    }

    private static TagMapping withUnit(TagMapping t, String unit) {
        return new TagMapping(t.node(), t.topic(), t.field(), t.metric(), t.type(), unit);
    }
}
