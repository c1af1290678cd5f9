"Tests for course_dl.rnn: human numbers, the LM loader, the cells against PyTorch's, and reset()."
import re
import pytest
import torch
import torch.nn.functional as F
from torch import nn
from hypothesis import given, settings, strategies as st
from course_dl.learner import Learner, DataLoaders
from course_dl.rnn import (num2words, number_tokens, human_numbers, Vocab, LMDataLoader, lm_loss, Model0, Model1,
                           Model2, Model3, Model4, Model5, ModelResetter, rnn_cell, gru_cell, unroll, run_rnn,
                           ends_dataset, NumberClassifier)

SETTINGS = dict(deadline=None, max_examples=40, derandomize=True)
_UNITS = {w: i + 1 for i, w in enumerate('one two three four five six seven eight nine ten eleven twelve thirteen '
                                          'fourteen fifteen sixteen seventeen eighteen nineteen'.split())}
_TENS = {w: 10 * (i + 2) for i, w in enumerate('twenty thirty forty fifty sixty seventy eighty ninety'.split())}


def words2num(s: str) -> int:
    "An independent parser of the dataset's number words (a left-to-right accumulator)."
    total, cur = 0, 0
    for w in s.split():
        if w in _UNITS: cur += _UNITS[w]
        elif w in _TENS: cur += _TENS[w]
        elif w == 'hundred': cur *= 100
        elif w == 'thousand': total, cur = total + cur * 1000, 0
        else: raise ValueError(f"not a number word: {w!r}")
    return total + cur


def test_num2words_round_trip_all():
    vocab = set()
    for n in range(1, 10000):
        s = num2words(n)
        assert words2num(s) == n, (n, s)
        assert '-' not in s and ' and ' not in f' {s} ' and s == s.strip()
        vocab |= set(s.split())
    assert len(vocab) == 29


def test_num2words_examples_and_errors():
    assert num2words(8001) == 'eight thousand one'
    assert num2words(1999) == 'one thousand nine hundred ninety nine'
    assert num2words(115) == 'one hundred fifteen'
    for bad in (0, -3, 10000, 3.0, True):
        with pytest.raises(ValueError, match=re.escape(repr(bad))): num2words(bad)


def test_token_counts():
    trn, val = human_numbers()
    assert (len(trn), len(val)) == (50082, 13017)
    assert trn[0] == val[0] == 'xxbos' and trn.count('xxbos') == val.count('xxbos') == 1
    assert trn.count(',') == 7999 and val.count(',') == 1998
    assert len(set(trn) | set(val)) == 31
    assert ' '.join(val[1:6]) == 'eight thousand one , eight' and ' '.join(trn[-3:]) == ', eight thousand'
    # the stream, split at commas, is the numbers themselves
    assert [words2num(s) for s in ' '.join(val[1:]).split(' , ')] == list(range(8001, 10000))


def test_vocab():
    trn, val = human_numbers()
    v = Vocab(trn)
    assert v.itos[:3] == ['xxunk', 'xxpad', 'xxbos'] and len(v) == 33
    assert all(v.stoi[t] == i for i, t in enumerate(v.itos))
    assert v.textify(v.numericalize(val)) == ' '.join(val)
    assert v.numericalize(['zillion', 'one']).tolist() == [0, v.stoi['one']] and 'zillion' not in v.stoi
    with pytest.raises(ValueError, match='xxunk'): Vocab(trn, specials=('xxpad',))


