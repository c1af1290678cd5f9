"Tests for course_dl.segment: the from-scratch transposed convolution, the U-Net's sizes, the CamVid reader."
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings, assume, strategies as st
from PIL import Image
from torch import nn
from course_dl.segment import (VOID, conv_transpose2d, insert_zeros, Unet, UnetBlock, FCN, upsampler, UPSAMPLERS,
                               read_codes, label_path, open_mask, camvid_split, load_camvid, seg_confusion,
                               class_iou, class_acc, seg_report, seg_loss, checkerboard, unet_split)

SETTINGS = dict(deadline=None, max_examples=40, derandomize=True)
pair = st.tuples(st.integers(1, 4), st.integers(1, 4))


@settings(**SETTINGS)
@given(n=st.integers(1, 2), c_in=st.integers(1, 4), c_out=st.integers(1, 4), h=st.integers(1, 7), w=st.integers(1, 7),
       k=pair, stride=pair, pad=st.tuples(st.integers(0, 4), st.integers(0, 4)), bias=st.booleans(), seed=st.integers(0, 999))
def test_conv_transpose2d_equals_pytorch(n, c_in, c_out, h, w, k, stride, pad, bias, seed):
    assume((h-1)*stride[0] - 2*pad[0] + k[0] >= 1 and (w-1)*stride[1] - 2*pad[1] + k[1] >= 1)
    g = torch.Generator().manual_seed(seed)
    x, wt = torch.randn(n, c_in, h, w, generator=g), torch.randn(c_in, c_out, *k, generator=g)
    b = torch.randn(c_out, generator=g) if bias else None
    ours, ref = conv_transpose2d(x, wt, b, stride, pad), F.conv_transpose2d(x, wt, b, stride, pad)
    assert ours.shape == ref.shape
    torch.testing.assert_close(ours, ref, atol=1e-4, rtol=1e-4)


@settings(**SETTINGS)
@given(h=st.integers(2, 7), w=st.integers(2, 7), k=st.integers(1, 4), s=st.integers(1, 3), p=st.integers(0, 2), seed=st.integers(0, 999))
def test_conv_transpose2d_is_adjoint_of_conv2d(h, w, k, s, p, seed):
    "An independent fact: <conv2d(y, w), x> == <y, conv_transpose2d(x, w)>."
    assume((h-1)*s - 2*p + k >= 1 and (w-1)*s - 2*p + k >= 1 and p < k)
    g = torch.Generator().manual_seed(seed)
    x, wt = torch.randn(1, 3, h, w, generator=g, dtype=torch.float64), torch.randn(3, 2, k, k, generator=g, dtype=torch.float64)
    y = torch.randn(conv_transpose2d(x, wt, None, s, p).shape, generator=g, dtype=torch.float64)
    conv = F.conv2d(y, wt, None, s, p)
    assume(conv.shape == x.shape)   # conv2d's floor can drop rows the transposed conv made (output_padding)
    torch.testing.assert_close((conv*x).sum(), (y*conv_transpose2d(x, wt, None, s, p)).sum())


def test_insert_zeros_by_hand():
    x = torch.tensor([[1., 2], [3, 4], [5, 6]])[None, None]
    z = insert_zeros(x, (2, 3))
    assert z[0, 0].tolist() == [[1, 0, 0, 2], [0, 0, 0, 0], [3, 0, 0, 4], [0, 0, 0, 0], [5, 0, 0, 6]]


def test_conv_transpose2d_errors():
    with pytest.raises(ValueError, match=r'\(c_in, c_out, k, k\)'): conv_transpose2d(torch.randn(1, 3, 4, 4), torch.randn(2, 3, 3, 3))
    with pytest.raises(ValueError, match='leaves no output'): conv_transpose2d(torch.randn(1, 1, 2, 2), torch.randn(1, 1, 2, 2), padding=3)
    with pytest.raises(ValueError, match='stride'): conv_transpose2d(torch.randn(1, 1, 2, 2), torch.randn(1, 1, 2, 2), stride=1.5)


