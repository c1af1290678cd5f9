"""Property tests for course_dl.metrics (lesson nbs/13_metrics.ipynb): every metric against its scikit-learn twin.

Scores are drawn from a small set of values as often as from floats, so that ties (the hard case for ROC curves,
argmax and thresholds) are common; shapes, batch sizes and class counts are random and rarely square.
"""
import warnings
import numpy as np, torch, pytest
import sklearn.metrics as skm
from hypothesis import given, settings, assume, strategies as st
from hypothesis.extra.numpy import arrays
from course_dl.metrics import (error_rate, class_error_rates, balanced_error_rate, confusion_matrix, tpr_fpr,
                               roc_curve, roc_auc, accuracy_thresh, fbeta, seg_accuracy, mean_seg_accuracy, acc_camvid)
from course_dl.learner import error_rate as learner_error_rate

SET = settings(deadline=None, max_examples=40, derandomize=True)

def values(tied):
    "Floats in [-4, 4], or (tied) a few quarter-steps, so that equal scores are common."
    return st.sampled_from([-1., -0.25, 0., 0.25, 0.5, 1.]) if tied else st.floats(-4, 4, width=32)

@st.composite
def classif(draw, min_n=1):
    "(class scores (N, C), class ids (N,)) with N in 1..60 and C in 2..8."
    n, c, tied = draw(st.integers(min_n, 60)), draw(st.integers(2, 8)), draw(st.booleans())
    inp = draw(arrays(np.float32, (n, c), elements=values(tied)))
    targ = draw(arrays(np.int64, n, elements=st.integers(0, c - 1)))
    return torch.from_numpy(inp), torch.from_numpy(targ)

@st.composite
def two_class(draw):
    "(scores (N,), targ (N,) in {0, 1}) with both classes present."
    n, tied = draw(st.integers(2, 80)), draw(st.booleans())
    s = draw(arrays(np.float64, n, elements=values(tied)))
    y = draw(arrays(np.int64, n, elements=st.integers(0, 1)))
    assume(0 < y.sum() < n)
    return torch.from_numpy(s), torch.from_numpy(y)

@st.composite
def multilabel(draw):
    "(logits (N, C), multi-hot targets (N, C)) with N in 1..40, C in 2..10 (scikit-learn needs 2+ labels)."
    n, c, tied = draw(st.integers(1, 40)), draw(st.integers(2, 10)), draw(st.booleans())
    inp = draw(arrays(np.float32, (n, c), elements=values(tied)))
    targ = draw(arrays(np.int64, (n, c), elements=st.integers(0, 1)))
    return torch.from_numpy(inp), torch.from_numpy(targ)

@st.composite
def label_maps(draw):
    "(pred, targ) label maps of one random shape (rank 1 to 4), classes 0..k-1."
    shape = tuple(draw(st.lists(st.integers(1, 7), min_size=1, max_size=4)))
    k = draw(st.integers(1, 6))
    a = draw(arrays(np.int64, shape, elements=st.integers(0, k - 1)))
    b = draw(arrays(np.int64, shape, elements=st.integers(0, k - 1)))
    return torch.from_numpy(a), torch.from_numpy(b)

def close(a, b, eps=1e-6): assert abs(float(a) - float(b)) <= eps, (float(a), float(b))

# ---- class ids ------------------------------------------------------------------------------------------------------
@SET
@given(classif())
def test_error_rate(d):
    inp, targ = d
    e = error_rate(inp, targ)
    assert e.shape == () and e.is_floating_point()
    close(e, 1 - skm.accuracy_score(targ, inp.argmax(1)))
    close(e, learner_error_rate(inp, targ))

@SET
@given(classif())
def test_balanced_error_rate(d):
    inp, targ = d
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')   # scikit-learn warns when a predicted class is absent from targ
        close(balanced_error_rate(inp, targ), 1 - skm.balanced_accuracy_score(targ, inp.argmax(1)))
    classes, errs, counts = class_error_rates(inp, targ)
    assert torch.equal(classes, torch.unique(targ)) and counts.sum() == len(targ)
    close((errs * counts).sum() / len(targ), error_rate(inp, targ))   # the error rate weighs classes by their counts
    assert balanced_error_rate(inp, targ).shape == ()

@SET
@given(classif())
def test_confusion_matrix(d):
    inp, targ = d
    c = inp.shape[1]
    cm = confusion_matrix(inp, targ)
    assert cm.shape == (c, c)
    np.testing.assert_array_equal(cm.numpy(), skm.confusion_matrix(targ, inp.argmax(1), labels=range(c)))
    close(1 - cm.diagonal().sum() / cm.sum(), error_rate(inp, targ))

def test_balanced_error_rate_imbalanced():
    "A model that always says the big class: error rate 5%, BER 1/2 (class 0 all right, class 1 all wrong)."
    targ = torch.tensor([0] * 95 + [1] * 5)
    inp = torch.tensor([[2., 0.]]).expand(100, 2)
    close(error_rate(inp, targ), 0.05)
    close(balanced_error_rate(inp, targ), 0.5)

