package io.metaline.cli;

import io.metaline.cli.plot.LearningCurvePlot;
import io.metaline.engine.nn.Mlp;
import io.metaline.meta.Algorithms;
import io.metaline.meta.Checkpoint;
import io.metaline.meta.Checkpoint.CurvePoint;
import io.metaline.meta.GradOrder;
import io.metaline.meta.MetaLearner;
import io.metaline.meta.MetaModel;
import io.metaline.meta.MetaTrainer;
import io.metaline.meta.OuterOptimizer;
import io.metaline.meta.Stat;
import io.metaline.meta.TrainerConfig;
import io.metaline.meta.TrainingListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code metaline meta-train}: meta-trains one learner on tasks from a benchmark family, a history table or
 * labelled episodes, and writes the model file (meta-parameters, metrics, provenance, what meta-eval needs) and
 * plots. Parsing and printing only: the library samples, trains, checkpoints and stores.
 */
@Command(
        name = "meta-train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Meta-train a learner on many related tasks and write the model file and plots.",
            "",
            "Learners: MAML, first-order MAML, Reptile, Meta-SGD, ANIL, prototypical",
            "networks, MAML++ and a pretrained baseline. Data: --family sine,",
            "--history FILE.csv (regression tasks by a task column) or --episodes",
            "FILE.csv (few-shot classification). Validates on held-out tasks;",
            "checkpoints and resumes exactly."})
public final class MetaTrainCommand implements Callable<Integer> {

    static final int DEFAULT_CHECKPOINT_EVERY = 500;
    static final int DEFAULT_EMBEDDING = 32;

    @Spec CommandSpec spec;

    @Mixin DataOptions data;

    @Option(names = "--val-fraction", paramLabel = "F", order = 25,
            description = "With --history: share of the tasks held out for validation (default: 0.2).")
    Double valFraction;

    @Option(names = "--algo", paramLabel = "NAME", order = 30,
            description = "Algorithm: maml, fomaml, reptile, metasgd, anil, protonet, mamlpp, pretrained "
                    + "(default: maml; protonet with --episodes).")
    String algorithm;

    @Option(names = "--hidden", split = ",", paramLabel = "W", defaultValue = "40,40", order = 31,
            description = "Hidden layer widths of the MLP (default: ${DEFAULT-VALUE}).")
    List<Integer> hidden;

    @Option(names = "--embedding", paramLabel = "D", order = 32,
            description = "With --algo protonet: width of the embedding the prototypes live in (default: " + DEFAULT_EMBEDDING + ").")
    Integer embedding;

    @Option(names = "--inner-lr", paramLabel = "LR", defaultValue = "0.01", order = 33,
            description = "Inner (adaptation) step size; the starting value where it is learned (default: ${DEFAULT-VALUE}).")
    double innerLr;

    @Option(names = "--inner-steps", paramLabel = "N", defaultValue = "1", order = 34,
            description = "Inner gradient steps per task in training (default: ${DEFAULT-VALUE}).")
    int innerSteps;

    @Option(names = "--meta-lr", paramLabel = "LR", defaultValue = "1e-3", order = 35,
            description = "Adam step size of the meta-update (default: ${DEFAULT-VALUE}).")
    double metaLr;

