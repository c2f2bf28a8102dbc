package io.metaline.server.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.optimize.Suggestion;
import io.metaline.optimize.Trial;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability: a separate JVM asks and tells in a loop on an H2 file database and is killed (SIGKILL) in the middle;
 * every call it acknowledged must be in the reopened database, the study must go on, and the training job it had
 * started must be marked failed rather than left running.
 */
class CrashSafetyTest {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedCallSurvivesAKill() throws Exception {
        for (int round = 0; round < 1; round++) { // more rounds would also reopen a database that was killed before
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    CrashingStudyClient.class.getName(), dir.toString()).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String secret = null, study = null, model = null;
            List<Integer> asked = new ArrayList<>(), told = new ArrayList<>();
            int target = 41 + 37 * round; // kill at different points of the loop
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    String[] f = line.split(" ");
                    switch (f[0]) {
                        case "token" -> secret = f[1];
                        case "study" -> study = f[1];
                        case "model" -> model = f[1];
                        case "asked" -> asked.add(Integer.parseInt(f[1]));
                        case "told" -> told.add(Integer.parseInt(f[1]));
                        default -> { }
                    }
                    if (asked.size() + told.size() >= target) {
                        p.destroyForcibly(); // SIGKILL: no shutdown hooks, no close
                        break;
                    }
                }
                // destroyForcibly closed the pipe: lines still in it are not counted (they were acknowledged, but
                // checking fewer calls only makes the test weaker, never wrong).
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the client did not die");
            }
            assertNotNull(study, "the client never created its study");
            assertTrue(told.size() >= 15, "too few calls before the kill: " + told.size());

            try (MetaLineServices services = MetaLineServices.open(ServerConfig.embedded(dir))) {
                Principal who = services.tokens().authenticate(secret).orElseThrow();
                ModelInfo m = services.models().get(who, model);
                assertEquals(JobStatus.FAILED, m.status(), "the training job the kill interrupted");
                assertEquals("interrupted by a server restart", m.error());
                List<Trial> trials = services.studies().get(who, study).trials();
                for (int id : asked) assertTrue(id <= trials.size(), "acknowledged suggestion " + id + " is lost");
                for (int id : told) {
                    Trial t = trials.get(id - 1);
                    assertEquals(id, t.id());
                    assertEquals(Trial.Status.COMPLETED, t.status(), "acknowledged result of trial " + id + " is lost");
                    assertEquals(Fixtures.run(t.settings()), t.outcomes());
                }
                for (int k = 0; k < trials.size(); k++) assertEquals(k + 1, trials.get(k).id());
                // The study goes on where it stopped: the next trial id follows the last stored one.
                Suggestion next = services.studies().ask(who, study, Map.of(), 1).get(0);
                assertEquals(trials.size() + 1, next.trialId());
                services.studies().tell(who, study, next.trialId(), Fixtures.run(next.settings()));
            }
        }
    }
}
