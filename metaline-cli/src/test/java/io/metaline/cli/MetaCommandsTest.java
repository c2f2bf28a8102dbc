package io.metaline.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaline.meta.MetaModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code metaline meta-train} and {@code meta-eval}, run in-process on small problems. */
class MetaCommandsTest {

    @TempDir Path dir;

    /** Small, fast sine training: few tasks per update, two threads. */
    private static final String[] SINE = {"meta-train", "--family", "sine", "--meta-batch", "5", "--threads", "2"};

    private static String[] args(String[] base, String... more) {
        List<String> all = new ArrayList<>(Arrays.asList(base));
        all.addAll(Arrays.asList(more));
        return all.toArray(new String[0]);
    }

    /** 12 products x 20 rows of y = a_p x1 + b_p x2 + noise. */
    private Path history(int products, int rows) throws IOException {
        Random r = new Random(3);
        StringBuilder sb = new StringBuilder("product,x1,x2,y\n");
        for (int p = 0; p < products; p++) {
            double a = 0.5 + 1.5 * r.nextDouble(), b = -1 + 2 * r.nextDouble();
            for (int i = 0; i < rows; i++) {
                double x1 = 10 * r.nextDouble(), x2 = -5 + 10 * r.nextDouble();
                sb.append(String.format(Locale.ROOT, "P%d,%.4f,%.4f,%.4f%n", p, x1, x2, a * x1 + b * x2 + 0.1 * r.nextGaussian()));
            }
        }
        Path file = dir.resolve("history-" + products + ".csv");
        Files.writeString(file, sb);
        return file;
    }

    private static void assertUserError(CliRun run, String... fragments) {
        assertEquals(2, run.code(), run.toString());
        String err = run.err().strip();
        assertEquals(1, err.lines().count(), "one line expected: " + run);
        assertFalse(err.contains("Exception") || err.contains("\tat "), run.toString());
        for (String f : fragments) assertTrue(err.contains(f), "'" + f + "' missing: " + run);
    }

    @Test
    void sineTrainingWritesAModelAndTwoPlotsThatMetaEvalReads() throws IOException {
        Path model = dir.resolve("sine.mlmodel");
        CliRun train = CliRun.of(args(SINE, "--algo", "fomaml", "--iterations", "50", "--eval-every", "25",
                "--seed", "7", "--out", model.toString()));
        assertEquals(0, train.code(), train.toString());
        assertTrue(Files.size(model) > 0);
        Path curve = dir.resolve("sine-learning-curve.png"), adaptation = dir.resolve("sine-adaptation.png");
        for (Path png : List.of(curve, adaptation)) {
            assertTrue(Files.size(png) > 1000, png + " missing");
            assertTrue(train.out().contains(png.toString()), train.toString());
        }
        assertTrue(train.out().contains(model.toString()), train.toString());

        MetaModel m = MetaModel.load(model);
        assertEquals("fomaml", m.algorithm());
        assertEquals("fomaml", m.provenance().get("algorithm")); // the registry name, not the learner's "maml"
        assertEquals("7", m.provenance().get("seed"));
        assertEquals("family:sine", m.provenance().get("data"));
        assertTrue(m.provenance().get("created").endsWith("Z"), m.provenance().toString());
        assertEquals("50", m.metrics().get("iterations"));
        assertTrue(Double.parseDouble(m.metrics().get("val_loss_best")) > 0, m.metrics().toString());
        assertTrue(m.metrics().containsKey("val_loss_final_ci95"), m.metrics().toString());

        CliRun eval = CliRun.of("meta-eval", "--model", model.toString(), "--family", "sine", "--tasks-count", "100",
                "--threads", "2");
        assertEquals(0, eval.code(), eval.toString());
        assertTrue(eval.out().contains("100 new sine tasks"), eval.toString());
        for (String steps : List.of("0", "1", "10")) {
            assertTrue(eval.out().lines().anyMatch(l -> l.matches(steps + "\\s+\\d+\\.\\d+ \\+/- \\S+\\s+0")), eval.toString());
        }
    }

