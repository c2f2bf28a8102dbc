package io.metaline.connect.plant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaline.sim.line.CycleResult;

import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.Map;

/** The plain-JSON MQTT payloads of the simulated plant (see {@link PlantAddresses} for the topics). */
final class CycleMessages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CycleMessages() {
    }

    /**
     * {@code {"line","cycle","product","settings":{},"context":{},"outcomes":{},"setpointsCycle","timestamp"}}, the
     * timestamp ISO-8601 in UTC.
     */
    static byte[] cycle(CycleResult r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("line", r.line());
        n.put("cycle", r.cycle());
        n.put("product", r.product());
        n.set("settings", numbers(r.settings()));
        n.set("context", numbers(r.context()));
        n.set("outcomes", numbers(r.outcomes()));
        n.put("setpointsCycle", r.setpointsCycle());
        n.put("timestamp", r.time().toString());
        return bytes(n);
    }

    /** {@code {"product","running"}}. */
    static byte[] state(String product, boolean running) {
        ObjectNode n = JSON.createObjectNode();
        n.put("product", product);
        n.put("running", running);
        return bytes(n);
    }

    /** The answer to an accepted setpoint command. */
    static byte[] accepted(String requestId, long setpointsCycle) {
        ObjectNode n = JSON.createObjectNode();
        n.put("requestId", requestId);
        n.put("accepted", true);
        n.put("setpointsCycle", setpointsCycle);
        return bytes(n);
    }

    /** The answer to a refused setpoint command, with the reason. */
    static byte[] refused(String requestId, String error) {
        ObjectNode n = JSON.createObjectNode();
        n.put("requestId", requestId);
        n.put("accepted", false);
        n.put("error", error);
        return bytes(n);
    }

    /** A parsed setpoint command. */
    record SetpointCommand(String requestId, Map<String, Double> settings) {
    }

    /**
     * Parses {@code {"settings":{name:number,...},"requestId":"..."}}.
     *
     * @throws IllegalArgumentException naming what is missing or malformed (the request id, if readable, is in
     *                                  {@link BadCommandException#requestId()})
     */
    static SetpointCommand parseCommand(byte[] payload) {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (Exception e) {
            throw new BadCommandException(null, "setpoint command is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw new BadCommandException(null, "setpoint command must be an object");
        JsonNode id = root.get("requestId");
        String requestId = id == null || id.isNull() ? null : id.asText();
        JsonNode settings = root.get("settings");
        if (settings == null || !settings.isObject() || settings.isEmpty()) {
            throw new BadCommandException(requestId, "setpoint command needs a non-empty object \"settings\"");
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = settings.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNumber()) {
                throw new BadCommandException(requestId, "settings." + e.getKey() + " must be a number, got "
                        + e.getValue());
            }
            values.put(e.getKey(), e.getValue().doubleValue());
        }
        return new SetpointCommand(requestId, values);
    }

    /** A malformed setpoint command. */
    static final class BadCommandException extends IllegalArgumentException {
        private final String requestId;

        BadCommandException(String requestId, String message) {
            super(message);
            this.requestId = requestId;
        }

        String requestId() {
            return requestId;
        }
    }

    private static ObjectNode numbers(Map<String, Double> m) {
        ObjectNode n = JSON.createObjectNode();
        // JSON has no NaN or infinity: a value the model could not give travels as null.
        m.forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) n.put(k, v); else n.putNull(k);
        });
        return n;
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + n, e);
        }
    }
}
