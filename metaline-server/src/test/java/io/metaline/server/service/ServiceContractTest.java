package io.metaline.server.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.optimize.GpSurrogate;
import io.metaline.optimize.Study;
import io.metaline.optimize.Suggestion;
import io.metaline.optimize.Trial;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every store must give the services: run once on embedded H2 and once on PostgreSQL. Each test
 * gets a fresh database (H2: a new directory; PostgreSQL: a new schema).
 */
abstract class ServiceContractTest {
    @TempDir
    Path dir;
    ServerConfig config;
    MetaLineServices services;
    Principal admin, operator, otherSite;

    /** A configuration on a fresh, empty database. */
    abstract ServerConfig freshConfig(Path dataDir) throws Exception;

    @BeforeEach
    void open() throws Exception {
        config = freshConfig(dir);
        services = MetaLineServices.open(config);
        admin = principal(Role.ADMIN, "plant-a");
        operator = principal(Role.OPERATOR, "plant-a");
        otherSite = principal(Role.ADMIN, "plant-b");
    }

    @AfterEach
    void close() {
        if (services != null) services.close();
    }

    Principal principal(Role role, String site) {
        return services.tokens().authenticate(services.tokens().issue(role, site, role + "@" + site).secret()).orElseThrow();
    }

    void reopen() {
        services.close();
        services = MetaLineServices.open(config);
    }

    Connection jdbc() throws SQLException {
        return DriverManager.getConnection(config.jdbcUrl(), config.dbUser(), config.dbPassword());
    }

    // ---------------------------------------------------------------- tokens

