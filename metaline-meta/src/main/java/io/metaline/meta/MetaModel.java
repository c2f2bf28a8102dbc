package io.metaline.meta;

import io.metaline.engine.Params;
import io.metaline.engine.io.TensorArchive;
import io.metaline.engine.nn.Activation;
import io.metaline.engine.nn.Init;
import io.metaline.engine.nn.Mlp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trained meta-model as one file: the algorithm and network it was trained with, its meta-parameters, its
 * metrics, and provenance (seed, iterations, data, versions, time). The file is a checksummed tensor archive, so a
 * corrupt or truncated file is refused; {@link #learner()} rebuilds the learner so another process can adapt it.
 *
 * @param algorithm  registry name ({@link Algorithms})
 * @param net        the network's architecture
 * @param loss       the task loss
 * @param innerLr    inner step size
 * @param innerSteps inner steps used in training
 * @param meta       the meta-parameters
 * @param metrics    measured numbers, e.g. {@code "val_mse_step1" -> "0.31"}
 * @param provenance how it was made: seed, iterations, data reference, versions, creation time
 * @param extra      application data stored alongside (e.g. a scaler), keys without {@code '.'} prefixes reserved
 */
public record MetaModel(String algorithm, Mlp.Config net, TaskLoss loss, double innerLr, int innerSteps, Params meta,
                        Map<String, String> metrics, Map<String, String> provenance, Map<String, String> extra) {

    public static final String FORMAT = "metaline-meta-model/1";

    public MetaModel {
        metrics = Map.copyOf(metrics);
        provenance = Map.copyOf(provenance);
        extra = Map.copyOf(extra);
    }

    /** The learner this model was trained with, ready to {@link MetaLearner#adapt adapt}. */
    public MetaLearner learner() {
        return Algorithms.create(algorithm, new Mlp(net), loss, innerLr, innerSteps);
    }

    public void save(Path file) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("algorithm", algorithm);
        m.put("net.widths", join(net.widths()));
        m.put("net.hidden", net.hidden().name());
        m.put("net.output", net.output().name());
        m.put("net.init", net.init().name());
        m.put("loss", loss.name());
        m.put("innerLr", Double.toString(innerLr));
        m.put("innerSteps", Integer.toString(innerSteps));
        new TreeMap<>(metrics).forEach((k, v) -> m.put("metric." + k, v));
        new TreeMap<>(provenance).forEach((k, v) -> m.put("provenance." + k, v));
        new TreeMap<>(extra).forEach((k, v) -> m.put("extra." + k, v));
        TensorArchive.save(file, meta, m);
    }

    public static MetaModel load(Path file) throws IOException {
        TensorArchive.Contents c = TensorArchive.load(file);
        Map<String, String> m = c.metadata();
        if (!FORMAT.equals(m.get("format"))) {
            throw new IOException(file + " is a tensor archive but not a MetaLine meta-model (format '" + m.get("format")
                    + "', expected '" + FORMAT + "')");
        }
        try {
            List<Integer> widths = new ArrayList<>();
            for (String w : get(m, "net.widths", file).split(",")) widths.add(Integer.parseInt(w.trim()));
            Mlp.Config net = new Mlp.Config(widths, Activation.valueOf(get(m, "net.hidden", file)),
                    Activation.valueOf(get(m, "net.output", file)), Init.valueOf(get(m, "net.init", file)));
            return new MetaModel(get(m, "algorithm", file), net, TaskLoss.valueOf(get(m, "loss", file)),
                    Double.parseDouble(get(m, "innerLr", file)), Integer.parseInt(get(m, "innerSteps", file)),
                    c.params(), prefixed(m, "metric."), prefixed(m, "provenance."), prefixed(m, "extra."));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": invalid meta-model description: " + e.getMessage(), e);
        }
    }

    private static String get(Map<String, String> m, String key, Path file) throws IOException {
        String v = m.get(key);
        if (v == null) throw new IOException(file + ": meta-model has no '" + key + "' entry");
        return v;
    }

    private static Map<String, String> prefixed(Map<String, String> m, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), v);
        });
        return out;
    }

    private static String join(List<Integer> widths) {
        StringBuilder sb = new StringBuilder();
        for (int w : widths) sb.append(sb.length() == 0 ? "" : ",").append(w);
        return sb.toString();
    }
}
