package io.metaline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaline.meta.Evaluator;
import io.metaline.meta.MetaLearner;
import io.metaline.meta.MetaModel;
import io.metaline.meta.Stat;
import io.metaline.meta.TaskRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code metaline meta-eval}: loads a model written by meta-train, adapts it to new tasks from a few examples and
 * prints the query loss (and accuracy for classification) after each number of adaptation steps, mean and 95% CI.
 */
@Command(
        name = "meta-eval",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Adapt a meta-trained model to new tasks and report its query loss after each number of steps.",
            "",
            "Prints the mean +/- 95%% CI over tasks (diverged tasks counted apart) of",
            "the query MSE (in the data's units for history data) or, for episodes,",
            "the cross-entropy and accuracy. Give the data source the model was",
            "trained with; columns, scaler, K and the held-out tasks or classes",
            "default to the model's."})
public final class MetaEvalCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", required = true, order = 1,
            description = "Model file written by meta-train (.mlmodel).")
    Path model;

    @Mixin DataOptions data;

    @Option(names = "--steps", split = ",", paramLabel = "N", defaultValue = "0,1,10", order = 30,
            description = "Adaptation steps to report, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Integer> steps;

    @Option(names = "--tasks-count", paramLabel = "N", defaultValue = "600", order = 31,
            description = "New tasks (or episodes) to draw for --family and --episodes (default: ${DEFAULT-VALUE}).")
    int tasksCount;

    @Option(names = "--tasks", split = ",", paramLabel = "ID", order = 32,
            description = "With --history: the task ids to evaluate (default: the tasks not used for training).")
    List<String> tasks;

    @Option(names = "--draws", paramLabel = "N", defaultValue = "1", order = 33,
            description = "With --history: random support sets per task (default: ${DEFAULT-VALUE}).")
    int draws;

    @Option(names = "--threads", paramLabel = "N", order = 34,
            description = "Tasks adapted in parallel (default: all cores, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--json", order = 35, description = "Print the results as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        return UserErrors.run(spec, this::run);
    }

    private int run() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        DataOptions.Kind kind = data.kind();
        for (int s : steps) DataOptions.positive("--steps", s, 0);
        DataOptions.positive("--tasks-count", tasksCount, 1);
        DataOptions.positive("--draws", draws, 1);
        DataOptions.positive("--threads", threads, 1);
        if (kind != DataOptions.Kind.HISTORY && tasks != null) throw new IllegalArgumentException("--tasks only applies to --history");
        if (kind != DataOptions.Kind.HISTORY && draws != 1) throw new IllegalArgumentException("--draws only applies to --history");

        MetaModel m = MetaModel.load(model);
        MetaLearner learner = m.learner();
        TaskSource.Evaluation eval = switch (kind) {
            case FAMILY -> SineSource.evaluation(data, m, tasksCount);
            case HISTORY -> HistorySource.evaluation(data, m, tasks, draws);
            case EPISODES -> EpisodeSource.evaluation(data, m, tasksCount);
        };
        List<String> notes = new ArrayList<>(eval.notes());
        int[] counts = steps.stream().mapToInt(Integer::intValue).distinct().toArray();
        if (learner.innerSteps() == 0 && m.algorithm().equals("protonet")) {
            counts = new int[] {0};
            notes.add("protonet adapts in closed form (class prototypes); the number of steps does not apply.");
        }
        Map<String, Map<Integer, Stat>> results;
        try (TaskRunner runner = new TaskRunner(threads)) {
            results = Evaluator.query(learner, m.meta(), eval.tasks(), counts, runner, eval.metrics());
        }

        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("model", model.toAbsolutePath().normalize().toString());
            doc.put("algorithm", m.algorithm());
            doc.put("data", eval.description());
            doc.put("tasks", eval.tasks().size());
            List<Object> rows = new ArrayList<>();
            for (int s : counts) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("steps", s);
                for (String metric : results.keySet()) {
                    Stat st = results.get(metric).get(s);
                    Map<String, Object> cell = new LinkedHashMap<>();
                    cell.put("mean", st.mean());
                    cell.put("ci95", st.ci95());
                    cell.put("n", st.n());
                    cell.put("diverged", st.diverged());
                    row.put(metric, cell);
                }
                rows.add(row);
            }
            doc.put("results", rows);
            doc.put("notes", notes);
            out.println(new ObjectMapper().writeValueAsString(doc));
            out.flush();
            return 0;
        }

        out.printf(Locale.ROOT, "Model %s: %s, %s, %s updates%n", model, m.algorithm(), m.net(),
                m.metrics().getOrDefault("iterations", "?"));
        out.printf(Locale.ROOT, "Evaluated on %s; mean +/- 95%% CI over tasks:%n", eval.description());
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-6s", "steps"));
        for (String metric : results.keySet()) header.append(String.format(Locale.ROOT, "  %-30s", eval.headers().get(metric)));
        header.append("  diverged");
        out.println(header.toString().stripTrailing());
        for (int s : counts) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-6d", s));
            int diverged = 0;
            for (String metric : results.keySet()) {
                Stat st = results.get(metric).get(s);
                line.append(String.format(Locale.ROOT, "  %-30s", String.format(Locale.ROOT, "%.4g +/- %.2g", st.mean(), st.ci95())));
                diverged = Math.max(diverged, st.diverged());
            }
            line.append(String.format(Locale.ROOT, "  %d", diverged));
            out.println(line);
        }
        for (String n : notes) out.println(n);
        out.flush();
        return 0;
    }
}
