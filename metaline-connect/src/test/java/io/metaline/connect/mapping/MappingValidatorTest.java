package io.metaline.connect.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.optimize.ContextSpec;
import io.metaline.optimize.Objective;
import io.metaline.optimize.OutcomeConstraint;
import io.metaline.optimize.ParameterSpec;
import io.metaline.optimize.SearchSpace;
import io.metaline.optimize.StudySpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every way a mapping can be wrong is reported, naming the entry and what was expected, all problems at once. */
class MappingValidatorTest {
    static final StudySpec STUDY = StudySpec.of("moulding", new SearchSpace(
                    List.of(ParameterSpec.continuous("melt_temperature", "°C", 200, 280, 5),
                            ParameterSpec.integer("cavities", "", 1, 8, 1)),
                    List.of(new ContextSpec("ambient_temperature", "°C", 10, 40))),
            Objective.minimise("cost_per_part")).withConstraints(List.of(OutcomeConstraint.hardMax("clamp_force", 900)));

    static final String GOOD = """
            {
              "line": "line-1",
              "source": {"kind": "opcua", "endpoint": "opc.tcp://127.0.0.1:4840/metaline"},
              "parameters": {
                "melt_temperature": {"node": "line-1/setpoints/melt_temperature", "type": "double", "unit": "°C"},
                "cavities": {"node": "line-1/setpoints/cavities", "type": "int32", "unit": ""}
              },
              "outcomes": {
                "cost_per_part": {"node": "line-1/outcomes/cost_per_part", "type": "double", "unit": "€"},
                "clamp_force": {"node": "line-1/outcomes/clamp_force", "type": "double", "unit": "kN"},
                "cycle_time": {"node": "line-1/outcomes/cycle_time", "type": "double", "unit": "s"}
              },
              "context": {
                "ambient_temperature": {"node": "line-1/context/ambient_temperature", "type": "double", "unit": "°C"}
              }
            }
            """;

    private static LineMapping good() {
        return LineMapping.parse(GOOD, "good.json");
    }

    @Test
    void aGoodMappingPassesAndRoundTrips() {
        LineMapping m = good();
        assertEquals(List.of(), MappingValidator.problems(m, STUDY));
        assertEquals(m, LineMapping.parse(m.toJson(), "again"));
        assertEquals(List.of("melt_temperature", "cavities"), List.copyOf(m.parameters().keySet()));
    }

    static Stream<Arguments> badMappings() {
        return Stream.of(
                bad("parameter left unmapped", m -> params(m, p -> p.remove("cavities")),
                        "parameters.cavities: the study's parameter 'cavities' is not mapped; expected a tag for it"),
                bad("unknown parameter", m -> params(m, p -> p.put("melt_temp", TagMapping.opcua("x", "double", "°C"))),
                        "parameters.melt_temp: the study has no parameter 'melt_temp'; its parameters are [melt_temperature, cavities]"),
                bad("unit mismatch", m -> params(m, p -> p.put("melt_temperature", TagMapping.opcua("n", "double", "°F"))),
                        "parameters.melt_temperature: unit '°F' does not match the study's unit '°C'"),
                bad("continuous parameter on an integer tag", m -> params(m, p -> p.put("melt_temperature", TagMapping.opcua("n", "int32", "°C"))),
                        "parameters.melt_temperature: type 'int32' holds whole numbers only; the continuous parameter needs double or float"),
                bad("unknown type", m -> params(m, p -> p.put("cavities", TagMapping.opcua("n", "integer", ""))),
                        "parameters.cavities: unknown type 'integer'; expected one of double, float, int32, int64, boolean, string"),
                bad("non-numeric type", m -> params(m, p -> p.put("cavities", TagMapping.opcua("n", "string", ""))),
                        "parameters.cavities: type 'string' is not numeric"),
                bad("missing type", m -> params(m, p -> p.put("cavities", TagMapping.opcua("n", null, ""))),
                        "parameters.cavities: type is required"),
                bad("objective unmapped", m -> new LineMapping(m.line(), m.source(), m.parameters(), Map.of("clamp_force", m.outcomes().get("clamp_force")), m.context()),
                        "outcomes.cost_per_part: the study's outcome 'cost_per_part' (objective or constrained) is not mapped"),
                bad("context unmapped", m -> new LineMapping(m.line(), m.source(), m.parameters(), m.outcomes(), Map.of()),
                        "context.ambient_temperature: the study's context variable 'ambient_temperature' is not mapped"),
                bad("context unit", m -> new LineMapping(m.line(), m.source(), m.parameters(), m.outcomes(),
                                Map.of("ambient_temperature", TagMapping.opcua("n", "double", "K"))),
                        "context.ambient_temperature: unit 'K' does not match the study's unit '°C'"),
                bad("OPC UA tag without node", m -> params(m, p -> p.put("cavities", TagMapping.json("t", "f", "int32", ""))),
                        "parameters.cavities: an OPC UA source needs 'node'"),
                bad("bad endpoint", m -> new LineMapping(m.line(), SourceSpec.opcua("http://plc:4840"), m.parameters(), m.outcomes(), m.context()),
                        "source.endpoint: expected an OPC UA endpoint URL starting with opc.tcp://, got 'http://plc:4840'"),
                bad("mqtt without port and format", m -> new LineMapping(m.line(), new SourceSpec("mqtt", null, null, "broker", null, "xml",
                                null, null, null, null, null), m.parameters(), m.outcomes(), m.context()),
                        "source.port: expected a port 1..65535, got null"),
                bad("unknown source kind", m -> new LineMapping(m.line(), new SourceSpec("modbus", null, null, null, null, null,
                                null, null, null, null, null), m.parameters(), m.outcomes(), m.context()),
                        "source.kind: expected \"opcua\" or \"mqtt\", got 'modbus'"),
                bad("no line id", m -> new LineMapping(" ", m.source(), m.parameters(), m.outcomes(), m.context()),
                        "line: a line id is required"));
    }

