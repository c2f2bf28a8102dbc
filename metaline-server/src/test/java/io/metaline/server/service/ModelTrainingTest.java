package io.metaline.server.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Rng;
import io.metaline.optimize.Objective;
import io.metaline.optimize.OutcomeConstraint;
import io.metaline.optimize.ParameterSpec;
import io.metaline.optimize.SearchSpace;
import io.metaline.optimize.StudySpec;
import io.metaline.optimize.Suggestion;
import io.metaline.optimize.Trial;
import io.metaline.optimize.transfer.MetaPrior;
import io.metaline.sim.Families;
import io.metaline.sim.HistoryGenerator;
import io.metaline.sim.ProcessFamily;
import io.metaline.sim.ProcessTask;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training end to end on a simulated history (Branin tasks), then a study whose surrogate is the trained prior.
 * Runs on H2; the storage behaviour is covered on both databases by {@link ServiceContractTest}.
 */
class ModelTrainingTest {
    static final int ITERATIONS = 80;

    @TempDir
    Path dir;

    @Test
    void trainsAPriorAndAStudyUsesIt() throws Exception {
        ProcessFamily branin = Families.byName("branin");
        String csv = new HistoryGenerator(HistoryGenerator.Config.of(5, 12)).generate(branin, 7).toCsv();
        try (MetaLineServices s = MetaLineServices.open(ServerConfig.embedded(dir).withTrainingThreads(2))) {
            Principal admin = s.tokens().authenticate(s.tokens().issue(Role.ADMIN, "plant-a", "t").secret()).orElseThrow();
            Principal other = s.tokens().authenticate(s.tokens().issue(Role.ADMIN, "plant-b", "t").secret()).orElseThrow();
            DatasetInfo d = s.datasets().add(admin, "branin-history", "task", csv);
            assertEquals(5, d.tasks());
            assertEquals(60, d.rows());

            TrainRequest request = new TrainRequest(d.id(), List.of("x1", "x2"), List.of("value"), "fomaml", 11L, ITERATIONS);
            ModelInfo queued = s.models().train(admin, request);
            ModelInfo twin = s.models().train(admin, request);
            ModelInfo otherSeed = s.models().train(admin, new TrainRequest(d.id(), List.of("x1", "x2"), List.of("value"), "fomaml", 12L, ITERATIONS));
            assertEquals(List.of(1, 2, 3), List.of(queued.version(), twin.version(), otherSeed.version()));
            assertTrue(queued.status() == JobStatus.QUEUED);

            ModelInfo m = s.models().await(admin, queued.id(), Duration.ofMinutes(2));
            assertEquals(JobStatus.SUCCEEDED, m.status(), () -> "error: " + m.error());
            assertEquals(1.0, m.progress());
            assertNotNull(m.finished());
            assertEquals(64, m.checksum().length());
            assertTrue(m.metrics().containsKey("value.heldout_rmse_k1"), m.metrics().toString());
            assertTrue(m.metrics().get("value.heldout_rmse_k5") <= m.metrics().get("value.heldout_rmse_k1"));
            assertTrue(m.learningCurve().size() >= 10, "learning curve has " + m.learningCurve().size() + " points");
            assertEquals(ITERATIONS, (int) m.learningCurve().get(m.learningCurve().size() - 1)[0]);

            ModelInfo t = s.models().await(admin, twin.id(), Duration.ofMinutes(2));
            ModelInfo o = s.models().await(admin, otherSeed.id(), Duration.ofMinutes(2));
            assertEquals(m.checksum(), t.checksum(), "same request and seed give the same model bytes");
            assertArrayEquals(s.models().artefact(admin, m.id()), s.models().artefact(admin, t.id()));
            assertNotEquals(m.checksum(), o.checksum());
            assertThrows(ServiceException.NotFound.class, () -> s.models().get(other, m.id()));

            // A study on a new Branin task with the prior; its bounds are the family's, wider than the data's.
            SearchSpace space = SearchSpace.of(ParameterSpec.continuous("x1", "", -5, 10, 4),
                    ParameterSpec.continuous("x2", "", 0, 15, 4));
            StudySpec spec = StudySpec.of("new product", space, Objective.maximise("value")).withInitialTrials(1).withSeed(3);
            assertThrows(ServiceException.NotFound.class, () -> s.studies().create(other, spec, m.id()));
            var mismatch = assertThrows(ServiceException.BadInput.class, () -> s.studies().create(admin,
                    StudySpec.of("x", SearchSpace.of(ParameterSpec.continuous("x2", "", 0, 15, 4), ParameterSpec.continuous("x1", "", -5, 10, 4)),
                            Objective.maximise("value")), m.id()));
            assertEquals("parameters", mismatch.field());
            assertThrows(ServiceException.BadInput.class, () -> s.studies().create(admin,
                    StudySpec.of("x", space, Objective.maximise("throughput")), m.id()));

            StudyInfo st = s.studies().create(admin, spec, m.id());
            assertEquals(m.id(), st.priorModelId());
            ProcessTask task = HistoryGenerator.targetTasks(branin, 1, 99).get(0);
            Rng noise = new Rng(5);
            for (int i = 0; i < 5; i++) {
                Suggestion sg = s.studies().ask(admin, st.id(), Map.of(), 1).get(0);
                if (i >= 1) assertTrue(sg.predictions().containsKey("value"), "no prediction in " + sg);
                s.studies().tell(admin, st.id(), sg.trialId(), Map.of("value", task.run(sg.settings(), noise).get("value")));
            }
            StudyView v = s.studies().get(admin, st.id());
            assertEquals(5, v.info().completed());
            assertTrue(v.trials().stream().allMatch(tr -> tr.status() == Trial.Status.COMPLETED));
        }
        // The study with its prior is rebuilt from the database after a restart.
        try (MetaLineServices s = MetaLineServices.open(ServerConfig.embedded(dir))) {
            Principal admin = s.tokens().list("plant-a").isEmpty() ? null
                    : new Principal(s.tokens().list("plant-a").get(0).id(), "plant-a", Role.ADMIN);
            StudyInfo st = s.studies().list(admin).get(0);
            Suggestion next = s.studies().ask(admin, st.id(), Map.of(), 1).get(0);
            assertEquals(6, next.trialId());
        }
    }

