package io.metaline.engine.nn;

import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A multilayer perceptron: {@link Linear} layers with widths {@code w0 -> w1 -> ... -> wL}, the hidden activation
 * after every layer but the last and the output activation after the last. Layer {@code i} reads
 * {@code "layer{i}.weight"} {@code [w(i+1), w(i)]} and {@code "layer{i}.bias"} {@code [w(i+1)]}.
 *
 * <p>{@code Mlp.of(1, 40, 40, 1)} is the sine-regression network of MAML (ReLU hidden units, linear output).
 */
public final class Mlp implements Module {
    /**
     * The architecture of an {@link Mlp}.
     *
     * @param widths           input width, hidden widths, output width: at least two entries, all positive
     * @param hidden           activation after each hidden layer
     * @param output           activation after the last layer
     * @param init             initialisation of every layer
     */
    public record Config(List<Integer> widths, Activation hidden, Activation output, Init init) {
        public Config {
            if (widths == null || widths.size() < 2) {
                throw new IllegalArgumentException("Mlp.Config: need at least two widths (input and output), got " + widths);
            }
            for (int i = 0; i < widths.size(); i++) {
                Integer w = widths.get(i);
                if (w == null || w <= 0) {
                    throw new IllegalArgumentException("Mlp.Config: width " + i + " must be positive, got " + w
                            + " in " + widths);
                }
            }
            if (hidden == null || output == null || init == null) {
                throw new IllegalArgumentException("Mlp.Config: hidden activation, output activation and init must "
                        + "not be null (got " + hidden + ", " + output + ", " + init + ")");
            }
            widths = List.copyOf(widths);
        }

        /** ReLU hidden layers, identity output, PyTorch's default initialisation. */
        public static Config of(int... widths) {
            List<Integer> w = new ArrayList<>(widths.length);
            for (int v : widths) w.add(v);
            return new Config(w, Activation.RELU, Activation.IDENTITY, Init.PYTORCH_DEFAULT);
        }

        public Config withHidden(Activation activation) {
            return new Config(widths, activation, output, init);
        }

        public Config withOutput(Activation activation) {
            return new Config(widths, hidden, activation, init);
        }

        public Config withInit(Init scheme) {
            return new Config(widths, hidden, output, scheme);
        }

        /** Number of linear layers (one less than the number of widths). */
        public int layers() {
            return widths.size() - 1;
        }

        @Override
        public String toString() {
            return "Mlp " + widths.stream().map(String::valueOf).collect(Collectors.joining("-"))
                    + " (hidden " + hidden + ", output " + output + ", init " + init + ")";
        }
    }

    private final Config config;
    private final Linear[] layers;

    public Mlp(Config config) {
        if (config == null) throw new IllegalArgumentException("Mlp: config must not be null");
        this.config = config;
        this.layers = new Linear[config.layers()];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = new Linear(config.widths().get(i), config.widths().get(i + 1), config.init());
        }
    }

    /** An MLP with the given widths, ReLU hidden layers, identity output and PyTorch's default initialisation. */
    public static Mlp of(int... widths) {
        return new Mlp(Config.of(widths));
    }

    public Config config() {
        return config;
    }

    /** Number of linear layers. */
    public int layers() {
        return layers.length;
    }

    /** The name prefix of layer {@code i}, such as {@code "layer0."}. */
    public static String prefix(int i) {
        return "layer" + i + ".";
    }

    /** All parameter names in order: {@code layer0.weight, layer0.bias, layer1.weight, ...}. */
    public List<String> paramNames() {
        List<String> names = new ArrayList<>(2 * layers.length);
        for (int i = 0; i < layers.length; i++) {
            names.add(prefix(i) + Linear.WEIGHT);
            names.add(prefix(i) + Linear.BIAS);
        }
        return List.copyOf(names);
    }

    /** The names of the last layer's parameters (the "head" that ANIL adapts): weight, then bias. */
    public List<String> headParamNames() {
        String p = prefix(layers.length - 1);
        return List.of(p + Linear.WEIGHT, p + Linear.BIAS);
    }

    @Override
    public Params init(Rng rng) {
        Params.Builder b = Params.builder();
        for (int i = 0; i < layers.length; i++) b.putAll(prefix(i), layers[i].init(rng));
        return b.build();
    }

    @Override
    public Tensor forward(Params params, String prefix, Tensor x) {
        int in = config.widths().get(0);
        if ((x.rank() != 2 && x.rank() != 3) || x.dim(-1) != in) {
            throw new IllegalArgumentException(config + ": input must be [n, " + in + "] or [batch, n, " + in
                    + "], got " + Checks.shape(x));
        }
        Tensor h = x;
        for (int i = 0; i < layers.length; i++) {
            h = layers[i].forward(params, prefix + prefix(i), h);
            h = (i < layers.length - 1 ? config.hidden() : config.output()).apply(h);
        }
        return h;
    }

    @Override
    public String toString() {
        return config.toString();
    }
}
