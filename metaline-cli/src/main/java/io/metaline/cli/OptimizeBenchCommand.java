package io.metaline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaline.cli.optimize.AskLatency;
import io.metaline.cli.optimize.Method;
import io.metaline.cli.optimize.OptimizeBench;
import io.metaline.cli.optimize.OptimizeBenchReport;
import io.metaline.cli.plot.RegretCurvePlot;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metaline bench optimize}: black-box and process optimisation with transfer (BENCHMARKS.md sections 4-5). */
@Command(
        name = "optimize",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Process optimisation with transfer: regret of every method (BENCHMARKS.md sections 4-5).",
            "Closed-loop optimisation of fresh simulated tasks (BENCHMARKS.md sections",
            "4-5) by random search, GP-EI, a naive warm start, RGPE and the meta-learned",
            "surrogate; transfer is learnt from 50 source tasks of generated history.",
            "Reports median simple regret after 5, 10 and 30 trials, trials-to-target,",
            "hard-limit violations and the largest move over the max step.",
            "The default, --tasks 100, is the full protocol (about 12 minutes on 2 cores);",
            "--tasks 20 is quicker and noisier."})
public final class OptimizeBenchCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--families", split = ",", paramLabel = "NAME", order = 1,
            description = "Families (default: branin,goldstein_price,hartmann3,injection_moulding,reflow_soldering,cnc_machining).")
    List<String> families = OptimizeBench.DEFAULT_FAMILIES;

    @Option(names = "--methods", split = ",", paramLabel = "NAME", order = 2,
            description = "Methods (default: random,gp_ei,warm_start,rgpe,meta).")
    List<String> methods = Method.keys();

    @Option(names = "--tasks", defaultValue = "100", paramLabel = "N", order = 3,
            description = "Test tasks per family (default: ${DEFAULT-VALUE}, the full protocol).")
    int tasks;

    @Option(names = "--trials", defaultValue = "30", paramLabel = "N", order = 4,
            description = "Trials per study (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--prior-iterations", paramLabel = "N", order = 5,
            description = "Meta-training iterations per outcome of the prior (default: MetaPrior's, 3000).")
    Integer priorIterations;

    @Option(names = "--safe", negatable = true, defaultValue = "true", fallbackValue = "true", order = 6,
            description = "Run model-based methods in safe mode on families with hard limits (default: on; --no-safe: off).")
    boolean safe;

    @Option(names = "--threads", paramLabel = "N", order = 7,
            description = "Studies run in parallel (default: all cores, ${DEFAULT-VALUE}); results do not depend on it.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", order = 8, description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", order = 9, description = "Print one JSON object keyed by family, then by method.")
    boolean json;

    @Option(names = "--write-docs", order = 10,
            description = "Write the section into docs/benchmarks.md and the plot to docs/img/bench-optimize.png.")
    boolean writeDocs;

    @Option(names = "--no-latency", order = 11, description = "Skip the ask() latency measurement.")
    boolean noLatency;

    @Option(names = "--prior-cache", paramLabel = "DIR", order = 12, description = {
            "Keep each family's trained prior in DIR and reuse it in later runs with the same seed and",
            "iterations (the report then lists the prior as loaded, not its training time)."})
    java.nio.file.Path priorCache;

    @Override
    public Integer call() throws Exception {
        return UserErrors.run(spec, this::run);
    }

    private Integer run() throws Exception {
        List<Method> ms = methods.stream().map(Method::of).toList();
        OptimizeBench.Settings settings = new OptimizeBench.Settings(families, ms, tasks, trials, priorIterations, threads, seed, safe, priorCache);
        Map<String, OptimizeBench.FamilyResult> results;
        try (PhaseProgressBar bar = new PhaseProgressBar("")) {
            results = new OptimizeBench(settings).run(bar);
        }
        AskLatency.Millis askMillis = noLatency ? null : AskLatency.measure(seed);

        Path home = ProjectHome.get();
        Path png = writeDocs ? home.resolve("docs/img/bench-optimize.png") : home.resolve(".metaline/bench/bench-optimize.png");
        Map<String, Map<String, double[]>> curves = new LinkedHashMap<>();
        results.forEach((family, r) -> {
            Map<String, double[]> m = new LinkedHashMap<>();
            r.methods().forEach((method, c) -> m.put(method.key(), c.medianRegret()));
            curves.put(family, m);
        });
        RegretCurvePlot.write(png, curves);
        String report = OptimizeBenchReport.markdown(results, settings, askMillis, writeDocs ? "img/bench-optimize.png" : png.toString(), writeDocs);
        PrintWriter out = spec.commandLine().getOut();
        if (json) out.println(new ObjectMapper().writeValueAsString(OptimizeBenchReport.json(results)));
        else out.println(report);
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        err.println("Wrote " + png);
        if (writeDocs) {
            Path doc = home.resolve("docs/benchmarks.md");
            new BenchmarksDoc(doc).replaceSection("optimize", "## 4-5. Process optimisation with transfer\n\n" + report);
            err.println("Wrote " + doc);
        }
        err.flush();
        return 0;
    }
}
