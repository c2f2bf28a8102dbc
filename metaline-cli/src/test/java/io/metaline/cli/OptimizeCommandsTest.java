package io.metaline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaline.cli.optimize.Method;
import io.metaline.sim.Families;
import io.metaline.sim.HistoryGenerator;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code metaline bench optimize} and {@code metaline optimize}, in-process on tiny problems. */
class OptimizeCommandsTest {

    @TempDir Path dir;

    private String home;

    @BeforeEach
    void projectHomeInTheTempDir() {
        home = System.getProperty("metaline.home");
        System.setProperty("metaline.home", dir.toString());
    }

    @AfterEach
    void restoreProjectHome() {
        if (home == null) System.clearProperty("metaline.home");
        else System.setProperty("metaline.home", home);
    }

    @Test
    void benchOptimizePrintsEveryMethodsFiguresAsJson() throws Exception {
        CliRun run = CliRun.of("bench", "optimize", "--families", "branin", "--tasks", "2", "--trials", "8",
                "--prior-iterations", "50", "--json", "--no-latency");
        assertEquals(0, run.code(), run.toString());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals(List.of("branin"), iterable(json));
        assertEquals(Method.keys(), iterable(json.get("branin")));
        for (String method : Method.keys()) {
            JsonNode m = json.get("branin").get(method);
            assertEquals(List.of("regret_5", "regret_10", "regret_30", "trials_to_target", "violations", "max_step_ratio",
                    "coverage_95", "seconds"), iterable(m), method);
            for (String k : List.of("regret_5", "regret_10", "regret_30")) {
                assertTrue(m.get(k).isNumber() && m.get(k).asDouble() >= 0, method + " " + k + ": " + m.get(k));
            }
            assertTrue(m.get("regret_10").asDouble() <= m.get("regret_5").asDouble(), method + ": regret never grows");
            double ttt = m.get("trials_to_target").asDouble();
            assertTrue(ttt >= 1 && ttt <= 8, method + " trials to target " + ttt);
            assertEquals(0, m.get("violations").asInt(), method);
            assertEquals(0.0, m.get("max_step_ratio").asDouble(), method + ": MetaBO families have no max step");
            JsonNode coverage = m.get("coverage_95");
            if (method.equals("random")) {
                assertTrue(coverage.isNull(), "random search predicts nothing: " + coverage);
            } else {
                assertTrue(coverage.isNumber() && coverage.asDouble() >= 0 && coverage.asDouble() <= 1, method + " coverage " + coverage);
            }
        }
        assertTrue(Files.size(dir.resolve(".metaline/bench/bench-optimize.png")) > 1000);
    }

