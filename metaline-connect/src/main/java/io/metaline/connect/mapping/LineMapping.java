package io.metaline.connect.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which plant tags carry a study's variables on one line: the line id, the source, and for each parameter, outcome
 * and context variable (by its name in the study) a {@link TagMapping}. Immutable; maps keep the file's order.
 *
 * <p>Read with {@link #parse}/{@link #load}, which are strict: an unknown field, a wrong JSON type or trailing
 * content is an error naming where it is. {@link MappingValidator} then checks the content against a study and a
 * live source.
 */
public record LineMapping(String line, SourceSpec source, Map<String, TagMapping> parameters,
                          Map<String, TagMapping> outcomes, Map<String, TagMapping> context) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public LineMapping {
        parameters = frozen(parameters);
        outcomes = frozen(outcomes);
        context = frozen(context);
    }

    private static Map<String, TagMapping> frozen(Map<String, TagMapping> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /** Parses a mapping file's JSON text; {@code origin} names it in errors. */
    public static LineMapping parse(String json, String origin) {
        try {
            LineMapping m = JSON.readValue(json, LineMapping.class);
            if (m == null) throw new MappingException(origin, List.of("the file is empty; expected a JSON object"));
            return m;
        } catch (UnrecognizedPropertyException e) {
            throw new MappingException(origin, List.of("unknown field '" + e.getPropertyName() + "' at " + path(e)
                    + "; allowed: " + e.getKnownPropertyIds()));
        } catch (JsonMappingException e) {
            throw new MappingException(origin, List.of("at " + path(e) + ": " + e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new MappingException(origin, List.of("not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")")));
        }
    }

    /** Reads a mapping file. */
    public static LineMapping load(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    /** The mapping as JSON text (what {@link #parse} reads). */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write mapping: " + e.getMessage(), e);
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            else if (r.getIndex() >= 0) sb.append('[').append(r.getIndex()).append(']');
        }
        return sb.length() == 0 ? "the top level" : sb.toString();
    }
}
