"Tests for course_dl.yolo (lesson 17): targets, the YOLO loss term by term, nms and mAP against their library twins."
import math, warnings

import numpy as np
import pytest
import torch
import torchvision
from hypothesis import given, settings, strategies as st

from course_dl.yolo import (yolo_targets, yolo_loss, yolo_loss_terms, yolo_decode, cxcywh_iou, cell_to_image, nms,
                            corner_to_xyxy, mean_ap, class_pr, average_precision, flip_grid, yolo_net, shape_detections)
from course_dl.bbox import flip_bb, corner_to_center

LAMBDAS = {'coord': ('l_coord', 5.), 'obj': ('l_obj', 1.), 'noobj': ('l_noobj', .5), 'classes': ('l_classes', 1.)}


def loss_ref(pred, target, S, B, C, lc=5., lo=1., ln=.5, lk=1.):
    "The YOLO loss as loops over images, cells and boxes, straight from the formula (floats, math.sqrt)."
    tot = 0.
    for n in range(len(pred)):
        for r in range(S):
            for c in range(S):
                p, t = pred[n, r, c].tolist(), target[n, r, c].tolist()
                def corners(x, y, w, h):
                    cx, cy, w, h = (c + x) / S, (r + y) / S, max(w, 0.), max(h, 0.)
                    return cx - w/2, cy - h/2, cx + w/2, cy + h/2
                def iou(a, b):
                    (a0, a1, a2, a3), (b0, b1, b2, b3) = corners(*a), corners(*b)
                    inter = max(0., min(a2, b2) - max(a0, b0)) * max(0., min(a3, b3) - max(a1, b1))
                    union = (a2 - a0) * (a3 - a1) + (b2 - b0) * (b3 - b1) - inter
                    return inter / union if union > 0 else 0.
                ious = [iou(p[5*j:5*j+4], t[:4]) for j in range(B)]
                best = ious.index(max(ious))
                for j in range(B):
                    x, y, w, h, conf = p[5*j:5*j+5]
                    if t[4] and j == best:
                        tot += lc * ((t[0]-x)**2 + (t[1]-y)**2 + (math.sqrt(t[2]) - math.sqrt(max(w, 0)))**2
                                     + (math.sqrt(t[3]) - math.sqrt(max(h, 0)))**2)
                        tot += lo * (ious[j] - conf)**2
                    else: tot += ln * conf**2
                if t[4]: tot += lk * sum((a - b)**2 for a, b in zip(t[5:], p[5*B:]))
    return tot / len(pred)


@st.composite
def corner_boxes(draw, n, H=48, W=80, max_side=30):
    "n integer corner boxes [t, l, b, r] inside an H x W image."
    out = []
    for _ in range(n):
        t, l = draw(st.integers(0, H-1)), draw(st.integers(0, W-1))
        out.append([t, l, min(H-1, t + draw(st.integers(0, max_side))), min(W-1, l + draw(st.integers(0, max_side)))])
    return torch.tensor(out, dtype=torch.float64).reshape(-1, 4)


@st.composite
def grid_batch(draw):
    "Random targets (non-square images) and a random prediction for them, with S, B, C."
    S, B, C, N = draw(st.integers(1, 4)), draw(st.integers(1, 3)), draw(st.integers(1, 4)), draw(st.integers(1, 3))
    boxes = [draw(corner_boxes(draw(st.integers(0, 4)))) for _ in range(N)]
    labels = [torch.tensor(draw(st.lists(st.integers(0, C-1), min_size=len(b), max_size=len(b)))) for b in boxes]
    target = yolo_targets(boxes, labels, S, C, size=(48, 80))
    g = torch.Generator().manual_seed(draw(st.integers(0, 2**16)))
    pred = torch.rand(N, S, S, 5*B + C, generator=g, dtype=torch.float64) * 1.2 - 0.1   # some w, h < 0: clamped
    return pred, target, S, B, C


