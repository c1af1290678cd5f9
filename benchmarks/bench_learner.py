"""Benchmark course_dl.learner: what do callbacks, the recorder and the progress bar cost?

Trains the same model on the same data for the same number of steps twice, interleaved and repeated:
  - `hand`: a hand-written PyTorch loop (Adam, train + validation each epoch, losses logged, one line per epoch),
  - `learner`: `Learner(...).fit(...)` with its Recorder, ProgressCallback (tqdm bar + table), StopOnNonFinite guard
    and accuracy metric; each batch goes through the step table (predict, get_loss, backward, step, zero_grad).
Both runs start from the same weights and shuffle with the same seed, and must end with the same weights.
Output of both (bars, tables) goes to /dev/null so the terminal does not time them differently.

Run:  .venv/bin/python benchmarks/bench_learner.py [--epochs 5] [--repeats 15] [--threads 1]
When we ran it (Learner v2, defaults: batch 64, 5 epochs x 22 steps, 15 repeats, 1 thread, a 2-core machine shared
with other jobs): CPU time learner/hand 1.036 (ratio of medians), 1.032 (median of per-repeat ratios); aim <= 1.05.

Sections are functions `bench_...(args) -> list of row dicts`, listed in SECTIONS; main() runs them in order and
prints one table per section. The lr_find section (lesson 9) is added the same way, importing
course_dl.lr_find inside its function so this file runs before that module exists.
"""
import argparse, contextlib, copy, os, statistics, sys, time

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from course_dl.learner import DataLoaders, Learner, accuracy


# ---------------------------------------------------------------- shared helpers (other sections may use them)
def get_digits(n_valid=397, seed=0):
    "scikit-learn's 8x8 digits (offline), standardized, as train/valid TensorDatasets."
    from sklearn.datasets import load_digits
    d = load_digits()
    x = torch.tensor(d.data, dtype=torch.float32) / 16.
    x = (x - x.mean()) / x.std()
    y = torch.tensor(d.target)
    idx = torch.randperm(len(x), generator=torch.Generator().manual_seed(seed))
    return TensorDataset(x[idx[n_valid:]], y[idx[n_valid:]]), TensorDataset(x[idx[:n_valid]], y[idx[:n_valid]])


