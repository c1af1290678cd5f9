"Tests for course_dl.multilabel (lesson 15): the tags CSV, multi-hot targets, points that follow the transforms, PCA colour augmentation, TTA."
from functools import partial
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from course_dl.learner import Learner, DataLoaders
from course_dl.multilabel import (TagRow, parse_tags, read_tags_csv, make_vocab, multi_hot, encode_rows, decode_multi_hot,
                                  image_files, tag_counts, planet_paths, split_idx, resize_image, ImageTargets,
                                  to_pix, to_unit, flip_lr, flip_vert, pad_crop, rotate, paint_dot, find_dot,
                                  RandFlip, RandPadCrop, RandRotate, pca_stats, pca_lighting, RandPCALighting,
                                  tag_model, point_model, point_dist, box_centre, View, tta_views, tta)


def write(p: Path, text: str) -> Path:
    p.write_text(text)
    return p


# ---- the CSV
def test_tags_csv(tmp_path):
    rows = read_tags_csv(write(tmp_path/'t.csv', "image_name,tags\ntrain_0,haze primary\ntrain_1,\ntrain_2,\t clear  water \n"))
    assert rows == [TagRow('train_0', ('haze', 'primary'), 2), TagRow('train_1', (), 3), TagRow('train_2', ('clear', 'water'), 4)]
    assert parse_tags('') == () and parse_tags('   ') == ()


def test_tags_csv_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match='no CSV file'): read_tags_csv(tmp_path/'missing.csv')
    with pytest.raises(ValueError, match=r"\['name', 'labels'\]"): read_tags_csv(write(tmp_path/'a.csv', "name,labels\nx,a\n"))
    with pytest.raises(ValueError, match='no rows'): read_tags_csv(write(tmp_path/'b.csv', "image_name,tags\n"))
    with pytest.raises(ValueError, match="line 3 has an empty 'image_name'"):
        read_tags_csv(write(tmp_path/'c.csv', "image_name,tags\nx,a\n,b\n"))
    rows = read_tags_csv(write(tmp_path/'d.csv', "file,labels\nx,a b\n"), name_col='file', tags_col='labels')
    assert rows[0].tags == ('a', 'b')


def test_unknown_tag_names_tag_and_row(tmp_path):
    rows = read_tags_csv(write(tmp_path/'t.csv', "image_name,tags\ntrain_0,haze\ntrain_1,haze cloudy\n"))
    with pytest.raises(ValueError, match=r"unknown tag 'cloudy' in line 3 \(image 'train_1'\)"): encode_rows(rows, ['haze'])


def test_empty_tags_are_zeros(tmp_path):
    rows = read_tags_csv(write(tmp_path/'t.csv', "image_name,tags\na,x\nb,\n"))
    np.testing.assert_array_equal(encode_rows(rows, make_vocab(rows)), [[1], [0]])


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(st.sampled_from(['agriculture', 'clear', 'haze', 'primary', 'road', 'water']), max_size=6),
                min_size=1, max_size=8))
def test_multi_hot_round_trip(tag_lists):
    vocab = make_vocab(tag_lists)
    assert vocab == sorted(set(vocab))
    for tags in tag_lists:
        v = multi_hot(tags, vocab)
        assert v.sum() == len(set(tags))
        assert decode_multi_hot(v, vocab) == tuple(sorted(set(tags)))


def test_decode_threshold_and_shape():
    assert decode_multi_hot([0.1, 0.3, 0.25], ['a', 'b', 'c'], thresh=0.2) == ('b', 'c')
    with pytest.raises(ValueError, match='expected 3 values'): decode_multi_hot([1, 0], ['a', 'b', 'c'])


def test_image_files_and_counts(tmp_path):
    (tmp_path/'train-jpg').mkdir()
    cv2.imwrite(str(tmp_path/'train-jpg'/'train_0.jpg'), np.zeros((3, 5, 3), np.uint8))
    rows = [TagRow('train_0', ('a', 'b'), 2), TagRow('train_1', ('a',), 3)]
    assert image_files(rows[:1], tmp_path/'train-jpg')[0].name == 'train_0.jpg'
    with pytest.raises(FileNotFoundError, match="train_1"): image_files(rows, tmp_path/'train-jpg')
    df = tag_counts(rows)
    assert df.tag.tolist() == ['a', 'b'] and df.images.tolist() == [2, 1] and df.fraction.tolist() == [1.0, 0.5]
    assert planet_paths(tmp_path) is None
    write(tmp_path/'train_v2.csv', "image_name,tags\ntrain_0,a\n")
    assert planet_paths(tmp_path) == (tmp_path/'train_v2.csv', tmp_path/'train-jpg')