    @Option(names = "--meta-batch", paramLabel = "N", defaultValue = "25", order = 36,
            description = "Tasks per meta-update (default: ${DEFAULT-VALUE}).")
    int metaBatch;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "10000", order = 37,
            description = "Meta-updates (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--order", paramLabel = "first|second", order = 38,
            description = "Gradient order of the meta-gradient (default: first for fomaml, second otherwise).")
    String order;

    @Option(names = "--first-order-iterations", paramLabel = "N", defaultValue = "0", order = 39,
            description = "Meta-updates at first order before switching to --order (default: ${DEFAULT-VALUE}).")
    int firstOrderIterations;

    @Option(names = "--eval-every", paramLabel = "N", defaultValue = "500", order = 40,
            description = "Validate every N meta-updates; 0: never (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--patience", paramLabel = "N", defaultValue = "0", order = 41,
            description = "Stop after N validations without improvement; 0: never stop early (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", order = 42,
            description = "Seed of the initial parameters and the task sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", order = 43,
            description = "Tasks adapted in parallel; the result does not depend on it (default: all cores, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--checkpoint", paramLabel = "FILE", order = 44,
            description = "Write a checkpoint to FILE every --checkpoint-every meta-updates and at the end.")
    Path checkpoint;

    @Option(names = "--checkpoint-every", paramLabel = "N", order = 45,
            description = "Meta-updates between checkpoints; 0: only at the end (default: " + DEFAULT_CHECKPOINT_EVERY + ").")
    Integer checkpointEvery;

    @Option(names = "--resume", paramLabel = "FILE", order = 46,
            description = "Continue an interrupted run from its checkpoint; give the same options as the run it continues. "
                    + "New checkpoints go to --checkpoint, else to FILE.")
    Path resume;

    @Option(names = "--out", paramLabel = "FILE", order = 47,
            description = "Model file to write (default: <algo>-<UTC time>.mlmodel in the MetaLine folder's .metaline/models).")
    Path out;

    @Option(names = "--plots", paramLabel = "DIR", order = 48,
            description = "Directory for the PNG plots (default: next to the model file).")
    Path plots;

    /** Ends the session after N meta-updates as if interrupted, leaving the checkpoint of iteration N (tests). */
    @Option(names = "--stop-after", hidden = true)
    Integer stopAfter;

    /** Thrown by the listener to end a session early (--stop-after). */
    private static final class StopRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopRequested() {
            super(null, null, false, false);
        }
    }

    @Override
    public Integer call() throws Exception {
        return UserErrors.run(spec, this::run);
    }

    private int run() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut(), stderr = spec.commandLine().getErr();
        DataOptions.Kind kind = data.kind();
        String algo = algorithm != null ? algorithm : kind == DataOptions.Kind.EPISODES ? "protonet" : "maml";
        validate(kind, algo);
        GradOrder gradOrder = order == null ? Algorithms.defaultOrder(algo) : GradOrder.valueOf(order.toUpperCase(Locale.ROOT));

        Checkpoint from = null;
        if (resume != null) {
            from = Checkpoint.load(resume);
            String was = from.tags().get("--algo");
            if (was == null) {
                throw new IllegalArgumentException("--resume: " + resume + " records no settings; only checkpoints "
                        + "written by `metaline meta-train` can be resumed here");
            }
            if (!was.equals(algo)) {
                throw new IllegalArgumentException("--resume: " + resume + " is a checkpoint of a " + was + " run, not "
                        + algo + "; resume it with --algo " + was + " and the other options it was started with");
            }
        }

        TaskSource.Training src = switch (kind) {
            case FAMILY -> SineSource.training(data);
            case HISTORY -> HistorySource.training(data, valFraction != null ? valFraction : HistorySource.DEFAULT_VAL_FRACTION);
            case EPISODES -> EpisodeSource.training(data);
        };
        boolean proto = algo.equals("protonet");
        List<Integer> widths = new ArrayList<>();
        widths.add(src.inputs());
        widths.addAll(hidden);
        widths.add(proto ? (embedding != null ? embedding : DEFAULT_EMBEDDING) : src.outputs());
        Mlp.Config net = Mlp.Config.of(widths.stream().mapToInt(Integer::intValue).toArray());
        MetaLearner learner = Algorithms.create(algo, new Mlp(net), src.loss(), innerLr, innerSteps);

        Path model = (out != null ? out : ProjectHome.get().resolve(".metaline/models").resolve(algo + "-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now())
                + ".mlmodel")).toAbsolutePath().normalize();
        Path plotDir = (plots != null ? plots : model.getParent()).toAbsolutePath().normalize();
        Path checkpointFile = checkpoint != null ? checkpoint : resume;
        int every = checkpointEvery != null ? checkpointEvery : DEFAULT_CHECKPOINT_EVERY;
        if (checkpointFile != null && checkpointFile.toAbsolutePath().getParent() != null) {
            Files.createDirectories(checkpointFile.toAbsolutePath().getParent());
        }
        TrainerConfig cfg = TrainerConfig.defaults(iterations).withMetaBatch(metaBatch).withOrder(gradOrder)
                .withFirstOrderIterations(firstOrderIterations).withOuter(OuterOptimizer.adam(metaLr))
                .withValidation(evalEvery, patience).withThreads(threads).withCheckpoint(checkpointFile, every);

        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("--algo", algo);
        tags.put("--hidden", hidden.stream().map(String::valueOf).collect(Collectors.joining(",")));
        if (proto) tags.put("--embedding", Integer.toString(widths.get(widths.size() - 1)));
        tags.put("--inner-lr", Double.toString(innerLr));
        tags.put("--inner-steps", Integer.toString(innerSteps));
        tags.put("--meta-lr", Double.toString(metaLr));
        tags.put("--meta-batch", Integer.toString(metaBatch));
        tags.put("--iterations", Integer.toString(iterations));
        tags.put("--order", gradOrder.name().toLowerCase(Locale.ROOT));
        tags.put("--first-order-iterations", Integer.toString(firstOrderIterations));
        tags.put("--eval-every", Integer.toString(evalEvery));
        tags.put("--patience", Integer.toString(patience));
        tags.put("--seed", Long.toString(seed));
        tags.putAll(src.tags());
        MetaTrainer trainer = new MetaTrainer(learner, src.tasks(), evalEvery > 0 ? src.validation() : List.of(), cfg)
                .withTags(tags);

        stdout.printf(Locale.ROOT, "meta-train %s on %s%n", algo, src.description());
        stdout.printf(Locale.ROOT, "  network %s; %s; Adam %s, %d tasks per update, %d updates%n", net,
                proto ? "class prototypes, no inner steps" : "inner step " + innerLr + " x " + innerSteps + ", "
                        + gradOrder.name().toLowerCase(Locale.ROOT) + " order", metaLr, metaBatch, iterations);
        if (evalEvery > 0) stdout.printf(Locale.ROOT, "  validation: %s, every %d updates%n", src.validationLabel(), evalEvery);
        if (from != null) stdout.printf(Locale.ROOT, "  resuming from %s at update %d of %d%n", resume, from.iteration(), iterations);
        stdout.flush();

        List<String> notices = new ArrayList<>();
        MetaTrainer.Result r;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("meta-train " + algo).setInitialMax(iterations)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err)).build()) {
            TrainingListener listener = new TrainingListener() {
                @Override
                public void onIteration(int iteration, int total, double trainLoss) {
                    if (stopAfter != null && iteration > stopAfter) throw new StopRequested();
                    bar.stepTo(iteration);
                }

                @Override
                public void onEvaluation(int iteration, Stat validationLoss) {
                    bar.setExtraMessage(String.format(Locale.ROOT, "validation %.4g", validationLoss.mean()));
                }

                @Override
                public void onNotice(String message) {
                    notices.add(message);
                    stderr.println();
                    stderr.println("Notice: " + message);
                    stderr.flush();
                }
            };
            if (from != null) bar.stepTo(from.iteration());
            r = from != null ? trainer.resume(from, listener) : trainer.train(seed, listener);
        } catch (StopRequested stop) {
            stdout.printf(Locale.ROOT, "Stopped after update %d as asked (--stop-after); continue with --resume %s%n",
                    stopAfter, checkpointFile);
            return 0;
        }

        Map<String, String> metrics = metrics(r, src);
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("seed", Long.toString(seed));
        provenance.put("algorithm", algo);
        provenance.putAll(src.provenance());
        provenance.put("metaline_version", ManifestVersionProvider.version());
        provenance.put("java_version", System.getProperty("java.version"));
        provenance.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        provenance.put("host_cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        provenance.put("options", tags.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ")));
        if (resume != null) provenance.put("resumed_from", resume.toAbsolutePath().normalize() + " at update " + from.iteration());
        MetaModel saved = new MetaModel(algo, net, src.loss(), innerLr, innerSteps, r.best(), metrics, provenance, src.extra());
        if (model.getParent() != null) Files.createDirectories(model.getParent());
        saved.save(model);

        Files.createDirectories(plotDir);
        String stem = model.getFileName().toString().replaceFirst("\\.mlmodel$", "");
        Path curveFile = plotDir.resolve(stem + "-learning-curve.png");
        LearningCurvePlot.write(curveFile, "meta-train " + algo + " on " + switch (kind) {
            case FAMILY -> data.family + " tasks";
            case HISTORY -> data.history.getFileName().toString();
            case EPISODES -> data.episodes.getFileName().toString();
        }, Map.of(algo, r.curve()));
        Path adaptationFile = null;
        if (src.plot() != null) {
            adaptationFile = plotDir.resolve(stem + "-adaptation.png");
            src.plot().write(adaptationFile, algo, learner, r.best());
        }

        for (String w : src.warnings().get()) stdout.println("Warning: " + w + ".");
        GradOrder finalOrder = r.state().order();
        stdout.printf(Locale.ROOT, "Trained %d updates in %.1f s%s%s.%n", r.state().iteration(), r.seconds(),
                finalOrder != gradOrder ? ", at " + finalOrder.name().toLowerCase(Locale.ROOT) + " order" : "",
                r.stoppedEarly() ? ", stopped early" : "");
        for (String n : notices) stdout.println("Notice: " + n);
        if (metrics.containsKey("val_loss_final")) {
            stdout.printf(Locale.ROOT, "Validation loss, %s:%n  final %s +/- %s, best %s +/- %s at update %s%n",
                    src.validationLabel(), metrics.get("val_loss_final"), metrics.get("val_loss_final_ci95"),
                    metrics.get("val_loss_best"), metrics.get("val_loss_best_ci95"), metrics.get("best_iteration"));
        }
        stdout.printf("Model:          %s (%s)%n", model, evalEvery > 0 ? "parameters of the best validation loss" : "final parameters");
        stdout.printf("Learning curve: %s%n", curveFile);
        if (adaptationFile != null) stdout.printf("Adaptation:     %s%n", adaptationFile);
        stdout.printf("Evaluate with:  metaline meta-eval --model %s %s%n", model, switch (kind) {
            case FAMILY -> "--family " + data.family;
            case HISTORY -> "--history " + data.history;
            case EPISODES -> "--episodes " + data.episodes;
        });
        stdout.flush();
        return 0;
    }

    private void validate(DataOptions.Kind kind, String algo) {
        if (!Algorithms.NAMES.contains(algo)) {
            throw new IllegalArgumentException("--algo: unknown algorithm '" + algo + "'; known: " + String.join(", ", Algorithms.NAMES));
        }
        if (algo.equals("protonet") && kind != DataOptions.Kind.EPISODES) {
            throw new IllegalArgumentException("--algo protonet classifies and needs --episodes; for regression use one of "
                    + Algorithms.NAMES.stream().filter(a -> !a.equals("protonet")).collect(Collectors.joining(", ")));
        }
        if (embedding != null && !algo.equals("protonet")) throw new IllegalArgumentException("--embedding only applies to --algo protonet");
        if (valFraction != null && kind != DataOptions.Kind.HISTORY) throw new IllegalArgumentException("--val-fraction only applies to --history");
        if (valFraction != null && !(valFraction > 0 && valFraction < 1)) {
            throw new IllegalArgumentException("--val-fraction must be between 0 and 1 (exclusive), got " + valFraction);
        }
        for (int w : hidden) DataOptions.positive("--hidden", w, 1);
        DataOptions.positive("--embedding", embedding, 1);
        if (!(innerLr > 0) || !Double.isFinite(innerLr)) throw new IllegalArgumentException("--inner-lr must be positive, got " + innerLr);
        DataOptions.positive("--inner-steps", innerSteps, algo.equals("pretrained") ? 0 : 1);
        if (!(metaLr > 0) || !Double.isFinite(metaLr)) throw new IllegalArgumentException("--meta-lr must be positive, got " + metaLr);
        DataOptions.positive("--meta-batch", metaBatch, 1);
        DataOptions.positive("--iterations", iterations, 1);
        if (order != null && !order.equalsIgnoreCase("first") && !order.equalsIgnoreCase("second")) {
            throw new IllegalArgumentException("--order must be first or second, got '" + order + "'");
        }
        DataOptions.positive("--first-order-iterations", firstOrderIterations, 0);
        DataOptions.positive("--eval-every", evalEvery, 0);
        DataOptions.positive("--patience", patience, 0);
        if (patience > 0 && evalEvery == 0) throw new IllegalArgumentException("--patience needs validation: set --eval-every above 0");
        DataOptions.positive("--threads", threads, 1);
        DataOptions.positive("--checkpoint-every", checkpointEvery, 0);
        if (checkpointEvery != null && checkpoint == null && resume == null) {
            throw new IllegalArgumentException("--checkpoint-every needs --checkpoint FILE");
        }
        if (stopAfter != null) {
            int every = checkpointEvery != null ? checkpointEvery : DEFAULT_CHECKPOINT_EVERY;
            if ((checkpoint == null && resume == null) || every == 0 || stopAfter % every != 0 || stopAfter < 1 || stopAfter >= iterations) {
                throw new IllegalArgumentException("--stop-after must be a multiple of --checkpoint-every below --iterations, with --checkpoint");
            }
        }
    }

    /** Final and best validation loss with their CIs, updates done, time, order. */
    private static Map<String, String> metrics(MetaTrainer.Result r, TaskSource.Training src) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("iterations", Integer.toString(r.state().iteration()));
        m.put("seconds", String.format(Locale.ROOT, "%.3f", r.seconds()));
        m.put("stopped_early", Boolean.toString(r.stoppedEarly()));
        m.put("order", r.state().order().name().toLowerCase(Locale.ROOT));
        List<CurvePoint> curve = r.curve();
        CurvePoint last = curve.isEmpty() ? null : curve.get(curve.size() - 1);
        if (last != null && !Double.isNaN(last.validationLoss())) {
            m.put("validation_loss", src.validationLabel());
            m.put("val_loss_final", fmt(last.validationLoss()));
            m.put("val_loss_final_ci95", fmt(last.validationCi95()));
            CurvePoint best = last;
            for (CurvePoint p : curve) {
                if (p.validationLoss() == r.state().bestValidation()) {
                    best = p;
                    break;
                }
            }
            m.put("val_loss_best", fmt(best.validationLoss()));
            m.put("val_loss_best_ci95", fmt(best.validationCi95()));
            m.put("best_iteration", Integer.toString(best.iteration()));
        }
        return m;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
