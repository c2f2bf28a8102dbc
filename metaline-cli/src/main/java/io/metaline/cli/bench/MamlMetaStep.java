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

    /** @param pool the workers, or null to run every task on the calling thread */
    MamlMetaStep(Module net, double innerLr, ExecutorService pool) {
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
            List<Future<List<Tensor>>> futures = new ArrayList<>(tasks);
            for (int t = 0; t < tasks; t++) {
                int task = t;
                futures.add(pool.submit(() -> taskGradient(leaves, batch, task, secondOrder)));
            }
            for (Future<List<Tensor>> f : futures) perTask.add(join(f));
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

    private static List<Tensor> join(Future<List<Tensor>> f) {
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
