package io.metaline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code metaline bench demo}: the demo's loop on several products, summarised. */
class DemoBenchCommandTest {

    @Test
    void reportsEveryProductsGapAfterEachMarkAndTheirMedian(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("bench", "demo", "--products", "2026,7", "--runs", "3", "--marks", "1,3", "--train-iterations",
                "20", "--json", "--data-dir", dir.resolve("d").toString());
        assertEquals(0, run.code(), run.toString());
        JsonNode r = new ObjectMapper().readTree(run.out());
        assertEquals(2, r.path("products").size(), run.out());
        double[] after3 = new double[2];
        for (int i = 0; i < 2; i++) {
            JsonNode p = r.path("products").get(i);
            assertEquals(i == 0 ? 2026 : 7, p.path("product").asLong());
            double g1 = p.path("gap_after").path("1").asDouble(), g3 = p.path("gap_after").path("3").asDouble();
            assertTrue(g1 >= 0 && g3 >= 0 && Double.isFinite(g1) && Double.isFinite(g3), p.toString());
            assertEquals(0, p.path("violations").asInt(), p.toString());
            after3[i] = g3;
        }
        assertEquals((after3[0] + after3[1]) / 2, r.path("median_gap_after").path("3").asDouble(), 1e-12);
        long within = java.util.Arrays.stream(after3).filter(g -> g <= DemoBenchCommand.TARGET_GAP).count();
        assertEquals(within, r.path("within_2pct_after").path("3").asLong());
        assertEquals(0, r.path("violations").asInt());
    }

    @Test
    void badArgumentsAreRefusedWithTheReason() {
        CliRun run = CliRun.of("bench", "demo", "--runs", "0");
        assertNotEquals(0, run.code(), run.toString());
        assertTrue(run.err().contains("--runs must be >= 1"), run.toString());
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, DemoBenchCommand.median(new double[] {4, 1, 3, 2}), 0.0);
        assertEquals(3.0, DemoBenchCommand.median(new double[] {5, Double.NaN, 1, 3}), 0.0);
        assertTrue(Double.isNaN(DemoBenchCommand.median(new double[] {Double.NaN})));
    }
}
