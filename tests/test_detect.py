"Tests for course_dl.detect (lesson 12): IoU against torchvision, the loss, offline backbones, models and layer groups."
import time, warnings
from functools import partial
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
import torchvision
from hypothesis import given, settings, strategies as st
from torch.utils.data import DataLoader, TensorDataset

from course_dl.detect import (pair_iou, mean_iou, iou50, empty_inverted, detn_loss, detn_acc, detn_l1, cls_weight,
                              load_resnet, weights_path, download_weights, create_body, body_out, small_body,
                              make_model, custom_head, pretrain_body, single_shapes, single_shape_dls, pred_targets)
from course_dl.learner import Learner, DataLoaders


def tv_boxes(b):
    "Inclusive [t, l, b, r] -> torchvision's [x1, y1, x2, y2] with exclusive x2, y2."
    return torch.stack([b[:, 1], b[:, 0], b[:, 3]+1, b[:, 2]+1], 1)


@st.composite
def boxes(draw, n):
    out = []
    for _ in range(n):
        t, l = draw(st.integers(0, 60)), draw(st.integers(0, 60))
        out.append([t, l, t + draw(st.integers(0, 40)), l + draw(st.integers(0, 40))])
    return torch.tensor(out, dtype=torch.float32)


@settings(deadline=None, max_examples=50, derandomize=True)
@given(st.integers(1, 6).flatmap(lambda n: st.tuples(boxes(n), boxes(n))))
def test_pair_iou_matches_torchvision(ab):
    a, b = ab
    ref = torchvision.ops.box_iou(tv_boxes(a), tv_boxes(b)).diagonal()
    torch.testing.assert_close(pair_iou(a, b), ref)
    torch.testing.assert_close(mean_iou(a, b), ref.mean())
    torch.testing.assert_close(iou50(a, b), (ref >= 0.5).float().mean())


def test_inverted_boxes_are_empty():
    p = torch.tensor([[10., 10, 5, 20], [0, 0, 9, 9]])
    b = torch.tensor([[0., 0, 30, 30], [0, 0, 9, 9]])
    torch.testing.assert_close(pair_iou(p, b), torch.tensor([0., 1.]))
    e = empty_inverted(p)
    assert (e[:, 2] >= e[:, 0] - 1).all() and (e[:, 3] >= e[:, 1] - 1).all()


def test_detn_loss_from_scratch():
    torch.manual_seed(0)
    p, bb, c = torch.randn(5, 10) * 5, torch.rand(5, 4) * 60, torch.randint(0, 6, (5,))
    logp = torch.log_softmax(p[:, 4:].double(), 1)
    ref = (p[:, :4].double() - bb.double()).abs().mean() - 7 * logp[range(5), c].mean()
    torch.testing.assert_close(detn_loss(p, bb, c, w=7.).double(), ref)
    assert float(detn_acc(p, bb, c)) == float((p[:, 4:].argmax(1) == c).float().mean())
    torch.testing.assert_close(detn_l1(p, bb, c), F.l1_loss(p[:, :4], bb))
    assert cls_weight(224) == 20


def test_load_resnet_offline(tmp_path):
    old = torch.hub.get_dir()
    torch.hub.set_dir(str(tmp_path))
    try:
        t0 = time.perf_counter()
        with pytest.warns(UserWarning, match='NOT pretrained'): m = load_resnet('resnet18')
        assert m.pretrained is False
        with pytest.raises(FileNotFoundError, match='resnet18-f37072fd.pth'): load_resnet('resnet18', on_missing='raise')
        with pytest.raises(ConnectionError, match='offline'):
            load_resnet('resnet18', download=True, on_missing='raise', timeout=2)
        with pytest.raises(ConnectionError):
            download_weights('http://127.0.0.1:9/w.pth', tmp_path/'w.pth', timeout=2)
        assert time.perf_counter() - t0 < 60          # generous: the point is that nothing hangs on a network timeout
        ref = torchvision.models.resnet18(weights=None)
        weights_path('resnet18').parent.mkdir(parents=True, exist_ok=True)
        torch.save(ref.state_dict(), weights_path('resnet18'))
        m = load_resnet('resnet18')
        assert m.pretrained is True and torch.equal(m.layer1[0].conv1.weight, ref.layer1[0].conv1.weight)
        with pytest.raises(ValueError, match='resnet18'): weights_path('resnet50')
    finally: torch.hub.set_dir(old)