    @Test
    void tokensAuthenticateUntilRevokedAndSecretsAreNotStored() throws Exception {
        IssuedToken t = services.tokens().issue(Role.OPERATOR, "plant-a", "line 3 connector");
        Principal p = services.tokens().authenticate(t.secret()).orElseThrow();
        assertEquals(new Principal(t.info().id(), "plant-a", Role.OPERATOR), p);
        assertTrue(services.tokens().authenticate(t.secret() + "x").isEmpty());
        assertTrue(services.tokens().authenticate(null).isEmpty());
        assertTrue(services.tokens().list("plant-a").stream().anyMatch(i -> i.id().equals(t.info().id())));
        assertTrue(services.tokens().list("plant-b").stream().noneMatch(i -> i.id().equals(t.info().id())));

        try (Connection c = jdbc(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select * from tokens")) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    String v = rs.getString(i);
                    assertFalse(v != null && v.contains(t.secret().substring(4)), "column " + md.getColumnName(i) + " holds the secret");
                }
            }
        }
        assertTrue(services.tokens().revoke(t.info().id()));
        assertTrue(services.tokens().authenticate(t.secret()).isEmpty());
        assertNotNull(services.tokens().get(t.info().id()).orElseThrow().revoked());
        assertFalse(services.tokens().revoke("tok-unknown"));
        reopen();
        assertTrue(services.tokens().authenticate(t.secret()).isEmpty(), "revocation survives a restart");
    }

    @Test
    void rolesNest() {
        assertTrue(Role.ADMIN.allows(Role.OPERATOR));
        assertTrue(Role.OPERATOR.allows(Role.VIEWER));
        assertFalse(Role.VIEWER.allows(Role.OPERATOR));
        assertFalse(Role.OPERATOR.allows(Role.ADMIN));
    }

    // ---------------------------------------------------------------- datasets

    static final String CSV = "product,t1,t2,yield\nA,100,10,1.5\nA,120,12,2.5\nB,110,11,3\nB,130,9,3.5\n";

    @Test
    void datasetsAreStoredAndScopedBySite() {
        DatasetInfo d = services.datasets().add(admin, "history", "product", CSV);
        assertEquals(4, d.rows());
        assertEquals(2, d.tasks());
        assertEquals(List.of("t1", "t2", "yield"), d.columns());
        assertEquals(d, services.datasets().get(admin, d.id()));
        assertEquals(List.of(d), services.datasets().list(admin));
        assertEquals(CSV, services.datasets().csv(admin, d.id()));
        assertThrows(ServiceException.NotFound.class, () -> services.datasets().get(otherSite, d.id()));
        assertTrue(services.datasets().list(otherSite).isEmpty());
    }

    @Test
    void badCsvIsRefusedNamingTheProblem() {
        var missing = assertThrows(ServiceException.BadInput.class, () -> services.datasets().add(admin, "h", "task", CSV));
        assertEquals("taskColumn", missing.field());
        assertTrue(missing.getMessage().contains("no column 'task'"), missing.getMessage());

        var single = assertThrows(ServiceException.BadInput.class,
                () -> services.datasets().add(admin, "h", "product", "product,t1\nA,1\nA,2\n"));
        assertTrue(single.getMessage().contains("at least 2 tasks"), single.getMessage());

        var text = assertThrows(ServiceException.BadInput.class,
                () -> services.datasets().add(admin, "h", "product", "product,t1,y\nA,1,2\nB,2,3\nB,hot,4\n"));
        assertEquals("csv", text.field());
        assertTrue(text.getMessage().contains("row 3") && text.getMessage().contains("'t1'") && text.getMessage().contains("'hot'"),
                text.getMessage());

        var nan = assertThrows(ServiceException.BadInput.class,
                () -> services.datasets().add(admin, "h", "product", "product,t1,y\nA,1,2\nB,2,NaN\n"));
        assertTrue(nan.getMessage().contains("row 2") && nan.getMessage().contains("'y'") && nan.getMessage().contains("finite"),
                nan.getMessage());

        var empty = assertThrows(ServiceException.BadInput.class,
                () -> services.datasets().add(admin, "h", "product", "product,t1,y\nA,1,2\nB,,3\n"));
        assertTrue(empty.getMessage().contains("row 2") && empty.getMessage().contains("missing"), empty.getMessage());

        var ragged = assertThrows(ServiceException.BadInput.class,
                () -> services.datasets().add(admin, "h", "product", "product,t1,y\nA,1,2\nB,3\n"));
        assertTrue(ragged.getMessage().contains("row 2"), ragged.getMessage());

        assertThrows(ServiceException.BadInput.class, () -> services.datasets().add(admin, "h", "product", ""));
        assertThrows(ServiceException.BadInput.class, () -> services.datasets().add(admin, " ", "product", CSV));
        assertTrue(services.datasets().list(admin).isEmpty(), "nothing refused was stored");
    }

    // ---------------------------------------------------------------- studies

    @Test
    void askTellMatchesAPlainStudyAndContinuesAfterRestart() {
        var spec = Fixtures.spec("press 4", 42);
        Study plain = new Study(spec, new GpSurrogate(spec.seed()));
        StudyInfo st = services.studies().create(admin, spec, null);
        for (int round = 0; round < 6; round++) {
            if (round == 3) reopen(); // a restart in the middle: the loaded study must continue exactly
            List<Suggestion> expected = plain.ask(Map.of(), round == 4 ? 2 : 1);
            List<Suggestion> got = services.studies().ask(operator, st.id(), Map.of(), round == 4 ? 2 : 1);
            assertEquals(expected.size(), got.size());
            for (int i = 0; i < got.size(); i++) {
                assertEquals(expected.get(i).trialId(), got.get(i).trialId());
                assertEquals(expected.get(i).settings(), got.get(i).settings(), "round " + round);
                Map<String, Double> y = Fixtures.run(got.get(i).settings());
                plain.tell(expected.get(i).trialId(), y);
                Trial t = services.studies().tell(operator, st.id(), got.get(i).trialId(), y);
                assertEquals(Trial.Status.COMPLETED, t.status());
            }
        }
        StudyView v = services.studies().get(admin, st.id());
        assertEquals(plain.trials().size(), v.trials().size());
        assertEquals(plain.best().orElseThrow().id(), v.info().best().orElseThrow().id());
        assertEquals(v.trials().size(), v.suggestions().size(), "every trial keeps the suggestion it came from");
        assertNotNull(v.suggestions().get(1).reason());
        assertEquals("running", v.state());
        assertEquals(v.trials().size(), v.info().completed());
        assertEquals(List.of(st.id()), services.studies().list(admin).stream().map(StudyInfo::id).toList());
    }

    @Test
    void tellIsIdempotentAndConflictsAreRefused() {
        StudyInfo st = services.studies().create(admin, Fixtures.spec("s", 1), null);
        Suggestion s = services.studies().ask(operator, st.id(), Map.of(), 1).get(0);
        Map<String, Double> y = Fixtures.run(s.settings());
        Trial first = services.studies().tell(operator, st.id(), s.trialId(), y);
        Trial again = services.studies().tell(operator, st.id(), s.trialId(), new HashMap<>(y));
        assertEquals(first, again);
        Map<String, Double> other = new HashMap<>(y);
        other.put("yield", y.get("yield") + 1);
        var c = assertThrows(ServiceException.Conflict.class, () -> services.studies().tell(operator, st.id(), s.trialId(), other));
        assertTrue(c.getMessage().contains("trial " + s.trialId()), c.getMessage());
        assertThrows(ServiceException.Conflict.class, () -> services.studies().fail(operator, st.id(), s.trialId(), "oops"));

        Suggestion s2 = services.studies().ask(operator, st.id(), Map.of(), 1).get(0);
        Trial failed = services.studies().fail(operator, st.id(), s2.trialId(), "mould jammed");
        assertEquals(Trial.Status.FAILED, failed.status());
        assertEquals(failed, services.studies().fail(operator, st.id(), s2.trialId(), "mould jammed"));
        assertThrows(ServiceException.Conflict.class, () -> services.studies().tell(operator, st.id(), s2.trialId(), y));

        assertThrows(ServiceException.NotFound.class, () -> services.studies().tell(operator, st.id(), 99, Map.of("yield", 1.0)));
    }

    @Test
    void unknownAndOtherSitesStudiesAndTrialsAreNotFound() {
        StudyInfo st = services.studies().create(admin, Fixtures.spec("s", 1), null);
        Suggestion s = services.studies().ask(operator, st.id(), Map.of(), 1).get(0);
        Map<String, Double> y = Fixtures.run(s.settings());
        assertThrows(ServiceException.NotFound.class, () -> services.studies().get(otherSite, st.id()));
        assertThrows(ServiceException.NotFound.class, () -> services.studies().ask(otherSite, st.id(), Map.of(), 1));
        assertThrows(ServiceException.NotFound.class, () -> services.studies().tell(otherSite, st.id(), s.trialId(), y));
        assertThrows(ServiceException.NotFound.class, () -> services.studies().approve(otherSite, st.id(), s.trialId()));
        assertThrows(ServiceException.NotFound.class, () -> services.studies().get(admin, "st-nope"));
        assertThrows(ServiceException.NotFound.class, () -> services.studies().tell(operator, st.id(), 99, y));
        assertThrows(ServiceException.NotFound.class, () -> services.studies().approval(operator, st.id(), 99));
        assertTrue(services.studies().list(otherSite).isEmpty());
        assertEquals(Trial.Status.PENDING, services.studies().get(admin, st.id()).trials().get(0).status(), "nothing changed");
    }

    @Test
    void badOutcomesAndCountsAreBadInput() {
        StudyInfo st = services.studies().create(admin, Fixtures.spec("s", 1), null);
        int id = services.studies().ask(operator, st.id(), Map.of(), 1).get(0).trialId();
        var missing = assertThrows(ServiceException.BadInput.class, () -> services.studies().tell(operator, st.id(), id, Map.of("yield", 1.0)));
        assertTrue(missing.getMessage().contains("'power' is missing"), missing.getMessage());
        var unknown = assertThrows(ServiceException.BadInput.class,
                () -> services.studies().tell(operator, st.id(), id, Map.of("yield", 1.0, "power", 2.0, "yeild", 1.0)));
        assertTrue(unknown.getMessage().contains("yeild"), unknown.getMessage());
        assertThrows(ServiceException.BadInput.class, () -> services.studies().tell(operator, st.id(), id, Map.of("yield", Double.NaN, "power", 2.0)));
        assertThrows(ServiceException.BadInput.class, () -> services.studies().ask(operator, st.id(), Map.of(), 0));
        assertThrows(ServiceException.BadInput.class, () -> services.studies().ask(operator, st.id(), Map.of(), 101));
        var ctx = assertThrows(ServiceException.BadInput.class, () -> services.studies().ask(operator, st.id(), Map.of("ambient", 20.0), 1));
        assertEquals("context", ctx.field());
        assertEquals(1, services.studies().get(admin, st.id()).trials().size(), "refused calls left no trace");
    }

    @Test
    void anUnsafeAskReachesTheCallerAndTheStudyState() {
        var spec = Fixtures.spec("safe", 2).withSafety(io.metaline.optimize.SafetyConfig.safe(3.0, Map.of("t1", 150.0, "t2", 20.0)));
        StudyInfo st = services.studies().create(admin, spec, null);
        // In safe mode nothing but the known-safe settings may run before they have a result.
        var refused = assertThrows(ServiceException.Conflict.class, () -> services.studies().ask(operator, st.id(), Map.of(), 2));
        assertTrue(refused.getMessage().contains("safe mode"), refused.getMessage());
        StudyView v = services.studies().get(admin, st.id());
        assertTrue(v.state().startsWith("no safe suggestion: safe mode"), v.state());
        assertTrue(v.trials().isEmpty());
        reopen();
        assertEquals(v.state(), services.studies().get(admin, st.id()).state(), "the state is stored");
        Suggestion first = services.studies().ask(operator, st.id(), Map.of(), 1).get(0);
        assertEquals(Map.of("t1", 150.0, "t2", 20.0), first.settings());
        assertEquals("running", services.studies().get(admin, st.id()).state());
    }

    @Test
    void approvalsAndRejectionsAreRecorded() {
        StudyInfo st = services.studies().create(admin, Fixtures.spec("s", 1), null);
        List<Suggestion> s = services.studies().ask(operator, st.id(), Map.of(), 2);
        int a = s.get(0).trialId(), b = s.get(1).trialId();
        assertEquals(Optional.empty(), services.studies().approval(operator, st.id(), a));
        services.studies().approve(operator, st.id(), a);
        services.studies().approve(operator, st.id(), a); // idempotent
        assertEquals(Optional.of("approved"), services.studies().approval(operator, st.id(), a));
        assertThrows(ServiceException.Conflict.class, () -> services.studies().reject(operator, st.id(), a, "no"));

        services.studies().reject(operator, st.id(), b, "too hot for this mould");
        services.studies().reject(operator, st.id(), b, "too hot for this mould");
        assertEquals(Optional.of("rejected"), services.studies().approval(operator, st.id(), b));
        assertThrows(ServiceException.Conflict.class, () -> services.studies().approve(operator, st.id(), b));
        reopen();
        Trial rejected = services.studies().get(admin, st.id()).trials().get(1);
        assertEquals(Trial.Status.FAILED, rejected.status());
        assertEquals("rejected: too hot for this mould", rejected.note());
        assertEquals(Optional.of("approved"), services.studies().approval(operator, st.id(), a));
    }

    @Test
    void listenersHearCommittedChanges() throws Exception {
        List<StudyEvent> heard = new CopyOnWriteArrayList<>();
        List<Integer> visibleTrials = new CopyOnWriteArrayList<>();
        AutoCloseable sub = services.studies().subscribe(e -> {
            heard.add(e);
            // Called after the commit and outside the study's lock: reading the study here must work and see it.
            if (e.kind().equals("asked")) visibleTrials.add(services.studies().get(admin, e.studyId()).trials().size());
        });
        StudyInfo st = services.studies().create(admin, Fixtures.spec("s", 1), null);
        Suggestion s = services.studies().ask(operator, st.id(), Map.of(), 1).get(0);
        services.studies().tell(operator, st.id(), s.trialId(), Fixtures.run(s.settings()));
        services.studies().tell(operator, st.id(), s.trialId(), Fixtures.run(s.settings())); // no change, no event
        sub.close();
        services.studies().ask(operator, st.id(), Map.of(), 1);
        assertEquals(List.of(new StudyEvent("plant-a", st.id(), "created", 0), new StudyEvent("plant-a", st.id(), "asked", 1),
                new StudyEvent("plant-a", st.id(), "told", 1)), heard);
        assertEquals(List.of(1), visibleTrials);
    }

    @Test
    void twoServersOnOneDatabaseNeverOverwriteEachOther() {
        StudyInfo st = services.studies().create(admin, Fixtures.spec("shared", 4), null);
        services.studies().ask(operator, st.id(), Map.of(), 1); // this server now holds the study in memory
        try (MetaLineServices second = MetaLineServices.open(config)) {
            Suggestion s = second.studies().ask(operator, st.id(), Map.of(), 1).get(0);
            assertEquals(2, s.trialId());
            // The first server's copy is stale: it must notice and continue from the stored state.
            assertEquals(3, services.studies().ask(operator, st.id(), Map.of(), 1).get(0).trialId());
            second.studies().tell(operator, st.id(), 2, Fixtures.run(s.settings()));
            assertEquals(List.of(Trial.Status.PENDING, Trial.Status.COMPLETED, Trial.Status.PENDING),
                    services.studies().get(admin, st.id()).trials().stream().map(Trial::status).toList());
            assertEquals(3, second.studies().get(admin, st.id()).trials().size());
        }
    }

    @Test
    void concurrentAskTellOnManyStudiesLosesNothing() throws Exception {
        int studies = 6, threadsPerStudy = 2, rounds = 4;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < studies; i++) ids.add(services.studies().create(admin, Fixtures.spec("s" + i, i).withInitialTrials(100), null).id());
        ExecutorService pool = Executors.newFixedThreadPool(studies * threadsPerStudy);
        List<Future<List<Integer>>> futures = new ArrayList<>();
        for (String id : ids) {
            for (int t = 0; t < threadsPerStudy; t++) {
                futures.add(pool.submit(() -> {
                    List<Integer> told = new ArrayList<>();
                    for (int r = 0; r < rounds; r++) {
                        Suggestion s = services.studies().ask(operator, id, Map.of(), 1).get(0);
                        services.studies().tell(operator, id, s.trialId(), Fixtures.run(s.settings()));
                        told.add(s.trialId());
                    }
                    return told;
                }));
            }
        }
        List<Integer> all = new ArrayList<>();
        for (Future<List<Integer>> f : futures) all.addAll(f.get());
        pool.shutdown();
        assertEquals(studies * threadsPerStudy * rounds, all.size());
        reopen(); // from the database alone
        for (String id : ids) {
            List<Trial> trials = services.studies().get(admin, id).trials();
            assertEquals(threadsPerStudy * rounds, trials.size(), id);
            for (int k = 0; k < trials.size(); k++) {
                assertEquals(k + 1, trials.get(k).id(), "trial ids of " + id + " are 1..n without gaps");
                assertEquals(Trial.Status.COMPLETED, trials.get(k).status());
                assertEquals(Fixtures.run(trials.get(k).settings()), trials.get(k).outcomes());
            }
            try (Connection c = jdbc(); var ps = c.prepareStatement("select count(*) from trials where study_id = ? and status = 'COMPLETED'")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(threadsPerStudy * rounds, rs.getInt(1), "trial rows of " + id);
                }
            }
        }
    }

    // ---------------------------------------------------------------- lines

    @Test
    void linesAreUpsertedPerSite() {
        LineState s = new LineState("line-3", null, "bracket-7", "running", null, 12, Map.of("t1", 150.0), Map.of(), null);
        LineState stored = services.lines().report(operator, s);
        assertEquals("plant-a", stored.site());
        assertNotNull(stored.updated());
        services.lines().report(operator, new LineState("line-3", "plant-z", "bracket-8", "changeover", "st-1", 13, Map.of(),
                Map.of("yield", 9.0), null));
        List<LineState> lines = services.lines().list(admin);
        assertEquals(1, lines.size());
        assertEquals("bracket-8", lines.get(0).product());
        assertEquals("plant-a", lines.get(0).site());
        assertEquals(Map.of("yield", 9.0), lines.get(0).lastOutcomes());
        assertTrue(services.lines().list(otherSite).isEmpty());
        assertThrows(ServiceException.BadInput.class, () -> services.lines().report(operator,
                new LineState("line-3", null, "x", "exploding", null, 1, Map.of(), Map.of(), null)));
        assertThrows(ServiceException.BadInput.class, () -> services.lines().report(operator,
                new LineState("", null, "x", "running", null, 1, Map.of(), Map.of(), null)));
    }

    // ---------------------------------------------------------------- models

    @Test
    void interruptedTrainingJobsAreMarkedFailedOnOpen() throws Exception {
        DatasetInfo d = services.datasets().add(admin, "history", "product", CSV);
        try (Connection c = jdbc(); var ps = c.prepareStatement("insert into models (id, site, name, version, dataset_id, config_json,"
                + " status, progress, created) values ('m-crashed', 'plant-a', 'history', 1, ?, ?, 'RUNNING', 0.4, current_timestamp)")) {
            ps.setString(1, d.id());
            ps.setString(2, "{\"inputs\":[\"t1\"],\"outputs\":[\"yield\"],\"algorithm\":\"maml\",\"seed\":1,\"iterations\":10,"
                    + "\"lower\":[100],\"upper\":[130],\"taskColumn\":\"product\"}");
            ps.executeUpdate();
        }
        reopen();
        ModelInfo m = services.models().get(admin, "m-crashed");
        assertEquals(JobStatus.FAILED, m.status());
        assertEquals("interrupted by a server restart", m.error());
        assertNotNull(m.finished());
        assertThrows(ServiceException.NotFound.class, () -> services.models().get(otherSite, "m-crashed"));
        assertThrows(ServiceException.Conflict.class, () -> services.studies().create(admin,
                io.metaline.optimize.StudySpec.of("x", io.metaline.optimize.SearchSpace.of(
                        io.metaline.optimize.ParameterSpec.continuous("t1", "", 100, 130, 5)), io.metaline.optimize.Objective.maximise("yield")),
                "m-crashed"));
    }

    @Test
    void badTrainingRequestsAreRefused() {
        DatasetInfo d = services.datasets().add(admin, "history", "product", CSV);
        assertThrows(ServiceException.NotFound.class, () -> services.models().train(otherSite,
                new TrainRequest(d.id(), List.of("t1"), List.of("yield"), null, 1, 10)));
        var col = assertThrows(ServiceException.BadInput.class, () -> services.models().train(admin,
                new TrainRequest(d.id(), List.of("t9"), List.of("yield"), null, 1, 10)));
        assertEquals("inputs", col.field());
        var algo = assertThrows(ServiceException.BadInput.class, () -> services.models().train(admin,
                new TrainRequest(d.id(), List.of("t1"), List.of("yield"), "magic", 1, 10)));
        assertEquals("algorithm", algo.field());
        assertThrows(ServiceException.BadInput.class, () -> services.models().train(admin,
                new TrainRequest(d.id(), List.of("t1"), List.of("t1"), null, 1, 10)));
        assertThrows(ServiceException.BadInput.class, () -> services.models().train(admin,
                new TrainRequest(d.id(), List.of("t1"), List.of("yield"), null, 1, 0)));
        assertTrue(services.models().list(admin).isEmpty());
    }

    @Test
    void healthy() {
        assertTrue(services.healthy());
        services.close();
        assertFalse(services.healthy());
        services = null;
    }
}
