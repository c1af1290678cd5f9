"Tests of course_dl.lr_find beyond the notebook's: properties over random inputs, and exact restoration."
import copy, math

import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings, strategies as st
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from course_dl.learner import DataLoaders, Learner
from course_dl.lr_find import (LRFindResult, divergence_lr, ema_smooth, local_slopes, lr_find, lsq_problem,
                               steep_naive, steep_robust, valley_index)

torch.set_num_threads(1)
finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)


@settings(deadline=None, max_examples=50, derandomize=True)
@given(st.lists(finite, min_size=1, max_size=60), st.floats(0, 0.99))
def test_ema_matches_pandas(losses, beta):
    got = ema_smooth(losses, beta)
    want = pd.Series(losses, dtype=float).ewm(alpha=1 - beta, adjust=True).mean().values
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9)


@settings(deadline=None, max_examples=30, derandomize=True)
@given(st.integers(0, 10_000), st.integers(2, 6), st.integers(0, 20))
def test_local_slopes_match_polyfit(seed, h, extra):
    rng = np.random.default_rng(seed)
    n = 2 * h + 1 + extra
    x, y = np.sort(rng.uniform(-7, 1, n)), rng.normal(size=n)
    centres, level, slope, se, sxx = local_slopes(x, y, h)
    assert list(centres) == list(range(h, n - h))
    for c, lv, s, e in zip(centres, level, slope, se):
        coef, cov = np.polyfit(x[c - h:c + h + 1], y[c - h:c + h + 1], 1, cov=True)
        np.testing.assert_allclose([lv, s, e], [np.polyval(coef, x[c]), coef[0], np.sqrt(cov[0, 0])], rtol=1e-7, atol=1e-9)


def _curve(seed, n=100, noise=0.3):
    rng = np.random.default_rng(seed)
    lrs = np.logspace(-7, 1, n)
    x = np.log10(lrs)
    centre = rng.uniform(-4, -1)
    clean = 0.1 + rng.uniform(1, 5) / (1 + np.exp(3 * (x - centre)))
    return lrs, clean * rng.lognormal(0, noise, n), clean


@settings(deadline=None, max_examples=30, derandomize=True)
@given(st.integers(0, 10_000), st.floats(1e-3, 1e3), st.floats(1e-3, 1e3))
def test_steep_robust_invariances(seed, loss_scale, lr_scale):
    "Units do not matter: scaling the losses or the learning rates keeps the chosen index."
    lrs, losses, _ = _curve(seed)
    i = steep_robust(lrs, losses)
    assert steep_robust(lrs, losses * loss_scale) == i
    assert steep_robust(lrs * lr_scale, losses) == i


@settings(deadline=None, max_examples=40, derandomize=True)
@given(st.integers(0, 10_000))
def test_steep_robust_finds_the_descent_not_the_start(seed):
    lrs, losses, clean = _curve(seed)
    true = int(np.argmin(np.gradient(np.log(clean), np.log10(lrs))))
    i = steep_robust(lrs, losses)
    assert i is not None and i >= 5                     # never in the first window
    assert abs(i - true) <= 15                          # within ~1.2 decades of the true steepest point


def test_steep_robust_noise_only_rarely_finds_a_descent():
    rng = np.random.default_rng(0)
    lrs = np.logspace(-7, 1, 100)
    hits = sum(steep_robust(lrs, rng.lognormal(0, 0.3, 100)) is not None for _ in range(200))
    assert hits <= 4, hits


def test_naive_rule_is_fooled_by_a_noisy_start():
    "Sanity check of the lesson's claim, on synthetic curves: the naive rule often picks the first 10%."
    firsts = sum(steep_naive(lrs, ema_smooth(l)) < 10 for lrs, l, _ in (_curve(s) for s in range(40)))
    robust = sum((steep_robust(lrs, l) or 0) < 10 for lrs, l, _ in (_curve(s) for s in range(40)))
    assert firsts >= 10 and robust == 0, (firsts, robust)