def test_resnet_body_with_layer_groups():
    torch.manual_seed(0)
    body = create_body(torchvision.models.resnet18(weights=None))
    assert body_out(body, 64) == (512, 2, 2)
    model = make_model(body, 'both', 64, 6, split=6)
    x, c = torch.randn(8, 3, 64, 64), torch.randint(0, 6, (8,))
    tl = torch.rand(8, 2) * 30
    bb = torch.cat([tl, tl + 5 + torch.rand(8, 2) * 25], 1)          # valid boxes [t, l, b, r]
    dl = DataLoader(TensorDataset(x, bb, c), batch_size=4)
    learn = Learner(model, DataLoaders(dl, dl), partial(detn_loss, w=cls_weight(64)),
                    metrics=[detn_acc, mean_iou], progress=False)
    assert len(learn.layer_groups) == 3
    learn.freeze_to(-2)
    before = [p.detach().clone() for p in learn.layer_groups[0].parameters()]
    learn.fit(1, lr=1e-3)
    assert all(torch.equal(a, b) for a, b in zip(before, learn.layer_groups[0].parameters()))   # frozen group untouched
    assert np.isfinite(learn.recorder.valid_losses[-1])


def test_heads_squash_into_image():
    h = custom_head(32, 50)
    out = h(torch.randn(10, 32) * 100)
    assert out.shape == (10, 4) and (out >= 0).all() and (out <= 50).all()
    p = make_model(small_body(), 'both', 32, 3)(torch.randn(4, 3, 32, 32))
    boxes, cls = pred_targets(p, 'both')
    assert boxes.shape == (4, 4) and cls.shape == (4,) and (boxes[:, 2] >= boxes[:, 0] - 1).all()
    with pytest.raises(ValueError, match="'cls', 'bbox' or 'both'"): make_model(small_body(), 'boxes', 32)


def test_pretraining_learns_something():
    torch.manual_seed(0)
    x, y = single_shapes(4, seed=9)
    assert x.shape == (4, 3, 32, 32) and torch.equal(single_shapes(4, seed=9)[0], x)
    learn = pretrain_body(small_body(), n=3000, epochs=3)
    assert learn.recorder.metrics[-1]['accuracy'] > 0.5    # chance is 1/6, on held-out images


def test_single_shape_dls_split_and_order():
    "90% to train, shuffled the same way for the same seed; the rest, in order, to validate: single_shapes' images."
    dls = single_shape_dls(50, 28, bs=8, seed=3)
    x, y = single_shapes(50, 28, 3)
    assert len(dls.train.dataset) == 45 and len(dls.valid.dataset) == 5
    assert torch.equal(dls.valid.dataset.tensors[0], x[45:]) and torch.equal(dls.valid.dataset.tensors[1], y[45:])
    first = lambda d: next(iter(d.train))[0]
    assert torch.equal(first(dls), first(single_shape_dls(50, 28, bs=8, seed=3)))
    assert not torch.equal(first(dls), x[:8])                        # shuffled (the same first 8 in order: 1 chance in 45!/37!)


@pytest.mark.parametrize('mode', [True, False])
def test_body_out_restores_each_mode(mode):
    "Starting from train mode and from eval mode (and a mixed state), every module is left as it was, BatchNorm untouched."
    body = small_body().train(mode)
    body[1].train(not mode)
    before = [m.training for m in body.modules()]
    stats = [b.running_mean.clone() for b in body.modules() if isinstance(b, torch.nn.BatchNorm2d)]
    assert body_out(body, 64) == (128, 4, 4)
    assert [m.training for m in body.modules()] == before
    assert all(torch.equal(s, b.running_mean) for s, b in zip(stats, [b for b in body.modules() if isinstance(b, torch.nn.BatchNorm2d)]))


def test_body_out_non_square_and_errors():
    body = small_body()
    assert body_out(body, (64, 96)) == (128, 4, 6) and body_out(body, (96, 64)) == (128, 6, 4)
    with pytest.raises(TypeError, match='body_out: body'): body_out(None, 64)
    with pytest.raises(ValueError, match='make_model: n_classes'): make_model(small_body(), 'both', 64)
    with pytest.raises(ValueError, match="detn_loss: input"): detn_loss(torch.randn(3, 4), torch.randn(3, 4), torch.zeros(3, dtype=torch.long))


def test_partial_loss_is_detn_loss_with_its_weight():
    p, bb, c = torch.randn(5, 10), torch.rand(5, 4) * 30, torch.randint(0, 6, (5,))
    f = partial(detn_loss, w=cls_weight(64))
    assert torch.equal(f(p, bb, c), detn_loss(p, bb, c, w=cls_weight(64)))
    assert not torch.equal(f(p, bb, c), detn_loss(p, bb, c, w=1.))
