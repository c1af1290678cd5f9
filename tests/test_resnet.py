"Tests for course_dl.resnet: block shapes, the identity and dense properties, a hand-written forward, the data block."
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn
from hypothesis import assume, given, settings, strategies as st

from course_dl.resnet import (conv_layer, conv2, MergeLayer, SequentialEx, res_block, conv_and_res, grid_range,
                              plain_cnn, resnet_cnn, dense_cnn, block_table, degradation_net, RandomSplitter,
                              label_from_array, RandPadCrop, BatchLoader, Normalize, mnist_dls, ToRGB, Monster,
                              monster_splitter, FreezeFirstHalf, filter_normalized_direction, loss_along)

SETTINGS = dict(max_examples=15, deadline=None, derandomize=True)
torch.set_num_threads(1)


def _randomize_bn(net):
    "Random running statistics and affine parameters, so BatchNorm is not the identity in eval mode."
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.normal_(); m.running_var.uniform_(0.5, 2)
                m.weight.uniform_(0.5, 1.5); m.bias.normal_()
    return net.eval()


@settings(**SETTINGS)
@given(ni=st.integers(1, 5), nf=st.integers(1, 6), h=st.integers(1, 13), w=st.integers(1, 13),
       ks=st.sampled_from([1, 3, 5]), stride=st.sampled_from([1, 2]))
