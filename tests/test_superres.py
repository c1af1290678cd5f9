"Tests for course_dl.superres: crappify, PSNR and SSIM against scikit-image, the Gram matrix, the feature loss."
import cv2
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings, strategies as st
from skimage.metrics import peak_signal_noise_ratio, structural_similarity
from torch import nn
from course_dl.superres import (crappify, psnr, ssim, gram_matrix, FeatureLoss, Restorer, random_crops, upscale,
                                crappify_pairs, quality_table)

SETTINGS = dict(deadline=None, max_examples=25, derandomize=True)


def _image(seed, h=40, w=56):
    "A smooth, non-square test image (H != W, so a swap of the two shows)."
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w] / max(h, w)
    base = np.stack([np.sin(6 * xx + c) * np.cos(4 * yy - c) for c in rng.uniform(0, 3, 3)], -1)
    return ((base + 1) * 127.5).clip(0, 255).astype(np.uint8)


@settings(**SETTINGS)
@given(seed=st.integers(0, 10_000), q=st.one_of(st.none(), st.integers(5, 95)))
def test_crappify_is_deterministic(seed, q):
    im = _image(seed)
    np.testing.assert_array_equal(crappify(im, (20, 28), q, seed=seed), crappify(im, (20, 28), q, seed=seed))
    rng1, rng2 = np.random.default_rng(seed), np.random.default_rng(seed)
    np.testing.assert_array_equal(crappify(im, 24, q, rng=rng1), crappify(im, 24, q, rng=rng2))


def test_crappify_shape_and_seed_matter():
    im = _image(0)
    out = crappify(im, (20, 28), 50)
    assert out.shape == (20, 28, 3) and out.dtype == np.uint8
    assert any(not np.array_equal(crappify(im, 32, None, seed=s), crappify(im, 32, None, seed=0)) for s in range(1, 5))


@settings(**SETTINGS)
@given(seed=st.integers(0, 10_000))
def test_crappify_lowers_psnr(seed):
    im = _image(seed, 64, 48)
    plain = cv2.resize(im, (24, 32), interpolation=cv2.INTER_AREA)          # (w, h): 32 x 24 image
    good = crappify(im, (32, 24), 95, seed=seed, text=False)
    bad = crappify(im, (32, 24), 10, seed=seed)
    assert psnr(bad, plain, 255) < psnr(good, plain, 255)
    assert psnr(crappify(im, (32, 24), 20, seed=seed, text=False), plain, 255) < psnr(good, plain, 255)


def test_crappify_errors():
    im = _image(0)
    with pytest.raises(ValueError, match='uint8'): crappify(im / 255, 16)
    with pytest.raises(ValueError, match='quality'): crappify(im, 16, 101)
    with pytest.raises(ValueError, match='size'): crappify(im, (16,))


@settings(**SETTINGS)
@given(seed=st.integers(0, 10_000), h=st.integers(1, 9), w=st.integers(1, 9), r=st.sampled_from([1., 2., 255.]))
def test_psnr_equals_skimage(seed, h, w, r):
    rng = np.random.default_rng(seed)
    t, p = rng.uniform(0, r, (h, w, 3)), rng.uniform(0, r, (h, w, 3))
    assert psnr(p, t, r) == pytest.approx(peak_signal_noise_ratio(t, p, data_range=r), rel=1e-9)
    assert psnr(torch.tensor(p), torch.tensor(t), r) == pytest.approx(peak_signal_noise_ratio(t, p, data_range=r), rel=1e-9)


def test_psnr_shape_error():
    with pytest.raises(ValueError, match='shape'): psnr(np.zeros((2, 3)), np.zeros((3, 2)))


def test_ssim_equals_skimage():
    rng = np.random.default_rng(0)
    t = rng.random((3, 20, 30)).astype(np.float32)
    p = np.clip(t + 0.1 * rng.standard_normal(t.shape), 0, 1).astype(np.float32)
    ref = structural_similarity(p.transpose(1, 2, 0), t.transpose(1, 2, 0), channel_axis=2, data_range=1.)
    assert ssim(torch.tensor(p), torch.tensor(t)) == pytest.approx(ref, rel=1e-6)


@settings(**SETTINGS)
@given(n=st.integers(1, 3), c=st.integers(1, 6), h=st.integers(1, 7), w=st.integers(1, 7), seed=st.integers(0, 999))
def test_gram_matrix_equals_einsum(n, c, h, w, seed):
    x = torch.randn(n, c, h, w, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
    ref = torch.einsum('nchw,ndhw->ncd', x, x) / (c * h * w)
    torch.testing.assert_close(gram_matrix(x), ref)


def test_gram_matrix_error():
    with pytest.raises(ValueError, match='N, C, H, W'): gram_matrix(torch.zeros(3, 4, 5))


def test_feature_loss_terms():
    torch.manual_seed(0)
    body = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.Conv2d(4, 5, 3, stride=2, padding=1))
    fl = FeatureLoss(body, [body[1], body[2]], [1., 2.], gram_wgt=3.)
    x, y = torch.rand(2, 3, 12, 10), torch.rand(2, 3, 12, 10)
    loss = fl(x, y)
    with torch.no_grad():
        from course_dl.data import imagenet_stats, normalize
        a1, b1 = body[:2](normalize(x, imagenet_stats)), body[:2](normalize(y, imagenet_stats))
        a2, b2 = body(normalize(x, imagenet_stats)), body(normalize(y, imagenet_stats))
    ref = (F.l1_loss(x, y) + F.l1_loss(a1, b1) + 2 * F.l1_loss(a2, b2)
           + 3 * F.l1_loss(gram_matrix(a1), gram_matrix(b1)) + 12 * F.l1_loss(gram_matrix(a2), gram_matrix(b2)))
    torch.testing.assert_close(loss, ref)
    assert float(fl(y, y)) == 0.
    with pytest.raises(ValueError, match='weights'): FeatureLoss(body, [body[1]], [1., 2.])


def test_restorer_starts_as_identity_and_pairs():
    x = torch.rand(2, 3, 32, 48)
    torch.testing.assert_close(Restorer((4, 8))(x), x)
    ims = random_crops([np.full((40, 50, 3), 7, np.uint8)], 3, 32, np.random.default_rng(0))
    xb, yb = crappify_pairs(ims, 16)
    assert xb.shape == yb.shape == (3, 3, 32, 32)
    tbl = quality_table({'same': yb, 'up': upscale(xb[..., ::2, ::2], 32)}, yb)
    assert tbl.loc['same', 'ssim'] == pytest.approx(1.)
