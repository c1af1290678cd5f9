"""Rows of the bad-input table (issue 20) for lessons 07-12: convnets, learner, lr_find, widgets, data, detect.

Collected by tests/test_bad_input.py. Each row: the call a student might make, the exception it must raise and the
strings its message must contain (at least the argument's name), or, for `exc=None`, the documented value.
"""
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import TensorDataset

sys.path.insert(0, str(Path(__file__).parent))
from bad_case import Case

from course_dl import convnets as CN, learner as LN, lr_find as LF, widgets as WG, data as DA, detect as DT


def _learner(x=None, y=None, model=None):
    "A tiny learner on 32 random rows (or on `x`, `y`)."
    x = torch.randn(32, 4) if x is None else x
    y = torch.randint(0, 2, (32,)) if y is None else y
    dls = LN.DataLoaders.from_dsets(TensorDataset(x, y), TensorDataset(x, y), bs=8)
    return LN.Learner(nn.Linear(4, 2) if model is None else model, dls, F.cross_entropy, progress=False)

def _ds(): return TensorDataset(torch.randn(8, 4), torch.randint(0, 2, (8,)))
def _im(h=24, w=40): return np.random.default_rng(0).random((h, w, 3), dtype=np.float32)
def _u8(h=24, w=40): return (_im(h, w) * 255).astype(np.uint8)
_box = np.array([4, 6, 15, 30])
def _res(n=20): return LF.LRFindResult(np.logspace(-5, 0, n), np.linspace(2, 1, n))
def _rec(): return SimpleNamespace(losses=[1., .5, .2], lrs=[1e-3] * 3, pred_records=[])
def _nan_stop():
    "Fit on a NaN input: StopOnNonFinite stops the fit and names where; returns its message."
    x = torch.randn(32, 4); x[5, 1] = float('nan')
    l = _learner(x)
    l.fit(1, 1e-3)
    return l.nan_guard.message is not None and 'epoch 0' in l.nan_guard.message

# ---- 07 convnets -----------------------------------------------------------------------------------------------------
CASES = [
Case('convnets.layer_table None', 'convnets', lambda: CN.layer_table(None, (1, 28, 28)), TypeError, ('layer_table: model', 'None')),
Case('convnets.layer_table str', 'convnets', lambda: CN.layer_table('lenet5', (1, 28, 28)), TypeError, ('layer_table: model', 'str')),
Case('convnets.layer_table class', 'convnets', lambda: CN.layer_table(CN.lenet5, (1, 28, 28)), TypeError, ('layer_table: model', 'call it')),
Case('convnets.layer_table size 2-D', 'convnets', lambda: CN.layer_table(CN.lenet5(), (28, 28)), ValueError, ('input_size', '(channels, height, width)')),
Case('convnets.out_len stride 0', 'convnets', lambda: CN.out_len(10, 3, stride=0), ValueError, ('out_len: stride', 'got 0')),
Case('convnets.out_len stride -1', 'convnets', lambda: CN.out_len(10, 3, stride=-1), ValueError, ('out_len: stride', '>= 1')),
Case('convnets.out_len padding -1', 'convnets', lambda: CN.out_len(10, 3, padding=-1), ValueError, ('out_len: padding', '>= 0')),
Case('convnets.out_len dilation 0', 'convnets', lambda: CN.out_len(10, 3, dilation=0), ValueError, ('out_len: dilation',)),
Case('convnets.out_len ks 0', 'convnets', lambda: CN.out_len(10, 0), ValueError, ('out_len: ks',)),
Case('convnets.out_len n 0', 'convnets', lambda: CN.out_len(0, 3), ValueError, ('out_len: n',)),
Case('convnets.out_len float n', 'convnets', lambda: CN.out_len(10.5, 3), TypeError, ('out_len: n', 'use 10 or 11')),
Case('convnets.out_len kernel too big', 'convnets', lambda: CN.out_len(5, 7), None, value=-1,
     why="out_len docments: output length (< 1 when the kernel does not fit)"),
Case('convnets.lenet5 n_classes 0', 'convnets', lambda: CN.lenet5(0), ValueError, ('lenet5: n_classes', 'got 0')),
Case('convnets.lenet5 ni 0', 'convnets', lambda: CN.lenet5(ni=0), ValueError, ('lenet5: ni',)),
Case('convnets.conv ni 0', 'convnets', lambda: CN.conv(0, 8), ValueError, ('conv: ni',)),
Case('convnets.conv ks 0', 'convnets', lambda: CN.conv(3, 8, ks=0), ValueError, ('conv: ks',)),
Case('convnets.conv stride 0', 'convnets', lambda: CN.conv(3, 8, stride=0), ValueError, ('conv: stride',)),
Case('convnets.ResBlock nf 0', 'convnets', lambda: CN.ResBlock(0), ValueError, ('ResBlock: nf',)),
Case('convnets.ResBlock even ks', 'convnets', lambda: CN.ResBlock(8, 4), ValueError, ('odd kernel size', 'ks=4')),
Case('convnets.map_size None', 'convnets', lambda: CN.map_size(None, (1, 28, 28)), ValueError, ('list of layers', 'NoneType')),
Case('convnets.convolutionize None', 'convnets', lambda: CN.convolutionize(None, (1, 28, 28)), ValueError, ('list of layers', 'NoneType')),
Case('convnets.convolutionize zero size', 'convnets', lambda: CN.convolutionize(CN.lenet5(), (1, 0, 28)), ValueError, ('input_size', 'positive ints')),
Case('convnets.convolutionize wrong size', 'convnets', lambda: CN.convolutionize(CN.lenet5(), (1, 20, 20)), ValueError, ('Linear(in_features=256', 'input_size')),
]

