package io.metaline.server.service;

import static io.metaline.server.store.Database.instant;
import static io.metaline.server.store.Database.prepare;
import static io.metaline.server.store.Database.update;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaline.optimize.GpSurrogate;
import io.metaline.optimize.Study;
import io.metaline.optimize.StudyException;
import io.metaline.optimize.StudyJson;
import io.metaline.optimize.StudySpec;
import io.metaline.optimize.Suggestion;
import io.metaline.optimize.Surrogate;
import io.metaline.optimize.Trial;
import io.metaline.server.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Studies kept live in memory and durably in the database.
 *
 * <p>Each study has a lock; a call takes it, loads the study (from the cache, else from its stored StudyJson
 * state), lets the {@link Study} act, and commits the new state with the changed trial rows in one transaction
 * guarded by the study's version (optimistic lock: another server writing the same study makes this call fail with
 * Conflict rather than overwrite; a cached study whose stored version moved on is reloaded before each call, so
 * several servers may share one PostgreSQL database). If anything fails after the in-memory study changed, the
 * study is dropped from the cache, so the next call reloads the last committed state. Events are delivered after
 * the lock is released.
 *
 * <p>After an ask, the study's {@link Study#prefetch} runs on a background pool (a thread per core): the next ask's
 * hyperparameter fit is then made while the line runs the suggestion, instead of inside that ask. Suggestions are the
 * same either way. A study has at most one prefetch waiting in the queue, which takes the newest snapshot when it
 * starts.
 */
