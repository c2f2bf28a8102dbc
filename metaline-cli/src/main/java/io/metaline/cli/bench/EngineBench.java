package io.metaline.cli.bench;

import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.nn.Mlp;
import io.metaline.engine.optim.Adam;
import io.metaline.meta.Task;
import io.metaline.meta.TaskRunner;
import io.metaline.meta.tasks.SineTasks;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * BENCHMARKS.md section 1: milliseconds per MAML meta-step on sine regression (meta-gradient and Adam update),
 * first and second order, 1-40-40-1 and 1-256-256-1, one thread and all cores, beside the PyTorch reference in
 * the same run, plus the largest difference between the two engines' first meta-gradients at a fixed start.
 */
public final class EngineBench {
    /** The fixed protocol of section 1. */
    public record Protocol(int tasks, int k, double innerLr, double metaLr) {
        public static final Protocol SECTION_1 = new Protocol(25, 10, 0.01, 1e-3);
    }

    /** How long to run. */
    public record Settings(int warmup, int iterations, int threads, long seed) {
        public Settings {
            if (warmup < 0 || iterations < 1 || threads < 1) {
                throw new IllegalArgumentException("bench engine: need warmup >= 0, iterations >= 1, threads >= 1; got "
                        + warmup + ", " + iterations + ", " + threads);
            }
        }
    }

    static final int[] WIDTHS = {40, 256};

    private final Protocol protocol;
    private final Settings settings;

    public EngineBench(Protocol protocol, Settings settings) {
        this.protocol = protocol;
        this.settings = settings;
    }

    /** Number of timed or warm-up meta-steps MetaLine runs, for a progress bar. */
    public long javaSteps() {
        return (long) WIDTHS.length * 2 * 2 * (settings.warmup() + settings.iterations());
    }

    /** Times every MetaLine configuration; the figures are keyed as in {@code --json} ({@code so_ms_h40_1t}...). */
    public Map<String, Object> measure(IntConsumer progress) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("cores", Runtime.getRuntime().availableProcessors());
        r.put("threads_all", settings.threads());
        r.put("seed", settings.seed());
        r.put("statistic", "median ms per meta-step");
        try (TaskRunner serial = new TaskRunner(1); TaskRunner pool = new TaskRunner(settings.threads())) {
            warmUpCompiler(serial, pool);
            for (int hidden : WIDTHS) {
                for (String order : new String[] {"fo", "so"}) {
                    r.put(order + "_ms_h" + hidden + "_1t", time(hidden, order.equals("so"), serial, progress));
                    r.put(order + "_ms_h" + hidden + "_all", time(hidden, order.equals("so"), pool, progress));
                }
            }
        }
        return r;
    }

    /**
     * Adds the reference's figures to {@code r}: {@code torch_*}, {@code ratio_*} and {@code max_grad_diff}, all
     * null when {@code torch} is empty.
     */
    public void compare(Map<String, Object> r, Optional<TorchReference> torch) throws IOException {
        double maxDiff = Double.NaN;
        String version = null;
        for (int hidden : WIDTHS) {
            TorchReference.Result ref = null;
            if (torch.isPresent()) {
                Mlp net = Mlp.of(1, hidden, hidden, 1);
                Params init = net.init(new Rng(settings.seed()));
                List<Task> batch = sample(new Rng(settings.seed()).split(1));
                ref = torch.get().run(protocol, hidden, init, batch, settings.warmup(), settings.iterations());
                try (TaskRunner serial = new TaskRunner(1)) {
                    MamlMetaStep step = new MamlMetaStep(net, protocol.innerLr(), serial);
                    double d = Math.max(maxAbsDiff(step.metaGradient(init, batch, false), ref.foGrad()),
                            maxAbsDiff(step.metaGradient(init, batch, true), ref.soGrad()));
                    maxDiff = Double.isNaN(maxDiff) ? d : Math.max(maxDiff, d);
                }
                version = ref.torchVersion();
            }
            for (String order : new String[] {"fo", "so"}) {
                Double torchMs = ref == null ? null : order.equals("fo") ? ref.foMs() : ref.soMs();
                r.put("torch_" + order + "_ms_h" + hidden + "_1t", torchMs);
                for (String threads : new String[] {"1t", "all"}) {
                    double ours = (double) r.get(order + "_ms_h" + hidden + "_" + threads);
                    r.put("ratio_" + order + "_h" + hidden + "_" + threads, torchMs == null ? null : torchMs / ours);
                }
            }
        }
        r.put("max_grad_diff", Double.isNaN(maxDiff) ? null : maxDiff);
        r.put("torch_version", version);
    }

    /**
     * Runs small second-order steps for a few seconds, on one thread and on the pool, so that every configuration
     * is timed with compiled code rather than whichever happens to run first paying for the JIT.
     */
    private void warmUpCompiler(TaskRunner serial, TaskRunner pool) {
        Mlp net = Mlp.of(1, WIDTHS[0], WIDTHS[0], 1);
        Rng rng = new Rng(settings.seed()).split(7);
        Params theta = net.init(rng);
        long end = System.nanoTime() + WARM_UP_NANOS;
        for (TaskRunner runner : new TaskRunner[] {serial, pool}) {
            MamlMetaStep step = new MamlMetaStep(net, protocol.innerLr(), runner);
            for (int i = 0; System.nanoTime() < end || i < 20; i++) {
                boolean second = i % 2 == 0;
                step.metaGradient(theta, sample(rng), second);
            }
            end = System.nanoTime() + WARM_UP_NANOS / 2;
        }
    }

    private static final long WARM_UP_NANOS = 4_000_000_000L;

    /** Median milliseconds of one meta-step (sample a batch, meta-gradient, Adam update) after warm-up. */
    private double time(int hidden, boolean secondOrder, TaskRunner runner, IntConsumer progress) {
        Mlp net = Mlp.of(1, hidden, hidden, 1);
        Rng rng = new Rng(settings.seed());
        Params theta = net.init(rng.split(0));
        Adam adam = Adam.adam(protocol.metaLr());
        MamlMetaStep step = new MamlMetaStep(net, protocol.innerLr(), runner);
        double[] ms = new double[settings.iterations()];
        for (int i = 0; i < settings.warmup() + settings.iterations(); i++) {
            long start = System.nanoTime();
            theta = adam.step(theta, step.metaGradient(theta, sample(rng), secondOrder));
            long end = System.nanoTime();
            if (i >= settings.warmup()) ms[i - settings.warmup()] = (end - start) / 1e6;
            progress.accept(1);
        }
        theta.requireFinite("engine benchmark parameters after " + settings.iterations() + " meta-steps");
        Arrays.sort(ms);
        return ms.length % 2 == 1 ? ms[ms.length / 2] : 0.5 * (ms[ms.length / 2 - 1] + ms[ms.length / 2]);
    }

    /** One meta-batch of the protocol's sine tasks (K support and K query points each). */
    private List<Task> sample(Rng rng) {
        return new SineTasks(protocol.k(), protocol.k()).sample(rng, protocol.tasks());
    }

    static double maxAbsDiff(Params a, Params b) {
        a.requireSameNames(b, "maxAbsDiff");
        double[] x = a.flatten(), y = b.flatten();
        double m = 0;
        for (int i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
        return m;
    }
}