@settings(deadline=None, max_examples=12, derandomize=True)
@given(h=st.integers(8, 41), w=st.integers(8, 41), up=st.sampled_from(UPSAMPLERS), skip=st.booleans())
def test_unet_output_has_input_size(h, w, up, skip):
    net = Unet(3, 5, (4, 8, 8, 16), up=up, skip=skip).eval()
    with torch.no_grad(): assert net(torch.randn(1, 3, h, w)).shape == (1, 5, h, w)


@pytest.mark.parametrize('hw', [(64, 64), (63, 65), (8, 8), (9, 17), (30, 8)])
def test_unet_default_even_odd(hw):
    net = Unet(3, 7).eval()
    with torch.no_grad(): assert net(torch.randn(2, 3, *hw)).shape == (2, 7, *hw)
    assert isinstance(net.head, nn.Conv2d) and list(net.modules())[-1] is net.head   # plain conv last, no activation


@pytest.mark.parametrize('widths,hw,smallest', [((16, 32, 64, 128), (7, 30), 8), ((16, 32, 64, 128), (30, 7), 8),
                                                ((4, 8, 16, 32, 64), (15, 16), 16), ((4, 8), (1, 5), 2)])
def test_unet_too_small_raises_naming_the_smallest_size(widths, hw, smallest):
    net = Unet(1, 2, widths)
    with pytest.raises(ValueError, match=f'at least {smallest} pixels'): net(torch.randn(1, 1, *hw))
    with torch.no_grad(): assert net.eval()(torch.randn(1, 1, smallest, smallest)).shape == (1, 2, smallest, smallest)


def test_unet_bad_args():
    with pytest.raises(ValueError, match='widths'): Unet(3, 2, (16,))
    with pytest.raises(ValueError, match='up in'): Unet(3, 2, up='deconv')
    with pytest.raises(ValueError, match=r'\(N, 3, H, W\)'): Unet(3, 2)(torch.randn(1, 4, 16, 16))


def test_skip_false_drops_only_the_concatenation():
    "Same layers; the decoder block's first conv reads skip + upsampled channels (8) with skips, the upsampled (4) without."
    a, b = Unet(1, 1, (4, 8)), Unet(1, 1, (4, 8), skip=False)
    assert len(list(a.parameters())) == len(list(b.parameters()))
    assert a.ups[0].convs[0][0].in_channels == 8 and b.ups[0].convs[0][0].in_channels == 4


