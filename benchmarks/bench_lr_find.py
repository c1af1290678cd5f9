"""Benchmark course_dl.lr_find: what does a learning-rate sweep cost, in steps and seconds?

On the digits MLP of bench_learner.py (same data, model and batch size), interleaved and repeated:
  - `lr_find`: `lr_find(learn)` (default 1e-7..10, 100 steps max, stops at 4x the minimum), snapshot and restore
    included;
  - `hand`: a hand-written PyTorch loop doing the same number of training steps (forward, backward, Adam step,
    loss.item()), setting the lr of each step, no validation;
  - `snapshot+restore`: the cost of leaving the learner exactly as it was;
  - `fit 1 epoch`: one epoch of `Learner.fit` with validation, for scale, and the 7-point grid search that the
    sweep replaces (7 trainings of `--epochs` epochs each).

Run:  .venv/bin/python benchmarks/bench_lr_find.py [--repeats 5] [--threads 1]
`bench_lr_find(args)` has the signature of bench_learner.py's sections, so it can be listed in its SECTIONS.
"""
import argparse, os, statistics, sys, time
from pathlib import Path

import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_learner import get_digits, get_model, make_dls, print_table, quiet  # shared: same data and model

from course_dl.learner import Learner
from course_dl.lr_find import lr_find, restore, snapshot


def timed(f):
    "CPU seconds taken by f() (less disturbed by other processes than wall time on a shared machine), and its result."
    c0 = time.process_time()
    res = f()
    return time.process_time() - c0, res


def hand_sweep(model, dls, n_steps, start_lr=1e-7, end_lr=10.):
    "The same steps as the sweep, by hand: geometric lr, one batch each, cycling the loader."
    opt = torch.optim.Adam(model.parameters(), lr=start_lr)
    model.train()
    it, losses = iter(dls.train), []
    for i in range(n_steps):
        try: xb, yb = next(it)
        except StopIteration: it = iter(dls.train); xb, yb = next(it)
        for g in opt.param_groups: g['lr'] = start_lr * (end_lr / start_lr) ** (i / 99)
        loss = F.cross_entropy(model(xb), yb)
        loss.backward(); opt.step(); opt.zero_grad()
        losses.append(loss.item())
    return losses


def bench_lr_find(args):
    train_ds, valid_ds = get_digits()
    init = get_model(args.hidden).state_dict()
    def fresh():
        model = get_model(args.hidden); model.load_state_dict(init)
        torch.manual_seed(1)
        return Learner(model, make_dls(train_ds, valid_ds, args.bs), F.cross_entropy, device='cpu')
    t = {k: [] for k in ('lr_find', 'hand', 'snapshot+restore', 'fit 1 epoch')}
    steps = None
    for rep in range(args.repeats + 1):  # repeat 0 is a warm-up, not timed
        learn = fresh()
        with quiet(): dt, res = timed(lambda: lr_find(learn))
        steps = len(res)
        learn2 = fresh()
        with quiet(): dt_hand, _ = timed(lambda: hand_sweep(learn2.model, learn2.dls, steps))
        learn3 = fresh()
        dt_snap, _ = timed(lambda: restore(learn3, snapshot(learn3)))
        learn4 = fresh()
        with quiet(): dt_fit, _ = timed(lambda: learn4.fit(1, lr=args.lr))
        if rep:
            for k, v in zip(t, (dt, dt_hand, dt_snap, dt_fit)): t[k].append(v)
    med = {k: statistics.median(v) for k, v in t.items()}
    epoch_steps = len(DataLoader(train_ds, batch_size=args.bs))
    rows = [dict(what='lr_find', steps=steps, median_s=med['lr_find'], ms_per_step=1e3 * med['lr_find'] / steps),
            dict(what='hand-written sweep', steps=steps, median_s=med['hand'], ms_per_step=1e3 * med['hand'] / steps),
            dict(what='snapshot+restore', steps=0, median_s=med['snapshot+restore'], ms_per_step=float('nan')),
            dict(what='fit 1 epoch (+valid)', steps=epoch_steps, median_s=med['fit 1 epoch'],
                 ms_per_step=1e3 * med['fit 1 epoch'] / epoch_steps),
            dict(what='lr_find / hand', steps=steps, median_s=med['lr_find'] / med['hand'],
                 ms_per_step=statistics.median(a / b for a, b in zip(t['lr_find'], t['hand']))),
            dict(what=f'lr_find / grid (7 x {args.epochs} epochs)', steps=7 * args.epochs * epoch_steps,
                 median_s=med['lr_find'] / (7 * args.epochs * med['fit 1 epoch']), ms_per_step=float('nan'))]
    print_table(f"lr_find cost in CPU seconds ({steps} sweep steps, {args.repeats} repeats, "
                f"{torch.get_num_threads()} thread(s))", rows)
    print("ratio rows: ratio of medians (median_s) and median of per-repeat ratios (ms_per_step column);\n"
          f"the sweep costs {steps / epoch_steps:.1f} epochs of training steps")
    return rows


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--repeats', type=int, default=5)
    p.add_argument('--epochs', type=int, default=4, help='epochs per training of the grid search it replaces')
    p.add_argument('--bs', type=int, default=64)
    p.add_argument('--hidden', type=int, default=256)
    p.add_argument('--lr', type=float, default=3e-3)
    p.add_argument('--threads', type=int, default=1, help='torch threads (1: steadier timings on a shared machine)')
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, {os.cpu_count()} CPU(s); timings are noisy on a shared machine: compare ratios")
    bench_lr_find(args)


if __name__ == '__main__':
    main()
