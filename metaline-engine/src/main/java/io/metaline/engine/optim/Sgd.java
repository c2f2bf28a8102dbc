package io.metaline.engine.optim;

import io.metaline.engine.Params;
import io.metaline.engine.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay, following PyTorch's
 * {@code torch.optim.SGD} (with {@code dampening = 0}). For each element, with learning rate {@code lr} from the
 * schedule:
 *
 * <pre>
 *   g = grad + weightDecay * p
 *   if momentum != 0:
 *       buf = (first update) ? g : momentum * buf + g
 *       g   = nesterov ? g + momentum * buf : buf
 *   p = p - lr * g
 * </pre>
 *
 * The momentum buffer is slot {@code "momentum"} of the {@linkplain #state() state}; plain SGD has no slots.
 */
public final class Sgd implements Optimizer {
    /** The {@link OptimizerState#kind()} of SGD states. */
    public static final String KIND = "sgd";
    static final String MOMENTUM = "momentum";

    /**
     * SGD hyper-parameters.
     *
     * @param lr          base learning rate, finite and {@code > 0}
     * @param momentum    momentum factor in {@code [0, 1)}; 0 disables momentum
     * @param nesterov    Nesterov momentum (requires {@code momentum > 0})
     * @param weightDecay L2 penalty coefficient, finite and {@code >= 0} (added to the gradient)
     */
    public record Config(double lr, double momentum, boolean nesterov, double weightDecay) {
        public Config {
            if (!(lr > 0 && lr < Double.POSITIVE_INFINITY)) throw new IllegalArgumentException("Sgd: lr must be finite and > 0, got " + lr);
            if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("Sgd: momentum must be in [0, 1), got " + momentum);
            if (nesterov && momentum == 0) throw new IllegalArgumentException("Sgd: Nesterov momentum requires momentum > 0");
            if (!(weightDecay >= 0 && weightDecay < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("Sgd: weightDecay must be finite and >= 0, got " + weightDecay);
            }
        }

        /** Plain SGD. */
        public static Config of(double lr) {
            return new Config(lr, 0, false, 0);
        }

        /** The hyper-parameters as strings (exact round trip through {@link #fromMap}). */
        public Map<String, String> toMap() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("lr", Double.toString(lr));
            m.put("momentum", Double.toString(momentum));
            m.put("nesterov", Boolean.toString(nesterov));
            m.put("weightDecay", Double.toString(weightDecay));
            return m;
        }

        /** Parses {@link #toMap()}'s output (extra keys are ignored). */
        public static Config fromMap(Map<String, String> m) {
            return new Config(ConfigMaps.number(m, "lr", "Sgd"), ConfigMaps.number(m, "momentum", "Sgd"),
                    ConfigMaps.bool(m, "nesterov", "Sgd"), ConfigMaps.number(m, "weightDecay", "Sgd"));
        }
    }

    private final Config config;
    private final LrSchedule schedule;
    private int step;
    /** Null until the first update with momentum (or a loaded momentum buffer). */
    private SlotBuffers buffers;

    public Sgd(Config config) {
        this(config, LrSchedule.constant());
    }

    public Sgd(Config config, LrSchedule schedule) {
        if (config == null) throw new IllegalArgumentException("Sgd: config is null");
        if (schedule == null) throw new IllegalArgumentException("Sgd: schedule is null");
        this.config = config;
        this.schedule = schedule;
    }

    /** Plain SGD with a constant learning rate. */
    public static Sgd sgd(double lr) {
        return new Sgd(Config.of(lr));
    }

    /** SGD with (heavy-ball) momentum and a constant learning rate. */
    public static Sgd momentum(double lr, double momentum) {
        return new Sgd(new Config(lr, momentum, false, 0));
    }

    /** A new SGD optimiser configured from {@code state.config()} and continuing from {@code state}. */
    public static Sgd restore(OptimizerState state, LrSchedule schedule) {
        requireKind(state);
        Sgd s = new Sgd(Config.fromMap(state.config()), schedule);
        s.load(state);
        return s;
    }

    public Config config() {
        return config;
    }

    public LrSchedule schedule() {
        return schedule;
    }

    @Override
    public Params step(Params params, Params grads) {
        params.requireSameNames(grads, "Sgd.step (parameters vs gradients)");
        double lr = ConfigMaps.scheduledLr(schedule, config.lr, step, "Sgd");
        double mu = config.momentum, wd = config.weightDecay;
        boolean first = false;
        if (mu != 0) {
            if (buffers == null) {
                buffers = SlotBuffers.zerosLike(params, MOMENTUM);
                first = true;
            } else {
                buffers.requireMatches(params, "Sgd.step");
            }
        }
        double[] g = new double[maxSize(params)];
        Params.Builder out = Params.builder();
        for (int i = 0; i < params.size(); i++) {
            Tensor pt = params.tensor(i);
            int n = pt.size();
            double[] p = pt.toArray();
            grads.tensor(i).copyTo(g, 0);
            double[] buf = mu != 0 ? buffers.data[0][i] : null;
            for (int j = 0; j < n; j++) {
                double d = g[j];
                if (wd != 0) d += wd * p[j];
                if (mu != 0) {
                    double b = first ? d : mu * buf[j] + d;
                    buf[j] = b;
                    d = config.nesterov ? d + mu * b : b;
                }
                p[j] = p[j] - lr * d;
            }
            out.put(params.name(i), ConfigMaps.result(p, pt));
        }
        step = Math.addExact(step, 1);
        return out.build();
    }

    @Override
    public int stepCount() {
        return step;
    }

    @Override
    public double learningRate() {
        return ConfigMaps.scheduledLr(schedule, config.lr, step, "Sgd");
    }

    @Override
    public OptimizerState state() {
        Map<String, String> cfg = config.toMap();
        cfg.put("schedule", schedule.describe());
        return new OptimizerState(KIND, step, cfg, buffers == null ? Map.of() : buffers.snapshot());
    }

    /**
     * {@inheritDoc} A state without a momentum buffer is accepted by momentum SGD (the buffer starts from the
     * next gradient, as in PyTorch); a state with one is rejected by SGD without momentum.
     */
    @Override
    public void load(OptimizerState state) {
        requireKind(state);
        if (state.slots().isEmpty()) {
            buffers = null;
        } else if (config.momentum == 0) {
            throw new IllegalArgumentException("Sgd.load: the state has slots " + state.slots().keySet()
                    + " but this optimiser has momentum 0");
        } else {
            buffers = SlotBuffers.fromState(state, "Sgd.load", MOMENTUM);
        }
        step = state.step();
    }

    private static void requireKind(OptimizerState state) {
        if (!KIND.equals(state.kind())) {
            throw new IllegalArgumentException("Sgd: cannot load a state of kind '" + state.kind() + "'");
        }
    }

    static int maxSize(Params params) {
        int max = 0;
        for (int i = 0; i < params.size(); i++) max = Math.max(max, params.tensor(i).size());
        return max;
    }

    @Override
    public String toString() {
        return "Sgd" + config + " schedule=" + schedule.describe() + " step=" + step;
    }
}