@pytest.mark.parametrize('hw', [(37, 50), (16, 24), (8, 9)])
def test_encoder_is_the_downsampling_path(hw):
    "Unet.encoder gives the bottom of the U (what the first decoder block receives) and shares the U-Net's weights."
    net = Unet(3, 5, (4, 8, 8, 16)).eval()
    x, seen = torch.randn(2, 3, *hw), []
    h = net.ups[0].register_forward_hook(lambda m, inp, out: seen.append(inp[0]))
    net(x); h.remove()
    bottom = net.encoder(x)
    assert torch.allclose(bottom, seen[0]) and bottom.shape == (2, 16, hw[0]//8, hw[1]//8)
    before = net(x)
    with torch.no_grad(): net.encoder[2][1][0][0].weight.add_(1.)          # the third stage's first conv, through the encoder
    assert not torch.allclose(net(x), before)                                # ... changed the U-Net: shared, not copied


def test_unet_split_two_groups_and_slice_lrs():
    "Encoder in the first group, decoder and head in the second: slice(lr) trains the encoder at lr/10."
    from course_dl.learner import Learner, DataLoaders
    from torch.utils.data import DataLoader, TensorDataset
    net = Unet(3, 4, (4, 8))
    enc, rest = unet_split(net)
    ids = lambda ps: {id(p) for p in ps}
    assert ids(enc.parameters()) == ids(net.downs.parameters()) and ids(rest) == ids(net.ups.parameters()) | ids(net.head.parameters())
    ds = TensorDataset(torch.randn(4, 3, 8, 8), torch.randint(0, 4, (4, 8, 8)))
    learn = Learner(net, DataLoaders(DataLoader(ds, 2), DataLoader(ds, 2)), F.cross_entropy, splitter=unet_split, progress=False)
    learn.fit_one_cycle(1, slice(1e-2))
    lrs = [g['lr'] for g in learn.opt.param_groups]
    assert len(lrs) == 2 and lrs[0] == pytest.approx(lrs[1] / 10)
    with pytest.raises(TypeError, match='expected a Unet'): unet_split(nn.Conv2d(1, 1, 1))


def test_upsamplers_double():
    x = torch.randn(2, 6, 3, 5)
    for kind in UPSAMPLERS: assert upsampler(6, 4, kind)(x).shape == (2, 4, 6, 10)
    with pytest.raises(ValueError, match='kind'): upsampler(6, 4, 'cubic')


def test_checkerboard_score():
    assert checkerboard(torch.ones(8, 8)) == 0
    cb = (torch.arange(8)[:, None] + torch.arange(8)[None]) % 2
    assert checkerboard(cb.float()) > 0.9
    assert checkerboard(torch.linspace(0, 1, 64).view(8, 8)) < 0.01


def test_fcn_sizes():
    from course_dl.convnets import lenet5
    fcn = FCN(lenet5(7, ni=3), (3, 28, 28), pad=12).eval()
    with torch.no_grad(): assert fcn(torch.randn(1, 3, 64, 40)).shape == (1, 7, 64, 40)


# ---- the CamVid-layout reader
def _folder(tmp_path, labels, codes=('background', 'road', 'car'), valid=('b.png',)):
    (tmp_path/'images').mkdir(); (tmp_path/'labels').mkdir()
    (tmp_path/'codes.txt').write_text('\n'.join(codes) + '\n')
    (tmp_path/'valid.txt').write_text('\n'.join(valid) + '\n')
    for stem, m in labels.items():
        Image.fromarray(np.full(m.shape + (3,), 100, np.uint8)).save(tmp_path/'images'/f'{stem}.png')
        Image.fromarray(m.astype(np.uint8)).save(tmp_path/'labels'/f'{stem}_P.png')
    return tmp_path


def test_reader_reads_a_non_square_folder(tmp_path):
    m = np.array([[0, 1, 2, 255, 0]]*3)
    p = _folder(tmp_path, {'a': m, 'b': m[:, ::-1]})
    d = load_camvid(p)
    assert d.codes == ['background', 'road', 'car']
    assert d.x_train.shape == (1, 3, 3, 5) and d.y_valid.shape == (1, 3, 5)
    assert d.y_valid[0, 0].tolist() == [0, 255, 2, 1, 0]
    assert label_path(p/'images'/'x.png', p/'labels') == p/'labels'/'x_P.png'
    d2 = load_camvid(p, void='road')
    assert d2.y_train[0, 0].tolist() == [0, 255, 2, 255, 0]
    d3 = load_camvid(p, size=(6, 10))             # (height, width); labels resized by nearest: codes stay codes
    assert d3.x_train.shape == (1, 3, 6, 10) and d3.y_train.shape == (1, 6, 10)
    assert set(d3.y_train.unique().tolist()) == {0, 1, 2, 255}


def test_reads_the_generated_shapes(tmp_path):
    from course_dl.shapes import make_shapes_camvid, CODES
    d = load_camvid(make_shapes_camvid(tmp_path/'s', n_train=3, n_valid=2, size=(32, 48)))
    assert d.codes == CODES and d.x_train.shape == (3, 3, 32, 48) and d.y_valid.shape == (2, 32, 48)
    assert set(d.y_train.unique().tolist()) <= set(range(len(CODES))) | {VOID}


@pytest.mark.parametrize('bad', [3, 7, 254])
def test_labels_outside_the_codes_raise_naming_file_and_value(tmp_path, bad):
    m = np.zeros((4, 6)); m[1, 2] = bad
    p = _folder(tmp_path, {'a': np.zeros((4, 6)), 'b': m})
    with pytest.raises(ValueError, match=rf'b_P\.png holds the value {bad}\b'): load_camvid(p)
    with pytest.raises(ValueError, match=rf'b_P\.png holds the value {bad}\b'): open_mask(p/'labels'/'b_P.png', 3)


def test_void_and_codes_are_fine(tmp_path):
    m = np.array([[0, 1, 2, 255]])
    p = _folder(tmp_path, {'a': m, 'b': m})
    assert open_mask(p/'labels'/'a_P.png', 3).tolist() == [[0, 1, 2, 255]]


def test_reader_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match='codes.txt'): read_codes(tmp_path)
    p = _folder(tmp_path, {'a': np.zeros((2, 2))}, valid=('zz.png',))
    with pytest.raises(ValueError, match='zz.png'): camvid_split(p)
    (p/'valid.txt').write_text('a.png\n')
    (p/'labels'/'a_P.png').unlink()
    with pytest.raises(FileNotFoundError, match='a_P.png'): load_camvid(p)
    with pytest.raises(ValueError, match='void'): load_camvid(p, void='sky')


