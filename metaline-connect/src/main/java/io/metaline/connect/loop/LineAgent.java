package io.metaline.connect.loop;

import io.metaline.optimize.StudySpec;
import io.metaline.optimize.Suggestion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The closed loop of one line: ask the study for settings, get them approved, write them, wait for the first cycle
 * that ran with them, read its outcomes, tell them exactly once, repeat.
 *
 * <p>Guarantees. Setpoints are written only after the trial is approved (by an operator, or by the
 * {@link ApprovalPolicy} when every parameter lies within its envelope). Each result is recorded in the
 * {@link TrialJournal} (fsync'ed) before it is told and marked told after, so a result is told once: a dropped line
 * connection is retried without re-reading a run, a study call that may not have arrived is repeated with the same
 * outcomes (tell is idempotent), and after a crash {@link #run()} first tells recorded-but-untold results, resumes
 * trials whose setpoints were written, and fails trials that never reached the line. Outcomes come from a cycle numbered after the write that ran with the written
 * setpoints; if the line drops them (changeover, restart), they are written again, still under the same approval.
 *
 * <p>Lifecycle: {@link #run()} blocks until {@link #stop()}, {@code maxRuns} results or a fatal error (a mapping
 * that does not fit, a study that refuses a result); {@link #start()} runs it on its own thread. The agent does not
 * close the connection or the gateway. {@link #stop()} may be called from any thread; a trial in flight is failed
 * with the reason. One agent per line and study; not reusable after it stopped.
 */
public final class LineAgent {
    private static final Logger LOG = LoggerFactory.getLogger(LineAgent.class);

    /**
     * @param approval     when a suggestion may be written without an operator
     * @param journal      the journal file (one per study and line)
     * @param approvalPoll how often to look for an operator's decision
     * @param runTimeout   how long to wait for a cycle that ran the setpoints before failing the trial
     * @param retryDelay   pause before retrying after the line or the study could not be reached
     * @param maxRuns      stop after this many results (0: until stopped)
     */
    public record Config(ApprovalPolicy approval, Path journal, Duration approvalPoll, Duration runTimeout,
                         Duration retryDelay, int maxRuns) {
        public Config {
            if (approval == null || journal == null) throw new IllegalArgumentException("agent: approval policy and journal file are required");
            approvalPoll = approvalPoll == null ? Duration.ofMillis(500) : approvalPoll;
            runTimeout = runTimeout == null ? Duration.ofMinutes(5) : runTimeout;
            retryDelay = retryDelay == null ? Duration.ofSeconds(1) : retryDelay;
            if (maxRuns < 0) throw new IllegalArgumentException("agent: maxRuns must be >= 0, got " + maxRuns);
        }

        public static Config of(ApprovalPolicy approval, Path journal) {
            return new Config(approval, journal, null, null, null, 0);
        }

        public Config withMaxRuns(int n) {
            return new Config(approval, journal, approvalPoll, runTimeout, retryDelay, n);
        }

        public Config withTimes(Duration poll, Duration timeout, Duration retry) {
            return new Config(approval, journal, poll, timeout, retry, maxRuns);
        }
    }

    private final StudyGateway study;
    private final LineConnection line;
    private final Config config;
    private final AgentListener listener;
    private final StudySpec spec;
    private volatile boolean stopping;
    private volatile int runs;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    public LineAgent(StudyGateway study, LineConnection line, Config config, AgentListener listener) {
        this.study = study;
        this.line = line;
        this.config = config;
        this.listener = listener == null ? new AgentListener() {} : listener;
        this.spec = study.spec();
        List<String> unknown = config.approval().unknownNames(spec.space().names());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("approval envelope names " + unknown + ", which are not parameters of study '"
                    + spec.name() + "'; its parameters are " + spec.space().names());
        }
    }

    /** Results told so far. */
    public int runs() {
        return runs;
    }

    /** Asks the loop to end; a trial in flight is failed. Returns at once. */
    public void stop() {
        stopping = true;
    }

    /** Runs the loop on a new daemon thread ({@code line-agent-<line>}); see {@link #failure()}. */
    public Thread start() {
        Thread t = new Thread(() -> {
            try {
                run();
            } catch (Throwable e) {
                failure.set(e);
                LOG.error("line {}: agent stopped on an error: {}", line.line(), e.toString(), e);
            }
        }, "line-agent-" + line.line());
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits for the loop to end; true when it did within {@code timeout}. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The error that ended a {@link #start()}ed loop, if any. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Runs the loop on the calling thread until stopped, {@code maxRuns} results, or a fatal error. */
    public void run() throws Exception {
        try (TrialJournal journal = TrialJournal.open(config.journal(), spec.name(), line.line())) {
            openLine();
            recover(journal);
            while (!done()) {
                Map<String, Double> context = retrying("read the context", line::readContext);
                if (context == null) break;
                Map<String, Double> declared = new LinkedHashMap<>();
                for (var c : spec.space().context()) declared.put(c.name(), context.get(c.name()));
                Suggestion s = studyCall("ask", () -> study.ask(1, declared).get(0));
                if (s == null) break;
                journal.asked(s.trialId(), s.settings());
                if (!approved(s, journal)) continue;
                runTrial(s, journal, null);
            }
        } finally {
            finished.countDown();
        }
    }

    private boolean done() {
        return stopping || (config.maxRuns() > 0 && runs >= config.maxRuns());
    }

    private void openLine() throws Exception {
        while (!stopping) {
            try {
                line.open();
                return;
            } catch (LineConnectionException e) {
                problem("line " + line.line() + " is not reachable: " + e.getMessage());
                pause(config.retryDelay());
            }
        }
    }

    /**
     * Finishes what a previous agent left: tells recorded results; resumes trials whose setpoints were written (they
     * were approved, and the line may be running them now); fails trials that never reached the line.
     */
    private void recover(TrialJournal journal) throws Exception {
        for (TrialJournal.Entry e : journal.open()) {
            if (stopping) return;
            if (e.outcomes() != null) {
                LOG.info("line {}: telling trial {} recorded before a restart (cycle {})", line.line(), e.trialId(), e.cycle());
                tell(journal, e.trialId(), e.cycle(), "", e.settings(), e.outcomes());
            } else if (e.written()) {
                LOG.info("line {}: resuming trial {}, whose setpoints were written before a restart", line.line(), e.trialId());
                Suggestion resumed = new Suggestion(e.trialId(), e.settings(), Map.of(), Double.NaN, "resumed after a restart", List.of());
                runTrial(resumed, journal, new SetpointWrite(e.settings(), e.cycleBefore()));
            } else {
                failTrial(journal, e.trialId(), "interrupted: the agent stopped before the setpoints were written");
            }
        }
    }

    /** True once approved; false when rejected or the agent stops first (the trial is then closed). */
    private boolean approved(Suggestion s, TrialJournal journal) throws IOException {
        int id = s.trialId();
        boolean auto = config.approval().autoApproves(s.settings());
        notifyListener(l -> l.suggested(s, auto));
        if (auto) {
            try {
                if (studyCall("approve", () -> { study.approve(id); return Boolean.TRUE; }) == null) {
                    failTrial(journal, id, "agent stopped before the suggestion was approved");
                    return false;
                }
                return true;
            } catch (GatewayException e) {
                // e.g. an operator rejected it first: the study's decision stands; read it below.
                LOG.info("line {}: trial {} could not be approved automatically: {}", line.line(), id, e.getMessage());
            }
        }
        LOG.info("line {}: trial {} waits for approval: {}", line.line(), id, s.settings());
        while (!stopping) {
            Approval a = studyCall("approval status", () -> study.approval(id));
            if (a == Approval.APPROVED) return true;
            if (a == Approval.REJECTED) {
                journal.closed(id, "rejected");
                notifyListener(l -> l.rejected(id));
                return false;
            }
            pause(config.approvalPoll());
        }
        failTrial(journal, id, "agent stopped while the suggestion awaited approval");
        return false;
    }

    /** Writes the approved settings (unless {@code resumed} says they were) and tells the first run of them. */
    private void runTrial(Suggestion s, TrialJournal journal, SetpointWrite resumed) throws Exception {
        int id = s.trialId();
        try {
            // Defence in depth: whatever the study answered, nothing outside the declared bounds reaches the line.
            spec.space().values(s.settings(), "trial " + id);
        } catch (IllegalArgumentException e) {
            failTrial(journal, id, "not written: " + e.getMessage());
            return;
        }
        long deadline = System.nanoTime() + config.runTimeout().toNanos();
        SetpointWrite written = resumed;
        int rewrites = 0;
        while (true) {
            if (stopping) {
                failTrial(journal, id, "agent stopped before a cycle ran the setpoints");
                return;
            }
            if (System.nanoTime() > deadline) {
                failTrial(journal, id, "no cycle ran the setpoints within " + config.runTimeout());
                return;
            }
            try {
                if (written == null) {
                    written = line.write(s.settings());
                    journal.written(id, written.cycleBefore());
                    Map<String, Double> settings = s.settings();
                    notifyListener(l -> l.written(id, settings));
                }
                Optional<CycleReading> r = line.awaitRun(written, Duration.ofMillis(500));
                if (r.isPresent()) {
                    record(s, r.get(), journal);
                    return;
                }
            } catch (SetpointsLostException e) {
                if (++rewrites > 3) {
                    failTrial(journal, id, "the line dropped the setpoints " + rewrites + " times: " + e.getMessage());
                    return;
                }
                LOG.warn("line {}: trial {}: {}; writing the approved setpoints again", line.line(), id, e.getMessage());
                written = null;
            } catch (SetpointRejectedException e) {
                failTrial(journal, id, e.getMessage());
                return;
            } catch (LineConnectionException e) {
                problem("line " + line.line() + ": " + e.getMessage());
                pause(config.retryDelay());
            }
        }
    }

    private void record(Suggestion s, CycleReading r, TrialJournal journal) throws IOException {
        int id = s.trialId();
        Map<String, Double> outcomes = new LinkedHashMap<>();
        for (String o : spec.outcomes()) {
            Double v = r.outcomes().get(o);
            if (v == null || !Double.isFinite(v)) {
                failTrial(journal, id, "cycle " + r.cycle() + " reported outcome '" + o + "' as " + v);
                return;
            }
            outcomes.put(o, v);
        }
        if (!journal.result(id, r.cycle(), outcomes)) return; // told already: never twice
        tell(journal, id, r.cycle(), r.product(), r.settings(), outcomes);
    }

    private void tell(TrialJournal journal, int id, Long cycle, String product, Map<String, Double> settings, Map<String, Double> outcomes) throws IOException {
        try {
            if (studyCall("tell trial " + id, () -> study.tell(id, outcomes)) == null) return; // stopped: told after restart
        } catch (GatewayException e) {
            // The study refused this result (e.g. the trial was failed meanwhile): it will never accept it.
            journal.closed(id, "study refused the result: " + e.getMessage());
            notifyListener(l -> l.failed(id, "study refused the result: " + e.getMessage()));
            return;
        }
        journal.told(id);
        int n = ++runs;
        AgentProgress p = new AgentProgress(line.line(), n, id, cycle == null ? -1 : cycle, product, settings, outcomes, safeBest());
        LOG.info("line {}: trial {} told (cycle {}): {}", line.line(), id, cycle, outcomes);
        notifyListener(l -> l.told(p));
    }

    private Optional<io.metaline.optimize.Trial> safeBest() {
        try {
            return study.best();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private void failTrial(TrialJournal journal, int id, String reason) throws IOException {
        LOG.warn("line {}: trial {} failed: {}", line.line(), id, reason);
        try {
            study.fail(id, reason);
        } catch (GatewayException e) {
            LOG.warn("line {}: could not report trial {} failed: {}", line.line(), id, e.getMessage());
            if (e.retryable()) return; // leave it open: the next start fails it again
        }
        journal.closed(id, reason);
        notifyListener(l -> l.failed(id, reason));
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    /** A study call, repeated while it fails retryably and the agent runs; null when the agent stopped. */
    private <T> T studyCall(String what, Call<T> call) {
        while (true) {
            try {
                return call.call();
            } catch (GatewayException e) {
                if (!e.retryable()) throw e;
                if (stopping) return null;
                problem("study: " + what + ": " + e.getMessage());
                pause(config.retryDelay());
            } catch (Exception e) {
                throw new IllegalStateException(what + ": " + e.getMessage(), e);
            }
        }
    }

    /** A line call, repeated while the line cannot be reached and the agent runs; null when the agent stopped. */
    private <T> T retrying(String what, Call<T> call) throws Exception {
        while (!stopping) {
            try {
                return call.call();
            } catch (LineConnectionException e) {
                problem("line " + line.line() + ": " + what + ": " + e.getMessage());
                pause(config.retryDelay());
            }
        }
        return null;
    }

    private void notifyListener(java.util.function.Consumer<AgentListener> event) {
        try {
            event.accept(listener);
        } catch (RuntimeException e) {
            LOG.warn("line {}: a progress listener threw {}; ignored", line.line(), e.toString());
        }
    }

    private void problem(String message) {
        LOG.warn(message);
        notifyListener(l -> l.connectionProblem(message));
    }

    private void pause(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (!stopping && System.nanoTime() < end) {
            try {
                Thread.sleep(Math.min(50, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
            }
        }
    }
}