    @Test
    void historyTasksTrainAndEvaluateInTheDataUnits() throws IOException {
        Path csv = history(12, 20), model = dir.resolve("hist.mlmodel");
        CliRun train = CliRun.of("meta-train", "--history", csv.toString(), "--task-column", "product", "--inputs", "x1,x2",
                "--outputs", "y", "--k", "5", "--iterations", "60", "--eval-every", "30", "--meta-batch", "5",
                "--threads", "2", "--out", model.toString());
        assertEquals(0, train.code(), train.toString());
        assertTrue(Files.size(dir.resolve("hist-adaptation.png")) > 1000);
        MetaModel m = MetaModel.load(model);
        assertEquals("product", m.provenance().get("task_column"));
        assertEquals(64, m.provenance().get("data_sha256").length());
        assertTrue(m.extra().get("history.scaler").contains("inputMean"), m.extra().toString());

        ObjectMapper json = new ObjectMapper();
        CliRun eval = CliRun.of("meta-eval", "--model", model.toString(), "--history", csv.toString(), "--json",
                "--steps", "0,5", "--threads", "2");
        assertEquals(0, eval.code(), eval.toString());
        JsonNode results = json.readTree(eval.out()).get("results");
        assertEquals(2, results.size(), eval.toString());
        double before = results.get(0).get("mse").get("mean").asDouble(), after = results.get(1).get("mse").get("mean").asDouble();
        // y has a spread of several units: in standard units the errors would be around 1 or below
        assertTrue(before > 1 && Double.isFinite(after), eval.toString());

        CliRun table = CliRun.of("meta-eval", "--model", model.toString(), "--history", csv.toString(), "--tasks", "P0,P1");
        assertEquals(0, table.code(), table.toString());
        assertTrue(table.out().contains("2 tasks given with --tasks"), table.toString());
        assertTrue(table.out().contains("query MSE (y)"), table.toString());
    }

    @Test
    void resumingFromACheckpointEndsWithTheSameParametersAsAnUninterruptedRun() throws IOException {
        String[] run = args(SINE, "--iterations", "40", "--eval-every", "10", "--checkpoint-every", "20");
        Path whole = dir.resolve("whole.mlmodel"), resumed = dir.resolve("resumed.mlmodel");
        Path c1 = dir.resolve("c1.ckpt"), c2 = dir.resolve("c2.ckpt");
        assertEquals(0, CliRun.of(args(run, "--checkpoint", c1.toString(), "--out", whole.toString())).code());

        CliRun stopped = CliRun.of(args(run, "--checkpoint", c2.toString(), "--stop-after", "20", "--out", resumed.toString()));
        assertEquals(0, stopped.code(), stopped.toString());
        assertFalse(Files.exists(resumed));
        CliRun cont = CliRun.of(args(run, "--resume", c2.toString(), "--out", resumed.toString()));
        assertEquals(0, cont.code(), cont.toString());
        assertTrue(cont.out().contains("resuming from " + c2 + " at update 20 of 40"), cont.toString());

        MetaModel a = MetaModel.load(whole), b = MetaModel.load(resumed);
        assertEquals(a.meta().names(), b.meta().names());
        double[] x = a.meta().flatten(), y = b.meta().flatten();
        long[] xb = Arrays.stream(x).mapToLong(Double::doubleToRawLongBits).toArray();
        long[] yb = Arrays.stream(y).mapToLong(Double::doubleToRawLongBits).toArray();
        assertArrayEquals(xb, yb);
        assertEquals(a.metrics().get("val_loss_best"), b.metrics().get("val_loss_best"));
        assertTrue(b.provenance().get("resumed_from").endsWith("c2.ckpt at update 20"), b.provenance().toString());
    }

    @Test
    void resumeRefusesACheckpointOfAnotherAlgorithmOrOtherSettings() {
        Path ckpt = dir.resolve("maml.ckpt");
        String[] run = args(SINE, "--iterations", "20", "--eval-every", "0", "--checkpoint-every", "10",
                "--out", dir.resolve("m.mlmodel").toString());
        assertEquals(0, CliRun.of(args(run, "--checkpoint", ckpt.toString(), "--stop-after", "10")).code());
        assertUserError(CliRun.of(args(run, "--algo", "reptile", "--resume", ckpt.toString())),
                "--resume", "maml run, not reptile", "--algo maml");
        assertUserError(CliRun.of(args(run, "--meta-lr", "0.002", "--resume", ckpt.toString())),
                "--meta-lr was '0.001' in the checkpoint, now '0.002'");
    }

