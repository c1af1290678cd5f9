"""Rows of the bad-input table (issue 20) for lessons 13-16: metrics, resnet, multilabel, segment.

Collected by tests/test_bad_input.py. Each row: the call a student might make, the exception it must raise and the
strings its message must contain (at least the function and the argument's name), or, for `exc=None`, the documented
value and where it is documented. Run alone: `pytest tests/bad_cases_c.py`.
"""
import sys, tempfile
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).parent))
from bad_case import Case

from course_dl import metrics as M, resnet as R, multilabel as ML, segment as SG

def _file(name, text):
    p = Path(tempfile.mkdtemp(prefix='bad_cases_c_')) / name; p.write_text(text); return p
f43, t4 = torch.randn(4, 3), torch.tensor([0, 1, 2, 0])
s5, y5 = torch.tensor([0.1, 0.4, 0.35, 0.8, 0.4]), torch.tensor([0, 0, 1, 1, 1])
ml_inp, ml_targ = torch.randn(4, 3), torch.tensor([[1, 0, 1], [0, 0, 1], [1, 1, 0], [0, 1, 0]])
nan = float('nan')

# ---- 13 metrics ------------------------------------------------------------------------------------------------------
CASES = [
Case('metrics.fbeta thresh 2', 'metrics', lambda: M.fbeta(ml_inp, ml_targ, thresh=2), ValueError, ('fbeta: thresh', '[0, 1]', 'got 2')),
Case('metrics.fbeta thresh nan', 'metrics', lambda: M.fbeta(ml_inp, ml_targ, thresh=nan), ValueError, ('fbeta: thresh', 'nan')),
Case('metrics.fbeta beta str', 'metrics', lambda: M.fbeta(ml_inp, ml_targ, beta='2'), TypeError, ('fbeta: beta', 'str')),
Case('metrics.fbeta nothing true nothing predicted', 'metrics', lambda: M.fbeta(torch.full((2, 3), -20.), torch.zeros(2, 3)), None,
     value=torch.tensor(0.), why='fbeta docments: a sample with no true and no predicted label scores 0'),
Case('metrics.accuracy_thresh thresh negative', 'metrics', lambda: M.accuracy_thresh(ml_inp, ml_targ, thresh=-0.1), ValueError, ('accuracy_thresh: thresh', '[0, 1]')),
Case('metrics.accuracy_thresh thresh None', 'metrics', lambda: M.accuracy_thresh(ml_inp, ml_targ, thresh=None), TypeError, ('accuracy_thresh: thresh', 'None')),
Case('metrics.tpr_fpr thresh str', 'metrics', lambda: M.tpr_fpr(s5, y5, '0.5'), TypeError, ('tpr_fpr: thresh', 'str')),
Case('metrics.tpr_fpr thresh nan', 'metrics', lambda: M.tpr_fpr(s5, y5, nan), ValueError, ('tpr_fpr: thresh', 'nan')),
Case('metrics.tpr_fpr thresh inf', 'metrics', lambda: [float(v) for v in M.tpr_fpr(s5, y5, float('inf'))], None,
     value=[0.0, 0.0], why="tpr_fpr: thresh=inf predicts nothing positive, roc_curve's first point (0, 0) (13_metrics)"),
Case('metrics.tpr_fpr thresh tensor', 'metrics', lambda: torch.stack(M.tpr_fpr(s5, y5, torch.tensor(0.4))), None,
     value=torch.tensor([2/3, 1/2]), why='tpr_fpr: a 0-dim tensor threshold (from roc_curve) is the number it holds (13_metrics)'),
Case('metrics.confusion_matrix n_classes float', 'metrics', lambda: M.confusion_matrix(t4, t4, n_classes=2.5), TypeError, ('confusion_matrix: n_classes', 'use 2 or 3')),
Case('metrics.confusion_matrix probabilities', 'metrics', lambda: M.confusion_matrix(torch.tensor([0.2, 0.9, 0.6, 0.1]), torch.tensor([0, 1, 1, 0])),
     ValueError, ('confusion_matrix: expected pred', 'non-integer', '(scores >= thresh).long()')),
Case('metrics.confusion_matrix None', 'metrics', lambda: M.confusion_matrix(None, t4), TypeError, ('confusion_matrix', 'pred', 'NoneType')),
Case('metrics.plot_confusion_matrix labels length', 'metrics', lambda: M.plot_confusion_matrix(torch.eye(3, dtype=torch.long), labels=['a', 'b']),
     ValueError, ('plot_confusion_matrix: labels', '2 names', '3x3')),
Case('metrics.plot_confusion_matrix non-square', 'metrics', lambda: M.plot_confusion_matrix(torch.zeros(3, 4)), ValueError, ('plot_confusion_matrix', 'square', '(3, 4)')),
Case('metrics.seg_accuracy c None', 'metrics', lambda: M.seg_accuracy(t4, t4, None), TypeError, ('seg_accuracy: c', 'None')),
Case('metrics.seg_accuracy c float', 'metrics', lambda: M.seg_accuracy(t4, t4, 2.5), TypeError, ('seg_accuracy: c', 'use 2 or 3')),
Case('metrics.seg_accuracy absent class', 'metrics', lambda: M.seg_accuracy(t4, t4, 7), None,
     value=torch.tensor(nan), why='seg_accuracy docments: nan when c is in neither map'),
Case('metrics.mean_seg_accuracy classes tensor', 'metrics', lambda: M.mean_seg_accuracy(t4, torch.tensor([0, 1, 1, 0]), classes=torch.tensor([0, 1])), None,
     value=torch.tensor(0.75), why='mean_seg_accuracy: classes as a tensor are the class ids it holds (13_metrics)'),
Case('metrics.error_rate str', 'metrics', lambda: M.error_rate('logits', t4), TypeError, ('error_rate', 'inp', 'str')),
Case('metrics.class_error_rates float targ', 'metrics', lambda: M.class_error_rates(f43, t4.float()), ValueError, ('class_error_rates', 'targ', 'targ.long()')),
Case('metrics.roc_auc numpy', 'metrics', lambda: M.roc_auc(np.array([0.1, 0.9, 0.2]), np.array([0, 1, 0])), None,
     value=torch.tensor(1.), why='13_metrics: numpy arrays and lists are accepted as tensors (_tensor)'),
]

