package io.metaline.cli.bench;

import io.metaline.optimize.gp.RefitSchedule;
import io.metaline.optimize.gp.ScheduledFit;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The server benchmark's results as JSON-ready maps and as a Markdown section. */
public final class ServeBenchReport {
    private ServeBenchReport() {}

    /** {@code {"h2": {"ask_p50_ms", "ask_p99_ms", "tell_p50_ms", "tell_p99_ms", "requests_per_s", "errors", ...}, "postgresql": ...}}. */
    public static Map<String, Object> json(List<ServeBench.Result> results) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ServeBench.Result r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            if (r.skipped() != null) {
                m.put("skipped", r.skipped());
            } else {
                m.put("ask_p50_ms", round(r.askP50()));
                m.put("ask_p99_ms", round(r.askP99()));
                m.put("tell_p50_ms", round(r.tellP50()));
                m.put("tell_p99_ms", round(r.tellP99()));
                m.put("requests_per_s", round(r.requestsPerSecond()));
                m.put("cpu_ms_per_request", round(r.cpuMsPerRequest()));
                m.put("errors", r.errors());
                m.put("asks", r.asks());
                m.put("tells", r.tells());
                m.put("seconds", round(r.seconds()));
                if (!r.errorSamples().isEmpty()) m.put("error_samples", r.errorSamples());
            }
            out.put(r.backend(), m);
        }
        return out;
    }

    private static Double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : null;
    }

    public static String markdown(List<ServeBench.Result> results, ServeBench.Settings s, String command) {
        StringBuilder sb = new StringBuilder();
        sb.append("Command: `").append(command).append("` on ").append(LocalDate.now()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ").append(System.getProperty("java.version"))
                .append(", seed ").append(s.seed()).append(".\n\n");
        RefitSchedule refits = RefitSchedule.DEFAULT;
        sb.append("An embedded server on a loopback port; ").append(s.studies()).append(" studies of `").append(s.family())
                .append(String.format(Locale.ROOT, "` (Gaussian process per outcome, conditioned on all of the study's trials at "
                        + "every ask, hyperparameters refitted by marginal likelihood at every trial count up to %d and then at "
                        + "every %.0f%% more trials, beyond %d trials each outcome a trial after the one before; expected "
                        + "improvement; ", refits.everyUpTo(), 100 * (refits.growth() - 1), ScheduledFit.STAGGER_ABOVE))
                .append(s.initial())
                .append(" random trials first, no safe mode), after an unmeasured warm-up of ").append(ServeBench.WARM_UP_STUDIES)
                .append(" throwaway studies of ").append(ServeBench.WARM_UP_TRIALS)
                .append(" trials (a server that has been running has compiled its hot paths; a fresh JVM interprets its first "
                        + "requests), driven by ").append(s.clients())
                .append(" concurrent HTTP clients until each study has ").append(s.trials())
                .append(" completed trials: ask one suggestion, run it on the study's simulated task")
                .append(s.runMillis() > 0 ? ", wait while the line runs it (" + s.runMillis() + " ms on average, each run uniform between "
                        + s.runMillis() / 2 + " and " + 3 * s.runMillis() / 2 + " ms: the lines are not in step)" : "")
                .append(", tell the outcomes")
                .append(s.runMillis() > 0 ? ". " : " (no pause: the clients ask again at once and keep the server saturated). ")
                .append("After each ask the server fits, in the background, the hyperparameters the study's next ask will use "
                        + "(fitted on the results in at the time, so the fit can run while the line runs the suggestion). "
                        + "Latency is the client's wall time per request (nearest-rank percentiles over every request); "
                        + "an ask's time grows with the study's trials, and an ask that refits the hyperparameters costs several times one "
                        + "between refits. CPU per request: the whole process's CPU time (server, clients and simulated "
                        + "processes) over the requests. Errors: non-2xx "
                        + "answers, failed calls and results not found in the study afterwards.\n\n");
        sb.append("| database | asks | tells | requests/s | ask p50 ms | ask p99 ms | tell p50 ms | tell p99 ms | CPU ms/request | errors | wall s |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (ServeBench.Result r : results) {
            String name = r.backend().equals("h2") ? "H2 (embedded file)" : "PostgreSQL";
            if (r.skipped() != null) {
                sb.append("| ").append(name).append(" | skipped: ").append(r.skipped().replace('|', '/')).append(" | | | | | | | | | |\n");
                continue;
            }
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %d | %.1f |%n", name, r.asks(), r.tells(),
                    r.requestsPerSecond(), r.askP50(), r.askP99(), r.tellP50(), r.tellP99(), r.cpuMsPerRequest(), r.errors(), r.seconds()));
        }
        return sb.toString();
    }
}
