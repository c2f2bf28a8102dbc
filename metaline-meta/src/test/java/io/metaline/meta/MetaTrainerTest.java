package io.metaline.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Rng;
import io.metaline.engine.nn.Mlp;
import io.metaline.meta.tasks.SineTasks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MetaTrainerTest {
    private static final SineTasks SINE = new SineTasks(5, 5);

    private static Maml smallMaml() {
        return new Maml(Mlp.of(1, 8, 8, 1), TaskLoss.MSE, new Maml.Config(1, 0.01));
    }

    private static TrainerConfig config(int iterations, int threads) {
        return TrainerConfig.defaults(iterations).withMetaBatch(4).withThreads(threads);
    }

    private static List<Task> validation() {
        return SINE.sample(new Rng(99), 8);
    }

    @ParameterizedTest
    @EnumSource(GradOrder.class)
    void sameSeedGivesTheSameParametersSeriallyAndInParallel(GradOrder order) {
        MetaTrainer serial = new MetaTrainer(smallMaml(), SINE, List.of(), config(15, 1).withOrder(order));
        MetaTrainer parallel = new MetaTrainer(smallMaml(), SINE, List.of(), config(15, 3).withOrder(order));
        double[] a = serial.train(7, TrainingListener.SILENT).meta().flatten();
        double[] b = parallel.train(7, TrainingListener.SILENT).meta().flatten();
        assertArrayEquals(a, b, 0.0);
        double[] c = serial.train(8, TrainingListener.SILENT).meta().flatten();
        assertFalse(java.util.Arrays.equals(a, c), "a different seed must give different parameters");
    }

    @Test
    void resumingFromACheckpointGivesTheSameNumbersAsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        TrainerConfig cfg = config(30, 2).withValidation(10, 0);
        MetaTrainer.Result whole = new MetaTrainer(smallMaml(), SINE, validation(), cfg).train(3, TrainingListener.SILENT);

        Path file = dir.resolve("run.ckpt");
        MetaTrainer interrupted = new MetaTrainer(smallMaml(), SINE, validation(), cfg.withCheckpoint(file, 10));
        assertThrows(IllegalStateException.class, () -> interrupted.train(3, crashAt(20)));
        Checkpoint saved = Checkpoint.load(file);
        assertEquals(20, saved.iteration());
        MetaTrainer.Result resumed = new MetaTrainer(smallMaml(), SINE, validation(), cfg).resume(saved, TrainingListener.SILENT);
        assertArrayEquals(whole.meta().flatten(), resumed.meta().flatten(), 0.0);
        assertArrayEquals(whole.best().flatten(), resumed.best().flatten(), 0.0);
        assertEquals(whole.curve(), resumed.curve());
    }

    private static TrainingListener crashAt(int iteration) {
        return new TrainingListener() {
            @Override
            public void onIteration(int it, int total, double loss) {
                if (it == iteration + 1) throw new IllegalStateException("simulated crash after the checkpoint");
            }
        };
    }

    @Test
    void metaTrainingLowersTheValidationLossAndRecordsTheCurve() {
        TrainerConfig cfg = config(300, 2).withValidation(100, 0).withOuter(OuterOptimizer.adam(3e-3));
        MetaTrainer.Result r = new MetaTrainer(smallMaml(), SINE, validation(), cfg).train(1, TrainingListener.SILENT);
        assertEquals(3, r.curve().size());
        Stat before = Evaluator.queryLoss(smallMaml(), smallMaml().init(new Rng(1).split(1)), validation(), new int[] {1}, new TaskRunner(1)).get(1);
        assertTrue(r.curve().get(2).validationLoss() < before.mean(),
                "validation loss " + r.curve().get(2).validationLoss() + " should be below the untrained " + before.mean());
    }

    @Test
    void stopsEarlyWhenValidationStopsImproving() {
        // A learning rate this small cannot improve the validation loss measurably, so patience runs out.
        TrainerConfig cfg = config(1000, 1).withValidation(5, 2).withOuter(OuterOptimizer.sgd(1e-12));
        List<String> notices = new ArrayList<>();
        MetaTrainer.Result r = new MetaTrainer(smallMaml(), SINE, validation(), cfg).train(1, new TrainingListener() {
            @Override
            public void onNotice(String message) {
                notices.add(message);
            }
        });
        assertTrue(r.stoppedEarly());
        assertTrue(r.state().iteration() < 1000);
        assertTrue(notices.get(0).contains("stopped early"), notices.toString());
    }

    @Test
    void secondOrderBeyondTheMemoryBudgetFailsWithAClearMessage() {
        TrainerConfig cfg = config(5, 1).withMemory(TrainerConfig.MemoryPolicy.FAIL);
        MetaTrainer trainer = new MetaTrainer(smallMaml(), SINE, List.of(), cfg).withMemoryBudget(1024);
        MetaTrainingException e = assertThrows(MetaTrainingException.class, () -> trainer.train(1, TrainingListener.SILENT));
        assertTrue(e.getMessage().contains("second-order maml") && e.getMessage().contains("MiB"), e.getMessage());
    }

    @Test
    void secondOrderBeyondTheMemoryBudgetFallsBackToFirstOrderAndSaysSo() {
        TrainerConfig cfg = config(5, 1).withMemory(TrainerConfig.MemoryPolicy.FALL_BACK_TO_FIRST_ORDER);
        List<String> notices = new ArrayList<>();
        MetaTrainer.Result r = new MetaTrainer(smallMaml(), SINE, List.of(), cfg).withMemoryBudget(1024)
                .train(1, new TrainingListener() {
                    @Override
                    public void onNotice(String message) {
                        notices.add(message);
                    }
                });
        assertEquals(GradOrder.FIRST, r.state().order());
        assertTrue(notices.get(0).contains("first order instead"), notices.toString());
        double[] firstOrder = new MetaTrainer(smallMaml(), SINE, List.of(), cfg.withOrder(GradOrder.FIRST))
                .train(1, TrainingListener.SILENT).meta().flatten();
        assertArrayEquals(firstOrder, r.meta().flatten(), 0.0);
    }

    @Test
    void divergenceIsReportedNotAveraged() {
        TrainerConfig cfg = config(50, 1).withOuter(OuterOptimizer.sgd(1e6));
        MetaTrainingException e = assertThrows(MetaTrainingException.class,
                () -> new MetaTrainer(smallMaml(), SINE, List.of(), cfg).train(1, TrainingListener.SILENT));
        assertTrue(e.getMessage().contains("diverged at iteration"), e.getMessage());
    }
}
