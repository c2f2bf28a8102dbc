package io.metaline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaline.connect.LineConnections;
import io.metaline.connect.loop.AgentListener;
import io.metaline.connect.loop.AgentProgress;
import io.metaline.connect.loop.ApprovalPolicy;
import io.metaline.connect.loop.HttpStudyGateway;
import io.metaline.connect.loop.LineAgent;
import io.metaline.connect.loop.LineConnection;
import io.metaline.connect.loop.ServerLineReporter;
import io.metaline.connect.mapping.LineMapping;
import io.metaline.optimize.ParameterSpec;
import io.metaline.optimize.StudySpec;
import io.metaline.optimize.Suggestion;
import io.metaline.server.http.JsonInput;
import io.metaline.server.http.StudySpecJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metaline agent}: connects one real line to a study on a MetaLine server and runs the closed loop: ask,
 * wait for approval, write the setpoints over OPC UA or MQTT, read the outcomes of the cycle that ran them, tell.
 */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        description = {
            "Connect a line (OPC UA or MQTT, per a mapping file) to a study on a MetaLine server and run the loop.",
            "Each suggestion waits for an operator's approval on the dashboard, unless --auto-approve declares an",
            "envelope in which the agent may approve itself. Results are told exactly once, across reconnects and",
            "restarts (a journal file). Ctrl-C stops after failing the trial in flight."})
public final class AgentCommand implements Callable<Integer> {

    @Option(names = "--mapping", required = true, paramLabel = "FILE", description = "The line's mapping file (JSON).")
    Path mapping;

    @Option(names = "--server", defaultValue = "http://127.0.0.1:8080", description = "The MetaLine server (default: ${DEFAULT-VALUE}).")
    URI server;

    @Option(names = "--token", required = true, description = "An operator token of the study's site.")
    String token;

    @Option(names = "--study", required = true, description = "The study id.")
    String study;

    @Option(names = "--auto-approve", paramLabel = "NAME=LOW:HIGH", split = ",",
            description = "Approve suggestions whose every setting lies in these ranges; others wait for an operator. "
                    + "'all' approves anything within the study's bounds.")
    List<String> autoApprove;

    @Option(names = "--journal", paramLabel = "FILE", description = "The exactly-once journal (default: .metaline/agent-<line>-<study>.log).")
    Path journal;

    @Option(names = "--runs", defaultValue = "0", description = "Stop after this many results, 0 for never (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--run-timeout", defaultValue = "300", description = "Seconds to wait for a cycle that ran the setpoints (default: ${DEFAULT-VALUE}).")
    int runTimeout;

    @Override
    public Integer call() throws Exception {
        if (runs < 0) throw new IllegalArgumentException("--runs must be >= 0, got " + runs);
        if (runTimeout < 1) throw new IllegalArgumentException("--run-timeout must be >= 1 s, got " + runTimeout);
        LineMapping lineMapping = LineMapping.load(mapping);
        StudySpec spec = fetchSpec();
        ApprovalPolicy approval = approval(spec);
        LineConnection line = LineConnections.forMapping(lineMapping, spec);
        HttpStudyGateway gateway = new HttpStudyGateway(server, token, study, spec);
        Path journalFile = journal != null ? journal
                : ProjectHome.get().resolve(".metaline/agent-" + lineMapping.line() + "-" + study + ".log");
        LineAgent.Config config = LineAgent.Config.of(approval, journalFile).withMaxRuns(runs)
                .withTimes(null, Duration.ofSeconds(runTimeout), null);
        ServerLineReporter reporter = new ServerLineReporter(gateway);
        LineAgent agent = new LineAgent(gateway, line, config, new AgentListener() {
            @Override
            public void suggested(Suggestion s, boolean autoApproved) {
                System.out.println("trial " + s.trialId() + (autoApproved ? " approved within the envelope: " : " waits for approval: ")
                        + s.settings());
            }

            @Override
            public void rejected(int trialId) {
                System.out.println("trial " + trialId + " rejected by an operator");
            }

            @Override
            public void told(AgentProgress p) {
                reporter.told(p);
                String objective = spec.objective().outcome();
                System.out.printf(Locale.ROOT, "run %d (trial %d, cycle %d): %s = %.6g; best so far %s%n", p.runs(), p.trialId(),
                        p.cycle(), objective, p.outcomes().get(objective),
                        p.best().map(t -> String.format(Locale.ROOT, "%.6g (trial %d)", t.outcomes().get(objective), t.id())).orElse("none yet"));
            }

            @Override
            public void failed(int trialId, String reason) {
                System.out.println("trial " + trialId + " failed: " + reason);
            }
        });
        Thread hook = new Thread(() -> {
            agent.stop();
            try {
                agent.awaitFinished(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "agent-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("Line " + lineMapping.line() + " (" + lineMapping.source().kind() + ") on study " + study + " at " + server);
        agent.run();
        System.out.println("Stopped after " + agent.runs() + " results.");
        return 0;
    }

    /** The study's declaration, from the server: the agent checks the mapping and the approvals against it. */
    private StudySpec fetchSpec() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(server.resolve("/api/v1/studies/" + study))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<String> response;
        try {
            response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("cannot reach the MetaLine server at " + server + ": " + e.getMessage(), e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalArgumentException("study " + study + " at " + server + ": HTTP " + response.statusCode() + " " + response.body());
        }
        JsonNode spec = new ObjectMapper().readTree(response.body()).path("spec");
        if (spec.isMissingNode()) throw new IOException("the server's answer for study " + study + " has no 'spec'");
        return StudySpecJson.read(JsonInput.parse(spec.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private ApprovalPolicy approval(StudySpec spec) {
        if (autoApprove == null || autoApprove.isEmpty()) return ApprovalPolicy.manual();
        Map<String, ApprovalPolicy.Range> envelope = new LinkedHashMap<>();
        if (autoApprove.size() == 1 && autoApprove.get(0).equals("all")) {
            for (ParameterSpec p : spec.space().parameters()) envelope.put(p.name(), new ApprovalPolicy.Range(p.lower(), p.upper()));
            return ApprovalPolicy.autoWithin(envelope);
        }
        for (String entry : autoApprove) {
            int eq = entry.indexOf('='), colon = entry.indexOf(':', eq + 1);
            if (eq < 1 || colon < 0) throw new IllegalArgumentException("--auto-approve: expected NAME=LOW:HIGH, got '" + entry + "'");
            try {
                envelope.put(entry.substring(0, eq), new ApprovalPolicy.Range(Double.parseDouble(entry.substring(eq + 1, colon)),
                        Double.parseDouble(entry.substring(colon + 1))));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--auto-approve: '" + entry + "' has a bound that is not a number");
            }
        }
        return ApprovalPolicy.autoWithin(envelope);
    }
}
