package io.metaline.connect.loop;

import io.metaline.optimize.StudySpec;
import io.metaline.optimize.Suggestion;
import io.metaline.optimize.Trial;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One study as a line agent sees it: ask for settings, learn whether an operator approved them, report what the line
 * measured. Implementations: {@link HttpStudyGateway} (the MetaLine server's REST API) and {@link LocalStudyGateway}
 * (an in-process {@link io.metaline.optimize.Study}).
 *
 * <p>Contract: {@link #tell} and {@link #fail} are idempotent (the same result for the same trial again is
 * accepted and changes nothing), so a caller that does not know whether a call arrived may repeat it.
 * {@link #approve} is idempotent too. A trial that is rejected is failed by the study. Errors are
 * {@link GatewayException}s. Implementations are thread-safe.
 */
public interface StudyGateway {
    /** The study's declaration: parameters, context, objective and constrained outcomes. */
    StudySpec spec();

    /** {@code count} suggestions for the given context, each recorded as a pending trial. */
    List<Suggestion> ask(int count, Map<String, Double> context);

    /** Allows the trial's settings onto the line. */
    void approve(int trialId);

    /** Refuses the trial's settings; the study marks the trial failed with the reason. */
    void reject(int trialId, String reason);

    /** Whether the trial is approved, rejected or still waiting for a decision. */
    Approval approval(int trialId);

    /** Reports the measured outcomes of a trial (the study's declared outcomes, all finite). */
    Trial tell(int trialId, Map<String, Double> outcomes);

    /** Reports that a trial's run failed or was aborted. */
    Trial fail(int trialId, String reason);

    /** The best completed trial that meets every limit, if any (for progress reports). */
    Optional<Trial> best();

    /** The completed trial that meets every limit whose objective the study's model predicts best, if any. */
    Optional<Trial> recommended();
}