def get_model(hidden=256, seed=0):
    "An MLP for 64-pixel digits."
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(64, hidden), nn.ReLU(), nn.Linear(hidden, hidden // 2), nn.ReLU(),
                         nn.Linear(hidden // 2, 10))


def make_dls(train_ds, valid_ds, bs):
    return DataLoaders(DataLoader(train_ds, batch_size=bs, shuffle=True), DataLoader(valid_ds, batch_size=2 * bs))


@contextlib.contextmanager
def quiet():
    "Send stdout and stderr (tqdm bars, tables, prints) to /dev/null."
    with open(os.devnull, 'w') as null, contextlib.redirect_stdout(null), contextlib.redirect_stderr(null):
        yield


def timed(f):
    "Wall-clock and CPU seconds taken by f(), and its result. CPU time suffers less from other processes."
    t0, c0 = time.perf_counter(), time.process_time()
    res = f()
    return time.perf_counter() - t0, time.process_time() - c0, res


def print_table(title, rows):
    "Print a list of row dicts as a small aligned table."
    print(f"\n## {title}")
    if not rows: print("(no rows)"); return
    cols = list(rows[0])
    cell = lambda v: f"{v:.4g}" if isinstance(v, float) else str(v)
    w = {c: max(len(c), *(len(cell(r.get(c, ''))) for r in rows)) for c in cols}
    print('  '.join(c.rjust(w[c]) for c in cols))
    for r in rows: print('  '.join(cell(r.get(c, '')).rjust(w[c]) for c in cols))


# ---------------------------------------------------------------- section: Learner vs hand-written loop
def hand_loop(model, dls, n_epoch, lr):
    "The loop one writes by hand, doing the same work as the Learner: train, log losses, validate, print a row."
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    losses = []
    for epoch in range(n_epoch):
        t0 = time.perf_counter()
        model.train()
        for xb, yb in dls.train:
            loss = F.cross_entropy(model(xb), yb)
            loss.backward()
            opt.step()
            opt.zero_grad()
            losses.append(loss.item())
        model.eval()
        vloss, vacc, n = 0., 0., 0
        with torch.no_grad():
            for xb, yb in dls.valid:
                preds = model(xb)
                vloss += F.cross_entropy(preds, yb).item() * len(xb)
                vacc += accuracy(preds, yb).item() * len(xb)
                n += len(xb)
        print(f"{epoch} {vloss / n:.4f} {vacc / n:.4f} {time.perf_counter() - t0:.2f}s")
    return model


def learner_loop(model, dls, n_epoch, lr):
    "The same training with the Learner: Recorder, ProgressCallback (bar + table) and the accuracy metric."
    learn = Learner(model, dls, F.cross_entropy, metrics=[accuracy], device='cpu')
    learn.fit(n_epoch, lr=lr)
    return model


def bench_learner_vs_loop(args):
    train_ds, valid_ds = get_digits()
    init = get_model(args.hidden).state_dict()
    n_steps = args.epochs * len(DataLoader(train_ds, batch_size=args.bs))
    times = {'hand': [], 'learner': []}
    cpu = {'hand': [], 'learner': []}
    finals = {}
    for rep in range(args.repeats + 1):  # repeat 0 is a warm-up, not timed
        for name, loop in (('hand', hand_loop), ('learner', learner_loop)):
            model = get_model(args.hidden)
            model.load_state_dict(init)
            torch.manual_seed(1)  # same shuffling for both
            dls = make_dls(train_ds, valid_ds, args.bs)
            with quiet(): t, c, model = timed(lambda: loop(model, dls, args.epochs, args.lr))
            if rep: times[name].append(t); cpu[name].append(c)
            finals[name] = model.state_dict()
    same = all(torch.allclose(finals['hand'][k], finals['learner'][k], atol=1e-6) for k in finals['hand'])
    med = {k: statistics.median(v) for k, v in times.items()}
    cmed = {k: statistics.median(v) for k, v in cpu.items()}
    rows = [dict(loop=k, steps=n_steps, wall_median_s=med[k], wall_min_s=min(times[k]), cpu_median_s=cmed[k],
                 cpu_min_s=min(cpu[k]), cpu_ms_per_step=1e3 * cmed[k] / n_steps) for k in ('hand', 'learner')]
    rows.append(dict(loop='learner/hand', steps=n_steps, wall_median_s=med['learner'] / med['hand'],
                     wall_min_s=min(times['learner']) / min(times['hand']), cpu_median_s=cmed['learner'] / cmed['hand'],
                     cpu_min_s=min(cpu['learner']) / min(cpu['hand']),
                     cpu_ms_per_step=statistics.median(l / h for h, l in zip(cpu['hand'], cpu['learner']))))
    print_table(f"Learner vs hand-written loop ({args.epochs} epochs x {n_steps // args.epochs} steps, "
                f"{args.repeats} repeats, {torch.get_num_threads()} thread(s); same final weights: {same})", rows)
    print("last row: ratios learner/hand (wall and CPU time; last column: median of per-repeat CPU ratios); aim <= 1.05")
    if not same: raise SystemExit("the Learner and the hand-written loop ended with different weights")
    return rows


# ---------------------------------------------------------------- sections and entry point
SECTIONS = [('learner_vs_loop', bench_learner_vs_loop)]  # (name, function(args) -> rows); lr_find's goes here


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--epochs', type=int, default=5)
    p.add_argument('--repeats', type=int, default=15)
    p.add_argument('--bs', type=int, default=64)
    p.add_argument('--hidden', type=int, default=256)
    p.add_argument('--lr', type=float, default=3e-3)
    p.add_argument('--threads', type=int, default=1, help='torch threads (1: steadier timings on a shared machine)')
    p.add_argument('--only', default=None, help='run only the section with this name')
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, {os.cpu_count()} CPU(s); timings are noisy on a shared machine: compare ratios")
    for name, f in SECTIONS:
        if args.only is None or args.only == name: f(args)


if __name__ == '__main__':
    main()
