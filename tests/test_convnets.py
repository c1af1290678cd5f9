"Property tests for course_dl.convnets: convolutionize is exact on random heads over random feature extractors."
import pytest
import torch
from torch import nn
from hypothesis import given, settings, assume, strategies as st
from course_dl.convnets import conv, ResBlock, lenet5, out_len, map_size, convolutionize

SETTINGS = dict(deadline=None, max_examples=40, derandomize=True)


def _shape(net, size):
    "Real (C, H, W) output of `net` on zeros of `size`, in eval mode."
    net.eval()
    with torch.no_grad(): return tuple(net(torch.zeros(1, *size)).shape[1:])


def _randomize_bn(net):
    "Random running statistics and affine parameters, so BatchNorm is not the identity in eval mode."
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, nn.modules.batchnorm._BatchNorm):
                m.running_mean.normal_(); m.running_var.uniform_(0.5, 2)
                m.weight.uniform_(0.5, 1.5); m.bias.normal_()


@st.composite
def extractors(draw, pad_free=False):
    "(layers, input_size, total stride) of a random convolutional feature extractor whose map is at least 1x1."
    c, h, w = draw(st.integers(1, 3)), draw(st.integers(6, 22)), draw(st.integers(6, 22))
    size = (c, h, w)
    torch.manual_seed(draw(st.integers(0, 2**16)))
    layers, stride = [], 1
    kinds = ['raw', 'maxpool', 'avgpool', 'relu'] if pad_free else ['raw', 'conv', 'res', 'maxpool', 'avgpool', 'bn', 'relu']
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(kinds))
        _, hh, ww = _shape(nn.Sequential(*layers), size) if layers else size
        nf = draw(st.integers(1, 6))
        if kind == 'raw':
            k, s = draw(st.integers(1, 4)), draw(st.integers(1, 2))
            p = 0 if pad_free else draw(st.integers(0, k//2))
            if min(hh, ww) + 2*p < k: continue
            layers.append(nn.Conv2d(c, nf, k, stride=s, padding=p)); c, stride = nf, stride*s
        elif kind == 'conv':
            s = draw(st.integers(1, 2))
            layers.append(conv(c, nf, ks=draw(st.sampled_from([1, 3, 5])), stride=s)); c, stride = nf, stride*s
        elif kind == 'res': layers.append(ResBlock(c, draw(st.sampled_from([1, 3]))))
        elif kind in ('maxpool', 'avgpool'):
            if min(hh, ww) < 2: continue
            layers.append(nn.MaxPool2d(2) if kind == 'maxpool' else nn.AvgPool2d(2)); stride *= 2
        elif kind == 'bn': layers.append(nn.BatchNorm2d(c))
        else: layers.append(nn.ReLU())
    if not layers: layers.append(nn.Conv2d(c, 2, 1))
    _randomize_bn(nn.Sequential(*layers))
    return layers, size, stride


@st.composite
def heads(draw, n_in):
    "A random classifier: Flatten, then 1-3 Linear layers of random widths with pointwise layers between."
    layers, n, first = [nn.Flatten()], n_in, True
    if draw(st.booleans()): layers.append(nn.Dropout(0.5))
    for d in range(draw(st.integers(1, 3))):
        width = draw(st.integers(1, 12))
        layers.append(nn.Linear(n, width, bias=draw(st.booleans())))
        n = width
        for extra in draw(st.lists(st.sampled_from(['relu', 'tanh', 'dropout', 'bn1d', 'leaky']), max_size=2)):
            layers.append(dict(relu=nn.ReLU, tanh=nn.Tanh, dropout=lambda: nn.Dropout(0.3),
                               leaky=lambda: nn.LeakyReLU(0.1), bn1d=lambda: nn.BatchNorm1d(n))[extra]())
    if draw(st.booleans()): layers.append(nn.LogSoftmax(dim=-1))
    return layers


@st.composite
def nets(draw, pad_free=False):
    "(original nn.Sequential in eval mode, input_size, total (row, column) stride): a random head on a random extractor."
    feats, size, stride = draw(extractors(pad_free))
    stride = (stride, stride)
    fc, fh, fw = _shape(nn.Sequential(*feats), size)
    if draw(st.booleans()):   # an adaptive pooling whose output size divides the map: a fixed pooling in disguise
        oh = draw(st.sampled_from([d for d in range(1, fh + 1) if fh % d == 0]))
        ow = draw(st.sampled_from([d for d in range(1, fw + 1) if fw % d == 0]))
        feats.append(draw(st.sampled_from([nn.AdaptiveAvgPool2d, nn.AdaptiveMaxPool2d]))((oh, ow)))
        stride, fh, fw = (stride[0]*(fh//oh), stride[1]*(fw//ow)), oh, ow
    net = nn.Sequential(nn.Sequential(*feats), *draw(heads(fc*fh*fw)))
    _randomize_bn(net)
    return net.eval(), size, stride


@settings(**SETTINGS)
@given(nets())
def test_exact_on_input_size(net_size_stride):
    net, size, _ = net_size_stride
    x = torch.randn(3, *size)
    cnet = convolutionize(net, size).eval()
    assert not any(isinstance(m, (nn.Linear, nn.Flatten, nn.Sequential)) for m in cnet)
    with torch.no_grad(): y, cy = net(x), cnet(x)
    assert cy.shape == (3, y.shape[1], 1, 1)
    assert (cy.flatten(1) - y).abs().max().item() <= 1e-5


@settings(**SETTINGS)
@given(nets(), st.integers(0, 9), st.integers(0, 9))
def test_larger_input_gives_predicted_map(net_size_stride, dh, dw):
    net, (c, h, w), _ = net_size_stride
    cnet = convolutionize(net, (c, h, w)).eval()
    with torch.no_grad(): out = cnet(torch.randn(2, c, h + dh, w + dw))
    assert tuple(out.shape[1:]) == map_size(cnet, (c, h + dh, w + dw))


@settings(**SETTINGS)
@given(nets(pad_free=True), st.integers(1, 2), st.integers(0, 2))
def test_map_is_the_classifier_slid(net_size_stride, ni, nj):
    "Without padding, map position (i, j) is the original net on the crop at (i*stride, j*stride)."
    net, (c, h, w), (sh, sw) = net_size_stride
    cnet = convolutionize(net, (c, h, w)).eval()
    x = torch.randn(1, c, h + ni*sh, w + nj*sw)
    with torch.no_grad():
        out = cnet(x)
        assert out.shape[2:] == (ni + 1, nj + 1)
        for i in range(ni + 1):
            for j in range(nj + 1):
                crop = x[..., i*sh:i*sh + h, j*sw:j*sw + w]
                assert (out[0, :, i, j] - net(crop)[0]).abs().max().item() <= 1e-5


@settings(**SETTINGS)
@given(extractors(), st.integers(0, 12), st.integers(0, 12))
def test_map_size_matches_torch(feats_size_stride, dh, dw):
    feats, (c, h, w), _ = feats_size_stride
    nc = _shape(nn.Sequential(*feats), (c, h, w))[0]
    feats = feats + [nn.MaxPool2d(3, 2, padding=1, ceil_mode=True), nn.Conv2d(nc, 2, 3, padding='same', dilation=2)]
    assert map_size(feats, (c, h + dh, w + dw)) == _shape(nn.Sequential(*feats), (c, h + dh, w + dw))


@settings(**SETTINGS)
@given(st.integers(1, 40), st.integers(1, 7), st.integers(1, 4), st.integers(0, 3), st.integers(1, 3), st.booleans())
def test_out_len_matches_torch(n, k, s, p, d, ceil):
    assume(p <= k//2 and n + 2*p >= d*(k - 1) + 1)
    x = torch.zeros(1, 1, n)
    assert out_len(n, k, s, p, d) == torch.nn.functional.conv1d(x, torch.zeros(1, 1, k), stride=s, padding=p, dilation=d).shape[-1]
    assert out_len(n, k, s, p, d, ceil) == torch.nn.functional.max_pool1d(x, k, s, p, d, ceil_mode=ceil).shape[-1]


def test_result_is_independent_copy():
    net = lenet5()
    cnet = convolutionize(net, (1, 28, 28))
    before = [p.clone() for p in net.parameters()]
    with torch.no_grad():
        for p in cnet.parameters(): p.add_(1)
    assert all(torch.equal(a, b) for a, b in zip(before, net.parameters()))


def test_float64_and_no_bias():
    torch.manual_seed(0)
    net = nn.Sequential(nn.Conv2d(2, 3, 3), nn.Flatten(), nn.Linear(3*4*5, 4, bias=False)).double().eval()
    cnet = convolutionize(net, (2, 6, 7))
    assert cnet[-1].bias is None and cnet[-1].weight.dtype == torch.float64
    x = torch.randn(2, 2, 6, 7, dtype=torch.float64)
    assert (cnet(x).flatten(1) - net(x)).abs().max().item() <= 1e-12


def test_softmax_last_dim_becomes_channel_dim():
    torch.manual_seed(0)
    net = nn.Sequential(nn.Conv2d(1, 2, 3), nn.Flatten(), nn.Linear(2*4*4, 5), nn.Softmax(dim=-1)).eval()
    cnet = convolutionize(net, (1, 6, 6))
    assert cnet[-1].dim == 1
    out = cnet(torch.randn(1, 1, 9, 9))          # a 5x4x4 map: probabilities sum to 1 over classes at each position
    assert torch.allclose(out.sum(1), torch.ones(1, 4, 4))


BAD = [  # (layers, input_size, expected words in the message)
    (lambda: lenet5(), (1, 20, 20), 'layer 7 Linear(in_features=256'),
    (lambda: lenet5(), (1, 20, 20), '16x2x2 = 64'),
    (lambda: lenet5(), (1, 12, 12), 'layer 3 Conv2d(6, 16'),
    (lambda: lenet5(), (1, 12, 12), 'does not fit the 4x4 map'),
    (lambda: lenet5(), (3, 28, 28), 'expects 1 channels'),
    (lambda: lenet5(), (28, 28), '(channels, height, width)'),
    (lambda: lenet5(), (1, 0, 28), '(channels, height, width)'),
    (lambda: [nn.Conv2d(1, 2, 3), nn.AdaptiveAvgPool2d(4), nn.Flatten(), nn.Linear(32, 2)], (1, 9, 9),
     'layer 1 AdaptiveAvgPool2d(output_size=4)'),
    (lambda: [nn.Conv2d(1, 2, 3), nn.AdaptiveAvgPool2d(4), nn.Flatten(), nn.Linear(32, 2)], (1, 5, 5),
     'unequal, overlapping'),
    (lambda: [nn.Conv2d(1, 2, 3), nn.LayerNorm([2, 4, 4])], (1, 6, 6), 'layer 1 LayerNorm'),
    (lambda: [nn.Conv2d(1, 2, 3), nn.Upsample(scale_factor=2)], (1, 6, 6), 'unknown layer type'),
    (lambda: [nn.Conv2d(1, 2, 3), nn.Linear(4, 2)], (1, 6, 6), 'put nn.Flatten() before it'),
    (lambda: [nn.Flatten(), nn.BatchNorm1d(36), nn.Linear(36, 2)], (1, 6, 6), 'layer 1 BatchNorm1d'),
    (lambda: [nn.Flatten(), nn.Conv2d(1, 1, 1)], (1, 6, 6), 'comes after nn.Flatten'),
    (lambda: [nn.Flatten(), nn.MaxPool2d(2)], (1, 6, 6), 'layer 1 MaxPool2d'),
    (lambda: [nn.Flatten(start_dim=0), nn.Linear(36, 2)], (1, 6, 6), 'start_dim=1'),
    (lambda: [nn.Conv2d(1, 2, 3), nn.Softmax(dim=2)], (1, 6, 6), 'only dim=1'),
    (lambda: [nn.Conv2d(1, 2, 3), torch.flatten], (1, 6, 6), 'not an nn.Module'),
    (lambda: ResBlock(4), (4, 6, 6), 'expected a list of layers'),
    (lambda: 3, (1, 6, 6), 'expected a list of layers'),
]

@pytest.mark.parametrize('make,size,words', BAD)
def test_errors_name_layer_and_reason(make, size, words):
    with pytest.raises(ValueError) as e: convolutionize(make(), size)
    assert words in str(e.value), str(e.value)


def test_map_size_errors():
    with pytest.raises(ValueError, match='convolutionize'): map_size(lenet5(), (1, 28, 28))
    with pytest.raises(ValueError, match='layer 1 MaxPool2d'): map_size([nn.Conv2d(1, 1, 3), nn.MaxPool2d(5)], (1, 6, 6))
    with pytest.raises(ValueError, match='odd kernel size'): ResBlock(3, 2)


def test_layer_table_counts_shared_layers_once():
    from course_dl.convnets import layer_table
    lin = nn.Linear(4, 4)
    net = nn.Sequential(nn.Flatten(), lin, nn.ReLU(), lin).train()
    t = layer_table(net, (1, 2, 2))
    assert list(t.type) == ['Flatten', 'Linear', 'ReLU', 'Linear']
    assert list(t.params) == [0, 20, 0, 0] and t.params.sum() == sum(p.numel() for p in net.parameters())
    assert net.training and lin.training


def convolutionize_notes(layers, input_size):
    "The EPFL notes' convolutionize, written out: each Linear becomes a Conv2d over the map reaching it, weights copied."
    result_layers = []
    x = torch.zeros((1, ) + input_size)
    for m in layers:
        if isinstance(m, torch.nn.Linear):
            n = torch.nn.Conv2d(in_channels=x.size(1), out_channels=m.weight.size(0), kernel_size=(x.size(2), x.size(3)))
            with torch.no_grad():
                n.weight.view(-1).copy_(m.weight.view(-1))
                n.bias.view(-1).copy_(m.bias.view(-1))
            m = n
        result_layers.append(m)
        x = m(x)
    return result_layers


@settings(deadline=None, max_examples=15, derandomize=True)
@given(st.integers(8, 20), st.integers(8, 20), st.integers(1, 3), st.integers(1, 8), st.integers(0, 2**16))
def test_twin_of_the_notes_convolutionize(h, w, c, n_out, seed):
    "An independent implementation (the notes'): same weights, same outputs, on non-square sizes and larger inputs."
    torch.manual_seed(seed)
    fh, fw = (h - 2)//2, (w - 2)//2
    net = nn.Sequential(nn.Conv2d(c, 4, 3), nn.MaxPool2d(2), nn.ReLU(), nn.Flatten(),
                        nn.Linear(4*fh*fw, 7), nn.ReLU(), nn.Linear(7, n_out)).eval()
    ours = convolutionize(net, (c, h, w)).eval()
    notes = nn.Sequential(*convolutionize_notes([m for m in net if not isinstance(m, nn.Flatten)], (c, h, w))).eval()
    assert [tuple(m.kernel_size) for m in ours if isinstance(m, nn.Conv2d)][1] == (fh, fw)   # (height, width)
    for a, b in zip(ours.state_dict().values(), notes.state_dict().values()): assert torch.equal(a, b)
    with torch.no_grad():
        for x in (torch.randn(2, c, h, w), torch.randn(1, c, h + 7, w + 3)):
            assert torch.allclose(ours(x), notes(x), atol=1e-6)
        x = torch.randn(2, c, h, w)
        assert torch.allclose(notes(x).flatten(1), net(x), atol=1e-5)   # and the twin itself is exact


def test_transposed_input_size_is_not_the_same_network():
    "Height and width matter: at the transposed size, same number of inputs to the Linear, different kernel and output."
    torch.manual_seed(0)
    net = nn.Sequential(nn.Conv2d(1, 2, 3), nn.Flatten(), nn.Linear(2*6*10, 3)).eval()
    x = torch.randn(2, 1, 8, 12)
    cnet = convolutionize(net, (1, 8, 12)).eval()
    with torch.no_grad(): assert torch.allclose(cnet(x).flatten(1), net(x), atol=1e-5)
    assert cnet[-1].kernel_size == (6, 10)
    assert convolutionize(net, (1, 12, 8))[-1].kernel_size == (10, 6)
    assert map_size(cnet, (1, 8, 20)) == (3, 1, 9)
    with pytest.raises(ValueError, match='6x10 kernel .* does not fit the 18x6 map'): map_size(cnet, (1, 20, 8))


def test_lenet5_orders_commute():
    "The notes' Conv -> ReLU -> MaxPool and our Conv -> MaxPool -> ReLU are the same function, exactly."
    torch.manual_seed(0)
    net = lenet5()
    notes = nn.Sequential(net[0], net[2], net[1], net[3], net[5], net[4], *net[6:])
    with torch.no_grad():
        x = torch.randn(8, 1, 28, 28)
        assert torch.equal(notes(x), net(x))
        m = torch.randn(3, 4, 9, 14)
        assert torch.equal(torch.relu(nn.functional.max_pool2d(m, 2)), nn.functional.max_pool2d(torch.relu(m), 2))


@pytest.mark.parametrize('mode', [True, False])
def test_layer_table_restores_each_mode(mode):
    "From train mode and from eval mode (and a mixed state), every module's mode is as it was."
    from course_dl.convnets import layer_table
    net = lenet5().train(mode)
    net[7].train(not mode)
    before = [m.training for m in net.modules()]
    t = layer_table(net, (1, 28, 28))
    assert [m.training for m in net.modules()] == before
    assert list(t.output[:2]) == ['6×24×24', '6×12×12']


def test_layer_table_non_square():
    from course_dl.convnets import layer_table
    t = layer_table(nn.Sequential(nn.Conv2d(1, 2, 3), nn.MaxPool2d(2)), (1, 9, 16))
    assert list(t.output) == ['2×7×14', '2×3×7']


def test_out_len_and_sizes_refuse_non_positive():
    with pytest.raises(ValueError, match='stride'): out_len(10, 3, stride=0)
    with pytest.raises(ValueError, match='padding'): out_len(10, 3, padding=-1)
    with pytest.raises(TypeError, match='n'): out_len(10.5, 3)
    with pytest.raises(ValueError, match='n_classes'): lenet5(0)
    with pytest.raises(ValueError, match='nf'): ResBlock(0)
    with pytest.raises(ValueError, match='ks'): conv(3, 4, ks=0)