    @Test
    void aCachedPriorIsReusedAndGivesTheSameRegret() throws Exception {
        Path cache = dir.resolve("priors");
        String[] args = {"bench", "optimize", "--families", "branin", "--methods", "meta", "--tasks", "2", "--trials", "6",
                "--prior-iterations", "30", "--no-latency", "--prior-cache", cache.toString()};
        CliRun trained = CliRun.of(args);
        assertEquals(0, trained.code(), trained.toString());
        try (var files = Files.list(cache)) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().startsWith("branin-")).count());
        }
        CliRun loaded = CliRun.of(args);
        assertEquals(0, loaded.code(), loaded.toString());
        assertTrue(loaded.out().contains("prior loaded from the cache"), loaded.out());
        assertFalse(trained.out().contains("prior loaded from the cache"), trained.out());
        assertEquals(metaRow(trained.out()), metaRow(loaded.out()));
    }

    /** The meta row of the report without its wall time (the last column). */
    private static String metaRow(String report) {
        String row = report.lines().filter(l -> l.startsWith("| meta |")).findFirst().orElseThrow();
        return row.substring(0, row.lastIndexOf('|', row.length() - 2));
    }

    @Test
    void optimizeRunsAStudyOnASimulatedTaskAndWritesAPlot() throws Exception {
        Path png = dir.resolve("cnc.png");
        CliRun run = CliRun.of("optimize", "--family", "cnc_machining", "--trials", "6", "--method", "gp_ei", "--plot", png.toString());
        assertEquals(0, run.code(), run.toString());
        for (int i = 1; i <= 6; i++) assertTrue(run.out().contains("[" + i + "/6] spindle_speed="), run.toString());
        assertTrue(run.out().contains("predicted "), run.toString()); // trials 4-6 are model-based
        assertTrue(run.out().contains("True optimum of the task: "), run.toString());
        assertTrue(run.out().contains("Gap to the optimum: "), run.toString());
        assertTrue(run.out().contains("Hard-limit violations among the 6 suggested settings: "), run.toString());
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void interactiveModeReadsOutcomesAndAsksAgainAfterBadInput() throws Exception {
        String script = String.join("\n",
                "workpiece_diameter=60 material_hardness=200 nose_radius=0.8",
                "cost_per_part=2.5 spindle_power=7.0 surface_roughness=1.1",
                "cost_per_part 2.4",                                               // malformed
                "cost_per_part=2.4 spindle_power=6.5 surface_roughness=1.0",
                "cost_per_part=NaN spindle_power=6.0 surface_roughness=1.0",       // not finite
                "cost_per_part=2.2, spindle_power=6.2, surface_roughness=0.9, tool_wear=0.4",
                "");
        Path png = dir.resolve("interactive.png"), saved = dir.resolve("interactive.json");
        CliRun run = withStdin(script, () -> CliRun.of("optimize", "--family", "cnc_machining", "--method", "gp_ei",
                "--trials", "3", "--interactive", "--plot", png.toString(), "--save", saved.toString()));
        assertEquals(0, run.code(), run.toString());
        String out = run.out();
        assertTrue(out.contains("'cost_per_part' is not name=value"), out);
        assertTrue(out.contains("cost_per_part: NaN is not a finite number; if the run failed, type 'failed'"), out);
        assertEquals(3 + 2, count(out, "measured> "), out); // 3 trials, 2 asked again
        for (int i = 1; i <= 3; i++) assertTrue(out.contains("[" + i + "/3] trial " + i + ": run spindle_speed="), out);
        assertTrue(out.contains("Best: trial 3, cost_per_part 2.2"), out);
        assertTrue(out.contains("Trials: 3 (0 failed); measured hard-limit breaches: 0"), out);
        assertTrue(Files.size(png) > 1000);
        String json = Files.readString(saved);
        assertTrue(json.contains("\"workpiece_diameter\" : 60.0"), json);
        assertEquals(3, count(json, "\"COMPLETED\""), json);
    }

    @Test
    void aSavedStudyContinuesWhereItStoppedAsIfNeverInterrupted() throws Exception {
        Path saved = dir.resolve("study.json");
        String[] common = {"--plot", dir.resolve("p.png").toString()};
        CliRun first = CliRun.of(cat(new String[] {"optimize", "--family", "branin", "--method", "gp_ei", "--trials", "4",
                "--save", saved.toString()}, common));
        assertEquals(0, first.code(), first.toString());
        assertEquals(4, count(Files.readString(saved), "\"COMPLETED\""));
        CliRun second = CliRun.of(cat(new String[] {"optimize", "--load", saved.toString(), "--trials", "6", "--save", saved.toString()}, common));
        assertEquals(0, second.code(), second.toString());
        assertTrue(second.out().contains("4 trials so far"), second.toString());
        assertEquals(6, count(Files.readString(saved), "\"COMPLETED\""));
        CliRun whole = CliRun.of(cat(new String[] {"optimize", "--family", "branin", "--method", "gp_ei", "--trials", "6"}, common));
        assertEquals(0, whole.code(), whole.toString());
        for (String trial : List.of("[5/6] ", "[6/6] ")) assertEquals(line(whole.out(), trial), line(second.out(), trial));
        CliRun conflict = CliRun.of("optimize", "--load", saved.toString(), "--method", "meta");
        assertEquals(2, conflict.code(), conflict.toString());
        assertTrue(conflict.err().contains("--method meta differs from the loaded study's gp_ei"), conflict.toString());
    }

    @Test
    void thompsonSamplingIsAStudyAcquisitionKeptWithTheSavedStudy() throws Exception {
        Path saved = dir.resolve("ts.json");
        CliRun run = CliRun.of("optimize", "--family", "branin", "--method", "gp_ei", "--acquisition", "ts", "--trials", "6",
                "--save", saved.toString(), "--plot", dir.resolve("ts.png").toString());
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("[6/6] "), run.toString());
        String json = Files.readString(saved);
        assertTrue(json.contains("\"acquisition\" : \"THOMPSON_SAMPLING\""), json);
        assertEquals(6, count(json, "\"COMPLETED\""), json);
        CliRun conflict = CliRun.of("optimize", "--load", saved.toString(), "--acquisition", "ei", "--trials", "7");
        assertEquals(2, conflict.code(), conflict.toString());
        assertTrue(conflict.err().contains("--acquisition ei differs from the loaded study's THOMPSON_SAMPLING"), conflict.toString());
        CliRun bad = CliRun.of("optimize", "--family", "branin", "--method", "gp_ei", "--acquisition", "pi");
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.err().contains("--acquisition: unknown 'pi'; choose ei, ucb or ts"), bad.toString());
    }

    @Test
    void aFileThatIsNotAnOptimiserPriorIsRefusedWithTheWayToMakeOne() throws Exception {
        Path notPrior = dir.resolve("model.mlmodel");
        Files.writeString(notPrior, "not a prior");
        CliRun run = CliRun.of("optimize", "--family", "branin", "--method", "meta", "--prior", notPrior.toString(), "--trials", "2");
        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().contains("--prior " + notPrior), run.toString());
        assertTrue(run.err().contains("--method meta --history FILE.csv --task-column COL --prior model.mlmodel"), run.toString());
    }

    @Test
    void transferMethodsLearnFromAUsersHistoryCsv() throws Exception {
        Path csv = dir.resolve("history.csv");
        new HistoryGenerator(HistoryGenerator.Config.of(6, 8)).generate(Families.byName("cnc_machining"), 11).writeCsv(csv);
        CliRun run = CliRun.of("optimize", "--family", "cnc_machining", "--method", "warm_start", "--history", csv.toString(),
                "--trials", "4", "--safe", "--plot", dir.resolve("w.png").toString());
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("History: 6 earlier tasks from " + csv), run.toString());
        assertTrue(run.out().contains("declared known-safe settings"), run.toString());
        // In safe mode the warm start's points are candidates that the model must find safe, not forced runs.
        assertFalse(run.out().contains("initial design point"), run.toString());
        assertTrue(run.out().contains("[4/4]") && run.out().contains("Hard-limit violations among the 4 suggested settings: 0"), run.toString());
        CliRun bad = CliRun.of("optimize", "--family", "cnc_machining", "--method", "warm_start", "--history", csv.toString(),
                "--task-column", "product");
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.err().contains("product"), bad.toString());
    }

    // ---------------------------------------------------------------- helpers

    private interface Body {
        CliRun run() throws Exception;
    }

    private static CliRun withStdin(String text, Body body) throws Exception {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        try {
            return body.run();
        } finally {
            System.setIn(saved);
        }
    }

    private static List<String> iterable(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) n++;
        return n;
    }

    private static String line(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("(no line " + prefix + ")");
    }

    private static String[] cat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
