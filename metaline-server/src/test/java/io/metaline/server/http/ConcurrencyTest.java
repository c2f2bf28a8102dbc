package io.metaline.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * 20 clients on 10 studies (two per study) ask and tell at the same time over HTTP: every call succeeds, no trial
 * is handed out twice, and every result told is stored.
 */
class ConcurrencyTest {
    static final int STUDIES = 10, CLIENTS = 20, ROUNDS = 6;

    @Test
    void concurrentClientsLoseNothing() throws Exception {
        try (TestServer server = new TestServer()) {
            List<String> studies = new ArrayList<>();
            for (int i = 0; i < STUDIES; i++) {
                TestServer.Answer a = server.post("/api/v1/studies", server.admin(), "{\"name\":\"load " + i + "\",\"parameters\":["
                        + "{\"name\":\"a\",\"type\":\"continuous\",\"lower\":0,\"upper\":1,\"maxStep\":0.4},"
                        + "{\"name\":\"b\",\"type\":\"integer\",\"lower\":0,\"upper\":20}],"
                        + "\"objective\":{\"outcome\":\"y\",\"direction\":\"maximize\"},\"initialTrials\":3,\"seed\":" + i + "}");
                assertEquals(201, a.status(), a.toString());
                studies.add(a.json().get("id").asText());
            }
            Map<String, Double> told = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<?>> runs = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    String study = studies.get(c % STUDIES);
                    int client = c;
                    runs.add(pool.submit(() -> {
                        for (int r = 0; r < ROUNDS; r++) {
                            TestServer.Answer ask = server.post("/api/v1/studies/" + study + "/ask", server.operator(), "{}");
                            if (ask.status() != 200) {
                                errors.add("ask " + ask);
                                continue;
                            }
                            JsonNode s = ask.json().get("suggestions").get(0);
                            int trial = s.get("trialId").asInt();
                            double y = -Math.pow(s.get("parameters").get("a").asDouble() - 0.3, 2) + 0.01 * client + 0.001 * r;
                            if (told.putIfAbsent(study + "/" + trial, y) != null) errors.add("trial handed out twice: " + study + "/" + trial);
                            TestServer.Answer tell = server.post("/api/v1/studies/" + study + "/trials/" + trial, server.operator(),
                                    "{\"outcomes\":{\"y\":" + y + "}}");
                            if (tell.status() != 200) errors.add("tell " + tell);
                        }
                    }));
                }
                for (Future<?> f : runs) f.get();
            } finally {
                pool.shutdownNow();
            }
            assertTrue(errors.isEmpty(), errors.toString());
            assertEquals(CLIENTS * ROUNDS, told.size());
            for (String study : studies) {
                JsonNode view = server.get("/api/v1/studies/" + study, server.viewer()).json();
                int perStudy = CLIENTS / STUDIES * ROUNDS;
                assertEquals(perStudy, view.get("trials").asInt(), study);
                assertEquals(perStudy, view.get("completed").asInt(), study);
                for (JsonNode t : view.get("trialList")) {
                    assertEquals(told.get(study + "/" + t.get("id").asInt()), t.get("outcomes").get("y").asDouble(), 0.0, study + " trial " + t.get("id"));
                }
            }
            String metrics = server.get("/metrics", null).body();
            assertTrue(metrics.contains("metaline_study_events_total{kind=\"told\"} " + (CLIENTS * ROUNDS)), metrics);
            assertTrue(metrics.contains("metaline_studies " + STUDIES), metrics);
        }
    }
}
