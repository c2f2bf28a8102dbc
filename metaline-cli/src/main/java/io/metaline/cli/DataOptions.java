package io.metaline.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where the tasks come from, shared by {@code meta-train} and {@code meta-eval} (a picocli mixin): exactly one of a
 * benchmark family, a history table of regression tasks, or a labelled table for classification episodes. Counts are
 * nullable: meta-train fills in its defaults, meta-eval the values the model was trained with.
 */
public final class DataOptions {

    /** The three kinds of data source. */
    enum Kind { FAMILY, HISTORY, EPISODES }

    @Option(names = "--family", paramLabel = "NAME", order = 10,
            description = "Benchmark task family: sine (y = A sin(x - phase), A in [0.1, 5], phase in [0, pi]).")
    String family;

    @Option(names = "--history", paramLabel = "FILE.csv", order = 11,
            description = "Regression tasks from a history table (CSV, TSV or semicolon-separated): one task per value of --task-column.")
    Path history;

    @Option(names = "--task-column", paramLabel = "COL", order = 12,
            description = "With --history: the column naming each row's task (product, machine, batch...).")
    String taskColumn;

    @Option(names = "--inputs", split = ",", paramLabel = "COL", order = 13,
            description = "With --history: the input columns, comma-separated (meta-eval: as trained).")
    List<String> inputs;

    @Option(names = "--outputs", split = ",", paramLabel = "COL", order = 14,
            description = "With --history: the output column(s) to predict, comma-separated (meta-eval: as trained).")
    List<String> outputs;

    @Option(names = "--episodes", paramLabel = "FILE.csv", order = 15,
            description = "Few-shot classification episodes from a labelled table; every column that is not a label is a numeric feature (or see --features).")
    Path episodes;

    @Option(names = "--label-column", paramLabel = "COL", order = 16,
            description = "With --episodes: the column holding each row's class.")
    String labelColumn;

    @Option(names = "--one-hot", split = ",", paramLabel = "COL", order = 17,
            description = "With --episodes: 0/1 columns, one per class, exactly one set per row (instead of --label-column).")
    List<String> oneHot;

    @Option(names = "--features", split = ",", paramLabel = "COL", order = 18,
            description = "With --episodes: the feature columns (default: all columns but the labels; meta-eval: as trained).")
    List<String> features;

    @Option(names = "--holdout-classes", split = ",", paramLabel = "CLASS", order = 19,
            description = "With --episodes: classes never seen in training, kept for evaluation (meta-eval default: as trained).")
    List<String> holdoutClasses;

    @Option(names = "--ways", paramLabel = "N", order = 20,
            description = "With --episodes: classes per episode (meta-train default: 5; meta-eval: as trained, at most the evaluation classes).")
    Integer ways;

    @Option(names = "--shots", paramLabel = "K", order = 21,
            description = "With --episodes: support examples per class (meta-train default: 5; meta-eval: as trained).")
    Integer shots;

    @Option(names = "--queries", paramLabel = "Q", order = 22,
            description = "With --episodes: query examples per class (meta-train default: 15; meta-eval: as trained).")
    Integer queries;

    @Option(names = "--k", paramLabel = "K", order = 23,
            description = "With --family or --history: support examples per task (meta-train default: 10; meta-eval: as trained).")
    Integer k;

    @Option(names = "--query", paramLabel = "Q", order = 24,
            description = "With --family or --history: query examples per task (default: 10 for families in training "
                    + "and 100 in meta-eval; for history all rows not in the support set).")
    Integer query;

    /** The one data source given, checking that options of other sources are absent. */
    Kind kind() {
        List<String> given = new ArrayList<>();
        if (family != null) given.add("--family");
        if (history != null) given.add("--history");
        if (episodes != null) given.add("--episodes");
        if (given.isEmpty()) {
            throw new IllegalArgumentException("no data source: give one of --family sine, --history FILE.csv or --episodes FILE.csv");
        }
        if (given.size() > 1) {
            throw new IllegalArgumentException(String.join(" and ", given) + " cannot be used together; give one data source");
        }
        Kind kind = family != null ? Kind.FAMILY : history != null ? Kind.HISTORY : Kind.EPISODES;
        if (kind != Kind.HISTORY) {
            onlyWith("--history", "--task-column", taskColumn, "--inputs", inputs, "--outputs", outputs);
        }
        if (kind != Kind.EPISODES) {
            onlyWith("--episodes", "--label-column", labelColumn, "--one-hot", oneHot, "--features", features,
                    "--holdout-classes", holdoutClasses, "--ways", ways, "--shots", shots, "--queries", queries);
        } else {
            onlyWith("--family or --history", "--k", k, "--query", query);
            if (labelColumn != null && oneHot != null) {
                throw new IllegalArgumentException("--label-column and --one-hot cannot be used together; name the labels one way");
            }
        }
        positive("--k", k, 1);
        positive("--query", query, 1);
        positive("--ways", ways, 2);
        positive("--shots", shots, 1);
        positive("--queries", queries, 1);
        return kind;
    }

    private static void onlyWith(String source, Object... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                throw new IllegalArgumentException(namesAndValues[i] + " only applies to " + source);
            }
        }
    }

    static void positive(String option, Integer value, int min) {
        if (value != null && value < min) {
            throw new IllegalArgumentException(option + " must be at least " + min + ", got " + value);
        }
    }
}
