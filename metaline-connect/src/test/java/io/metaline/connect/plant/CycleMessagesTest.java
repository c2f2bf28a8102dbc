package io.metaline.connect.plant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaline.sim.line.CycleResult;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON payloads without a broker: commands parsed strictly, cycles always valid JSON. */
class CycleMessagesTest {

    private static CycleMessages.SetpointCommand parse(String json) {
        return CycleMessages.parseCommand(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCommandKeepsItsOrderAndRequestId() {
        CycleMessages.SetpointCommand c = parse("{\"requestId\":\"x\",\"settings\":{\"b\":2,\"a\":1.5}}");
        assertEquals("x", c.requestId());
        assertEquals(Map.of("b", 2.0, "a", 1.5), c.settings());
        assertEquals("b", c.settings().keySet().iterator().next());
        assertNull(parse("{\"settings\":{\"a\":1}}").requestId());
    }

    @Test
    void malformedCommandsNameTheProblemAndKeepTheRequestId() {
        var e = assertThrows(CycleMessages.BadCommandException.class,
                () -> parse("{\"requestId\":\"r\",\"settings\":{\"a\":\"hot\"}}"));
        assertTrue(e.getMessage().contains("settings.a") && e.getMessage().contains("number"), e.getMessage());
        assertEquals("r", e.requestId());
        e = assertThrows(CycleMessages.BadCommandException.class, () -> parse("{\"requestId\":\"r\"}"));
        assertTrue(e.getMessage().contains("\"settings\""), e.getMessage());
        e = assertThrows(CycleMessages.BadCommandException.class, () -> parse("{\"settings\":{}}"));
        assertTrue(e.getMessage().contains("non-empty"), e.getMessage());
        e = assertThrows(CycleMessages.BadCommandException.class, () -> parse("[1,2]"));
        assertTrue(e.getMessage().contains("object"), e.getMessage());
        e = assertThrows(CycleMessages.BadCommandException.class, () -> parse("{"));
        assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
    }

    @Test
    void aCycleIsValidJsonEvenWithAnUnmeasurableValue() throws Exception {
        Map<String, Double> outcomes = new LinkedHashMap<>();
        outcomes.put("cost", 0.42);
        outcomes.put("broken", Double.NaN);
        CycleResult r = new CycleResult("l", 3, "p", Map.of("x", 1.0), Map.of("ambient", 21.5), outcomes, false,
                Instant.parse("2026-01-02T03:04:05.678Z"), 2);
        JsonNode j = new ObjectMapper().readTree(CycleMessages.cycle(r));
        assertEquals("l", j.get("line").asText());
        assertEquals(3, j.get("cycle").asLong());
        assertEquals(2, j.get("setpointsCycle").asLong());
        assertEquals(0.42, j.get("outcomes").get("cost").asDouble());
        assertTrue(j.get("outcomes").get("broken").isNull());
        assertEquals(21.5, j.get("context").get("ambient").asDouble());
        assertEquals("2026-01-02T03:04:05.678Z", j.get("timestamp").asText());
    }
}
