"Property and edge-case tests for course_dl.learner (the notebook nbs/08_learner.ipynb holds the main tests)."
import copy, math, os, sys

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


# ---------------------------------------------------------------- Learner v2 (issue 12): steps, cleanup, get_preds, save/load
import warnings
from functools import partial

from course_dl.learner import GradientClip, MixedPrecision, StopOnNonFinite


def _dls(ds=None, bs=16, valid=True):
    ds = make_data() if ds is None else ds
    return DataLoaders(DataLoader(ds, batch_size=bs, shuffle=True), DataLoader(make_data(32, 1), batch_size=bs) if valid else None)


def _mlp(seed=0):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(5, 8), nn.ReLU(), nn.Linear(8, 2))


def _hand(model, n_epoch=2, lr=1e-2, max_norm=None, bs=16):
    "The hand-written loop (no validation), optionally clipping the gradient norm."
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    torch.manual_seed(1)
    dl = DataLoader(make_data(), batch_size=bs, shuffle=True)
    for _ in range(n_epoch):
        for xb, yb in dl:
            F.cross_entropy(model(xb), yb).backward()
            if max_norm is not None: nn.utils.clip_grad_norm_(model.parameters(), max_norm)
            opt.step(); opt.zero_grad()
    return model


def _learn(cbs=(), model=None, valid=False, **kw):
    model = _mlp() if model is None else model
    learn = Learner(model, _dls(valid=valid), F.cross_entropy, cbs=cbs, progress=False, **kw)
    torch.manual_seed(1)
    return learn


def _params(m): return [p.detach().clone() for p in m.parameters()]


def test_learner_reproduces_hand_loop():
    learn = _learn(); learn.fit(2, lr=1e-2)
    assert all(torch.equal(p, q) for p, q in zip(_params(learn.model), _params(_hand(_mlp()))))


def test_backward_callback_clipping_is_honoured():
    class ClipBackward(Callback):
        def backward(self):
            self.learn.loss.backward()
            nn.utils.clip_grad_norm_(self.learn.model.parameters(), 0.05)
    learn = _learn([ClipBackward()]); learn.fit(2, lr=1e-2)
    got, clipped, plain = _params(learn.model), _params(_hand(_mlp(), max_norm=0.05)), _params(_hand(_mlp()))
    assert all(torch.allclose(p, q, atol=1e-6) for p, q in zip(got, clipped))
    assert not all(torch.allclose(p, q, atol=1e-4) for p, q in zip(got, plain))   # clipping changed something
    g = _learn([GradientClip(0.05)]); g.fit(2, lr=1e-2)                               # the library callback: same
    assert all(torch.allclose(p, q, atol=1e-6) for p, q in zip(_params(g.model), clipped))


def test_each_step_can_be_replaced_and_conflicts_are_refused():
    calls = []
    def mk(name):
        def f(self): calls.append(name); getattr(self.learn, '_' + name)()
        return type(f'Replace_{name}', (Callback,), {name: f})()
    learn = _learn([mk(s) for s in ('predict', 'get_loss', 'backward', 'step', 'zero_grad')])
    learn.fit(1, lr=1e-2)
    n = len(learn.dls.train)
    assert calls[:5] == ['predict', 'get_loss', 'backward', 'step', 'zero_grad'] and len(calls) == 5 * n
    assert all(torch.equal(p, q) for p, q in zip(_params(learn.model), _params(_hand(_mlp(), n_epoch=1))))
    with pytest.raises(ValueError, match='all replace the step `backward`'): learn.add_cbs([mk('backward')])
    assert len(learn.cbs) == 2 + 5                                       # nothing was added
    with pytest.raises(ValueError, match='all replace the step'): learn.to_fp16()  # fp16 replaces predict too


class _TraceCleanup(Callback):
    def __init__(self): self.events = []
    def after_fit(self): self.events.append('after_fit')
    def cleanup_fit(self): self.events.append('cleanup_fit')