@settings(max_examples=40, deadline=None, derandomize=True)
@given(grid_batch(), st.tuples(*[st.floats(0.1, 10)] * 4))
def test_loss_equals_reference(batch, lambdas):
    pred, target, S, B, C = batch
    got = yolo_loss(pred, target.double(), S, B, C, *lambdas)
    assert got.item() == pytest.approx(loss_ref(pred, target.double(), S, B, C, *lambdas), rel=1e-9, abs=1e-9)


@settings(max_examples=20, deadline=None, derandomize=True)
@given(grid_batch(), st.sampled_from(list(LAMBDAS)), st.floats(0.1, 10))
def test_each_lambda_scales_its_term_only(batch, term, k):
    pred, target, S, B, C = batch
    base = yolo_loss_terms(pred, target.double(), S, B, C)
    lam, default = LAMBDAS[term]
    new = yolo_loss_terms(pred, target.double(), S, B, C, **{lam: k * default})
    for t in base: assert new[t].item() == pytest.approx(base[t].item() * (k if t == term else 1), rel=1e-9, abs=1e-12)


@settings(max_examples=20, deadline=None, derandomize=True)
@given(grid_batch())
def test_perfect_prediction_costs_nothing(batch):
    _, target, S, B, C = batch
    N = len(target)
    boxes = torch.zeros(N, S, S, B, 5)
    boxes[..., 0, :4], boxes[..., 0, 4] = target[..., :4], target[..., 4]   # box 0 is the truth, confidence 1 = its IoU
    boxes[..., 1:, 2:4] = 0.01                                              # others: tiny, confidence 0
    pred = torch.cat([boxes.reshape(N, S, S, 5*B), target[..., 5:]], -1)
    assert yolo_loss(pred, target, S, B, C).item() == pytest.approx(0, abs=1e-6)


def test_responsible_box_is_best_iou_ties_lowest_j():
    target = yolo_targets([torch.tensor([[0., 0, 31, 31]])], [torch.tensor([0])], S=2, C=1, size=64)  # cell (0, 0)
    true = target[0, 0, 0, :4].tolist()
    far = [0.5, 0.5, 0.05, 0.05]
    # box 1 is the truth: it is responsible; box 0's confidence is then a noobj confidence
    pred = torch.zeros(1, 2, 2, 11); pred[0, 0, 0, :10] = torch.tensor(far + [0.7] + true + [0.2])
    t = yolo_loss_terms(pred, target, 2, 2, 1)
    assert t['coord'].item() == pytest.approx(0, abs=1e-6)
    assert t['obj'].item() == pytest.approx((1 - 0.2)**2)
    assert t['noobj'].item() == pytest.approx(0.5 * 0.7**2)
    # two identical boxes: the first one is responsible
    pred[0, 0, 0, :10] = torch.tensor(true + [0.3] + true + [0.6])
    t = yolo_loss_terms(pred, target, 2, 2, 1)
    assert t['obj'].item() == pytest.approx((1 - 0.3)**2) and t['noobj'].item() == pytest.approx(0.5 * 0.6**2)


def test_confidence_target_is_detached():
    target = yolo_targets([torch.tensor([[0., 0, 20, 30]])], [torch.tensor([1])], S=2, C=2, size=(48, 80))
    pred = torch.rand(1, 2, 2, 12, requires_grad=True)
    yolo_loss_terms(pred, target, 2, 2, 2)['obj'].backward()
    box_cols = [k for k in range(10) if k % 5 < 4]
    assert pred.grad[..., box_cols].abs().sum() == 0 and pred.grad[..., [4, 9]].abs().sum() > 0


@pytest.mark.parametrize('bad', [(2, 4, 4, 15), (2, 3, 4, 16), (2, 4, 4), (2, 4, 4, 17)])
def test_malformed_pred_raises_naming_s_b_c_and_shape(bad):
    target = torch.zeros(2, 4, 4, 11)
    with pytest.raises(ValueError) as e: yolo_loss(torch.zeros(bad), target, 4, 2, 6)
    assert 'S=4, B=2, C=6' in str(e.value) and str(bad) in str(e.value)
    with pytest.raises(ValueError) as e: yolo_decode(torch.zeros(bad), 4, 2, 6)
    assert 'S=4, B=2, C=6' in str(e.value) and str(bad) in str(e.value)


