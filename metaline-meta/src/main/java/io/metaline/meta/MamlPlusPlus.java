package io.metaline.meta;

import io.metaline.engine.Autograd;
import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import io.metaline.engine.nn.Module;

/**
 * MAML++ (Antoniou, Edwards and Storkey, "How to train your MAML", ICLR 2019), with the refinements that matter
 * most for stability and accuracy:
 * <ul>
 *   <li><b>LSLR</b>, learned per-step per-layer learning rates: one scalar per (inner step, weight tensor), named
 *       {@code "lslr.step{s}.{name}"}, initialised to {@code innerLr} and meta-learned with the weights. Adapting
 *       for more steps than were trained reuses the last step's rates.</li>
 *   <li><b>MSL</b>, the multi-step loss: the meta-objective is a weighted sum of the query losses after every inner
 *       step. The weights start uniform and anneal towards the last step over the first {@code mslFraction} of
 *       training (read from {@link TrainingStep#progress()}), each earlier step keeping at least {@code 0.03 / N};
 *       afterwards only the last step counts, as in the authors' code.</li>
 *   <li><b>Derivative-order annealing</b>: first order early, second order later; the trainer switches the order
 *       ({@code TrainerConfig.firstOrderIterations}) and this learner honours {@link TrainingStep#order()}.</li>
 * </ul>
 * Per-step batch-norm statistics and cosine annealing of the outer rate are outside this class (no batch norm in
 * the engine; the outer schedule belongs to the trainer). The reported query loss is the last step's, unweighted.
 */
public final class MamlPlusPlus implements MetaLearner {
    /** Prefix of the learned-rate entries. */
    public static final String LSLR_PREFIX = "lslr.";
    /** Smallest weight of a non-final step's loss during the MSL phase, times the number of steps (the paper's 0.03). */
    public static final double MIN_STEP_WEIGHT = 0.03;

    /**
     * @param innerSteps  inner gradient steps during meta-training, at least 1
     * @param innerLr     initial value of every learned rate, positive
     * @param mslFraction fraction of training, in [0, 1], over which the multi-step loss anneals to the last step;
     *                    0 uses the last step's loss only
     */
    public record Config(int innerSteps, double innerLr, double mslFraction) {
        public Config {
            if (innerSteps < 1) throw new IllegalArgumentException("MamlPlusPlus.Config: innerSteps must be >= 1, got " + innerSteps);
            if (!(innerLr > 0) || !Double.isFinite(innerLr)) {
                throw new IllegalArgumentException("MamlPlusPlus.Config: innerLr must be positive and finite, got " + innerLr);
            }
            if (!(mslFraction >= 0 && mslFraction <= 1)) {
                throw new IllegalArgumentException("MamlPlusPlus.Config: mslFraction must be in [0, 1], got " + mslFraction);
            }
        }

        /** The multi-step loss over the first tenth of training. */
        public static Config of(int innerSteps, double innerLr) {
            return new Config(innerSteps, innerLr, 0.1);
        }
    }

    private final Module net;
    private final Config config;
    private final InnerLoop inner;

    public MamlPlusPlus(Module net, TaskLoss loss, Config config) {
        this.net = net;
        this.config = config;
        this.inner = new InnerLoop(net, loss, InnerLoop.ALL, this::lslrStep);
    }

    public Config config() {
        return config;
    }

    /** The name of the learned rate of weight {@code param} at inner step {@code step} (0-based). */
    public static String rateName(int step, String param) {
        return LSLR_PREFIX + "step" + step + "." + param;
    }

    /**
     * The multi-step loss weights of {@code steps} inner steps at training progress {@code progress} in [0, 1]:
     * non-negative, summing to 1, uniform at progress 0 and all on the last step from {@code mslFraction} on.
     */
    public static double[] stepWeights(int steps, double progress, double mslFraction) {
        double[] w = new double[steps];
        if (steps == 1 || mslFraction == 0 || progress >= mslFraction) {
            w[steps - 1] = 1;
            return w;
        }
        double t = progress / mslFraction, rest = 0;
        for (int s = 0; s < steps - 1; s++) {
            w[s] = Math.max((1 - t) / steps, MIN_STEP_WEIGHT / steps);
            rest += w[s];
        }
        w[steps - 1] = 1 - rest;
        return w;
    }

    @Override
    public String name() {
        return "mamlpp";
    }

    @Override
    public Params init(Rng rng) {
        Params weights = net.init(rng);
        Params.Builder b = Params.builder().putAll("", weights);
        for (String name : weights.names()) {
            if (name.startsWith(LSLR_PREFIX)) {
                throw new IllegalArgumentException("MamlPlusPlus: network parameter '" + name + "' starts with '"
                        + LSLR_PREFIX + "', which is reserved for the learned rates; rename it");
            }
        }
        for (int s = 0; s < config.innerSteps(); s++) {
            for (String name : weights.names()) b.put(rateName(s, name), Tensor.scalar(config.innerLr()));
        }
        return b.build();
    }

    @Override
    public int innerSteps() {
        return config.innerSteps();
    }

    @Override
    public Params adapt(Params meta, Examples support, int steps, GradOrder order) {
        return inner.run(meta, weights(meta), support, steps, order);
    }

    @Override
    public Tensor predict(Params adapted, Tensor x) {
        return net.forward(adapted, x);
    }

    @Override
    public Tensor loss(Params adapted, Examples data) {
        return inner.loss(adapted, data);
    }

    /** The gradient of the multi-step loss {@code sum_s w_s * queryLoss(after step s)}. */
    @Override
    public TaskUpdate taskUpdate(Params meta, Task task, TrainingStep step) {
        Params leaves = meta.withGrad();
        int steps = config.innerSteps();
        double[] w = stepWeights(steps, step.progress(), config.mslFraction());
        Tensor[] objective = {null};
        double[] lastLoss = {Double.NaN};
        inner.run(leaves, weights(leaves), task.support(), steps, step.order(), (s, fast) -> {
            if (w[s] == 0) return;
            Tensor q = loss(fast, task.query());
            Tensor term = q.mul(w[s]);
            objective[0] = objective[0] == null ? term : objective[0].add(term);
            if (s == steps - 1) lastLoss[0] = q.item();
        });
        return new TaskUpdate(Autograd.grad(objective[0], leaves, false), lastLoss[0]);
    }

    /** The network weights among the meta-parameters (everything but the learned rates). */
    static Params weights(Params meta) {
        return meta.select(name -> !name.startsWith(LSLR_PREFIX));
    }

    /** {@code p - lr[s, p] * g}: the scalar rate of this weight tensor at this step (the last trained one beyond). */
    private Params lslrStep(Params meta, Params current, Params grads, int step) {
        int s = Math.min(step, config.innerSteps() - 1);
        Params.Builder b = Params.builder();
        for (int i = 0; i < current.size(); i++) {
            String name = current.name(i), rateName = rateName(s, name);
            if (!meta.contains(rateName)) {
                throw new IllegalArgumentException("MamlPlusPlus: the meta-parameters have no learned rate '" + rateName
                        + "' for weight '" + name + "' at step " + s + "; make them with MamlPlusPlus.init (with the same "
                        + "innerSteps, " + config.innerSteps() + ")");
            }
            Tensor rate = meta.get(rateName);
            if (rate.size() != 1) {
                throw new IllegalArgumentException("MamlPlusPlus: learned rate '" + rateName + "' must be a scalar, got "
                        + rate.size() + " values");
            }
            b.put(name, current.tensor(i).sub(grads.tensor(i).mul(rate)));
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "MamlPlusPlus" + config + " on " + net;
    }
}