@settings(deadline=None, max_examples=40, derandomize=True)
@given(st.lists(st.floats(0, 10, allow_nan=False), min_size=1, max_size=40, unique=True), st.integers(0, 20))
def test_valley_index(losses, pad):
    "In range; half-way down a strictly decreasing run, also after a rising prefix shorter than the run."
    assert 0 <= valley_index(losses) < len(losses)
    down = sorted(losses, reverse=True)
    assert valley_index(down) == (len(down) - 1) // 2
    up = list(np.linspace(-pad, -1, pad)) if pad < len(down) else []   # rising, below the descent: not part of it
    assert valley_index(up + down) == len(up) + (len(down) - 1) // 2


def _learner(model, opt_func=torch.optim.Adam, loss_func=F.mse_loss, seed=0, bs=16):
    X, y = lsq_problem(seed, n=300)
    torch.manual_seed(seed)
    dls = DataLoaders(DataLoader(TensorDataset(X[:240], y[:240]), batch_size=bs, shuffle=True),
                      DataLoader(TensorDataset(X[240:], y[240:]), batch_size=64))
    return Learner(model, dls, loss_func, opt_func=opt_func, progress=False)


def _state(learn):
    return (copy.deepcopy(learn.model.state_dict()), copy.deepcopy(learn.opt.state_dict()),
            [None if p.grad is None else p.grad.clone() for p in learn.model.parameters()],
            list(learn.recorder.losses), torch.get_rng_state(), [m.training for m in learn.model.modules()])


def _assert_same(a, b):
    for k in a[0]: assert torch.equal(a[0][k], b[0][k]), k
    assert a[1]['param_groups'] == b[1]['param_groups']
    assert a[1]['state'].keys() == b[1]['state'].keys()
    for i, s in a[1]['state'].items():
        for k, v in s.items(): assert torch.equal(v, b[1]['state'][i][k]) if torch.is_tensor(v) else v == b[1]['state'][i][k]
    assert all((g1 is None and g2 is None) or torch.equal(g1, g2) for g1, g2 in zip(a[2], b[2]))
    assert a[3] == b[3] and torch.equal(a[4], b[4]) and a[5] == b[5]


OPTS = [torch.optim.Adam, lambda p: torch.optim.SGD(p, lr=1e-3, momentum=0.9), torch.optim.AdamW, torch.optim.RMSprop]


@settings(deadline=None, max_examples=12, derandomize=True)
@given(st.integers(0, len(OPTS) - 1), st.booleans(), st.integers(2, 80), st.booleans())
def test_restores_bit_for_bit(opt_i, bn, fail_at, pretrain):
    "Any optimizer, with or without BatchNorm, trained before or not, sweep finishing or raising at step `fail_at`."
    layers = [nn.Linear(10, 8)] + ([nn.BatchNorm1d(8)] if bn else []) + [nn.ReLU(), nn.Linear(8, 1)]
    torch.manual_seed(0)
    learn = _learner(nn.Sequential(*layers), opt_func=OPTS[opt_i])
    if pretrain: learn.fit(1, lr=1e-3)
    # states the sweep changes, set first so that each check can fail: eval mode, leftover gradients
    learn.model.eval()
    for p in learn.model.parameters(): p.grad = torch.randn_like(p)
    before = _state(learn)
    calls = {'n': 0}
    def loss(p, y):
        calls['n'] += 1
        if calls['n'] == fail_at: raise RuntimeError('mid-sweep failure')
        return F.mse_loss(p, y)
    learn.loss_func = loss
    with pytest.raises(RuntimeError, match='mid-sweep failure'): lr_find(learn)
    _assert_same(before, _state(learn))
    learn.loss_func = F.mse_loss
    res = lr_find(learn, num_it=50)
    assert len(res) > 5
    _assert_same(before, _state(learn))