def test_malformed_target_raises():
    with pytest.raises(ValueError, match='yolo_targets'): yolo_loss(torch.zeros(2, 4, 4, 16), torch.zeros(2, 4, 4, 10), 4, 2, 6)


def test_targets_worked_example_non_square():
    t = yolo_targets([torch.tensor([[0., 50, 9, 69], [2, 44, 5, 47], [30, 0, 39, 9]])], [torch.tensor([2, 0, 1])], 2, 3, (40, 80))
    torch.testing.assert_close(t[0, 0, 1], torch.tensor([0.5, 0.25, 0.25, 0.25, 1, 0, 0, 1]))   # larger box wins the cell
    torch.testing.assert_close(t[0, 1, 0], torch.tensor([0.125, 0.75, 0.125, 0.25, 1, 0, 1, 0]))
    assert t[0, 1, 1].abs().sum() == 0 and t[..., 4].sum() == 2


def test_targets_bad_input():
    with pytest.raises(ValueError, match='size=\\(height, width\\)'): yolo_targets([torch.tensor([[0., 0, 9, 99]])], [torch.tensor([0])], 2, 3, 64)
    with pytest.raises(ValueError, match='labels'): yolo_targets([torch.tensor([[0., 0, 9, 9]])], [torch.tensor([5])], 2, 3)
    with pytest.raises(ValueError, match='one labels tensor per image'): yolo_targets([torch.zeros(0, 4)], [], 2, 3)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.integers(1, 6).flatmap(corner_boxes), st.integers(1, 6), st.data())
def test_targets_round_trip(boxes, S, data):
    labels = torch.tensor(data.draw(st.lists(st.integers(0, 2), min_size=len(boxes), max_size=len(boxes))))
    size = (48, 80)
    out = yolo_decode(yolo_targets([boxes], [labels], S, 3, size), S, 1, 3, size, iou_thresh=None)[0]
    cx, cy, w, h = corner_to_center(boxes).unbind(-1)
    cells = list(zip((cy / 48 * S).long().clamp(max=S-1).tolist(), (cx / 80 * S).long().clamp(max=S-1).tolist()))
    # the expected survivors: per cell, the largest box (the last of equal areas)
    win = {}
    for k in (w * h).argsort(stable=True).tolist(): win[cells[k]] = k
    exp = sorted(win.values())
    key = lambda bs, ls: sorted(zip(map(tuple, np.round(np.asarray(bs, np.float64), 2).tolist()), ls.tolist()))   # 19.999998 sorts as 20
    got, ref = key(out['boxes'], out['labels']), key(boxes[exp], labels[exp])
    assert len(got) == len(ref)
    for (gb, gl), (rb, rl) in zip(got, ref):
        assert gl == rl and np.allclose(gb, rb, atol=1e-3)


@settings(max_examples=50, deadline=None, derandomize=True)
@given(st.integers(0, 25).flatmap(lambda n: st.tuples(corner_boxes(n), st.permutations(list(range(n))))),
       st.sampled_from([0., 0.1, 0.3, 0.5, 0.7, 1.]))
def test_nms_equals_torchvision(bp, thresh):
    boxes, perm = bp
    scores = torch.tensor(perm, dtype=torch.float64) / 7          # distinct scores
    assert nms(boxes, scores, thresh).tolist() == torchvision.ops.nms(corner_to_xyxy(boxes), scores, thresh).tolist()


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.integers(0, 25).flatmap(corner_boxes), st.data())
def test_nms_equals_torchvision_with_tied_scores(boxes, data):
    scores = torch.tensor(data.draw(st.lists(st.integers(0, 3), min_size=len(boxes), max_size=len(boxes))), dtype=torch.float64)
    assert nms(boxes, scores, 0.5).tolist() == torchvision.ops.nms(corner_to_xyxy(boxes), scores, 0.5).tolist()


