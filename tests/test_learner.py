"Property and edge-case tests for course_dl.learner (the notebook nbs/08_learner.ipynb holds the main tests)."
import math, sys

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings, strategies as st
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from course_dl.learner import (Callback, CancelBatchException, CancelEpochException, CancelFitException, DataLoaders,
                               Learner, ProgressCallback, accuracy, combined_cos, lrs_for_groups)

torch.set_num_threads(1)
lr_st = st.floats(1e-7, 1.0)


@settings(deadline=None, max_examples=60, derandomize=True)
@given(lo=lr_st, hi=lr_st, n=st.integers(2, 6))
def test_slice_is_geometric(lo, hi, n):
    lrs = np.array(lrs_for_groups(slice(lo, hi), n))
    assert len(lrs) == n
    np.testing.assert_allclose([lrs[0], lrs[-1]], [lo, hi], rtol=1e-12)
    np.testing.assert_allclose(lrs[1:] / lrs[:-1], (hi / lo) ** (1 / (n - 1)), rtol=1e-9)  # constant ratio


@settings(deadline=None, max_examples=60, derandomize=True)
@given(hi=lr_st, n=st.integers(1, 6))
def test_slice_hi_only(hi, n):
    assert lrs_for_groups(slice(hi), n) == [hi / 10] * (n - 1) + [hi]


@pytest.mark.parametrize('bad', [0, -1e-3, float('inf'), float('nan'), slice(-1e-3, 1e-2), [1e-3, 0, 1e-3]])
def test_bad_lrs(bad):
    with pytest.raises(ValueError, match='must be positive'): lrs_for_groups(bad, 3)


@settings(deadline=None, max_examples=80, derandomize=True)
@given(pct=st.floats(0.0, 0.99), a=st.floats(0, 10), b=st.floats(0, 10), c=st.floats(0, 10),
       pos=st.floats(0, 1))
def test_combined_cos_bounds_and_ends(pct, a, b, c, pos):
    f = combined_cos(pct, a, b, c)
    assert math.isclose(f(0.), a if pct > 0 else b, abs_tol=1e-9)
    assert math.isclose(f(1.), c, abs_tol=1e-9)
    assert math.isclose(f(pct), b, abs_tol=1e-9)
    assert min(a, b, c) - 1e-9 <= f(pos) <= max(a, b, c) + 1e-9


def make_data(n=96, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 5, generator=g)
    y = (x[:, 0] + x[:, 1] > 0).long()
    return TensorDataset(x, y)


def make_learner(model=None, n_groups=1, bs=16, **kw):
    torch.manual_seed(0)
    model = model or nn.Sequential(nn.Linear(5, 8), nn.ReLU(), nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 2))
    if n_groups not in (1, 3): raise ValueError('this helper splits in 1 or 3 groups')
    splitter = (lambda m: [m[:2], m[2:4], m[4:]]) if n_groups == 3 else None
    ds = make_data()
    return Learner(model, DataLoaders.from_dsets(ds, make_data(32, 1), bs=bs), F.cross_entropy, metrics=[accuracy],
                   splitter=splitter, progress=False, **kw)


@pytest.mark.parametrize('n', range(-3, 4))
def test_freeze_to_pattern(n):
    learn = make_learner(n_groups=3)
    learn.freeze_to(n)
    k = n + 3 if n < 0 else n
    got = [all(not p.requires_grad for p in g.parameters()) for g in learn.layer_groups]
    assert got == [i < k for i in range(3)]


def test_freeze_to_out_of_range():
    learn = make_learner(n_groups=3)
    for n in (4, -4, 10):
        with pytest.raises(ValueError, match='3 layer group'): learn.freeze_to(n)


@pytest.mark.parametrize('n_epoch,pct', [(1, 0.25), (2, 0.3), (3, 0.0)])
def test_one_cycle_recorded(n_epoch, pct):
    learn = make_learner(n_groups=3)
    learn.fit_one_cycle(n_epoch, slice(1e-4, 1e-2), pct_start=pct)
    n = n_epoch * len(learn.dls.train)
    rec = learn.recorder
    assert len(rec.losses) == len(rec.lrs) == len(rec.moms) == n
    assert len(rec.valid_losses) == len(rec.metrics) == n_epoch
    lrs = np.array(rec.lrs)
    assert abs(int(np.argmax(lrs)) - pct * (n - 1)) <= 1
    assert math.isclose(lrs[-1], 1e-2 / 1e5, rel_tol=1e-9)
    np.testing.assert_allclose([pg['lr'] * 1e5 for pg in learn.opt.param_groups], [1e-4, 1e-3, 1e-2], rtol=1e-9)


