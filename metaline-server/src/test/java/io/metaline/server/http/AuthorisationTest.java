package io.metaline.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.server.service.Role;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every role against every route: a role that includes the route's succeeds (2xx), any other gets 403; a missing,
 * unknown or revoked token gets 401 everywhere; another site's ids answer 404, never 403.
 */
class AuthorisationTest {
    /** A route of the API and the role it needs. */
    record Route(String method, String path, Access access) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static final List<Route> ROUTES = List.of(
            new Route("GET", "/api/v1/whoami", Access.VIEWER),
            new Route("GET", "/api/v1/events", Access.VIEWER),
            new Route("GET", "/api/v1/tokens", Access.ADMIN),
            new Route("POST", "/api/v1/tokens", Access.ADMIN),
            new Route("DELETE", "/api/v1/tokens/{id}", Access.ADMIN),
            new Route("GET", "/api/v1/datasets", Access.VIEWER),
            new Route("POST", "/api/v1/datasets", Access.ADMIN),
            new Route("GET", "/api/v1/datasets/{id}", Access.VIEWER),
            new Route("GET", "/api/v1/models", Access.VIEWER),
            new Route("POST", "/api/v1/models", Access.ADMIN),
            new Route("GET", "/api/v1/models/{id}", Access.VIEWER),
            new Route("GET", "/api/v1/studies", Access.VIEWER),
            new Route("POST", "/api/v1/studies", Access.ADMIN),
            new Route("GET", "/api/v1/studies/{id}", Access.VIEWER),
            new Route("POST", "/api/v1/studies/{id}/ask", Access.OPERATOR),
            new Route("GET", "/api/v1/studies/{id}/trials/{trialId}", Access.VIEWER),
            new Route("POST", "/api/v1/studies/{id}/trials/{trialId}", Access.OPERATOR),
            new Route("POST", "/api/v1/studies/{id}/trials/{trialId}/approve", Access.OPERATOR),
            new Route("POST", "/api/v1/studies/{id}/trials/{trialId}/reject", Access.OPERATOR),
            new Route("GET", "/api/v1/lines", Access.VIEWER),
            new Route("PUT", "/api/v1/lines/{id}", Access.OPERATOR));

    static final String CSV = "task,x,y\n" + "a,0.1,1.0\na,0.5,1.4\na,0.9,0.8\n" + "b,0.2,2.0\nb,0.6,2.5\nb,0.8,2.1\n";
    static final String STUDY = "{\"name\":\"auth\",\"parameters\":[{\"name\":\"x\",\"type\":\"continuous\",\"lower\":0,\"upper\":1,"
            + "\"maxStep\":0.5}],\"objective\":{\"outcome\":\"y\",\"direction\":\"maximize\"},\"initialTrials\":2,\"seed\":5}";

    static TestServer server;
    static String datasetId, modelId, studyId, spareToken, revokedToken;