final class StudyService implements Studies, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StudyService.class);

    /** Builds the surrogate of a study with a prior model; validates the model against the spec. */
    interface PriorSource {
        Surrogate surrogate(String site, String modelId, StudySpec spec);
    }

    /** A study in memory, with what its row says. Guarded by its lock. */
    private static final class Live {
        final String id, site, name, priorModelId, createdBy;
        final Instant created;
        Study study;
        long version;
        String note;

        Live(String id, String site, String name, String priorModelId, String createdBy, Instant created, Study study,
             long version, String note) {
            this.id = id;
            this.site = site;
            this.name = name;
            this.priorModelId = priorModelId;
            this.createdBy = createdBy;
            this.created = created;
            this.study = study;
            this.version = version;
            this.note = note;
        }
    }

    private final Database db;
    private final PriorSource priors;
    private final ConcurrentHashMap<String, Live> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<StudyEvent>> listeners = new CopyOnWriteArrayList<>();
    /** The newest prefetch snapshot of each study whose prefetch waits in the queue (removed when it starts). */
    private final ConcurrentHashMap<String, Runnable> queued = new ConcurrentHashMap<>();
    private final ExecutorService prefetcher = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
        Thread t = new Thread(r, "metaline-prefetch");
        t.setDaemon(true);
        return t;
    });

    StudyService(Database db, PriorSource priors) {
        this.db = db;
        this.priors = priors;
    }

    /** Stops the background prefetch (queued work is dropped: it only ever saves time). */
    @Override
    public void close() {
        prefetcher.shutdownNow();
    }

    private void prefetch(Live live) {
        if (queued.put(live.id, live.study.prefetch()) != null) return; // the waiting task will run this snapshot
        try {
            prefetcher.execute(() -> {
                Runnable work = queued.remove(live.id);
                try {
                    if (work != null) work.run();
                } catch (RuntimeException e) {
                    LOG.warn("prefetch for study {} failed (the next ask fits instead): {}", live.id, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            queued.remove(live.id); // shutting down
        }
    }

    // ---------------------------------------------------------------- create, read

    @Override
    public StudyInfo create(Principal who, StudySpec spec, String priorModelId) {
        if (spec == null) throw new ServiceException.BadInput("spec", "a study declaration is required");
        Validate.name("name", spec.name());
        String prior = priorModelId == null || priorModelId.isBlank() ? null : priorModelId;
        Study study = new Study(spec, surrogate(who.site(), spec, prior));
        String state = StudyJson.toJson(study);
        String specJson = specJson(state);
        Instant now = Database.now();
        Live live = new Live(Ids.next("st"), who.site(), spec.name(), prior, who.tokenId(), now, study, 1, null);
        db.inTransaction(c -> update(c, "insert into studies (id, site, name, prior_model_id, spec_json, state_json, version,"
                        + " state_note, trial_count, completed, created_by, created, updated) values (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?)",
                live.id, live.site, live.name, prior, specJson, state, live.version, null, live.createdBy, now, now));
        cache.put(live.id, live);
        fire(List.of(new StudyEvent(live.site, live.id, "created", 0)));
        return info(live, false);
    }

    @Override
    public StudyView get(Principal who, String studyId) {
        return locked(who, studyId, live -> {
            Map<Integer, Suggestion> suggestions = db.inTransaction(c -> suggestions(c, live.id));
            List<Trial> trials = live.study.trials();
            return new StudyView(info(live, true), live.study.spec(), trials, suggestions, live.note == null ? "running" : live.note);
        }, new ArrayList<>());
    }

    @Override
    public List<StudyInfo> list(Principal who) {
        record Row(String id, String name, String prior, String createdBy, Instant created, String state, long version, String note) {}
        List<Row> rows = db.inTransaction(c -> {
            try (PreparedStatement ps = prepare(c, "select id, name, prior_model_id, created_by, created, state_json, version, state_note"
                    + " from studies where site = ? order by created, id", who.site()); ResultSet rs = ps.executeQuery()) {
                List<Row> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), instant(rs, "created"),
                            rs.getString(6), rs.getLong(7), rs.getString(8)));
                }
                return out;
            }
        });
        List<StudyInfo> out = new ArrayList<>();
        for (Row r : rows) {
            Live cached = cache.get(r.id());
            if (cached != null) {
                out.add(info(cached, false));
            } else {
                // Only counts and the best trial are needed: the surrogate of this throwaway copy is never used.
                Study s = StudyJson.fromJson(r.state(), new GpSurrogate(0));
                out.add(info(new Live(r.id(), who.site(), r.name(), r.prior(), r.createdBy(), r.created(), s, r.version(), r.note()), false));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- ask, tell, fail

    @Override
    public List<Suggestion> ask(Principal who, String studyId, Map<String, Double> context, int count) {
        if (count < 1 || count > 100) throw new ServiceException.BadInput("count", "must be between 1 and 100, got " + count);
        Map<String, Double> ctx = Validate.finite("context", context);
        List<StudyEvent> events = new ArrayList<>();
        return locked(who, studyId, live -> {
            List<Suggestion> out;
            try {
                out = live.study.ask(ctx, count);
            } catch (StudyException.NoSafeSuggestion e) {
                String note = "no safe suggestion: " + e.getMessage();
                if (!note.equals(live.note)) {
                    db.inTransaction(c -> update(c, "update studies set state_note = ?, updated = ? where id = ?", note, Database.now(), live.id));
                    live.note = note;
                }
                throw new ServiceException.Conflict(e.getMessage());
            } catch (StudyException e) {
                throw new ServiceException.Conflict(e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new ServiceException.BadInput("context", e.getMessage());
            }
            Map<Integer, Suggestion> byId = new LinkedHashMap<>();
            for (Suggestion s : out) byId.put(s.trialId(), s);
            List<Trial> changed = new ArrayList<>();
            for (Suggestion s : out) changed.add(live.study.trial(s.trialId()));
            commit(live, changed, byId, null);
            for (Suggestion s : out) events.add(new StudyEvent(live.site, live.id, "asked", s.trialId()));
            prefetch(live);
            return out;
        }, events);
    }

    @Override
    public Trial tell(Principal who, String studyId, int trialId, Map<String, Double> outcomes) {
        if (outcomes == null || outcomes.isEmpty()) throw new ServiceException.BadInput("outcomes", "the measured outcomes are required");
        for (Map.Entry<String, Double> e : outcomes.entrySet()) {
            if (e.getValue() == null) throw new ServiceException.BadInput("outcomes." + e.getKey(), "a number is required");
        }
        List<StudyEvent> events = new ArrayList<>();
        return locked(who, studyId, live -> {
            Trial before = trial(live, trialId);
            Trial after;
            try {
                after = live.study.tell(trialId, outcomes);
            } catch (StudyException e) {
                throw new ServiceException.Conflict(e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new ServiceException.BadInput("outcomes", e.getMessage());
            }
            if (!after.equals(before)) {
                commit(live, List.of(after), Map.of(), live.note);
                events.add(new StudyEvent(live.site, live.id, "told", trialId));
            }
            return after;
        }, events);
    }

    @Override
    public Trial fail(Principal who, String studyId, int trialId, String reason) {
        List<StudyEvent> events = new ArrayList<>();
        return locked(who, studyId, live -> {
            Trial after = failTrial(live, trialId, reason, null, who, events);
            return after;
        }, events);
    }

    /** Marks a trial failed and commits it, with an approval row when {@code decision} is given. */
    private Trial failTrial(Live live, int trialId, String reason, String decision, Principal who, List<StudyEvent> events) {
        Trial before = trial(live, trialId);
        Trial after;
        try {
            after = live.study.tellFailed(trialId, reason);
        } catch (StudyException e) {
            throw new ServiceException.Conflict(e.getMessage());
        }
        if (!after.equals(before) || decision != null) {
            Instant now = Database.now();
            commit(live, after.equals(before) ? List.of() : List.of(after), Map.of(), live.note, c -> {
                if (decision != null) {
                    update(c, "insert into approvals (study_id, trial_id, decision, reason, decided_by, decided) values (?, ?, ?, ?, ?, ?)",
                            live.id, trialId, decision, reason, who.tokenId(), now);
                }
            });
            if (!after.equals(before)) events.add(new StudyEvent(live.site, live.id, "failed", trialId));
        }
        return after;
    }

    // ---------------------------------------------------------------- approvals

    @Override
    public void approve(Principal who, String studyId, int trialId) {
        List<StudyEvent> events = new ArrayList<>();
        locked(who, studyId, live -> {
            Trial t = trial(live, trialId);
            String decision = decision(live.id, trialId).orElse(null);
            if ("approved".equals(decision)) return null;
            if ("rejected".equals(decision)) throw new ServiceException.Conflict("trial " + trialId + " of study " + live.id + " was rejected");
            if (t.status() != Trial.Status.PENDING) {
                throw new ServiceException.Conflict("trial " + trialId + " of study " + live.id + " is " + t.status().name().toLowerCase()
                        + "; only a pending suggestion can be approved");
            }
            db.inTransaction(c -> update(c, "insert into approvals (study_id, trial_id, decision, reason, decided_by, decided)"
                    + " values (?, ?, 'approved', null, ?, ?)", live.id, trialId, who.tokenId(), Database.now()));
            events.add(new StudyEvent(live.site, live.id, "approved", trialId));
            return null;
        }, events);
    }

    @Override
    public void reject(Principal who, String studyId, int trialId, String reason) {
        List<StudyEvent> events = new ArrayList<>();
        locked(who, studyId, live -> {
            Trial t = trial(live, trialId);
            String decision = decision(live.id, trialId).orElse(null);
            if ("rejected".equals(decision)) return null;
            if ("approved".equals(decision)) throw new ServiceException.Conflict("trial " + trialId + " of study " + live.id + " was approved");
            if (t.status() != Trial.Status.PENDING) {
                throw new ServiceException.Conflict("trial " + trialId + " of study " + live.id + " is " + t.status().name().toLowerCase()
                        + "; only a pending suggestion can be rejected");
            }
            String why = "rejected: " + (reason == null || reason.isBlank() ? "no reason given" : reason);
            failTrial(live, trialId, why, "rejected", who, events);
            events.add(new StudyEvent(live.site, live.id, "rejected", trialId));
            return null;
        }, events);
    }

    @Override
    public Optional<String> approval(Principal who, String studyId, int trialId) {
        return locked(who, studyId, live -> {
            trial(live, trialId);
            return decision(live.id, trialId);
        }, new ArrayList<>());
    }

    private Optional<String> decision(String studyId, int trialId) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = prepare(c, "select decision from approvals where study_id = ? and trial_id = ?", studyId, trialId);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
        });
    }

    // ---------------------------------------------------------------- events

    @Override
    public AutoCloseable subscribe(Consumer<StudyEvent> listener) {
        if (listener == null) throw new IllegalArgumentException("subscribe: a listener is required");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void fire(List<StudyEvent> events) {
        for (StudyEvent e : events) {
            for (Consumer<StudyEvent> l : listeners) {
                try {
                    l.accept(e);
                } catch (RuntimeException ex) {
                    LOG.warn("a study event listener failed on {}: {}", e, ex.toString());
                }
            }
        }
    }

    // ---------------------------------------------------------------- machinery

    @FunctionalInterface
    private interface Action<R> {
        R run(Live live);
    }

    @FunctionalInterface
    private interface Extra {
        void run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code action} on the caller's study under its lock, then delivers {@code events} (filled by the action)
     * once the lock is released. A failure after the study may have changed in memory drops it from the cache.
     */
    private <R> R locked(Principal who, String studyId, Action<R> action, List<StudyEvent> events) {
        if (studyId == null) throw new ServiceException.NotFound("study", "null");
        ReentrantLock lock = locks.computeIfAbsent(studyId, k -> new ReentrantLock());
        R result;
        lock.lock();
        try {
            Live live = load(studyId);
            if (live == null || !live.site.equals(who.site())) throw new ServiceException.NotFound("study", studyId);
            try {
                result = action.run(live);
            } catch (ServiceException.NotFound | ServiceException.BadInput e) {
                throw e; // raised before the study changed
            } catch (RuntimeException | Error e) {
                cache.remove(studyId); // the in-memory study may be ahead of the database: reload it next time
                throw e;
            }
        } finally {
            lock.unlock();
        }
        fire(events);
        return result;
    }

    /**
     * The study from the cache or the database, or null. Called under the study's lock. A cached study whose stored
     * version moved on (another server sharing the database changed it) is reloaded.
     */
    private Live load(String id) {
        Live live = cache.get(id);
        if (live != null) {
            Long stored = db.inTransaction(c -> {
                try (PreparedStatement ps = prepare(c, "select version from studies where id = ?", id); ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : null;
                }
            });
            if (stored != null && stored == live.version) return live;
            cache.remove(id);
        }
        Live loaded = db.inTransaction(c -> {
            try (PreparedStatement ps = prepare(c, "select * from studies where id = ?", id); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                String site = rs.getString("site"), prior = rs.getString("prior_model_id");
                String state = rs.getString("state_json");
                StudySpec spec = StudyJson.fromJson(state, new GpSurrogate(0)).spec();
                Study study = StudyJson.fromJson(state, surrogate(site, spec, prior));
                return new Live(id, site, rs.getString("name"), prior, rs.getString("created_by"), instant(rs, "created"), study,
                        rs.getLong("version"), rs.getString("state_note"));
            }
        });
        if (loaded != null) cache.put(id, loaded);
        return loaded;
    }

    private Surrogate surrogate(String site, StudySpec spec, String priorModelId) {
        return priorModelId == null ? new GpSurrogate(spec.seed()) : priors.surrogate(site, priorModelId, spec);
    }

    private Trial trial(Live live, int trialId) {
        try {
            return live.study.trial(trialId);
        } catch (StudyException.UnknownTrial e) {
            throw new ServiceException.NotFound("trial", live.id + "/" + trialId);
        }
    }

    private void commit(Live live, List<Trial> changed, Map<Integer, Suggestion> suggestions, String note) {
        commit(live, changed, suggestions, note, c -> {});
    }

    /** Writes the study's state and the changed trial rows in one transaction, if the stored version is still ours. */
    private void commit(Live live, List<Trial> changed, Map<Integer, Suggestion> suggestions, String note, Extra extra) {
        String state = StudyJson.toJson(live.study);
        List<Trial> all = live.study.trials();
        int completed = (int) all.stream().filter(t -> t.status() == Trial.Status.COMPLETED).count();
        Instant now = Database.now();
        db.inTransaction(c -> {
            int n = update(c, "update studies set state_json = ?, version = ?, state_note = ?, trial_count = ?, completed = ?,"
                    + " updated = ? where id = ? and version = ?", state, live.version + 1, note, all.size(), completed, now, live.id, live.version);
            if (n != 1) throw new ServiceException.Conflict("study " + live.id + " was changed by another server; retry");
            for (Trial t : changed) {
                Suggestion s = suggestions.get(t.id());
                Object[] values = {t.status().name(), Json.write(t.settings()), Json.write(t.context()), Json.write(t.outcomes()), t.note(),
                        t.created() == null ? null : t.created(), t.finished() == null ? null : t.finished(), live.id, t.id()};
                if (s != null) {
                    update(c, "insert into trials (status, settings_json, context_json, outcomes_json, note, created, finished, study_id,"
                            + " trial_id, suggestion_json) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", append(values, Json.write(s)));
                } else {
                    update(c, "update trials set status = ?, settings_json = ?, context_json = ?, outcomes_json = ?, note = ?,"
                            + " created = ?, finished = ? where study_id = ? and trial_id = ?", values);
                }
            }
            extra.run(c);
            return null;
        });
        live.version++;
        live.note = note;
    }

    private static Object[] append(Object[] a, Object b) {
        Object[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = b;
        return out;
    }

    private static Map<Integer, Suggestion> suggestions(Connection c, String studyId) throws SQLException {
        Map<Integer, Suggestion> out = new LinkedHashMap<>();
        try (PreparedStatement ps = prepare(c, "select trial_id, suggestion_json from trials where study_id = ? order by trial_id", studyId);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String json = rs.getString(2);
                if (json != null) out.put(rs.getInt(1), Json.read(json, Suggestion.class));
            }
        }
        return out;
    }

    private static String specJson(String stateJson) {
        JsonNode node = Json.read(stateJson, JsonNode.class);
        return Json.write(node.get("spec"));
    }

    /**
     * The study's recommendation; none, with a warning, if its model cannot be fitted (the study stays readable). It
     * fits the study's model, so only a study's own view carries it, not the list.
     */
    private static Optional<Trial> recommended(Live live) {
        try {
            return live.study.recommended();
        } catch (RuntimeException e) {
            LOG.warn("study {}: no recommendation ({})", live.id, e.toString());
            return Optional.empty();
        }
    }

    private static StudyInfo info(Live live, boolean withRecommendation) {
        List<Trial> trials = live.study.trials();
        int completed = (int) trials.stream().filter(t -> t.status() == Trial.Status.COMPLETED).count();
        return new StudyInfo(live.id, live.site, live.name, live.priorModelId, live.created, live.createdBy, trials.size(), completed,
                live.study.best(), withRecommendation ? recommended(live) : Optional.empty());
    }
}
