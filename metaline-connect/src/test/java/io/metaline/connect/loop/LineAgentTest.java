package io.metaline.connect.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.connect.testing.Await;
import io.metaline.connect.testing.CountingGateway;
import io.metaline.connect.testing.FakeLine;
import io.metaline.connect.testing.SimSpecs;
import io.metaline.engine.Rng;
import io.metaline.optimize.GpSurrogate;
import io.metaline.optimize.Study;
import io.metaline.optimize.StudySpec;
import io.metaline.optimize.Trial;
import io.metaline.sim.Families;
import io.metaline.sim.ProcessFamily;
import io.metaline.sim.ProcessTask;
import io.metaline.sim.line.LineSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The closed loop against an in-memory line: approval gates writes, results are told exactly once, it optimises. */
class LineAgentTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static LineSimulator moulding(long seed) {
        return new LineSimulator("line-1", Families.byName("injection_moulding"), LineSimulator.Config.defaults(seed).withWearPerCycle(0));
    }

    private static Study study(ProcessFamily family, int initialTrials) {
        return new Study(SimSpecs.of(family, "moulding-test", initialTrials, 7), new GpSurrogate(7));
    }

    private LineAgent.Config config(ApprovalPolicy policy, int maxRuns) {
        return LineAgent.Config.of(policy, dir.resolve("journal.log")).withMaxRuns(maxRuns)
                .withTimes(Duration.ofMillis(10), Duration.ofSeconds(10), Duration.ofMillis(10));
    }

    @Test
    void suggestionIsWrittenOnlyAfterApproval() throws Exception {
        try (LineSimulator sim = moulding(1)) {
            FakeLine line = new FakeLine(sim);
            LocalStudyGateway gateway = new LocalStudyGateway(study(sim.family(), 20));
            Map<String, Double> before = sim.setpoints();
            LineAgent agent = new LineAgent(gateway, line, config(ApprovalPolicy.manual(), 1), null);
            agent.start();
            Await.until("trial 1 is asked", WAIT, () -> gateway.study().trials().size() == 1);
            Thread.sleep(200); // give a wrong agent time to write
            assertEquals(before, sim.setpoints(), "nothing may be written before approval");
            assertTrue(line.writes().isEmpty());
            assertEquals(Approval.PENDING, gateway.approval(1));

            gateway.approve(1);
            assertTrue(agent.awaitFinished(WAIT));
            assertTrue(agent.failure().isEmpty(), () -> agent.failure().get().toString());
            Map<String, Double> suggested = gateway.study().trial(1).settings();
            assertEquals(List.of(suggested), line.writes());
            assertEquals(suggested, new LinkedHashMap<>(sim.setpoints()).entrySet().stream()
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
            assertEquals(Trial.Status.COMPLETED, gateway.study().trial(1).status());
        }
    }

    @Test
    void rejectedSuggestionNeverRunsAndTheNextIsAsked() throws Exception {
        try (LineSimulator sim = moulding(2)) {
            FakeLine line = new FakeLine(sim);
            LocalStudyGateway gateway = new LocalStudyGateway(study(sim.family(), 20));
            LineAgent agent = new LineAgent(gateway, line, config(ApprovalPolicy.manual(), 1), null);
            agent.start();
            Await.until("trial 1 is asked", WAIT, () -> gateway.study().trials().size() == 1);
            gateway.reject(1, "too hot for this mould");
            Await.until("trial 2 is asked", WAIT, () -> gateway.study().trials().size() == 2);
            assertTrue(line.writes().isEmpty());
            assertEquals(Trial.Status.FAILED, gateway.study().trial(1).status());
            assertTrue(gateway.study().trial(1).note().contains("too hot"));
            gateway.approve(2);
            assertTrue(agent.awaitFinished(WAIT));
            assertEquals(List.of(gateway.study().trial(2).settings()), line.writes());
        }
    }

    @Test
    void envelopePolicyApprovesInsideAndWaitsOutside() throws Exception {
        try (LineSimulator sim = moulding(3)) {
            ProcessFamily f = sim.family();
            Map<String, ApprovalPolicy.Range> whole = new LinkedHashMap<>();
            f.parameters().forEach(p -> whole.put(p.name(), new ApprovalPolicy.Range(p.lower(), p.upper())));
            FakeLine line = new FakeLine(sim);
            LocalStudyGateway gateway = new LocalStudyGateway(study(f, 20));
            LineAgent agent = new LineAgent(gateway, line, config(ApprovalPolicy.autoWithin(whole), 3), null);
            agent.run();
            assertEquals(3, line.writes().size(), "inside the envelope nothing waits");

            // An envelope that excludes every value of one parameter: the agent must wait for an operator.
            Map<String, ApprovalPolicy.Range> narrow = new LinkedHashMap<>(whole);
            var p = f.parameters().get(0);
            narrow.put(p.name(), new ApprovalPolicy.Range(p.lower(), p.lower()));
            LocalStudyGateway gateway2 = new LocalStudyGateway(study(f, 20));
            FakeLine line2 = new FakeLine(sim);
            LineAgent waiting = new LineAgent(gateway2, line2, LineAgent.Config.of(ApprovalPolicy.autoWithin(narrow), dir.resolve("j2.log"))
                    .withMaxRuns(1).withTimes(Duration.ofMillis(10), Duration.ofSeconds(10), Duration.ofMillis(10)), null);
            waiting.start();
            Await.until("trial 1 is asked", WAIT, () -> gateway2.study().trials().size() == 1);
            Thread.sleep(200);
            assertTrue(line2.writes().isEmpty());
            assertEquals(Approval.PENDING, gateway2.approval(1));
            gateway2.approve(1);
            assertTrue(waiting.awaitFinished(WAIT));
            assertEquals(1, line2.writes().size());
        }
    }

    @Test
    void outcomesAreToldExactlyOnceAcrossDroppedConnections() throws Exception {
        try (LineSimulator sim = moulding(4)) {
            FakeLine line = new FakeLine(sim);
            CountingGateway gateway = new CountingGateway(new LocalStudyGateway(study(sim.family(), 20)));
            List<AgentProgress> progress = new CopyOnWriteArrayList<>();
            Map<String, ApprovalPolicy.Range> whole = new LinkedHashMap<>();
            sim.family().parameters().forEach(p -> whole.put(p.name(), new ApprovalPolicy.Range(p.lower(), p.upper())));
            Rng rng = new Rng(5);
            LineAgent agent = new LineAgent(gateway, line, config(ApprovalPolicy.autoWithin(whole), 8), new AgentListener() {
                @Override
                public void written(int trialId, Map<String, Double> settings) {
                    line.drop(1 + rng.nextInt(3)); // drop the connection right after each write
                }

                @Override
                public void told(AgentProgress p) {
                    progress.add(p);
                    if (p.runs() % 3 == 0) gateway.tellOutages.set(2); // and the server, now and then
                }
            });
            agent.run();
            assertEquals(8, agent.runs());
            assertEquals(8, gateway.tells.size());
            gateway.tells.forEach((id, n) -> assertEquals(1, n.get(), "trial " + id + " told " + n.get() + " times"));
            // Each result came from its own cycle, run after the write, with the written settings.
            long previous = 0;
            for (AgentProgress p : progress) {
                assertTrue(p.cycle() > previous, "cycles increase: " + progress);
                previous = p.cycle();
                assertEquals(Map.copyOf(p.settings()), Map.copyOf(line.writes().get(p.runs() - 1)));
            }
        }
    }

    @Test
    void aRestartedAgentTellsARecordedResultOnceResumesAWrittenTrialAndFailsAnUnwrittenOne() throws Exception {
        try (LineSimulator sim = moulding(6)) {
            Map<String, ApprovalPolicy.Range> whole = new LinkedHashMap<>();
            sim.family().parameters().forEach(p -> whole.put(p.name(), new ApprovalPolicy.Range(p.lower(), p.upper())));
            LocalStudyGateway local = new LocalStudyGateway(study(sim.family(), 20));
            CountingGateway first = new CountingGateway(local);
            first.tellOutages.set(Integer.MAX_VALUE); // the server goes away before the first result is told
            FakeLine line = new FakeLine(sim);
            LineAgent crashed = new LineAgent(first, line, config(ApprovalPolicy.autoWithin(whole), 1), null);
            crashed.start();
            Await.until("a result is journalled", WAIT, () -> {
                try {
                    return java.nio.file.Files.readString(dir.resolve("journal.log")).contains("\nresult 1 ");
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            assertThrows(java.io.IOException.class, () -> TrialJournal.open(dir.resolve("journal.log"), local.spec().name(), "line-1"),
                    "a second agent cannot open a journal in use");
            crashed.stop();
            assertTrue(crashed.awaitFinished(WAIT));
            assertTrue(first.tells.isEmpty());
            assertEquals(Trial.Status.PENDING, local.study().trial(1).status());
            Map<String, Double> recorded;
            Map<String, Double> resumedSettings;
            try (var j = TrialJournal.open(dir.resolve("journal.log"), local.spec().name(), "line-1")) {
                recorded = j.entry(1).outcomes();
                // Trial 2: approved and written, then the agent died before its cycle. Trial 3: asked, never written.
                resumedSettings = local.study().ask(sim.context()).settings();
                j.asked(2, resumedSettings);
                j.written(2, sim.cycle());
                j.asked(3, local.study().ask(sim.context()).settings());
            }

            CountingGateway second = new CountingGateway(local);
            LineAgent restarted = new LineAgent(second, line, config(ApprovalPolicy.autoWithin(whole), 2), null);
            restarted.run();
            assertEquals(1, second.tells.get(1).get());
            assertEquals(recorded, local.study().trial(1).outcomes(), "the journalled outcomes, not a new measurement");
            assertEquals(1, second.tells.get(2).get(), "the written trial is resumed and told once");
            assertEquals(Trial.Status.COMPLETED, local.study().trial(2).status());
            assertEquals(resumedSettings, local.study().trial(2).settings());
            assertEquals(resumedSettings, Map.copyOf(line.writes().get(line.writes().size() - 1)), "the line ran the resumed settings");
            assertEquals(Trial.Status.FAILED, local.study().trial(3).status());
            assertTrue(local.study().trial(3).note().startsWith("interrupted"), local.study().trial(3).note());
            assertEquals(2, restarted.runs());
            assertFalse(second.tells.containsKey(3));

            // A third start finds nothing left to tell.
            CountingGateway third = new CountingGateway(local);
            LineAgent again = new LineAgent(third, line, config(ApprovalPolicy.autoWithin(whole), 0), null);
            again.start();
            Await.until("a new trial is asked", WAIT, () -> local.study().trials().size() >= 4);
            again.stop();
            assertTrue(again.awaitFinished(WAIT));
            assertFalse(third.tells.containsKey(1));
            assertFalse(third.tells.containsKey(2));
        }
    }

    @Test
    void aSuggestionOutsideTheDeclaredBoundsIsNeverWritten() throws Exception {
        try (LineSimulator sim = moulding(8)) {
            FakeLine line = new FakeLine(sim);
            LocalStudyGateway local = new LocalStudyGateway(study(sim.family(), 20));
            // A study service that answers with a setting beyond its declared upper bound.
            StudyGateway broken = new CountingGateway(local) {
                @Override
                public List<io.metaline.optimize.Suggestion> ask(int count, Map<String, Double> context) {
                    var s = super.ask(count, context).get(0);
                    Map<String, Double> settings = new LinkedHashMap<>(s.settings());
                    settings.put("melt_temperature", 999.0);
                    return List.of(new io.metaline.optimize.Suggestion(s.trialId(), settings, s.predictions(), s.acquisition(), s.reason(), List.of()));
                }
            };
            Map<String, ApprovalPolicy.Range> whole = new LinkedHashMap<>();
            sim.family().parameters().forEach(p -> whole.put(p.name(), new ApprovalPolicy.Range(p.lower(), Math.max(p.upper(), 1000))));
            LineAgent agent = new LineAgent(broken, line, config(ApprovalPolicy.autoWithin(whole), 0), null);
            agent.start();
            Await.until("trial 2 is asked", WAIT, () -> local.study().trials().size() >= 2);
            agent.stop();
            assertTrue(agent.awaitFinished(WAIT));
            assertTrue(line.writes().isEmpty());
            assertEquals(Trial.Status.FAILED, local.study().trial(1).status());
            assertTrue(local.study().trial(1).note().startsWith("not written: trial 1: 'melt_temperature' = 999.0"), local.study().trial(1).note());
        }
    }

    @Test
    void theLoopImprovesTheObjectiveOnASimulatedTask() throws Exception {
        ProcessFamily branin = Families.byName("branin");
        ProcessTask task = branin.sampleTask(new Rng(11));
        try (LineSimulator sim = new LineSimulator("line-b", task, LineSimulator.Config.defaults(11).withWearPerCycle(0), java.time.Clock.systemUTC())) {
            StudySpec spec = SimSpecs.of(branin, "branin-loop", 4, 3);
            LocalStudyGateway gateway = new LocalStudyGateway(new Study(spec, new GpSurrogate(3)));
            Map<String, ApprovalPolicy.Range> whole = new LinkedHashMap<>();
            branin.parameters().forEach(p -> whole.put(p.name(), new ApprovalPolicy.Range(p.lower(), p.upper())));
            LineAgent agent = new LineAgent(gateway, new FakeLine(sim), LineAgent.Config.of(ApprovalPolicy.autoWithin(whole), dir.resolve("b.log"))
                    .withMaxRuns(16).withTimes(Duration.ofMillis(10), Duration.ofSeconds(10), Duration.ofMillis(10)), null);
            agent.run();
            List<Trial> trials = gateway.study().trials();
            String obj = spec.objective().outcome();
            double optimum = task.optimum().outcomes().get(obj);
            double initialBest = trials.subList(0, 4).stream().mapToDouble(t -> task.expected(t.settings()).get(obj)).max().orElseThrow();
            double finalBest = trials.stream().mapToDouble(t -> task.expected(t.settings()).get(obj)).max().orElseThrow();
            double initialRegret = optimum - initialBest, finalRegret = optimum - finalBest;
            System.out.printf("branin loop: regret after 4 random runs %.4f, after 16 runs %.4f%n", initialRegret, finalRegret);
            assertTrue(finalRegret < 0.5 * initialRegret, "regret " + initialRegret + " -> " + finalRegret);
        }
    }
}