# ---- two classes ----------------------------------------------------------------------------------------------------
@SET
@given(two_class(), st.floats(-1.5, 1.5))
def test_tpr_fpr(d, thresh):
    s, y = d
    tpr, fpr = tpr_fpr(s, y, thresh)
    assert tpr.shape == fpr.shape == ()
    pred = (s >= thresh).numpy()
    close(tpr, skm.recall_score(y, pred, zero_division=0))
    close(fpr, 1 - skm.recall_score(y, pred, pos_label=0, zero_division=0))   # 1 - specificity
    close(tpr_fpr(s, y, float(s[0]))[0], tpr_fpr(s, y.bool(), float(s[0]))[0])  # bool targets too

@SET
@given(two_class())
def test_roc_curve(d):
    s, y = d
    fpr, tpr, thr = roc_curve(s, y)
    F, T, TH = skm.roc_curve(y, s, drop_intermediate=False)
    assert len(fpr) == len(F) == len(torch.unique(s)) + 1
    np.testing.assert_allclose(fpr.numpy(), F, atol=1e-12)
    np.testing.assert_allclose(tpr.numpy(), T, atol=1e-12)
    np.testing.assert_array_equal(thr.numpy(), TH)     # inf, then the distinct scores, decreasing
    for f, t, th in zip(fpr[1:], tpr[1:], thr[1:]):      # each point is tpr_fpr at its threshold
        got_t, got_f = tpr_fpr(s, y, float(th))
        close(got_t, t); close(got_f, f)

@SET
@given(two_class())
def test_roc_auc(d):
    s, y = d
    a = roc_auc(s, y)
    assert a.shape == ()
    close(a, skm.roc_auc_score(y, s))
    diff = s[y == 1][:, None] - s[y == 0][None, :]       # Mann-Whitney: P(positive outranks negative), ties 1/2
    close(a, ((diff > 0).double() + 0.5 * (diff == 0).double()).mean())
    close(roc_auc(-s, y), 1 - a)                          # reversing the scores mirrors the curve

@SET
@given(two_class(), st.floats(0.1, 2))
def test_roc_auc_invariant_to_monotone_maps(d, k):
    "A strictly increasing map of the scores keeps the AUC. k <= 2 keeps the map strict in float64: with k = 10,"
    " sigmoid(10 * 3.9) and sigmoid(10 * 4) both round to 1.0, a tie the scores did not have."
    s, y = d
    close(roc_auc(torch.sigmoid(k * s), y), roc_auc(s, y))

# ---- multi-label ----------------------------------------------------------------------------------------------------
@SET
@given(multilabel(), st.sampled_from([0.1, 0.2, 0.5, 0.7]))
def test_accuracy_thresh(d, thresh):
    inp, targ = d
    p = inp.sigmoid()
    close(accuracy_thresh(inp, targ, thresh), 1 - skm.hamming_loss(targ, p > thresh))
    close(accuracy_thresh(p, targ, thresh, sigmoid=False), accuracy_thresh(inp, targ, thresh))

@SET
@given(multilabel(), st.sampled_from([0.1, 0.2, 0.5, 0.7]), st.sampled_from([0.5, 1, 2, 3]))
def test_fbeta(d, thresh, beta):
    inp, targ = d
    p = inp.sigmoid()
    f = fbeta(inp, targ, thresh, beta)
    assert f.shape == ()
    close(f, skm.fbeta_score(targ, p > thresh, beta=beta, average='samples', zero_division=0))
    close(fbeta(p, targ, thresh, beta, sigmoid=False), f)

# ---- segmentation ---------------------------------------------------------------------------------------------------
@SET
@given(label_maps(), st.integers(0, 6))
def test_seg_accuracy(d, c):
    a, b = d
    v = seg_accuracy(a, b, c)
    assert v.shape == ()
    if ((a == c) | (b == c)).any(): close(v, skm.jaccard_score(b.flatten() == c, a.flatten() == c))
    else: assert v.isnan()

@SET
@given(label_maps())
def test_mean_seg_accuracy(d):
    a, b = d
    present = torch.unique(torch.cat([a.flatten(), b.flatten()])).tolist()
    close(mean_seg_accuracy(a, b), skm.jaccard_score(b.flatten(), a.flatten(), average='macro', labels=present))
    void = b.flatten()[0].item()                       # declare one code void: its target pixels drop out
    keep = b != void
    if keep.any():
        close(mean_seg_accuracy(a, b, void_code=void), mean_seg_accuracy(a[keep], b[keep]))

@st.composite
def camvid(draw):
    "(scores (N, C, H, W), targ (N, H, W) with some 255 void pixels), H and W drawn separately."
    n, c, h, w = (draw(st.integers(1, 4)), draw(st.integers(2, 6)), draw(st.integers(1, 9)), draw(st.integers(1, 9)))
    inp = draw(arrays(np.float32, (n, c, h, w), elements=values(draw(st.booleans()))))
    targ = draw(arrays(np.int64, (n, h, w), elements=st.one_of(st.integers(0, c - 1), st.just(255))))
    assume((targ != 255).any())
    return torch.from_numpy(inp), torch.from_numpy(targ)

