package io.metaline.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strict reader of one JSON object of a request. Every getter names the field's full path in its error
 * ({@code parameters[2].lower}) and says what was expected; numbers must be JSON numbers (a string such as
 * {@code "NaN"} is a wrong type) and finite; integers must be written as integers; {@link #finish()} refuses any
 * field that was not read, so a misspelt field never passes silently. Parsing refuses malformed JSON, duplicate
 * keys, trailing content and non-standard tokens (NaN, Infinity, comments).
 *
 * <p>Not thread-safe: one request's handler uses it and drops it.
 */
public final class JsonInput {
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final ObjectNode node;
    private final String path;
    private final Set<String> read = new LinkedHashSet<>();

    private JsonInput(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The request body as a JSON object; 400 for an empty body, malformed JSON or anything but an object. */
    public static JsonInput parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw HttpProblem.badRequest("body", "the request body is empty", "a JSON object");
        }
        JsonNode root;
        try {
            root = STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw HttpProblem.badRequest("body", "malformed JSON" + where + ": " + e.getOriginalMessage(), "a JSON object");
        } catch (IOException e) {
            throw HttpProblem.badRequest("body", "unreadable request body: " + e.getMessage(), "a JSON object");
        }
        if (root == null || root.isMissingNode()) {
            throw HttpProblem.badRequest("body", "the request body is empty", "a JSON object");
        }
        if (!root.isObject()) {
            throw HttpProblem.badRequest("body", "expected a JSON object, got " + kind(root), "a JSON object");
        }
        return new JsonInput((ObjectNode) root, "");
    }

    /** The full path of a field of this object. */
    public String pathOf(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    public boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    // ------------------------------------------------------------------ strings

    public String requiredString(String field) {
        String s = optionalString(field);
        if (s == null) throw missing(field, "a non-empty string");
        return s;
    }

    /** A non-blank string, or null when absent or null. */
    public String optionalString(String field) {
        JsonNode v = value(field);
        if (v == null) return null;
        if (!v.isTextual()) throw wrongType(field, v, "a string");
        if (v.textValue().isBlank()) throw HttpProblem.badRequest(pathOf(field), "must not be blank", "a non-empty string");
        return v.textValue();
    }

    /** A string that may be empty, or null when absent. */
    public String optionalText(String field) {
        JsonNode v = value(field);
        if (v == null) return null;
        if (!v.isTextual()) throw wrongType(field, v, "a string");
        return v.textValue();
    }

    /** One of {@code allowed} (compared ignoring case), returned in lower case; null when absent. */
    public String optionalChoice(String field, List<String> allowed) {
        String s = optionalString(field);
        if (s == null) return null;
        String lower = s.trim().toLowerCase(java.util.Locale.ROOT);
        if (!allowed.contains(lower)) {
            throw HttpProblem.badRequest(pathOf(field), "'" + s + "' is not allowed", "one of " + String.join(", ", allowed));
        }
        return lower;
    }

    public String requiredChoice(String field, List<String> allowed) {
        String s = optionalChoice(field, allowed);
        if (s == null) throw missing(field, "one of " + String.join(", ", allowed));
        return s;
    }

    // ------------------------------------------------------------------ numbers

    public double requiredFinite(String field) {
        Double d = optionalFinite(field);
        if (d == null) throw missing(field, "a finite number");
        return d;
    }

    /** A finite JSON number, or null when absent. */
    public Double optionalFinite(String field) {
        JsonNode v = value(field);
        if (v == null) return null;
        return finite(v, pathOf(field));
    }

    public int requiredInt(String field, int min, int max) {
        Integer i = optionalInt(field, min, max);
        if (i == null) throw missing(field, range(min, max));
        return i;
    }

    /** An integer within [min, max], or null when absent. */
    public Integer optionalInt(String field, int min, int max) {
        JsonNode v = value(field);
        if (v == null) return null;
        String where = pathOf(field);
        if (!v.isIntegralNumber()) throw wrongType(field, v, range(min, max));
        if (!v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw HttpProblem.badRequest(where, "is out of range: " + v.asText(), range(min, max));
        }
        return v.intValue();
    }

    /** A 64-bit integer, or {@code fallback} when absent. */
    public long optionalLong(String field, long fallback) {
        JsonNode v = value(field);
        if (v == null) return fallback;
        if (!v.isIntegralNumber()) throw wrongType(field, v, "a 64-bit integer");
        if (!v.canConvertToLong()) throw HttpProblem.badRequest(pathOf(field), "is out of range: " + v.asText(), "a 64-bit integer");
        return v.longValue();
    }

    // ------------------------------------------------------------------ booleans

    public boolean requiredBoolean(String field) {
        Boolean b = optionalBoolean(field);
        if (b == null) throw missing(field, "true or false");
        return b;
    }

    public Boolean optionalBoolean(String field) {
        JsonNode v = value(field);
        if (v == null) return null;
        if (!v.isBoolean()) throw wrongType(field, v, "true or false");
        return v.booleanValue();
    }

    // ------------------------------------------------------------------ structures

    public JsonInput requiredObject(String field) {
        JsonInput o = optionalObject(field);
        if (o == null) throw missing(field, "a JSON object");
        return o;
    }

    /** A nested object (read with the same strictness; call {@link #finish()} on it), or null when absent. */
    public JsonInput optionalObject(String field) {
        JsonNode v = value(field);
        if (v == null) return null;
        if (!v.isObject()) throw wrongType(field, v, "a JSON object");
        return new JsonInput((ObjectNode) v, pathOf(field));
    }

    /** The objects of an array (each with its path {@code field[i]}), or null when absent. */
    public List<JsonInput> optionalObjects(String field) {
        JsonNode v = value(field);
        if (v == null) return null;
        if (!v.isArray()) throw wrongType(field, v, "an array of objects");
        List<JsonInput> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            String where = pathOf(field) + "[" + i + "]";
            if (!e.isObject()) throw HttpProblem.badRequest(where, "expected an object, got " + kind(e), "a JSON object");
            out.add(new JsonInput((ObjectNode) e, where));
        }
        return out;
    }

    public List<JsonInput> requiredObjects(String field, int minSize) {
        List<JsonInput> list = optionalObjects(field);
        if (list == null) throw missing(field, "an array of at least " + minSize + " object(s)");
        if (list.size() < minSize) {
            throw HttpProblem.badRequest(pathOf(field), "has " + list.size() + " entries", "an array of at least " + minSize + " object(s)");
        }
        return list;
    }

    /** An array of non-blank strings without duplicates, or null when absent. */
    public List<String> optionalStrings(String field) {
        JsonNode v = value(field);
        if (v == null) return null;
        if (!v.isArray()) throw wrongType(field, v, "an array of strings");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            String where = pathOf(field) + "[" + i + "]";
            if (!e.isTextual() || e.textValue().isBlank()) {
                throw HttpProblem.badRequest(where, "expected a non-empty string, got " + kind(e), "a non-empty string");
            }
            if (out.contains(e.textValue())) {
                throw HttpProblem.badRequest(where, "'" + e.textValue() + "' is listed twice", "distinct names");
            }
            out.add(e.textValue());
        }
        return out;
    }

    public List<String> requiredStrings(String field, int minSize) {
        List<String> list = optionalStrings(field);
        if (list == null) throw missing(field, "an array of at least " + minSize + " string(s)");
        if (list.size() < minSize) {
            throw HttpProblem.badRequest(pathOf(field), "has " + list.size() + " entries", "an array of at least " + minSize + " string(s)");
        }
        return list;
    }

    /** An object of finite numbers by name (in the order given), or null when absent. */
    public Map<String, Double> optionalNumbers(String field) {
        JsonNode v = value(field);
        if (v == null) return null;
        if (!v.isObject()) throw wrongType(field, v, "an object of finite numbers by name");
        return numbers(v, pathOf(field));
    }

    public Map<String, Double> requiredNumbers(String field) {
        Map<String, Double> m = optionalNumbers(field);
        if (m == null) throw missing(field, "an object of finite numbers by name");
        return m;
    }

    /** An array of objects of finite numbers by name, or null when absent. */
    public List<Map<String, Double>> optionalNumberMaps(String field) {
        JsonNode v = value(field);
        if (v == null) return null;
        if (!v.isArray()) throw wrongType(field, v, "an array of objects of finite numbers");
        List<Map<String, Double>> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            String where = pathOf(field) + "[" + i + "]";
            if (!e.isObject()) throw HttpProblem.badRequest(where, "expected an object, got " + kind(e), "an object of finite numbers by name");
            out.add(numbers(e, where));
        }
        return out;
    }

    private static Map<String, Double> numbers(JsonNode object, String where) {
        Map<String, Double> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = object.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().isBlank()) throw HttpProblem.badRequest(where, "has a blank name", "non-empty names");
            out.put(e.getKey(), finite(e.getValue(), where + "." + e.getKey()));
        }
        return out;
    }

    /** Refuses any field of this object that no getter asked for. */
    public void finish() {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!read.contains(name)) {
                throw HttpProblem.badRequest(pathOf(name), "unknown field '" + name + "'",
                        read.isEmpty() ? "no fields" : "only the fields " + String.join(", ", read));
            }
        }
    }

    /** Declares fields as known without reading them (for {@link #finish()}'s list of accepted names). */
    public JsonInput accept(String... fields) {
        read.addAll(List.of(fields));
        return this;
    }

    // ------------------------------------------------------------------ helpers

    private JsonNode value(String field) {
        read.add(field);
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    private static double finite(JsonNode v, String where) {
        if (!v.isNumber()) {
            throw HttpProblem.badRequest(where, "expected a finite number, got " + kind(v), "a finite number");
        }
        double d = v.doubleValue();
        if (!Double.isFinite(d)) throw HttpProblem.badRequest(where, "is not a finite number: " + v.asText(), "a finite number");
        return d;
    }

    private HttpProblem missing(String field, String expected) {
        return HttpProblem.badRequest(pathOf(field), "is required", expected);
    }

    private HttpProblem wrongType(String field, JsonNode v, String expected) {
        return HttpProblem.badRequest(pathOf(field), "expected " + expected + ", got " + kind(v), expected);
    }

    private static String range(int min, int max) {
        return "an integer in [" + min + ", " + max + "]";
    }

    static String kind(JsonNode v) {
        if (v.isTextual()) {
            String t = v.textValue();
            return "the string \"" + (t.length() > 40 ? t.substring(0, 40) + "..." : t) + "\"";
        }
        if (v.isIntegralNumber()) return "the integer " + v.asText();
        if (v.isNumber()) return "the number " + v.asText();
        if (v.isBoolean()) return v.asText();
        if (v.isArray()) return "an array";
        if (v.isObject()) return "an object";
        if (v.isNull()) return "null";
        return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
