package io.metaline.connect.opcua;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.connect.loop.AgentListener;
import io.metaline.connect.loop.AgentProgress;
import io.metaline.connect.loop.Approval;
import io.metaline.connect.loop.ApprovalPolicy;
import io.metaline.connect.loop.LineAgent;
import io.metaline.connect.loop.LocalStudyGateway;
import io.metaline.connect.mapping.ConventionMappings;
import io.metaline.connect.mapping.LineMapping;
import io.metaline.connect.mapping.MappingException;
import io.metaline.connect.mapping.MappingValidator;
import io.metaline.connect.mapping.TagMapping;
import io.metaline.connect.plant.SimulatedPlant;
import io.metaline.connect.testing.Await;
import io.metaline.connect.testing.CountingGateway;
import io.metaline.connect.testing.SimSpecs;
import io.metaline.connect.testing.TcpProxy;
import io.metaline.optimize.GpSurrogate;
import io.metaline.optimize.Study;
import io.metaline.optimize.StudySpec;
import io.metaline.optimize.Trial;
import io.metaline.sim.Families;
import io.metaline.sim.Outcome;
import io.metaline.sim.line.CycleListener;
import io.metaline.sim.line.CycleResult;
import io.metaline.sim.line.LineSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OPC UA connector and the line agent against the simulated plant's embedded Milo server. */
class OpcUaLineConnectionTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static SimulatedPlant plant;
    private static final Map<Long, CycleResult> cycles = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        // Real time at 50 ms per cycle: fast, but cycles run while the client reads, as on a real line.
        plant = SimulatedPlant.start(SimulatedPlant.Config.realTime(
                new SimulatedPlant.LineSpec("im-1", "injection_moulding", LineSimulator.Config.defaults(5).withSpeed(40).withWearPerCycle(0)),
                new SimulatedPlant.LineSpec("im-2", "injection_moulding", LineSimulator.Config.defaults(6).withSpeed(40).withWearPerCycle(0))));
        plant.line("im-2").addListener((CycleListener) r -> cycles.put(r.cycle(), r));
    }

    @AfterAll
    static void stop() {
        if (plant != null) plant.close();
    }

    private static StudySpec spec(String name) {
        return SimSpecs.of(Families.byName("injection_moulding"), name, 30, 3);
    }

    private static Map<String, String> outcomeUnits() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Outcome o : Families.byName("injection_moulding").outcomes()) m.put(o.name(), o.unit());
        return m;
    }

    private static Map<String, ApprovalPolicy.Range> wholeSpace() {
        Map<String, ApprovalPolicy.Range> m = new LinkedHashMap<>();
        Families.byName("injection_moulding").parameters().forEach(p -> m.put(p.name(), new ApprovalPolicy.Range(p.lower(), p.upper())));
        return m;
    }

    @Test
    void everyLiveMismatchIsReportedAtOnce() {
        StudySpec spec = spec("live-check");
        LineMapping good = ConventionMappings.opcua("im-1", plant.endpoints().opcUaUrl(), spec, outcomeUnits());
        MappingValidator.requireValid(good, spec);
        try (OpcUaLineConnection ok = new OpcUaLineConnection(good)) {
            assertDoesNotThrow(ok::open);
        }
        Map<String, TagMapping> params = new LinkedHashMap<>(good.parameters());
        params.put("melt_temperature", TagMapping.opcua("im-1/setpoints/melt_temp", "double", "°C"));        // unknown node
        params.put("cooling_time", TagMapping.opcua("im-1/outcomes/cycle_time", "double", "s"));             // read-only
        Map<String, TagMapping> outcomes = new LinkedHashMap<>(good.outcomes());
        outcomes.put("clamp_force", TagMapping.opcua("im-1/state/product", "double", "kN"));                 // a String node
        outcomes.put("cost_per_part", TagMapping.opcua("im-1/outcomes/cost_per_part", "double", "$"));       // the unit is €
        LineMapping bad = new LineMapping("im-1", good.source(), params, outcomes, good.context());
        MappingException e = assertThrows(MappingException.class, () -> {
            try (OpcUaLineConnection c = new OpcUaLineConnection(bad)) {
                c.open();
            }
        });
        assertEquals(4, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("parameters.melt_temperature: unknown tag"), e.getMessage());
        assertTrue(e.getMessage().contains("outcomes.cost_per_part: unit mismatch: the source gives node 'im-1/outcomes/cost_per_part' in '€', the mapping declares '$'"), e.getMessage());
        assertTrue(e.getMessage().contains("parameters.cooling_time: node 'im-1/outcomes/cycle_time' is not writable"), e.getMessage());
        assertTrue(e.getMessage().contains("outcomes.clamp_force: wrong data type: node 'im-1/state/product' is string"), e.getMessage());
    }

    @Test
    void aSuggestionReachesTheLineOnlyAfterApproval() throws Exception {
        StudySpec spec = spec("approval-opcua");
        LineMapping mapping = ConventionMappings.opcua("im-1", plant.endpoints().opcUaUrl(), spec, outcomeUnits());
        LocalStudyGateway gateway = new LocalStudyGateway(new Study(spec, new GpSurrogate(3)));
        LineSimulator line = plant.line("im-1");
        Map<String, Double> before = line.setpoints();
        try (OpcUaLineConnection c = new OpcUaLineConnection(mapping)) {
            LineAgent agent = new LineAgent(gateway, c, LineAgent.Config.of(ApprovalPolicy.manual(), dir.resolve("j.log"))
                    .withMaxRuns(1).withTimes(Duration.ofMillis(20), WAIT, Duration.ofMillis(100)), null);
            agent.start();
            Await.until("trial 1 is asked", WAIT, () -> gateway.study().trials().size() == 1);
            Thread.sleep(300); // several cycles: a wrong agent would have written by now
            assertEquals(before, line.setpoints(), "the plant's setpoints before approval");
            assertEquals(Approval.PENDING, gateway.approval(1));

            gateway.approve(1);
            assertTrue(agent.awaitFinished(WAIT));
            assertTrue(agent.failure().isEmpty(), () -> agent.failure().get().toString());
            Trial t = gateway.study().trial(1);
            assertEquals(Trial.Status.COMPLETED, t.status());
            assertEquals(t.settings(), Map.copyOf(line.setpoints()), "the plant's setpoints after approval");
        }
    }

    @Test
    void outcomesBecomeResultsExactlyOnceAcrossDroppedConnectionsAndAClosedSession() throws Exception {
        StudySpec spec = spec("reconnect-opcua");
        try (TcpProxy proxy = new TcpProxy(plant.endpoints().opcUaPort())) {
            String viaProxy = "opc.tcp://127.0.0.1:" + proxy.port() + "/metaline";
            LineMapping mapping = ConventionMappings.opcua("im-2", viaProxy, spec, outcomeUnits());
            CountingGateway gateway = new CountingGateway(new LocalStudyGateway(new Study(spec, new GpSurrogate(3))));
            List<AgentProgress> told = new CopyOnWriteArrayList<>();
            try (OpcUaLineConnection c = new OpcUaLineConnection(mapping)) {
                LineAgent agent = new LineAgent(gateway, c, LineAgent.Config.of(ApprovalPolicy.autoWithin(wholeSpace()), dir.resolve("j.log"))
                        .withMaxRuns(5).withTimes(Duration.ofMillis(20), WAIT, Duration.ofMillis(200)), new AgentListener() {
                            @Override
                            public void written(int trialId, Map<String, Double> settings) {
                                if (trialId % 2 == 0) proxy.dropConnections(); // mid-run: setpoints written, outcomes not yet read
                                if (trialId == 3) {
                                    try {
                                        c.closeSession(); // as after a server restart: a new session, subscriptions gone
                                    } catch (Exception e) {
                                        throw new IllegalStateException(e);
                                    }
                                }
                            }

                            @Override
                            public void told(AgentProgress p) {
                                told.add(p);
                            }
                        });
                agent.run();
                assertEquals(5, agent.runs());
                assertTrue(proxy.drops() >= 2);
            }
            assertEquals(5, gateway.tells.size());
            gateway.tells.forEach((id, n) -> assertEquals(1, n.get(), "trial " + id + " told " + n.get() + " times"));
            long previous = 0;
            for (AgentProgress p : told) {
                CycleResult r = cycles.get(p.cycle());
                assertEquals(Map.copyOf(p.settings()), Map.copyOf(r.settings()), "cycle " + p.cycle() + " ran the trial's settings");
                for (var e : p.outcomes().entrySet()) assertEquals(r.outcomes().get(e.getKey()), e.getValue(), e.getKey());
                assertTrue(p.cycle() > previous, "each result from its own, later cycle");
                previous = p.cycle();
            }
        }
    }
}
