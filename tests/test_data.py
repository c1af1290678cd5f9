"Property and bad-input tests for course_dl.data (lesson 11): boxes follow their image through every transform."
import json, shutil, warnings
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings, strategies as st

from course_dl.data import (squish, flip_lr, rotate, rotate_bb, lighting, paint_box, find_box, aug_tfms, normalize, denorm,
                            lrg_items, LrgDataset, lrg_dls, pascal_paths)
from course_dl.images import open_image
from course_dl.pascal import load_pascal_json
from course_dl.shapes import make_shapes_voc


@st.composite
def image_and_box(draw, min_side=24, max_side=160):
    "A (height, width) and an integer box of at least 4x4 pixels inside it."
    h, w = draw(st.integers(min_side, max_side)), draw(st.integers(min_side, max_side))
    t = draw(st.integers(0, h-4)); b = draw(st.integers(t+3, h-1))
    l = draw(st.integers(0, w-4)); r = draw(st.integers(l+3, w-1))
    return (h, w), np.array([t, l, b, r])


@settings(deadline=None, max_examples=60, derandomize=True)
@given(image_and_box(), st.integers(16, 96))
def test_squish_moves_box(hw_box, size):
    hw, box = hw_box
    assume((box[2]-box[0]+1)*size/hw[0] >= 2 and (box[3]-box[1]+1)*size/hw[1] >= 2)   # still 2 pixels after shrinking
    im, b = squish(paint_box(hw, box), box, size)
    assert im.shape == (size, size, 3)
    assert np.abs(find_box(im, 0.5) - b).max() <= 1.0


@settings(deadline=None, max_examples=60, derandomize=True)
@given(image_and_box())
def test_flip_is_exact_and_involutive(hw_box):
    hw, box = hw_box
    im, b = flip_lr(paint_box(hw, box), box)
    np.testing.assert_array_equal(find_box(im), b)
    np.testing.assert_array_equal(flip_lr(im, b)[1], box)