@settings(**SETTINGS)
@given(n=st.integers(2, 1500), bs=st.integers(1, 17), bptt=st.integers(1, 13))
def test_lm_loader_layout(n, bs, bptt):
    stream = torch.arange(n) * 3 + 5            # ids that say where they came from
    if n - 1 < bs * bptt:
        with pytest.raises(ValueError, match='cannot fill one'): LMDataLoader(stream, bs, bptt)
        return
    dl = LMDataLoader(stream, bs, bptt)
    batches = list(dl)
    assert len(batches) == len(dl) >= 1
    for x, y in batches:
        assert x.shape == y.shape == (bs, bptt)  # every batch the same shape
        assert torch.equal(y, x + 3)             # y is x shifted by one token
    for (_, y0), (x1, _) in zip(batches, batches[1:]): assert torch.equal(x1[:, 0], y0[:, -1])  # rows continue
    pos = (torch.cat([x.flatten() for x, _ in batches]) - 5) // 3
    assert len(pos.unique()) == len(pos)                 # each position read once per epoch
    assert len(pos) + dl.n_dropped == n - 1 and 0 <= dl.n_dropped < bs * bptt + bs
    assert list(dl) and all(torch.equal(a[0], b[0]) for a, b in zip(dl, batches))  # a second epoch is the same


def test_lm_loader_errors():
    with pytest.raises(TypeError, match='integer token ids'): LMDataLoader(torch.rand(50), 2, 3)
    with pytest.raises(TypeError, match='integer token ids'): LMDataLoader(torch.zeros(5, 5, dtype=torch.long), 2, 2)
    with pytest.raises(ValueError, match='bptt must be'): LMDataLoader(torch.arange(50), 2, 0)


@settings(**SETTINGS)
@given(bs=st.integers(1, 6), ni=st.integers(1, 9), nh=st.integers(1, 7), seed=st.integers(0, 2**16))
def test_cells_equal_pytorch(bs, ni, nh, seed):
    torch.manual_seed(seed)
    x, h = torch.randn(bs, ni), torch.randn(bs, nh)
    for mine, Cell in ((rnn_cell, nn.RNNCell), (gru_cell, nn.GRUCell)):
        c = Cell(ni, nh)
        with torch.no_grad():
            got = mine(x, h, c.weight_ih, c.weight_hh, c.bias_ih, c.bias_hh)
            assert got.shape == (bs, nh)
            torch.testing.assert_close(got, c(x, h), atol=1e-6, rtol=0)


def test_cell_shape_errors():
    c = nn.GRUCell(5, 3)
    with pytest.raises(ValueError, match='expected w_ih'):
        gru_cell(torch.randn(2, 5), torch.randn(2, 3), c.weight_hh, c.weight_hh, c.bias_ih, c.bias_hh)
    with pytest.raises(ValueError, match='expected w_ih'):  # GRU weights in an RNN cell: 3x too many rows
        rnn_cell(torch.randn(2, 5), torch.randn(2, 3), c.weight_ih, c.weight_hh, c.bias_ih, c.bias_hh)


@settings(**SETTINGS)
@given(bs=st.integers(1, 5), seq=st.integers(1, 8), ni=st.integers(1, 6), nh=st.integers(1, 6),
       nl=st.integers(1, 3), gru=st.booleans(), seed=st.integers(0, 2**16))
def test_unrolled_equal_pytorch(bs, seq, ni, nh, nl, gru, seed):
    torch.manual_seed(seed)
    rnn = (nn.GRU if gru else nn.RNN)(ni, nh, nl, batch_first=True)
    x, h0 = torch.randn(bs, seq, ni), torch.randn(nl, bs, nh)
    with torch.no_grad():
        out, hn = run_rnn(rnn, x, h0)
        out_pt, hn_pt = rnn(x, h0)
        torch.testing.assert_close(out, out_pt, atol=1e-6, rtol=0)
        torch.testing.assert_close(hn, hn_pt, atol=1e-6, rtol=0)
        if nl == 1:  # one layer is exactly `unroll` of the cell
            w = (rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0, rnn.bias_hh_l0)
            o1, h1 = unroll(gru_cell if gru else rnn_cell, x, h0[0], *w)
            torch.testing.assert_close(o1, out_pt, atol=1e-6, rtol=0)