# ---- 08 learner ------------------------------------------------------------------------------------------------------
CASES += [
Case('learner.Learner model None', 'learner', lambda: LN.Learner(None, _learner().dls, F.cross_entropy), TypeError, ('model', 'None')),
Case('learner.Learner dls None', 'learner', lambda: LN.Learner(nn.Linear(4, 2), None, F.cross_entropy), TypeError, ('dls', 'DataLoaders(train_dl, valid_dl)')),
Case('learner.Learner loss None', 'learner', lambda: LN.Learner(nn.Linear(4, 2), _learner().dls, None), TypeError, ('loss_func', 'callable')),
Case('learner.Learner metric not callable', 'learner', lambda: LN.Learner(nn.Linear(4, 2), _learner().dls, F.cross_entropy, metrics=[3]),
     TypeError, ('metrics', 'metric(preds, yb)')),
Case('learner.Learner callback not a Callback', 'learner', lambda: LN.Learner(nn.Linear(4, 2), _learner().dls, F.cross_entropy, cbs=[3]),
     TypeError, ('Callback', 'int')),
Case('learner.fit uint8 inputs', 'learner', lambda: _learner(torch.randint(0, 255, (32, 4), dtype=torch.uint8)).fit(1, 1e-3),
     RuntimeError, ('xb', 'uint8', 'float')),
Case('learner.fit NaN input stops', 'learner', _nan_stop, None, value=True,
     why='StopOnNonFinite: the fit stops at the first non-finite loss, naming the epoch and the batch'),
Case('learner.fit n_epoch 0', 'learner', lambda: _learner().fit(0, 1e-3), ValueError, ('n_epoch', 'positive integer')),
Case('learner.fit n_epoch 2.5', 'learner', lambda: _learner().fit(2.5, 1e-3), ValueError, ('n_epoch', '2.5')),
Case('learner.fit lr 0', 'learner', lambda: _learner().fit(1, 0), ValueError, ('learning rates', 'positive')),
Case('learner.fit lr None string', 'learner', lambda: _learner().fit(1, 'fast'), TypeError, ('lr', "'fast'")),
Case('learner.fit_one_cycle lr negative', 'learner', lambda: _learner().fit_one_cycle(1, -1e-3), ValueError, ('learning rates', 'positive')),
Case('learner.from_dsets None', 'learner', lambda: LN.DataLoaders.from_dsets(None), TypeError, ('from_dsets: train_ds', 'None')),
Case('learner.from_dsets tensor', 'learner', lambda: LN.DataLoaders.from_dsets(torch.zeros(4, 2)), TypeError, ('train_ds', 'TensorDataset')),
Case('learner.from_dsets bs 0', 'learner', lambda: LN.DataLoaders.from_dsets(_ds(), bs=0), ValueError, ('from_dsets: bs', 'got 0')),
Case('learner.from_dsets bs 2.5', 'learner', lambda: LN.DataLoaders.from_dsets(_ds(), bs=2.5), TypeError, ('from_dsets: bs', 'use 2 or 3')),
Case('learner.DataLoaders dataset', 'learner', lambda: LN.DataLoaders(_ds()), TypeError, ('train loader', 'DataLoader(ds')),
Case('learner.accuracy None', 'learner', lambda: LN.accuracy(None, torch.zeros(3)), TypeError, ('accuracy: preds', 'None')),
Case('learner.accuracy 1-D preds', 'learner', lambda: LN.accuracy(torch.randn(4), torch.zeros(4, dtype=torch.long)), ValueError,
     ('preds of shape (4,)', 'targs')),
Case('learner.accuracy length mismatch', 'learner', lambda: LN.accuracy(torch.randn(4, 3), torch.zeros(5, dtype=torch.long)), ValueError,
     ('targs of shape (5,)',)),
Case('learner.error_rate None', 'learner', lambda: LN.error_rate(torch.randn(4, 3), None), TypeError, ('targs', 'None')),
Case('learner.lrs_for_groups None', 'learner', lambda: LN.lrs_for_groups(None, 2), TypeError, ('lr', 'None')),
Case('learner.freeze_to 2.5', 'learner', lambda: _learner().freeze_to(2.5), TypeError, ('freeze_to: n', '2.5')),
Case('learner.freeze_to out of range', 'learner', lambda: _learner().freeze_to(5), ValueError, ('freeze_to(5)', 'layer group')),
Case('learner.GradientClip 0', 'learner', lambda: LN.GradientClip(0), ValueError, ('max_norm', 'positive')),
Case('learner.record_preds every 0', 'learner', lambda: _learner().recorder.record_preds(every=0), ValueError, ('every', '>= 1')),
Case('learner.save None name', 'learner', lambda: _learner().save(None), ValueError, ('plain name', 'None')),
]

