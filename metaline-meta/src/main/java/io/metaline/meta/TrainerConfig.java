package io.metaline.meta;

import java.nio.file.Path;

/**
 * Settings of a meta-training run.
 *
 * @param iterations           meta-updates to make
 * @param metaBatch            tasks per meta-update
 * @param order                gradient order of the meta-gradient (after the first-order phase)
 * @param firstOrderIterations meta-updates made at first order before switching to {@code order} (MAML++'s
 *                             derivative-order annealing); 0 for none
 * @param outer                the optimiser of the meta-parameters
 * @param evalEvery            validate every this many meta-updates (0: never)
 * @param patience             stop after this many validations without improvement (0: never stop early)
 * @param threads              tasks adapted in parallel
 * @param checkpoint           where to write checkpoints, or null
 * @param checkpointEvery      write a checkpoint every this many meta-updates (0: only at the end)
 * @param memory               what to do when a second-order run would not fit in memory
 */
public record TrainerConfig(int iterations, int metaBatch, GradOrder order, int firstOrderIterations,
                            OuterOptimizer outer, int evalEvery, int patience, int threads, Path checkpoint,
                            int checkpointEvery, MemoryPolicy memory) {
    public TrainerConfig {
        if (iterations < 1) throw new IllegalArgumentException("TrainerConfig: iterations must be >= 1, got " + iterations);
        if (metaBatch < 1) throw new IllegalArgumentException("TrainerConfig: metaBatch must be >= 1, got " + metaBatch);
        if (order == null) throw new IllegalArgumentException("TrainerConfig: order must be FIRST or SECOND");
        if (firstOrderIterations < 0) throw new IllegalArgumentException("TrainerConfig: firstOrderIterations must be >= 0");
        if (outer == null) throw new IllegalArgumentException("TrainerConfig: an outer optimiser is required");
        if (evalEvery < 0 || patience < 0 || checkpointEvery < 0) {
            throw new IllegalArgumentException("TrainerConfig: evalEvery, patience and checkpointEvery must be >= 0");
        }
        if (threads < 1) throw new IllegalArgumentException("TrainerConfig: threads must be >= 1, got " + threads);
        if (memory == null) memory = MemoryPolicy.FALL_BACK_TO_FIRST_ORDER;
    }

    /** Defaults of the MAML sine protocol: 25 tasks per batch, Adam 1e-3, second order, all cores. */
    public static TrainerConfig defaults(int iterations) {
        return new TrainerConfig(iterations, 25, GradOrder.SECOND, 0, OuterOptimizer.adam(1e-3), 0, 0,
                Runtime.getRuntime().availableProcessors(), null, 0, MemoryPolicy.FALL_BACK_TO_FIRST_ORDER);
    }

    public TrainerConfig withOrder(GradOrder o) {
        return new TrainerConfig(iterations, metaBatch, o, firstOrderIterations, outer, evalEvery, patience, threads, checkpoint, checkpointEvery, memory);
    }

    public TrainerConfig withFirstOrderIterations(int n) {
        return new TrainerConfig(iterations, metaBatch, order, n, outer, evalEvery, patience, threads, checkpoint, checkpointEvery, memory);
    }

    public TrainerConfig withOuter(OuterOptimizer o) {
        return new TrainerConfig(iterations, metaBatch, order, firstOrderIterations, o, evalEvery, patience, threads, checkpoint, checkpointEvery, memory);
    }

    public TrainerConfig withValidation(int every, int patienceEvals) {
        return new TrainerConfig(iterations, metaBatch, order, firstOrderIterations, outer, every, patienceEvals, threads, checkpoint, checkpointEvery, memory);
    }

    public TrainerConfig withThreads(int n) {
        return new TrainerConfig(iterations, metaBatch, order, firstOrderIterations, outer, evalEvery, patience, n, checkpoint, checkpointEvery, memory);
    }

    public TrainerConfig withCheckpoint(Path file, int every) {
        return new TrainerConfig(iterations, metaBatch, order, firstOrderIterations, outer, evalEvery, patience, threads, file, every, memory);
    }

    public TrainerConfig withMetaBatch(int n) {
        return new TrainerConfig(iterations, n, order, firstOrderIterations, outer, evalEvery, patience, threads, checkpoint, checkpointEvery, memory);
    }

    public TrainerConfig withIterations(int n) {
        return new TrainerConfig(n, metaBatch, order, firstOrderIterations, outer, evalEvery, patience, threads, checkpoint, checkpointEvery, memory);
    }

    public TrainerConfig withMemory(MemoryPolicy policy) {
        return new TrainerConfig(iterations, metaBatch, order, firstOrderIterations, outer, evalEvery, patience, threads, checkpoint, checkpointEvery, policy);
    }

    /** The order used at a given iteration. */
    public GradOrder orderAt(int iteration) {
        return iteration < firstOrderIterations ? GradOrder.FIRST : order;
    }

    /** What to do when a second-order run would need more memory than the JVM has. */
    public enum MemoryPolicy {
        /** Refuse to start, with a message saying how much is needed and what to change. */
        FAIL,
        /** Train at first order instead, and report it. */
        FALL_BACK_TO_FIRST_ORDER
    }
}