# ---- 14 resnet -------------------------------------------------------------------------------------------------------
_x8 = torch.zeros(3, 1, 4, 4, dtype=torch.uint8)
_ll = R.LabelList(torch.zeros(3, 1, 4, 4), torch.zeros(3, dtype=torch.long))
CASES += [
Case('resnet.norm_stats uint8', 'resnet', lambda: R.norm_stats(_x8), ValueError, ('norm_stats: x', 'uint8', 'x.float()/255')),
Case('resnet.norm_stats None', 'resnet', lambda: R.norm_stats(None), TypeError, ('norm_stats: x', 'None')),
Case('resnet.norm_stats one value', 'resnet', lambda: R.norm_stats(torch.zeros(1)), ValueError, ('norm_stats: x', 'at least 2')),
Case('resnet.norm_stats nan', 'resnet', lambda: R.norm_stats(torch.tensor([0., nan])), ValueError, ('norm_stats: x', 'NaN')),
Case('resnet.Normalize std 0', 'resnet', lambda: R.Normalize(0.13, 0), ValueError, ('Normalize: std', '> 0', 'got 0')),
Case('resnet.Normalize mean nan', 'resnet', lambda: R.Normalize(nan, 0.3), ValueError, ('Normalize: mean', 'nan')),
Case('resnet.Normalize uint8 batch', 'resnet', lambda: R.Normalize(0.13, 0.3)(_x8), ValueError, ('Normalize: x', 'x.float()/255')),
Case('resnet.normalize dls None', 'resnet', lambda: R.normalize(None, (0.1, 0.3)), TypeError, ('normalize: dls', 'None')),
Case('resnet.conv_layer ni 0', 'resnet', lambda: R.conv_layer(0, 8), ValueError, ('conv_layer: ni', 'got 0')),
Case('resnet.conv_layer stride 0', 'resnet', lambda: R.conv_layer(3, 8, stride=0), ValueError, ('conv_layer: stride', 'got 0')),
Case('resnet.conv_layer nf float', 'resnet', lambda: R.conv_layer(3, 2.5), TypeError, ('conv_layer: nf', 'use 2 or 3')),
Case('resnet.conv2 nf 0', 'resnet', lambda: R.conv2(3, 0), ValueError, ('conv2: nf', 'got 0')),
Case('resnet.plain_cnn n_classes 0', 'resnet', lambda: R.plain_cnn(n_classes=0), ValueError, ('plain_cnn: n_classes', 'got 0')),
Case('resnet.resnet_cnn ni float', 'resnet', lambda: R.resnet_cnn(ni=2.5), TypeError, ('resnet_cnn: ni', 'use 2 or 3')),
Case('resnet.dense_cnn n_classes -1', 'resnet', lambda: R.dense_cnn(n_classes=-1), ValueError, ('dense_cnn: n_classes', 'got -1')),
Case('resnet.plain_cnn forward None', 'resnet', lambda: R.plain_cnn()(None), TypeError, ('GridCNN: x', 'None')),
Case('resnet.GridCNN layer not a module', 'resnet', lambda: R.GridCNN(3), TypeError, ('GridCNN: layers[0]', 'int')),
Case('resnet.res_block 0', 'resnet', lambda: R.res_block(0), ValueError, ('res_block: nf', 'got 0')),
Case('resnet.conv_and_res nf 0', 'resnet', lambda: R.conv_and_res(1, 0), ValueError, ('conv_and_res: nf', 'got 0')),
Case('resnet.SequentialEx uncalled builder', 'resnet', lambda: R.SequentialEx(R.res_block), TypeError, ('SequentialEx: layers[0]', 'call it: res_block()')),
Case('resnet.grid_range 0', 'resnet', lambda: R.grid_range(0), ValueError, ('grid_range: n_halvings', 'got 0')),
Case('resnet.block_table None', 'resnet', lambda: R.block_table(None, (1, 28, 28)), TypeError, ('block_table: model', 'None')),
Case('resnet.block_table input_size 2d', 'resnet', lambda: R.block_table(R.plain_cnn(), (28, 28)), ValueError, ('block_table: input_size', '(channels, height, width)')),
Case('resnet.block_table no blocks', 'resnet', lambda: R.block_table(nn.Linear(4, 2), (1, 2, 2)), ValueError, ('block_table: model', 'no blocks')),
Case('resnet.block_table size the model refuses', 'resnet', lambda: R.block_table(nn.Sequential(nn.Linear(4, 2)), (1, 28, 28)),
     ValueError, ('block_table', 'input_size=(1, 28, 28)')),
Case('resnet.degradation_net depth 0', 'resnet', lambda: R.degradation_net('plain', depth=0), ValueError, ('degradation_net: depth', 'got 0')),
Case('resnet.filter_normalized_direction None', 'resnet', lambda: R.filter_normalized_direction(None), TypeError, ('filter_normalized_direction: model', 'None')),
Case('resnet.filter_normalized_direction uncalled builder', 'resnet', lambda: R.filter_normalized_direction(R.plain_cnn), TypeError,
     ('filter_normalized_direction: model', 'call it: plain_cnn()')),
Case('resnet.loss_along direction of another model', 'resnet',
     lambda: R.loss_along(nn.Sequential(nn.Linear(4, 2)), R.filter_normalized_direction(nn.Sequential(nn.Linear(3, 2))), torch.zeros(2, 4), torch.zeros(2, dtype=torch.long), [0.]),
     ValueError, ('loss_along: direction', "'0.weight'")),
Case('resnet.loss_along alphas None', 'resnet',
     lambda: R.loss_along(nn.Sequential(nn.Linear(4, 2)), R.filter_normalized_direction(nn.Sequential(nn.Linear(4, 2))), torch.zeros(2, 4), torch.zeros(2, dtype=torch.long), None),
     TypeError, ('loss_along: alphas', 'None')),
Case('resnet.RandomSplitter items None', 'resnet', lambda: R.RandomSplitter()(None), TypeError, ('RandomSplitter: items', 'None')),
Case('resnet.RandomSplitter valid_pct str', 'resnet', lambda: R.RandomSplitter('0.2'), TypeError, ('RandomSplitter: valid_pct', 'str')),
Case('resnet.label_from_array idx floats', 'resnet', lambda: R.label_from_array(_ll.x, [0.5, 1.7], _ll.y), ValueError, ('label_from_array: idx', 'integer')),
Case('resnet.label_from_array idx out of range', 'resnet', lambda: R.label_from_array(_ll.x, [0, 3], _ll.y), ValueError, ('label_from_array: idx', '0..2', 'got 0..3')),
Case('resnet.label_from_array numpy x', 'resnet', lambda: R.label_from_array(np.zeros((3, 1, 4, 4)), [0], _ll.y), TypeError, ('label_from_array: x', 'torch.as_tensor')),
Case('resnet.BatchLoader bs float', 'resnet', lambda: R.BatchLoader(_ll, bs=2.5), TypeError, ('BatchLoader: bs', 'use 2 or 3')),
Case('resnet.BatchLoader ll None', 'resnet', lambda: R.BatchLoader(None), TypeError, ('BatchLoader: ll', 'None')),
Case('resnet.BatchLoader tfms not callable', 'resnet', lambda: R.BatchLoader(_ll, tfms=[3]), TypeError, ('BatchLoader: tfms', 'int')),
Case('resnet.RandPadCrop padding float', 'resnet', lambda: R.RandPadCrop(2.5), TypeError, ('RandPadCrop: padding', 'use 2 or 3')),
Case('resnet.RandPadCrop one image', 'resnet', lambda: R.RandPadCrop(2)(torch.zeros(1, 28, 20)), ValueError, ('RandPadCrop: x', '(N, C, H, W)', 'x[None]')),
Case('resnet.mnist_dls bs 0', 'resnet', lambda: R.mnist_dls(bs=0), ValueError, ('mnist_dls: bs', 'got 0')),
Case('resnet.ToRGB size 0', 'resnet', lambda: R.ToRGB(0), ValueError, ('ToRGB: size', 'got 0')),
Case('resnet.ToRGB None', 'resnet', lambda: R.ToRGB(32)(None), TypeError, ('ToRGB: x', 'None')),
Case('resnet.Monster n_classes 0', 'resnet', lambda: R.Monster(n_classes=0), ValueError, ('Monster: n_classes', 'got 0')),
Case('resnet.monster_splitter plain cnn', 'resnet', lambda: R.monster_splitter(R.plain_cnn()), TypeError, ('monster_splitter: m', 'Monster')),
Case('resnet.FreezeFirstHalf pct 2', 'resnet', lambda: R.FreezeFirstHalf(2), ValueError, ('FreezeFirstHalf: pct', 'got 2')),
]