# ---- 09 lr_find ------------------------------------------------------------------------------------------------------
CASES += [
Case('lr_find.lr_find None', 'lr_find', lambda: LF.lr_find(None), TypeError, ('Learner', 'NoneType')),
Case('lr_find.lr_find model', 'lr_find', lambda: LF.lr_find(nn.Linear(4, 2)), TypeError, ('Learner', 'Linear')),
Case('lr_find.lr_find num_it 1', 'lr_find', lambda: LF.lr_find(_learner(), num_it=1), ValueError, ('num_it', '>= 2')),
Case('lr_find.lr_find start > end', 'lr_find', lambda: LF.lr_find(_learner(), start_lr=1, end_lr=1e-3), ValueError, ('start_lr', 'end_lr')),
Case('lr_find.lr_find stop_div 1', 'lr_find', lambda: LF.lr_find(_learner(), stop_div=1), ValueError, ('stop_div',)),
Case('lr_find.lsq_problem n 0', 'lr_find', lambda: LF.lsq_problem(n=0), ValueError, ('lsq_problem: n',)),
Case('lr_find.lsq_problem d 0', 'lr_find', lambda: LF.lsq_problem(d=0), ValueError, ('lsq_problem: d',)),
Case('lr_find.divergence_lr None', 'lr_find', lambda: LF.divergence_lr(None), TypeError, ('divergence_lr: X',)),
Case('lr_find.divergence_lr 1-D', 'lr_find', lambda: LF.divergence_lr(torch.randn(5)), ValueError, ('divergence_lr: X',)),
Case('lr_find.divergence_lr uint8', 'lr_find', lambda: LF.divergence_lr(torch.zeros(5, 2, dtype=torch.uint8)), ValueError,
     ('divergence_lr: X', 'uint8')),
Case('lr_find.ema_smooth None', 'lr_find', lambda: LF.ema_smooth(None), TypeError, ('ema_smooth: losses', 'None')),
Case('lr_find.ema_smooth beta 1', 'lr_find', lambda: LF.ema_smooth([1., 2.], 1), ValueError, ('beta', '[0, 1)')),
Case('lr_find.ema_smooth NaN carries', 'lr_find', lambda: np.isnan(LF.ema_smooth([1., np.nan, 2.])).tolist(), None,
     value=[False, True, True], why='ema_smooth docments: a NaN makes every later value NaN'),
Case('lr_find.steep_naive lengths', 'lr_find', lambda: LF.steep_naive([1e-3, 1e-2, 1e-1], [1., 2.]), ValueError,
     ('steep_naive: lrs and smooth', '3 lrs and 2 losses')),
Case('lr_find.steep_naive None', 'lr_find', lambda: LF.steep_naive(None, [1., 2.]), TypeError, ('steep_naive: lrs',)),
Case('lr_find.valley_index None', 'lr_find', lambda: LF.valley_index(None), TypeError, ('valley_index: smooth',)),
Case('lr_find.local_slopes h 0', 'lr_find', lambda: LF.local_slopes(np.arange(5.), np.arange(5.), 0), ValueError, ('local_slopes: h',)),
Case('lr_find.steep_robust None', 'lr_find', lambda: LF.steep_robust(None, None), TypeError, ('steep_robust: lrs',)),
Case('lr_find.steep_robust lengths', 'lr_find', lambda: LF.steep_robust(np.logspace(-3, 0, 30), np.ones(20)), ValueError,
     ('lrs and losses', '30 lrs and 20 losses')),
Case('lr_find.LRFindResult negative lr', 'lr_find', lambda: LF.LRFindResult([-1., 2., 3.], [1., 2., 3.]), ValueError,
     ('LRFindResult: lrs', 'positive')),
Case('lr_find.LRFindResult lengths', 'lr_find', lambda: LF.LRFindResult([1e-3, 1e-2], [1.]), ValueError, ('one loss per lr',)),
Case('lr_find.plot n_skip -1', 'lr_find', lambda: _res().plot(n_skip=-1), ValueError, ('n_skip', '>= 0')),
Case('lr_find.snapshot None', 'lr_find', lambda: LF.snapshot(None), TypeError, ('snapshot: learn', 'NoneType')),
]

