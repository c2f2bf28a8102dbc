package io.metaline.engine.optim;

/**
 * A learning-rate schedule: the factor by which the base learning rate is multiplied for the update with 0-based
 * index {@code step} (the optimiser's {@link Optimizer#stepCount()} before that update). Schedules are pure
 * functions of the step, so restoring an optimiser's step count restores its position in the schedule.
 *
 * <p>The built-in schedules are records, so they compare by value and {@link #describe()} themselves (the
 * description is recorded in the optimiser state for information).
 */
@FunctionalInterface
public interface LrSchedule {

    /** The multiplier of the base learning rate for update {@code step} (0-based); finite and non-negative. */
    double factor(int step);

    /** {@code base * factor(step)}. */
    default double lr(double base, int step) {
        return base * factor(step);
    }

    /** A short human-readable description, e.g. {@code "cosine(steps=100, minFactor=0.1)"}. */
    default String describe() {
        return "custom";
    }

    /**
     * This schedule preceded by {@code warmupSteps} steps of linear warmup: update {@code s < warmupSteps} uses
     * {@code factor(0) * (s + 1) / (warmupSteps + 1)}, and update {@code s >= warmupSteps} uses
     * {@code factor(s - warmupSteps)} (this schedule starts after the warmup). With 0 warmup steps this schedule
     * is returned unchanged.
     */
    default LrSchedule withWarmup(int warmupSteps) {
        return warmupSteps == 0 ? this : new Warmup(warmupSteps, this);
    }

    /** Factor 1 at every step. */
    static LrSchedule constant() {
        return Constant.INSTANCE;
    }

    /** Multiplies the rate by {@code gamma} every {@code every} steps: {@code gamma^floor(step / every)} (PyTorch's StepLR). */
    static LrSchedule stepDecay(int every, double gamma) {
        return new StepDecay(every, gamma);
    }

    /**
     * Cosine annealing from factor 1 at step 0 to {@code minFactor} at step {@code steps}:
     * {@code minFactor + (1 - minFactor) * (1 + cos(pi * step / steps)) / 2}, and {@code minFactor} after that (no
     * restarts). PyTorch's CosineAnnealingLR with {@code eta_min = minFactor * base} and {@code T_max = steps}.
     */
    static LrSchedule cosine(int steps, double minFactor) {
        return new Cosine(steps, minFactor);
    }

    private static int checkStep(int step) {
        if (step < 0) throw new IllegalArgumentException("LrSchedule: step must be >= 0, got " + step);
        return step;
    }

    /** See {@link LrSchedule#constant()}. */
    record Constant() implements LrSchedule {
        static final Constant INSTANCE = new Constant();

        @Override
        public double factor(int step) {
            checkStep(step);
            return 1.0;
        }

        @Override
        public String describe() {
            return "constant";
        }
    }

    /** See {@link LrSchedule#stepDecay(int, double)}. */
    record StepDecay(int every, double gamma) implements LrSchedule {
        public StepDecay {
            if (every <= 0) throw new IllegalArgumentException("stepDecay: every must be positive, got " + every);
            if (!(gamma > 0 && gamma <= 1)) throw new IllegalArgumentException("stepDecay: gamma must be in (0, 1], got " + gamma);
        }

        @Override
        public double factor(int step) {
            return Math.pow(gamma, checkStep(step) / every);
        }

        @Override
        public String describe() {
            return "stepDecay(every=" + every + ", gamma=" + gamma + ")";
        }
    }

    /** See {@link LrSchedule#cosine(int, double)}. */
    record Cosine(int steps, double minFactor) implements LrSchedule {
        public Cosine {
            if (steps <= 0) throw new IllegalArgumentException("cosine: steps must be positive, got " + steps);
            if (!(minFactor >= 0 && minFactor <= 1)) {
                throw new IllegalArgumentException("cosine: minFactor must be in [0, 1], got " + minFactor);
            }
        }

        @Override
        public double factor(int step) {
            if (checkStep(step) >= steps) return minFactor;
            return minFactor + (1 - minFactor) * (1 + Math.cos(Math.PI * step / steps)) / 2;
        }

        @Override
        public String describe() {
            return "cosine(steps=" + steps + ", minFactor=" + minFactor + ")";
        }
    }

    /** See {@link LrSchedule#withWarmup(int)}. */
    record Warmup(int warmupSteps, LrSchedule after) implements LrSchedule {
        public Warmup {
            if (warmupSteps < 0) throw new IllegalArgumentException("withWarmup: warmupSteps must be >= 0, got " + warmupSteps);
            if (after == null) throw new IllegalArgumentException("withWarmup: the schedule after the warmup is null");
        }

        @Override
        public double factor(int step) {
            if (checkStep(step) < warmupSteps) return after.factor(0) * (step + 1) / (warmupSteps + 1.0);
            return after.factor(step - warmupSteps);
        }

        @Override
        public String describe() {
            return "warmup(" + warmupSteps + ", then " + after.describe() + ")";
        }
    }
}
