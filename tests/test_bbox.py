"""Property tests for course_dl.bbox (lesson nbs/01_bbox.ipynb).

Boxes in corner form are [top, left, bottom, right] in *inclusive* pixels: a box covers rows top..bottom and
columns left..right, so its width is right-left+1. torchvision.ops uses continuous [x1, y1, x2, y2] with area
(x2-x1)*(y2-y1); the same box there is [left, top, right+1, bottom+1] (`to_tv` below), and the comparisons
with torchvision go through that conversion.
"""
import numpy as np, torch, pytest
from hypothesis import given, settings, strategies as st
from torchvision.ops import box_convert, box_iou as tv_box_iou, box_area as tv_box_area
from course_dl.bbox import (hw_bb, bb_hw, corner_to_center, center_to_corner, box_area, box_iou, iou_hit, get_lrg,
                            resize_bb, flip_bb)

SET = settings(deadline=None, max_examples=60, derandomize=True)

def to_tv(a):
    "Our inclusive [t, l, b, r] to torchvision's continuous [x1, y1, x2, y2] = [l, t, r+1, b+1], float64."
    a = torch.as_tensor(np.asarray(a), dtype=torch.float64)
    return torch.stack([a[..., 1], a[..., 0], a[..., 3] + 1, a[..., 2] + 1], -1)

def xywh(min_size=0, max_n=12):
    "Strategy: an (n, 4) int64 array of Pascal boxes [x, y, w, h] (possibly off-image, sizes >= min_size)."
    box = st.tuples(st.integers(-50, 600), st.integers(-50, 600), st.integers(min_size, 300), st.integers(min_size, 300))
    return st.lists(box, min_size=1, max_size=max_n).map(lambda l: np.array(l, dtype=np.int64))

def corners(min_size=1, max_n=12): return xywh(min_size, max_n).map(hw_bb)

kinds = st.sampled_from(['np', 'torch'])
def as_kind(a, kind): return torch.as_tensor(a) if kind == 'torch' else a
def to_np(a): return a.numpy() if isinstance(a, torch.Tensor) else np.asarray(a)

# ---- round trips ---------------------------------------------------------------------------------------------------
@SET
@given(xywh(), kinds, st.sampled_from([np.int32, np.int64, np.float32, np.float64]))
def test_hw_bb_round_trip(b, kind, dtype):
    b = as_kind(b.astype(dtype), kind)
    a = hw_bb(b)
    want = b.dtype if np.issubdtype(dtype, np.floating) else (torch.int64 if kind == 'torch' else np.int64)
    assert type(a) is type(b) and a.dtype == want and a.shape == b.shape     # integers widened to int64, floats kept
    back = bb_hw(a)
    assert type(back) is type(b) and back.dtype == want
    np.testing.assert_array_equal(to_np(back), to_np(b))
    np.testing.assert_array_equal(to_np(hw_bb(bb_hw(a))), to_np(a))

@SET
@given(xywh())
def test_hw_bb_definition(b):
    a = hw_bb(b)
    x, y, w, h = b.T
    np.testing.assert_array_equal(a, np.stack([y, x, y + h - 1, x + w - 1], 1))
    np.testing.assert_array_equal(box_area(a), w * h)

def test_worked_example_and_buggy_inverse():
    b = np.array([155, 96, 196, 174])
    np.testing.assert_array_equal(hw_bb(b), [96, 155, 269, 350])
    buggy = lambda a: np.array([a[1], a[0], a[3] - a[1], a[2] - a[0]])        # the course's first bb_hw
    assert not np.array_equal(buggy(hw_bb(b)), b)                              # the round trip catches it
    np.testing.assert_array_equal(bb_hw(hw_bb(b)), b)

@SET
@given(corners(min_size=0), kinds)
def test_center_round_trip(a, kind):
    a = as_kind(a, kind)
    c = corner_to_center(a)
    assert type(c) is type(a) and c.shape == a.shape
    np.testing.assert_allclose(to_np(center_to_corner(c)), to_np(a), atol=1e-9)

@SET
@given(st.lists(st.tuples(st.floats(-1e3, 1e3), st.floats(-1e3, 1e3), st.floats(0, 500), st.floats(0, 500)),
                min_size=1, max_size=10).map(np.array))
def test_center_round_trip_floats(c):
    np.testing.assert_allclose(corner_to_center(center_to_corner(c)), c, atol=1e-9)

@SET
@given(corners(min_size=0))
def test_convert_matches_torchvision(a):
    np.testing.assert_allclose(to_np(corner_to_center(torch.as_tensor(a).double())),
                               box_convert(to_tv(a), 'xyxy', 'cxcywh').numpy(), atol=1e-9)
    np.testing.assert_allclose(bb_hw(a), box_convert(to_tv(a), 'xyxy', 'xywh').numpy(), atol=1e-9)
    np.testing.assert_allclose(center_to_corner(box_convert(to_tv(a), 'xyxy', 'cxcywh').numpy()), a, atol=1e-9)

