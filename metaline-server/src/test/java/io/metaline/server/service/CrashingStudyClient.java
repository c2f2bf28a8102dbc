package io.metaline.server.service;

import io.metaline.optimize.Suggestion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Run in a separate JVM by {@link CrashSafetyTest}: opens the services on an H2 file database, creates a study and
 * asks and tells as fast as it can, printing every acknowledged call, until it is killed.
 * A long training job runs meanwhile, so the kill also interrupts it.
 * Output lines: {@code token <secret>}, {@code model <id>}, {@code study <id>}, {@code asked <trial>}, {@code told <trial>}.
 */
public final class CrashingStudyClient {
    private CrashingStudyClient() {}

    public static void main(String[] args) {
        // The URL a user would write, without WRITE_DELAY: the store must make H2 commits durable by itself.
        Path dir = Path.of(args[0]).toAbsolutePath();
        String url = "jdbc:h2:file:" + dir.resolve("metaline") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        MetaLineServices services = MetaLineServices.open(new ServerConfig(url, "sa", "", dir, 1));
        IssuedToken token = services.tokens().issue(Role.OPERATOR, "plant-a", "crash test");
        Principal who = services.tokens().authenticate(token.secret()).orElseThrow();
        System.out.println("token " + token.secret());
        Principal admin = services.tokens().authenticate(services.tokens().issue(Role.ADMIN, "plant-a", "crash test").secret()).orElseThrow();
        DatasetInfo d = services.datasets().add(admin, "history", "product", ServiceContractTest.CSV);
        ModelInfo m = services.models().train(admin, new TrainRequest(d.id(), List.of("t1"), List.of("yield"), "fomaml", 1, 200_000));
        System.out.println("model " + m.id());
        // Random initial trials keep each ask fast, so many calls are in flight when the process is killed.
        StudyInfo st = services.studies().create(who, Fixtures.spec("crash", 5).withInitialTrials(1_000_000), null);
        System.out.println("study " + st.id());
        System.out.flush();
        while (true) {
            Suggestion s = services.studies().ask(who, st.id(), Map.of(), 1).get(0);
            System.out.println("asked " + s.trialId());
            System.out.flush();
            services.studies().tell(who, st.id(), s.trialId(), Fixtures.run(s.settings()));
            System.out.println("told " + s.trialId());
            System.out.flush();
        }
    }
}
