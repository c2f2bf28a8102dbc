package io.metaline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaline.cli.demo.LineDemo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code metaline bench demo}: the demo's closed loop, headless and fast-forwarded, on several new products in turn,
 * with the gap of the recommended settings to each product's optimum after given numbers of runs. One product is
 * an anecdote; how many runs the loop needs is a distribution, and this measures it.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "The demo's closed loop on several new products: gap to the optimum against",
            "runs. Runs ./metaline demo --headless --fast-forward once per product",
            "(history, prior, simulated plant, server, line agent: the same code) and",
            "reports, per product and as medians, the gap of the recommended settings",
            "after each mark, the first run within 2%%, and hard-limit violations."})
public final class DemoBenchCommand implements Callable<Integer> {
    /** The gap the demo is judged by. */
    static final double TARGET_GAP = 0.02;

    @Spec CommandSpec spec;

    @Option(names = "--products", split = ",", defaultValue = "2026,1,2,3,4,5,6,7", paramLabel = "SEED", order = 1,
            description = "Seeds of the new products, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Long> products;

    @Option(names = "--runs", defaultValue = "100", paramLabel = "N", order = 2, description = "Runs per product (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--marks", split = ",", defaultValue = "10,20,30,50,100", paramLabel = "N", order = 3,
            description = "Runs after which the gap is reported (default: ${DEFAULT-VALUE}).")
    List<Integer> marks;

    @Option(names = "--family", defaultValue = "injection_moulding", paramLabel = "NAME", order = 4,
            description = "Process family of the line (default: ${DEFAULT-VALUE}).")
    String family;

    @Option(names = "--seed", defaultValue = "0", order = 5, description = "Seed of history, training, study and line (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--train-iterations", defaultValue = "1500", order = 6,
            description = "Meta-training iterations of the prior (default: ${DEFAULT-VALUE}).")
    int trainIterations;

    @Option(names = "--data-dir", order = 7, description = "The demo's folder, emptied before each product (default: .metaline/bench-demo in the MetaLine folder).")
    Path dataDir;

    @Option(names = "--json", order = 8, description = "Print one JSON object: per product and summary.")
    boolean json;

    /** One product's loop: the gap of the recommended settings after each run, and its violations. */
    record ProductRun(long product, double[] gaps, int violations, double seconds) {
        /** The gap after {@code run} runs (1-based), or NaN beyond the runs done. */
        double gapAfter(int run) {
            return run >= 1 && run <= gaps.length ? gaps[run - 1] : Double.NaN;
        }

        /** The first run after which the recommended settings are within {@code target}, or -1. */
        int firstWithin(double target) {
            for (int i = 0; i < gaps.length; i++) if (gaps[i] <= target) return i + 1;
            return -1;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (runs < 1) throw new IllegalArgumentException("--runs must be >= 1, got " + runs);
        if (products.isEmpty()) throw new IllegalArgumentException("--products must name at least one product seed");
        for (int m : marks) if (m < 1) throw new IllegalArgumentException("--marks must be >= 1, got " + m);
        List<Integer> shown = marks.stream().filter(m -> m <= runs).toList();
        Path dir = dataDir != null ? dataDir : ProjectHome.get().resolve(".metaline/bench-demo");
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        List<ProductRun> results = new ArrayList<>();
        for (long product : products) {
            double[] gaps = new double[runs];
            Arrays.fill(gaps, Double.NaN);
            LineDemo.Settings settings = new LineDemo.Settings(family, "line-1", runs, seed, product, trainIterations,
                    "127.0.0.1", 0, true, Duration.ofSeconds(1), false, dir);
            try (LineDemo demo = new LineDemo(settings, new LineDemo.Listener() {
                @Override
                public void run(int run, Map<String, Double> s, double objective, double bestTrue, double gap) {
                    if (run >= 1 && run <= gaps.length) gaps[run - 1] = gap;
                }
            })) {
                err.printf(Locale.ROOT, "product %d: history, prior, changeover...%n", product);
                demo.start();
                LineDemo.Result r = demo.run();
                ProductRun pr = new ProductRun(product, gaps, r.violations(), r.seconds());
                results.add(pr);
                StringBuilder at = new StringBuilder();
                for (int m : shown) at.append(String.format(Locale.ROOT, "%s%d runs %.1f%%", at.length() > 0 ? ", " : "", m, 100 * pr.gapAfter(m)));
                int first = pr.firstWithin(TARGET_GAP);
                err.printf(Locale.ROOT, "product %d: %s, first within 2%%: %s, violations %d (%.0f s)%n", product, at,
                        first < 0 ? "never" : "run " + first, pr.violations(), pr.seconds());
            }
        }
        List<Mark> summary = shown.stream().map(m -> Mark.of(m, results)).toList();
        if (json) out.println(new ObjectMapper().writeValueAsString(report(results, summary)));
        else out.print(table(results, summary));
        out.flush();
        return 0;
    }

    /** Over all products after {@code runs} runs: the median gap, and how many are within {@link #TARGET_GAP}. */
    record Mark(int runs, double medianGap, long within) {
        static Mark of(int runs, List<ProductRun> results) {
            double[] g = results.stream().mapToDouble(pr -> pr.gapAfter(runs)).toArray();
            return new Mark(runs, median(g), Arrays.stream(g).filter(v -> v <= TARGET_GAP).count());
        }
    }

    /** The median of the finite values; NaN if there are none. */
    static double median(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) return Double.NaN;
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private Map<String, Object> report(List<ProductRun> results, List<Mark> summary) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("family", family);
        out.put("runs", runs);
        List<Map<String, Object>> per = new ArrayList<>();
        for (ProductRun pr : results) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("product", pr.product());
            Map<String, Double> at = new LinkedHashMap<>();
            for (Mark m : summary) at.put(Integer.toString(m.runs()), pr.gapAfter(m.runs()));
            p.put("gap_after", at);
            int first = pr.firstWithin(TARGET_GAP);
            p.put("first_within_2pct", first < 0 ? null : first);
            p.put("violations", pr.violations());
            p.put("seconds", pr.seconds());
            per.add(p);
        }
        out.put("products", per);
        Map<String, Double> medians = new LinkedHashMap<>();
        Map<String, Long> within = new LinkedHashMap<>();
        for (Mark m : summary) {
            medians.put(Integer.toString(m.runs()), m.medianGap());
            within.put(Integer.toString(m.runs()), m.within());
        }
        out.put("median_gap_after", medians);
        out.put("within_2pct_after", within);
        out.put("violations", results.stream().mapToInt(ProductRun::violations).sum());
        return out;
    }