    private static Arguments bad(String what, UnaryOperator<LineMapping> change, String expected) {
        return Arguments.of(what, change, expected);
    }

    private static LineMapping params(LineMapping m, java.util.function.Consumer<Map<String, TagMapping>> change) {
        Map<String, TagMapping> p = new LinkedHashMap<>(m.parameters());
        change.accept(p);
        return new LineMapping(m.line(), m.source(), p, m.outcomes(), m.context());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badMappings")
    void eachProblemNamesTheEntryAndWhatWasExpected(String what, UnaryOperator<LineMapping> change, String expected) {
        List<String> problems = MappingValidator.problems(change.apply(good()), STUDY);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(expected)), what + ": expected '" + expected + "' in " + problems);
    }

    @Test
    void allProblemsComeInOneError() {
        LineMapping m = params(good(), p -> {
            p.remove("cavities");
            p.put("melt_temperature", TagMapping.opcua("n", "double", "K"));
        });
        MappingException e = assertThrows(MappingException.class, () -> MappingValidator.requireValid(m, STUDY));
        assertEquals(2, e.problems().size());
        assertTrue(e.getMessage().startsWith("line mapping of line 'line-1' does not fit study 'moulding': 2 problems\n  - "), e.getMessage());
    }

    @Test
    void parsingIsStrict() {
        MappingException unknown = assertThrows(MappingException.class,
                () -> LineMapping.parse(GOOD.replace("\"type\": \"int32\"", "\"type\": \"int32\", \"scale\": 2"), "m.json"));
        assertTrue(unknown.getMessage().contains("unknown field 'scale' at parameters.cavities.scale"), unknown.getMessage());
        MappingException wrongJsonType = assertThrows(MappingException.class,
                () -> LineMapping.parse(GOOD.replace("\"parameters\": {", "\"parameters\": [").replace("}\n  },\n  \"outcomes\"", "}\n  ],\n  \"outcomes\""), "m.json"));
        assertTrue(wrongJsonType.getMessage().startsWith("m.json: 1 problem\n  - at parameters"), wrongJsonType.getMessage());
        MappingException notJson = assertThrows(MappingException.class, () -> LineMapping.parse("{\"line\": ", "m.json"));
        assertTrue(notJson.getMessage().contains("not valid JSON"), notJson.getMessage());
        MappingException trailing = assertThrows(MappingException.class, () -> LineMapping.parse(GOOD + "{}", "m.json"));
        assertTrue(trailing.getMessage().contains("m.json"), trailing.getMessage());
    }

    @Test
    void liveChecksReportUnknownTagsTypesUnitsAndReadOnlySetpoints() {
        Map<String, TagInfo> live = Map.of(
                "line-1/setpoints/melt_temperature", new TagInfo(TagType.DOUBLE, "°C", false),
                "line-1/setpoints/cavities", new TagInfo(TagType.DOUBLE, null, true),
                "line-1/outcomes/cost_per_part", new TagInfo(TagType.DOUBLE, "$", true),
                "line-1/outcomes/clamp_force", new TagInfo(TagType.DOUBLE, "kN", false),
                "line-1/context/ambient_temperature", new TagInfo(TagType.DOUBLE, null, false));
        List<String> problems = MappingValidator.liveProblems(good(), t -> Optional.ofNullable(live.get(t.node())));
        assertEquals(List.of(
                "parameters.melt_temperature: node 'line-1/setpoints/melt_temperature' is not writable; a setpoint must be",
                "parameters.cavities: wrong data type: node 'line-1/setpoints/cavities' is double, the mapping declares int32",
                "outcomes.cost_per_part: unit mismatch: the source gives node 'line-1/outcomes/cost_per_part' in '$', the mapping declares '€'",
                "outcomes.cycle_time: unknown tag: the source has no node 'line-1/outcomes/cycle_time'"), problems);
    }
}
