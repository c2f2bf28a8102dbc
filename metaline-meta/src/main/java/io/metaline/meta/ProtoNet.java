package io.metaline.meta;

import io.metaline.engine.Autograd;
import io.metaline.engine.Losses;
import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import io.metaline.engine.nn.Module;
import java.util.Arrays;

/**
 * Prototypical Networks (Snell, Swersky and Zemel, "Prototypical Networks for Few-shot Learning", NeurIPS 2017):
 * embed the examples, represent each class by the mean embedding of its support examples (its prototype) and
 * classify by the negative squared Euclidean distance to the prototypes. Adaptation is this closed-form averaging,
 * not gradient descent: {@link #adapt} returns the embedding weights plus a {@value #PROTOTYPES} entry {@code [C, D]},
 * which stays differentiable with respect to the weights when they require gradients; its {@code steps} and
 * {@code order} are ignored and {@link #innerSteps()} is 0. Meta-training descends the query cross-entropy.
 *
 * <p>Classification only: the support set must hold every class 0..C-1 at least once.
 */
public final class ProtoNet implements MetaLearner {
    /** Name of the prototypes entry of adapted parameters. */
    public static final String PROTOTYPES = "prototypes";

    private final Module embedding;

    /** @param embedding maps inputs {@code [n, ...]} to embeddings {@code [n, D]} (trailing axes are flattened) */
    public ProtoNet(Module embedding) {
        if (embedding == null) throw new IllegalArgumentException("ProtoNet: the embedding network must not be null");
        this.embedding = embedding;
    }

    @Override
    public String name() {
        return "protonet";
    }

    @Override
    public Params init(Rng rng) {
        Params weights = embedding.init(rng);
        if (weights.contains(PROTOTYPES)) {
            throw new IllegalArgumentException("ProtoNet: the embedding network has a parameter named '" + PROTOTYPES
                    + "', which is reserved for the class prototypes; rename it");
        }
        return weights;
    }

    /** No gradient steps: prototypes are computed in closed form. */
    @Override
    public int innerSteps() {
        return 0;
    }

    @Override
    public Params adapt(Params meta, Examples support, int steps, GradOrder order) {
        requireClassification("the support set", support);
        int n = support.size(), classes = support.classCount();
        int[] labels = support.labels();
        int[] count = new int[classes];
        for (int label : labels) count[label]++;
        for (int c = 0; c < classes; c++) {
            if (count[c] == 0) {
                throw new IllegalArgumentException("ProtoNet: class " + c + " has no example in the support set (labels "
                        + Arrays.toString(labels) + "); every class 0.." + (classes - 1)
                        + " needs at least one support example to have a prototype");
            }
        }
        // prototypes = A E with A[c, i] = 1/count[c] if example i is of class c: one differentiable matmul.
        double[] average = new double[classes * n];
        for (int i = 0; i < n; i++) average[labels[i] * n + i] = 1.0 / count[labels[i]];
        Params weights = meta.select(name -> !name.equals(PROTOTYPES));
        Tensor prototypes = Tensor.adopt(average, classes, n).matmul(embed(weights, support.x()));
        return Params.builder().putAll("", weights).put(PROTOTYPES, prototypes).build();
    }

    /** Logits {@code [n, C]}: minus the squared Euclidean distance from each embedding to each prototype. */
    @Override
    public Tensor predict(Params adapted, Tensor x) {
        if (!adapted.contains(PROTOTYPES)) {
            throw new IllegalArgumentException("ProtoNet: no '" + PROTOTYPES + "' entry in the parameters; pass the "
                    + "result of adapt(meta, support, ...), not the meta-parameters");
        }
        Tensor prototypes = adapted.get(PROTOTYPES);
        Tensor e = embed(adapted, x);
        if (e.dim(1) != prototypes.dim(1)) {
            throw new IllegalArgumentException("ProtoNet: embeddings have " + e.dim(1) + " features but the prototypes "
                    + Arrays.toString(prototypes.shape()) + " have " + prototypes.dim(1));
        }
        // [n, 1, D] - [1, C, D] -> [n, C, D]: the differences directly, without the |e|^2 - 2 e.p + |p|^2 cancellation.
        return e.unsqueeze(1).sub(prototypes.unsqueeze(0)).square().sum(2, false).neg();
    }

    @Override
    public Tensor loss(Params adapted, Examples data) {
        requireClassification("the examples", data);
        Tensor logits = predict(adapted, data.x());
        int classes = logits.dim(1);
        int[] labels = data.labels();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classes) {
                throw new IllegalArgumentException("ProtoNet: example " + i + " has label " + labels[i]
                        + " but the support set only had classes 0.." + (classes - 1));
            }
        }
        return Losses.crossEntropy(logits, labels);
    }

    /** The gradient of the query cross-entropy with respect to the embedding weights, prototypes on the graph. */
    @Override
    public TaskUpdate taskUpdate(Params meta, Task task, TrainingStep step) {
        Params leaves = meta.withGrad();
        Tensor queryLoss = loss(adapt(leaves, task.support(), 0, step.order()), task.query());
        return new TaskUpdate(Autograd.grad(queryLoss, leaves, false), queryLoss.item());
    }

    /** Embeddings as a matrix {@code [n, D]}. */
    private Tensor embed(Params weights, Tensor x) {
        Tensor e = embedding.forward(weights, x);
        int n = x.dim(0);
        if (e.rank() == 0 || e.dim(0) != n) {
            throw new IllegalArgumentException("ProtoNet: the embedding of " + n + " inputs has shape "
                    + Arrays.toString(e.shape()) + "; it must keep the example axis first");
        }
        return e.rank() == 2 ? e : e.reshape(n, e.size() / Math.max(n, 1));
    }

    private static void requireClassification(String what, Examples data) {
        if (!data.isClassification()) {
            throw new IllegalArgumentException("ProtoNet classifies, but " + what + " has regression targets "
                    + "(use maml, reptile or another gradient-based learner for regression)");
        }
    }

    @Override
    public String toString() {
        return "ProtoNet on " + embedding;
    }
}
