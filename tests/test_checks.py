"""Tests for course_dl.checks (nbs/00_checks.ipynb): every check returns its value or raises an error naming the
function and the argument, what arrived, what was expected, and the fix."""
import numpy as np, torch, pytest
from pathlib import Path
from hypothesis import given, settings, strategies as st
from course_dl.checks import (check_not_none, check_image, check_boxes, check_tensor, check_model, check_int,
                              check_number, check_hw, check_path)

SET = settings(deadline=None, max_examples=40, derandomize=True)

@SET
@given(st.integers(1, 9), st.integers(1, 9), st.sampled_from([0, 1, 3]), st.sampled_from([np.uint8, np.float32, np.float64]))
def test_valid_images_pass_unchanged(h, w, c, dtype):
    im = np.zeros((h, w) if c == 0 else (h, w, c), dtype)
    assert check_image(im) is im

@pytest.mark.parametrize('im,exc,bits', [
    (None, TypeError, ['f: im: expected an image', 'cv2.imread returns None']),
    (np.zeros((4, 6, 4), np.uint8), ValueError, ['got 4 (shape (4, 6, 4))', 'im[..., :3]']),
    (np.zeros((3, 4, 6), np.float32), ValueError, ['im.transpose(1, 2, 0)']),
    (torch.zeros(3, 4, 6), TypeError, ['permute(1, 2, 0)']),
    (np.full((4, 6), 255.), ValueError, ['got 255..255', 'use im/255']),
    (np.zeros((4, 6), np.int16), ValueError, ['dtype int16']),
    (np.zeros(5), ValueError, ['shape (5,)']),
    ([[0, 1]], TypeError, ['np.asarray(im)']),
])
def test_bad_images(im, exc, bits):
    with pytest.raises(exc) as e: check_image(im, 'im', 'f')
    for b in bits: assert b in str(e.value)

def test_image_dtype_rules():
    u8 = np.zeros((4, 6, 3), np.uint8)
    with pytest.raises(ValueError, match=r'got uint8 values 0\.\.0; use im\.astype\(np\.float32\)/255'): check_image(u8, dtype='float')
    with pytest.raises(ValueError, match='astype\\(np.uint8\\)'): check_image(u8 / 255, dtype='uint8')
    assert check_image(np.full((2, 3), 7.), unit=False).max() == 7

@pytest.mark.parametrize('dtype', [np.uint8, np.int8, np.int16, np.uint16, np.int32, np.uint32])
def test_integer_boxes_widened(dtype):
    b = check_boxes(np.array([250, 100, 10, 10]).astype(dtype) if dtype not in (np.int8,) else np.array([100, 100, 10, 10], dtype))
    assert b.dtype == np.int64
    assert (b[..., 0] + b[..., 2] - 1 > b[..., 0]).all()                   # no wrap-around

@pytest.mark.parametrize('dtype', [torch.uint8, torch.int8, torch.int16, torch.int32])
def test_integer_tensor_boxes_widened(dtype):
    assert check_boxes(torch.tensor([1, 2, 3, 4], dtype=dtype)).dtype == torch.int64

@SET
@given(st.integers(1, 5), st.integers(0, 3), st.integers(0, 3))
def test_nan_box_index(n, i, j):
    b = np.zeros((n, 4, 4)); i = i % n; b[i, j, 2] = np.nan
    with pytest.raises(ValueError, match=rf'at index \({i}, {j}\)'): check_boxes(b, 'b', 'f')

def test_boxes_errors():
    with pytest.raises(ValueError, match=r'f: b: expected boxes of shape \(4,\) or \(\.\.\., 4\), got shape \(2, 3\)'):
        check_boxes(np.zeros((2, 3)), 'b', 'f')
    with pytest.raises(TypeError, match='got None'): check_boxes(None, 'b', 'f')
    with pytest.raises(ValueError, match='ragged'): check_boxes([[1, 2, 3, 4], [1]], 'b', 'f')
    assert np.isnan(check_boxes(np.full(4, np.nan), finite=False)).all()