# ---- 10 widgets ------------------------------------------------------------------------------------------------------
CASES += [
Case('widgets.loss_stepper None', 'widgets', lambda: WG.loss_stepper(None), TypeError, ('loss_stepper: recorder', 'None')),
Case('widgets.loss_stepper learner', 'widgets', lambda: WG.loss_stepper(_learner()), TypeError, ('recorder', 'pass learn.recorder')),
Case('widgets.loss_stepper not fitted', 'widgets', lambda: WG.loss_stepper(SimpleNamespace(losses=[], lrs=[], pred_records=[])),
     ValueError, ('recorder', 'fit the learner first')),
Case('widgets.loss_stepper show_batch str', 'widgets', lambda: WG.loss_stepper(_rec(), show_batch='digits'), TypeError, ('show_batch', 'str')),
Case('widgets.loss_stepper interval 0', 'widgets', lambda: WG.loss_stepper(_rec(), interval=0), ValueError, ('loss_stepper: interval',)),
Case('widgets.lr_find_widget None', 'widgets', lambda: WG.lr_find_widget(None), TypeError, ('lr_find_widget: result', 'NoneType')),
Case('widgets.lr_find_widget short', 'widgets', lambda: WG.lr_find_widget(LF.LRFindResult([1e-3, 1e-2], [1., 2.])), ValueError,
     ('need at least 3',)),
Case('widgets.lr_find_widget n_skip -1', 'widgets', lambda: WG.lr_find_widget(_res(), n_skip=-1), ValueError, ('lr_find_widget: n_skip',)),
Case('widgets.new_figure zero width', 'widgets', lambda: WG.new_figure((0, 4)), ValueError, ('new_figure: figsize (width)',)),
Case('widgets.new_figure figsize int', 'widgets', lambda: WG.new_figure(7), TypeError, ('new_figure: figsize', '(width, height)')),
Case('widgets.new_figure dpi 0', 'widgets', lambda: WG.new_figure(dpi=0), ValueError, ('new_figure: dpi',)),
Case('widgets.fig_to_png None', 'widgets', lambda: WG.fig_to_png(None), TypeError, ('fig_to_png: fig', 'NoneType')),
Case('widgets.show_class_batch None', 'widgets', lambda: WG.show_class_batch([], None, None, None), TypeError, ('show_class_batch: xb',)),
]

