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
