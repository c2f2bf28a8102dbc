package io.metaline.server.service;

import io.metaline.optimize.StudySpec;
import io.metaline.optimize.Suggestion;
import io.metaline.optimize.Trial;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Ask/tell optimisation studies, each wrapping an {@link io.metaline.optimize.Study}.
 *
 * <p>Thread-safe: calls on one study are serialised, calls on different studies run in parallel. Durability:
 * ask, tell, fail, approve and reject commit the study's new state and its trial rows in one transaction before
 * they return, so an acknowledged suggestion or result survives a crash, and a restarted server continues the
 * study exactly (same next suggestion). Telling the same outcomes again returns the same trial; different outcomes
 * for a completed trial, or outcomes for a failed one, answer Conflict. Another site's study answers NotFound.
 */
public interface Studies {
    /**
     * Creates a study. With {@code priorModelId} the surrogate is that model's meta-learned prior (its inputs must
     * equal the study's parameter names followed by its context variables, in order, with no categorical parameter; it must
     * predict every outcome the study needs: BadInput otherwise; Conflict if the model has not succeeded; the
     * study's bounds may differ from the data's, coordinates are mapped between the two). Without, the surrogate is
     * {@code new GpSurrogate(spec.seed())}, so the study suggests exactly what a plain
     * {@code new Study(spec, new GpSurrogate(spec.seed()))} given the same calls would, also across restarts.
     */
    StudyInfo create(Principal who, StudySpec spec, String priorModelId);

    /** {@code count} (1..100) suggestions; Conflict with the optimiser's message when none is safe. */
    List<Suggestion> ask(Principal who, String studyId, Map<String, Double> context, int count);

    Trial tell(Principal who, String studyId, int trialId, Map<String, Double> outcomes);

    Trial fail(Principal who, String studyId, int trialId, String reason);

    StudyView get(Principal who, String studyId);

    List<StudyInfo> list(Principal who);

    /** Approves a pending suggestion before it is written to the line. Idempotent; Conflict if it was rejected. */
    void approve(Principal who, String studyId, int trialId);

    /** Rejects a pending suggestion: the trial is marked failed ("rejected: reason"). Idempotent. */
    void reject(Principal who, String studyId, int trialId, String reason);

    /** "approved", "rejected" or empty. */
    Optional<String> approval(Principal who, String studyId, int trialId);

    /**
     * Registers a listener called after each change is committed, on the calling thread, never while a database
     * lock is held; exceptions from it are logged and ignored. Close the handle to unsubscribe.
     */
    AutoCloseable subscribe(Consumer<StudyEvent> listener);
}