@settings(deadline=None, max_examples=60, derandomize=True)
@given(image_and_box(min_side=32), st.floats(-10, 10))
def test_rotate_moves_box(hw_box, deg):
    hw, box = hw_box
    h, w = hw
    # keep the box away from the border so the rotation does not push it out of the image (clipping is tested below)
    box = np.array([max(box[0], h//5), max(box[1], w//5), min(box[2], h-1-h//5), min(box[3], w-1-w//5)])
    if box[2] - box[0] < 3 or box[3] - box[1] < 3: return
    im, b = rotate(paint_box(hw, box), box, deg)
    assert np.abs(find_box(im, 0.5) - b).max() <= 1.0


def test_rotate_bb_clips_and_zero_angle():
    np.testing.assert_allclose(rotate_bb(np.array([3, 4, 20, 30]), 0, (40, 50)), [3, 4, 20, 30], atol=1e-4)
    b = rotate_bb(np.array([0, 0, 39, 49]), 10, (40, 50))     # the whole image: the rotated box is clipped to it
    np.testing.assert_allclose(b, [0, 0, 39, 49])


def test_lighting_keeps_box_and_range():
    im, box = paint_box((20, 20), [2, 3, 10, 12]), np.array([2, 3, 10, 12])
    out, b = lighting(im, box, 0.3, 0.5)
    assert b is box and out.min() >= 0 and out.max() <= 1


def test_random_tfms_keep_boxes():
    torch.manual_seed(1)
    box = np.array([12, 15, 40, 44]); im = paint_box((64, 64), box)
    for _ in range(30):
        a, b = im, box
        for t in aug_tfms(max_deg=8): a, b = t(a, b)
        assert np.abs(find_box(a, 0.6) - b).max() <= 1.5


def test_normalize_denorm_roundtrip():
    x = torch.rand(3, 3, 5, 7)
    np.testing.assert_allclose(denorm(normalize(x)), x.movedim(1, -1).numpy(), atol=1e-6)


@pytest.fixture(scope='module')
def small_voc(tmp_path_factory):
    return make_shapes_voc(tmp_path_factory.mktemp('voc'), n_train=8, n_valid=4, size=64, seed=3)


def test_bad_input(small_voc, tmp_path):
    trn, val, imgs = small_voc
    with pytest.raises(FileNotFoundError, match='pascal_train2007.json'): pascal_paths(tmp_path)
    shutil.copytree(imgs, tmp_path/'JPEGImages')
    j = json.loads(trn.read_text())
    no_box = j['images'][2]['id']
    j['annotations'] = [a for a in j['annotations'] if a['image_id'] != no_box]
    (tmp_path/'pascal_train.json').write_text(json.dumps(j))
    shutil.copy(val, tmp_path/'pascal_valid.json')
    data = load_pascal_json(tmp_path/'pascal_train.json')
    items, skipped = lrg_items(data, tmp_path/'JPEGImages')
    assert skipped == [no_box] and len(items) == 7
    with pytest.warns(UserWarning, match='skipped 1 image'):
        ds = LrgDataset.from_json(tmp_path/'pascal_train.json', tmp_path/'JPEGImages')
    assert len(ds) == 7 and ds.skipped == [no_box]
    gone = tmp_path/'JPEGImages'/data.fns[data.ids[0]]
    gone.unlink()
    with pytest.raises(FileNotFoundError, match=gone.name): lrg_items(data, tmp_path/'JPEGImages')
    with pytest.raises(FileNotFoundError, match=gone.name): open_image(gone, np.uint8)
    (tmp_path/'bad.jpg').write_bytes(b'not a jpeg')
    with pytest.raises(ValueError, match='bad.jpg'): open_image(tmp_path/'bad.jpg', np.uint8)


def test_dls_modes(small_voc):
    trn, val, imgs = small_voc
    for mode, n in (('cls', 2), ('bbox', 2), ('both', 3)):
        dls = lrg_dls(trn, val, imgs, mode=mode, size=32, bs=4)
        b = next(iter(dls.train))
        assert len(b) == n and b[0].shape == (4, 3, 32, 32)
        if mode != 'cls': assert b[1].shape == (4, 4) and b[1].dtype == torch.float32
        if mode != 'bbox': assert b[-1].dtype == torch.int64
    with pytest.raises(ValueError, match="'cls', 'bbox', 'both'"): lrg_dls(trn, val, imgs, mode='boxes')


# ---- independent checks (issue 21): facts that do not go through our own matrix ----------------------------------------
import cv2
from torchvision import tv_tensors
from torchvision.transforms import v2
import torchvision.transforms.v2.functional as TF
from course_dl.data import rot_matrix


@settings(deadline=None, max_examples=25, derandomize=True)
@given(st.integers(5, 60), st.integers(5, 60), st.integers(0, 2**16))
def test_rotate_180_is_double_flip(h, w, seed):
    "A 180 degree rotation is im[::-1, ::-1] exactly, on any (non-square) size; its box is mirrored in both axes."
    im = np.random.default_rng(seed).random((h, w, 3), dtype=np.float32)
    box = np.array([1, 2, h - 2, w - 3])
    r_im, r_box = rotate(im, box, 180)
    np.testing.assert_allclose(r_im, im[::-1, ::-1], atol=1e-5)
    np.testing.assert_allclose(r_box, [h - 1 - box[2], w - 1 - box[3], h - 1 - box[0], w - 1 - box[1]], atol=1e-3)


def test_rotate_90_is_rot90_and_centre_is_checked():
    sq = np.random.default_rng(1).random((31, 31, 3), dtype=np.float32)
    np.testing.assert_allclose(rotate(sq, np.array([0, 0, 3, 3]), 90)[0], np.rot90(sq), atol=1e-5)
    np.testing.assert_allclose(rot_matrix(0, (20, 50)), [[1, 0, 0], [0, 1, 0]], atol=1e-12)
    np.testing.assert_allclose(rot_matrix(180, (20, 50))[:, 2], [49, 19], atol=1e-9)   # x -> 49 - x, y -> 19 - y
    # the half-pixel bug (centre w/2, h/2) is visible to the 180 degree check
    im = np.random.default_rng(2).random((20, 50, 3), dtype=np.float32)
    off = cv2.warpAffine(im, cv2.getRotationMatrix2D((25, 10), 180, 1.0), (50, 20))
    assert np.abs(off - im[::-1, ::-1]).max() > 0.1


def _to_tv(b, hw):
    return tv_tensors.BoundingBoxes(torch.tensor([[b[1], b[0], b[3] + 1, b[2] + 1]], dtype=torch.float32), format='XYXY', canvas_size=hw)
def _from_tv(t): x0, y0, x1, y1 = t[0].tolist(); return np.array([y0, x0, y1 - 1, x1 - 1])


@settings(deadline=None, max_examples=40, derandomize=True)
@given(image_and_box(), st.floats(-30, 30), st.integers(16, 96))
def test_twin_torchvision_v2_boxes(hw_box, deg, size):
    "Flip, rotation and squish of boxes agree with torchvision.transforms.v2 on tv_tensors.BoundingBoxes."
    hw, box = hw_box
    im = paint_box(hw, box)
    t_im, t_box = v2.RandomHorizontalFlip(p=1)(tv_tensors.Image(torch.from_numpy(im).permute(2, 0, 1)), _to_tv(box, hw))
    f_im, f_box = flip_lr(im, box)
    np.testing.assert_array_equal(t_im.permute(1, 2, 0).numpy(), f_im)
    np.testing.assert_allclose(_from_tv(t_box), f_box, atol=1e-4)
    np.testing.assert_allclose(_from_tv(TF.rotate(_to_tv(box, hw), deg)), rotate_bb(box, deg, hw), atol=2e-3)
    np.testing.assert_allclose(_from_tv(TF.resize(_to_tv(box, hw), [size, size])), squish(im, box, size)[1], atol=1e-3)


def test_twin_normalize_and_uint8():
    import torchvision
    x = torch.rand(4, 3, 7, 11)
    assert torch.allclose(normalize(x), torchvision.transforms.Normalize(*([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]))(x), atol=1e-6)
    with pytest.raises(ValueError, match=r'use x\.float\(\)/255'): normalize((x * 255).to(torch.uint8))
    with pytest.raises(ValueError, match='stats'): normalize(x.permute(0, 2, 3, 1))
    with pytest.raises(ValueError, match='lighting: im'): lighting((np.ones((5, 9, 3)) * 200).astype(np.uint8), np.array([0, 0, 1, 1]))


def test_squish_non_square_box_axes():
    "A tall box in a wide image: height scales by size/h, width by size/w (a swap would give the other box)."
    im = paint_box((40, 100), [5, 10, 34, 29])
    out, b = squish(im, [5, 10, 34, 29], 50)
    np.testing.assert_allclose(b, [5 * 50/40, 10 * 50/100, 35 * 50/40 - 1, 30 * 50/100 - 1], atol=1e-4)   # pixel edges scale
    assert np.abs(find_box(out) - b).max() <= 1.0
