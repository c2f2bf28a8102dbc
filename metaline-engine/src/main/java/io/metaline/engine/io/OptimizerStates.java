package io.metaline.engine.io;

import io.metaline.engine.Params;
import io.metaline.engine.optim.OptimizerState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stores {@link OptimizerState}s, alone or together with model parameters as a training checkpoint, in a
 * {@link TensorArchive}.
 *
 * <p>Mapping onto the archive:
 * <ul>
 *   <li>slot {@code s} of parameter {@code p} is the tensor {@code "state.<s>.<p>"} (e.g. {@code "state.m.layer0.weight"});
 *   <li>in a checkpoint, model parameter {@code p} is the tensor {@code "param.<p>"};
 *   <li>metadata {@code "optimizer.kind"}, {@code "optimizer.step"}, {@code "optimizer.slots"} (slot names,
 *       comma-separated, in order) and {@code "optimizer.config.<key>"} for each configuration entry. Other
 *       metadata keys (user metadata of a checkpoint) must not start with {@code "optimizer."}.
 * </ul>
 * Slot names never contain {@code '.'} or {@code ','}, so the names split unambiguously.
 */
public final class OptimizerStates {
    private OptimizerStates() {}

    public static final String STATE_PREFIX = "state.";
    public static final String PARAM_PREFIX = "param.";
    public static final String META_PREFIX = "optimizer.";
    static final String KIND = META_PREFIX + "kind";
    static final String STEP = META_PREFIX + "step";
    static final String SLOTS = META_PREFIX + "slots";
    static final String CONFIG = META_PREFIX + "config.";

    /**
     * A training checkpoint: model parameters, optimiser state and user metadata.
     *
     * @param params    the model parameters (plain constants; call {@code withGrad()} to train on)
     * @param optimizer the optimiser state, for {@code Optimizer.load} or {@code Optimizer.restore}
     * @param metadata  user metadata (without the {@code "optimizer."} keys), unmodifiable
     */
    public record Checkpoint(Params params, OptimizerState optimizer, Map<String, String> metadata) {
        public Checkpoint {
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    /** Saves {@code state} atomically to {@code path}. */
    public static void save(Path path, OptimizerState state) throws IOException {
        TensorArchive.save(path, stateParams(state, Params.builder()).build(), stateMetadata(state, Map.of()));
    }

    /** Loads a state written by {@link #save}. */
    public static OptimizerState load(Path path) throws IOException {
        TensorArchive.Contents c = TensorArchive.load(path);
        try {
            return decode(c);
        } catch (ArchiveFormatException e) {
            throw new ArchiveFormatException(path + ": " + e.getMessage());
        }
    }

    /** Saves model parameters, optimiser state and user metadata atomically to one file. */
    public static void saveCheckpoint(Path path, Params params, OptimizerState state, Map<String, String> metadata)
            throws IOException {
        Params.Builder b = Params.builder().putAll(PARAM_PREFIX, params);
        TensorArchive.save(path, stateParams(state, b).build(), stateMetadata(state, metadata));
    }

    /** Loads a checkpoint written by {@link #saveCheckpoint}. */
    public static Checkpoint loadCheckpoint(Path path) throws IOException {
        TensorArchive.Contents c = TensorArchive.load(path);
        try {
            Params params = strip(c.params(), PARAM_PREFIX);
            Map<String, String> user = new LinkedHashMap<>();
            c.metadata().forEach((k, v) -> {
                if (!k.startsWith(META_PREFIX)) user.put(k, v);
            });
            return new Checkpoint(params, decode(c), user);
        } catch (ArchiveFormatException e) {
            throw new ArchiveFormatException(path + ": " + e.getMessage());
        }
    }

    /** The archive contents representing {@code state} (for embedding in other archives). */
    public static TensorArchive.Contents encode(OptimizerState state) {
        return new TensorArchive.Contents(stateParams(state, Params.builder()).build(), stateMetadata(state, Map.of()));
    }

    /**
     * The optimiser state held by an archive's {@code "state."} entries and {@code "optimizer."} metadata; other
     * entries and metadata are ignored.
     */
    public static OptimizerState decode(TensorArchive.Contents contents) throws ArchiveFormatException {
        Map<String, String> meta = contents.metadata();
        String kind = require(meta, KIND);
        String stepText = require(meta, STEP);
        String slotList = require(meta, SLOTS);
        int step;
        try {
            step = Integer.parseInt(stepText);
        } catch (NumberFormatException e) {
            throw new ArchiveFormatException("optimiser state: '" + STEP + "' is not an integer: '" + stepText + "'");
        }
        Map<String, String> config = new LinkedHashMap<>();
        meta.forEach((k, v) -> {
            if (k.startsWith(CONFIG)) config.put(k.substring(CONFIG.length()), v);
        });
        Map<String, Params> slots = new LinkedHashMap<>();
        if (!slotList.isEmpty()) {
            for (String slot : slotList.split(",", -1)) {
                slots.put(slot, strip(contents.params(), STATE_PREFIX + slot + "."));
            }
        }
        try {
            return new OptimizerState(kind, step, config, slots);
        } catch (IllegalArgumentException e) {
            throw new ArchiveFormatException("optimiser state is inconsistent: " + e.getMessage());
        }
    }

    private static Params.Builder stateParams(OptimizerState state, Params.Builder b) {
        state.slots().forEach((slot, p) -> b.putAll(STATE_PREFIX + slot + ".", p));
        return b;
    }

    private static Map<String, String> stateMetadata(OptimizerState state, Map<String, String> user) {
        Map<String, String> meta = new LinkedHashMap<>();
        user.forEach((k, v) -> {
            if (k.startsWith(META_PREFIX)) {
                throw new IllegalArgumentException("OptimizerStates: metadata key '" + k + "' uses the reserved prefix '"
                        + META_PREFIX + "'");
            }
            meta.put(k, v);
        });
        meta.put(KIND, state.kind());
        meta.put(STEP, Integer.toString(state.step()));
        meta.put(SLOTS, String.join(",", state.slots().keySet()));
        state.config().forEach((k, v) -> meta.put(CONFIG + k, v));
        return meta;
    }

    /** The entries whose names start with {@code prefix}, with the prefix removed, in order. */
    private static Params strip(Params all, String prefix) {
        Params.Builder b = Params.builder();
        for (int i = 0; i < all.size(); i++) {
            String n = all.name(i);
            if (n.startsWith(prefix) && n.length() > prefix.length()) b.put(n.substring(prefix.length()), all.tensor(i));
        }
        return b.build();
    }

    private static String require(Map<String, String> meta, String key) throws ArchiveFormatException {
        String v = meta.get(key);
        if (v == null) {
            throw new ArchiveFormatException("not an optimiser state: the archive has no metadata '" + key + "'");
        }
        return v;
    }
}
