package io.metaline.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Params;
import io.metaline.engine.Tensor;
import io.metaline.engine.optim.Adam;
import io.metaline.engine.optim.OptimizerState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptimizerStatesTest {
    @TempDir
    Path dir;

    static Params params() {
        return Params.builder()
                .put("layer0.weight", Tensor.of(new double[] {1, -2, 3, 0.5}, 2, 2))
                .put("layer0.bias", Tensor.vector(0.1, -0.2))
                .build();
    }

    @Test
    void stateRoundTripsThroughAFile() throws IOException {
        Adam adam = Adam.adamW(0.01, 0.1);
        Params p = adam.step(params(), params().map(t -> t.mul(0.5)));
        p = adam.step(p, params().map(t -> t.mul(-0.25)));
        OptimizerState s = adam.state();
        Path f = dir.resolve("opt.mlta");
        OptimizerStates.save(f, s);

        TensorArchive.Contents raw = TensorArchive.load(f);
        assertEquals(List.of("state.m.layer0.weight", "state.m.layer0.bias", "state.v.layer0.weight", "state.v.layer0.bias"),
                raw.params().names());
        assertEquals("adam", raw.metadata().get("optimizer.kind"));
        assertEquals("m,v", raw.metadata().get("optimizer.slots"));

        OptimizerState back = OptimizerStates.load(f);
        assertEquals(s.kind(), back.kind());
        assertEquals(s.step(), back.step());
        assertEquals(s.config(), back.config());
        assertEquals(List.copyOf(s.slots().keySet()), List.copyOf(back.slots().keySet()));
        for (String slot : s.slots().keySet()) {
            TensorArchiveTest.assertSameBits(s.slot(slot), back.slot(slot));
        }
        assertEquals(Adam.Config.adamW(0.01, 0.1), Adam.Config.fromMap(back.config()));
    }

    @Test
    void checkpointKeepsParamsStateAndUserMetadataApart() throws IOException {
        Adam adam = Adam.adam(0.1);
        Params p = adam.step(params(), params());
        Path f = dir.resolve("ckpt.mlta");
        OptimizerStates.saveCheckpoint(f, p, adam.state(), Map.of("epoch", "3"));
        OptimizerStates.Checkpoint c = OptimizerStates.loadCheckpoint(f);
        TensorArchiveTest.assertSameBits(p, c.params());
        assertEquals(Map.of("epoch", "3"), c.metadata());
        assertEquals(1, c.optimizer().step());
        assertThrows(IllegalArgumentException.class,
                () -> OptimizerStates.saveCheckpoint(f, p, adam.state(), Map.of("optimizer.kind", "x")));
    }

    @Test
    void emptyStateRoundTrips() throws IOException {
        OptimizerState s = new OptimizerState("sgd", 0, Map.of("lr", "0.1"), Map.of());
        Path f = dir.resolve("empty.mlta");
        OptimizerStates.save(f, s);
        OptimizerState back = OptimizerStates.load(f);
        assertEquals(0, back.step());
        assertTrue(back.slots().isEmpty());
        assertEquals(Map.of("lr", "0.1"), back.config());
    }

    @Test
    void plainParamsArchiveIsNotAState() throws IOException {
        Path f = dir.resolve("params.mlta");
        TensorArchive.save(f, params(), Map.of());
        ArchiveFormatException e = assertThrows(ArchiveFormatException.class, () -> OptimizerStates.load(f));
        assertTrue(e.getMessage().contains("not an optimiser state"), e.getMessage());
    }
}
