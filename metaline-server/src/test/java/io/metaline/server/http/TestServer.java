package io.metaline.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaline.server.service.Principal;
import io.metaline.server.service.Role;
import io.metaline.server.service.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real server on a free loopback port with an H2 database in a temporary folder, tokens of every role for two
 * sites, and a small HTTP client. Close it to stop the server and delete the folder.
 */
final class TestServer implements AutoCloseable {
    static final String SITE = "plant-a", OTHER_SITE = "plant-b";
    static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final MetaLineHttpServer server;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final Map<Role, String> tokens = new EnumMap<>(Role.class);
    final Map<Role, String> otherSiteTokens = new EnumMap<>(Role.class);

    TestServer() {
        this(HttpLimits.DEFAULT);
    }

    TestServer(HttpLimits limits) {
        try {
            dir = Files.createTempDirectory("metaline-http-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = MetaLineHttpServer.start(ServerConfig.embedded(dir), limits, "127.0.0.1", 0);
        for (Role r : Role.values()) {
            tokens.put(r, server.services().tokens().issue(r, SITE, "test " + r).secret());
            otherSiteTokens.put(r, server.services().tokens().issue(r, OTHER_SITE, "test " + r).secret());
        }
    }

    String admin() {
        return tokens.get(Role.ADMIN);
    }

    String operator() {
        return tokens.get(Role.OPERATOR);
    }

    String viewer() {
        return tokens.get(Role.VIEWER);
    }

    Principal principal(Role role) {
        return server.services().tokens().authenticate(tokens.get(role)).orElseThrow();
    }

    URI uri(String path) {
        return server.uri().resolve(path);
    }

    /** An answer: status, body text, and the body as JSON when it is JSON (else null). */
    record Answer(int status, String body, Map<String, java.util.List<String>> headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    Answer get(String path, String token) {
        return send("GET", path, token, null, null);
    }

    Answer post(String path, String token, String json) {
        return send("POST", path, token, json, json == null ? null : "application/json");
    }

    Answer put(String path, String token, String json) {
        return send("PUT", path, token, json, "application/json");
    }

    Answer send(String method, String path, String token, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (contentType != null) b.header("Content-Type", contentType);
        return send(b.build());
    }

    Answer send(HttpRequest request) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), r.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String json(Object value) {
        return ApiJson.write(value);
    }

    @Override
    public void close() {
        server.stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is harmless
        }
    }
}