def test_cleanup_runs_and_bar_closes_when_the_loss_raises():
    calls = {'n': 0}
    def loss(p, y):
        calls['n'] += 1
        if calls['n'] == 3: raise ZeroDivisionError('loss exploded')
        return F.cross_entropy(p, y)
    tr = _TraceCleanup()
    learn = Learner(_mlp(), _dls(), loss, cbs=[tr], progress=False)
    learn.progress = ProgressCallback(file=open(os.devnull, 'w'))
    learn.add_cbs(learn.progress)
    with pytest.raises(ZeroDivisionError, match='loss exploded'): learn.fit(2)
    assert tr.events == ['cleanup_fit'] and learn.progress.bar is None
    learn.fit(1)
    assert tr.events == ['cleanup_fit', 'after_fit', 'cleanup_fit'] and learn.progress.bar is None


def test_cleanup_runs_after_cancel_and_keyboard_interrupt():
    class Stop(Callback):
        def __init__(self, exc): self.exc = exc
        def after_step(self): raise self.exc
    for exc, expect_after in ((CancelFitException(), True), (KeyboardInterrupt(), False)):
        tr = _TraceCleanup()
        learn = _learn([tr, Stop(exc)])
        try: learn.fit(2)
        except KeyboardInterrupt: pass
        assert tr.events == (['after_fit'] if expect_after else []) + ['cleanup_fit']


def test_after_pred_changes_get_preds():
    learn = _learn(valid=True); learn.fit(1)
    p0, t0 = learn.get_preds()
    class Double(Callback):
        def after_pred(self): self.learn.preds = self.learn.preds * 2 + 1
    with learn.added_cbs(Double()): p1, t1 = learn.get_preds()
    assert torch.allclose(p1, p0 * 2 + 1) and torch.equal(t0, t1)
    torch.testing.assert_close(p0, learn.model.eval()(make_data(32, 1).tensors[0]).detach())  # independent: the model itself
    class SkipFirst(Callback):
        def before_batch(self):
            if not self.learn.training and self.learn.iter == 0: raise CancelBatchException()
    with learn.added_cbs(SkipFirst()): p2, _ = learn.get_preds()
    assert torch.equal(p2, p0[16:])                                      # before_batch acts on get_preds too


def test_save_load_same_predictions_and_optimizer(tmp_path):
    learn = _learn(valid=True, path=tmp_path); learn.fit(1)
    p_saved, _ = learn.get_preds()
    f = learn.save('stage')
    assert f == tmp_path / 'models' / 'stage.pth' and [p.name for p in (tmp_path / 'models').iterdir()] == ['stage.pth']
    opt_saved = copy.deepcopy(learn.opt.state_dict())
    learn.fit(1)
    assert not torch.equal(learn.get_preds()[0], p_saved)
    learn.load('stage')
    assert torch.equal(learn.get_preds()[0], p_saved)
    for i, s in opt_saved['state'].items():
        for k, v in s.items(): assert torch.equal(v, learn.opt.state_dict()['state'][i][k])
    other = Learner(_mlp(), _dls(), F.cross_entropy, progress=False, path=tmp_path).load('stage')  # a new learner
    assert torch.equal(other.get_preds()[0], p_saved)


def test_load_other_architecture_names_keys(tmp_path):
    learn = _learn(path=tmp_path); learn.save('a')
    other = Learner(nn.Sequential(nn.Linear(5, 8), nn.ReLU(), nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 2)), _dls(),
                    F.cross_entropy, progress=False, path=tmp_path)
    w0 = _params(other.model)
    with pytest.raises(ValueError) as e: other.load('a')
    msg = str(e.value)
    assert "missing keys ['4.weight', '4.bias']" in msg and 'unexpected keys []' in msg
    assert '2.weight: (2, 8) in the file, (8, 8) here' in msg
    assert all(torch.equal(p, q) for p, q in zip(w0, _params(other.model)))  # nothing half-loaded