def _small_dls(bs=8, bptt=5):
    v = Vocab(number_tokens(1, 400))
    ids = lambda lo, hi: v.numericalize(number_tokens(lo, hi))
    return DataLoaders(LMDataLoader(ids(1, 300), bs, bptt), LMDataLoader(ids(301, 400), bs, bptt)), len(v)


def test_model_shapes_and_model1_is_model0():
    torch.manual_seed(0)
    x = torch.randint(0, 33, (6, 3))
    m0, m1 = Model0(33, 10), Model1(33, 10)
    m1.load_state_dict(m0.state_dict()); m0.eval(); m1.eval()
    torch.testing.assert_close(m1(x), m0(x), atol=1e-6, rtol=0)
    assert m0(x).shape == (6, 33)
    x = torch.randint(0, 33, (6, 7))
    for M in (Model2, Model3, Model4, Model5): assert M(33, 10)(x).shape == (6, 7, 33)


@pytest.mark.parametrize('M', [Model3, Model4, Model5])
def test_reset_really_resets(M):
    torch.manual_seed(0)
    dls, nv = _small_dls()
    learn = Learner(M(nv, 16), dls, lm_loss, cbs=[ModelResetter()], progress=False)
    learn.fit(1, 1e-2)
    p1, t1 = learn.get_preds(); p2, _ = learn.get_preds()
    # the fit's validation (after training) and get_preds both start from zeros: the same loss
    torch.testing.assert_close(float(lm_loss(p1, t1)), learn.recorder.valid_losses[-1], atol=1e-5, rtol=0)
    assert torch.equal(p1, p2)                  # two validations in a row: the same
    learn.remove_cbs([cb for cb in learn.cbs if isinstance(cb, ModelResetter)])
    p3, _ = learn.get_preds()
    assert not torch.equal(p3, p1)              # without reset the state left by the last validation leaks in
    learn.model.reset()
    p5, _ = learn.get_preds()
    assert torch.equal(p5, p1)                  # reset() by hand: back to the first


def test_kept_state_shape_error_and_resetter_check():
    m = Model5(33, 8)
    m(torch.zeros(4, 5, dtype=torch.long))
    with pytest.raises(RuntimeError, match='same shape'): m(torch.zeros(3, 5, dtype=torch.long))
    m.reset(); m(torch.zeros(3, 5, dtype=torch.long))
    dls, nv = _small_dls()
    with pytest.raises(TypeError, match='reset'):
        Learner(Model2(nv, 8), dls, lm_loss, cbs=[ModelResetter()], progress=False).fit(1)


def test_ends_dataset_and_classifier_ignores_padding():
    v = Vocab(number_tokens(1, 8000))
    numbers = list(range(2, 400, 7)) + list(range(8001, 8100, 3))
    ds = ends_dataset(numbers, v, seed=3)
    pad = v.stoi['xxpad']
    for (x, y), n in zip(ds, numbers):
        text = v.textify(x[x != pad])
        prev, cut = text.split(' , ')
        assert words2num(prev) == n - 1 and num2words(n).startswith(cut)
        assert bool(y) == (cut == num2words(n))
    torch.manual_seed(0)
    clf = NumberClassifier(len(v), 2, pad).eval()
    x = ds.tensors[0]
    noisy = torch.where(x == pad, torch.randint(3, len(v), x.shape), x)  # other tokens after the end
    last = (x != pad).sum(1) - 1
    # the GRU reads left to right: whatever follows the last word cannot change the state read there
    out, _ = clf.rnn(clf.i_h(noisy))
    torch.testing.assert_close(clf.head(out[torch.arange(len(x)), last]), clf(x), atol=1e-6, rtol=0)
    lm = Model5(len(v), 64)
    clf.load_encoder(lm)
    assert torch.equal(clf.rnn.weight_hh_l1, lm.rnn.weight_hh_l1) and torch.equal(clf.i_h.weight, lm.i_h.weight)
