package io.metaline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaline.cli.bench.SineBench;
import io.metaline.cli.bench.SineBenchReport;
import io.metaline.cli.bench.SineTorchReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code metaline bench sine}: the MAML paper's sine-regression table (BENCHMARKS.md section 2). */
@Command(
        name = "sine",
        mixinStandardHelpOptions = true,
        description = {
            "The MAML paper's sine-regression table (BENCHMARKS.md section 2).",
            "Meta-train MAML, first-order MAML, Reptile, Meta-SGD, ANIL and a pretrained baseline on sine regression",
            "(one model per K) and report the MSE on 600 new tasks after 1 and 10 adaptation steps, with 95%% CIs.",
            "The full protocol (70,000 iterations per model) takes minutes per model."})
public final class SineBenchCommand implements Callable<Integer> {

    @Option(names = "--k", split = ",", defaultValue = "10", paramLabel = "K",
            description = "Shots per task, one model each, e.g. 5,10,20 (default: ${DEFAULT-VALUE}).")
    List<Integer> ks;

    @Option(names = "--algos", split = ",", paramLabel = "NAME",
            description = "Algorithms to run (default: maml,fomaml,reptile,metasgd,anil,pretrained).")
    List<String> algorithms = SineBench.ALGORITHMS;

    @Option(names = "--iterations", defaultValue = "70000", description = "Meta-iterations per model (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--threads", description = "Worker threads (default: all cores, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--seed", defaultValue = "0", description = "Training seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print the results as one JSON object keyed by algorithm.")
    boolean json;

    @Option(names = "--write-docs", description = "Write the table into docs/benchmarks.md.")
    boolean writeDocs;

    @Option(names = "--torch", description = {
            "Also meta-train the PyTorch MAML reference (bench/torch_maml_sine_train.py, needs python3-torch) and",
            "evaluate it on the same tasks: a paired comparison row. Takes about 12 minutes per K on one core."})
    boolean torch;

    @Option(names = "--python", paramLabel = "PATH", defaultValue = "/usr/bin/python3",
            description = "Python interpreter with torch, for --torch (default: ${DEFAULT-VALUE}).")
    Path python;

    @Option(names = "--cells", paramLabel = "DIR", description = {
            "Keep each finished model's figures in DIR; a rerun with the same DIR (and --iterations, --seed) skips",
            "them, so an interrupted run continues where it stopped (their training times are those measured then)."})
    Path cells;

    @Option(names = "--export-eval-tasks", paramLabel = "FILE",
            description = "Only write the evaluation tasks of each K as JSON, so another implementation can be judged on exactly the same tasks.")
    Path exportEvalTasks;

    @Override
    public Integer call() throws Exception {
        for (int k : ks) if (k < 1) throw new IllegalArgumentException("--k: every K must be >= 1, got " + k);
        if (iterations < 1) throw new IllegalArgumentException("--iterations must be >= 1, got " + iterations);
        if (exportEvalTasks != null) {
            new ObjectMapper().writeValue(exportEvalTasks.toFile(), SineBench.evaluationTasksJson(ks));
            System.err.println("Wrote the evaluation tasks to " + exportEvalTasks);
            return 0;
        }
        SineTorchReference reference = null;
        if (torch) {
            reference = new SineTorchReference(python, ProjectHome.get().resolve("bench/torch_maml_sine_train.py"));
            Optional<String> why = reference.unavailable();
            if (why.isPresent()) throw new IllegalArgumentException("--torch: the PyTorch reference cannot run: " + why.get());
        }
        SineBench.Settings settings = new SineBench.Settings(ks, algorithms, iterations, threads, seed, cells);
        SineBench bench = new SineBench(settings);
        Map<String, Map<Integer, SineBench.Cell>> results;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("sine").setStyle(ProgressBarStyle.ASCII)
                .setInitialMax((long) iterations * ks.size() * algorithms.size())
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build()) {
            results = bench.run(new SineBench.Progress() {
                @Override
                public void start(String algorithm, int k, int n) {
                    bar.setExtraMessage(algorithm + " K=" + k);
                }

                @Override
                public void step() {
                    bar.step();
                }
            });
        }
        if (reference != null) {
            results = new LinkedHashMap<>(results);
            Map<Integer, SineBench.Cell> byK = new LinkedHashMap<>();
            for (int k : ks) {
                Path kept = SineBench.keptCell(cells, SineTorchReference.NAME, k, iterations, seed);
                if (kept != null && Files.exists(kept)) {
                    byK.put(k, SineBench.readCell(kept));
                    continue;
                }
                System.err.println("Meta-training the PyTorch MAML reference for K=" + k + " ...");
                SineBench.Cell cell = reference.run(k, iterations, seed);
                byK.put(k, cell);
                if (kept != null) SineBench.writeCell(kept, cell);
            }
            results.put(SineTorchReference.NAME, byK);
        }
        String report = SineBenchReport.markdown(results, settings);
        if (json) System.out.println(new ObjectMapper().writeValueAsString(SineBenchReport.json(results)));
        else System.out.println(report);
        if (writeDocs) {
            Path doc = ProjectHome.get().resolve("docs/benchmarks.md");
            new BenchmarksDoc(doc).replaceSection("sine", "## 2. Sine-wave regression (BENCHMARKS.md section 2)\n\n" + report);
            System.err.println("Wrote " + doc);
        }
        return 0;
    }
}