def test_save_writes_only_its_own_file(tmp_path):
    learn = _learn(path=tmp_path)
    (tmp_path / 'models').mkdir()
    (tmp_path / 'models' / 'mine.pth').write_bytes(b'not a checkpoint')
    with pytest.raises(FileExistsError, match='overwrite=True'): learn.save('mine')
    assert (tmp_path / 'models' / 'mine.pth').read_bytes() == b'not a checkpoint'
    learn.save('mine', overwrite=True)
    learn.load('mine')
    for bad in ('', '../x', 'a/b', '.'):
        with pytest.raises(ValueError, match='plain name'): learn.save(bad)
    assert sorted(p.name for p in tmp_path.rglob('*')) == ['mine.pth', 'models']


def test_save_is_atomic(tmp_path, monkeypatch):
    learn = _learn(path=tmp_path); learn.save('x')
    before = (tmp_path / 'models' / 'x.pth').read_bytes()
    def crash(obj, f, *a, **k):
        open(f, 'wb').write(b'half a fi')
        raise OSError('disk full')
    monkeypatch.setattr(torch, 'save', crash)
    learn.fit(1)
    with pytest.raises(OSError, match='disk full'): learn.save('x')
    assert (tmp_path / 'models' / 'x.pth').read_bytes() == before
    assert [p.name for p in (tmp_path / 'models').iterdir()] == ['x.pth']   # no temporary file left


def test_fp16_callback_on_cpu():
    learn = _learn(valid=True, device='cpu'); learn.fit(2, 1e-2)
    p32, _ = learn.get_preds()
    learn.to_fp16()
    assert sum(isinstance(cb, MixedPrecision) for cb in learn.cbs) == 1 and learn.scaler is None
    seen = []
    class Dtype(Callback):
        def after_pred(self): seen.append(self.learn.preds.dtype)
    with learn.added_cbs(Dtype()): p16, _ = learn.get_preds()
    assert set(seen) == {torch.bfloat16} and p16.dtype == torch.float32    # low precision inside, float32 out
    assert not torch.equal(p16, p32) and torch.allclose(p16, p32, atol=0.1)
    learn.fit(1)
    assert all(math.isfinite(v) for v in learn.recorder.losses)
    assert next(learn.model.parameters()).dtype == torch.float32
    learn.to_fp32()
    assert not any(isinstance(cb, MixedPrecision) for cb in learn.cbs) and torch.equal(learn.get_preds()[0], learn.get_preds()[0])


# ---------------------------------------------------------------- bad input during fit (issue 20)
def test_stops_at_first_non_finite_loss():
    calls = {'n': 0}
    def loss(p, y):
        calls['n'] += 1
        return F.cross_entropy(p, y) * (math.inf if calls['n'] == 9 else 1.)
    learn = Learner(_mlp(), _dls(valid=False), loss, progress=False)       # 6 batches an epoch
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter('always')
        learn.fit(3)
    msgs = [str(w.message) for w in ws if issubclass(w.category, RuntimeWarning)]
    assert len(msgs) == 1 and 'loss is inf at epoch 1 (of 3), batch 2 (of 6)' in msgs[0]
    assert len(learn.recorder.losses) == 8 and all(torch.isfinite(p).all() for p in learn.model.parameters())
    assert learn.nan_guard.message == msgs[0]


def test_non_finite_inputs_are_named():
    x, y = make_data().tensors
    x = x.clone(); x[40, 2] = math.nan
    learn = Learner(_mlp(), DataLoaders(DataLoader(TensorDataset(x, y), batch_size=16)), F.cross_entropy, progress=False)
    with pytest.warns(RuntimeWarning, match=r'batch 2 \(of 6\).*the inputs contain NaN or inf'): learn.fit(1)
    learn.remove_cbs(StopOnNonFinite)
    assert not any(isinstance(cb, StopOnNonFinite) for cb in learn.cbs)
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        learn.fit(1)                                                        # no guard: no warning, NaN weights
    assert not all(torch.isfinite(p).all() for p in learn.model.parameters())


