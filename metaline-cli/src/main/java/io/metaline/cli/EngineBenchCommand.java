package io.metaline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaline.cli.bench.EngineBench;
import io.metaline.cli.bench.EngineBenchReport;
import io.metaline.cli.bench.TorchReference;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code metaline bench engine}: autodiff engine speed beside the PyTorch reference (BENCHMARKS.md section 1). */
@Command(
        name = "engine",
        mixinStandardHelpOptions = true,
        description = {
            "Engine speed: one MAML meta-step beside PyTorch (BENCHMARKS.md section 1).",
            "Time one MAML meta-step on sine regression (25 tasks, K=10, one inner step, Adam), first and second order,",
            "nets 1-40-40-1 and 1-256-256-1, one thread and all cores, beside PyTorch when Debian's python3 has torch.",
            "Also checks that both engines give the same first meta-gradient at a fixed initialisation."})
public final class EngineBenchCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print the figures as one JSON object on standard output.")
    boolean json;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for the all-cores runs (default: ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "30", description = "Warm-up meta-steps per configuration (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "100", description = "Timed meta-steps per configuration (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--seed", defaultValue = "0", description = "Seed for initialisation and tasks (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-torch", description = "Skip the PyTorch reference.")
    boolean noTorch;

    @Option(names = "--python", paramLabel = "PATH", defaultValue = "/usr/bin/python3",
            description = "Python interpreter with torch (default: ${DEFAULT-VALUE}).")
    Path python;

    @Option(names = "--write-docs", description = "Write the figures into docs/benchmarks.md.")
    boolean writeDocs;

    @Override
    public Integer call() throws Exception {
        EngineBench bench = new EngineBench(EngineBench.Protocol.SECTION_1,
                new EngineBench.Settings(warmup, iterations, threads, seed));
        Optional<TorchReference> torch = Optional.empty();
        if (!noTorch) {
            TorchReference ref = new TorchReference(python, ProjectHome.get().resolve("bench/torch_maml_sine.py"));
            Optional<String> why = ref.unavailable();
            if (why.isPresent()) System.err.println("PyTorch reference skipped: " + why.get());
            else torch = Optional.of(ref);
        }
        Map<String, Object> figures;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("MetaLine meta-steps")
                .setInitialMax(bench.javaSteps()).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build()) {
            figures = bench.measure(bar::stepBy);
        }
        bench.compare(figures, torch);
        String report = EngineBenchReport.markdown(figures);
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(figures));
        } else {
            System.out.println(report);
        }
        if (writeDocs) {
            Path doc = ProjectHome.get().resolve("docs/benchmarks.md");
            new BenchmarksDoc(doc).replaceSection("engine", "## 1. Engine speed (BENCHMARKS.md section 1)\n\n" + report);
            System.err.println("Wrote " + doc);
        }
        return 0;
    }
}
