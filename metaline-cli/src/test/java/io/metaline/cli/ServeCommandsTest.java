package io.metaline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaline.server.http.MetaLineHttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code metaline serve}, {@code metaline token ...} and {@code metaline bench serve} on a temporary data directory. */
class ServeCommandsTest {
    @TempDir Path dir;

    @Test
    void tokensAreCreatedListedAndRevoked() throws Exception {
        String data = dir.resolve("server").toString();
        CliRun created = CliRun.of("token", "create", "--role", "operator", "--site", "plant-a", "--label", "line 3", "--data-dir", data);
        assertEquals(0, created.code(), created.toString());
        String secret = created.out().strip();
        assertTrue(secret.length() >= 32 && !secret.contains(" "), "only the secret on stdout: " + created);
        String id = created.err().replaceAll("(?s).*token (\\S+) for site.*", "$1");
        CliRun listed = CliRun.of("token", "list", "--data-dir", data);
        assertEquals(0, listed.code(), listed.toString());
        assertTrue(listed.out().contains(id) && listed.out().contains("operator") && listed.out().contains("line 3"), listed.toString());
        assertTrue(!listed.out().contains(secret), "a secret is never listed");
        CliRun revoked = CliRun.of("token", "revoke", id, "--data-dir", data);
        assertEquals(0, revoked.code(), revoked.toString());
        assertTrue(CliRun.of("token", "list", "--site", "plant-a", "--data-dir", data).out().matches("(?s).*" + id + ".*\\d{4}-\\d\\d-\\d\\dT.*\\d{4}-\\d\\d-\\d\\dT.*"),
                "the revocation time is listed");
        CliRun unknown = CliRun.of("token", "revoke", "tok-nope", "--data-dir", data);
        assertEquals(2, unknown.code(), unknown.toString());
        assertTrue(unknown.err().contains("no token 'tok-nope'"), unknown.toString());
        CliRun badRole = CliRun.of("token", "create", "--role", "root", "--site", "plant-a", "--data-dir", data);
        assertEquals(2, badRole.code(), badRole.toString());
        assertTrue(badRole.err().contains("--role"), badRole.toString());
    }

    @Test
    void serveAnswersWithATokenCreatedBeforehand() throws Exception {
        String data = dir.resolve("server").toString();
        String secret = CliRun.of("token", "create", "--role", "viewer", "--site", "plant-a", "--data-dir", data).out().strip();
        CommandLine cmd = new CommandLine(new ServeCommand());
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.parseArgs("--port", "0", "--data-dir", data);
        MetaLineHttpServer server = ((ServeCommand) cmd.getCommand()).start();
        try {
            assertTrue(out.toString().contains("MetaLine server at http://127.0.0.1:" + server.port()), out.toString());
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(server.uri().resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            HttpResponse<String> me = http.send(HttpRequest.newBuilder(server.uri().resolve("/api/v1/whoami"))
                    .header("Authorization", "Bearer " + secret).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, me.statusCode(), me.body());
            assertEquals("plant-a", new ObjectMapper().readTree(me.body()).get("site").asText());
        } finally {
            server.stop();
        }
    }

    @Test
    void benchServeMeasuresH2AndSkipsAnUnreachablePostgresql() throws Exception {
        CliRun r = CliRun.of("bench", "serve", "--studies", "2", "--trials", "4", "--clients", "2", "--initial-trials", "2",
                "--run-ms", "20", "--pg-url", "jdbc:postgresql://127.0.0.1:1/nothing", "--json");
        assertEquals(0, r.code(), r.toString());
        JsonNode json = new ObjectMapper().readTree(r.out().strip());
        JsonNode h2 = json.get("h2");
        assertEquals(0, h2.get("errors").asInt(), r.toString());
        assertEquals(8, h2.get("tells").asInt());
        assertTrue(h2.get("ask_p50_ms").asDouble() > 0 && h2.get("ask_p99_ms").asDouble() >= h2.get("ask_p50_ms").asDouble());
        assertTrue(h2.get("requests_per_s").asDouble() > 0);
        assertTrue(json.get("postgresql").get("skipped").asText().contains("not reachable"), r.toString());
    }

    @Test
    void benchServeRejectsANegativeRunTime() {
        CliRun r = CliRun.of("bench", "serve", "--run-ms", "-5");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--run-ms must be >= 0, got -5"), r.toString());
    }

    @Test
    void serveRejectsABadPort() {
        CliRun r = CliRun.of("serve", "--port", "70000", "--data-dir", dir.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--port"), r.toString());
    }
}