def _first_batch_error(model, loss=F.cross_entropy, ds=None):
    learn = Learner(model, _dls(ds, valid=False), loss, progress=False)
    with pytest.raises(Exception) as e: learn.fit(1)
    return e


def test_first_batch_shape_error_names_shapes():
    e = _first_batch_error(nn.Linear(4, 2))
    assert e.type is RuntimeError and 'mat1 and mat2' in str(e.value)
    for s in ('Inputs xb: shape (16, 5) float32', 'model output: not computed', 'targets yb: shape (16,) int64'):
        assert s in str(e.value)
    e = _first_batch_error(_mlp(), loss=F.binary_cross_entropy_with_logits)  # (16, 2) logits for (16,) targets
    assert e.type is ValueError and 'model output: shape (16, 2) float32' in str(e.value) and 'targets yb: shape (16,) int64' in str(e.value)


def test_non_scalar_loss_gets_the_hint():
    e = _first_batch_error(_mlp(), loss=partial(F.cross_entropy, reduction='none'))
    assert 'loss: shape (16,) float32' in str(e.value) and 'return loss.mean()' in str(e.value)


def test_uint8_inputs_get_the_fix():
    x, y = make_data().tensors
    e = _first_batch_error(_mlp(), ds=TensorDataset((x * 30 + 128).clamp(0, 255).to(torch.uint8), y))
    assert 'uint8' in str(e.value) and 'x.float() / 255' in str(e.value)


def test_later_errors_are_not_rewritten():
    calls = {'n': 0}
    def loss(p, y):
        calls['n'] += 1
        if calls['n'] == 4: raise RuntimeError('plain failure')
        return F.cross_entropy(p, y)
    learn = Learner(_mlp(), _dls(valid=False), loss, progress=False)
    with pytest.raises(RuntimeError) as e: learn.fit(1)
    assert str(e.value) == 'plain failure'


def test_none_and_wrong_arguments():
    with pytest.raises(TypeError, match='expected model to be a torch nn.Module, got NoneType'):
        Learner(None, _dls(), F.cross_entropy)
    with pytest.raises(TypeError, match='loss_func must be callable'): Learner(_mlp(), _dls(), None)
    with pytest.raises(TypeError, match='expected a Callback'): _learn().add_cbs(lambda: 1)
    with pytest.raises(ValueError, match='positive, finite max_norm'): GradientClip(-1)


def test_bad_arguments_name_themselves():
    from course_dl.learner import Learner, accuracy, lrs_for_groups
    ds = TensorDataset(torch.randn(8, 4), torch.randint(0, 2, (8,)))
    with pytest.raises(TypeError, match='from_dsets: train_ds'): DataLoaders.from_dsets(None, ds)
    with pytest.raises(TypeError, match='TensorDataset'): DataLoaders.from_dsets(torch.zeros(4, 2))
    with pytest.raises(ValueError, match='from_dsets: bs'): DataLoaders.from_dsets(ds, bs=0)
    dls = DataLoaders.from_dsets(ds, ds, bs=4)
    with pytest.raises(TypeError, match='metrics'): Learner(nn.Linear(4, 2), dls, F.cross_entropy, metrics=['accuracy'])
    with pytest.raises(ValueError, match=r'preds of shape \(4,\)'): accuracy(torch.randn(4), torch.zeros(4, dtype=torch.long))
    with pytest.raises(ValueError, match=r'targs of shape \(5,\)'): accuracy(torch.randn(4, 3), torch.zeros(5, dtype=torch.long))
    with pytest.raises(TypeError, match='lr: expected a number'): lrs_for_groups(None, 2)
    with pytest.raises(TypeError, match='freeze_to: n'): Learner(nn.Linear(4, 2), dls, F.cross_entropy, progress=False).freeze_to(0.5)
    p = torch.randn(6, 5, 3); t = torch.randint(0, 3, (6, 5))     # a prediction per position (a language model): fine
    assert torch.isclose(accuracy(p, t), (p.argmax(-1) == t).float().mean())
