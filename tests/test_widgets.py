"Tests of course_dl.widgets on synthetic sweeps and recorders, driven from Python."
from types import SimpleNamespace

import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

from course_dl.learner import PredRecord
from course_dl.lr_find import LRFindResult
from course_dl.widgets import fig_to_png, loss_stepper, lr_find_widget, show_class_batch


def _result(n=60, seed=0):
    rng = np.random.default_rng(seed)
    lrs = np.logspace(-7, 1, n)
    x = np.log10(lrs)
    return LRFindResult(lrs, (0.2 + 2 / (1 + np.exp(3 * (x + 2)))) * rng.lognormal(0, 0.2, n))


def _recorder(n=40, every=4, k=3, seed=0):
    g = torch.Generator().manual_seed(seed)
    recs = [PredRecord(s, torch.rand(k, 16, generator=g), torch.randint(0, 5, (k,), generator=g),
                       torch.randn(k, 5, generator=g)) for s in range(0, n, every)]
    return SimpleNamespace(losses=list(np.linspace(2, 0.1, n)), lrs=list(np.linspace(1e-3, 1e-2, n)), pred_records=recs)


@settings(deadline=None, max_examples=8, derandomize=True)
@given(st.lists(st.tuples(st.sampled_from(['n_skip', 'n_skip_end', 'beta', 'steep', 'valley', 'minimum']),
                          st.integers(0, 80)), min_size=1, max_size=4))
def test_lr_widget_any_sequence_of_moves(moves):
    "Whatever the moves: one figure, the plotted range is what the sliders say, at least 2 points, no leak."
    res = _result()
    n0 = len(plt.get_fignums())
    w = lr_find_widget(res, figsize=(4, 3), dpi=40)   # small PNGs: the test is about the data, not the pixels
    fig, ax = w.fig, w.ax
    for name, v in moves:
        if name in ('n_skip', 'n_skip_end'): getattr(w, name).value = v     # clamped to the slider's max
        elif name == 'beta': w.beta.value = min(v / 100, 0.99)
        else: w.checks[name].value = bool(v % 2)
        a, b = w.n_skip.value, w.n_skip_end.value
        assert a + b <= len(res) - 2
        np.testing.assert_array_equal(w.ax.lines[0].get_xdata(), res.lrs[a:len(res) - b])
        np.testing.assert_allclose(w.ax.lines[1].get_ydata(), res.smoothed(w.beta.value)[a:len(res) - b])
        shown = {l.get_label().split(':')[0] for l in w.ax.lines if ':' in l.get_label()}
        assert shown <= {k for k, c in w.checks.items() if c.value}
        assert w.fig is fig and w.fig.axes == [ax]
    assert len(plt.get_fignums()) == n0
    assert w.image.value == fig_to_png(w.fig)


def test_lr_widget_initial_values_and_classes():
    w = lr_find_widget(_result(), n_skip=4, n_skip_end=2)
    assert (w.n_skip.value, w.n_skip_end.value, w.n_draws) == (4, 2, 1)
    assert 'course-dl-lr-find' in w.box._dom_classes
    assert w._repr_mimebundle_()['application/vnd.jupyter.widget-view+json']['model_id'] == w.box.model_id


@settings(deadline=None, max_examples=8, derandomize=True)
@given(st.lists(st.integers(0, 39), min_size=1, max_size=4), st.integers(1, 7))
def test_stepper_marker_title_and_record(steps, every):
    rec = _recorder(every=every)
    n0 = len(plt.get_fignums())
    s = loss_stepper(rec, show_batch=show_class_batch, figsize=(4, 3), dpi=40)
    fig = s.fig
    for i in steps:
        s.play.value = i
        assert s.step.value == i
        assert list(s.vline.get_xdata()) == [i, i]
        assert list(s.point.get_ydata()) == [rec.losses[i]]
        assert f"lr {rec.lrs[i]:.2e}" in s.ax.get_title()
        r = s.record_at(i)
        assert r.step == (i // every) * every                      # the latest record at or before i
        assert s.batch_label.get_text().startswith(f"batch recorded at step {r.step}")
        assert [a.get_title() for a in s.batch_axs] == [f"{int(p)} / {int(t)}" for p, t in zip(r.preds.argmax(-1), r.yb)]
        assert s.fig is fig
    assert len(plt.get_fignums()) == n0
    assert 'course-dl-loss-stepper' in s.box._dom_classes


def test_stepper_errors():
    with pytest.raises(ValueError, match='fit the learner first'):
        loss_stepper(SimpleNamespace(losses=[], lrs=[], pred_records=[]))
    with pytest.raises(ValueError, match='record_preds'):
        loss_stepper(SimpleNamespace(losses=[1., 2.], lrs=[1e-3, 1e-3], pred_records=[]), show_batch=show_class_batch)


def test_show_class_batch_keeps_height_and_width():
    "Non-square inputs: a flat vector reshaped to (6, 10), a (1, 6, 10) map and a (3, 6, 10) colour map."
    fig = plt.figure()
    try:
        axs = fig.subplots(1, 3)
        base = torch.arange(60.).reshape(6, 10) / 60
        xb = [base.flatten(), base[None], torch.stack([base, 1 - base, base])]
        for ax, x in zip(axs, xb):
            show_class_batch([ax], [x], torch.tensor([1]), torch.tensor([[0., 1.]]), shape=(6, 10) if x.ndim == 1 else None)
        shapes = [ax.images[0].get_array().shape for ax in axs]
        assert shapes == [(6, 10), (6, 10), (6, 10, 3)]
        np.testing.assert_allclose(np.asarray(axs[0].images[0].get_array()), base.numpy())   # row-major, not transposed
    finally:
        plt.close(fig)


def test_bad_arguments_name_themselves():
    from course_dl.widgets import new_figure
    with pytest.raises(TypeError, match='loss_stepper: recorder'): loss_stepper(None)
    with pytest.raises(TypeError, match='fig_to_png: fig'): fig_to_png(None)
    with pytest.raises(ValueError, match='dpi'): new_figure(dpi=0)
    with pytest.raises(ValueError, match='n_skip'): lr_find_widget(_result(), n_skip=-1)