    @BeforeAll
    static void start() {
        server = new TestServer();
        TestServer.Answer ds = server.send("POST", "/api/v1/datasets?name=auth&taskColumn=task", server.admin(), CSV, "text/csv");
        assertEquals(201, ds.status(), ds.toString());
        datasetId = ds.json().get("id").asText();
        TestServer.Answer m = server.post("/api/v1/models", server.admin(),
                "{\"datasetId\":\"" + datasetId + "\",\"inputs\":[\"x\"],\"outputs\":[\"y\"],\"iterations\":3}");
        assertEquals(202, m.status(), m.toString());
        modelId = m.json().get("id").asText();
        TestServer.Answer st = server.post("/api/v1/studies", server.admin(), STUDY);
        assertEquals(201, st.status(), st.toString());
        studyId = st.json().get("id").asText();
        TestServer.Answer ask = server.post("/api/v1/studies/" + studyId + "/ask", server.operator(), "{\"count\":3}");
        assertEquals(200, ask.status(), ask.toString());
        spareToken = server.server.services().tokens().issue(Role.VIEWER, TestServer.SITE, "to revoke").info().id();
        var revoked = server.server.services().tokens().issue(Role.ADMIN, TestServer.SITE, "revoked");
        server.server.services().tokens().revoke(revoked.info().id());
        revokedToken = revoked.secret();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> everyRoleOnEveryRoute() {
        List<Arguments> out = new ArrayList<>();
        for (Route r : ROUTES) for (Role role : Role.values()) out.add(Arguments.of(r, role));
        return out.stream();
    }

    @ParameterizedTest(name = "{1} {0}")
    @MethodSource("everyRoleOnEveryRoute")
    void aRoleThatIncludesTheRoutesSucceedsAndAnyOtherIsForbidden(Route route, Role role) {
        int status = call(route, server.tokens.get(role));
        if (role.allows(route.access().needed())) {
            assertTrue(status >= 200 && status < 300, route + " as " + role + " answered " + status);
        } else {
            assertEquals(403, status, route + " as " + role);
        }
    }

    static Stream<Arguments> everyRouteWithBadTokens() {
        List<Arguments> out = new ArrayList<>();
        for (Route r : ROUTES) for (String kind : List.of("missing", "unknown", "revoked", "malformed")) out.add(Arguments.of(r, kind));
        return out.stream();
    }

    @ParameterizedTest(name = "{1} token: {0}")
    @MethodSource("everyRouteWithBadTokens")
    void withoutAValidTokenEveryRouteAnswers401(Route route, String kind) {
        String token = switch (kind) {
            case "missing" -> null;
            case "unknown" -> "not-a-token-at-all";
            case "revoked" -> revokedToken;
            default -> "";
        };
        if (kind.equals("malformed")) {
            HttpRequest req = HttpRequest.newBuilder(server.uri(path(route))).method(route.method(), HttpRequest.BodyPublishers.noBody())
                    .header("Authorization", "Basic YWRtaW46YWRtaW4=").build();
            TestServer.Answer a = server.send(req);
            assertEquals(401, a.status(), a.toString());
            return;
        }
        TestServer.Answer a = server.send(route.method(), path(route), token, null, null);
        assertEquals(401, a.status(), route + ": " + a);
        assertEquals("Authorization", a.json().get("field").asText());
        assertTrue(a.headers().containsKey("www-authenticate"), a.headers().toString());
    }

    static Stream<Arguments> routesWithIds() {
        return ROUTES.stream().filter(r -> r.path().contains("{id}") && !r.path().startsWith("/api/v1/lines")).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routesWithIds")
    void anotherSitesIdsAnswer404(Route route) {
        TestServer.Answer a = server.send(route.method(), path(route), server.otherSiteTokens.get(Role.ADMIN), body(route), contentType(route));
        assertEquals(404, a.status(), route + ": " + a);
    }

    @org.junit.jupiter.api.Test
    void anotherSitesDatasetAndModelCannotBeUsed() {
        String other = server.otherSiteTokens.get(Role.ADMIN);
        TestServer.Answer train = server.post("/api/v1/models", other,
                "{\"datasetId\":\"" + datasetId + "\",\"inputs\":[\"x\"],\"outputs\":[\"y\"],\"iterations\":3}");
        assertEquals(404, train.status(), train.toString());
        TestServer.Answer study = server.post("/api/v1/studies", other,
                STUDY.substring(0, STUDY.length() - 1) + ",\"priorModelId\":\"" + modelId + "\"}");
        assertEquals(404, study.status(), study.toString());
        assertEquals(0, server.get("/api/v1/studies", other).json().get("studies").size());
        assertEquals(0, server.get("/api/v1/datasets", other).json().get("datasets").size());
    }

    @org.junit.jupiter.api.Test
    void aTokenInTheQueryIsAcceptedByTheEventStreamOnly() {
        assertEquals(401, server.get("/api/v1/studies?access_token=" + server.viewer(), null).status());
        assertEquals(401, server.get("/api/v1/whoami?access_token=" + server.admin(), null).status());
    }

    // ------------------------------------------------------------------ calls

    private static int call(Route route, String token) {
        if (route.path().equals("/api/v1/events")) return openEventStream(token);
        return server.send(route.method(), path(route), token, body(route), contentType(route)).status();
    }

    /** Opens the stream, reads its status, and hangs up. */
    private static int openEventStream(String token) {
        HttpRequest req = HttpRequest.newBuilder(server.uri("/api/v1/events")).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build();
        try {
            HttpResponse<InputStream> r = server.client.send(req, HttpResponse.BodyHandlers.ofInputStream());
            r.body().close();
            return r.statusCode();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static String path(Route route) {
        String id = switch (route.path().split("/")[3]) {
            case "datasets" -> datasetId;
            case "models" -> modelId;
            case "studies" -> studyId;
            case "tokens" -> spareToken;
            default -> "line-1";
        };
        String trial = route.path().endsWith("/approve") ? "2" : route.path().endsWith("/reject") ? "3" : "1";
        String p = route.path().replace("{id}", id).replace("{trialId}", trial);
        return route.path().equals("/api/v1/datasets") && route.method().equals("POST") ? p + "?name=auth2&taskColumn=task" : p;
    }

    static String body(Route route) {
        if (!route.method().equals("POST") && !route.method().equals("PUT")) return null;
        Map<String, String> bodies = Map.of(
                "/api/v1/tokens", "{\"role\":\"viewer\",\"label\":\"matrix\"}",
                "/api/v1/datasets", CSV,
                "/api/v1/models", "{\"datasetId\":\"" + datasetId + "\",\"inputs\":[\"x\"],\"outputs\":[\"y\"],\"iterations\":3}",
                "/api/v1/studies", STUDY,
                "/api/v1/studies/{id}/ask", "{\"count\":1}",
                "/api/v1/studies/{id}/trials/{trialId}", "{\"outcomes\":{\"y\":1.25}}",
                "/api/v1/studies/{id}/trials/{trialId}/reject", "{\"reason\":\"too hot\"}",
                "/api/v1/lines/{id}", "{\"product\":\"bracket\",\"state\":\"running\",\"cycle\":3}");
        return bodies.get(route.path());
    }

    static String contentType(Route route) {
        String b = body(route);
        if (b == null) return null;
        return route.path().equals("/api/v1/datasets") ? "text/csv" : "application/json";
    }
}
