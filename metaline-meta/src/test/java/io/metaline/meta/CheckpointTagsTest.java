package io.metaline.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.nn.Mlp;
import io.metaline.meta.tasks.SineTasks;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTagsTest {
    private static final SineTasks SINE = new SineTasks(5, 5);
    private static final Map<String, String> TAGS = Map.of("--algo", "fomaml", "--meta-lr", "0.001");

    private static MetaTrainer trainer(Path file, Map<String, String> tags) {
        Maml maml = new Maml(Mlp.of(1, 8, 1), TaskLoss.MSE, new Maml.Config(1, 0.01));
        TrainerConfig cfg = TrainerConfig.defaults(10).withMetaBatch(3).withThreads(1).withCheckpoint(file, 5);
        return new MetaTrainer(maml, SINE, List.of(), cfg).withTags(tags);
    }

    @Test
    void tagsAreSavedWithEveryCheckpointAndLoadedBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.ckpt");
        MetaTrainer.Result r = trainer(file, TAGS).train(1, TrainingListener.SILENT);
        assertEquals(TAGS, r.state().tags());
        Checkpoint loaded = Checkpoint.load(file);
        assertEquals(TAGS, loaded.tags());
        assertEquals(r.state().iteration(), loaded.iteration());
    }

    @Test
    void resumeRefusesACheckpointWithOtherTagsNamingEachDifference(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.ckpt");
        trainer(file, TAGS).train(1, TrainingListener.SILENT);
        Checkpoint saved = Checkpoint.load(file);
        String m = assertThrows(IllegalArgumentException.class, () -> trainer(file, Map.of("--algo", "maml", "--meta-lr", "0.001"))
                .resume(saved, TrainingListener.SILENT)).getMessage();
        assertTrue(m.contains("--algo was 'fomaml' in the checkpoint, now 'maml'"), m);
        assertArrayEquals(saved.meta().flatten(), trainer(file, TAGS).resume(saved, TrainingListener.SILENT).meta().flatten(), 0.0);
    }

    @Test
    void checkpointsWithoutTagsStillLoad(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("plain.ckpt");
        MetaTrainer.Result r = trainer(file, Map.of()).train(1, TrainingListener.SILENT);
        Checkpoint loaded = Checkpoint.load(file);
        assertEquals(Map.of(), loaded.tags());
        assertArrayEquals(r.meta().flatten(), loaded.meta().flatten(), 0.0);
    }
}
