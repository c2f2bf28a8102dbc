package io.metaline.cli.demo;

import io.metaline.cli.optimize.SimStudies;
import io.metaline.connect.loop.AgentListener;
import io.metaline.connect.loop.AgentProgress;
import io.metaline.connect.loop.ApprovalPolicy;
import io.metaline.connect.loop.HttpStudyGateway;
import io.metaline.connect.loop.LineAgent;
import io.metaline.connect.loop.ServerLineReporter;
import io.metaline.connect.mapping.ConventionMappings;
import io.metaline.connect.opcua.OpcUaLineConnection;
import io.metaline.connect.plant.SimulatedPlant;
import io.metaline.optimize.ParameterSpec;
import io.metaline.optimize.StudySpec;
import io.metaline.optimize.Suggestion;
import io.metaline.optimize.Trial;
import io.metaline.server.http.MetaLineHttpServer;
import io.metaline.server.service.DatasetInfo;
import io.metaline.server.service.IssuedToken;
import io.metaline.server.service.JobStatus;
import io.metaline.server.service.MetaLineServices;
import io.metaline.server.service.ModelInfo;
import io.metaline.server.service.Principal;
import io.metaline.server.service.Role;
import io.metaline.server.service.ServerConfig;
import io.metaline.server.service.StudyInfo;
import io.metaline.server.service.TrainRequest;
import io.metaline.sim.Families;
import io.metaline.sim.History;
import io.metaline.sim.Optimum;
import io.metaline.sim.Outcome;
import io.metaline.sim.Parameter;
import io.metaline.sim.ProcessFamily;
import io.metaline.sim.ProcessTask;
import io.metaline.sim.line.CycleResult;
import io.metaline.sim.line.LineSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The production-line demonstration, everything embedded: a simulated injection-moulding line served over OPC UA and
 * MQTT, the MetaLine server (H2 in the demo folder) with its dashboard, a meta-learned prior trained on the history
 * of earlier products, a changeover to a new product, and the closed loop (suggest, approve, write setpoints, run,
 * read outcomes, tell) driven by a {@link LineAgent} over OPC UA and the REST API, exactly as at a real line.
 *
 * <p>Lifecycle: {@link #start} brings everything up and trains the prior; {@link #run} runs the loop to its end;
 * {@link #close} stops everything (also from a shutdown hook). Not thread-safe apart from {@link #close}.
 */
public final class LineDemo implements AutoCloseable {
    /** The demo's site: every token and record of the demo belongs to it. */
    public static final String SITE = "demo";

    /**
     * How the demo runs.
     *
     * @param family          process family of the line
     * @param line            the line's id
     * @param runs            runs of the closed loop
     * @param seed            seed of the history, the training, the study and the line
     * @param productSeed     seed of the new product the line changes over to (not among the history's products)
     * @param trainIterations meta-training iterations of the prior
     * @param host            where the server listens
     * @param port            its port (0: a free one)
     * @param fastForward     run cycles as soon as new setpoints arrive instead of on the line's clock
     * @param cyclePeriod     the line's cycle time when not fast-forwarding
     * @param manualApproval  every suggestion waits for an operator's approval on the dashboard
     * @param dataDir         the demo's one folder (database, journal); emptied at start
     */
    public record Settings(String family, String line, int runs, long seed, long productSeed, int trainIterations,
                           String host, int port, boolean fastForward, Duration cyclePeriod, boolean manualApproval,
                           Path dataDir) {
        public Settings {
            if (runs < 1) throw new IllegalArgumentException("--runs must be >= 1, got " + runs);
            if (trainIterations < 1) throw new IllegalArgumentException("--train-iterations must be >= 1, got " + trainIterations);
            if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be 0..65535, got " + port);
        }
    }

    /** What the demo reports as it goes. */
    public interface Listener {
        default void message(String text) {}

        default void training(double progress) {}

        default void run(int run, Map<String, Double> settings, double objective, double bestTrue, double gap) {}
    }

    /**
     * The outcome of a demo: runs told, the gap of the study's recommended settings to the product's true optimum,
     * hard-limit violations, time.
     */
    public record Result(int runs, double finalGap, int violations, double seconds, double optimum, double best,
                         Map<String, Double> bestSettings) {}

    private final Settings settings;
    private final Listener listener;
    private final ProcessFamily family;
    private final List<AutoCloseable> open = new ArrayList<>();
    private SimulatedPlant plant;
    private MetaLineHttpServer server;
    private StudySpec spec;
    private String studyId;
    private String operatorSecret;
    private String adminSecret;
    private LineAgent agent;
    private final AtomicInteger violations = new AtomicInteger();
    private volatile boolean closed;

    public LineDemo(Settings settings, Listener listener) {
        this.settings = settings;
        this.listener = listener;
        this.family = Families.byName(settings.family());
        for (Parameter p : family.parameters()) {
            if (p.kind() == Parameter.Kind.CATEGORICAL) {
                throw new IllegalArgumentException("--family " + family.name() + ": parameter '" + p.name()
                        + "' is categorical, and the demo's meta-learned prior takes numeric settings only; "
                        + "use injection_moulding or reflow_soldering");
            }
        }
    }

    /** The dashboard's address, once started. */
    public String dashboard() {
        return server.uri() + "/study.html?id=" + studyId;
    }

    /** The administrator token of the demo site, once started. */
    public String adminToken() {
        return adminSecret;
    }

    public String studyId() {
        return studyId;
    }

    /** Starts the plant and the server, meta-trains the prior on earlier products and changes the line over. */
    public void start() throws Exception {
        Path dir = settings.dataDir();
        deleteRecursively(dir);
        Files.createDirectories(dir);

        LineSimulator.Config lineConfig = new LineSimulator.Config(settings.cyclePeriod(), 1.0, settings.seed(), 1);
        plant = SimulatedPlant.start(new SimulatedPlant.Config(
                List.of(new SimulatedPlant.LineSpec(settings.line(), family.name(), lineConfig)), 0, 0, !settings.fastForward()));
        open.add(plant);
        LineSimulator sim = plant.line(settings.line());
        sim.addListener(this::countViolation);
        listener.message("Plant: line " + settings.line() + " (" + family.name() + ") on " + plant.endpoints().opcUaUrl()
                + " (OPC UA) and " + plant.endpoints().mqttUri() + " (MQTT)");

        server = MetaLineHttpServer.start(ServerConfig.embedded(dir.resolve("server")), settings.host(), settings.port());
        open.add(server);
        MetaLineServices services = server.services();
        IssuedToken admin = services.tokens().issue(Role.ADMIN, SITE, "demo administrator");
        IssuedToken operator = services.tokens().issue(Role.OPERATOR, SITE, "demo line agent");
        adminSecret = admin.secret();
        operatorSecret = operator.secret();
        Principal who = services.tokens().authenticate(adminSecret).orElseThrow();
        listener.message("Server: " + server.uri() + " (data in " + dir + ")");

        // The study: the family's parameters, bounds, max steps and limits, and the product's context variables
        // (material, geometry, ambient) that the line reports; safe mode from the known-safe settings.
        spec = SimStudies.studySpec(family, "changeover " + settings.line(), true, 0, List.of(), settings.seed());

        History history = SimStudies.generateHistory(family, settings.seed());
        DatasetInfo dataset = services.datasets().add(who, family.name() + " history", "task", history.toCsv());
        listener.message("History: " + dataset.rows() + " runs of " + dataset.tasks() + " earlier products");

        List<String> inputs = new ArrayList<>(spec.space().names());
        spec.space().context().forEach(c -> inputs.add(c.name()));
        // The objective and limits too, so that the prior also learns the cost over the limited outcomes.
        ModelInfo model = services.models().train(who, new TrainRequest(dataset.id(), inputs, spec.outcomes(), "maml",
                settings.seed(), settings.trainIterations(), spec.objective().outcome(), spec.constraints()));
        while (model.status() == JobStatus.QUEUED || model.status() == JobStatus.RUNNING) {
            listener.training(model.progress());
            model = services.models().await(who, model.id(), Duration.ofMillis(500));
        }
        if (model.status() != JobStatus.SUCCEEDED) throw new IllegalStateException("meta-training failed: " + model.error());
        listener.training(1.0);
        listener.message("Prior: model " + model.id() + " meta-trained (" + model.algorithm() + ", " + settings.trainIterations()
                + " iterations)");

        ProcessTask product = plant.changeover(settings.line(), settings.productSeed());
        listener.message("Changeover: line " + settings.line() + " now runs new product " + product.id());

        StudyInfo study = services.studies().create(who, spec, model.id());
        studyId = study.id();
    }

    /** Runs the closed loop until {@link Settings#runs} results are in (or {@link #close}). */
    public Result run() throws Exception {
        long t0 = System.nanoTime();
        LineSimulator sim = plant.line(settings.line());
        HttpStudyGateway gateway = new HttpStudyGateway(server.uri(), operatorSecret, studyId, spec);
        Map<String, String> units = new LinkedHashMap<>();
        for (Outcome o : family.outcomes()) units.put(o.name(), o.unit());
        OpcUaLineConnection connection = new OpcUaLineConnection(
                ConventionMappings.opcua(settings.line(), plant.endpoints().opcUaUrl(), spec, units));
        open.add(connection::close);

        Map<String, ApprovalPolicy.Range> envelope = new LinkedHashMap<>();
        for (ParameterSpec p : spec.space().parameters()) envelope.put(p.name(), new ApprovalPolicy.Range(p.lower(), p.upper()));
        ApprovalPolicy approval = settings.manualApproval() ? ApprovalPolicy.manual() : ApprovalPolicy.autoWithin(envelope);
        LineAgent.Config config = LineAgent.Config.of(approval, settings.dataDir().resolve("agent-journal.log"))
                .withMaxRuns(settings.runs())
                .withTimes(Duration.ofMillis(200), Duration.ofMinutes(2), Duration.ofMillis(500));

        agent = new LineAgent(gateway, connection, config, new AgentListener() {
            @Override
            public void suggested(Suggestion s, boolean autoApproved) {
                if (!autoApproved) listener.message("Trial " + s.trialId() + " waits for approval on the dashboard");
            }

            @Override
            public void written(int trialId, Map<String, Double> written) {
                // Fast-forward: the line runs one cycle as soon as the whole set of setpoints is in, so a run costs
                // exactly one cycle and the same seed gives the same demo.
                if (settings.fastForward()) plant.runCycle(settings.line());
            }

            private final ServerLineReporter reporter = new ServerLineReporter(gateway);

            @Override
            public void told(AgentProgress p) {
                reporter.told(p);
                double objective = p.outcomes().get(spec.objective().outcome());
                Map<String, Double> best = gateway.recommended().map(Trial::settings).orElse(p.settings());
                listener.run(p.runs(), p.settings(), objective, trueObjective(sim, best), gap(sim, best));
            }

            @Override
            public void failed(int trialId, String reason) {
                listener.message("Trial " + trialId + " failed: " + reason);
            }
        });
        reportStart(gateway, sim);
        agent.run();

        // The recommendation, not the best measured run: with noisy measurements that is often just the luckiest.
        Trial best = gateway.recommended().orElse(null);
        Map<String, Double> bestSettings = best == null ? sim.setpoints() : best.settings();
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(agent.runs(), gap(sim, bestSettings), violations.get(), seconds, optimum(sim).value(),
                trueObjective(sim, bestSettings), bestSettings);
    }

    /** Cycles the line ran past a hard limit (the simulator's own verdict, not the model's). */
    private void countViolation(CycleResult c) {
        if (c.hardLimitViolated() && c.cycle() >= 1) violations.incrementAndGet();
    }

    /** The line on the dashboard's lines page before its first run; after each run the agent's reporter does it. */
    private void reportStart(HttpStudyGateway gateway, LineSimulator sim) {
        try {
            gateway.reportLine(settings.line(), sim.product().id(), "running", sim.cycle(), sim.setpoints(),
                    sim.lastResult().map(CycleResult::outcomes).orElse(Map.of()));
        } catch (RuntimeException e) {
            listener.message("Could not report the line's state: " + e.getMessage());
        }
    }

    /** The product as it runs now (with the machine's wear), whose optimum the study chases. */
    private static ProcessTask current(LineSimulator sim) {
        return sim.product().drifted((int) Math.min(Integer.MAX_VALUE, sim.wear()));
    }

    private static Optimum optimum(LineSimulator sim) {
        return current(sim).optimum();
    }

    private double trueObjective(LineSimulator sim, Map<String, Double> settings) {
        return current(sim).expected(settings).get(spec.objective().outcome());
    }

    /** How far the true objective at {@code settings} is from the optimum, relative to the optimum's size. */
    private double gap(LineSimulator sim, Map<String, Double> settings) {
        double opt = optimum(sim).value(), value = trueObjective(sim, settings);
        if (spec.objective().direction().better(value, opt)) return 0;
        return Math.abs(opt - value) / Math.max(Math.abs(opt), 1e-12);
    }

    /** Stops the loop, the server and the plant. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (agent != null) agent.stop();
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                listener.message("While shutting down: " + e.getMessage());
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