def test_split_idx():
    t, v = split_idx(10, 0.3, seed=1)
    assert len(v) == 3 and sorted(np.concatenate([t, v]).tolist()) == list(range(10))
    assert (split_idx(10, 0.3, seed=1)[1] == v).all()
    with pytest.raises(ValueError, match='valid_pct'): split_idx(10, 1.5)


def test_resize_not_swapped():
    assert resize_image(np.zeros((60, 40, 3), np.uint8), (30, 20)).shape == (30, 20, 3)
    assert resize_image(np.zeros((6, 4, 3), np.uint8), (12, 8)).shape == (12, 8, 3)


# ---- points
def test_point_convention():
    hw = (40, 56)
    np.testing.assert_allclose(to_pix([[-1, -1], [1, 1], [0, 0]], hw), [[-0.5, -0.5], [39.5, 55.5], [19.5, 27.5]])
    np.testing.assert_allclose(box_centre([0, 0, 39, 55], hw), [0, 0], atol=1e-12)


def found(im, hw): return to_pix([find_dot(im)], hw)[0]


@settings(max_examples=40, deadline=None)
@given(st.floats(-0.6, 0.6), st.floats(-0.6, 0.6), st.floats(-35, 35), st.integers(0, 8), st.integers(0, 8),
       st.sampled_from([(40, 56), (56, 40), (36, 36)]))
def test_dot_follows_transforms(y, x, deg, top, left, hw):
    im, pt = paint_dot(hw, (y, x)), np.array([[y, x]])
    for f in (flip_lr, flip_vert, partial(pad_crop, top=top, left=left, pad=4), partial(rotate, deg=deg, mode='zeros')):
        im2, p2 = f(im, pt)
        (py, px), (h, w) = to_pix(p2, im2.shape[:2])[0], im2.shape[:2]
        if min(py, px, h - 1 - py, w - 1 - px) < 3: continue   # the edge cuts the dot (radius 2): its centroid moves inward
        assert np.abs(found(im2, im2.shape[:2]) - to_pix(p2, im2.shape[:2])[0]).max() < 0.15, f


@settings(max_examples=30, deadline=None)
@given(st.floats(-0.5, 0.5), st.floats(-0.5, 0.5), st.integers(0, 6), st.integers(0, 10))
def test_crop_to_smaller_window(y, x, top, left):
    hw = (40, 56)
    im, pt = paint_dot(hw, (y, x)), np.array([[y, x]])
    im2, p2 = pad_crop(im, pt, top, left, pad=3, size=(36, 50))
    assert im2.shape == (36, 50, 1)
    if 0 < im2.sum() and abs(im2.sum() - im.sum()) < 1e-3:       # the whole dot is inside the window
        # a crop is a whole-pixel shift: the dot moves exactly as far as the point (the centroid of a disc drawn on a
        # pixel grid is off its centre by up to ~0.05 px, the same before and after, so compare the moves)
        moved_dot = found(im2, (36, 50)) - found(im, hw)
        moved_pt = to_pix(p2, (36, 50))[0] - to_pix(pt, hw)[0]
        np.testing.assert_allclose(moved_dot, moved_pt, atol=1e-6)
        assert np.abs(found(im2, (36, 50)) - to_pix(p2, (36, 50))[0]).max() < 0.1


