package io.metaline.cli;

import io.metaline.engine.Rng;
import io.metaline.meta.Evaluator.Metric;
import io.metaline.meta.MetaModel;
import io.metaline.meta.Task;
import io.metaline.meta.TaskLoss;
import io.metaline.meta.data.CsvTable;
import io.metaline.meta.data.EpisodeSampler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --episodes FILE.csv}: N-way K-shot classification episodes. Features are standardised with the statistics
 * of the training classes ({@link EpisodeSampler#standardized()}); held-out classes never appear in training and
 * are what meta-eval draws its episodes from. Validation episodes come from the training classes (fixed seed).
 */
final class EpisodeSource {
    private EpisodeSource() {}

    static final int DEFAULT_WAYS = 5, DEFAULT_SHOTS = 5, DEFAULT_QUERIES = 15;

    private static final String LABEL_COLUMN = "episodes.labelColumn", ONE_HOT = "episodes.oneHot",
            FEATURES = "episodes.features", HOLDOUT = "episodes.holdoutClasses", WAYS = "episodes.ways",
            SHOTS = "episodes.shots", QUERIES = "episodes.queries";

    private static EpisodeSampler sampler(CsvTable table, String labelColumn, List<String> oneHot, List<String> features) {
        if (labelColumn == null && oneHot == null) {
            throw new IllegalArgumentException("--episodes needs --label-column COL or --one-hot COL,COL,...; "
                    + table.source() + " has columns " + table.columns());
        }
        return labelColumn != null ? EpisodeSampler.fromLabelColumn(table, labelColumn, features)
                : EpisodeSampler.fromOneHot(table, oneHot, features);
    }

    /** The feature columns a sampler built with {@code features} (null: all but the labels) uses. */
    private static List<String> featureColumns(CsvTable table, String labelColumn, List<String> oneHot, List<String> features) {
        if (features != null) return features;
        List<String> labels = labelColumn != null ? List.of(labelColumn) : oneHot;
        return table.columns().stream().filter(c -> !labels.contains(c)).toList();
    }

    static TaskSource.Training training(DataOptions o) {
        CsvTable table = CsvTable.read(o.episodes);
        EpisodeSampler all = sampler(table, o.labelColumn, o.oneHot, o.features);
        List<String> holdout = o.holdoutClasses != null ? o.holdoutClasses : List.of();
        EpisodeSampler base = (holdout.isEmpty() ? all : all.withoutClasses(holdout)).standardized();
        int ways = o.ways != null ? o.ways : DEFAULT_WAYS;
        int shots = o.shots != null ? o.shots : DEFAULT_SHOTS;
        int queries = o.queries != null ? o.queries : DEFAULT_QUERIES;
        EpisodeSampler train = base.episodes(ways, shots, queries);
        List<Task> validation = train.sample(new Rng(TaskSource.VALIDATION_SEED), TaskSource.VALIDATION_TASKS);
        List<String> features = featureColumns(table, o.labelColumn, o.oneHot, o.features);
        String sha = TaskSource.sha256(o.episodes);

        Map<String, String> extra = new LinkedHashMap<>();
        extra.put(TaskSource.KIND, "episodes");
        if (o.labelColumn != null) extra.put(LABEL_COLUMN, o.labelColumn);
        else extra.put(ONE_HOT, TaskSource.json(o.oneHot));
        extra.put(FEATURES, TaskSource.json(features));
        extra.put(HOLDOUT, TaskSource.json(holdout));
        extra.put(WAYS, Integer.toString(ways));
        extra.put(SHOTS, Integer.toString(shots));
        extra.put(QUERIES, Integer.toString(queries));
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("data", o.episodes.toAbsolutePath().normalize().toString());
        provenance.put("data_sha256", sha);
        provenance.put(o.labelColumn != null ? "label_column" : "label_columns",
                o.labelColumn != null ? o.labelColumn : String.join(",", o.oneHot));
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("data-sha256", sha);
        tags.put(o.labelColumn != null ? "--label-column" : "--one-hot",
                o.labelColumn != null ? o.labelColumn : String.join(",", o.oneHot));
        tags.put("--features", String.join(",", features));
        tags.put("--holdout-classes", String.join(",", holdout));
        tags.put("--ways", Integer.toString(ways));
        tags.put("--shots", Integer.toString(shots));
        tags.put("--queries", Integer.toString(queries));

        String description = String.format(Locale.ROOT, "%s: %d-way %d-shot episodes with %d queries per class from "
                        + "%d training classes%s, %d features", o.episodes, ways, shots, queries,
                train.allowedClasses().size(), holdout.isEmpty() ? "" : " (held out: " + String.join(", ", holdout) + ")",
                features.size());
        return new TaskSource.Training(description, features.size(), ways, TaskLoss.CROSS_ENTROPY, train,
                validation, "query cross-entropy on " + validation.size() + " validation episodes of the training classes",
                extra, provenance, tags, List::of, null);
    }

    static TaskSource.Evaluation evaluation(DataOptions o, MetaModel model, int count) {
        TaskSource.requireKind(model, "episodes", "--episodes");
        CsvTable table = CsvTable.read(o.episodes);
        String labelColumn = o.labelColumn;
        List<String> oneHot = o.oneHot;
        if (labelColumn == null && oneHot == null) {
            if (model.extra().containsKey(LABEL_COLUMN)) labelColumn = TaskSource.stored(model, LABEL_COLUMN);
            else oneHot = TaskSource.stringList(model, ONE_HOT);
        }
        List<String> features = o.features != null ? o.features : TaskSource.stringList(model, FEATURES);
        int inputs = model.net().widths().get(0);
        if (features.size() != inputs) {
            throw new IllegalArgumentException("--features: the model takes " + inputs + " features, but "
                    + features.size() + " are given");
        }
        EpisodeSampler all = sampler(table, labelColumn, oneHot, features);
        List<String> trainedHoldout = TaskSource.stringList(model, HOLDOUT);
        // standardised exactly as in training: with the statistics of the training classes
        EpisodeSampler base = (trainedHoldout.isEmpty() ? all : all.withoutClasses(trainedHoldout)).standardized();
        List<String> evalClasses = o.holdoutClasses != null ? o.holdoutClasses : trainedHoldout;
        List<String> notes = new ArrayList<>();
        EpisodeSampler pool = evalClasses.isEmpty() ? base : base.withClasses(evalClasses);
        if (evalClasses.isEmpty()) notes.add("Note: no held-out classes; the episodes are drawn from the training classes.");
        int available = pool.allowedClasses().size();
        if (available < 2) {
            throw new IllegalArgumentException("--holdout-classes: evaluation episodes need at least 2 classes, got "
                    + pool.allowedClasses());
        }
        int trainedWays = TaskSource.storedInt(model, WAYS);
        int ways = o.ways != null ? o.ways : Math.min(trainedWays, available);
        int logits = model.net().widths().get(model.net().widths().size() - 1);
        if (!model.algorithm().equals("protonet") && ways > logits) {
            throw new IllegalArgumentException("--ways: the model has " + logits + " outputs (trained " + trainedWays
                    + "-way), so it cannot tell " + ways + " classes apart");
        }
        int shots = o.shots != null ? o.shots : TaskSource.storedInt(model, SHOTS);
        int queries = o.queries != null ? o.queries : TaskSource.storedInt(model, QUERIES);
        List<Task> tasks = pool.episodes(ways, shots, queries).sample(new Rng(TaskSource.EVALUATION_SEED), count);
        notes.add(String.format(Locale.ROOT, "Chance accuracy is 1/%d = %.3f.", ways, 1.0 / ways));
        Map<String, Metric> metrics = new LinkedHashMap<>();
        metrics.put("loss", Metric.LOSS);
        metrics.put("accuracy", Metric.ACCURACY);
        String description = String.format(Locale.ROOT, "%d %d-way %d-shot episodes (%d queries per class) of %s %s",
                count, ways, shots, queries, evalClasses.isEmpty() ? "the training classes" : "the classes",
                String.join(", ", pool.allowedClasses()));
        return new TaskSource.Evaluation(description, tasks, metrics,
                Map.of("loss", "query cross-entropy", "accuracy", "query accuracy"), notes);
    }
}
