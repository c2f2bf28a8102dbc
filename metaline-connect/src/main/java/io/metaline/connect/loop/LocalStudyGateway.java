package io.metaline.connect.loop;

import io.metaline.optimize.Study;
import io.metaline.optimize.StudyException;
import io.metaline.optimize.StudySpec;
import io.metaline.optimize.Suggestion;
import io.metaline.optimize.Trial;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link StudyGateway} over an in-process {@link Study}, for tests and library users. Approvals are kept in
 * memory (they are lost with the process, like the study unless it is saved with
 * {@link io.metaline.optimize.StudyJson}). Thread-safe.
 */
public final class LocalStudyGateway implements StudyGateway {
    private final Study study;
    private final Map<Integer, Approval> approvals = new ConcurrentHashMap<>();

    public LocalStudyGateway(Study study) {
        this.study = study;
    }

    /** The wrapped study. */
    public Study study() {
        return study;
    }

    @Override
    public StudySpec spec() {
        return study.spec();
    }

    @Override
    public List<Suggestion> ask(int count, Map<String, Double> context) {
        return call(() -> study.ask(context, count));
    }

    @Override
    public void approve(int trialId) {
        call(() -> {
            Trial t = study.trial(trialId);
            synchronized (approvals) {
                Approval a = approvals.getOrDefault(trialId, Approval.PENDING);
                if (a == Approval.REJECTED) throw new GatewayException("trial " + trialId + " was rejected; it cannot be approved", 409, false, null);
                if (t.status() != Trial.Status.PENDING && a != Approval.APPROVED) {
                    throw new GatewayException("trial " + trialId + " is " + t.status().name().toLowerCase() + "; only a pending trial can be approved", 409, false, null);
                }
                approvals.put(trialId, Approval.APPROVED);
            }
            return null;
        });
    }

    @Override
    public void reject(int trialId, String reason) {
        call(() -> {
            synchronized (approvals) {
                Approval a = approvals.getOrDefault(trialId, Approval.PENDING);
                if (a == Approval.APPROVED) throw new GatewayException("trial " + trialId + " was approved; it cannot be rejected now", 409, false, null);
                study.tellFailed(trialId, "rejected: " + (reason == null || reason.isBlank() ? "no reason given" : reason));
                approvals.put(trialId, Approval.REJECTED);
            }
            return null;
        });
    }

    @Override
    public Approval approval(int trialId) {
        return call(() -> {
            study.trial(trialId);
            return approvals.getOrDefault(trialId, Approval.PENDING);
        });
    }

    @Override
    public Trial tell(int trialId, Map<String, Double> outcomes) {
        return call(() -> study.tell(trialId, outcomes));
    }

    @Override
    public Trial fail(int trialId, String reason) {
        return call(() -> study.tellFailed(trialId, reason));
    }

    @Override
    public Optional<Trial> best() {
        return study.best();
    }

    @Override
    public Optional<Trial> recommended() {
        return study.recommended();
    }

    private interface Call<T> {
        T run();
    }

    /** Maps the study's refusals to the same statuses the server gives them, so callers treat both gateways alike. */
    private static <T> T call(Call<T> c) {
        try {
            return c.run();
        } catch (StudyException.UnknownTrial e) {
            throw new GatewayException(e.getMessage(), 404, false, e);
        } catch (StudyException.AlreadyReported e) {
            throw new GatewayException(e.getMessage(), 409, false, e);
        } catch (StudyException e) {
            throw new GatewayException(e.getMessage(), 409, false, e);
        } catch (IllegalArgumentException e) {
            throw new GatewayException(e.getMessage(), 400, false, e);
        }
    }
}