def test_transforms_independent_facts():
    hw = (40, 56)
    im, pt = paint_dot(hw, (0.3, -0.5)), np.array([[0.3, -0.5]])
    np.testing.assert_array_equal(flip_lr(im)[0], im[:, ::-1]); np.testing.assert_array_equal(flip_vert(im)[0], im[::-1])
    r, c = to_pix(pt, hw)[0]
    np.testing.assert_allclose(to_pix(flip_lr(im, pt)[1], hw)[0], [r, hw[1]-1-c])
    np.testing.assert_allclose(rotate(im, pt, 180)[0], im[::-1, ::-1], atol=1e-4)
    np.testing.assert_allclose(rotate(im, pt, 180)[1], -pt, atol=1e-12)
    np.testing.assert_array_equal(pad_crop(im, pt, 4, 4, pad=4)[0], im)            # the centre window: the image
    with pytest.raises(ValueError, match='does not fit'): pad_crop(im, pt, 9, 0, pad=4)
    with pytest.raises(ValueError, match="mode must be one of"): rotate(im, pt, 5, mode='wrap')


def test_dataset_points_follow_random_tfms():
    torch.manual_seed(0)
    hw, pts = (48, 48), np.array([[0.2, -0.3], [-0.4, 0.1], [0.0, 0.45]], np.float32)
    ims = np.stack([(paint_dot(hw, p, r=2)[..., [0, 0, 0]] * 255).astype(np.uint8) for p in pts])
    ds = ImageTargets(ims, pts, [RandFlip(), RandFlip(vert=True), RandPadCrop(4), RandRotate(15, p=1)], points=True,
                      stats=([0, 0, 0], [1, 1, 1]))
    for _ in range(5):
        for i in range(3):
            x, p = ds[i]
            assert np.abs(found(x[0].numpy(), hw) - to_pix([p.numpy()], hw)[0]).max() < 0.3


def test_tags_dataset():
    ims, y = np.random.default_rng(0).integers(0, 256, (4, 16, 24, 3)).astype(np.uint8), np.eye(4, 3, dtype=np.float32)
    x, t = ImageTargets(ims, y, [RandFlip()])[2]
    assert x.shape == (3, 16, 24) and torch.equal(t, torch.tensor(y[2]))
    with pytest.raises(ValueError, match='4 images but 3 targets'): ImageTargets(ims, y[:3])