def test_cycles_a_short_loader_and_is_geometric():
    learn = _learner(nn.Linear(10, 1), opt_func=torch.optim.SGD, bs=64)  # 4 batches per epoch
    res = lr_find(learn, start_lr=1e-6, end_lr=1e-4, num_it=30)
    assert len(res) == 30 and res.stop_reason == 'reached num_it=30'
    np.testing.assert_allclose(res.lrs, np.geomspace(1e-6, 1e-4, 30), rtol=1e-9)


def test_stops_on_nan():
    calls = {'n': 0}
    def loss(p, y):
        calls['n'] += 1
        return F.mse_loss(p, y) * (math.nan if calls['n'] == 20 else 1.)
    learn = _learner(nn.Linear(10, 1), loss_func=loss, opt_func=torch.optim.SGD)
    res = lr_find(learn, end_lr=1e-4)
    assert len(res) == 19 and res.stop_reason.startswith('loss became nan') and np.isfinite(res.losses).all()


def test_explodes_after_the_divergence_point():
    "Plain SGD on least squares: the sweep stops soon after 2/lambda_max and steep is below it."
    X, _ = lsq_problem(0, n=300)
    div = divergence_lr(X[:240])
    res = lr_find(_learner(nn.Linear(10, 1), opt_func=torch.optim.SGD))
    assert div < res.lrs[-1] < 10 * div
    assert div / 30 < res.suggestions['steep'] < div


def test_plot_and_bad_input():
    lrs, losses, _ = _curve(3)
    res = LRFindResult(lrs, losses)
    ax = res.plot(n_skip=7, n_skip_end=2)
    assert ax.get_xscale() == 'log'
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), lrs[7:-2])
    labels = [l.get_label() for l in ax.lines]
    assert any(l.startswith('steep:') for l in labels)
    plt.close('all')
    with pytest.raises(ValueError, match='leaves none of the'): res.plot(n_skip=60, n_skip_end=40)
    with pytest.raises(ValueError, match='expected 0 < start_lr < end_lr'): lr_find(_learner(nn.Linear(10, 1)), start_lr=1e-2, end_lr=1e-3)
    with pytest.raises(ValueError, match='num_it must be an integer >= 2'): lr_find(_learner(nn.Linear(10, 1)), num_it=0)


def test_method_is_the_function_and_none_is_refused():
    a = lr_find(_learner(nn.Linear(10, 1)), num_it=40)
    b = _learner(nn.Linear(10, 1)).lr_find(num_it=40)
    np.testing.assert_array_equal(a.lrs, b.lrs); np.testing.assert_array_equal(a.losses, b.losses)
    assert a.stop_reason == b.stop_reason
    with pytest.raises(TypeError, match='lr_find needs a Learner, got NoneType'): lr_find(None)


def test_sweep_closes_its_bar_and_leaves_no_callback_on_error():
    learn = _learner(nn.Linear(10, 1))
    learn.loss_func = lambda p, y: (_ for _ in ()).throw(RuntimeError('first batch fails'))
    with pytest.raises(RuntimeError, match='first batch fails'): lr_find(learn)
    assert learn.cbs == [learn.recorder, learn.nan_guard]


@pytest.mark.parametrize('state', ['train', 'eval', 'mixed'])
def test_restores_mode_from_each_state(state):
    "The sweep trains (train mode) and never validates: starting from train mode, eval mode or a mix, each module is left as it was."
    torch.manual_seed(0)
    learn = _learner(nn.Sequential(nn.Linear(10, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 1)))
    learn.model.train(state != 'eval')
    if state == 'mixed': learn.model[1].eval()
    before = [m.training for m in learn.model.modules()]
    bn_stats = learn.model[1].running_mean.clone()
    lr_find(learn, num_it=20)
    assert [m.training for m in learn.model.modules()] == before
    assert torch.equal(learn.model[1].running_mean, bn_stats)
