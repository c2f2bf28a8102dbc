package io.metaline.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaline.engine.Rng;
import io.metaline.optimize.DriftPolicy;
import io.metaline.optimize.Objective;
import io.metaline.optimize.ParameterSpec;
import io.metaline.optimize.SafetyConfig;
import io.metaline.optimize.SearchSpace;
import io.metaline.optimize.Study;
import io.metaline.optimize.StudySpec;
import io.metaline.optimize.Suggestion;
import io.metaline.optimize.transfer.MetaPrior;
import io.metaline.optimize.transfer.MetaSurrogate;
import io.metaline.server.service.Role;
import io.metaline.sim.Families;
import io.metaline.sim.History;
import io.metaline.sim.HistoryGenerator;
import io.metaline.sim.HistoryRow;
import io.metaline.sim.ProcessFamily;
import io.metaline.sim.ProcessTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole service over HTTP: upload a simulated history, train a prior on it, create a study with that prior,
 * and run it in a closed loop against a simulated task. Every suggestion (settings, predictions, acquisition,
 * reason) must equal what the Java API's {@link Study} with the same declaration, seed and surrogate gives, step
 * by step.
 */
class EndToEndTest {
    static final String FAMILY = "branin";
    static final int STEPS = 10;

    @Test
    void aStudyRunOverHttpMakesTheSameSuggestionsAsTheJavaApi() throws Exception {
        try (TestServer s = new TestServer()) {
            ProcessFamily family = Families.byName(FAMILY);
            History history = new HistoryGenerator(HistoryGenerator.Config.of(6, 10)).generate(family, 21);

            TestServer.Answer ds = s.send("POST", "/api/v1/datasets?name=branin-history&taskColumn=task", s.admin(), history.toCsv(), "text/csv");
            assertEquals(201, ds.status(), ds.toString());
            assertEquals(60, ds.json().get("rows").asInt());
            assertEquals(6, ds.json().get("tasks").asInt());
            String datasetId = ds.json().get("id").asText();

            TestServer.Answer train = s.post("/api/v1/models", s.admin(), TestServer.json(Map.of("datasetId", datasetId,
                    "inputs", List.of("x1", "x2"), "outputs", List.of("value"), "algorithm", "maml", "seed", 4, "iterations", 40)));
            assertEquals(202, train.status(), train.toString());
            String modelId = train.json().get("id").asText();
            JsonNode model = awaitModel(s, modelId);
            assertTrue(model.get("learningCurve").size() > 0, model.toString());
            assertEquals(64, model.get("checksum").asText().length());

            // The study declares the bounds the history covers, which is the range the prior was trained on.
            double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE}, hi = {-Double.MAX_VALUE, -Double.MAX_VALUE};
            for (HistoryRow r : history.rows()) {
                for (int k = 0; k < 2; k++) {
                    double v = r.settings().get("x" + (k + 1));
                    lo[k] = Math.min(lo[k], v);
                    hi[k] = Math.max(hi[k], v);
                }
            }
            double[] step = {0.3 * (hi[0] - lo[0]), 0.3 * (hi[1] - lo[1])};
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("name", "branin on the line");
            request.put("parameters", List.of(
                    Map.of("name", "x1", "type", "continuous", "lower", lo[0], "upper", hi[0], "maxStep", step[0]),
                    Map.of("name", "x2", "type", "continuous", "lower", lo[1], "upper", hi[1], "maxStep", step[1])));
            request.put("objective", Map.of("outcome", "value", "direction", "maximize"));
            request.put("acquisition", "ei");
            request.put("initialTrials", 2);
            request.put("seed", 9);
            request.put("priorModelId", modelId);
            TestServer.Answer created = s.post("/api/v1/studies", s.admin(), TestServer.json(request));
            assertEquals(201, created.status(), created.toString());
            String studyId = created.json().get("id").asText();
            assertEquals(modelId, created.json().get("priorModelId").asText());

            StudySpec spec = new StudySpec("branin on the line", new SearchSpace(List.of(
                    ParameterSpec.continuous("x1", "", lo[0], hi[0], step[0]),
                    ParameterSpec.continuous("x2", "", lo[1], hi[1], step[1])), List.of()),
                    Objective.maximise("value"), List.of(), SafetyConfig.OFF, DriftPolicy.NONE,
                    StudySpec.Acquisition.EXPECTED_IMPROVEMENT, 2, List.of(), 9);
            assertEquals(spec, s.server.services().studies().get(s.principal(Role.VIEWER), studyId).spec());
            Study reference = new Study(spec, new MetaSurrogate(prior(s.server.services().models().artefact(s.principal(Role.VIEWER), modelId))));

            ProcessTask task = HistoryGenerator.targetTasks(family, 1, 21).get(0);
            Rng noise = new Rng(77);
            for (int i = 0; i < STEPS; i++) {
                int count = i == 4 ? 2 : 1;
                TestServer.Answer ask = s.post("/api/v1/studies/" + studyId + "/ask", s.operator(), "{\"count\":" + count + "}");
                assertEquals(200, ask.status(), ask.toString());
                JsonNode got = ask.json().get("suggestions");
                List<Suggestion> expected = reference.ask(Map.of(), count);
                assertEquals(count, got.size());
                for (int j = 0; j < count; j++) {
                    Suggestion e = expected.get(j);
                    JsonNode g = got.get(j);
                    String where = "step " + i + ", suggestion " + j;
                    assertEquals(e.trialId(), g.get("trialId").asInt(), where);
                    assertEquals(e.settings(), numbers(g.get("parameters")), where);
                    assertEquals(e.reason(), g.get("reason").asText(), where);
                    assertSame(e.acquisition(), g.get("acquisition"), where + " acquisition");
                    assertEquals(e.predictions().keySet(), keys(g.get("predictions")), where);
                    e.predictions().forEach((outcome, p) -> {
                        assertSame(p.mean(), g.get("predictions").get(outcome).get("mean"), where + " mean");
                        assertSame(p.sd(), g.get("predictions").get(outcome).get("std"), where + " std");
                    });
                    Map<String, Double> outcomes = Map.of("value", task.run(e.settings(), noise).get("value"));
                    TestServer.Answer tell = s.post("/api/v1/studies/" + studyId + "/trials/" + e.trialId(), s.operator(),
                            TestServer.json(Map.of("outcomes", outcomes)));
                    assertEquals(200, tell.status(), tell.toString());
                    assertEquals("completed", tell.json().get("status").asText());
                    reference.tell(e.trialId(), outcomes);
                }
            }
            JsonNode view = s.get("/api/v1/studies/" + studyId, s.viewer()).json();
            assertEquals(STEPS + 1, view.get("completed").asInt());
            assertEquals(reference.best().orElseThrow().id(), view.get("best").get("id").asInt());
            assertEquals(reference.best().orElseThrow().outcomes().get("value"), view.get("best").get("outcomes").get("value").asDouble());
            // The recommendation is the model's: the server's study (restored from storage) agrees with the reference.
            assertEquals(reference.recommended().orElseThrow().id(), view.get("recommended").get("id").asInt());
            assertEquals("running", view.get("state").asText());
        }
    }

    private static JsonNode awaitModel(TestServer s, String id) throws InterruptedException {
        long end = System.nanoTime() + 180_000_000_000L;
        while (System.nanoTime() < end) {
            JsonNode m = s.get("/api/v1/models/" + id, s.viewer()).json();
            String status = m.get("status").asText();
            if (status.equals("succeeded")) return m;
            if (status.equals("failed")) fail("training failed: " + m);
            Thread.sleep(100);
        }
        throw new AssertionError("model " + id + " did not finish training in time");
    }

    private static MetaPrior prior(byte[] artefact) throws Exception {
        Path f = Files.createTempFile("metaline-prior", ".mlt");
        try {
            Files.write(f, artefact);
            return MetaPrior.load(f);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /** A double and its JSON form: the same finite number, or null for a non-finite one. */
    static void assertSame(double expected, JsonNode actual, String where) {
        if (Double.isFinite(expected)) assertEquals(expected, actual.asDouble(), 0.0, where);
        else assertTrue(actual.isNull(), where + ": expected null for " + expected + ", got " + actual);
    }

    static Map<String, Double> numbers(JsonNode object) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue().asDouble());
        }
        return m;
    }

    static java.util.Set<String> keys(JsonNode object) {
        java.util.Set<String> k = new java.util.TreeSet<>();
        object.fieldNames().forEachRemaining(k::add);
        return k;
    }
}