# ---- IoU -----------------------------------------------------------------------------------------------------------
@SET
@given(corners(), corners(), kinds)
def test_iou_symmetric_bounded(a, b, kind):
    a, b = as_kind(a, kind), as_kind(b, kind)
    ab, ba = to_np(box_iou(a, b)), to_np(box_iou(b, a))
    assert ab.shape == (len(a), len(b))
    np.testing.assert_array_equal(ab, ba.T)
    assert (ab >= 0).all() and (ab <= 1).all()

@SET
@given(corners(), kinds)
def test_iou_one_on_itself(a, kind):
    a = as_kind(a, kind)
    np.testing.assert_allclose(np.diag(to_np(box_iou(a, a))), 1.0)
    assert np.diag(to_np(iou_hit(box_iou(a, a)))).all()

@SET
@given(corners(), corners(), st.integers(0, 50))
def test_iou_zero_when_disjoint(a, b, gap):
    # move b entirely right of every box in a (a gap of `gap` empty columns)
    b = b.copy(); shift = a[:, 3].max() + 1 + gap - b[:, 1].min()
    b[:, [1, 3]] += shift
    np.testing.assert_array_equal(box_iou(a, b), 0.0)
    assert not iou_hit(box_iou(a, b)).any()

@SET
@given(corners(min_size=0), corners(min_size=0))
def test_iou_matches_torchvision(a, b):
    ours = box_iou(a, b)
    tv = tv_box_iou(to_tv(a), to_tv(b)).numpy()
    tv = np.nan_to_num(tv)                                                     # torchvision: 0/0 for two empty boxes
    np.testing.assert_allclose(ours, tv, atol=1e-12)

@SET
@given(corners(), corners(), st.integers(1, 1000), st.integers(1, 2000), st.integers(1, 2000))
def test_iou_invariant_under_flip_and_resize(a, b, width, nh, nw):
    iou = box_iou(a, b)
    np.testing.assert_allclose(box_iou(flip_bb(a, width), flip_bb(b, width)), iou, atol=1e-12)
    np.testing.assert_allclose(box_iou(resize_bb(a, (600, 700), (nh, nw)), resize_bb(b, (600, 700), (nh, nw))), iou,
                               atol=1e-9)

def test_iou_hit_rule():
    np.testing.assert_array_equal(iou_hit(np.array([0.0, 0.4999, 0.5, 0.9])), [False, False, True, True])
    with pytest.raises(ValueError, match=r'expected IoU values in \[0, 1\]'): iou_hit(np.array([2.0]))

# ---- resize / flip ---------------------------------------------------------------------------------------------------
@SET
@given(corners(min_size=0), kinds, st.integers(1, 1000))
def test_flip_involution(a, kind, width):
    a = as_kind(a, kind)
    f = flip_bb(a, width)
    assert type(f) is type(a) and f.dtype == a.dtype
    np.testing.assert_array_equal(to_np(flip_bb(f, width)), to_np(a))
    np.testing.assert_array_equal(to_np(box_area(f)), to_np(box_area(a)))

@SET
@given(st.integers(1, 40), st.integers(1, 40), st.data())
def test_flip_matches_mask(h, w, data):
    t, b = sorted(data.draw(st.tuples(st.integers(0, h - 1), st.integers(0, h - 1))))
    l, r = sorted(data.draw(st.tuples(st.integers(0, w - 1), st.integers(0, w - 1))))
    m = np.zeros((h, w), bool); m[t:b + 1, l:r + 1] = True
    rows, cols = np.nonzero(m[:, ::-1])
    np.testing.assert_array_equal(flip_bb(np.array([t, l, b, r]), w), [rows.min(), cols.min(), rows.max(), cols.max()])

@SET
@given(corners(min_size=0), st.tuples(st.integers(1, 2000), st.integers(1, 2000)),
       st.tuples(st.integers(1, 2000), st.integers(1, 2000)))
def test_resize_round_trip_and_area(a, old_hw, new_hw):
    r = resize_bb(a, old_hw, new_hw)
    np.testing.assert_allclose(resize_bb(r, new_hw, old_hw), a, atol=1e-6)
    sy, sx = new_hw[0] / old_hw[0], new_hw[1] / old_hw[1]
    np.testing.assert_allclose(box_area(r), box_area(a) * sy * sx, rtol=1e-9, atol=1e-6)

# ---- get_lrg ---------------------------------------------------------------------------------------------------------
@SET
@given(corners(), st.lists(st.integers(1, 20), min_size=12, max_size=12))
def test_get_lrg_is_max_area(a, cats):
    anns = [(box, c) for box, c in zip(a, cats)]
    box, c = get_lrg(anns)
    areas = [box_area(x) for x, _ in anns]
    assert box_area(box) == max(areas)
    i = int(np.argmax(areas)); assert box is anns[i][0] and c == anns[i][1]    # first on ties

def test_get_lrg_empty():
    with pytest.raises(ValueError, match='got none'): get_lrg([])

