package io.metaline.cli.bench;

import io.metaline.meta.Stat;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The sine benchmark's results as JSON-ready maps and as a Markdown section. */
public final class SineBenchReport {
    private SineBenchReport() {}

    /** {@code {"maml": {"k10_step1": {"mse", "ci95", "diverged"}, ..., "train_seconds"}, ...}}. */
    public static Map<String, Object> json(Map<String, Map<Integer, SineBench.Cell>> results) {
        Map<String, Object> out = new LinkedHashMap<>();
        results.forEach((algorithm, byK) -> {
            Map<String, Object> a = new LinkedHashMap<>();
            double seconds = 0;
            for (Map.Entry<Integer, SineBench.Cell> e : byK.entrySet()) {
                a.put("k" + e.getKey() + "_step1", stat(e.getValue().step1()));
                a.put("k" + e.getKey() + "_step10", stat(e.getValue().step10()));
                a.put("k" + e.getKey() + "_train_seconds", e.getValue().trainSeconds());
                seconds += e.getValue().trainSeconds();
            }
            a.put("train_seconds", seconds);
            out.put(algorithm, a);
        });
        return out;
    }

    private static Map<String, Object> stat(Stat s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mse", Double.isNaN(s.mean()) ? null : s.mean());
        m.put("ci95", Double.isNaN(s.ci95()) ? null : s.ci95());
        m.put("diverged", s.diverged());
        return m;
    }

    public static String markdown(Map<String, Map<Integer, SineBench.Cell>> results, SineBench.Settings settings) {
        List<Integer> ks = settings.ks();
        StringBuilder sb = new StringBuilder();
        sb.append("Command: `./metaline bench sine --k ").append(join(ks)).append(" --iterations ")
                .append(settings.iterations()).append(results.containsKey(SineTorchReference.NAME) ? " --torch" : "")
                .append(" --write-docs` on ").append(LocalDate.now()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores (").append(settings.threads())
                .append(" threads), Java ").append(System.getProperty("java.version")).append(", seed ")
                .append(settings.seed()).append(".\n\n");
        sb.append("Protocol of BENCHMARKS.md section 2: net 1-40-40-1 ReLU, inner SGD alpha=0.01 (one step in training; "
                + "Reptile takes " + SineBench.REPTILE_STEPS + ", since with one its update is joint training), "
                + "Adam 1e-3, 25 tasks per meta-batch, K support + K query points per training task, ")
                .append(settings.iterations()).append(" meta-iterations, one model per K. Evaluation: the same 600 new "
                        + "tasks for every method, K support points, MSE on 100 query points after 1 and 10 steps, "
                        + "mean +/- 1.96 sd / sqrt(600); a task whose loss is not finite or above 1e6 times the median is counted as "
                        + "diverged and left out of the mean.\n\n");
        sb.append("| method |");
        for (int k : ks) sb.append(" K=").append(k).append(", 1 step | K=").append(k).append(", 10 steps |");
        sb.append(" training time |\n|---|");
        for (int i = 0; i < ks.size(); i++) sb.append("---|---|");
        sb.append("---|\n");
        results.forEach((algorithm, byK) -> {
            sb.append("| ").append(algorithm).append(" |");
            double seconds = 0;
            for (int k : ks) {
                SineBench.Cell c = byK.get(k);
                sb.append(' ').append(cell(c.step1())).append(" | ").append(cell(c.step10())).append(" |");
                seconds += c.trainSeconds();
            }
            sb.append(String.format(Locale.ROOT, " %.0f s |\n", seconds));
        });
        sb.append("\nFor comparison (BENCHMARKS.md section 2): MAML 1 step, as quoted from the Meta-SGD paper: 1.13 / 0.77 / "
                + "0.48 at K = 5 / 10 / 20; Meta-SGD 0.90 / 0.53 / 0.31. PyTorch reference under this protocol, "
                + "K=10: MAML 0.312 +/- 0.029 (1 step), 0.095 +/- 0.011 (10 steps), trained in 1124 s; first-order "
                + "MAML 0.345 +/- 0.034, 0.094 +/- 0.012, 556 s.\n");
        if (results.containsKey(SineTorchReference.NAME)) {
            sb.append("\nThe row " + SineTorchReference.NAME + " is that PyTorch reference (bench/torch_maml_sine_train.py, "
                    + "second-order MAML, float32, one thread) meta-trained in the same run and evaluated on exactly the "
                    + "600 tasks above: a paired comparison. It leaves out only non-finite losses.\n");
        }
        return sb.toString();
    }

    private static String cell(Stat s) {
        if (s.n() == 0) return "diverged (" + s.diverged() + ")";
        String v = s.mean() < 1e4
                ? String.format(Locale.ROOT, "%.3f +/- %.3f", s.mean(), s.ci95())
                : String.format(Locale.ROOT, "%.3g +/- %.2g", s.mean(), s.ci95());
        return s.diverged() == 0 ? v : v + " (" + s.diverged() + " diverged)";
    }

    private static String join(List<Integer> ks) {
        StringBuilder sb = new StringBuilder();
        for (int k : ks) sb.append(sb.length() == 0 ? "" : ",").append(k);
        return sb.toString();
    }
}