# ---- metrics
@settings(deadline=None, max_examples=20, derandomize=True)
@given(n=st.integers(1, 3), c=st.integers(2, 5), h=st.integers(1, 6), w=st.integers(1, 6), seed=st.integers(0, 999))
def test_confusion_and_iou_against_sklearn(n, c, h, w, seed):
    from sklearn.metrics import confusion_matrix, jaccard_score
    g = torch.Generator().manual_seed(seed)
    logits, targ = torch.randn(n, c, h, w, generator=g), torch.randint(0, c, (n, h, w), generator=g)
    targ[torch.rand(n, h, w, generator=g) < 0.2] = VOID
    keep = targ != VOID
    assume(keep.any())
    pred = logits.argmax(1)
    cm = seg_confusion(logits, targ, c)
    np.testing.assert_array_equal(cm.numpy(), confusion_matrix(targ[keep], pred[keep], labels=range(c)))
    present = (cm.sum(0) + cm.sum(1)) > 0
    ref = jaccard_score(targ[keep], pred[keep], average=None, labels=range(c), zero_division=0)
    np.testing.assert_allclose(class_iou(cm).numpy()[present.numpy()], ref[present.numpy()])
    assert abs(seg_report(logits, targ, c)['acc'] - (pred[keep] == targ[keep]).float().mean().item()) < 1e-6


def test_seg_loss_ignores_void():
    g = torch.Generator().manual_seed(0)
    x, y = torch.randn(2, 3, 4, 5, generator=g), torch.randint(0, 3, (2, 4, 5), generator=g)
    y2 = y.clone(); y2[0, :2] = VOID
    x2 = x.clone(); x2[0, :, :2] = 100 * torch.randn(3, 2, 5, generator=g)   # scores at void pixels do not matter
    keep = y2 != VOID
    ref = F.cross_entropy(x.permute(0, 2, 3, 1)[keep], y2[keep])
    torch.testing.assert_close(seg_loss(x2, y2), ref)


def test_checks_keep_valid_calls():
    "issue 20: numpy confusion matrices and scores with one more dimension than the labels pass the new checks."
    cm = np.array([[3, 1], [0, 2]])
    np.testing.assert_allclose(class_iou(cm).numpy(), [3/4, 2/3])
    np.testing.assert_allclose(class_acc(cm).numpy(), [3/4, 1])
    g = torch.Generator().manual_seed(0)
    x, y = torch.randn(2, 3, 4, 5, generator=g), torch.randint(0, 3, (2, 4, 5), generator=g)
    assert (seg_confusion(x, y, 3) == seg_confusion(x.argmax(1), y, 3)).all()
    assert seg_loss(x, y).ndim == 0
