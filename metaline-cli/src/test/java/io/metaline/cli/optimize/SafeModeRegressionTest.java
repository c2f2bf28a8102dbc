package io.metaline.cli.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.metaline.meta.TrainingListener;
import io.metaline.optimize.Study;
import io.metaline.optimize.StudySpec;
import io.metaline.optimize.transfer.MetaPrior;
import io.metaline.sim.Families;
import io.metaline.sim.HistoryGenerator;
import io.metaline.sim.ProcessFamily;
import io.metaline.sim.ProcessTask;
import org.junit.jupiter.api.Test;

/** Studies of {@code bench optimize} that once crossed a hard limit in safe mode, replayed exactly. */
class SafeModeRegressionTest {

    /**
     * CNC machining, warm start, seed 0, test task 31: after 13 runs of rising spindle power (2.6 to 10.3 kW) a
     * zero-mean GP put the 15th run's setting at 9.34 +/- 0.42 kW and it drew 11.14 kW against the 11 kW limit.
     */
    @Test
    void theWarmStartOnCncTask31StaysWithinTheSpindlePowerLimit() {
        ProcessFamily cnc = Families.byName("cnc_machining");
        long fseed = OptimizeBench.familySeed(0, cnc.name());
        int index = 31, trials = 20;
        ProcessTask task = OptimizeBench.testTask(cnc, 0, index);
        Transfer knowledge = Transfer.generate(cnc, fseed);
        long studySeed = OptimizeBench.taskSeed(fseed, index, 1), noiseSeed = OptimizeBench.taskSeed(fseed, index, 2);
        StudySpec spec = knowledge.studySpec(Method.WARM_START, "regression", true, trials, studySeed,
                OptimizeBench.taskSeed(fseed, index, 3));
        Study study = new Study(spec, knowledge.surrogate(Method.WARM_START, studySeed));
        ClosedLoop.Result result = ClosedLoop.run(study, task, noiseSeed, trials, 1, null, null);
        long violations = result.steps().stream().filter(ClosedLoop.Step::violatesHardLimit).count();
        assertEquals(0, violations, "runs past the spindle-power limit");
    }

    /**
     * CNC machining, meta-learned optimiser, seed 0, 100 trials, test task 26: at run 38 the prior's fixed wide
     * residual process claimed 10.59 +/- 0.10 kW where the settings drew 11.03 kW against the 11 kW limit. Trains the
     * family's prior as bench optimize does (1500 iterations per outcome, about a minute).
     */
    @Test
    void theMetaLearnedOptimiserOnCncTask26StaysWithinTheSpindlePowerLimit() {
        ProcessFamily cnc = Families.byName("cnc_machining");
        long fseed = OptimizeBench.familySeed(0, cnc.name());
        int index = 26, trials = 40;
        ProcessTask task = HistoryGenerator.targetTasks(cnc, 30, fseed).get(index);
        Transfer knowledge = Transfer.generate(cnc, fseed)
                .withPrior(MetaPrior.Config.defaults().withThreads(2).withIterations(1500), fseed, new TrainingListener() {});
        long studySeed = OptimizeBench.taskSeed(fseed, index, 1), noiseSeed = OptimizeBench.taskSeed(fseed, index, 2);
        StudySpec spec = knowledge.studySpec(Method.META, "regression", true, trials, studySeed, OptimizeBench.taskSeed(fseed, index, 3));
        Study study = new Study(spec, knowledge.surrogate(Method.META, studySeed));
        ClosedLoop.Result result = ClosedLoop.run(study, task, noiseSeed, trials, 1, null, null);
        assertEquals(trials, result.steps().size(), "the study ran its " + trials + " trials");
        assertEquals(0, result.steps().stream().filter(ClosedLoop.Step::violatesHardLimit).count(), "runs past the spindle-power limit");
    }
}
