package io.metaline.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaline.server.service.Role;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Ask/tell semantics over HTTP: idempotent results, batches, approvals, failures, the event stream, tokens and lines. */
class StudyRoutesTest {
    static final String STUDY = "{\"name\":\"routes\",\"parameters\":[{\"name\":\"speed\",\"type\":\"continuous\",\"lower\":10,"
            + "\"upper\":50,\"unit\":\"mm/s\",\"maxStep\":5},{\"name\":\"tool\",\"type\":\"categorical\",\"categories\":[\"a\",\"b\",\"c\"]}],"
            + "\"context\":[{\"name\":\"ambient\",\"unit\":\"C\",\"lower\":15,\"upper\":35}],"
            + "\"objective\":{\"outcome\":\"cost\",\"direction\":\"minimize\"},"
            + "\"constraints\":[{\"outcome\":\"temp\",\"lower\":100,\"upper\":250,\"hard\":true}],"
            + "\"drift\":{\"kind\":\"half_life\",\"runs\":20},\"acquisition\":\"ucb\",\"initialTrials\":2,\"seed\":42}";

    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String newStudy() {
        TestServer.Answer a = server.post("/api/v1/studies", server.admin(), STUDY);
        assertEquals(201, a.status(), a.toString());
        assertTrue(a.headers().get("location").get(0).endsWith(a.json().get("id").asText()));
        return a.json().get("id").asText();
    }

    static JsonNode ask(String study, int count) {
        TestServer.Answer a = server.post("/api/v1/studies/" + study + "/ask", server.operator(),
                "{\"count\":" + count + ",\"context\":{\"ambient\":21.5}}");
        assertEquals(200, a.status(), a.toString());
        return a.json().get("suggestions");
    }

    @Test
    void theSameResultTwiceIsAcceptedAndAConflictingOneIs409() {
        String study = newStudy();
        int trial = ask(study, 1).get(0).get("trialId").asInt();
        String path = "/api/v1/studies/" + study + "/trials/" + trial;
        String body = "{\"outcomes\":{\"cost\":3.5,\"temp\":180}}";
        TestServer.Answer first = server.post(path, server.operator(), body);
        TestServer.Answer second = server.post(path, server.operator(), body);
        assertEquals(200, first.status(), first.toString());
        assertEquals(200, second.status(), second.toString());
        assertEquals(first.json().get("outcomes"), second.json().get("outcomes"));
        assertEquals(first.json().get("finished"), second.json().get("finished"));
        TestServer.Answer conflicting = server.post(path, server.operator(), "{\"outcomes\":{\"cost\":3.6,\"temp\":180}}");
        assertEquals(409, conflicting.status(), conflicting.toString());
        assertTrue(conflicting.json().get("error").asText().contains("already"), conflicting.body());
        TestServer.Answer failLater = server.post(path, server.operator(), "{\"status\":\"failed\",\"reason\":\"jam\"}");
        assertEquals(409, failLater.status(), failLater.toString());
        JsonNode view = server.get("/api/v1/studies/" + study, server.viewer()).json();
        assertEquals(1, view.get("completed").asInt());
        assertEquals(3.5, view.get("trialList").get(0).get("outcomes").get("cost").asDouble());
    }

    @Test
    void aBatchAskReturnsDistinctTrialsWithPredictionsAndTheSpecRoundTrips() {
        String study = newStudy();
        JsonNode batch = ask(study, 3);
        assertEquals(3, batch.size());
        Set<Integer> ids = new HashSet<>();
        for (JsonNode s : batch) {
            ids.add(s.get("trialId").asInt());
            double speed = s.get("parameters").get("speed").asDouble();
            assertTrue(speed >= 10 && speed <= 50, s.toString());
            assertTrue(s.get("reason").asText().length() > 0, s.toString());
            assertTrue(s.has("predictions") && s.has("acquisition"), s.toString());
        }
        assertEquals(3, ids.size());
        JsonNode view = server.get("/api/v1/studies/" + study, server.viewer()).json();
        assertEquals(3, view.get("trials").asInt());
        assertEquals(TestServer.JSON.valueToTree(ApiJson.MAPPER.convertValue(view.get("spec"), Object.class)), view.get("spec"));
        JsonNode spec = view.get("spec");
        assertEquals("ucb", spec.get("acquisition").asText());
        assertEquals(2, spec.get("constraints").size(), "a two-sided limit is two constraints");
        assertEquals("half_life", spec.get("drift").get("kind").asText());
        assertEquals(21.5, view.get("trialList").get(0).get("context").get("ambient").asDouble());
        // The spec as written is accepted again as a declaration.
        ((com.fasterxml.jackson.databind.node.ObjectNode) spec).put("name", "copy");
        TestServer.Answer copy = server.post("/api/v1/studies", server.admin(), spec.toString());
        assertEquals(201, copy.status(), copy.toString());
    }

    @Test
    void approvalsAndFailuresAreRecorded() {
        String study = newStudy();
        JsonNode batch = ask(study, 3);
        int a = batch.get(0).get("trialId").asInt(), r = batch.get(1).get("trialId").asInt(), f = batch.get(2).get("trialId").asInt();
        String base = "/api/v1/studies/" + study + "/trials/";
        assertEquals(200, server.post(base + a + "/approve", server.operator(), null).status());
        assertEquals(200, server.post(base + a + "/approve", server.operator(), "{}").status(), "approving twice is harmless");
        assertEquals("approved", server.get(base + a, server.viewer()).json().get("approval").asText());
        TestServer.Answer rejected = server.post(base + r + "/reject", server.operator(), "{\"reason\":\"tool b is in maintenance\"}");
        assertEquals(200, rejected.status(), rejected.toString());
        JsonNode rt = server.get(base + r, server.viewer()).json();
        assertEquals("rejected", rt.get("approval").asText());
        assertEquals("failed", rt.get("status").asText());
        assertTrue(rt.get("note").asText().contains("maintenance"), rt.toString());
        assertEquals(409, server.post(base + r + "/approve", server.operator(), null).status(), "a rejected trial cannot be approved");
        TestServer.Answer failed = server.post(base + f, server.operator(), "{\"status\":\"failed\",\"reason\":\"short shot\"}");
        assertEquals(200, failed.status(), failed.toString());
        assertEquals("failed", failed.json().get("status").asText());
        assertEquals("short shot", failed.json().get("note").asText());
        assertNull(server.get(base + f, server.viewer()).json().get("approval").textValue());
    }