# ---- 11 data ---------------------------------------------------------------------------------------------------------
CASES += [
Case('data.squish None', 'data', lambda: DA.squish(None, _box, 32), TypeError, ('squish: im', 'cv2.imread')),
Case('data.squish size 0', 'data', lambda: DA.squish(_im(), _box, 0), ValueError, ('squish: size', 'got 0')),
Case('data.squish size 2.5', 'data', lambda: DA.squish(_im(), _box, 2.5), TypeError, ('squish: size', 'use 2 or 3')),
Case('data.squish tensor image', 'data', lambda: DA.squish(torch.zeros(3, 24, 40), _box, 32), TypeError, ('squish: im', 'permute')),
Case('data.squish bad box', 'data', lambda: DA.squish(_im(), [4, 6, 15], 32), ValueError, ('squish: box',)),
Case('data.squish uint8 kept', 'data', lambda: DA.squish(_u8(), _box, 32)[0].dtype == np.uint8, None, value=True,
     why='squish docments: uint8 or float, any range: resizing keeps it'),
Case('data.flip_lr None', 'data', lambda: DA.flip_lr(None, _box), TypeError, ('flip_lr: im',)),
Case('data.flip_lr NaN box', 'data', lambda: DA.flip_lr(_im(), [4, np.nan, 15, 30]), ValueError, ('flip_lr: box',)),
Case('data.rotate None', 'data', lambda: DA.rotate(None, _box, 5), TypeError, ('rotate: im',)),
Case('data.rot_matrix hw 0', 'data', lambda: DA.rot_matrix(5, (0, 40)), ValueError, ('rot_matrix: hw',)),
Case('data.rot_matrix deg nan', 'data', lambda: DA.rot_matrix(float('nan'), (24, 40)), ValueError, ('rot_matrix: deg',)),
Case('data.rotate_bb two boxes', 'data', lambda: DA.rotate_bb(np.stack([_box, _box]), 5, (24, 40)), ValueError, ('rotate_bb: box', 'shape (4,)')),
Case('data.rotate_bb None', 'data', lambda: DA.rotate_bb(None, 5, (24, 40)), TypeError, ('rotate_bb: box',)),
Case('data.lighting uint8', 'data', lambda: DA.lighting(_u8(), _box, 0.1, 0.1), ValueError, ('lighting: im', 'uint8', 'im.astype(np.float32)/255')),
Case('data.lighting 0..255 floats', 'data', lambda: DA.lighting(_u8().astype(np.float32), _box, 0.1), ValueError, ('lighting: im', 'im/255')),
Case('data.lighting None', 'data', lambda: DA.lighting(None, _box), TypeError, ('lighting: im',)),
Case('data.normalize uint8', 'data', lambda: DA.normalize(torch.zeros(3, 8, 8, dtype=torch.uint8)), ValueError, ('normalize: x', 'x.float()/255')),
Case('data.normalize None', 'data', lambda: DA.normalize(None), TypeError, ('normalize: x',)),
Case('data.normalize numpy', 'data', lambda: DA.normalize(np.zeros((3, 8, 8), np.float32)), TypeError, ('normalize: x', 'torch.as_tensor')),
Case('data.normalize channels last', 'data', lambda: DA.normalize(torch.rand(8, 8, 3)), ValueError, ('normalize: stats', 'permute')),
Case('data.normalize zero std', 'data', lambda: DA.normalize(torch.rand(3, 8, 8), ([0.5] * 3, [0.2, 0., 0.2])), ValueError, ('normalize: stats', 'positive')),
Case('data.denorm None', 'data', lambda: DA.denorm(None), TypeError, ('denorm: x',)),
Case('data.paint_box hw 0', 'data', lambda: DA.paint_box((0, 10), _box), ValueError, ('paint_box: hw',)),
Case('data.find_box None', 'data', lambda: DA.find_box(None), TypeError, ('find_box: im',)),
Case('data.find_box nothing bright', 'data', lambda: DA.find_box(np.zeros((8, 8, 3), np.float32)), ValueError, ('find_box', 'thresh')),
Case('data.RandomFlip p 2', 'data', lambda: DA.RandomFlip(2), ValueError, ('RandomFlip: p',)),
Case('data.RandomRotate max_deg -5', 'data', lambda: DA.RandomRotate(-5), ValueError, ('RandomRotate: max_deg',)),
Case('data.RandomLighting b -1', 'data', lambda: DA.RandomLighting(-0.1), ValueError, ('RandomLighting: b',)),
Case('data.time_pass n 0', 'data', lambda: DA.time_pass([1, 2], 0), ValueError, ('time_pass: n',)),
Case('data.LrgDataset size 0', 'data', lambda: DA.LrgDataset([DA.LrgItem('x.jpg', _box, 1)], {1: 'a'}, size=0), ValueError, ('LrgDataset: size',)),
Case('data.LrgDataset mode', 'data', lambda: DA.LrgDataset([DA.LrgItem('x.jpg', _box, 1)], {1: 'a'}, mode='box'), ValueError, ('mode', "'cls', 'bbox', 'both'")),
Case('data.lrg_dls bs 0', 'data', lambda: DA.lrg_dls('a.json', 'b.json', '.', bs=0), ValueError, ('lrg_dls: bs',)),
Case('data.lrg_dls size 0', 'data', lambda: DA.lrg_dls('a.json', 'b.json', '.', size=0), ValueError, ('lrg_dls: size',)),
Case('data.pascal_paths missing', 'data', lambda: DA.pascal_paths('/nonexistent/voc'), FileNotFoundError, ('pascal_paths', '/nonexistent/voc')),
]