# ---- 15 multilabel ---------------------------------------------------------------------------------------------------
_rows = [ML.TagRow('train_0', ('haze', 'primary'), 2), ML.TagRow('train_1', (), 3)]
_im = np.zeros((6, 8, 1), np.float32)
class _Stub:
    def __len__(self): return 0
CASES += [
Case('multilabel.read_tags_csv None', 'multilabel', lambda: ML.read_tags_csv(None), TypeError, ('read_tags_csv: path', 'None')),
Case('multilabel.parse_tags None', 'multilabel', lambda: ML.parse_tags(None), TypeError, ('parse_tags: s', 'None')),
Case('multilabel.parse_tags pandas nan', 'multilabel', lambda: ML.parse_tags(nan), TypeError, ('parse_tags: s', "fillna('')")),
Case('multilabel.parse_tags list', 'multilabel', lambda: ML.parse_tags(['haze', 'clear']), TypeError, ('parse_tags: s', 'already split')),
Case('multilabel.parse_tags empty field', 'multilabel', lambda: ML.parse_tags(' \t'), None, value=(), why='parse_tags docments: () for an empty field'),
Case('multilabel.multi_hot str', 'multilabel', lambda: ML.multi_hot('dog', ['cat', 'dog']), TypeError, ('multi_hot: tags', "('dog',)", 'parse_tags')),
Case('multilabel.multi_hot None', 'multilabel', lambda: ML.multi_hot(None, ['dog']), TypeError, ('multi_hot: tags', 'None')),
Case('multilabel.multi_hot duplicate vocab', 'multilabel', lambda: ML.multi_hot(('dog',), ['dog', 'cat', 'dog']), ValueError, ('multi_hot: vocab', "'dog'", 'more than once')),
Case('multilabel.multi_hot vocab str', 'multilabel', lambda: ML.multi_hot(('d',), 'dog'), TypeError, ('multi_hot: vocab', 'str')),
Case('multilabel.multi_hot empty vocab', 'multilabel', lambda: ML.multi_hot((), []), None, value=np.zeros(0, np.float32),
     why='multi_hot docments: shape (0,) for an empty vocabulary'),
Case('multilabel.make_vocab empty', 'multilabel', lambda: ML.make_vocab([]), ValueError, ('make_vocab: rows', 'got none')),
Case('multilabel.make_vocab str', 'multilabel', lambda: ML.make_vocab('haze primary'), TypeError, ('make_vocab: rows', 'str')),
Case('multilabel.make_vocab row str', 'multilabel', lambda: ML.make_vocab(['haze primary', 'clear']), TypeError, ('make_vocab: rows[0]', 'parse_tags')),
Case('multilabel.make_vocab rows without tags', 'multilabel', lambda: ML.make_vocab([(), ()]), None, value=[],
     why='make_vocab docments: [] when no row has a tag'),
Case('multilabel.encode_rows lists', 'multilabel', lambda: ML.encode_rows([['haze']], ['haze']), TypeError, ('encode_rows: rows[0]', 'TagRow')),
Case('multilabel.encode_rows empty', 'multilabel', lambda: ML.encode_rows([], ['haze']), ValueError, ('encode_rows: rows', 'got none')),
Case('multilabel.decode_multi_hot thresh 2', 'multilabel', lambda: ML.decode_multi_hot([0.1, 0.9], ['a', 'b'], thresh=2), ValueError, ('decode_multi_hot: thresh', 'got 2')),
Case('multilabel.decode_multi_hot nan', 'multilabel', lambda: ML.decode_multi_hot([nan, 0.9], ['a', 'b']), ValueError, ('decode_multi_hot: v', 'finite')),
Case('multilabel.decode_multi_hot None', 'multilabel', lambda: ML.decode_multi_hot(None, ['a', 'b']), TypeError, ('decode_multi_hot: v', 'None')),
Case('multilabel.split_idx float', 'multilabel', lambda: ML.split_idx(2.5), TypeError, ('split_idx: n', 'use 2 or 3')),
Case('multilabel.split_idx items passed', 'multilabel', lambda: ML.split_idx(['a', 'b', 'c']), TypeError, ('split_idx: n', 'list')),
Case('multilabel.split_idx valid_pct str', 'multilabel', lambda: ML.split_idx(10, '0.2'), TypeError, ('split_idx: valid_pct', 'str')),
Case('multilabel.image_files folder None', 'multilabel', lambda: ML.image_files(_rows, None), TypeError, ('image_files: folder', 'None')),
Case('multilabel.tag_counts str', 'multilabel', lambda: ML.tag_counts('haze primary'), TypeError, ('tag_counts: rows', 'str')),
Case('multilabel.planet_paths None', 'multilabel', lambda: ML.planet_paths(None), TypeError, ('planet_paths: path', 'None')),
Case('multilabel.load_images size 0', 'multilabel', lambda: ML.load_images(['/nonexistent/a.png'], 0), ValueError, ('load_images: size', 'got 0')),
Case('multilabel.load_images one path', 'multilabel', lambda: ML.load_images('/nonexistent/a.png', 8), TypeError, ('load_images: fns', '[fns]')),
Case('multilabel.load_images empty', 'multilabel', lambda: ML.load_images([], 8), ValueError, ('load_images: fns', 'got none')),
Case('multilabel.resize_image None', 'multilabel', lambda: ML.resize_image(None, (4, 4)), TypeError, ('resize_image: im', 'cv2.imread')),
Case('multilabel.resize_image width 0', 'multilabel', lambda: ML.resize_image(np.zeros((6, 4, 3), np.uint8), (3, 0)), ValueError, ('resize_image: hw[1] (width)', 'got 0')),
Case('multilabel.ImageTargets float images', 'multilabel', lambda: ML.ImageTargets(np.zeros((2, 4, 6, 3), np.float32), np.zeros((2, 3))),
     ValueError, ('ImageTargets: ims', 'uint8', '.astype(np.uint8)')),
Case('multilabel.ImageTargets odd points', 'multilabel', lambda: ML.ImageTargets(np.zeros((2, 4, 6, 3), np.uint8), np.zeros((2, 3)), points=True),
     ValueError, ('ImageTargets: targs', '(N, 2k)')),
Case('multilabel.ImageTargets None', 'multilabel', lambda: ML.ImageTargets(None, np.zeros((2, 3))), TypeError, ('ImageTargets: ims', 'None')),
Case('multilabel.image_dls None', 'multilabel', lambda: ML.image_dls(None, None), TypeError, ('image_dls: train_ds', 'None')),
Case('multilabel.image_dls bs 0', 'multilabel', lambda: ML.image_dls(torch.utils.data.TensorDataset(torch.zeros(2)), torch.utils.data.TensorDataset(torch.zeros(2)), bs=0),
     ValueError, ('image_dls: bs', 'got 0')),
Case('multilabel.to_pix hw 0', 'multilabel', lambda: ML.to_pix([[0, 0]], (0, 56)), ValueError, ('to_pix: hw[0] (height)', 'got 0')),
Case('multilabel.to_unit three coordinates', 'multilabel', lambda: ML.to_unit([[1, 2, 3]], (40, 56)), ValueError, ('to_unit: pix', '(k, 2)', '(1, 3)')),
Case('multilabel.to_pix None', 'multilabel', lambda: ML.to_pix(None, (40, 56)), TypeError, ('to_pix: pts', 'None')),
Case('multilabel.to_pix nan', 'multilabel', lambda: ML.to_pix([[nan, 0]], (40, 56)), ValueError, ('to_pix: pts', 'finite')),
Case('multilabel.flip_lr None', 'multilabel', lambda: ML.flip_lr(None), TypeError, ('flip_lr: im', 'cv2.imread')),
Case('multilabel.flip_vert tensor', 'multilabel', lambda: ML.flip_vert(torch.zeros(3, 4, 5)), TypeError, ('flip_vert: im', 'torch.Tensor')),
Case('multilabel.pad_crop pad -1', 'multilabel', lambda: ML.pad_crop(_im, None, pad=-1), ValueError, ('pad_crop: pad', 'got -1')),
Case('multilabel.pad_crop size 0', 'multilabel', lambda: ML.pad_crop(_im, None, size=(0, 4)), ValueError, ('pad_crop: size[0] (height)', 'got 0')),
Case('multilabel.rotate deg nan', 'multilabel', lambda: ML.rotate(_im, None, nan), ValueError, ('rotate: deg', 'nan')),
Case('multilabel.rot_matrix hw None', 'multilabel', lambda: ML.rot_matrix(10, None), ValueError, ('rot_matrix: hw', 'None')),
Case('multilabel.paint_dot r 0', 'multilabel', lambda: ML.paint_dot((6, 8), (0, 0), r=0), ValueError, ('paint_dot: r', '> 0')),
Case('multilabel.paint_dot two points', 'multilabel', lambda: ML.paint_dot((6, 8), [[0, 0], [0.5, 0.5]]), ValueError, ('paint_dot: pt', 'one point')),
Case('multilabel.find_dot rgb', 'multilabel', lambda: ML.find_dot(np.ones((6, 8, 3))), ValueError, ('find_dot: im', 'im[..., 0]')),
Case('multilabel.find_dot nan', 'multilabel', lambda: ML.find_dot(np.full((6, 8), nan)), ValueError, ('find_dot: im', 'finite')),
Case('multilabel.RandFlip p 2', 'multilabel', lambda: ML.RandFlip(2), ValueError, ('RandFlip: p', 'got 2')),
Case('multilabel.RandPadCrop pad float', 'multilabel', lambda: ML.RandPadCrop(2.5), TypeError, ('RandPadCrop: pad', 'use 2 or 3')),
Case('multilabel.RandPadCrop mode', 'multilabel', lambda: ML.RandPadCrop(2, mode='wrap'), ValueError, ('RandPadCrop: mode', "'reflect', 'zeros'")),
Case('multilabel.RandRotate max_deg negative', 'multilabel', lambda: ML.RandRotate(-5), ValueError, ('RandRotate: max_deg', 'got -5')),
Case('multilabel.pca_stats grey pixels', 'multilabel', lambda: ML.pca_stats(np.zeros((6, 9))), ValueError, ('pca_stats: pixels', '(..., 3)', '(6, 9)')),
Case('multilabel.pca_stats nan', 'multilabel', lambda: ML.pca_stats(np.array([[0, 0, 0], [1, nan, 1.]])), ValueError, ('pca_stats: pixels', 'finite')),
Case('multilabel.pca_lighting uint8', 'multilabel', lambda: ML.pca_lighting(np.zeros((4, 6, 3), np.uint8), np.zeros(3), np.ones(3), np.eye(3)),
     ValueError, ('pca_lighting: im', 'uint8', 'im.astype(np.float32)/255')),
Case('multilabel.pca_lighting alpha shape', 'multilabel', lambda: ML.pca_lighting(np.zeros((4, 6, 3), np.float32), np.zeros(2), np.ones(3), np.eye(3)),
     ValueError, ('pca_lighting: alpha', '(3,)')),
Case('multilabel.RandPCALighting std negative', 'multilabel', lambda: ML.RandPCALighting(np.ones(3), np.eye(3), std=-1), ValueError, ('RandPCALighting: std', 'got -1')),
Case('multilabel.tag_model n_tags 0', 'multilabel', lambda: ML.tag_model(0), ValueError, ('tag_model: n_tags', 'got 0')),
Case('multilabel.tag_model size too small', 'multilabel', lambda: ML.tag_model(3, size=8), ValueError, ('tag_model: size=8', '>= 16')),
Case('multilabel.point_model size 0', 'multilabel', lambda: ML.point_model(size=0), ValueError, ('point_model: size', 'got 0')),
Case('multilabel.point_model ps 1', 'multilabel', lambda: ML.point_model(ps=1), ValueError, ('point_model: ps', '0 <= ps < 1')),
Case('multilabel.box_centre None', 'multilabel', lambda: ML.box_centre(None, (64, 64)), TypeError, ('box_centre: box', 'None')),
Case('multilabel.box_centre two boxes', 'multilabel', lambda: ML.box_centre([[0, 0, 9, 9], [1, 1, 5, 5]], (64, 64)), ValueError, ('box_centre: box', 'one box', '(2, 4)')),
Case('multilabel.point_dist None', 'multilabel', lambda: ML.point_dist(None, torch.zeros(1, 2)), TypeError, ('point_dist: pred', 'None')),
Case('multilabel.point_dist odd width', 'multilabel', lambda: ML.point_dist(torch.zeros(2, 3), torch.zeros(2, 3)), ValueError, ('point_dist: pred', '(N, 2k)')),
Case('multilabel.View dy float', 'multilabel', lambda: ML.View(dy=1.5), TypeError, ('View: dy', 'float')),
Case('multilabel.View shift larger than the image', 'multilabel', lambda: ML.View(dy=4).x(torch.zeros(1, 3, 3, 5)), ValueError, ('View', 'shift of 4 pixels', '3x5')),
Case('multilabel.tta_views shift -1', 'multilabel', lambda: ML.tta_views(-1), ValueError, ('tta_views: shift', 'got -1')),
Case('multilabel.tta None', 'multilabel', lambda: ML.tta(None), TypeError, ('tta: learn', 'None')),
Case('multilabel.tta a model', 'multilabel', lambda: ML.tta(nn.Linear(2, 2)), TypeError, ('tta: learn', 'Learner(model')),
Case('multilabel.TTACallback not a view', 'multilabel', lambda: ML.TTACallback('lr'), TypeError, ('TTACallback: view', 'str')),
]

