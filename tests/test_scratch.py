"Property tests for course_dl.scratch: hand-written gradients equal autograd's on random shapes (float64)."
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings, strategies as st

from course_dl.scratch import (CrossEntropy, Lin, Model, Mse, Relu, check_grads, cross_entropy, fit_relu_1d, hinge_layer,
                               init_params, lin, lin_grad, log_softmax, logsumexp, mlp, mse, mse_grad, random_shift,
                               relu, relu_grad, torch_mlp)

TOL = 1e-6
small = st.integers(min_value=1, max_value=9)
seeds = st.integers(0, 2**31 - 1)
fast = settings(deadline=None, max_examples=25, derandomize=True)


def rnd(g, *shape): return torch.randn(*shape, generator=g, dtype=torch.float64)


@fast
@given(n=small, n_in=small, n_out=small, seed=seeds)
def test_lin_grad(n, n_in, n_out, seed):
    g = torch.Generator().manual_seed(seed)
    x, w, b, up = rnd(g, n, n_in), rnd(g, n_in, n_out), rnd(g, n_out), rnd(g, n, n_out)
    def ours(x, w, b):
        out = lin(x, w, b); out.g = up; lin_grad(x, out, w, b)
    def ours_module(x, w, b):
        l = Lin(w, b); l(x).g = up; l.backward()
    ref = lambda x, w, b: (F.linear(x, w.T, b) * up).sum()
    assert max(check_grads(ours, ref, x, w, b)) <= TOL and max(check_grads(ours_module, ref, x, w, b)) <= TOL


@fast
@given(n=small, k=small, seed=seeds)
def test_relu_and_Relu_grad(n, k, seed):
    g = torch.Generator().manual_seed(seed)
    h, up = rnd(g, n, k), rnd(g, n, k)
    def ours(h):
        out = relu(h); out.g = up; relu_grad(h, out)
    def ours_module(h):
        r = Relu(); r(h).g = up; r.backward()
    ref = lambda h: (F.relu(h) * up).sum()
    assert check_grads(ours, ref, h)[0] <= TOL and check_grads(ours_module, ref, h)[0] <= TOL


@fast
@given(n=small, seed=seeds)
def test_mse_grad(n, seed):
    g = torch.Generator().manual_seed(seed)
    o, y = rnd(g, n, 1), rnd(g, n)
    assert check_grads(lambda o: mse_grad(o, y), lambda o: F.mse_loss(o[:, 0], y), o)[0] <= TOL


@fast
@given(n=small, c=st.integers(2, 12), scale=st.sampled_from([0.1, 1., 30.]), seed=seeds)
def test_cross_entropy_and_grad(n, c, scale, seed):
    g = torch.Generator().manual_seed(seed)
    z, y = rnd(g, n, c) * scale, torch.randint(0, c, (n,), generator=g)
    torch.testing.assert_close(cross_entropy(z, y), F.cross_entropy(z, y))
    torch.testing.assert_close(log_softmax(z), F.log_softmax(z, -1))
    def ours(z):
        l = CrossEntropy(); l(z, y); l.backward()
    assert check_grads(ours, lambda z: F.cross_entropy(z, y), z)[0] <= TOL


@fast
@given(n=small, nh=small, seed=seeds)
def test_model_and_seqmodel_equal_autograd(n, nh, seed):
    g = torch.Generator().manual_seed(seed)
    x, y = rnd(g, n, 7), rnd(g, n)
    ps = [p.double() for p in init_params(7, nh, 1, seed=seed % 1000)]
    ps = [p + 0.1 * rnd(g, *p.shape) for p in ps]                        # non-zero biases too
    def ref(x, w1, b1, w2, b2): return F.mse_loss(F.linear(F.relu(F.linear(x, w1.T, b1)), w2.T, b2)[:, 0], y)
    def ours_model(x, *ps):
        m = Model(*ps); m(x, y); m.backward()
    def ours_seq(x, *ps):
        m = mlp(*ps, Mse()); m(x, y); m.backward()
    assert max(check_grads(ours_model, ref, x, *ps)) <= TOL
    assert max(check_grads(ours_seq, ref, x, *ps)) <= TOL


@fast
@given(n=small, nh=small, c=st.integers(2, 6), seed=seeds)
def test_torch_mlp_matches_lin_relu_lin(n, nh, c, seed):
    g = torch.Generator().manual_seed(seed)
    x = rnd(g, n, 5)
    ps = [rnd(g, 5, nh), rnd(g, nh), rnd(g, nh, c), rnd(g, c)]
    torch.testing.assert_close(torch_mlp(*ps)(x), lin(relu(lin(x, ps[0], ps[1])), ps[2], ps[3]))


def test_logsumexp_does_not_overflow():
    x = torch.tensor([[1e4, 1e4, -1e4]], dtype=torch.float32)
    torch.testing.assert_close(logsumexp(x), torch.logsumexp(x, -1))
    assert torch.isfinite(logsumexp(x)).all()


def test_bad_shapes_and_labels_raise():
    with pytest.raises(ValueError, match=r"got \(4,\) and \(4,\)"): mse(torch.zeros(4), torch.zeros(4))
    with pytest.raises(ValueError, match=r"got \(4, 3\) and \(5,\)"): cross_entropy(torch.zeros(4, 3), torch.zeros(5).long())
    with pytest.raises(ValueError, match="class labels must be in 0..2"): cross_entropy(torch.zeros(2, 3), torch.tensor([0, 3]))
    with pytest.raises(ValueError, match="integer class labels"): cross_entropy(torch.zeros(2, 3), torch.zeros(2))
    with pytest.raises(ValueError, match=r"got \(2, 5\)"): random_shift(torch.zeros(2, 5))


@fast
@given(side=st.integers(2, 8), s=st.integers(0, 3), seed=seeds)
def test_random_shift_moves_pixels(side, s, seed):
    g = torch.Generator().manual_seed(seed)
    img = torch.zeros(1, side, side)
    img[0, side // 2, side // 2] = 1.
    out = random_shift(img.view(1, -1), s, fill=0., generator=g).view(side, side)
    if out.sum() == 1:                                            # the pixel stayed inside the image
        (r, c), = out.nonzero().tolist()
        assert abs(r - side // 2) <= s and abs(c - side // 2) <= s
    else:
        assert out.sum() == 0 and s > 0


@fast
@given(width=st.integers(1, 20), seed=seeds)
def test_fit_relu_1d_recovers_a_net_on_its_hinges(width, seed):
    g = torch.Generator().manual_seed(seed)
    w1, b1 = hinge_layer(width)
    v, c = rnd(g, width, 1), rnd(g, 1)
    f = lambda x: lin(relu(lin(x, w1, b1)), v, c)
    x = torch.linspace(-3, 3, 501, dtype=torch.float64)[:, None]
    torch.testing.assert_close(Model(*fit_relu_1d(f, width)).forward(x), f(x), rtol=1e-8, atol=1e-8)