def test_conv_layer_shapes(ni, nf, h, w, ks, stride):
    cl = conv_layer(ni, nf, ks, stride)
    assert [type(m) for m in cl] == [nn.Conv2d, nn.ReLU, nn.BatchNorm2d] and cl[0].bias is None
    out = cl.eval()(torch.randn(2, ni, h, w))
    assert out.shape == (2, nf, -(-h // stride), -(-w // stride))   # padding ks//2: stride 2 rounds up


@settings(**SETTINGS)
@given(nf=st.integers(1, 6), h=st.integers(1, 11), w=st.integers(1, 11), seed=st.integers(0, 999))
def test_res_block_identity_and_dense(nf, h, w, seed):
    torch.manual_seed(seed)
    x = torch.randn(3, nf, h, w)
    rb, db = res_block(nf).eval(), res_block(nf, dense=True).eval()
    with torch.no_grad():
        assert rb(x).shape == x.shape and db(x).shape == (3, 2 * nf, h, w)
        assert torch.equal(db(x)[:, nf:], x)                      # the dense block's second half is its input
        for m in rb.modules():
            if isinstance(m, nn.Conv2d): m.weight.zero_()
        assert torch.equal(rb(x), x)                              # zero convolutions: the identity


def _by_hand(blk, x):
    "x + bn(relu(conv(bn(relu(conv(x)))))) from the module's weights, eval-mode BatchNorm."
    h = x
    for cl in blk.layers[:2]:
        c, bn = cl[0], cl[2]
        h = F.conv2d(h, c.weight, padding=c.padding)
        h = (F.relu(h) - bn.running_mean[:, None, None]) / torch.sqrt(bn.running_var[:, None, None] + bn.eps)
        h = h * bn.weight[:, None, None] + bn.bias[:, None, None]
    return h + x


@settings(**SETTINGS)
@given(nf=st.integers(1, 5), h=st.integers(2, 9), w=st.integers(2, 9), seed=st.integers(0, 999))
def test_res_block_forward_by_hand(nf, h, w, seed):
    torch.manual_seed(seed)
    blk, x = _randomize_bn(res_block(nf)), torch.randn(2, nf, h, w)
    with torch.no_grad(): torch.testing.assert_close(blk(x), _by_hand(blk, x), rtol=1e-4, atol=1e-5)


def test_sequential_ex_orig_and_merge_errors():
    seen = []
    class Peek(nn.Module):
        def forward(self, x): seen.append(x.orig); return x * 2
    x = torch.randn(1, 2, 3, 5)
    out = SequentialEx(Peek(), Peek(), MergeLayer())(x)
    assert all(o is x for o in seen)                              # every layer sees the block's input
    torch.testing.assert_close(out, 4 * x + x)
    torch.testing.assert_close(SequentialEx(Peek(), MergeLayer(dense=True))(x), torch.cat([2 * x, x], dim=1))
    assert getattr(x, 'orig', None) is None                       # no reference left behind
    with pytest.raises(ValueError, match="only SequentialEx sets"): MergeLayer()(x)
    with pytest.raises(ValueError, match="same shape"): SequentialEx(nn.Conv2d(2, 3, 1), MergeLayer())(x)


@pytest.mark.parametrize("ni,nf,h,w", [(1, 8, 28, 28), (3, 4, 9, 14), (5, 2, 7, 4)])
def test_conv_and_res_shapes(ni, nf, h, w):
    out = conv_and_res(ni, nf).eval()(torch.randn(2, ni, h, w))
    assert out.shape == (2, nf, -(-h // 2), -(-w // 2))


def test_models_blocks_and_grid():
    x = torch.randn(2, 1, 28, 28)
    for make in (plain_cnn, resnet_cnn, dense_cnn):
        m = make().eval()
        assert m(x).shape == (2, 10)
        rows = block_table(m, (1, 28, 28))
        assert sum(r['params'] for r in rows) == sum(p.numel() for p in m.parameters())
        grids = [r['output'].split('×')[1:] for r in rows if r['type'] == 'ConvLayer']
        assert [g[0] for g in grids] == [g[1] for g in grids]
    assert [r['output'] for r in block_table(resnet_cnn(), (1, 28, 28))][:5] == \
        ['8×14×14', '16×7×7', '32×4×4', '16×2×2', '10×1×1']
    dense = [r['output'] for r in block_table(dense_cnn(), (1, 28, 28)) if r['type'] == 'SequentialEx']
    assert dense == ['16×14×14', '32×7×7', '32×4×4']
    assert plain_cnn().eval()(torch.randn(1, 1, 17, 32)).shape == (1, 10)   # non-square, both extremes


@pytest.mark.parametrize("n", [1, 2, 3, 5, 6])
def test_grid_range_by_brute_force(n):
    "The sizes whose grid halves (rounding up) to 1x1 exactly at the n-th halving, found by trying them all."
    def halvings_to_one(s):
        k = 0
        while s > 1: s, k = -(-s // 2), k + 1
        return k
    ok = [s for s in range(1, 200) if halvings_to_one(s) == n]
    assert grid_range(n) == (min(ok), max(ok))


def test_bad_input_errors():
    with pytest.raises(ValueError) as e: res_block(8)(torch.randn(2, 16, 7, 7))
    assert "8" in str(e.value) and "16" in str(e.value)
    with pytest.raises(ValueError, match="smallest size is 17x17"): resnet_cnn()(torch.randn(2, 1, 16, 28))
    with pytest.raises(ValueError, match="smallest size is 17x17"): plain_cnn()(torch.randn(2, 1, 28, 9))
    with pytest.raises(ValueError, match="largest size is 32x32"): plain_cnn()(torch.randn(2, 1, 40, 28))
    with pytest.raises(ValueError, match="expects 1 input channels, got 3"): plain_cnn()(torch.randn(2, 3, 28, 28))
    with pytest.raises(ValueError, match="odd kernel"): conv_layer(3, 4, ks=2)
    with pytest.raises(ValueError, match="smallest size is 7x7"): Monster()(torch.randn(1, 3, 6, 30))
    with pytest.raises(ValueError, match="kind must be one of"): degradation_net('deep')


@settings(**SETTINGS)
@given(n=st.integers(20, 3000), pct=st.floats(0.05, 0.5), seed=st.integers(0, 10**6))
def test_split_disjoint_deterministic(n, pct, seed):
    tr, va = RandomSplitter(pct, seed)(range(n))
    assert len(np.intersect1d(tr, va)) == 0
    assert np.array_equal(np.union1d(tr, va), np.arange(n))
    assert len(va) == round(n * pct)
    tr2, va2 = RandomSplitter(pct, seed)(range(n))
    assert np.array_equal(tr, tr2) and np.array_equal(va, va2)


def test_split_errors_and_seed_matters():
    assert not np.array_equal(RandomSplitter(0.2, 0)(range(100))[1], RandomSplitter(0.2, 1)(range(100))[1])
    with pytest.raises(ValueError, match="valid_pct"): RandomSplitter(1.2)
    with pytest.raises(ValueError, match="both need at least one"): RandomSplitter(0.1)(range(3))
    with pytest.raises(ValueError, match="labels"): label_from_array(torch.zeros(3, 1, 2, 2), [0], torch.zeros(2))


@settings(**SETTINGS)
@given(p=st.integers(0, 4), h=st.integers(3, 12), w=st.integers(3, 12), seed=st.integers(0, 999))
def test_rand_pad_crop_is_a_shift(p, h, w, seed):
    "Each crop equals the image shifted by (dy, dx) in [-p, p], with zeros coming in."
    assume(p < min(h, w))                                          # else a whole image can shift out of view
    torch.manual_seed(seed)
    x = torch.rand(4, 2, h, w) + 0.1                               # no zeros inside, so the shift is unique
    out = RandPadCrop(p)(x)
    assert out.shape == x.shape
    for xi, oi in zip(x, out):
        hits = []
        for dy in range(-p, p + 1):
            for dx in range(-p, p + 1):
                s = torch.zeros_like(xi)
                s[:, max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \
                    xi[:, max(-dy, 0):h - max(dy, 0), max(-dx, 0):w - max(dx, 0)]
                if torch.equal(s, oi): hits.append((dy, dx))
        assert len(hits) == 1


def test_mnist_dls_valid_unchanged_and_deterministic():
    dls = mnist_dls(bs=100)
    assert (len(dls.train.ll.x), len(dls.valid.ll.x)) == (4000, 1000)
    m, s = dls.train.ll.x.mean().item(), dls.train.ll.x.std().item()   # the training set's statistics
    xs = torch.cat([xb for xb, _ in dls.valid]); ys = torch.cat([yb for _, yb in dls.valid])
    torch.testing.assert_close(xs, (dls.valid.ll.x - m) / s)           # no transform but the normalization
    assert torch.equal(ys, dls.valid.ll.y)
    xs2 = torch.cat([xb for xb, _ in dls.valid])
    assert torch.equal(xs, xs2)                                         # and the same every epoch
    again = mnist_dls(bs=100)
    assert torch.equal(again.valid.ll.y, dls.valid.ll.y)               # the same split
    torch.manual_seed(0); b1 = next(iter(mnist_dls(bs=100).train))
    torch.manual_seed(0); b2 = next(iter(mnist_dls(bs=100).train))
    assert torch.equal(b1[0], b2[0]) and torch.equal(b1[1], b2[1])     # seeded shuffling and augmentation


def test_batch_loader_covers_each_item_once():
    x, y = torch.arange(23.).view(23, 1, 1, 1), torch.arange(23)
    ll = label_from_array(x, np.arange(23), y)
    dl = BatchLoader(ll, bs=5, shuffle=True, tfms=[Normalize(1., 2.)], seed=3)
    assert len(dl) == 5
    xs, ys = zip(*dl)
    assert sorted(torch.cat(ys).tolist()) == list(range(23))
    torch.testing.assert_close(torch.cat(xs).flatten(), (torch.cat(ys).float() - 1) / 2)


def test_filter_normalized_direction():
    torch.manual_seed(0)
    m = degradation_net('residual', depth=2)
    d = filter_normalized_direction(m, seed=4)
    for k, p in m.named_parameters():
        if p.ndim <= 1: assert (d[k] == 0).all()
        else: torch.testing.assert_close(d[k].flatten(1).norm(dim=1), p.detach().flatten(1).norm(dim=1))
    x, y = torch.randn(6, 1, 28, 28), torch.randint(0, 10, (6,))
    before = {k: p.clone() for k, p in m.state_dict().items()}
    ls = loss_along(m, d, x, y, [0., 0.5])
    m.eval()
    with torch.no_grad(): torch.testing.assert_close(ls[0], F.cross_entropy(m(x), y).item())
    assert all(torch.equal(before[k], v) for k, v in m.state_dict().items())   # the model is untouched


def test_monster_and_freezing():
    from course_dl.learner import Learner, DataLoaders, Callback
    torch.manual_seed(0)
    x = ToRGB(32)(torch.rand(24, 1, 28, 28))
    assert x.shape == (24, 3, 32, 32)
    mon = Monster()
    assert mon(x[:2]).shape == (2, 10)
    ll = label_from_array(x, np.arange(24), torch.randint(0, 10, (24,)))
    dls = DataLoaders(BatchLoader(ll, bs=8, shuffle=True), BatchLoader(ll, bs=8))
    w = []
    class Snap(Callback):
        def before_epoch(self): w.append(self.learn.model.features[0].weight.detach().clone())
    learn = Learner(mon, dls, F.cross_entropy, splitter=monster_splitter, progress=False, device='cpu')
    learn.fit(4, 1e-2, cbs=[FreezeFirstHalf(0.5), Snap()])
    assert torch.equal(w[0], w[1]) and torch.equal(w[1], w[2])        # frozen for epochs 0 and 1
    assert not torch.equal(w[2], mon.features[0].weight)               # trained in epochs 2 and 3
    assert all(p.requires_grad for p in mon.parameters())


def test_checks_keep_valid_calls():
    "issue 20: numpy numbers, tensor and empty index lists, and float batches pass the new checks unchanged."
    n = Normalize(np.float64(0.25), np.float32(0.5))
    x = torch.rand(2, 1, 4, 6)
    torch.testing.assert_close(n(x), (x - 0.25) / 0.5)
    xs, ys = torch.rand(5, 1, 4, 6), torch.arange(5)
    ll = label_from_array(xs, torch.tensor([4, 0]), ys)
    assert ll.y.tolist() == [4, 0]
    assert len(label_from_array(xs, np.array([], dtype=np.int64), ys).x) == 0
    assert len(list(BatchLoader(ll, bs=1))) == 2