def test_cancel_batch_in_before_batch_records_nothing():
    class Skip(Callback):
        def before_batch(self): raise CancelBatchException()
    learn = make_learner(cbs=[Skip()])
    w0 = [p.clone() for p in learn.model.parameters()]
    learn.fit(2)
    assert learn.recorder.losses == [] and learn.train_iter == 2 * len(learn.dls.train)
    assert all(torch.equal(a, b) for a, b in zip(w0, learn.model.parameters()))
    assert all(math.isnan(v) for v in learn.recorder.valid_losses)


def test_cancel_fit_in_before_fit_still_runs_after_fit():
    events = []
    class Stop(Callback):
        def before_fit(self): raise CancelFitException()
        def after_fit(self): events.append('after_fit')
        def before_epoch(self): events.append('before_epoch')
    make_learner(cbs=[Stop()]).fit(3)
    assert events == ['after_fit']


def test_cancel_epoch_from_validation_keeps_training():
    class StopValid(Callback):
        def before_validate(self): raise CancelEpochException()
    learn = make_learner(cbs=[StopValid()])
    learn.fit(2)
    assert len(learn.recorder.losses) == 2 * len(learn.dls.train)
    assert all(math.isnan(v) for v in learn.recorder.valid_losses)


class TwoHeads(nn.Module):
    "A detection-like model: two outputs (a box-like regression and class logits)."
    def __init__(self):
        super().__init__()
        self.body, self.box, self.cls = nn.Linear(5, 8), nn.Linear(8, 4), nn.Linear(8, 2)
    def forward(self, x):
        h = torch.relu(self.body(x))
        return self.box(h), self.cls(h)


def two_target_loss(preds, boxes, classes):
    return F.l1_loss(preds[0], boxes) + F.cross_entropy(preds[1], classes)


def cls_acc(preds, boxes, classes): return accuracy(preds[1], classes)


def test_several_targets_and_tuple_preds():
    ds = make_data()
    x, y = ds.tensors
    boxes = torch.stack([x[:, 0], x[:, 1], x[:, 0] + 1, x[:, 1] + 1], 1)
    tds = TensorDataset(x, boxes, y)
    torch.manual_seed(0)
    learn = Learner(TwoHeads(), DataLoaders.from_dsets(tds, tds, bs=16), two_target_loss, metrics=[cls_acc],
                    progress=False)
    learn.recorder.record_preds(every=2, n=3)
    learn.fit_one_cycle(4, 1e-2)
    assert learn.recorder.valid_losses[-1] < learn.recorder.valid_losses[0]
    preds, targs = learn.get_preds()
    assert [p.shape for p in preds] == [(96, 4), (96, 2)] and [t.shape for t in targs] == [(96, 4), (96,)]
    assert math.isclose(learn.recorder.metrics[-1]['cls_acc'], accuracy(preds[1], targs[1]).item(), abs_tol=1e-6)
    r = learn.recorder.pred_records[0]
    assert r.step == 0 and r.xb.shape == (3, 5)
    assert [t.shape for t in r.yb] == [(3, 4), (3,)] and [p.shape for p in r.preds] == [(3, 4), (3, 2)]
    assert len(learn.recorder.pred_records) == math.ceil(len(learn.recorder.losses) / 2)


def test_fp16_on_cpu_close_to_fp32():
    learn = make_learner(device='cpu')
    learn.fit(3, 1e-2)
    xb, yb = make_data(32, 1).tensors
    learn.xb, learn.yb, learn.training = xb, yb, False
    with torch.no_grad():
        learn.one_batch(); l32 = learn.loss.item()
        learn.to_fp16(); learn.one_batch(); l16 = learn.loss.item()
    assert learn.preds.dtype == torch.bfloat16 and learn.scaler is None
    assert math.isfinite(l16) and abs(l16 - l32) < 0.03 * l32 + 1e-3
    learn.fit(1)
    assert all(math.isfinite(v) for v in learn.recorder.losses)


def test_empty_and_wrong_loaders():
    ds = make_data(10)
    with pytest.raises(ValueError, match='empty'): DataLoaders(DataLoader(ds, batch_size=16, drop_last=True))
    with pytest.raises(TypeError, match='DataLoader'): DataLoaders(ds)
    learn = make_learner()
    with pytest.raises(ValueError, match='empty'): learn.get_preds(DataLoader(ds, batch_size=16, drop_last=True))


def test_progress_table_and_no_bar(capsys):
    learn = make_learner()  # built with progress=False: add a progress callback printing to stdout
    learn.progress = ProgressCallback(file=sys.stdout)
    learn.add_cbs(learn.progress)
    learn.fit(2, 1e-2)
    lines = [l for l in capsys.readouterr().out.splitlines() if 'valid_loss' in l or l.strip()[:1].isdigit()]
    assert lines[0].split() == ['epoch', 'train_loss', 'valid_loss', 'accuracy', 'time']
    assert [l.split()[0] for l in lines[1:]] == ['0', '1']
    with learn.no_bar(): learn.fit(1)
    assert 'valid_loss' not in capsys.readouterr().out