# ---- 12 detect -------------------------------------------------------------------------------------------------------
CASES += [
Case('detect.body_out None', 'detect', lambda: DT.body_out(None, 64), TypeError, ('body_out: body', 'None')),
Case('detect.body_out size 0', 'detect', lambda: DT.body_out(DT.small_body(), 0), ValueError, ('body_out: size',)),
Case('detect.create_body None', 'detect', lambda: DT.create_body(None), TypeError, ('create_body: model', 'None')),
Case('detect.create_body class', 'detect', lambda: DT.create_body(DT.small_body), TypeError, ('create_body: model', 'call it')),
Case('detect.small_body width 0', 'detect', lambda: DT.small_body((16, 0)), ValueError, ('small_body: widths[1]',)),
Case('detect.small_body widths int', 'detect', lambda: DT.small_body(16), TypeError, ('small_body: widths',)),
Case('detect.small_body n_extra -1', 'detect', lambda: DT.small_body(n_extra=-1), ValueError, ('small_body: n_extra', '>= 0')),
Case('detect.create_head n_out 0', 'detect', lambda: DT.create_head(128, 0), ValueError, ('create_head: n_out', 'got 0')),
Case('detect.create_head ps 1.5', 'detect', lambda: DT.create_head(128, 6, ps=1.5), ValueError, ('create_head: ps',)),
Case('detect.custom_head n_in 0', 'detect', lambda: DT.custom_head(0, 64), ValueError, ('custom_head: n_in',)),
Case('detect.combined_head n_classes 0', 'detect', lambda: DT.combined_head(2048, 0, 64), ValueError, ('combined_head: n_classes',)),
Case('detect.make_model n_classes 0', 'detect', lambda: DT.make_model(DT.small_body(), 'cls', 64), ValueError, ('make_model: n_classes', 'len(dls.train.dataset.classes)')),
Case('detect.make_model body None', 'detect', lambda: DT.make_model(None, 'cls', 64, 6), TypeError, ('make_model: body',)),
Case('detect.make_model size 0', 'detect', lambda: DT.make_model(DT.small_body(), 'bbox', 0), ValueError, ('make_model: size',)),
Case('detect.make_model kind', 'detect', lambda: DT.make_model(DT.small_body(), 'box', 64), ValueError, ('kind', "'cls', 'bbox' or 'both'")),
Case('detect.SquashBoxes size 0', 'detect', lambda: DT.SquashBoxes(0), ValueError, ('SquashBoxes: size',)),
Case('detect.cls_weight size 0', 'detect', lambda: DT.cls_weight(0), ValueError, ('cls_weight: size',)),
Case('detect.detn_loss boxes only', 'detect', lambda: DT.detn_loss(torch.randn(3, 4), torch.randn(3, 4), torch.zeros(3, dtype=torch.long)),
     ValueError, ('detn_loss: input of shape (3, 4)', "kind='both'")),
Case('detect.empty_inverted None', 'detect', lambda: DT.empty_inverted(None), TypeError, ('empty_inverted: b',)),
Case('detect.empty_inverted 3 columns', 'detect', lambda: DT.empty_inverted(torch.zeros(2, 3)), ValueError, ('empty_inverted: b', 'shape (2, 3)')),
Case('detect.single_shapes n 0', 'detect', lambda: DT.single_shapes(0), ValueError, ('single_shapes: n',)),
Case('detect.single_shape size 0', 'detect', lambda: DT.single_shape(np.random.default_rng(0), 0), ValueError, ('single_shape: size',)),
Case('detect.single_shape_dls bs 0', 'detect', lambda: DT.single_shape_dls(10, bs=0), ValueError, ('single_shape_dls: bs', 'got 0')),
Case('detect.pretrain_body None', 'detect', lambda: DT.pretrain_body(None), TypeError, ('pretrain_body: body',)),
Case('detect.pred_targets mode', 'detect', lambda: DT.pred_targets(torch.randn(2, 10), 'boxes'), ValueError, ('pred_targets: mode',)),
Case('detect.show_results None', 'detect', lambda: DT.show_results(None), TypeError, ('show_results: learn', 'NoneType')),
Case('detect.weights_path arch', 'detect', lambda: DT.weights_path('resnet50'), ValueError, ('arch', 'resnet18')),
Case('detect.load_resnet on_missing', 'detect', lambda: DT.load_resnet(on_missing='ignore'), ValueError, ('on_missing',)),
]
