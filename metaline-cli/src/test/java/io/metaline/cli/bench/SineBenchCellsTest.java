package io.metaline.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An interrupted sine benchmark continues from the models it kept, with the same figures. */
class SineBenchCellsTest {
    @TempDir Path dir;

    private static final SineBench.Progress QUIET = new SineBench.Progress() {
        @Override
        public void start(String algorithm, int k, int iterations) {}

        @Override
        public void step() {}
    };

    @Test
    void aRerunSkipsKeptModelsAndReportsTheirFigures() throws Exception {
        Path cells = dir.resolve("cells");
        SineBench.Settings first = new SineBench.Settings(List.of(3), List.of("fomaml"), 20, 1, 7, cells);
        Map<String, Map<Integer, SineBench.Cell>> a = new SineBench(first).run(QUIET);
        Path kept = SineBench.keptCell(cells, "fomaml", 3, 20, 7);
        assertTrue(Files.exists(kept), "the finished model's figures are kept");

        // A second run with one more algorithm trains only that one; the kept model is not retrained.
        SineBench.Settings second = new SineBench.Settings(List.of(3), List.of("fomaml", "anil"), 20, 1, 7, cells);
        Map<String, Map<Integer, SineBench.Cell>> b = new SineBench(second).run(QUIET);
        assertEquals(a.get("fomaml").get(3), b.get("fomaml").get(3)); // equal wall time too: read, not retrained
        assertTrue(Files.exists(SineBench.keptCell(cells, "anil", 3, 20, 7)));

        // Without the folder, the same seed trains the same figures again (apart from the wall time).
        SineBench.Cell fresh = new SineBench(new SineBench.Settings(List.of(3), List.of("fomaml"), 20, 1, 7)).run(QUIET)
                .get("fomaml").get(3);
        assertEquals(a.get("fomaml").get(3).step1(), fresh.step1());
        assertEquals(a.get("fomaml").get(3).step10(), fresh.step10());
    }
}
