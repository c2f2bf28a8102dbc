package io.metaline.server.dashboard;

import io.metaline.optimize.ContextSpec;
import io.metaline.optimize.Objective;
import io.metaline.optimize.OutcomeConstraint;
import io.metaline.optimize.ParameterSpec;
import io.metaline.optimize.SearchSpace;
import io.metaline.optimize.StudySpec;
import io.metaline.optimize.Suggestion;
import io.metaline.optimize.Trial;
import io.metaline.server.http.MetaLineHttpServer;
import io.metaline.server.service.LineState;
import io.metaline.server.service.Principal;
import io.metaline.server.service.Role;
import io.metaline.server.service.ServerConfig;
import io.metaline.server.service.Studies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real MetaLine server on a free loopback port with an H2 database in a temporary folder, a token of every role
 * for one site, and a small moulding study run on a deterministic plant through the service API. Close it to stop
 * the server and delete the folder. Not thread-safe (one test class at a time).
 */
final class DashboardFixture implements AutoCloseable {
    static final String SITE = "plant-dashboard";

    final Path dir;
    final MetaLineHttpServer server;
    final Map<Role, String> tokens = new EnumMap<>(Role.class);

    DashboardFixture() {
        try {
            dir = Files.createTempDirectory("metaline-dashboard-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = MetaLineHttpServer.start(ServerConfig.embedded(dir), "127.0.0.1", 0);
        for (Role r : Role.values()) tokens.put(r, server.services().tokens().issue(r, SITE, "dashboard test " + r).secret());
    }

    String token(Role role) {
        return tokens.get(role);
    }

    Principal principal(Role role) {
        return server.services().tokens().authenticate(tokens.get(role)).orElseThrow();
    }

    Studies studies() {
        return server.services().studies();
    }

    URI uri(String path) {
        return server.uri().resolve(path);
    }

    /**
     * A study of two moulding settings with step limits and a context: maximise quality, energy at most 11 (hard)
     * and cycle time at most 40 s (soft). Two initial trials, so the model takes over from the third.
     */
    String createStudy(String name) {
        SearchSpace space = new SearchSpace(List.of(
                ParameterSpec.continuous("melt_temp", "°C", 200, 280, 12),
                ParameterSpec.continuous("hold_pressure", "bar", 40, 120, 15)),
                List.of(new ContextSpec("ambient", "°C", 10, 40)));
        StudySpec spec = StudySpec.of(name, space, Objective.maximise("quality"))
                .withConstraints(List.of(OutcomeConstraint.hardMax("energy", 11), OutcomeConstraint.softMax("cycle_time", 40)))
                .withInitialTrials(2).withSeed(7);
        return studies().create(principal(Role.ADMIN), spec, null).id();
    }

    /** Asks for one suggestion as the operator would (ambient 22 °C). */
    Suggestion ask(String studyId) {
        return studies().ask(principal(Role.OPERATOR), studyId, Map.of("ambient", 22.0), 1).get(0);
    }

    /** Runs the plant at the trial's settings and tells the study what came out. */
    Trial tell(String studyId, Suggestion s) {
        return studies().tell(principal(Role.OPERATOR), studyId, s.trialId(), plant(s.settings()));
    }

    /** Asks and tells {@code n} times. */
    void runTrials(String studyId, int n) {
        for (int i = 0; i < n; i++) tell(studyId, ask(studyId));
    }

    /** The plant: quality peaks at 252 °C and 95 bar; energy and cycle time rise with temperature and pressure. */
    static Map<String, Double> plant(Map<String, Double> settings) {
        double t = settings.get("melt_temp"), p = settings.get("hold_pressure");
        double a = (t - 252) / 25, b = (p - 95) / 30;
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("quality", 90 - 12 * a * a - 9 * b * b);
        out.put("energy", 2 + t / 40 + p / 60);
        out.put("cycle_time", 20 + (t - 200) / 5 + p / 20);
        return out;
    }

    /** A line as its connector reports it, so the lines page has something to show. */
    void reportLine(String lineId, String studyId) {
        server.services().lines().report(principal(Role.OPERATOR), new LineState(lineId, null, "housing-A7", "running",
                studyId, 1234, Map.of("melt_temp", 236.0, "hold_pressure", 80.0), plant(Map.of("melt_temp", 236.0, "hold_pressure", 80.0)), null));
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
