package io.metaline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.cli.optimize.SimStudies;
import io.metaline.connect.mapping.ConventionMappings;
import io.metaline.connect.plant.SimulatedPlant;
import io.metaline.optimize.SearchSpace;
import io.metaline.optimize.StudySpec;
import io.metaline.optimize.Trial;
import io.metaline.server.http.MetaLineHttpServer;
import io.metaline.server.service.MetaLineServices;
import io.metaline.server.service.Principal;
import io.metaline.server.service.Role;
import io.metaline.server.service.ServerConfig;
import io.metaline.sim.Families;
import io.metaline.sim.ProcessFamily;
import io.metaline.sim.line.LineSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code metaline agent} against the simulated plant over OPC UA and a real server: the loop a plant would run. */
class AgentCommandTest {

    @Test
    void agentRunsTheStudyOnTheLineAndStopsAfterTheRequestedRuns(@TempDir Path dir) throws Exception {
        ProcessFamily family = Families.byName("injection_moulding");
        LineSimulator.Config fast = new LineSimulator.Config(Duration.ofMillis(100), 1.0, 7, 1);
        try (SimulatedPlant plant = SimulatedPlant.start(new SimulatedPlant.Config(
                     List.of(new SimulatedPlant.LineSpec("line-7", family.name(), fast)), 0, 0, true));
             MetaLineHttpServer server = MetaLineHttpServer.start(ServerConfig.embedded(dir.resolve("server")), "127.0.0.1", 0)) {
            MetaLineServices services = server.services();
            String admin = services.tokens().issue(Role.ADMIN, "plant-a", "admin").secret();
            String operator = services.tokens().issue(Role.OPERATOR, "plant-a", "agent").secret();
            Principal who = services.tokens().authenticate(admin).orElseThrow();
            StudySpec full = SimStudies.studySpec(family, "line-7 changeover", true, 0, List.of(), 3);
            StudySpec spec = new StudySpec(full.name(), new SearchSpace(full.space().parameters(), List.of()), full.objective(),
                    full.constraints(), full.safety(), full.drift(), full.acquisition(), 0, List.of(), 3);
            String study = services.studies().create(who, spec, null).id();
            Path mapping = dir.resolve("line-7.json");
            Map<String, String> units = new java.util.LinkedHashMap<>();
            family.outcomes().forEach(o -> units.put(o.name(), o.unit()));
            Files.writeString(mapping, ConventionMappings.opcua("line-7", plant.endpoints().opcUaUrl(), spec, units).toJson());

            CliRun r = CliRun.of("agent", "--mapping", mapping.toString(), "--server", server.uri().toString(), "--token", operator,
                    "--study", study, "--auto-approve", "all", "--runs", "3", "--journal", dir.resolve("journal.log").toString());
            assertEquals(0, r.code(), r.toString());

            List<Trial> trials = services.studies().get(who, study).trials();
            assertEquals(3, trials.stream().filter(t -> t.status() == Trial.Status.COMPLETED).count(), trials.toString());
            // What was told is what the line ran: the simulator's setpoints are the last trial's settings.
            Trial last = trials.get(trials.size() - 1);
            Map<String, Double> setpoints = plant.line("line-7").setpoints();
            for (var e : last.settings().entrySet()) assertEquals(e.getValue(), setpoints.get(e.getKey()), 1e-9, e.getKey());
        }
    }

    @Test
    void aWrongTokenIsAClearErrorBeforeTheLineIsTouched(@TempDir Path dir) throws Exception {
        try (MetaLineHttpServer server = MetaLineHttpServer.start(ServerConfig.embedded(dir.resolve("server")), "127.0.0.1", 0)) {
            Path mapping = dir.resolve("m.json");
            Files.writeString(mapping, "{\"line\":\"l\",\"source\":{\"kind\":\"opcua\",\"endpoint\":\"opc.tcp://127.0.0.1:1/x\"},"
                    + "\"parameters\":{},\"outcomes\":{},\"context\":{}}");
            CliRun r = CliRun.of("agent", "--mapping", mapping.toString(), "--server", server.uri().toString(), "--token", "nope",
                    "--study", "st-1");
            assertNotEquals(0, r.code(), r.toString());
            assertTrue(r.err().contains("HTTP 401"), r.toString());
        }
    }
}
