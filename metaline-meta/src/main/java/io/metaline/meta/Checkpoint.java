package io.metaline.meta;

import io.metaline.engine.Params;
import io.metaline.engine.io.OptimizerStates;
import io.metaline.engine.optim.OptimizerState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything a meta-training run needs to continue exactly where it stopped: the meta-parameters and the best
 * ones so far, the outer optimiser's state, the task sampler's RNG state, the iteration, the early-stopping
 * bookkeeping and the learning curve. Saved as one checksummed tensor archive.
 *
 * @param iteration meta-updates done
 * @param rngState  state of the trainer's task-sampling generator after {@code iteration} updates
 * @param order     the order in force (it may have fallen back to first)
 * @param tags      what the caller says the run is (e.g. its command-line settings), so that a resume can check it
 *                  continues the same run; see {@link MetaTrainer#withTags}; empty when none were given
 */
public record Checkpoint(String learner, int iteration, Params meta, Params best, double bestValidation,
                         int evaluationsWithoutImprovement, OptimizerState optimizer, long rngState, GradOrder order,
                         List<CurvePoint> curve, Map<String, String> tags) {

    public Checkpoint {
        curve = List.copyOf(curve);
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /** A checkpoint without tags. */
    public Checkpoint(String learner, int iteration, Params meta, Params best, double bestValidation,
                      int evaluationsWithoutImprovement, OptimizerState optimizer, long rngState, GradOrder order,
                      List<CurvePoint> curve) {
        this(learner, iteration, meta, best, bestValidation, evaluationsWithoutImprovement, optimizer, rngState, order,
                curve, Map.of());
    }

    /** One point of the learning curve: mean training query loss over the last interval, validation if measured. */
    public record CurvePoint(int iteration, double trainLoss, double validationLoss, double validationCi95) {}

    public void save(Path file) throws IOException {
        Params stored = Params.builder().putAll("meta.", meta).putAll("best.", best).build();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("learner", learner);
        m.put("iteration", Integer.toString(iteration));
        m.put("bestValidation", Double.toString(bestValidation));
        m.put("evaluationsWithoutImprovement", Integer.toString(evaluationsWithoutImprovement));
        m.put("rngState", Long.toString(rngState));
        m.put("order", order.name());
        m.put("curve", encode(curve));
        tags.forEach((k, v) -> m.put(TAG_PREFIX + k, v));
        OptimizerStates.saveCheckpoint(file, stored, optimizer, m);
    }

    public static Checkpoint load(Path file) throws IOException {
        OptimizerStates.Checkpoint c = OptimizerStates.loadCheckpoint(file);
        Map<String, String> m = c.metadata();
        try {
            return new Checkpoint(required(m, "learner", file), Integer.parseInt(required(m, "iteration", file)),
                    strip(c.params(), "meta."), strip(c.params(), "best."),
                    Double.parseDouble(required(m, "bestValidation", file)),
                    Integer.parseInt(required(m, "evaluationsWithoutImprovement", file)), c.optimizer(),
                    Long.parseLong(required(m, "rngState", file)), GradOrder.valueOf(required(m, "order", file)),
                    decode(required(m, "curve", file)), tags(m));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a meta-training checkpoint: " + e.getMessage(), e);
        }
    }

    /** Metadata keys of the tags start with this. */
    static final String TAG_PREFIX = "tag.";

    private static Map<String, String> tags(Map<String, String> m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (k.startsWith(TAG_PREFIX)) out.put(k.substring(TAG_PREFIX.length()), v);
        });
        return out;
    }

    private static String required(Map<String, String> m, String key, Path file) throws IOException {
        String v = m.get(key);
        if (v == null) throw new IOException(file + " is not a meta-training checkpoint: no '" + key + "' entry");
        return v;
    }

    private static Params strip(Params all, String prefix) {
        Params.Builder b = Params.builder();
        for (int i = 0; i < all.size(); i++) {
            if (all.name(i).startsWith(prefix)) b.put(all.name(i).substring(prefix.length()), all.tensor(i));
        }
        return b.build();
    }

    /** Curve points as "iteration:train:validation:ci;..." with doubles written exactly. */
    static String encode(List<CurvePoint> curve) {
        StringBuilder sb = new StringBuilder();
        for (CurvePoint p : curve) {
            if (sb.length() > 0) sb.append(';');
            sb.append(p.iteration()).append(':').append(p.trainLoss()).append(':').append(p.validationLoss())
                    .append(':').append(p.validationCi95());
        }
        return sb.toString();
    }

    static List<CurvePoint> decode(String s) {
        List<CurvePoint> out = new ArrayList<>();
        if (s.isEmpty()) return out;
        for (String item : s.split(";")) {
            String[] f = item.split(":");
            if (f.length != 4) throw new IllegalArgumentException("bad learning-curve entry '" + item + "'");
            out.add(new CurvePoint(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3])));
        }
        return out;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Checkpoint{%s, iteration %d, best validation %.4g, %s}", learner, iteration,
                bestValidation, order);
    }
}