    @Test
    void anUnknownColumnIsNamedWithTheColumnsThereAre() throws IOException {
        Path csv = history(3, 12);
        assertUserError(CliRun.of("meta-train", "--history", csv.toString(), "--task-column", "product", "--inputs",
                "x1,tempreature", "--outputs", "y", "--iterations", "5"), "column 'tempreature'", "'x1', 'x2'", "'product'");
    }

    @Test
    void twoDataSourcesAreRefused() throws IOException {
        Path csv = history(3, 12);
        assertUserError(CliRun.of("meta-train", "--family", "sine", "--history", csv.toString(), "--task-column", "product"),
                "--family and --history cannot be used together");
    }

    @Test
    void historyWithoutATaskColumnIsRefused() throws IOException {
        Path csv = history(3, 12);
        assertUserError(CliRun.of("meta-train", "--history", csv.toString(), "--inputs", "x1,x2", "--outputs", "y"),
                "--task-column", "product");
    }

    @Test
    void aTableWithOneTaskIsRefused() throws IOException {
        Path csv = history(1, 20);
        assertUserError(CliRun.of("meta-train", "--history", csv.toString(), "--task-column", "product", "--inputs",
                "x1,x2", "--outputs", "y"), "at least 2 tasks", "'product'");
    }

    @Test
    void kAboveTheRowsOfEveryTaskIsRefused() throws IOException {
        Path csv = history(4, 12);
        assertUserError(CliRun.of("meta-train", "--history", csv.toString(), "--task-column", "product", "--inputs",
                "x1,x2", "--outputs", "y", "--k", "15"), "K+1 = 16", "12");
    }

    @Test
    void helpListsTheDataSources() {
        CliRun help = CliRun.of("meta-train", "--help");
        assertEquals(0, help.code());
        for (String o : List.of("--family", "--history", "--task-column", "--episodes", "--algo", "--resume", "--plots")) {
            assertTrue(help.out().contains(o), o + " missing from\n" + help.out());
        }
        assertFalse(help.out().contains("--stop-after"));
        assertEquals(0, CliRun.of("meta-eval", "--help").code());
    }

    @Test
    void prototypesOnSteelPlatesClassifyHeldOutFaultsAboveChance() throws IOException {
        Path csv = steelPlates();
        String oneHot = "Pastry_Fault,Z_Scratch_Fault,K_Scatch_Fault,Stains_Fault,Dirtiness_Fault,Bumps_Fault,Other_Faults";
        Path model = dir.resolve("steel.mlmodel");
        CliRun train = CliRun.of("meta-train", "--episodes", csv.toString(), "--one-hot", oneHot, "--holdout-classes",
                "Stains_Fault,Dirtiness_Fault", "--ways", "5", "--shots", "5", "--queries", "5", "--iterations", "100",
                "--eval-every", "50", "--meta-batch", "4", "--threads", "2", "--out", model.toString());
        assertEquals(0, train.code(), train.toString());
        assertEquals("protonet", MetaModel.load(model).algorithm());

        CliRun eval = CliRun.of("meta-eval", "--model", model.toString(), "--episodes", csv.toString(), "--json",
                "--tasks-count", "200", "--threads", "2");
        assertEquals(0, eval.code(), eval.toString());
        JsonNode doc = new ObjectMapper().readTree(eval.out());
        assertTrue(doc.get("data").asText().contains("2-way 5-shot"), eval.toString()); // two held-out classes
        double accuracy = doc.get("results").get(0).get("accuracy").get("mean").asDouble();
        assertTrue(accuracy > 0.6, "accuracy " + accuracy + " is not above chance (0.5): " + eval);
    }

    /** ../shared/data from the repository root; skips the test when it is absent. */
    private static Path steelPlates() {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.exists(root.resolve("mvnw"))) root = root.getParent();
        assumeTrue(root != null, "repository root not found");
        Path file = root.resolve("../shared/data/steel-plates/steel_plates_faults.csv").normalize();
        assumeTrue(Files.isRegularFile(file), "steel plates data not found at " + file + "; skipping");
        return file;
    }
}