def tm_map(preds, targets):
    from torchmetrics.detection import MeanAveragePrecision
    m = MeanAveragePrecision(iou_thresholds=[0.5], class_metrics=True)
    m.update([{'boxes': corner_to_xyxy(p['boxes']).float(), 'scores': p['scores'].float(), 'labels': p['labels']} for p in preds],
             [{'boxes': corner_to_xyxy(t['boxes']).float(), 'labels': t['labels']} for t in targets])
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        r = m.compute()
    return r['map'].item(), dict(zip(r['classes'].reshape(-1).tolist(), r['map_per_class'].reshape(-1).tolist()))


@st.composite
def detections(draw):
    "A few images with integer true boxes and detections (many equal IoUs and scores) of 3 classes."
    preds, targets = [], []
    for _ in range(draw(st.integers(1, 5))):
        g, d = draw(corner_boxes(draw(st.integers(0, 5)), 40, 40, 12)), draw(corner_boxes(draw(st.integers(0, 8)), 40, 40, 12))
        lab = lambda n: torch.tensor(draw(st.lists(st.integers(0, 2), min_size=n, max_size=n)), dtype=torch.long)
        targets.append({'boxes': g, 'labels': lab(len(g))})
        preds.append({'boxes': d, 'labels': lab(len(d)),
                      'scores': torch.tensor(draw(st.lists(st.integers(1, 5), min_size=len(d), max_size=len(d))), dtype=torch.float64) / 5})
    return preds, targets


@settings(max_examples=40, deadline=None, derandomize=True)
@given(detections())
def test_map_equals_torchmetrics(pt):
    preds, targets = pt
    (ours, per), (theirs, tper) = mean_ap(preds, targets), tm_map(preds, targets)
    assert ours == pytest.approx(theirs, abs=1e-6)
    for c, ap in per.items(): assert ap == pytest.approx(tper[c], abs=1e-6)


def test_map_simple_cases():
    gt = [{'boxes': torch.tensor([[0., 0, 9, 9], [20, 20, 29, 29]]), 'labels': torch.tensor([0, 0])}]
    perfect = [{'boxes': gt[0]['boxes'], 'scores': torch.tensor([0.9, 0.8]), 'labels': torch.tensor([0, 0])}]
    assert mean_ap(perfect, gt)[0] == pytest.approx(1.)
    half = [{'boxes': gt[0]['boxes'][:1], 'scores': torch.tensor([0.9]), 'labels': torch.tensor([0])}]
    assert mean_ap(half, gt)[0] == pytest.approx(51 / 101)     # precision 1 up to recall 0.5: levels 0 .. 0.5
    none = [{'boxes': torch.zeros(0, 4), 'scores': torch.zeros(0), 'labels': torch.zeros(0, dtype=torch.long)}]
    assert mean_ap(none, gt)[0] == 0.
    with pytest.raises(ValueError, match='one prediction per target'): mean_ap(none * 2, gt)


def test_flip_grid_matches_flipped_boxes():
    d = shape_detections(30, 64, seed=5)
    ok = [i for i in range(30) if not ((corner_to_center(d.boxes[i])[:, 0] * 4 / 64) % 1 == 0).any()]
    bxs, lbs = [d.boxes[i] for i in ok], [d.labels[i] for i in ok]
    x, t = flip_grid(d.x[ok], yolo_targets(bxs, lbs, 4, 6, 64))
    torch.testing.assert_close(t, yolo_targets([flip_bb(b, 64) for b in bxs], lbs, 4, 6, 64), atol=1e-5, rtol=0)
    torch.testing.assert_close(x, d.x[ok].flip(-1))


def test_yolo_net_grid_shape():
    out = yolo_net(2, 6).eval()(torch.zeros(1, 3, 48, 80))
    assert out.shape == (1, 3, 5, 16)
    torch.testing.assert_close(out[..., 10:].sum(-1), torch.ones(1, 3, 5))