    @Test
    void theEventStreamCarriesOnlyTheCallersSitesChanges() throws Exception {
        String study = newStudy();
        HttpRequest req = HttpRequest.newBuilder(server.uri("/api/v1/events?access_token=" + server.viewer()))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<InputStream> response = server.client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        CompletableFuture<List<String>> received = CompletableFuture.supplyAsync(() -> {
            List<String> events = new ArrayList<>();
            try {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.startsWith("data:")) events.add(line.substring(5).trim());
                    if (events.size() == 2) break;
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return events;
        });
        // Another site's study changes first: its events must not reach this stream.
        TestServer.Answer other = server.post("/api/v1/studies", server.otherSiteTokens.get(Role.ADMIN), STUDY);
        String otherStudy = other.json().get("id").asText();
        server.post("/api/v1/studies/" + otherStudy + "/ask", server.otherSiteTokens.get(Role.OPERATOR), "{\"context\":{\"ambient\":20}}");
        int trial = ask(study, 1).get(0).get("trialId").asInt();
        server.post("/api/v1/studies/" + study + "/trials/" + trial, server.operator(), "{\"outcomes\":{\"cost\":1,\"temp\":150}}");
        List<String> events = received.get(20, TimeUnit.SECONDS);
        response.body().close();
        JsonNode asked = TestServer.JSON.readTree(events.get(0)), told = TestServer.JSON.readTree(events.get(1));
        assertEquals(study, asked.get("studyId").asText());
        assertEquals("asked", asked.get("kind").asText());
        assertEquals(TestServer.SITE, asked.get("site").asText());
        assertEquals("told", told.get("kind").asText());
        assertEquals(trial, told.get("trialId").asInt());
        assertNotEquals(otherStudy, told.get("studyId").asText());
    }

    @Test
    void anAdminIssuesAndRevokesTokensOfItsOwnSite() {
        TestServer.Answer issued = server.post("/api/v1/tokens", server.admin(), "{\"role\":\"operator\",\"label\":\"line 3\"}");
        assertEquals(201, issued.status(), issued.toString());
        String secret = issued.json().get("secret").asText();
        String id = issued.json().get("id").asText();
        assertEquals(TestServer.SITE, issued.json().get("site").asText());
        JsonNode me = server.get("/api/v1/whoami", secret).json();
        assertEquals("operator", me.get("role").asText());
        assertEquals(id, me.get("tokenId").asText());
        JsonNode listed = server.get("/api/v1/tokens", server.admin()).json().get("tokens");
        for (JsonNode t : listed) {
            assertEquals(TestServer.SITE, t.get("site").asText());
            assertTrue(!t.has("secret"), "a listed token shows no secret");
        }
        assertEquals(404, server.send("DELETE", "/api/v1/tokens/" + id, server.otherSiteTokens.get(Role.ADMIN), null, null).status());
        TestServer.Answer revoked = server.send("DELETE", "/api/v1/tokens/" + id, server.admin(), null, null);
        assertEquals(200, revoked.status(), revoked.toString());
        assertTrue(revoked.json().get("revoked").isTextual());
        assertEquals(401, server.get("/api/v1/whoami", secret).status());
    }

    @Test
    void linesReportAndList() {
        TestServer.Answer put = server.put("/api/v1/lines/moulding-2", server.operator(),
                "{\"product\":\"clip\",\"state\":\"running\",\"cycle\":12,\"setpoints\":{\"speed\":30},\"lastOutcomes\":{\"cost\":2.5}}");
        assertEquals(200, put.status(), put.toString());
        JsonNode lines = server.get("/api/v1/lines", server.viewer()).json().get("lines");
        JsonNode line = null;
        for (JsonNode l : lines) if (l.get("id").asText().equals("moulding-2")) line = l;
        assertTrue(line != null, lines.toString());
        assertEquals(12, line.get("cycle").asInt());
        assertEquals(30.0, line.get("setpoints").get("speed").asDouble());
        assertEquals(0, server.get("/api/v1/lines", server.otherSiteTokens.get(Role.VIEWER)).json().get("lines").size());
    }

    @Test
    void thompsonSamplingIsAcceptedWhenTheOptimiserOffersIt() {
        TestServer.Answer a = server.post("/api/v1/studies", server.admin(), STUDY.replace("\"ucb\"", "\"thompson\""));
        if (StudySpecJson.thompson().isPresent()) {
            assertEquals(201, a.status(), a.toString());
            String id = a.json().get("id").asText();
            assertEquals("thompson", server.get("/api/v1/studies/" + id, server.viewer()).json().get("spec").get("acquisition").asText());
        } else {
            assertEquals(400, a.status(), a.toString());
            assertEquals("acquisition", a.json().get("field").asText());
        }
    }

    @Test
    void eventStreamWithoutTheEventStreamMediaTypeIs406() {
        TestServer.Answer a = server.get("/api/v1/events", server.viewer());
        assertEquals(406, a.status(), a.toString());
    }
}
