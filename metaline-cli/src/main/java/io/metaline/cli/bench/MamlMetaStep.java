package io.metaline.cli.bench;

import io.metaline.engine.Autograd;
import io.metaline.engine.Losses;
import io.metaline.engine.Params;
import io.metaline.engine.Tensor;
import io.metaline.engine.nn.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The computation that BENCHMARKS.md section 1 times: the MAML meta-gradient of a batch of regression tasks with
 * one inner SGD step, first or second order, tasks spread over a thread pool and summed in task order, so the
 * result does not depend on the number of threads.
 */
final class MamlMetaStep {
    private final Module net;
    private final double innerLr;
    private final ExecutorService pool;
    private final int threads;

    /** @param pool the workers (as many as {@code threads}), or null to run every task on the calling thread */
    MamlMetaStep(Module net, double innerLr, ExecutorService pool, int threads) {
        this.threads = threads;
        this.net = net;
        this.innerLr = innerLr;
        this.pool = pool;
    }

    /** The gradient of the mean query loss after adaptation with respect to {@code theta}. */
    Params metaGradient(Params theta, SineTaskBatch batch, boolean secondOrder) {
        Params leaves = theta.withGrad();
        int tasks = batch.size();
        List<List<Tensor>> perTask = new ArrayList<>(tasks);
        if (pool == null) {
            for (int t = 0; t < tasks; t++) perTask.add(taskGradient(leaves, batch, t, secondOrder));
        } else {
            // One job per worker over a fixed share of the tasks: fewer hand-offs than one job per task.
            int workers = Math.min(threads, tasks);
            @SuppressWarnings("unchecked")
            List<Tensor>[] results = new List[tasks];
            List<Future<?>> futures = new ArrayList<>(workers);
            for (int w = 0; w < workers; w++) {
                int first = w;
                futures.add(pool.submit(() -> {
                    for (int t = first; t < tasks; t += workers) results[t] = taskGradient(leaves, batch, t, secondOrder);
                }));
            }
            for (Future<?> f : futures) join(f);
            perTask.addAll(java.util.Arrays.asList(results));
        }
        return mean(theta, perTask);
    }

    private List<Tensor> taskGradient(Params leaves, SineTaskBatch batch, int t, boolean secondOrder) {
        Tensor supportLoss = Losses.mse(net.forward(leaves, batch.supportX().get(t)), batch.supportY().get(t));
        Params fast = leaves.sgdStep(Autograd.grad(supportLoss, leaves, secondOrder), innerLr);
        Tensor queryLoss = Losses.mse(net.forward(fast, batch.queryX().get(t)), batch.queryY().get(t));
        return Autograd.grad(queryLoss, leaves.tensors(), false);
    }

    /** Averages per-task gradients, adding in task order (a fixed order, hence a deterministic result). */
    private static Params mean(Params theta, List<List<Tensor>> perTask) {
        double[] sum = new double[(int) theta.numel()];
        for (List<Tensor> grads : perTask) {
            int at = 0;
            for (Tensor g : grads) {
                for (int i = 0; i < g.size(); i++) sum[at + i] += g.getFlat(i);
                at += g.size();
            }
        }
        for (int i = 0; i < sum.length; i++) sum[i] /= perTask.size();
        return theta.unflatten(sum);
    }

    private static Object join(Future<?> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a task gradient", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) throw re;
            throw new IllegalStateException("task gradient failed", cause);
        }
    }
}
