package io.metaline.meta;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs one function per task on a fixed pool of threads and returns the results in task order, so whatever
 * reduces them afterwards does so in a fixed order and the outcome does not depend on the thread count.
 */
public final class TaskRunner implements AutoCloseable {
    private final int threads;
    private final ExecutorService pool;

    /** @param threads worker threads; 1 runs everything on the calling thread */
    public TaskRunner(int threads) {
        if (threads < 1) throw new IllegalArgumentException("TaskRunner: threads must be >= 1, got " + threads);
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "metaline-task-worker");
            t.setDaemon(true);
            return t;
        });
    }

    public int threads() {
        return threads;
    }

    public <T, R> List<R> map(List<T> items, Function<T, R> f) {
        List<R> out = new ArrayList<>(items.size());
        if (pool == null || items.size() == 1) {
            for (T item : items) out.add(f.apply(item));
            return out;
        }
        List<Future<R>> futures = new ArrayList<>(items.size());
        for (T item : items) futures.add(pool.submit(() -> f.apply(item)));
        try {
            for (Future<R> future : futures) out.add(future.get());
        } catch (InterruptedException e) {
            futures.forEach(fu -> fu.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for task results", e);
        } catch (ExecutionException e) {
            futures.forEach(fu -> fu.cancel(true));
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException("a task failed", cause);
        }
        return out;
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
    }
}