# ---- PCA colour augmentation
def pixels(n=5000, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(0.5, 0.1, (n, 1)) + rng.normal(0, [0.02, 0.05, 0.03], (n, 3))


def test_pca_stats_vs_numpy_svd():
    px = pixels()
    e, vecs = pca_stats(px, sqrt=False)
    c = px - px.mean(0)
    s = np.linalg.svd(c, compute_uv=False)
    np.testing.assert_allclose(e, s**2 / (len(px) - 1), rtol=1e-8)
    np.testing.assert_allclose(vecs.T @ vecs, np.eye(3), atol=1e-10)
    np.testing.assert_allclose(pca_stats(px)[0], np.sqrt(e))
    assert e[0] >= e[1] >= e[2]
    with pytest.raises(ValueError, match='at least 2 pixels'): pca_stats(np.zeros((1, 3)))


def test_pca_identity_at_zero_alpha():
    im = np.random.default_rng(1).random((10, 14, 3)).astype(np.float32)
    e, vecs = pca_stats(pixels())
    np.testing.assert_array_equal(pca_lighting(im, np.zeros(3), e, vecs), im)
    np.testing.assert_allclose(pca_lighting(im, [1, 0, 0], e, vecs) - im, np.broadcast_to(e[0] * vecs[:, 0], im.shape), atol=1e-6)


def test_pca_mean_colour_unbiased():
    torch.manual_seed(0)
    im = np.full((4, 6, 3), 0.9, np.float32)          # bright: clipping would bias it, and there is none
    e, vecs = pca_stats(pixels())
    aug = RandPCALighting(e, vecs, std=0.1)
    n = 4000
    shifts = np.stack([(aug(im)[0] - im).mean((0, 1)) for _ in range(n)])
    assert (np.abs(shifts.mean(0)) < 4 * shifts.std(0) / np.sqrt(n)).all()
    assert shifts.std(0).max() > 0.005                 # it does change colours


# ---- models, metric
def test_models_and_point_dist():
    assert tag_model(5)(torch.randn(2, 3, 64, 40)).shape == (2, 5)
    assert tag_model(5)(torch.randn(2, 3, 32, 32)).shape == (2, 5)
    p = point_model(32)(torch.randn(2, 3, 32, 32))
    assert p.shape == (2, 2) and (p.abs() < 1).all()
    assert float(point_dist(torch.zeros(1, 2), torch.tensor([[0.5, 0.25]]), (40, 56))) == pytest.approx(np.hypot(10, 7))
    with pytest.raises(ValueError, match='differ'): point_dist(torch.zeros(1, 2), torch.zeros(1, 4))


# ---- TTA
def test_views_undo_points():
    hw = (40, 56)
    pt = np.array([0.2, -0.35])
    xb = torch.from_numpy(paint_dot(hw, pt)).permute(2, 0, 1)[None].repeat(1, 3, 1, 1)
    views = tta_views(shift=3, lr=True, vert=True, points=True)
    assert len(views) == 20
    for v in views:
        seen = find_dot(v.x(xb)[0, 0].numpy())
        np.testing.assert_allclose(v.undo(torch.tensor(seen[None], dtype=torch.float32), hw)[0].numpy(), pt, atol=2e-3)
    assert len(tta_views(shift=0, lr=False)) == 1


class Const(nn.Module):
    def __init__(self): super().__init__(); self.b = nn.Parameter(torch.tensor([0.3, -1.2]))
    def forward(self, x): return self.b.expand(len(x), 2)


class LeftMinusRight(nn.Module):
    def __init__(self): super().__init__(); self.w = nn.Parameter(torch.ones(1))
    def forward(self, x):
        w = x.shape[-1] // 2
        return self.w * (x[..., :w].mean((1, 2, 3)) - x[..., w:].mean((1, 2, 3)))[:, None]


def loader(n=10, hw=(8, 12)):
    g = torch.Generator().manual_seed(0)
    return DataLoader(TensorDataset(torch.rand(n, 3, *hw, generator=g), torch.rand(n, 2, generator=g)), 4)


def test_tta_of_input_ignoring_model_is_plain():
    dl = loader()
    learn = Learner(Const(), DataLoaders(dl, dl), nn.MSELoss(), progress=False)
    plain, targ = learn.get_preds()
    for views in (tta_views(), tta_views(shift=1, vert=True)):
        avg, t = tta(learn, dl, views)
        torch.testing.assert_close(avg, plain); torch.testing.assert_close(t, targ)
    avg, _ = tta(learn, views=tta_views(), act=torch.sigmoid)
    torch.testing.assert_close(avg, torch.sigmoid(plain))


def test_tta_goes_through_the_loop():
    dl = loader()
    learn = Learner(LeftMinusRight(), DataLoaders(dl, dl), lambda p, y: p.mean(), progress=False)
    plain, _ = learn.get_preds()
    assert plain.abs().max() > 0
    avg, _ = tta(learn, dl, [View(), View(flip_lr=True)])                 # an image and its mirror cancel
    torch.testing.assert_close(avg, torch.zeros_like(avg), atol=1e-6, rtol=0)
    flipped, _ = tta(learn, dl, [View(flip_lr=True)])
    torch.testing.assert_close(flipped, -plain)
    with pytest.raises(ValueError, match='at least one view'): tta(learn, dl, [])


def test_tta_callback_removed_after():
    dl = loader()
    learn = Learner(LeftMinusRight(), DataLoaders(dl, dl), lambda p, y: p.mean(), progress=False)
    n = len(learn.cbs)
    tta(learn, dl, [View(flip_lr=True)])
    assert len(learn.cbs) == n
    plain, _ = learn.get_preds()
    assert plain.abs().max() > 0 and torch.equal(plain, learn.get_preds()[0])


def test_checks_keep_valid_calls():
    "issue 20: a single (y, x) point, an int size and tensor probabilities pass the new checks as before."
    np.testing.assert_allclose(to_pix([0, 0], (40, 56)), [19.5, 27.5])
    np.testing.assert_allclose(to_unit(to_pix([[0.25, -0.5]], 32), 32), [[0.25, -0.5]])
    assert resize_image(np.zeros((8, 6, 3), np.uint8), 4).shape == (4, 4, 3)
    assert decode_multi_hot(torch.tensor([0.9, 0.1]), ['a', 'b']) == ('a',)
    assert make_vocab([(), ('b', 'a')]) == ['a', 'b']
