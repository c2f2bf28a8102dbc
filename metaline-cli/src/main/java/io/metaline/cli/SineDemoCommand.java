package io.metaline.cli;

import io.metaline.cli.plot.LearningCurvePlot;
import io.metaline.cli.plot.SineAdaptationPlot;
import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.nn.Mlp;
import io.metaline.meta.Algorithms;
import io.metaline.meta.Checkpoint;
import io.metaline.meta.Evaluator;
import io.metaline.meta.MetaLearner;
import io.metaline.meta.MetaTrainer;
import io.metaline.meta.Stat;
import io.metaline.meta.Task;
import io.metaline.meta.TaskLoss;
import io.metaline.meta.TaskRunner;
import io.metaline.meta.TrainerConfig;
import io.metaline.meta.TrainingListener;
import io.metaline.meta.tasks.SineTasks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.DoubleUnaryOperator;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metaline demo sine}: meta-learning on its own, without a plant. MAML meta-learns from many sine-shaped
 * tasks, then fits a new task from 10 points in one gradient step, beside a model pretrained on the same tasks the
 * ordinary way.
 */
@Command(
        name = "sine",
        mixinStandardHelpOptions = true,
        description = {
            "Few-shot adaptation end to end: MAML against a pretrained baseline, with plots.",
            "Meta-trains MAML on many related tasks (sine curves of random amplitude and phase), then adapts to new",
            "tasks from 10 points in one step, beside a conventionally pretrained model. Prints the error on 200 new",
            "tasks and writes plots. Takes about a minute."})
public final class SineDemoCommand implements Callable<Integer> {

    @Option(names = "--iterations", defaultValue = "8000", description = "Meta-iterations per model (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--k", defaultValue = "10", description = "Points the new task gives (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", description = "Worker threads (default: all cores, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--out", description = "Directory for the plots (default: .metaline/demo-sine in the MetaLine folder).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (iterations < 1 || k < 1) throw new IllegalArgumentException("--iterations and --k must be >= 1");
        Path dir = out != null ? out : ProjectHome.get().resolve(".metaline/demo-sine");
        System.out.println("MetaLine demo: few-shot adaptation.");
        System.out.println("Each task is a curve y = A sin(x - phase) with its own A and phase, like a process whose");
        System.out.println("response shifts with every product. A new task shows only " + k + " points.");
        System.out.println("MAML meta-learns how to adapt; the baseline is pretrained on the same tasks.");
        System.out.println();

        SineTasks family = new SineTasks(k, k);
        Map<String, MetaLearner> learners = new LinkedHashMap<>();
        learners.put("MAML", Algorithms.create("maml", Mlp.of(1, 40, 40, 1), TaskLoss.MSE, 0.01, 1));
        learners.put("pretrained", Algorithms.create("pretrained", Mlp.of(1, 40, 40, 1), TaskLoss.MSE, 0.01, 1));
        Map<String, Params> trained = new LinkedHashMap<>();
        Map<String, List<Checkpoint.CurvePoint>> curves = new LinkedHashMap<>();
        for (Map.Entry<String, MetaLearner> e : learners.entrySet()) {
            String algorithm = e.getValue().name();
            TrainerConfig cfg = TrainerConfig.defaults(iterations).withThreads(threads)
                    .withOrder(Algorithms.defaultOrder(algorithm));
            MetaTrainer.Result r;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("train " + e.getKey()).setInitialMax(iterations)
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err)).build()) {
                r = new MetaTrainer(e.getValue(), family, List.of(), cfg).train(seed, new TrainingListener() {
                    @Override
                    public void onIteration(int iteration, int total, double loss) {
                        bar.step();
                    }
                });
            }
            trained.put(e.getKey(), r.meta());
            curves.put(e.getKey(), r.curve());
        }

        Rng rng = new Rng(seed).split(42);
        List<Task> tasks = new ArrayList<>();
        List<DoubleUnaryOperator> truths = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            double a = rng.uniform(SineTasks.MIN_AMPLITUDE, SineTasks.MAX_AMPLITUDE), ph = rng.uniform(0, SineTasks.MAX_PHASE);
            tasks.add(new Task("new task " + i, SineTasks.points(rng, a, ph, k), SineTasks.points(rng, a, ph, 100)));
            truths.add(x -> a * Math.sin(x - ph));
        }
        int[] steps = {0, 1, 10};
        System.out.println();
        System.out.printf(Locale.ROOT, "Mean squared error on 200 new tasks (100 test points each), after adapting on %d points:%n", k);
        System.out.printf(Locale.ROOT, "%-12s %22s %22s %22s%n", "model", "no adaptation", "1 step", "10 steps");
        try (TaskRunner runner = new TaskRunner(threads)) {
            for (Map.Entry<String, MetaLearner> e : learners.entrySet()) {
                Map<Integer, Stat> s = Evaluator.queryLoss(e.getValue(), trained.get(e.getKey()), tasks, steps, runner);
                System.out.printf(Locale.ROOT, "%-12s %22s %22s %22s%n", e.getKey(), fmt(s.get(0)), fmt(s.get(1)), fmt(s.get(10)));
            }
        }

        Map<String, Map.Entry<MetaLearner, Params>> models = new LinkedHashMap<>();
        learners.forEach((name, l) -> models.put(name, Map.entry(l, trained.get(name))));
        Path adaptation = dir.resolve("adaptation.png"), curve = dir.resolve("learning-curves.png");
        SineAdaptationPlot.write(adaptation, tasks.subList(0, 4), truths.subList(0, 4), models, 1);
        LearningCurvePlot.write(curve, "Meta-training on sine tasks", curves);
        System.out.println();
        System.out.println("Plots: " + adaptation + " (four new tasks after one step)");
        System.out.println("       " + curve);
        System.out.println("Next: `./metaline bench sine` runs the full published protocol; `./metaline --help` lists all commands.");
        return 0;
    }

    private static String fmt(Stat s) {
        return String.format(Locale.ROOT, "%.3f +/- %.3f", s.mean(), s.ci95());
    }
}
