package io.metaline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaline.cli.demo.LineDemo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metaline demo}: a production line changes over to a new product and MetaLine brings it to its best settings,
 * live, with everything embedded (see {@link LineDemo}); by default 100 runs, after which the default product's
 * recommended settings are within 2% of its optimum (shown by {@code LineDemoTest}).
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        subcommands = SineDemoCommand.class,
        description = {
            "A simulated line changes over to a new product; MetaLine brings it to its",
            "best settings, live. Starts an injection-moulding line (OPC UA and MQTT),",
            "the server with its dashboard (H2 in one folder), meta-trains a prior on",
            "earlier products, changes the line over and runs the closed loop: suggest,",
            "write the setpoints, run a cycle, read the outcomes, learn. Prints the",
            "dashboard address and a token; keeps serving after the loop until Ctrl-C.",
            "`demo sine` shows meta-learning on its own."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--runs", defaultValue = "100", description = "Runs of the closed loop (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--family", defaultValue = "injection_moulding",
            description = "Process family of the line: injection_moulding or reflow_soldering (default: ${DEFAULT-VALUE}).")
    String family;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of history, training, study and line (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--product", defaultValue = "2026", description = "Seed of the new product (default: ${DEFAULT-VALUE}).")
    long product;

    @Option(names = "--train-iterations", defaultValue = "1500",
            description = "Meta-training iterations of the prior (default: ${DEFAULT-VALUE}).")
    int trainIterations;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address the dashboard listens on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Dashboard port, 0 for a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--cycle-seconds", defaultValue = "1.0", description = "The line's cycle time (default: ${DEFAULT-VALUE} s).")
    double cycleSeconds;

    @Option(names = "--fast-forward", description = "Run a cycle as soon as new setpoints arrive instead of on the line's clock.")
    boolean fastForward;

    @Option(names = "--headless", description = "Stop when the loop ends instead of serving the dashboard until Ctrl-C.")
    boolean headless;

    @Option(names = "--manual-approval", description = "Every suggestion waits for an operator's Approve on the dashboard.")
    boolean manualApproval;

    @Option(names = "--json", description = "Print one JSON object at the end: runs, final_gap, violations, seconds.")
    boolean json;

    @Option(names = "--data-dir", description = "The demo's folder, emptied at start (default: .metaline/demo in the MetaLine folder).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        if (!(cycleSeconds > 0) || cycleSeconds > 3600) throw new IllegalArgumentException("--cycle-seconds must be in (0, 3600], got " + cycleSeconds);
        Path dir = dataDir != null ? dataDir : ProjectHome.get().resolve(".metaline/demo");
        LineDemo.Settings settings = new LineDemo.Settings(family, "line-1", runs, seed, product, trainIterations, host, port,
                fastForward, Duration.ofMillis(Math.round(cycleSeconds * 1000)), manualApproval, dir);
        ConsoleListener listener = new ConsoleListener(json);
        LineDemo demo = new LineDemo(settings, listener);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            demo.close();
            stopped.countDown();
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            demo.start();
            listener.trainingDone();
            listener.message("Dashboard: " + demo.dashboard());
            listener.message("Token (administrator, site " + LineDemo.SITE + "): " + demo.adminToken());
            LineDemo.Result r = demo.run();
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("runs", r.runs());
                out.put("final_gap", r.finalGap());
                out.put("violations", r.violations());
                out.put("seconds", r.seconds());
                out.put("optimum", r.optimum());
                out.put("best", r.best());
                out.put("best_settings", r.bestSettings());
                System.out.println(new ObjectMapper().writeValueAsString(out));
            } else {
                System.out.printf(Locale.ROOT, "%nDone: %d runs in %.0f s. The recommended settings reach %.4g against the new product's "
                                + "optimum %.4g: a gap of %.2f%%. Hard-limit violations: %d.%n",
                        r.runs(), r.seconds(), r.best(), r.optimum(), 100 * r.finalGap(), r.violations());
            }
            if (!headless) {
                System.out.println((fastForward ? "The dashboard stays up: " : "The line keeps running and the dashboard stays up: ")
                        + demo.dashboard());
                System.out.println("Press Ctrl-C to stop.");
                stopped.await();
            }
        } finally {
            if (headless || stopped.getCount() > 0) {
                demo.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Already shutting down: the hook runs and closes the demo again, harmlessly.
                }
            }
        }
        return 0;
    }

    /** Prints the demo's progress: to stderr with --json (stdout holds only the JSON), else to stdout. */
    private static final class ConsoleListener implements LineDemo.Listener {
        private final java.io.PrintStream out;
        private ProgressBar bar;

        ConsoleListener(boolean json) {
            this.out = json ? System.err : System.out;
        }

        @Override
        public void message(String text) {
            out.println(text);
        }

        @Override
        public synchronized void training(double progress) {
            if (bar == null) {
                bar = new ProgressBarBuilder().setTaskName("meta-training the prior").setInitialMax(1000)
                        .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
            }
            bar.stepTo(Math.round(progress * 1000));
        }

        synchronized void trainingDone() {
            if (bar != null) bar.close();
            bar = null;
        }

        @Override
        public void run(int run, Map<String, Double> settings, double objective, double bestTrue, double gap) {
            out.printf(Locale.ROOT, "run %2d: measured %.4g; the recommended settings are %.2f%% from the optimum%n", run, objective, 100 * gap);
        }
    }
}
