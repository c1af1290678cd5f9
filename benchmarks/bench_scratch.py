"""Benchmark for lessons 05-06: the hand-written forward+backward pass against torch autograd on the same net and
batch, and the GFLOP/s of the matmul ladder.

Run: .venv/bin/python benchmarks/bench_scratch.py [--budget SECONDS] [--threads N] [--no-loops]
Timings are the best of repeated calls within a time budget, in alternating rounds
(`course_dl.matmul.time_interleaved`); on a shared machine only the ratios mean much. Single-threaded by default (see lesson 05 on threads and busy machines).
"""
import argparse

import pandas as pd
import torch
import torch.nn.functional as F

from course_dl.matmul import matmul_rungs, matmul_table, num_threads, time_interleaved
from course_dl.scratch import CrossEntropy, Model, get_mnist, init_params, mlp, torch_mlp


def hand_step(model, x, y):
    "Forward and hand-written backward: sets .g on x and every parameter."
    model(x, y)
    model.backward()


def autograd_step(tmodel, loss_fn, x, y):
    "Forward and autograd backward; gradients of the parameters (and of x when it requires grad)."
    for p in tmodel.parameters(): p.grad = None
    x.grad = None
    loss_fn(tmodel(x), y).backward()


def bench_nets(budget: float, bs_list=(64, 1000)) -> pd.DataFrame:
    "Hand-written vs autograd forward+backward on the course's regression net and the MNIST classifier."
    x_train, y_train, *_ = get_mnist()
    x_train = (x_train - x_train.mean()) / x_train.std()
    nets = {  # name: (hand-written model from params, torch loss, (hidden, outputs), regression?)
        'Model 784-50-1, mse': (lambda ps: Model(*ps), lambda o, y: F.mse_loss(o[:, 0], y), (50, 1), True),
        'SeqModel 784-128-10, CrossEntropy': (lambda ps: mlp(*ps, CrossEntropy()), F.cross_entropy, (128, 10), False),
    }
    rows = []
    for name, (make, loss_fn, (nh, n_out), regression) in nets.items():
        ps = init_params(784, nh, n_out, seed=0)
        hand, tmodel = make(ps), torch_mlp(*ps)
        for bs in bs_list:
            x, y = x_train[:bs], y_train[:bs]
            if regression: y = y.float()
            xg = x.clone().requires_grad_()
            t = time_interleaved({'hand': lambda: hand_step(hand, x, y),
                                  'auto': lambda: autograd_step(tmodel, loss_fn, x, y),
                                  'auto_x': lambda: autograd_step(tmodel, loss_fn, xg, y)}, budget, rounds=5)
            rows.append({'net': name, 'batch': bs, 'hand-written ms': 1e3 * t['hand'], 'autograd ms': 1e3 * t['auto'],
                         'autograd +x.grad ms': 1e3 * t['auto_x'], 'ratio hand/autograd': t['hand'] / t['auto'],
                         'ratio hand/autograd(+x.grad)': t['hand'] / t['auto_x']})
    return pd.DataFrame(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--budget', type=float, default=1.0, help='seconds per timed function (default 1.0)')
    ap.add_argument('--threads', type=int, default=1, help='torch threads (default 1)')
    ap.add_argument('--no-loops', action='store_true', help='skip the slow three-loop matmul rung')
    args = ap.parse_args()
    pd.set_option('display.width', 200); pd.set_option('display.max_columns', 20)
    torch.manual_seed(0)
    print(f"torch {torch.__version__}, {args.threads} thread(s), budget {args.budget} s per timing "
          "(best of repeats; a shared machine makes absolute times noisy, ratios less so)\n")

    with num_threads(args.threads):
        nets = bench_nets(args.budget)
    print("Forward + backward, hand-written (.g, computes x.g too) vs torch autograd on the same net and batch")
    print("(autograd computes x.grad only in the '+x.grad' column, the like-for-like comparison; without it")
    print(" autograd skips one of the three big matrix products of the first layer)")
    print(nets.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    worst = nets['ratio hand/autograd(+x.grad)'].max()
    print(f"\nworst like-for-like ratio: {worst:.2f}x (aim <= 1.5x)\n")

    names = list(matmul_rungs)[1 if args.no_loops else 0:]
    fast = ['broadcast', 'einsum', 'torch @']
    table = matmul_table(matmul_rungs, {'small': ((5, 784, 10), names), 'large': ((1000, 784, 1000), fast)},
                         budget=args.budget, threads=args.threads)
    print("Matmul ladder (speed-up = throughput relative to the loops rung; % of torch @ = vs its best GFLOP/s)")
    print(table.to_string(index=False, float_format=lambda v: f"{v:.4g}"))


if __name__ == '__main__':
    main()
