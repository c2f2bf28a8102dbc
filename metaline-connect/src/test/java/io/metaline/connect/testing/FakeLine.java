package io.metaline.connect.testing;

import io.metaline.connect.loop.CycleReading;
import io.metaline.connect.loop.LineConnection;
import io.metaline.connect.loop.LineConnectionException;
import io.metaline.connect.loop.SetpointWrite;
import io.metaline.connect.loop.Setpoints;
import io.metaline.connect.loop.SetpointsLostException;
import io.metaline.sim.line.CycleResult;
import io.metaline.sim.line.LineSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory line for agent tests: a {@link LineSimulator} stepped by the connection itself (one cycle per
 * {@link #awaitRun} call), with injectable connection drops and a record of every write.
 */
public final class FakeLine implements LineConnection {
    private final LineSimulator sim;
    private final AtomicInteger dropsLeft = new AtomicInteger();
    private final List<Map<String, Double>> writes = new ArrayList<>();
    private volatile boolean stepping = true;

    public FakeLine(LineSimulator sim) {
        this.sim = sim;
    }

    public LineSimulator simulator() {
        return sim;
    }

    /** The next {@code n} calls fail as if the connection had dropped. */
    public void drop(int n) {
        dropsLeft.set(n);
    }

    /** Whether {@link #awaitRun} runs a cycle itself. */
    public void stepping(boolean on) {
        stepping = on;
    }

    public synchronized List<Map<String, Double>> writes() {
        return List.copyOf(writes);
    }

    private void maybeDrop() throws LineConnectionException {
        if (dropsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) throw new LineConnectionException("connection dropped (injected)", null);
    }

    @Override
    public String line() {
        return sim.line();
    }

    @Override
    public void open() {}

    @Override
    public Map<String, Double> readContext() throws LineConnectionException {
        maybeDrop();
        return sim.context();
    }

    @Override
    public Map<String, Double> readSetpoints() throws LineConnectionException {
        maybeDrop();
        return sim.setpoints();
    }

    @Override
    public synchronized SetpointWrite write(Map<String, Double> settings) throws LineConnectionException {
        maybeDrop();
        long before = sim.cycle();
        sim.setSetpoints(settings);
        writes.add(Map.copyOf(settings));
        return new SetpointWrite(settings, before);
    }

    @Override
    public Optional<CycleReading> awaitRun(SetpointWrite written, Duration wait) throws Exception {
        maybeDrop();
        if (!Setpoints.match(written.settings(), sim.setpoints())) throw new SetpointsLostException("setpoints changed", sim.setpoints());
        if (stepping) sim.runCycle();
        Optional<CycleResult> last = sim.lastResult();
        if (last.isEmpty() || last.get().cycle() <= written.cycleBefore() || !Setpoints.match(written.settings(), last.get().settings())) {
            Thread.sleep(Math.min(wait.toMillis(), 5));
            return Optional.empty();
        }
        CycleResult r = last.get();
        maybeDrop(); // a drop between the cycle and its reading: the agent must read it again, not lose it
        return Optional.of(new CycleReading(r.cycle(), r.product(), r.settings(), r.outcomes(), r.context(), r.time()));
    }

    @Override
    public void close() {}
}
