package io.metaline.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The public routes: health, metrics, the OpenAPI document and its page, webjars, and JSON answers for unknown routes. */
class ServerBasicsTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void healthReportsTheDatabaseWithoutAToken() {
        TestServer.Answer a = server.get("/health", null);
        assertEquals(200, a.status(), a.toString());
        assertEquals("ok", a.json().get("status").asText());
        assertEquals("up", a.json().get("database").asText());
    }

    @Test
    void metricsCountRequestsByRouteTemplateAndStatus() {
        server.get("/api/v1/studies", server.viewer());
        server.get("/api/v1/studies/st-nope", server.viewer());
        String text = server.get("/metrics", null).body();
        assertTrue(text.contains("http_server_requests_seconds_bucket{"), text);
        assertTrue(text.matches("(?s).*http_server_requests_seconds_count\\{[^}]*route=\"/api/v1/studies/\\{id}\"[^}]*status=\"404\"[^}]*} [1-9].*"), text);
        assertTrue(text.contains("metaline_training_jobs{status=\"succeeded\"}"), text);
        assertTrue(text.contains("metaline_studies "), text);
        assertTrue(text.contains("metaline_study_events_total{kind=\"told\"}"), text);
    }

    @Test
    void openApiDocumentsEveryRoute() throws IOException {
        TestServer.Answer a = server.get("/openapi.json", null);
        assertEquals(200, a.status());
        JsonNode doc = a.json();
        assertEquals("3.0.3", doc.get("openapi").asText());
        List<String> documented = new ArrayList<>();
        for (Iterator<String> it = doc.get("paths").fieldNames(); it.hasNext(); ) {
            String path = it.next();
            for (Iterator<String> m = doc.get("paths").get(path).fieldNames(); m.hasNext(); ) {
                documented.add(m.next().toUpperCase() + " " + path);
            }
        }
        List<String> routes = AuthorisationTest.ROUTES.stream().map(r -> r.method() + " " + r.path()).toList();
        for (String route : routes) assertTrue(documented.contains(route), "undocumented route " + route + "; documented " + documented);
        for (String route : List.of("GET /health", "GET /metrics", "GET /openapi.json", "GET /docs")) {
            assertTrue(documented.contains(route), route);
        }
        assertEquals(routes.size() + 4, documented.size(), "documented routes that do not exist? " + documented);
    }

    @Test
    void docsPageLoadsSwaggerUiFromTheWebjar() {
        TestServer.Answer page = server.get("/docs", null);
        assertEquals(200, page.status());
        assertTrue(page.body().contains("<meta charset=\"utf-8\">"), page.body());
        assertTrue(page.body().contains("/openapi.json"));
        TestServer.Answer bundle = server.get("/webjars/swagger-ui/5.34.1/swagger-ui-bundle.js", null);
        assertEquals(200, bundle.status());
        assertTrue(bundle.body().length() > 100_000);
    }

    @Test
    void slowRequestsAreNotCutOffByTheDefaultIdleTimeout() {
        assertEquals(MetaLineHttpServer.IDLE_TIMEOUT_MILLIS, server.server.idleTimeoutMillis());
    }

    @Test
    void unknownRoutesAnswerJson() {
        TestServer.Answer a = server.get("/api/v1/nothing-here", server.viewer());
        assertEquals(404, a.status(), a.toString());
        assertTrue(a.json().has("error"), a.body());
    }

    @Test
    void openApiResourceIsOnTheClasspath() throws IOException {
        try (InputStream in = MetaLineHttpServer.class.getResourceAsStream("/openapi.json")) {
            assertTrue(in != null && in.readAllBytes().length > 1000);
        }
    }
}
