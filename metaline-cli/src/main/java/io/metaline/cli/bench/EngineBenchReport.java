package io.metaline.cli.bench;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;

/** The engine benchmark's figures as a Markdown section for docs/benchmarks.md (and the console). */
public final class EngineBenchReport {
    private EngineBenchReport() {}

    public static String markdown(Map<String, Object> f) {
        StringBuilder sb = new StringBuilder();
        int all = ((Number) f.get("threads_all")).intValue();
        sb.append("Command: `./metaline bench engine --write-docs` on ").append(LocalDate.now())
                .append(", ").append(f.get("cores")).append(" cores, Java ").append(System.getProperty("java.version"))
                .append(", PyTorch ").append(f.get("torch_version") == null ? "absent" : f.get("torch_version"))
                .append(", seed ").append(f.get("seed")).append(".\n\n");
        sb.append("Median milliseconds per meta-step (sample 25 sine tasks, K=10 support + 10 query, one inner SGD step "
                + "alpha=0.01, meta-gradient, Adam 1e-3). MetaLine computes in float64; PyTorch in float32, its default, "
                + "on one thread. Speed-up = PyTorch ms / MetaLine ms.\n\n");
        sb.append("| network | order | MetaLine 1 thread | MetaLine ").append(all).append(" threads | PyTorch 1 thread "
                + "| speed-up, 1 thread | speed-up, ").append(all).append(" threads |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (int h : EngineBench.WIDTHS) {
            for (String order : new String[] {"fo", "so"}) {
                sb.append("| 1-").append(h).append('-').append(h).append("-1 | ")
                        .append(order.equals("fo") ? "first" : "second").append(" | ")
                        .append(ms(f.get(order + "_ms_h" + h + "_1t"))).append(" | ")
                        .append(ms(f.get(order + "_ms_h" + h + "_all"))).append(" | ")
                        .append(ms(f.get("torch_" + order + "_ms_h" + h + "_1t"))).append(" | ")
                        .append(ratio(f.get("ratio_" + order + "_h" + h + "_1t"))).append(" | ")
                        .append(ratio(f.get("ratio_" + order + "_h" + h + "_all"))).append(" |\n");
            }
        }
        Object diff = f.get("max_grad_diff");
        sb.append("\nLargest absolute difference between the two engines' first meta-gradients (both orders, both "
                + "networks, float64, fixed initialisation and tasks): ")
                .append(diff == null ? "not checked (no PyTorch)" : String.format(Locale.ROOT, "%.2e", (Double) diff))
                .append(".\n");
        sb.append("\nTargets: second order at 1-40-40-1 at least 5x faster than PyTorch on one thread, at least 8x with "
                + "all cores.\n");
        return sb.toString();
    }

    private static String ms(Object v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.2f ms", ((Number) v).doubleValue());
    }

    private static String ratio(Object v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.1fx", ((Number) v).doubleValue());
    }
}