@SET
@given(camvid())
def test_acc_camvid(d):
    inp, targ = d
    keep = (targ != 255).flatten()
    want = skm.accuracy_score(targ.flatten()[keep], inp.argmax(1).flatten()[keep])
    close(acc_camvid(inp, targ), want)
    close(acc_camvid(inp, targ[:, None]), want)

# ---- bad input ------------------------------------------------------------------------------------------------------
s2, y2 = torch.tensor([0.1, 0.9, 0.4]), torch.tensor([0, 1, 1])
BAD = [
    (lambda: error_rate(torch.randn(4, 3), torch.tensor([0, 1, 2])), 'inp has 4 samples but targ has 3'),
    (lambda: error_rate(torch.randn(0, 3), torch.tensor([], dtype=torch.long)), 'empty batch'),
    (lambda: error_rate(torch.randn(3), torch.tensor([0, 1, 2])), 'expected inp of shape (N, C)'),
    (lambda: error_rate(torch.randn(3, 3), torch.tensor([0., 1, 2])), 'integer class ids'),
    (lambda: balanced_error_rate(torch.randn(3, 2), torch.tensor([0, 1, 2])), 'scores for 2 classes'),
    (lambda: tpr_fpr(s2, torch.tensor([0, 1, 2]), 0.5), 'expected targ in {0, 1}'),
    (lambda: tpr_fpr(s2, torch.tensor([1, 1, 1]), 0.5), 'single class'),
    (lambda: roc_curve(s2, torch.tensor([0, 0, 0])), 'roc_curve: targ holds a single class'),
    (lambda: roc_auc(s2, torch.tensor([0, 0, 0])), 'roc_auc: targ holds a single class'),
    (lambda: roc_auc(s2[:2], y2), 'scores has 2 samples but targ has 3'),
    (lambda: roc_auc(torch.tensor([]), torch.tensor([])), 'empty batch'),
    (lambda: roc_auc(torch.tensor([0.1, float('nan'), 0.2]), y2), 'nan or inf'),
    (lambda: roc_auc(torch.randn(3, 2), y2), 'softmax(1)[:, 1]'),
    (lambda: accuracy_thresh(torch.randn(3, 4), torch.ones(3, 5)), 'same shape'),
    (lambda: accuracy_thresh(torch.randn(3, 4) * 3, torch.ones(3, 4), sigmoid=False), 'sigmoid=True'),
    (lambda: fbeta(torch.randn(3, 4), torch.full((3, 4), 2)), 'expected targ in {0, 1}'),
    (lambda: fbeta(torch.randn(0, 4), torch.ones(0, 4)), 'empty batch'),
    (lambda: fbeta(torch.randn(3, 4), torch.ones(3, 4), beta=0), 'beta > 0'),
    (lambda: seg_accuracy(torch.zeros(3, 4), torch.zeros(4, 3), 1), 'same shape'),
    (lambda: seg_accuracy(torch.zeros(0), torch.zeros(0), 1), 'empty'),
    (lambda: acc_camvid(torch.randn(2, 3, 4, 5), torch.zeros(2, 5, 4)), 'to match inp'),
    (lambda: acc_camvid(torch.randn(2, 3, 4, 5), torch.full((2, 4, 5), 255)), 'every pixel of targ is void'),
    (lambda: acc_camvid(torch.randn(2, 3, 4, 5), torch.full((2, 4, 5), 7)), 'is void_code right?'),
    (lambda: confusion_matrix(torch.tensor([0, 5]), torch.tensor([0, 1]), 3), '0..2'),
]
@pytest.mark.parametrize('f,msg', BAD, ids=[m for _, m in BAD])
def test_bad_input(f, msg):
    with pytest.raises(ValueError, match=None) as e: f()
    assert msg in str(e.value), str(e.value)


# ---- issue 20: the checks refuse mistakes, not valid edge values ---------------------------------------------------------
def test_valid_edge_thresholds_still_accepted():
    "Every threshold roc_curve returns (inf and 0-dim tensors) is a tpr_fpr threshold; 0 and 1 are probability thresholds."
    s, y = torch.tensor([0.1, 0.4, 0.35, 0.8, 0.4]), torch.tensor([0, 0, 1, 1, 1])
    for f, t, th in zip(*roc_curve(s, y)):
        got = tpr_fpr(s, y, th)
        close(got[0], t); close(got[1], f)
    inp, targ = torch.randn(5, 3), torch.tensor([[1, 0, 1], [0, 0, 1], [1, 1, 0], [0, 1, 0], [1, 1, 1]])
    for th in (0, 1, 0.0, 1.0, np.float32(0.2)): fbeta(inp, targ, thresh=th); accuracy_thresh(inp, targ, thresh=th)
    close(fbeta(inp, targ, thresh=np.float32(0.2)), fbeta(inp, targ))
    # whole-number floats are class ids: accepted, as before
    assert (confusion_matrix(torch.tensor([0., 2, 1]), torch.tensor([0, 2, 1])) == torch.eye(3, dtype=torch.long)).all()
