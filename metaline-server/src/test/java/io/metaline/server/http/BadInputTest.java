package io.metaline.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaline.server.service.Role;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed and out-of-range requests, each with the status it must get, a fragment of its message and the field
 * its error names; none is answered 500, and none writes anything.
 */
class BadInputTest {
    /** One bad request. {@code {study}} and {@code {dataset}} in the path are replaced by real ids. */
    record Case(String name, String method, String path, String body, String contentType, Role role, int status,
                String fragment, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final String JSON = "application/json", CSV_TYPE = "text/csv";
    static final String ASK = "/api/v1/studies/{study}/ask", TELL = "/api/v1/studies/{study}/trials/1";
    static final String STUDY_HEAD = "{\"name\":\"bad\",\"objective\":{\"outcome\":\"y\",\"direction\":\"maximize\"},";
    static final String STUDY = STUDY_HEAD + "\"parameters\":[{\"name\":\"x\",\"type\":\"continuous\",\"lower\":0,\"upper\":1,\"maxStep\":0.5},"
            + "{\"name\":\"n\",\"type\":\"integer\",\"lower\":1,\"upper\":10},{\"name\":\"c\",\"type\":\"categorical\",\"categories\":[\"a\",\"b\"]}],"
            + "\"constraints\":[{\"outcome\":\"z\",\"upper\":5,\"hard\":true}],\"seed\":3}";

    static String study(String parameters) {
        return STUDY_HEAD + "\"parameters\":[" + parameters + "]}";
    }

    static final String X = "{\"name\":\"x\",\"type\":\"continuous\",\"lower\":0,\"upper\":1}";

    static final List<Case> CASES = List.of(
            new Case("malformed JSON", "POST", ASK, "{\"count\":", JSON, Role.OPERATOR, 400, "malformed JSON", "body"),
            new Case("an array, not an object", "POST", ASK, "[1,2]", JSON, Role.OPERATOR, 400, "expected a JSON object", "body"),
            new Case("empty tell body", "POST", TELL, "", JSON, Role.OPERATOR, 400, "empty", "body"),
            new Case("count as a string", "POST", ASK, "{\"count\":\"2\"}", JSON, Role.OPERATOR, 400, "got the string", "count"),
            new Case("count 0", "POST", ASK, "{\"count\":0}", JSON, Role.OPERATOR, 400, "out of range", "count"),
            new Case("count 101", "POST", ASK, "{\"count\":101}", JSON, Role.OPERATOR, 400, "out of range", "count"),
            new Case("count 1.5", "POST", ASK, "{\"count\":1.5}", JSON, Role.OPERATOR, 400, "an integer", "count"),
            new Case("count beyond 64 bits", "POST", ASK, "{\"count\":123456789012345678901234567890}", JSON, Role.OPERATOR, 400, "out of range", "count"),
            new Case("unknown field", "POST", ASK, "{\"cnt\":2}", JSON, Role.OPERATOR, 400, "unknown field 'cnt'", "cnt"),
            new Case("duplicate key", "POST", ASK, "{\"count\":1,\"count\":2}", JSON, Role.OPERATOR, 400, "Duplicate field", "body"),
            new Case("trailing content", "POST", ASK, "{\"count\":1} x", JSON, Role.OPERATOR, 400, "malformed JSON", "body"),
            new Case("context not an object", "POST", ASK, "{\"context\":[1]}", JSON, Role.OPERATOR, 400, "an object of finite numbers", "context"),
            new Case("undeclared context variable", "POST", ASK, "{\"context\":{\"ambient\":20}}", JSON, Role.OPERATOR, 400, "ambient", null),
            new Case("NaN literal", "POST", TELL, "{\"outcomes\":{\"y\":NaN,\"z\":1}}", JSON, Role.OPERATOR, 400, "NaN", "body"),
            new Case("Infinity literal", "POST", TELL, "{\"outcomes\":{\"y\":-Infinity,\"z\":1}}", JSON, Role.OPERATOR, 400, "Infinity", "body"),
            new Case("NaN as a string", "POST", TELL, "{\"outcomes\":{\"y\":\"NaN\",\"z\":1}}", JSON, Role.OPERATOR, 400, "expected a finite number", "outcomes.y"),
            new Case("Infinity as a string", "POST", TELL, "{\"outcomes\":{\"y\":1,\"z\":\"Infinity\"}}", JSON, Role.OPERATOR, 400, "expected a finite number", "outcomes.z"),
            new Case("overflowing number", "POST", TELL, "{\"outcomes\":{\"y\":1e400,\"z\":1}}", JSON, Role.OPERATOR, 400, "not a finite number", "outcomes.y"),
            new Case("outcome null", "POST", TELL, "{\"outcomes\":{\"y\":null,\"z\":1}}", JSON, Role.OPERATOR, 400, "got null", "outcomes.y"),
            new Case("missing outcome", "POST", TELL, "{\"outcomes\":{\"y\":1}}", JSON, Role.OPERATOR, 400, "'z'", null),
            new Case("undeclared outcome", "POST", TELL, "{\"outcomes\":{\"y\":1,\"z\":1,\"w\":2}}", JSON, Role.OPERATOR, 400, "'w'", null),
            new Case("outcomes missing", "POST", TELL, "{}", JSON, Role.OPERATOR, 400, "is required", "outcomes"),
            new Case("failed with outcomes", "POST", TELL, "{\"status\":\"failed\",\"outcomes\":{\"y\":1}}", JSON, Role.OPERATOR, 400, "no outcomes", "outcomes"),
            new Case("unknown status", "POST", TELL, "{\"status\":\"done\"}", JSON, Role.OPERATOR, 400, "not allowed", "status"),
            new Case("trial id not a number", "POST", "/api/v1/studies/{study}/trials/abc", "{\"outcomes\":{\"y\":1,\"z\":1}}", JSON, Role.OPERATOR, 400, "not a trial id", "trialId"),
            new Case("unknown trial", "POST", "/api/v1/studies/{study}/trials/999", "{\"outcomes\":{\"y\":1,\"z\":1}}", JSON, Role.OPERATOR, 404, "999", null),
            new Case("unknown study", "POST", "/api/v1/studies/st-does-not-exist/ask", "{}", JSON, Role.OPERATOR, 404, "st-does-not-exist", "id"),
            new Case("JSON sent as text/plain", "POST", ASK, "{\"count\":1}", "text/plain", Role.OPERATOR, 415, "unsupported media type", "Content-Type"),
            new Case("study without a name", "POST", "/api/v1/studies", "{\"parameters\":[" + X + "],\"objective\":{\"outcome\":\"y\",\"direction\":\"maximize\"}}", JSON, Role.ADMIN, 400, "is required", "name"),
            new Case("study without parameters", "POST", "/api/v1/studies", study(""), JSON, Role.ADMIN, 400, "has 0 entries", "parameters"),
            new Case("bounds upside down", "POST", "/api/v1/studies", study("{\"name\":\"x\",\"type\":\"continuous\",\"lower\":2,\"upper\":1}"), JSON, Role.ADMIN, 400, "greater than lower", "parameters[0].upper"),
            new Case("unknown parameter type", "POST", "/api/v1/studies", study("{\"name\":\"x\",\"type\":\"float\",\"lower\":0,\"upper\":1}"), JSON, Role.ADMIN, 400, "'float' is not allowed", "parameters[0].type"),
            new Case("lower as a string", "POST", "/api/v1/studies", study("{\"name\":\"x\",\"type\":\"continuous\",\"lower\":\"0\",\"upper\":1}"), JSON, Role.ADMIN, 400, "expected a finite number", "parameters[0].lower"),
            new Case("negative max step", "POST", "/api/v1/studies", study("{\"name\":\"x\",\"type\":\"continuous\",\"lower\":0,\"upper\":1,\"maxStep\":-1}"), JSON, Role.ADMIN, 400, "must be >= 0", "parameters[0].maxStep"),
            new Case("misspelt parameter field", "POST", "/api/v1/studies", study("{\"name\":\"x\",\"type\":\"continuous\",\"lower\":0,\"upper\":1,\"step\":1}"), JSON, Role.ADMIN, 400, "unknown field 'step'", "parameters[0].step"),
            new Case("categorical without categories", "POST", "/api/v1/studies", study("{\"name\":\"c\",\"type\":\"categorical\"}"), JSON, Role.ADMIN, 400, "is required", "parameters[0].categories"),
            new Case("duplicate parameter", "POST", "/api/v1/studies", study(X + "," + X), JSON, Role.ADMIN, 400, "declared twice", "parameters"),
            new Case("objective direction", "POST", "/api/v1/studies", "{\"name\":\"s\",\"parameters\":[" + X + "],\"objective\":{\"outcome\":\"y\",\"direction\":\"up\"}}", JSON, Role.ADMIN, 400, "'up' is not allowed", "objective.direction"),
            new Case("constraint without a limit", "POST", "/api/v1/studies", STUDY_HEAD + "\"parameters\":[" + X + "],\"constraints\":[{\"outcome\":\"z\",\"hard\":true}]}", JSON, Role.ADMIN, 400, "lower or an upper", "constraints[0].lower"),
            new Case("unknown acquisition", "POST", "/api/v1/studies", STUDY_HEAD + "\"parameters\":[" + X + "],\"acquisition\":\"pi\"}", JSON, Role.ADMIN, 400, "'pi' is not allowed", "acquisition"),
            new Case("too many initial trials", "POST", "/api/v1/studies", STUDY_HEAD + "\"parameters\":[" + X + "],\"initialTrials\":5000}", JSON, Role.ADMIN, 400, "out of range", "initialTrials"),
            new Case("safe mode without a safe start", "POST", "/api/v1/studies", STUDY_HEAD + "\"parameters\":[" + X + "],\"safety\":{\"enabled\":true}}", JSON, Role.ADMIN, 400, "known-safe", "safety.knownSafe"),
            new Case("initial design out of bounds", "POST", "/api/v1/studies", STUDY_HEAD + "\"parameters\":[" + X + "],\"initialDesign\":[{\"x\":7}]}", JSON, Role.ADMIN, 400, "outside its bounds", "body"),
            new Case("unknown prior model", "POST", "/api/v1/studies", STUDY_HEAD + "\"parameters\":[" + X + "],\"priorModelId\":\"m-nope\"}", JSON, Role.ADMIN, 404, "m-nope", "id"),
            new Case("dataset without taskColumn", "POST", "/api/v1/datasets?name=d", "task,x,y\na,1,2\n", CSV_TYPE, Role.ADMIN, 400, "is required", "taskColumn"),
            new Case("dataset with NaN", "POST", "/api/v1/datasets?name=d&taskColumn=task", "task,x,y\na,1,2\na,2,NaN\nb,1,2\nb,2,3\n", CSV_TYPE, Role.ADMIN, 400, "y", null),
            new Case("dataset with a ragged row", "POST", "/api/v1/datasets?name=d&taskColumn=task", "task,x,y\na,1,2\na,2\nb,1,2\nb,2,3\n", CSV_TYPE, Role.ADMIN, 400, "", null),
            new Case("dataset sent as JSON", "POST", "/api/v1/datasets?name=d&taskColumn=task", "{}", JSON, Role.ADMIN, 415, "unsupported media type", "Content-Type"),
            new Case("model inputs not a list", "POST", "/api/v1/models", "{\"datasetId\":\"{dataset}\",\"inputs\":\"x\",\"outputs\":[\"y\"]}", JSON, Role.ADMIN, 400, "an array of strings", "inputs"),
            new Case("model on an unknown column", "POST", "/api/v1/models", "{\"datasetId\":\"{dataset}\",\"inputs\":[\"q\"],\"outputs\":[\"y\"]}", JSON, Role.ADMIN, 400, "'q'", "inputs"),
            new Case("model with 0 iterations", "POST", "/api/v1/models", "{\"datasetId\":\"{dataset}\",\"inputs\":[\"x\"],\"outputs\":[\"y\"],\"iterations\":0}", JSON, Role.ADMIN, 400, "out of range", "iterations"),
            new Case("model limits without an objective", "POST", "/api/v1/models", "{\"datasetId\":\"{dataset}\",\"inputs\":[\"x\"],\"outputs\":[\"y\"],\"constraints\":[{\"outcome\":\"y\",\"upper\":1,\"hard\":false}]}", JSON, Role.ADMIN, 400, "required with constraints", "objective"),
            new Case("model limit on its objective", "POST", "/api/v1/models", "{\"datasetId\":\"{dataset}\",\"inputs\":[\"x\"],\"outputs\":[\"y\"],\"objective\":\"y\",\"constraints\":[{\"outcome\":\"y\",\"upper\":1,\"hard\":false}]}", JSON, Role.ADMIN, 400, "other than the objective", "constraints"),
            new Case("model limit without a bound", "POST", "/api/v1/models", "{\"datasetId\":\"{dataset}\",\"inputs\":[\"x\"],\"outputs\":[\"y\"],\"objective\":\"y\",\"constraints\":[{\"outcome\":\"y\",\"hard\":false}]}", JSON, Role.ADMIN, 400, "a lower or an upper limit", "constraints[0].lower"),
            new Case("model of an unknown dataset", "POST", "/api/v1/models", "{\"datasetId\":\"ds-nope\",\"inputs\":[\"x\"],\"outputs\":[\"y\"]}", JSON, Role.ADMIN, 404, "ds-nope", "id"),
            new Case("line in an unknown state", "PUT", "/api/v1/lines/l1", "{\"product\":\"p\",\"state\":\"exploded\"}", JSON, Role.OPERATOR, 400, "not allowed", "state"),
            new Case("line setpoint NaN string", "PUT", "/api/v1/lines/l1", "{\"product\":\"p\",\"state\":\"running\",\"setpoints\":{\"t\":\"NaN\"}}", JSON, Role.OPERATOR, 400, "finite number", "setpoints.t"),
            new Case("token with an unknown role", "POST", "/api/v1/tokens", "{\"role\":\"root\"}", JSON, Role.ADMIN, 400, "'root' is not allowed", "role"),
            new Case("JSON body over the limit", "POST", ASK, "{\"context\":{\"a\":\"" + "x".repeat(70_000) + "\"}}", JSON, Role.OPERATOR, 413, "larger than", "body"),
            new Case("CSV body over the limit", "POST", "/api/v1/datasets?name=d&taskColumn=task", "task,x,y\n" + "a,1,2\n".repeat(50_000), CSV_TYPE, Role.ADMIN, 413, "larger than", "body"));

    static TestServer server;
    static String studyId, datasetId;

    @BeforeAll
    static void start() {
        server = new TestServer(new HttpLimits(64 * 1024, 256 * 1024));
        TestServer.Answer st = server.post("/api/v1/studies", server.admin(), STUDY);
        assertEquals(201, st.status(), st.toString());
        studyId = st.json().get("id").asText();
        assertEquals(200, server.post("/api/v1/studies/" + studyId + "/ask", server.operator(), "{}").status());
        TestServer.Answer ds = server.send("POST", "/api/v1/datasets?name=d&taskColumn=task", server.admin(), AuthorisationTest.CSV, CSV_TYPE);
        assertEquals(201, ds.status(), ds.toString());
        datasetId = ds.json().get("id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Case> cases() {
        return CASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badRequestIsRefusedNamingTheField(Case c) {
        TestServer.Answer a = run(c);
        assertEquals(c.status(), a.status(), c.name() + ": " + a);
        JsonNode body = a.json();
        assertTrue(body.has("error") && body.has("field") && body.has("expected"), a.body());
        assertTrue(body.get("error").asText().contains(c.fragment()), c.name() + ": message " + body.get("error") + " lacks '" + c.fragment() + "'");
        if (c.field() != null) assertEquals(c.field(), body.get("field").asText(), c.name() + ": " + a.body());
    }

    @Test
    void refusedRequestsWriteNothing() {
        String before = snapshot();
        for (Case c : CASES) run(c);
        assertEquals(before, snapshot());
        JsonNode trials = server.get("/api/v1/studies/" + studyId, server.viewer()).json().get("trialList");
        assertEquals(1, trials.size());
        assertEquals("pending", trials.get(0).get("status").asText());
    }

    private static String snapshot() {
        String v = server.viewer();
        return server.get("/api/v1/studies", v).body() + server.get("/api/v1/datasets", v).body() + server.get("/api/v1/models", v).body()
                + server.get("/api/v1/lines", v).body() + server.get("/api/v1/tokens", server.admin()).json().get("tokens").size()
                + server.get("/api/v1/studies/" + studyId, v).json().get("trialList");
    }

    private static TestServer.Answer run(Case c) {
        String path = c.path().replace("{study}", studyId);
        String body = c.body() == null ? null : c.body().replace("{dataset}", datasetId);
        return server.send(c.method(), path, server.tokens.get(c.role()), body, c.contentType());
    }
}