# ---- 16 segment ------------------------------------------------------------------------------------------------------
_sc, _lb = torch.randn(2, 3, 4, 5), torch.randint(0, 3, (2, 4, 5))   # scores and labels, H != W
def _segdata(n=3, x=None):
    x = torch.zeros(n, 3, 4, 6, dtype=torch.uint8) if x is None else x
    return SG.SegData(x, torch.zeros(n, 4, 6, dtype=torch.long), x, torch.zeros(n, 4, 6, dtype=torch.long), ['a', 'b'])
CASES += [
Case('segment.open_mask not an image', 'segment', lambda: SG.open_mask(_file('a_P.png', 'not a png'), 3), ValueError, ('open_mask: fn', 'a_P.png', 'not an image')),
Case('segment.open_mask n_codes 0', 'segment', lambda: SG.open_mask('/nonexistent/a_P.png', 0), ValueError, ('open_mask: n_codes', 'got 0')),
Case('segment.open_mask None', 'segment', lambda: SG.open_mask(None, 3), TypeError, ('open_mask: fn', 'None')),
Case('segment.read_codes None', 'segment', lambda: SG.read_codes(None), TypeError, ('read_codes: path', 'None')),
Case('segment.label_path None', 'segment', lambda: SG.label_path(None, 'labels'), TypeError, ('label_path: img', 'None')),
Case('segment.camvid_split None', 'segment', lambda: SG.camvid_split(None), TypeError, ('camvid_split: path', 'None')),
Case('segment.load_camvid size 0', 'segment', lambda: SG.load_camvid('/nonexistent', size=0), ValueError, ('load_camvid: size', 'got 0')),
Case('segment.load_camvid void code', 'segment', lambda: SG.load_camvid('/nonexistent', void=0), TypeError, ('load_camvid: void', 'codes.txt')),
Case('segment.seg_dsets None', 'segment', lambda: SG.seg_dsets(None), TypeError, ('seg_dsets: data', 'SegData')),
Case('segment.seg_dsets float images', 'segment', lambda: SG.seg_dsets(_segdata(x=torch.zeros(3, 3, 4, 6))), ValueError, ('seg_dsets: data.x_train', 'uint8')),
Case('segment.camvid_dls bs larger than the data', 'segment', lambda: SG.camvid_dls(_segdata(3), bs=16), ValueError, ('camvid_dls: bs=16', '3 training images', 'smaller bs')),
Case('segment.colour_mask code out of range', 'segment', lambda: SG.colour_mask(np.array([[0, 7]]), 3), ValueError, ('colour_mask: m', 'value 7', 'n_codes=3')),
Case('segment.colour_mask scores', 'segment', lambda: SG.colour_mask(np.zeros((4, 5)), 3), ValueError, ('colour_mask: m', 'argmax')),
Case('segment.colour_mask None', 'segment', lambda: SG.colour_mask(None, 3), TypeError, ('colour_mask: m', 'None')),
Case('segment.show_seg_batch labels non-square', 'segment', lambda: SG.show_seg_batch(torch.zeros(2, 3, 4, 5), torch.zeros(2, 5, 4, dtype=torch.long), ['a']),
     ValueError, ('show_seg_batch: yb', '(2, 5, 4)')),
Case('segment.insert_zeros 3d', 'segment', lambda: SG.insert_zeros(torch.zeros(1, 3, 4)), ValueError, ('insert_zeros: x', '4 dimensions', '(1, 3, 4)')),
Case('segment.insert_zeros stride float', 'segment', lambda: SG.insert_zeros(torch.zeros(1, 1, 3, 4), 1.5), ValueError, ('insert_zeros', 'stride', '1.5')),
Case('segment.conv_transpose2d None', 'segment', lambda: SG.conv_transpose2d(None, torch.zeros(2, 1, 3, 3)), TypeError, ('conv_transpose2d: x', 'None')),
Case('segment.conv_transpose2d bias', 'segment', lambda: SG.conv_transpose2d(torch.zeros(1, 2, 3, 4), torch.zeros(2, 1, 3, 3), bias=torch.zeros(2)),
     ValueError, ('conv_transpose2d: bias', '(1,)')),
Case('segment.checkerboard one pixel', 'segment', lambda: SG.checkerboard(torch.zeros(3, 1, 5)), ValueError, ('checkerboard: y', 'H, W >= 2')),
Case('segment.checkerboard numpy', 'segment', lambda: SG.checkerboard(np.zeros((4, 4))), TypeError, ('checkerboard: y', 'torch.as_tensor')),
Case('segment.upsampler ni 0', 'segment', lambda: SG.upsampler(0, 4), ValueError, ('upsampler: ni', 'got 0')),
Case('segment.conv_bn even ks', 'segment', lambda: SG.conv_bn(3, 8, ks=2), ValueError, ('conv_bn: ks=2', 'odd')),
Case('segment.double_conv nf 0', 'segment', lambda: SG.double_conv(3, 0), ValueError, ('double_conv: nf', 'got 0')),
Case('segment.UnetBlock up', 'segment', lambda: SG.UnetBlock(8, 4, up='magic'), ValueError, ('UnetBlock', 'up', "'magic'")),
Case('segment.UnetBlock skip channels', 'segment', lambda: SG.UnetBlock(8, 4)(torch.zeros(1, 8, 2, 3), torch.zeros(1, 8, 4, 6)), ValueError, ('UnetBlock(8, 4): s', '(N, 4, H, W)')),
Case('segment.Unet n_classes 0', 'segment', lambda: SG.Unet(3, 0), ValueError, ('Unet: n_classes', 'got 0')),
Case('segment.Unet c_in float', 'segment', lambda: SG.Unet(2.5, 4), TypeError, ('Unet: c_in', 'use 2 or 3')),
Case('segment.Unet forward numpy', 'segment', lambda: SG.Unet(3, 2)(np.zeros((1, 3, 16, 16), np.float32)), TypeError, ('Unet: x', 'torch.as_tensor')),
Case('segment.seg_loss shape non-square', 'segment', lambda: SG.seg_loss(_sc, _lb.transpose(1, 2)), ValueError, ('seg_loss: targ', '(2, 4, 5)', '(2, 5, 4)')),
Case('segment.seg_loss float targ', 'segment', lambda: SG.seg_loss(_sc, _lb.float()), ValueError, ('seg_loss: targ', 'float32', 'targ.long()')),
Case('segment.seg_loss targ (N, 1, H, W)', 'segment', lambda: SG.seg_loss(_sc, _lb[:, None]), ValueError, ('seg_loss: targ', 'targ.squeeze(1)')),
Case('segment.seg_loss 3d inp', 'segment', lambda: SG.seg_loss(_sc[0], _lb[0]), ValueError, ('seg_loss: inp', '(N, C, H, W)')),
Case('segment.seg_confusion n_classes 0', 'segment', lambda: SG.seg_confusion(_lb, _lb, 0), ValueError, ('seg_confusion: n_classes', 'got 0')),
Case('segment.seg_confusion float labels', 'segment', lambda: SG.seg_confusion(_lb.float(), _lb, 3), ValueError, ('seg_confusion: pred', 'integer labels')),
Case('segment.seg_confusion None', 'segment', lambda: SG.seg_confusion(None, _lb, 3), TypeError, ('seg_confusion: pred', 'None')),
Case('segment.class_iou non-square', 'segment', lambda: SG.class_iou(torch.zeros(3, 4, dtype=torch.long)), ValueError, ('class_iou: cm', 'square', '(3, 4)')),
Case('segment.class_acc None', 'segment', lambda: SG.class_acc(None), TypeError, ('class_acc: cm', 'None')),
Case('segment.class_iou absent class', 'segment', lambda: SG.class_iou(torch.tensor([[2, 0], [0, 0]])), None, value=torch.tensor([1., nan]),
     why='class_iou docstring: nan for a class neither present nor predicted'),
Case('segment.seg_report all void', 'segment', lambda: SG.seg_report(_sc, torch.full((2, 4, 5), 255), 3), ValueError, ('seg_report', 'every pixel of targs is void')),
Case('segment.seg_report n_classes float', 'segment', lambda: SG.seg_report(_sc, _lb, 2.5), TypeError, ('seg_report: n_classes', 'use 2 or 3')),
Case('segment.FCN None', 'segment', lambda: SG.FCN(None, (3, 28, 28)), TypeError, ('FCN: classifier', 'None', 'forget to return')),
Case('segment.FCN input_size', 'segment', lambda: SG.FCN([nn.Flatten(), nn.Linear(12, 2)], (3, 2)), ValueError, ('FCN: input_size', '(3, 2)')),
Case('segment.FCN mode', 'segment', lambda: SG.FCN([nn.Flatten(), nn.Linear(12, 2)], (3, 2, 2), mode='linear'), ValueError, ('FCN: mode', "'linear'")),
Case('segment.FCN pad -1', 'segment', lambda: SG.FCN([nn.Flatten(), nn.Linear(12, 2)], (3, 2, 2), pad=-1), ValueError, ('FCN: pad', 'got -1')),
Case('segment.FCN forward 3d', 'segment', lambda: SG.FCN([nn.Flatten(), nn.Linear(12, 2)], (3, 2, 2))(torch.zeros(3, 2, 2)), ValueError, ('FCN: x', '(N, C, H, W)')),
]


@pytest.mark.parametrize('case', CASES, ids=[c.id for c in CASES])
def test_rows(case):
    import test_bad_input   # imported here: test_bad_input collects this file's CASES
    test_bad_input.test_bad_input(case)

def test_ids_unique_and_new():
    import test_bad_input
    ids = [c.id for c in CASES]
    assert len(set(ids)) == len(ids)
    for c in CASES: assert c.id.startswith(c.module + '.'), c.id
    clash = set(ids) & {c.id for c in test_bad_input.ALL if c not in CASES}
    assert not clash, clash
