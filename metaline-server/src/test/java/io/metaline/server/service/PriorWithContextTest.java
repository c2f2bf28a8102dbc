package io.metaline.server.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.optimize.ContextSpec;
import io.metaline.optimize.Objective;
import io.metaline.optimize.ParameterSpec;
import io.metaline.optimize.SearchSpace;
import io.metaline.optimize.StudySpec;
import io.metaline.optimize.Suggestion;
import io.metaline.sim.Families;
import io.metaline.sim.HistoryGenerator;
import io.metaline.sim.ProcessFamily;
import io.metaline.sim.ProcessTask;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A prior trained on settings and context columns serves a study that declares the same context variables. */
class PriorWithContextTest {

    @Test
    void aStudyWithContextUsesAPriorTrainedOnParametersThenContext(@TempDir Path dir) throws Exception {
        ProcessFamily family = Families.byName("reflow_soldering");
        String csv = new HistoryGenerator(HistoryGenerator.Config.of(4, 10)).generate(family, 5).toCsv();
        List<ParameterSpec> params = new ArrayList<>();
        family.parameters().forEach(p -> params.add(ParameterSpec.continuous(p.name(), p.unit(), p.lower(), p.upper(), p.maxStep())));
        ProcessTask product = family.sampleTask(new io.metaline.engine.Rng(99));
        List<ContextSpec> context = new ArrayList<>();
        for (String c : family.contextNames()) {
            double v = product.context().get(c);
            context.add(new ContextSpec(c, "", v - Math.abs(v) - 1, v + Math.abs(v) + 1));
        }
        List<String> inputs = new ArrayList<>(params.stream().map(ParameterSpec::name).toList());
        inputs.addAll(family.contextNames());
        String objective = family.objectiveOutcome().name();

        try (MetaLineServices s = MetaLineServices.open(ServerConfig.embedded(dir))) {
            Principal admin = s.tokens().authenticate(s.tokens().issue(Role.ADMIN, "plant-a", "t").secret()).orElseThrow();
            DatasetInfo d = s.datasets().add(admin, "reflow", "task", csv);
            ModelInfo m = s.models().await(admin, s.models().train(admin,
                    new TrainRequest(d.id(), inputs, List.of(objective), "fomaml", 1L, 40)).id(), Duration.ofMinutes(2));
            assertEquals(JobStatus.SUCCEEDED, m.status(), () -> "error: " + m.error());

            StudySpec spec = StudySpec.of("with context", new SearchSpace(params, context),
                    family.objectiveOutcome().direction() == io.metaline.sim.Outcome.Direction.MAXIMISE
                            ? Objective.maximise(objective) : Objective.minimise(objective)).withInitialTrials(0).withSeed(2);
            String study = s.studies().create(admin, spec, m.id()).id();
            List<Suggestion> asked = s.studies().ask(admin, study, product.context(), 1);
            assertEquals(1, asked.size());
            assertTrue(asked.get(0).predictions().containsKey(objective), asked.toString());

            // Without the context, the model's inputs no longer match: a clear error naming both lists.
            StudySpec noContext = StudySpec.of("no context", new SearchSpace(params, List.of()), spec.objective());
            var e = assertThrows(ServiceException.BadInput.class, () -> s.studies().create(admin, noContext, m.id()));
            assertTrue(e.getMessage().contains("parameters first, then context"), e.getMessage());
        }
    }
}
