package io.metaline.engine.optim;

import io.metaline.engine.Params;
import io.metaline.engine.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (Kingma and Ba, 2015) and AdamW (Loshchilov and Hutter, 2019), following PyTorch's {@code torch.optim.Adam}
 * and {@code torch.optim.AdamW} (without amsgrad). For update {@code t} (1-based) with learning rate {@code lr}
 * from the schedule, for each element:
 *
 * <pre>
 *   if weightDecay != 0:
 *       decoupled (AdamW):  p = p * (1 - lr * weightDecay)
 *       otherwise (Adam):   g = g + weightDecay * p
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * (g * g)
 *   denom = sqrt(v) / sqrt(1 - beta2^t) + eps
 *   p = p - (lr / (1 - beta1^t)) * (m / denom)
 * </pre>
 *
 * On the first update {@code m / (1 - beta1)} is {@code g} and {@code sqrt(v / (1 - beta2))} is {@code |g|}, so
 * every element moves by about {@code lr * sign(g)}. The moments are slots {@code "m"} and {@code "v"} of the
 * {@linkplain #state() state}.
 */
public final class Adam implements Optimizer {
    /** The {@link OptimizerState#kind()} of Adam and AdamW states. */
    public static final String KIND = "adam";
    static final String M = "m";
    static final String V = "v";

    /**
     * Adam hyper-parameters.
     *
     * @param lr          base learning rate, finite and {@code > 0}
     * @param beta1       decay of the first moment, in {@code [0, 1)}
     * @param beta2       decay of the second moment, in {@code [0, 1)}
     * @param eps         added to the denominator, finite and {@code > 0}
     * @param weightDecay finite and {@code >= 0}
     * @param decoupled   true for AdamW (decay applied to the parameters), false for L2 added to the gradient
     */
    public record Config(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        public Config {
            if (!(lr > 0 && lr < Double.POSITIVE_INFINITY)) throw new IllegalArgumentException("Adam: lr must be finite and > 0, got " + lr);
            if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("Adam: beta1 must be in [0, 1), got " + beta1);
            if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("Adam: beta2 must be in [0, 1), got " + beta2);
            if (!(eps > 0 && eps < Double.POSITIVE_INFINITY)) throw new IllegalArgumentException("Adam: eps must be finite and > 0, got " + eps);
            if (!(weightDecay >= 0 && weightDecay < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("Adam: weightDecay must be finite and >= 0, got " + weightDecay);
            }
        }

        /** PyTorch's Adam defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
        public static Config adam(double lr) {
            return new Config(lr, 0.9, 0.999, 1e-8, 0, false);
        }

        /** PyTorch's AdamW defaults with the given decoupled weight decay. */
        public static Config adamW(double lr, double weightDecay) {
            return new Config(lr, 0.9, 0.999, 1e-8, weightDecay, true);
        }

        /** The hyper-parameters as strings (exact round trip through {@link #fromMap}). */
        public Map<String, String> toMap() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("lr", Double.toString(lr));
            m.put("beta1", Double.toString(beta1));
            m.put("beta2", Double.toString(beta2));
            m.put("eps", Double.toString(eps));
            m.put("weightDecay", Double.toString(weightDecay));
            m.put("decoupled", Boolean.toString(decoupled));
            return m;
        }

        /** Parses {@link #toMap()}'s output (extra keys are ignored). */
        public static Config fromMap(Map<String, String> m) {
            return new Config(ConfigMaps.number(m, "lr", "Adam"), ConfigMaps.number(m, "beta1", "Adam"),
                    ConfigMaps.number(m, "beta2", "Adam"), ConfigMaps.number(m, "eps", "Adam"),
                    ConfigMaps.number(m, "weightDecay", "Adam"), ConfigMaps.bool(m, "decoupled", "Adam"));
        }
    }

    private final Config config;
    private final LrSchedule schedule;
    private int step;
    /** Null before the first update (or load). */
    private SlotBuffers moments;

    public Adam(Config config) {
        this(config, LrSchedule.constant());
    }

    public Adam(Config config, LrSchedule schedule) {
        if (config == null) throw new IllegalArgumentException("Adam: config is null");
        if (schedule == null) throw new IllegalArgumentException("Adam: schedule is null");
        this.config = config;
        this.schedule = schedule;
    }

    /** Adam with PyTorch's defaults and a constant learning rate. */
    public static Adam adam(double lr) {
        return new Adam(Config.adam(lr));
    }

    /** AdamW with PyTorch's defaults, the given decoupled weight decay and a constant learning rate. */
    public static Adam adamW(double lr, double weightDecay) {
        return new Adam(Config.adamW(lr, weightDecay));
    }

    /** A new Adam optimiser configured from {@code state.config()} and continuing from {@code state}. */
    public static Adam restore(OptimizerState state, LrSchedule schedule) {
        requireKind(state);
        Adam a = new Adam(Config.fromMap(state.config()), schedule);
        a.load(state);
        return a;
    }

    public Config config() {
        return config;
    }

    public LrSchedule schedule() {
        return schedule;
    }

    @Override
    public Params step(Params params, Params grads) {
        params.requireSameNames(grads, "Adam.step (parameters vs gradients)");
        double lr = ConfigMaps.scheduledLr(schedule, config.lr, step, "Adam");
        if (moments == null) moments = SlotBuffers.zerosLike(params, M, V);
        else moments.requireMatches(params, "Adam.step");
        int t = Math.addExact(step, 1);
        double b1 = config.beta1, b2 = config.beta2, eps = config.eps, wd = config.weightDecay;
        double decay = config.decoupled ? 1 - lr * wd : 1;
        double l2 = config.decoupled ? 0 : wd;
        double stepSize = lr / (1 - Math.pow(b1, t));
        double bc2Sqrt = Math.sqrt(1 - Math.pow(b2, t));
        double[] g = new double[Sgd.maxSize(params)];
        Params.Builder out = Params.builder();
        for (int i = 0; i < params.size(); i++) {
            Tensor pt = params.tensor(i);
            int n = pt.size();
            double[] p = pt.toArray();
            grads.tensor(i).copyTo(g, 0);
            double[] m = moments.data[0][i], v = moments.data[1][i];
            for (int j = 0; j < n; j++) {
                double pj = p[j], gj = g[j];
                if (wd != 0) {
                    if (config.decoupled) pj = pj * decay;
                    else gj = gj + l2 * pj;
                }
                double mj = b1 * m[j] + (1 - b1) * gj;
                double vj = b2 * v[j] + (1 - b2) * (gj * gj);
                m[j] = mj;
                v[j] = vj;
                double denom = Math.sqrt(vj) / bc2Sqrt + eps;
                p[j] = pj - stepSize * (mj / denom);
            }
            out.put(params.name(i), ConfigMaps.result(p, pt));
        }
        step = t;
        return out.build();
    }

    @Override
    public int stepCount() {
        return step;
    }

    @Override
    public double learningRate() {
        return ConfigMaps.scheduledLr(schedule, config.lr, step, "Adam");
    }

    @Override
    public OptimizerState state() {
        Map<String, String> cfg = config.toMap();
        cfg.put("schedule", schedule.describe());
        return new OptimizerState(KIND, step, cfg, moments == null ? Map.of() : moments.snapshot());
    }

    /** {@inheritDoc} A state after at least one update must hold both moments ({@code "m"} and {@code "v"}). */
    @Override
    public void load(OptimizerState state) {
        requireKind(state);
        if (state.slots().isEmpty()) {
            if (state.step() != 0) {
                throw new IllegalArgumentException("Adam.load: the state is at step " + state.step()
                        + " but holds no moments (slots 'm' and 'v')");
            }
            moments = null;
        } else {
            moments = SlotBuffers.fromState(state, "Adam.load", M, V);
        }
        step = state.step();
    }

    private static void requireKind(OptimizerState state) {
        if (!KIND.equals(state.kind())) {
            throw new IllegalArgumentException("Adam: cannot load a state of kind '" + state.kind() + "'");
        }
    }

    @Override
    public String toString() {
        return (config.decoupled ? "AdamW" : "Adam") + config + " schedule=" + schedule.describe() + " step=" + step;
    }
}
