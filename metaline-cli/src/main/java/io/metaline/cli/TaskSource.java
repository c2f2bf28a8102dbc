package io.metaline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaline.engine.Params;
import io.metaline.meta.Evaluator.Metric;
import io.metaline.meta.MetaLearner;
import io.metaline.meta.MetaModel;
import io.metaline.meta.Task;
import io.metaline.meta.TaskDistribution;
import io.metaline.meta.TaskLoss;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The tasks of a {@code meta-train} or {@code meta-eval} run, built by the library from the {@link DataOptions}: a
 * benchmark family ({@link SineSource}), a history table ({@link HistorySource}) or classification episodes
 * ({@link EpisodeSource}). Plain glue: the sampling, splitting and scaling are the library's.
 */
final class TaskSource {
    private TaskSource() {}

    /** Validation tasks drawn once from a fixed seed, the same for every run. */
    static final long VALIDATION_SEED = 7_000_001L;
    /** Evaluation tasks of meta-eval, disjoint in seed from training and validation. */
    static final long EVALUATION_SEED = 20_170_301L;
    /** The fixed split of history tasks into training and validation. */
    static final long SPLIT_SEED = 42L;
    /** Number of validation tasks for families and episodes. */
    static final int VALIDATION_TASKS = 100;

    /** Model-file keys (in {@link MetaModel#extra()}) saying which kind of data a model was trained on. */
    static final String KIND = "data.kind";

    /** Draws pictures of a few adapted validation tasks. */
    @FunctionalInterface
    interface AdaptationPlot {
        void write(Path file, String label, MetaLearner learner, Params meta) throws IOException;
    }

    /**
     * What meta-train needs from the data.
     *
     * @param description     one line for the report
     * @param inputs          network input width
     * @param outputs         network output width (regression targets or classes per episode)
     * @param validationLabel what the validation loss is, for the report ("query MSE after adaptation, ...")
     * @param extra           what meta-eval needs later, stored in the model file
     * @param provenance      the data reference for the model file (path, SHA-256...)
     * @param tags            settings a resumed run must share with the checkpoint (data hash, columns, K...)
     * @param warnings        notices of the data layer (tasks skipped...), read after training
     * @param plot            the adaptation picture, or null when this kind of data has none
     */
    record Training(String description, int inputs, int outputs, TaskLoss loss,
                    TaskDistribution tasks, List<Task> validation, String validationLabel, Map<String, String> extra,
                    Map<String, String> provenance, Map<String, String> tags, Supplier<List<String>> warnings,
                    AdaptationPlot plot) {}

    /**
     * What meta-eval measures.
     *
     * @param description one line: which tasks, how many, what units
     * @param metrics     by JSON key, in column order
     * @param headers     column header of each metric
     * @param notes       lines to print under the table (units, chance level, data differences)
     */
    record Evaluation(String description, List<Task> tasks, Map<String, Metric> metrics, Map<String, String> headers,
                      List<String> notes) {}

    // ---------------------------------------------------------------- helpers shared by the sources

    private static final ObjectMapper JSON = new ObjectMapper();

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value + " as JSON", e);
        }
    }

    static List<String> stringList(MetaModel model, String key) {
        try {
            return JSON.readValue(stored(model, key), new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the model's '" + key + "' entry is not a JSON list of names: " + e.getOriginalMessage());
        }
    }

    static Map<String, Object> map(MetaModel model, String key) {
        try {
            return JSON.readValue(stored(model, key), new TypeReference<Map<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the model's '" + key + "' entry is not a JSON object: " + e.getOriginalMessage());
        }
    }

    /** A value meta-train stored in the model, or an error saying the model lacks it. */
    static String stored(MetaModel model, String key) {
        String v = model.extra().get(key);
        if (v == null) {
            throw new IllegalArgumentException("the model has no '" + key + "' entry; was it written by `metaline meta-train` with this kind of data?");
        }
        return v;
    }

    static int storedInt(MetaModel model, String key) {
        try {
            return Integer.parseInt(stored(model, key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the model's '" + key + "' entry is not a whole number: " + stored(model, key));
        }
    }

    /** Refuses a meta-eval data source other than the one the model was trained on. */
    static void requireKind(MetaModel model, String kind, String option) {
        String trained = model.extra().get(KIND);
        if (trained != null && !trained.equals(kind)) {
            throw new IllegalArgumentException(option + ": the model was trained on " + trained
                    + " data; evaluate it with the same kind of data source");
        }
    }

    /** Hex SHA-256 of a file's bytes. */
    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
