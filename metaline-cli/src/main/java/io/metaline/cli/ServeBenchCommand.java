package io.metaline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaline.cli.bench.ServeBench;
import io.metaline.cli.bench.ServeBenchReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metaline bench serve}: ask/tell throughput and latency of the server over HTTP, on H2 and PostgreSQL. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Server load: ask/tell latency and throughput over HTTP on H2 and PostgreSQL.",
            "Starts an embedded server, creates 20 studies of a simulated process and drives",
            "them with concurrent clients until each has 100 trials; reports requests per",
            "second, p50/p99 of ask and tell, and errors. PostgreSQL runs when --pg-url or",
            "METALINE_TEST_PG_URL names a reachable database, else it is reported skipped."})
public final class ServeBenchCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--studies", defaultValue = "20", paramLabel = "N", order = 1, description = "Studies (default: ${DEFAULT-VALUE}).")
    int studies;

    @Option(names = "--trials", defaultValue = "100", paramLabel = "N", order = 2, description = "Completed trials per study (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--clients", defaultValue = "20", paramLabel = "N", order = 3, description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--family", defaultValue = "injection_moulding", paramLabel = "NAME", order = 4,
            description = "Simulated process of the studies (default: ${DEFAULT-VALUE}).")
    String family;

    @Option(names = "--initial-trials", defaultValue = "5", paramLabel = "N", order = 5,
            description = "Random trials before the model (default: ${DEFAULT-VALUE}).")
    int initial;

    @Option(names = "--run-ms", defaultValue = "0", paramLabel = "MS", order = 6,
            description = "How long a line takes on average to run a suggestion before it tells the result (each run "
                    + "0.5 to 1.5 times it; default: ${DEFAULT-VALUE}: none, the clients ask again at once and saturate the server).")
    long runMillis;

    @Option(names = "--pg-url", paramLabel = "JDBC_URL", order = 6, defaultValue = "${env:METALINE_TEST_PG_URL}",
            description = "PostgreSQL to run against too (default: METALINE_TEST_PG_URL).")
    String pgUrl;

    @Option(names = "--pg-user", paramLabel = "USER", order = 7, defaultValue = "${env:METALINE_TEST_PG_USER:-metaline}",
            description = "PostgreSQL user (default: METALINE_TEST_PG_USER or metaline).")
    String pgUser;

    @Option(names = "--pg-password", paramLabel = "PASSWORD", order = 8, defaultValue = "${env:METALINE_TEST_PG_PASSWORD:-metaline}",
            description = "PostgreSQL password (default: METALINE_TEST_PG_PASSWORD or metaline).")
    String pgPassword;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", order = 9, description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", order = 10, description = "Print one JSON object keyed by database.")
    boolean json;

    @Option(names = "--write-docs", order = 11, description = "Write the section into docs/benchmarks.md.")
    boolean writeDocs;

    @Override
    public Integer call() throws Exception {
        return UserErrors.run(spec, this::run);
    }

    private Integer run() throws Exception {
        ServeBench.Settings settings = new ServeBench.Settings(studies, trials, clients, family, initial, seed, runMillis);
        ServeBench bench = new ServeBench(settings);
        List<ServeBench.Result> results = new ArrayList<>();
        try (PhaseProgressBar bar = new PhaseProgressBar("serve ")) {
            results.add(bench.run("h2", null, null, null, bar));
            String why = pgUrl == null || pgUrl.isBlank() ? "no --pg-url and no METALINE_TEST_PG_URL" : unreachable(pgUrl, pgUser, pgPassword);
            results.add(why == null ? bench.run("postgresql", pgUrl, pgUser, pgPassword, bar) : ServeBench.Result.skipped("postgresql", why));
        }
        String command = "./metaline bench serve --studies " + studies + " --trials " + trials + " --clients " + clients
                + " --family " + family + (runMillis > 0 ? " --run-ms " + runMillis : "") + (writeDocs ? " --write-docs" : "");
        String report = ServeBenchReport.markdown(results, settings, command);
        PrintWriter out = spec.commandLine().getOut();
        if (json) out.println(new ObjectMapper().writeValueAsString(ServeBenchReport.json(results)));
        else out.println(report);
        out.flush();
        for (ServeBench.Result r : results) {
            for (String e : r.errorSamples()) spec.commandLine().getErr().println(r.backend() + " error: " + e);
        }
        if (writeDocs) {
            Path doc = ProjectHome.get().resolve("docs/benchmarks.md");
            if (runMillis == 0) new BenchmarksDoc(doc).replaceSection("serve", "## Server: ask/tell over HTTP\n\n" + report);
            else new BenchmarksDoc(doc).replaceSection("serve-run", "## Server: ask/tell over HTTP, lines that take "
                    + runMillis + " ms per run\n\n" + report);
            spec.commandLine().getErr().println("Wrote " + doc);
        }
        spec.commandLine().getErr().flush();
        return 0;
    }

    /** Null when a connection opens, else why not. */
    static String unreachable(String url, String user, String password) {
        DriverManager.setLoginTimeout(5);
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            return c.isValid(5) ? null : "PostgreSQL at " + url + " does not answer";
        } catch (SQLException e) {
            return "PostgreSQL at " + url + " is not reachable (" + e.getMessage().replace('\n', ' ') + ")";
        }
    }
}
