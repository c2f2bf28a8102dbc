#!/usr/bin/env python3
"""PyTorch reference for `metaline bench sine` (BENCHMARKS.md section 2), evaluated on MetaLine's own tasks.

Meta-trains MAML (second order) on sine regression with the section-2 protocol (net 1-40-40-1 ReLU, K support +
K query points per task, inner SGD alpha=0.01 with one step, Adam 1e-3, 25 tasks per meta-batch), then adapts to
the evaluation tasks that `./metaline bench sine --export-eval-tasks FILE` wrote, so both implementations are
judged on exactly the same tasks (a paired comparison). Prints one JSON object: MSE mean and 95% CI after 1 and 10
steps, and the training time.

Run with Debian's interpreter:
  /usr/bin/python3 bench/torch_maml_sine_train.py FILE [--k 10] [--iterations 70000] [--seed 0]
"""
import argparse
import json
import math
import time

import torch


def forward(params, x):
    w0, b0, w1, b1, w2, b2 = params
    h = torch.relu(x @ w0.t() + b0)
    h = torch.relu(h @ w1.t() + b1)
    return h @ w2.t() + b2


def batched_forward(params, x):
    """forward() for a batch of tasks: parameters [T, ...], inputs [T, n, 1]."""
    w0, b0, w1, b1, w2, b2 = params
    h = torch.relu(torch.bmm(x, w0.transpose(1, 2)) + b0.unsqueeze(1))
    h = torch.relu(torch.bmm(h, w1.transpose(1, 2)) + b1.unsqueeze(1))
    return torch.bmm(h, w2.transpose(1, 2)) + b2.unsqueeze(1)


def init(gen):
    params = []
    for fan_in, fan_out in ((1, 40), (40, 40), (40, 1)):
        bound = 1.0 / math.sqrt(fan_in)  # nn.Linear's default
        params.append((torch.rand(fan_out, fan_in, generator=gen) * 2 - 1) * bound)
        params.append((torch.rand(fan_out, generator=gen) * 2 - 1) * bound)
    return [p.requires_grad_(True) for p in params]


def sample(gen, k):
    amplitude = 0.1 + 4.9 * torch.rand(1, generator=gen)
    phase = math.pi * torch.rand(1, generator=gen)
    xs = -5 + 10 * torch.rand(k, 1, generator=gen)
    xq = -5 + 10 * torch.rand(k, 1, generator=gen)
    return xs, amplitude * torch.sin(xs - phase), xq, amplitude * torch.sin(xq - phase)


def adapt(params, xs, ys, alpha, steps, create_graph):
    fast = params
    for _ in range(steps):
        loss = torch.mean((forward(fast, xs) - ys) ** 2)
        grads = torch.autograd.grad(loss, fast, create_graph=create_graph)
        fast = [p - alpha * g for p, g in zip(fast, grads)]
    return fast


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tasks")
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--iterations", type=int, default=70000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    torch.set_num_threads(1)
    gen = torch.Generator().manual_seed(args.seed)
    params = init(gen)
    opt = torch.optim.Adam(params, lr=1e-3)
    alpha = 0.01
    start = time.perf_counter()
    tasks_per_batch = 25
    for _ in range(args.iterations):
        opt.zero_grad()
        batch = [sample(gen, args.k) for _ in range(tasks_per_batch)]
        xs, ys, xq, yq = (torch.stack([b[i] for b in batch]) for i in range(4))
        # The 25 tasks run as one batched computation: each task has its own copy of the parameters, so the
        # gradient with respect to the copies is each task's own inner gradient (the same mathematics as a loop).
        copies = [p.unsqueeze(0).expand(tasks_per_batch, *p.shape) for p in params]
        support = ((batched_forward(copies, xs) - ys) ** 2).mean(dim=(1, 2)).sum()
        grads = torch.autograd.grad(support, copies, create_graph=True)
        fast = [c - alpha * g for c, g in zip(copies, grads)]
        query = ((batched_forward(fast, xq) - yq) ** 2).mean(dim=(1, 2)).mean()
        query.backward()
        opt.step()
    seconds = time.perf_counter() - start

    with open(args.tasks) as f:
        tasks = json.load(f)[str(args.k)]
    result = {"torch_version": torch.__version__, "train_seconds": seconds, "iterations": args.iterations,
              "seed": args.seed, "tasks": len(tasks)}
    for steps in (1, 10):
        losses = []
        for t in tasks:
            xs = torch.tensor(t["xs"], dtype=torch.float32).reshape(-1, 1)
            ys = torch.tensor(t["ys"], dtype=torch.float32).reshape(-1, 1)
            xq = torch.tensor(t["xq"], dtype=torch.float32).reshape(-1, 1)
            yq = torch.tensor(t["yq"], dtype=torch.float32).reshape(-1, 1)
            fast = adapt([p.detach().requires_grad_(True) for p in params], xs, ys, alpha, steps, False)
            with torch.no_grad():
                losses.append(float(torch.mean((forward(fast, xq) - yq) ** 2)))
        finite = [v for v in losses if math.isfinite(v)]
        mean = sum(finite) / len(finite)
        sd = math.sqrt(sum((v - mean) ** 2 for v in finite) / (len(finite) - 1))
        result["k%d_step%d" % (args.k, steps)] = {"mse": mean, "ci95": 1.96 * sd / math.sqrt(len(finite)),
                                                  "diverged": len(losses) - len(finite)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
