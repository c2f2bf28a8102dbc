package io.metaline.connect.testing;

import io.metaline.connect.loop.Approval;
import io.metaline.connect.loop.GatewayException;
import io.metaline.connect.loop.StudyGateway;
import io.metaline.optimize.StudySpec;
import io.metaline.optimize.Suggestion;
import io.metaline.optimize.Trial;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps a gateway, counts successful tells per trial, and can make the next tells fail as if the server were down. */
public class CountingGateway implements StudyGateway {
    private final StudyGateway inner;
    public final Map<Integer, AtomicInteger> tells = new ConcurrentHashMap<>();
    public final AtomicInteger tellOutages = new AtomicInteger();

    public CountingGateway(StudyGateway inner) {
        this.inner = inner;
    }

    @Override public StudySpec spec() { return inner.spec(); }
    @Override public List<Suggestion> ask(int count, Map<String, Double> context) { return inner.ask(count, context); }
    @Override public void approve(int trialId) { inner.approve(trialId); }
    @Override public void reject(int trialId, String reason) { inner.reject(trialId, reason); }
    @Override public Approval approval(int trialId) { return inner.approval(trialId); }
    @Override public Trial fail(int trialId, String reason) { return inner.fail(trialId, reason); }
    @Override public Optional<Trial> best() { return inner.best(); }
    @Override public Optional<Trial> recommended() { return inner.recommended(); }

    @Override
    public Trial tell(int trialId, Map<String, Double> outcomes) {
        if (tellOutages.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new GatewayException("server unreachable (injected)", 0, true, null);
        }
        Trial t = inner.tell(trialId, outcomes);
        tells.computeIfAbsent(trialId, k -> new AtomicInteger()).incrementAndGet();
        return t;
    }
}
