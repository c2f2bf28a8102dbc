package io.metaline.connect.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.metaline.optimize.Objective;
import io.metaline.optimize.ParameterSpec;
import io.metaline.optimize.SearchSpace;
import io.metaline.optimize.StudySpec;
import io.metaline.optimize.Suggestion;
import io.metaline.optimize.Trial;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST client against a small fake of the server's study API: paths, token, JSON, errors and safe retries. */
class HttpStudyGatewayTest {
    private static final StudySpec SPEC = StudySpec.of("s", SearchSpace.of(ParameterSpec.continuous("x", "mm", 0, 10, 1)), Objective.maximise("y"));
    private static final HttpStudyGateway.Retry FAST = new HttpStudyGateway.Retry(3, Duration.ofMillis(10), Duration.ofSeconds(5));

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger tellDrops = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getPath();
        requests.add(ex.getRequestMethod() + " " + path + " " + body);
        if (!"Bearer op-secret".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            answer(ex, 401, "{\"error\":\"missing or unknown bearer token\",\"field\":\"Authorization\",\"expected\":\"Bearer <token>\"}");
            return;
        }
        switch (ex.getRequestMethod() + " " + path) {
            case "POST /api/v1/studies/st-1/ask" -> answer(ex, 200, """
                    {"suggestions":[{"trialId":7,"parameters":{"x":2.5},"predictions":{"y":{"mean":1.5,"std":0.25}},
                     "acquisition":-1.2,"reason":"expected improvement","similarTasks":["p-3"]}]}""");
            case "POST /api/v1/studies/st-1/trials/7/approve" -> answer(ex, 200, "{\"trialId\":7,\"approval\":\"approved\"}");
            case "GET /api/v1/studies/st-1/trials/7" -> answer(ex, 200, "{\"id\":7,\"parameters\":{\"x\":2.5},\"status\":\"pending\",\"approval\":\"approved\"}");
            case "GET /api/v1/studies/st-1/trials/8" -> answer(ex, 200, "{\"id\":8,\"parameters\":{\"x\":2.5},\"status\":\"pending\",\"approval\":null}");
            case "POST /api/v1/studies/st-1/trials/7" -> {
                if (tellDrops.getAndDecrement() > 0) {
                    ex.close(); // the connection drops before an answer: the client cannot know whether it arrived
                    return;
                }
                answer(ex, 200, "{\"id\":7,\"parameters\":{\"x\":2.5},\"context\":{},\"status\":\"completed\",\"outcomes\":{\"y\":3.25},"
                        + "\"note\":null,\"created\":\"2026-03-01T08:00:00Z\",\"finished\":\"2026-03-01T08:01:00Z\"}");
            }
            case "POST /api/v1/studies/st-1/trials/9" -> answer(ex, 409,
                    "{\"error\":\"trial 9 already has a result: outcomes {y=1.0} were recorded\",\"field\":null,\"expected\":null}");
            case "POST /api/v1/studies/st-1/trials/10" -> answer(ex, 400,
                    "{\"error\":\"outcome 'y' is missing\",\"field\":\"outcomes.y\",\"expected\":\"a finite number\"}");
            case "GET /api/v1/studies/st-1" -> answer(ex, 200, "{\"id\":\"st-1\",\"best\":{\"id\":7,\"parameters\":{\"x\":2.5},\"status\":\"completed\",\"outcomes\":{\"y\":3.25}}}");
            default -> answer(ex, 404, "{\"error\":\"no route\",\"field\":null,\"expected\":null}");
        }
    }

    private static void answer(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    private HttpStudyGateway gateway(String token) {
        return new HttpStudyGateway(base(), token, "st-1", SPEC, FAST);
    }

    @Test
    void askApproveTellSpeakTheServersJson() {
        HttpStudyGateway g = gateway("op-secret");
        List<Suggestion> s = g.ask(1, Map.of());
        assertEquals(1, s.size());
        assertEquals(7, s.get(0).trialId());
        assertEquals(Map.of("x", 2.5), s.get(0).settings());
        assertEquals(new Suggestion.Prediction(1.5, 0.25), s.get(0).predictions().get("y"));
        assertEquals(List.of("p-3"), s.get(0).similarTasks());
        assertEquals("POST /api/v1/studies/st-1/ask {\"count\":1,\"context\":{}}", requests.get(0));

        g.approve(7);
        assertEquals(Approval.APPROVED, g.approval(7));
        assertEquals(Approval.PENDING, g.approval(8));
        Trial t = g.tell(7, Map.of("y", 3.25));
        assertEquals(Trial.Status.COMPLETED, t.status());
        assertEquals(Map.of("y", 3.25), t.outcomes());
        assertEquals("POST /api/v1/studies/st-1/trials/7 {\"outcomes\":{\"y\":3.25}}", requests.get(requests.size() - 1));
        assertEquals(7, g.best().orElseThrow().id());
    }

    @Test
    void aTellWhoseConnectionDroppedIsRepeatedWithTheSameOutcomes() {
        tellDrops.set(2);
        Trial t = gateway("op-secret").tell(7, Map.of("y", 3.25));
        assertEquals(Trial.Status.COMPLETED, t.status());
        List<String> tells = requests.stream().filter(r -> r.startsWith("POST /api/v1/studies/st-1/trials/7 ")).toList();
        assertEquals(3, tells.size());
        assertEquals(1, tells.stream().distinct().count(), "every attempt carries the same result");
    }

    @Test
    void refusalsCarryTheServersMessageAndAreNotRetried() {
        HttpStudyGateway g = gateway("op-secret");
        GatewayException conflict = assertThrows(GatewayException.class, () -> g.tell(9, Map.of("y", 2.0)));
        assertEquals(409, conflict.status());
        assertFalse(conflict.retryable());
        assertEquals("POST /api/v1/studies/st-1/trials/9: HTTP 409: trial 9 already has a result: outcomes {y=1.0} were recorded", conflict.getMessage());
        GatewayException bad = assertThrows(GatewayException.class, () -> g.tell(10, Map.of()));
        assertEquals("POST /api/v1/studies/st-1/trials/10: HTTP 400: outcome 'y' is missing (field 'outcomes.y'; expected a finite number)", bad.getMessage());
        GatewayException unauthorised = assertThrows(GatewayException.class, () -> gateway("wrong").ask(1, Map.of()));
        assertEquals(401, unauthorised.status());
        assertTrue(unauthorised.getMessage().contains("missing or unknown bearer token (field 'Authorization'; expected Bearer <token>)"));
        assertEquals(3, requests.size(), "one request each: refusals are final");
    }

    @Test
    void anUnreachableServerIsRetriedThenReported() {
        server.stop(0);
        GatewayException e = assertThrows(GatewayException.class, () -> gateway("op-secret").tell(7, Map.of("y", 1.0)));
        assertTrue(e.retryable());
        assertEquals(0, e.status());
        assertTrue(e.getMessage().contains("cannot reach the MetaLine server") && e.getMessage().contains("gave up after 3 attempts"), e.getMessage());
    }
}