    private String table(List<ProductRun> results, List<Mark> summary) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%nGap of the recommended settings to the product's optimum (%s, %d runs, seed %d)%n",
                family, runs, seed));
        sb.append(String.format(Locale.ROOT, "%-10s", "product"));
        for (Mark m : summary) sb.append(String.format(Locale.ROOT, "%10s", m.runs() + " runs"));
        sb.append(String.format(Locale.ROOT, "%16s%12s%n", "first <= 2%", "violations"));
        for (ProductRun pr : results) {
            sb.append(String.format(Locale.ROOT, "%-10d", pr.product()));
            for (Mark m : summary) sb.append(String.format(Locale.ROOT, "%9.1f%%", 100 * pr.gapAfter(m.runs())));
            int first = pr.firstWithin(TARGET_GAP);
            sb.append(String.format(Locale.ROOT, "%16s%12d%n", first < 0 ? "never" : Integer.toString(first), pr.violations()));
        }
        sb.append(String.format(Locale.ROOT, "%-10s", "median"));
        for (Mark m : summary) sb.append(String.format(Locale.ROOT, "%9.1f%%", 100 * m.medianGap()));
        sb.append(String.format(Locale.ROOT, "%n%-10s", "within 2%"));
        for (Mark m : summary) sb.append(String.format(Locale.ROOT, "%10s", m.within() + "/" + results.size()));
        sb.append(String.format(Locale.ROOT, "%n"));
        return sb.toString();
    }
}