def test_tensor_checks():
    with pytest.raises(ValueError, match=r'xb: expected a floating point tensor, got dtype torch.uint8; use x.float\(\)/255'):
        check_tensor(torch.zeros(2, dtype=torch.uint8), 'xb', 'fit')
    with pytest.raises(ValueError, match='0 NaN and 1 inf'): check_tensor(torch.tensor([1., float('inf')]), 'xb')
    with pytest.raises(TypeError, match='torch.as_tensor'): check_tensor(np.zeros(2), 'xb')
    with pytest.raises(TypeError, match='xb: expected a torch.Tensor, got None'): check_tensor(None, 'xb')
    with pytest.raises(ValueError, match='4 dimensions'): check_tensor(torch.zeros(2, 3), 'xb', ndim=4)
    assert check_tensor(torch.tensor([float('nan')]), finite=False).isnan().all()

def test_model_checks():
    m = torch.nn.Linear(1, 1); assert check_model(m) is m
    with pytest.raises(TypeError, match='Learner: model: expected a torch.nn.Module, got None'): check_model(None, 'model', 'Learner')
    with pytest.raises(TypeError, match=r'call it: Linear\(\)'): check_model(torch.nn.Linear, 'model')
    with pytest.raises(TypeError, match='got str'): check_model('resnet', 'model')

@pytest.mark.parametrize('v,exc,bit', [(0, ValueError, 'got 0'), (-3, ValueError, 'got -3'), (2.5, TypeError, 'use 2 or 3'),
                                       (True, TypeError, 'bool'), ('8', TypeError, 'str'), (None, TypeError, 'None'),
                                       (float('nan'), TypeError, 'float nan')])
def test_check_int_refuses(v, exc, bit):
    with pytest.raises(exc) as e: check_int(v, 'n_train', 'make')
    assert 'make: n_train' in str(e.value) and bit in str(e.value)

@SET
@given(st.integers(1, 10**6))
def test_check_int_accepts(v):
    assert check_int(v, 'n') == v and check_int(np.int32(min(v, 2**31 - 1)), 'n') == min(v, 2**31 - 1)

def test_check_number():
    assert check_number(np.float32(0.25), 'p', lo=0, hi=1) == 0.25
    for v in (-0.1, 1.1, float('nan'), float('inf')):
        with pytest.raises(ValueError, match='iou_hit: thresh'): check_number(v, 'thresh', 'iou_hit', 0, 1)
    with pytest.raises(ValueError, match='> 0'): check_number(0, 'lr', 'fit', lo=0, lo_open=True)
    with pytest.raises(TypeError, match='got str'): check_number('0.1', 'lr')

def test_check_hw_non_square():
    assert check_hw((3, 7), 'size') == (3, 7) and check_hw(np.int64(4), 'size') == (4, 4)
    with pytest.raises(ValueError, match=r'size\[0\] \(height\)'): check_hw((0, 7), 'size')
    with pytest.raises(TypeError, match=r'size\[1\] \(width\)'): check_hw((3, 7.5), 'size')
    with pytest.raises(ValueError, match='height, width'): check_hw((3, 7, 1), 'size')

def test_check_path(tmp_path):
    (tmp_path / 'a.csv').write_text('x')
    assert check_path(str(tmp_path / 'a.csv'), kind='file') == tmp_path / 'a.csv'
    with pytest.raises(FileNotFoundError, match='open_image: fname: no such file'): check_path(tmp_path / 'b.jpg', 'fname', 'open_image', kind='file')
    with pytest.raises(ValueError, match='expected a folder'): check_path(tmp_path / 'a.csv', kind='dir')
    with pytest.raises(TypeError, match='got None'): check_path(None, 'fname')
    assert check_path(tmp_path / 'new', exists=False) == tmp_path / 'new'

def test_not_none():
    assert check_not_none(0, 'x') == 0
    with pytest.raises(TypeError, match='squish: im: expected an image, got None; read it again'):
        check_not_none(None, 'im', 'squish', 'an image', 'read it again')
