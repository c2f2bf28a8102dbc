package io.metaline.meta;

import io.metaline.engine.nn.Mlp;
import io.metaline.engine.nn.Module;
import java.util.List;

/**
 * The meta-learners by name, with each one's default settings. The names are stable: they appear in files, reports
 * and command-line flags.
 */
public final class Algorithms {
    private Algorithms() {}

    /** Every known name, in a fixed order. */
    public static final List<String> NAMES =
            List.of("maml", "fomaml", "reptile", "metasgd", "anil", "protonet", "mamlpp", "pretrained");

    /**
     * A learner of the named kind on {@code net}.
     *
     * <ul>
     *   <li>{@code maml}, {@code fomaml}: {@link Maml} (the two differ only in {@link #defaultOrder}, which the
     *       trainer applies)</li>
     *   <li>{@code reptile}: {@link Reptile}, full-batch inner steps</li>
     *   <li>{@code metasgd}: {@link MetaSgd}, every rate starting at {@code innerLr}</li>
     *   <li>{@code anil}: {@link Anil}; {@code net} must be an {@link Mlp}</li>
     *   <li>{@code protonet}: {@link ProtoNet} with {@code net} as the embedding; needs the cross-entropy loss and
     *       ignores {@code innerLr} and {@code innerSteps}</li>
     *   <li>{@code mamlpp}: {@link MamlPlusPlus}, learned rates starting at {@code innerLr}, multi-step loss over
     *       the first tenth of training</li>
     *   <li>{@code pretrained}: {@link Pretrained}, fine-tuning with {@code innerSteps} steps of {@code innerLr}</li>
     * </ul>
     *
     * @throws IllegalArgumentException for an unknown name (the message lists the known ones), or a network or loss
     *                                  the algorithm cannot use
     */
    public static MetaLearner create(String name, Module net, TaskLoss loss, double innerLr, int innerSteps) {
        String key = requireKnown(name);
        if (net == null || loss == null) throw new IllegalArgumentException("Algorithms.create(" + key + "): net and loss must not be null");
        return switch (key) {
            case "maml", "fomaml" -> new Maml(net, loss, new Maml.Config(innerSteps, innerLr));
            case "reptile" -> new Reptile(net, loss, Reptile.Config.of(innerSteps, innerLr));
            case "metasgd" -> new MetaSgd(net, loss, MetaSgd.Config.constant(innerSteps, innerLr));
            case "anil" -> {
                if (!(net instanceof Mlp mlp)) {
                    throw new IllegalArgumentException("Algorithms.create(anil): ANIL adapts the last layer of an Mlp, got " + net);
                }
                yield new Anil(mlp, loss, new Anil.Config(innerSteps, innerLr));
            }
            case "protonet" -> {
                if (loss != TaskLoss.CROSS_ENTROPY) {
                    throw new IllegalArgumentException("Algorithms.create(protonet): prototypical networks classify and use "
                            + "the cross-entropy loss, got " + loss);
                }
                yield new ProtoNet(net);
            }
            case "mamlpp" -> new MamlPlusPlus(net, loss, MamlPlusPlus.Config.of(innerSteps, innerLr));
            case "pretrained" -> new Pretrained(net, loss, new Pretrained.Config(innerSteps, innerLr));
            default -> throw new IllegalStateException("unreachable: " + key);
        };
    }

    /** The gradient order the named algorithm trains with by default: FIRST for {@code fomaml}, SECOND otherwise. */
    public static GradOrder defaultOrder(String name) {
        return requireKnown(name).equals("fomaml") ? GradOrder.FIRST : GradOrder.SECOND;
    }

    private static String requireKnown(String name) {
        if (name == null || !NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown meta-learning algorithm '" + name + "'; known: "
                    + String.join(", ", NAMES));
        }
        return name;
    }
}
