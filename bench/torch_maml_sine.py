#!/usr/bin/env python3
"""PyTorch reference for `metaline bench engine` (BENCHMARKS.md section 1).

The same computation as MetaLine's engine benchmark: one MAML meta-step on sine regression (tasks per batch,
K support + K query points, one inner SGD step, MSE, Adam on the meta-parameters), first and second order,
with torch.autograd.grad(..., create_graph=True) for the second order.

Input: a JSON file written by MetaLine with the network width, the protocol settings, and a fixed
initialisation plus one fixed task batch. Output (stdout): one JSON object with the milliseconds per meta-step
(median over the measured steps, float32, the PyTorch default) and the first meta-gradient at the fixed
initialisation in float64, which MetaLine compares with its own.

Run with Debian's interpreter: /usr/bin/python3 bench/torch_maml_sine.py input.json
"""
import json
import math
import statistics
import sys
import time

import torch


def forward(params, x):
    w0, b0, w1, b1, w2, b2 = params
    h = torch.relu(x @ w0.t() + b0)
    h = torch.relu(h @ w1.t() + b1)
    return h @ w2.t() + b2


def meta_gradient(params, batch, alpha, second_order):
    """Mean over tasks of d L_query(theta - alpha * dL_support/dtheta) / d theta."""
    total = None
    for xs, ys, xq, yq in batch:
        support_loss = torch.mean((forward(params, xs) - ys) ** 2)
        grads = torch.autograd.grad(support_loss, params, create_graph=second_order)
        fast = [p - alpha * g for p, g in zip(params, grads)]
        query_loss = torch.mean((forward(fast, xq) - yq) ** 2)
        task_grads = torch.autograd.grad(query_loss, params)
        total = task_grads if total is None else [t + g for t, g in zip(total, task_grads)]
    return [t / len(batch) for t in total]


def sample_batch(gen, tasks, k, dtype):
    batch = []
    for _ in range(tasks):
        amplitude = 0.1 + 4.9 * torch.rand(1, generator=gen, dtype=dtype)
        phase = math.pi * torch.rand(1, generator=gen, dtype=dtype)
        xs = -5 + 10 * torch.rand(k, 1, generator=gen, dtype=dtype)
        xq = -5 + 10 * torch.rand(k, 1, generator=gen, dtype=dtype)
        batch.append((xs, amplitude * torch.sin(xs - phase), xq, amplitude * torch.sin(xq - phase)))
    return batch


def time_steps(params, cfg, second_order):
    gen = torch.Generator().manual_seed(cfg["seed"])
    opt = torch.optim.Adam(params, lr=cfg["meta_lr"])
    times = []
    for step in range(cfg["warmup"] + cfg["iterations"]):
        start = time.perf_counter()
        batch = sample_batch(gen, cfg["tasks"], cfg["k"], torch.float32)
        grads = meta_gradient(params, batch, cfg["alpha"], second_order)
        for p, g in zip(params, grads):
            p.grad = g
        opt.step()
        if step >= cfg["warmup"]:
            times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def main():
    with open(sys.argv[1]) as f:
        cfg = json.load(f)
    torch.set_num_threads(cfg.get("threads", 1))
    names = cfg["param_names"]
    fixed = cfg["check"]

    def fixed_params(dtype):
        return [torch.tensor(fixed["params"][n]["values"], dtype=dtype).reshape(fixed["params"][n]["shape"])
                .requires_grad_(True) for n in names]

    def fixed_batch(dtype):
        k = cfg["k"]
        return [tuple(torch.tensor(fixed[key][t], dtype=dtype).reshape(k, 1) for key in ("xs", "ys", "xq", "yq"))
                for t in range(len(fixed["xs"]))]

    result = {"torch_version": torch.__version__, "threads": torch.get_num_threads()}
    for order, second in (("fo", False), ("so", True)):
        grads = meta_gradient(fixed_params(torch.float64), fixed_batch(torch.float64), cfg["alpha"], second)
        result["grad_" + order] = {n: g.reshape(-1).tolist() for n, g in zip(names, grads)}
        result[order + "_ms"] = time_steps(fixed_params(torch.float32), cfg, second)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