# ---- bad input -------------------------------------------------------------------------------------------------------
@SET
@given(st.lists(st.integers(1, 6), min_size=1, max_size=3).filter(lambda s: s[-1] != 4),
       st.sampled_from([hw_bb, bb_hw, corner_to_center, center_to_corner, box_area, lambda x: box_iou(x, x),
                        lambda x: flip_bb(x, 10), lambda x: resize_bb(x, (10, 10), (20, 20))]))
def test_bad_shapes(shape, fn):
    with pytest.raises(ValueError, match=rf'expected .*shape \(4,\) or \(\.\.\., 4\), got shape \({shape[0]},'):
        fn(np.zeros(shape))

@pytest.mark.parametrize('fn,box', [(hw_bb, [0, 0, -1, 3]), (bb_hw, [5, 5, 2, 9]), (box_area, [5, 5, 9, 2]),
                                    (center_to_corner, [1., 1., 2., -3.]), (corner_to_center, [5, 5, 2, 9]),
                                    (lambda b: flip_bb(b, 10), [5, 5, 2, 9])])
@pytest.mark.parametrize('kind', ['np', 'torch', 'list'])
def test_negative_sizes(fn, box, kind):
    b = box if kind == 'list' else as_kind(np.array([[0, 0, 1, 1], box]), kind)
    with pytest.raises(ValueError, match='negative size'): fn(b)


# ---- integer overflow, NaN, twins (issues 20 and 21) ------------------------------------------------------------------
@pytest.mark.parametrize('dtype', [np.uint8, np.int8, np.int16, np.uint16])
def test_small_integer_boxes_do_not_wrap(dtype):
    b = np.array([120, 100, 10, 20]).astype(dtype)                          # fits every dtype above
    big = np.array([100, 120, 119, 129])                                     # 129 > 127 (int8 max)
    np.testing.assert_array_equal(hw_bb(b), big)
    assert hw_bb(b).dtype == np.int64
    np.testing.assert_array_equal(box_area(hw_bb(b)), 200)

def test_issue_example_uint8():
    np.testing.assert_array_equal(hw_bb(np.array([250, 250, 10, 10], np.uint8)), [250, 250, 259, 259])
    np.testing.assert_array_equal(box_area(np.array([0, 0, 199, 249], np.uint8)), 200 * 250)
    t = torch.tensor([250, 250, 10, 10], dtype=torch.uint8)
    assert hw_bb(t).tolist() == [250, 250, 259, 259]

@pytest.mark.parametrize('fn', [hw_bb, bb_hw, corner_to_center, center_to_corner, box_area,
                                lambda x: box_iou(x, x), lambda x: flip_bb(x, 10), lambda x: resize_bb(x, (10, 12), (20, 30))])
@pytest.mark.parametrize('bad', [np.nan, np.inf])
def test_nan_boxes_refused(fn, bad):
    b = np.array([[0., 0, 3, 3], [1, 1, bad, 4]])
    with pytest.raises(ValueError, match=r'expected finite .* at index \(1,\)'): fn(b)
    with pytest.raises(ValueError, match='expected finite'): fn(torch.as_tensor(b))

@SET
@given(corners(min_size=0), kinds)
def test_box_area_matches_torchvision(a, kind):
    "box_area's twin: torchvision.ops.box_area on the continuous boxes [l, t, r+1, b+1] (independent code)."
    np.testing.assert_allclose(to_np(box_area(as_kind(a, kind))).astype(float), tv_box_area(to_tv(a)).numpy())

@SET
@given(corners(min_size=0))
def test_box_area_counts_pixels(a):
    "Independent check: paint each box into a canvas and count the pixels."
    a = a[:4]
    for t, l, b, r in a:
        t, l, b, r = t + 60, l + 60, b + 60, r + 60                            # on the canvas (hw_bb allows x, y >= -50)
        m = np.zeros((1000, 1100), bool); m[t:b + 1, l:r + 1] = True
        assert m.sum() == box_area(np.array([t, l, b, r]))

def test_get_lrg_inclusive_vs_course_exclusive():
    "The course's lambda uses (b-t)*(r-l); ours the inclusive area: a thin box is where they differ."
    course = lambda anns: sorted(anns, key=lambda x: np.prod(x[0][-2:] - x[0][:2]), reverse=True)[0]
    pole, square = np.array([0, 0, 199, 0]), np.array([0, 0, 9, 9])
    assert get_lrg([(pole, 1), (square, 2)])[1] == 1
    assert course([(pole, 1), (square, 2)])[1] == 2

def test_non_square_mask_flip_and_resize():
    "A non-square image (rows != columns): a (height, width) swap in resize_bb or flip_bb fails here."
    box = np.array([3, 10, 7, 29]); m = np.zeros((12, 40), bool); m[3:8, 10:30] = True
    rows, cols = np.nonzero(m[:, ::-1])
    np.testing.assert_array_equal(flip_bb(box, 40), [rows.min(), cols.min(), rows.max(), cols.max()])
    np.testing.assert_allclose(resize_bb(box, (12, 40), (24, 40)), [6, 10, 15, 29])      # rows doubled, columns kept
    with pytest.raises(ValueError, match='width'): flip_bb(box, 0)
    with pytest.raises(TypeError, match='width'): flip_bb(box, 40.5)