    @Test
    void withAnObjectiveAndLimitsThePriorAlsoLearnsTheObjectiveOverTheLimitedOutputs() throws Exception {
        ProcessFamily reflow = Families.byName("reflow_soldering");
        String csv = new HistoryGenerator(HistoryGenerator.Config.of(6, 12)).generate(reflow, 7).toCsv();
        List<String> inputs = new java.util.ArrayList<>(reflow.parameters().stream().map(io.metaline.sim.Parameter::name).toList());
        inputs.addAll(reflow.contextNames());
        List<String> outputs = List.of("cost_per_board", "peak_temperature", "time_above_liquidus");
        List<OutcomeConstraint> limits = List.of(OutcomeConstraint.hardMax("peak_temperature", 260),
                OutcomeConstraint.softMin("time_above_liquidus", 45), OutcomeConstraint.softMax("time_above_liquidus", 90));
        try (MetaLineServices s = MetaLineServices.open(ServerConfig.embedded(dir).withTrainingThreads(1))) {
            Principal admin = s.tokens().authenticate(s.tokens().issue(Role.ADMIN, "plant-a", "t").secret()).orElseThrow();
            DatasetInfo d = s.datasets().add(admin, "reflow-history", "task", csv);
            ModelInfo queued = s.models().train(admin, new TrainRequest(d.id(), inputs, outputs, "maml", 3L, ITERATIONS,
                    "cost_per_board", limits));
            ModelInfo m = s.models().await(admin, queued.id(), Duration.ofMinutes(2));
            assertEquals(JobStatus.SUCCEEDED, m.status(), () -> "error: " + m.error());
            assertEquals(1.0, m.progress());
            assertTrue(m.metrics().containsKey("cost_per_board.over_limited_outputs.heldout_rmse"), m.metrics().toString());
            assertEquals("cost_per_board", m.objective());
            assertEquals(limits, m.limits());
            var json = io.metaline.server.http.ApiJson.model(m);
            assertEquals("cost_per_board", json.get("objective"));
            assertEquals(3, ((List<?>) json.get("constraints")).size());
            Path file = dir.resolve("prior.mlta");
            java.nio.file.Files.write(file, s.models().artefact(admin, m.id()));
            MetaPrior.OverOutcomes learnt = MetaPrior.load(file).overOutcomes();
            assertNotNull(learnt);
            assertEquals("cost_per_board", learnt.objective());
            assertEquals(limits, learnt.features().limits());
            assertEquals(List.of("peak_temperature", "time_above_liquidus"), learnt.features().outcomes());

            // Each mistake is named by its field, and nothing is queued.
            var noObjective = assertThrows(ServiceException.BadInput.class, () -> s.models().train(admin,
                    new TrainRequest(d.id(), inputs, outputs, "maml", 3L, ITERATIONS, null, limits)));
            assertEquals("objective", noObjective.field());
            var notAnOutput = assertThrows(ServiceException.BadInput.class, () -> s.models().train(admin,
                    new TrainRequest(d.id(), inputs, outputs, "maml", 3L, ITERATIONS, "void_rate", limits)));
            assertEquals("objective", notAnOutput.field());
            var limitOnObjective = assertThrows(ServiceException.BadInput.class, () -> s.models().train(admin,
                    new TrainRequest(d.id(), inputs, outputs, "maml", 3L, ITERATIONS, "cost_per_board",
                            List.of(OutcomeConstraint.softMax("cost_per_board", 5)))));
            assertEquals("constraints", limitOnObjective.field());
            assertTrue(limitOnObjective.getMessage().contains("'cost_per_board'"), limitOnObjective.getMessage());
            assertEquals(1, s.models().list(admin).size());
        }
    }
}
