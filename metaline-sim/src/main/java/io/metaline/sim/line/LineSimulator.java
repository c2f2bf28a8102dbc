package io.metaline.sim.line;

import io.metaline.engine.Rng;
import io.metaline.sim.Parameter;
import io.metaline.sim.ProcessFamily;
import io.metaline.sim.ProcessTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A production line running one product (a {@link ProcessTask}) in cycles.
 *
 * <p>Each cycle runs the current setpoints on the product as worn by the line so far
 * ({@code product.drifted(wear)}, {@link ProcessTask#run} with measurement noise), checks the hard limits on the
 * same worn state ({@link ProcessTask#violatesHardLimit}), counts the cycle, adds {@link Config#wearPerCycle()} runs
 * of wear and reports a {@link CycleResult} to the listeners. Wear belongs to the machine: it carries over a
 * changeover and only {@link #maintain()} resets it.
 *
 * <p>Setpoints start at the family's known-safe defaults ({@link ProcessFamily#defaultSettings()}); a change is
 * validated against the declared bounds and kinds and applied whole or not at all. A changeover loads the new product
 * with the known-safe defaults again (what a new product's first cycles run with), so no setpoint meant for the old
 * product is ever run on the new one.
 *
 * <p>Two ways to run: {@link #start()} runs cycles in real time on the simulator's own scheduler thread, one every
 * {@code cyclePeriod / speed} ({@link #setSpeed} takes effect at once); {@link #runCycle()} runs one cycle now, on
 * the caller's thread, for fast-forward and tests. Both may be mixed; cycles never overlap.
 *
 * <p>Determinism: everything random derives from {@link Config#seed()} (the first product from stream 1, the
 * measurement noise from stream 2 of {@code new Rng(seed)}), so the same seed and the same sequence of calls give
 * the same cycle results (apart from {@link CycleResult#time()}).
 *
 * <p>Thread-safety: all methods may be called from any thread. Lifecycle: a simulator is stopped when created;
 * {@link #close()} stops it for good and releases its thread.
 */
public final class LineSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LineSimulator.class);
    private static final long PRODUCT_STREAM = 1;
    private static final long NOISE_STREAM = 2;

    /**
     * How a line runs.
     *
     * @param cyclePeriod  the time between cycles in real time at speed 1 (e.g. 2 s)
     * @param speedFactor  the initial speed: real-time cycles come every {@code cyclePeriod / speedFactor}
     * @param seed         the seed of the first product and of the measurement noise
     * @param wearPerCycle runs of wear ({@link ProcessTask#drifted}) each cycle adds; 1 is real wear, larger values
     *                     compress months of wear into a demonstration, 0 switches drift off
     */
    public record Config(Duration cyclePeriod, double speedFactor, long seed, int wearPerCycle) {
        /** The default cycle period, 2 s. */
        public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(2);

        public Config {
            if (cyclePeriod == null || cyclePeriod.isNegative() || cyclePeriod.isZero()) {
                throw new IllegalArgumentException("Config: cyclePeriod must be positive, got " + cyclePeriod);
            }
            checkSpeed(speedFactor);
            if (wearPerCycle < 0) {
                throw new IllegalArgumentException("Config: wearPerCycle must be >= 0, got " + wearPerCycle);
            }
        }

        /** 2 s cycles at speed 1, one run of wear per cycle. */
        public static Config defaults(long seed) {
            return new Config(DEFAULT_PERIOD, 1.0, seed, 1);
        }

        /** The same with another speed. */
        public Config withSpeed(double speed) {
            return new Config(cyclePeriod, speed, seed, wearPerCycle);
        }

        /** The same with another wear per cycle. */
        public Config withWearPerCycle(int wear) {
            return new Config(cyclePeriod, speedFactor, seed, wear);
        }

        /** The same with another cycle period. */
        public Config withCyclePeriod(Duration period) {
            return new Config(period, speedFactor, seed, wearPerCycle);
        }
    }

    private final String line;
    private final ProcessFamily family;
    private final Config config;
    private final Clock clock;
    private final List<CycleListener> listeners = new CopyOnWriteArrayList<>();
    /** Serialises whole cycles, listener notification included, so listeners see cycles in order. */
    private final ReentrantLock cycleLock = new ReentrantLock();
    /** Guards the line's state; never held while listeners run. */
    private final Object lock = new Object();

    private ProcessTask product;
    private Map<String, Double> setpoints;
    private long setpointsCycle = 1;
    private long cycle;
    private long wear;
    private final Rng noise;
    private CycleResult last;
    private double speed;

    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> next;
    private boolean running;
    private long generation;
    private boolean closed;

    /** A line running the product drawn from the family with {@code config.seed()}. */
    public LineSimulator(String line, ProcessFamily family, Config config) {
        this(line, requireFamily(line, family).sampleTask(new Rng(requireConfig(config).seed()).split(PRODUCT_STREAM)),
                config, Clock.systemUTC());
    }

    private static ProcessFamily requireFamily(String line, ProcessFamily family) {
        if (family == null) throw new IllegalArgumentException("LineSimulator " + line + ": family must not be null");
        return family;
    }

    /**
     * A line running {@code product}; the measurement noise comes from {@code config.seed()}, cycle times from
     * {@code clock}.
     */
    public LineSimulator(String line, ProcessTask product, Config config, Clock clock) {
        if (line == null || !line.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("LineSimulator: line id must be letters, digits, '_' or '-' (it is"
                    + " used in node ids and topics), got '" + line + "'");
        }
        if (product == null) throw new IllegalArgumentException("LineSimulator " + line + ": product must not be null");
        requireConfig(config);
        if (clock == null) throw new IllegalArgumentException("LineSimulator " + line + ": clock must not be null");
        this.line = line;
        this.family = product.family();
        this.config = config;
        this.clock = clock;
        this.product = product;
        this.setpoints = family.defaultSettings();
        this.noise = new Rng(config.seed()).split(NOISE_STREAM);
        this.speed = config.speedFactor();
    }

    private static Config requireConfig(Config config) {
        if (config == null) throw new IllegalArgumentException("LineSimulator: config must not be null");
        return config;
    }

    private static void checkSpeed(double speed) {
        if (!(speed > 0) || !Double.isFinite(speed)) {
            throw new IllegalArgumentException("speed factor must be finite and > 0, got " + speed);
        }
    }

    /** The line's id. */
    public String line() {
        return line;
    }

    /** The process family of every product this line runs. */
    public ProcessFamily family() {
        return family;
    }

    /** The configuration the line was created with. */
    public Config config() {
        return config;
    }

    /** The current product, unworn (the line runs {@code product().drifted(wear())}). */
    public ProcessTask product() {
        synchronized (lock) {
            return product;
        }
    }

    /** The current product's observable context, in the family's order. */
    public Map<String, Double> context() {
        return product().context();
    }

    /** Runs of wear the machine has accumulated (cycles times {@link Config#wearPerCycle()} since maintenance). */
    public long wear() {
        synchronized (lock) {
            return wear;
        }
    }

    /** The current setpoints: every parameter, in the family's order (an immutable snapshot). */
    public Map<String, Double> setpoints() {
        synchronized (lock) {
            return setpoints;
        }
    }

    /** The number of the last completed cycle, 0 before the first. */
    public long cycle() {
        synchronized (lock) {
            return cycle;
        }
    }

    /**
     * The first cycle that runs (or ran) with the current setpoints: after a setpoint change or changeover, the next
     * cycle's number.
     */
    public long setpointsCycle() {
        synchronized (lock) {
            return setpointsCycle;
        }
    }

    /** The last completed cycle, empty before the first. */
    public Optional<CycleResult> lastResult() {
        synchronized (lock) {
            return Optional.ofNullable(last);
        }
    }

    /**
     * Checks one setpoint without applying it.
     *
     * @throws IllegalArgumentException naming the parameter when it is unknown or the value is not allowed (outside
     *                                  the declared bounds, not finite, not whole for an integer or categorical one)
     */
    public void checkSetpoint(String parameter, double value) {
        Parameter p = parameterOrThrow(parameter);
        if (!p.admits(value)) {
            String kind = p.kind() == Parameter.Kind.CONTINUOUS ? "a value" : p.kind() == Parameter.Kind.INTEGER
                    ? "a whole number" : "a level index (" + p.levels() + ")";
            throw new IllegalArgumentException("line " + line + ": setpoint '" + parameter + "' = " + value
                    + " is not allowed; expected " + kind + " in [" + p.lower() + ", " + p.upper() + "]"
                    + (p.unit().isEmpty() ? "" : " " + p.unit()));
        }
    }

    private Parameter parameterOrThrow(String parameter) {
        for (Parameter p : family.parameters()) {
            if (p.name().equals(parameter)) return p;
        }
        throw new IllegalArgumentException("line " + line + ": unknown setpoint '" + parameter + "'; the parameters of "
                + family.name() + " are " + family.parameters().stream().map(Parameter::name).toList());
    }

    /** Sets one setpoint; see {@link #setSetpoints}. */
    public long setSetpoint(String parameter, double value) {
        return setSetpoints(Map.of(parameter, value));
    }

    /**
     * Changes some or all setpoints, all or none: every name must be a parameter of the family and every value
     * allowed, else nothing changes. Any write (even of the current values) makes the next cycle the new
     * {@link #setpointsCycle()}.
     *
     * @return the first cycle that will run with the new setpoints
     * @throws IllegalArgumentException naming the first unknown parameter or disallowed value
     */
    public long setSetpoints(Map<String, Double> changes) {
        if (changes == null || changes.isEmpty()) {
            throw new IllegalArgumentException("line " + line + ": no setpoints given");
        }
        for (Map.Entry<String, Double> e : changes.entrySet()) {
            if (e.getValue() == null) {
                throw new IllegalArgumentException("line " + line + ": setpoint '" + e.getKey() + "' has no value");
            }
            checkSetpoint(e.getKey(), e.getValue());
        }
        Map<String, Double> now;
        long first;
        String productId;
        synchronized (lock) {
            Map<String, Double> m = new LinkedHashMap<>(setpoints);
            m.putAll(changes);
            setpoints = Collections.unmodifiableMap(m);
            setpointsCycle = cycle + 1;
            now = setpoints;
            first = setpointsCycle;
            productId = product.id();
        }
        notifySetpoints(productId, now, first);
        return first;
    }

    private void notifySetpoints(String productId, Map<String, Double> now, long first) {
        for (CycleListener l : listeners) {
            try {
                l.onSetpointsChanged(line, productId, now, first);
            } catch (RuntimeException e) {
                LOG.error("line {}: a listener failed on a setpoint change", line, e);
            }
        }
    }

    /**
     * Changes over to {@code newProduct} (a task of this line's family), loading the known-safe default setpoints.
     *
     * @return the first cycle of the new product
     */
    public long changeover(ProcessTask newProduct) {
        if (newProduct == null) throw new IllegalArgumentException("line " + line + ": product must not be null");
        if (!newProduct.family().name().equals(family.name())) {
            throw new IllegalArgumentException("line " + line + " runs " + family.name() + "; cannot change over to "
                    + newProduct.family().name() + " task " + newProduct.id());
        }
        Map<String, Double> now;
        long first;
        synchronized (lock) {
            product = newProduct;
            setpoints = family.defaultSettings();
            setpointsCycle = cycle + 1;
            now = setpoints;
            first = setpointsCycle;
        }
        LOG.info("line {}: changeover to {} from cycle {}", line, newProduct.id(), first);
        notifySetpoints(newProduct.id(), now, first);
        return first;
    }

    /** Changes over to the family's product drawn with {@code productSeed} ({@code sampleTask(new Rng(seed))}). */
    public ProcessTask changeover(long productSeed) {
        ProcessTask task = family.sampleTask(new Rng(productSeed));
        changeover(task);
        return task;
    }

    /** Maintenance: the machine's wear goes back to zero for the following cycles. */
    public void maintain() {
        synchronized (lock) {
            wear = 0;
        }
    }

    /** Registers a listener for every following cycle. */
    public void addListener(CycleListener listener) {
        if (listener == null) throw new IllegalArgumentException("listener must not be null");
        listeners.add(listener);
    }

    /** Removes a listener. */
    public void removeListener(CycleListener listener) {
        listeners.remove(listener);
    }

    /**
     * Runs one cycle now, on the caller's thread, and returns it after the listeners have seen it. May be called
     * whether or not the line runs in real time (cycles never overlap).
     */
    public CycleResult runCycle() {
        cycleLock.lock();
        try {
            CycleResult result;
            synchronized (lock) {
                if (closed) throw new IllegalStateException("line " + line + " is closed");
                long n = cycle + 1;
                // Wear saturates in every family long before int overflow; clamp rather than fail.
                ProcessTask worn = product.drifted((int) Math.min(wear, Integer.MAX_VALUE - (long) product.age()));
                Map<String, Double> outcomes = worn.run(setpoints, noise);
                boolean hard = worn.violatesHardLimit(setpoints);
                result = new CycleResult(line, n, product.id(), setpoints, product.context(), outcomes, hard,
                        clock.instant(), setpointsCycle);
                cycle = n;
                wear += config.wearPerCycle();
                last = result;
            }
            if (result.hardLimitViolated()) {
                LOG.warn("line {}: cycle {} broke a hard limit with setpoints {}", line, result.cycle(),
                        result.settings());
            }
            for (CycleListener l : listeners) {
                try {
                    l.onCycle(result);
                } catch (RuntimeException e) {
                    LOG.error("line {}: a cycle listener failed on cycle {}", line, result.cycle(), e);
                }
            }
            return result;
        } finally {
            cycleLock.unlock();
        }
    }

    /** The real-time speed factor. */
    public double speed() {
        synchronized (lock) {
            return speed;
        }
    }

    /**
     * Sets the real-time speed: cycles come every {@code cyclePeriod / speed}. When running, the next cycle is
     * rescheduled from now.
     */
    public void setSpeed(double speed) {
        checkSpeed(speed);
        synchronized (lock) {
            this.speed = speed;
            if (running) {
                next.cancel(false);
                scheduleNext();
            }
        }
    }

    /** The current time between real-time cycles. */
    public Duration period() {
        synchronized (lock) {
            return Duration.ofNanos(Math.max(1, Math.round(config.cyclePeriod().toNanos() / speed)));
        }
    }

    /** Starts running cycles in real time (no effect if already running). */
    public void start() {
        synchronized (lock) {
            if (closed) throw new IllegalStateException("line " + line + " is closed");
            if (running) return;
            if (scheduler == null) {
                scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "metaline-line-" + line);
                    t.setDaemon(true);
                    return t;
                });
            }
            running = true;
            scheduleNext();
        }
    }

    /**
     * Stops real-time cycles: a cycle in progress completes before this returns, and no real-time cycle runs after.
     * Manual {@link #runCycle()} still works.
     */
    public void stop() {
        synchronized (lock) {
            if (!running) return;
            running = false;
            next.cancel(false);
        }
        // Wait for a cycle in progress; a tick that starts later sees running == false.
        cycleLock.lock();
        cycleLock.unlock();
    }

    /** Whether cycles run in real time. */
    public boolean isRunning() {
        synchronized (lock) {
            return running;
        }
    }

    // Holds lock. Each schedule is a new generation; a tick of an older one (rescheduled by setSpeed) stops there.
    private void scheduleNext() {
        long nanos = Math.max(1, Math.round(config.cyclePeriod().toNanos() / speed));
        long g = ++generation;
        next = scheduler.schedule(() -> tick(g), nanos, TimeUnit.NANOSECONDS);
    }

    private void tick(long g) {
        cycleLock.lock();
        try {
            synchronized (lock) {
                if (!running || g != generation) return;
            }
            runCycle();
        } catch (RuntimeException e) {
            LOG.error("line {}: cycle failed", line, e);
        } finally {
            cycleLock.unlock();
        }
        synchronized (lock) {
            if (running && g == generation) scheduleNext();
        }
    }

    /** Stops the line for good and releases its thread; further cycles are refused. Idempotent. */
    @Override
    public void close() {
        ScheduledExecutorService s;
        synchronized (lock) {
            running = false;
            if (next != null) next.cancel(false);
            closed = true;
            s = scheduler;
            scheduler = null;
        }
        if (s != null) s.shutdownNow();
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "line " + line + " (" + family.name() + ", product " + product.id() + ", cycle " + cycle
                    + ", " + (running ? "running" : "stopped") + ")";
        }
    }
}
