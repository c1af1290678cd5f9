"""Rows of the bad-input table (issue 20) for lessons 17-20: yolo, rnn, superres, gan (helper "hardening D").

Collected by tests/test_bad_input.py. Each row: the call a student might make, the exception it must raise and the
strings its message must contain (at least the argument's name), or, for `exc=None`, the documented value.
"""
import sys
from functools import partial
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).parent))
from bad_case import Case

from course_dl import yolo as Y, rnn as RN, superres as S, gan as G

def _b(): return [torch.tensor([[0., 0, 9, 9]])]
def _l(): return [torch.tensor([0])]
def _grid(N=1, S=2, d=4): return torch.zeros(N, S, S, d)
def _vocab(): return RN.Vocab('one two three , four'.split())
def _u8(h=40, w=60): return np.zeros((h, w, 3), np.uint8)
def _f(x): return x

# ---- 17 yolo ---------------------------------------------------------------------------------------------------------
CASES = [
Case('yolo.shape_detections float n', 'yolo', lambda: Y.shape_detections(2.5), TypeError, ('shape_detections: n', 'use 2 or 3')),
Case('yolo.yolo_targets S 0', 'yolo', lambda: Y.yolo_targets(_b(), _l(), 0, 3), ValueError, ('yolo_targets: S', 'got 0')),
Case('yolo.yolo_targets C float', 'yolo', lambda: Y.yolo_targets(_b(), _l(), 2, 2.5), TypeError, ('yolo_targets: C', 'float')),
Case('yolo.yolo_targets boxes None', 'yolo', lambda: Y.yolo_targets(None, _l(), 2, 3), TypeError, ('yolo_targets: boxes', 'None')),
Case('yolo.yolo_targets nan box', 'yolo', lambda: Y.yolo_targets([torch.tensor([[0., 0, float('nan'), 9]])], _l(), 2, 3),
     ValueError, ('yolo_targets: boxes[0]', 'finite')),
Case('yolo.yolo_targets box of 3', 'yolo', lambda: Y.yolo_targets([torch.tensor([[0., 0, 9]])], _l(), 2, 3),
     ValueError, ('yolo_targets: boxes[0]', 'shape (1, 3)')),
Case('yolo.yolo_targets size None', 'yolo', lambda: Y.yolo_targets(_b(), _l(), 2, 3, size=None), ValueError, ('yolo_targets', 'size', 'None')),
Case('yolo.yolo_targets size triple', 'yolo', lambda: Y.yolo_targets(_b(), _l(), 2, 3, size=(64, 64, 3)), ValueError, ('yolo_targets', '(height, width)')),
Case('yolo.cell_to_image S 0', 'yolo', lambda: Y.cell_to_image(_grid(), 0), ValueError, ('cell_to_image: S', 'got 0')),
Case('yolo.cell_to_image S mismatch', 'yolo', lambda: Y.cell_to_image(_grid(1, 1), 2), ValueError, ('cell_to_image: xywh', '(1, 1, 1, 4)', 'S=2')),
Case('yolo.cell_to_image numpy', 'yolo', lambda: Y.cell_to_image(np.zeros((1, 2, 2, 4)), 2), TypeError, ('cell_to_image: xywh', 'torch.as_tensor')),
Case('yolo.cxcywh_iou corners of 3', 'yolo', lambda: Y.cxcywh_iou(torch.zeros(2, 3), torch.zeros(2, 4)), ValueError, ('cxcywh_iou: a', '(2, 3)')),
Case('yolo.yolo_loss C 0', 'yolo', lambda: Y.yolo_loss(_grid(2, 7, 10), _grid(2, 7, 5), 7, 2, 0), ValueError, ('yolo_loss: C', 'got 0')),
Case('yolo.yolo_loss_terms None', 'yolo', lambda: Y.yolo_loss_terms(None, _grid(2, 7, 11), 7, 2, 6), ValueError, ('pred', 'NoneType')),
Case('yolo.conv_leaky ni 0', 'yolo', lambda: Y.conv_leaky(0, 16), ValueError, ('conv_leaky: ni', 'got 0')),
Case('yolo.conv_leaky stride 0', 'yolo', lambda: Y.conv_leaky(3, 16, stride=0), ValueError, ('conv_leaky: stride', 'got 0')),
Case('yolo.YoloHead C 0', 'yolo', lambda: Y.YoloHead(2, 0), ValueError, ('YoloHead: C', 'got 0')),
Case('yolo.YoloHead B float', 'yolo', lambda: Y.YoloHead(2.5, 6), TypeError, ('YoloHead: B', 'use 2 or 3')),
Case('yolo.yolo_net C 0', 'yolo', lambda: Y.yolo_net(2, 0), ValueError, ('yolo_net: C', 'got 0')),
Case('yolo.flip_grid None', 'yolo', lambda: Y.flip_grid(None, _grid()), TypeError, ('flip_grid: x', 'None')),
Case('yolo.flip_grid lengths', 'yolo', lambda: Y.flip_grid(torch.zeros(2, 3, 32, 48), _grid(3, 2, 9)), ValueError, ('flip_grid', 'same N', '(3, 2, 2, 9)')),
Case('yolo.FlipGrid p 2', 'yolo', lambda: Y.FlipGrid(2), ValueError, ('FlipGrid: p', '<= 1')),
Case('yolo.LossTerms not callable', 'yolo', lambda: Y.LossTerms({'coord': 1.}), TypeError, ('LossTerms: terms', 'dict')),
Case('yolo.corner_to_xyxy numpy', 'yolo', lambda: Y.corner_to_xyxy(np.zeros((2, 4))), TypeError, ('corner_to_xyxy: b', 'torch.as_tensor')),
Case('yolo.corner_to_xyxy shape', 'yolo', lambda: Y.corner_to_xyxy(torch.zeros(2, 5)), ValueError, ('corner_to_xyxy: b', '(2, 5)')),
Case('yolo.nms iou_thresh 2', 'yolo', lambda: Y.nms(torch.zeros(2, 4), torch.zeros(2), 2), ValueError, ('nms: iou_thresh', '<= 1', 'got 2')),
Case('yolo.nms None', 'yolo', lambda: Y.nms(None, torch.zeros(2), .5), TypeError, ('nms: boxes', 'None')),
Case('yolo.nms numpy scores', 'yolo', lambda: Y.nms(torch.zeros(2, 4), np.zeros(2), .5), TypeError, ('nms: scores', 'torch.as_tensor')),
Case('yolo.nms nan score', 'yolo', lambda: Y.nms(torch.zeros(2, 4), torch.tensor([.5, float('nan')]), .5), ValueError, ('nms: scores', 'NaN')),
Case('yolo.nms nan box', 'yolo', lambda: Y.nms(torch.tensor([[0., 0, 1, float('nan')]]), torch.ones(1), .5), ValueError, ('nms: boxes', 'finite')),
Case('yolo.yolo_decode thresh 5', 'yolo', lambda: Y.yolo_decode(_grid(1, 2, 9), 2, 1, 4, thresh=5), ValueError, ('yolo_decode: thresh', 'got 5')),
Case('yolo.yolo_decode iou_thresh -1', 'yolo', lambda: Y.yolo_decode(_grid(1, 2, 9), 2, 1, 4, iou_thresh=-1), ValueError, ('yolo_decode: iou_thresh',)),
Case('yolo.yolo_decode no suppression', 'yolo', lambda: len(Y.yolo_decode(_grid(1, 2, 9), 2, 1, 4, iou_thresh=None)[0]['boxes']), None,
     value=0, why='yolo_decode docments: iou_thresh None means no suppression (all-zero grid: no box passes thresh)'),
Case('yolo.match_dets iou_thresh 1.5', 'yolo', lambda: Y.match_dets(np.zeros((1, 4)), np.zeros((1, 4)), 1.5), ValueError, ('match_dets: iou_thresh',)),
Case('yolo.match_dets None', 'yolo', lambda: Y.match_dets(None, np.zeros((1, 4))), TypeError, ('match_dets: det_boxes', 'None')),
Case('yolo.match_dets no boxes', 'yolo', lambda: Y.match_dets([], np.zeros((1, 4))).tolist(), None,
     value=[], why='match_dets docments: (k,) booleans, none for no detections'),
Case('yolo.class_pr lengths', 'yolo', lambda: Y.class_pr([{}], [{}, {}], 0), ValueError, ('class_pr', 'one prediction per target', '1 preds and 2')),
Case('yolo.class_pr max_dets 0', 'yolo', lambda: Y.class_pr([], [], 0, max_dets=0), ValueError, ('class_pr: max_dets', 'got 0')),
Case('yolo.average_precision lengths', 'yolo', lambda: Y.average_precision(np.array([.5, 1.]), np.array([1.])), ValueError,
     ('average_precision', 'recall and precision', '2 and 1')),
Case('yolo.average_precision None', 'yolo', lambda: Y.average_precision(None, np.array([1.])), TypeError, ('average_precision: recall', 'None')),
Case('yolo.average_precision n_levels 0', 'yolo', lambda: Y.average_precision(np.array([1.]), np.array([1.]), 0), ValueError, ('average_precision: n_levels', 'got 0')),
Case('yolo.average_precision nan', 'yolo', lambda: Y.average_precision(np.array([1.]), np.array([np.nan])), ValueError, ('average_precision: precision', '[0, 1]')),
Case('yolo.average_precision empty', 'yolo', lambda: Y.average_precision(np.zeros(0), np.zeros(0)), None,
     value=0.0, why='average_precision docstring: 0 for an empty curve'),
Case('yolo.mean_ap None', 'yolo', lambda: Y.mean_ap(None, []), TypeError, ('mean_ap: preds', 'None')),
Case('yolo.mean_ap iou_thresh 50', 'yolo', lambda: Y.mean_ap([], [], iou_thresh=50), ValueError, ('mean_ap: iou_thresh', 'got 50')),
Case('yolo.mean_ap no true boxes', 'yolo', lambda: Y.mean_ap([], [])[0], None, value=-1.0, why='mean_ap docments: -1 when no class has true boxes'),
]

# ---- 18 rnn ----------------------------------------------------------------------------------------------------------
CASES += [
Case('rnn.number_tokens hi < lo', 'rnn', lambda: RN.number_tokens(5, 3), ValueError, ('number_tokens: hi', 'got 3')),
Case('rnn.number_tokens lo 0', 'rnn', lambda: RN.number_tokens(0, 3), ValueError, ('number_tokens: lo', '1..9999')),
Case('rnn.Vocab empty', 'rnn', lambda: RN.Vocab([]), ValueError, ('Vocab: tokens', 'empty')),
Case('rnn.Vocab None', 'rnn', lambda: RN.Vocab(None), TypeError, ('Vocab: tokens', 'None')),
Case('rnn.Vocab ids', 'rnn', lambda: RN.Vocab([1, 2, 3]), TypeError, ('Vocab: tokens', 'str tokens', 'int')),
Case('rnn.Vocab.numericalize str', 'rnn', lambda: _vocab().numericalize('one two'), TypeError, ('numericalize: tokens', 'split it first')),
Case('rnn.Vocab.numericalize unknown', 'rnn', lambda: _vocab().numericalize(['one', 'zebra']).tolist(), None,
     value=[_vocab().stoi['one'], 0], why="Vocab.numericalize docstring: a token not in the vocabulary becomes 0 ('xxunk')"),
Case('rnn.Vocab.textify out of range', 'rnn', lambda: _vocab().textify([99]), ValueError, ('textify: ids', 'got [99]')),
Case('rnn.LMDataLoader None', 'rnn', lambda: RN.LMDataLoader(None), TypeError, ('LMDataLoader: tokens', 'numericalize')),
Case('rnn.LMDataLoader bs float', 'rnn', lambda: RN.LMDataLoader(torch.arange(100), bs=2.5), ValueError, ('LMDataLoader: bs', '2.5')),
Case('rnn.human_dls bptt 0', 'rnn', lambda: RN.human_dls(bptt=0), ValueError, ('human_dls: bptt', 'got 0')),
Case('rnn.loss4 targ 1-d', 'rnn', lambda: RN.loss4(torch.zeros(4, 10), torch.zeros(4, dtype=torch.long)), ValueError, ('loss4', 'targ (bs, bptt)', '(4,)')),
Case('rnn.loss4 per-word scores', 'rnn', lambda: RN.loss4(torch.zeros(4, 3, 10), torch.zeros(4, 3, dtype=torch.long)), ValueError, ('loss4', 'lm_loss')),
Case('rnn.loss4 float targ', 'rnn', lambda: RN.loss4(torch.zeros(4, 10), torch.zeros(4, 3)), ValueError, ('loss4', 'integer ids', 'float32')),
Case('rnn.acc4 None', 'rnn', lambda: RN.acc4(None, torch.zeros(4, 3, dtype=torch.long)), TypeError, ('acc4: inp', 'None')),
Case('rnn.lm_loss one score per window', 'rnn', lambda: RN.lm_loss(torch.zeros(4, 10), torch.zeros(4, 3, dtype=torch.long)), ValueError,
     ('lm_loss', '(4, 10) and (4, 3)', 'loss4')),
Case('rnn.lm_loss float targ', 'rnn', lambda: RN.lm_loss(torch.zeros(4, 3, 10), torch.zeros(4, 3)), ValueError, ('lm_loss', 'integer ids')),
Case('rnn.Model3 float nv', 'rnn', lambda: RN.Model3(2.5), TypeError, ('Model3: nv', 'use 2 or 3')),
Case('rnn.Model0 nh 0', 'rnn', lambda: RN.Model0(10, 0), ValueError, ('Model0: nh', 'got 0')),
Case('rnn.Model0 four words', 'rnn', lambda: RN.Model0(10, 4)(torch.zeros(2, 4, dtype=torch.long)), ValueError, ('Model0: x', '(bs, 3)', '(2, 4)')),
Case('rnn.Model2 float ids', 'rnn', lambda: RN.Model2(10, 4)(torch.zeros(2, 5)), ValueError, ('Model2: x', 'integer token ids')),
Case('rnn.Model5 nv None', 'rnn', lambda: RN.Model5(None), TypeError, ('Model5: nv', 'None')),
Case('rnn.rnn_cell batch mismatch', 'rnn', lambda: RN.rnn_cell(torch.zeros(2, 3), torch.zeros(3, 4), torch.zeros(4, 3), torch.zeros(4, 4), torch.zeros(4), torch.zeros(4)),
     ValueError, ('rnn_cell', 'same bs', '(3, 4)')),
Case('rnn.gru_cell bias', 'rnn', lambda: RN.gru_cell(torch.zeros(2, 3), torch.zeros(2, 4), torch.zeros(12, 3), torch.zeros(12, 4), torch.zeros(4), torch.zeros(12)),
     ValueError, ('gru_cell', 'b_ih', '(12,)')),
Case('rnn.rnn_cell None h', 'rnn', lambda: RN.rnn_cell(torch.zeros(2, 3), None, torch.zeros(4, 3), torch.zeros(4, 4), torch.zeros(4), torch.zeros(4)),
     TypeError, ('rnn_cell: h', 'None')),
Case('rnn.unroll no weights', 'rnn', lambda: RN.unroll(RN.rnn_cell, torch.zeros(2, 5, 3), torch.zeros(2, 4)), TypeError, ('unroll: weights', 'got 0', 'w_ih')),
Case('rnn.unroll 2-d x', 'rnn', lambda: RN.unroll(RN.rnn_cell, torch.zeros(2, 3), torch.zeros(2, 4), *[torch.zeros(4, 3), torch.zeros(4, 4), torch.zeros(4), torch.zeros(4)]),
     ValueError, ('unroll: x', '3 dimensions')),
Case('rnn.run_rnn h layers', 'rnn', lambda: RN.run_rnn(nn.GRU(3, 4, 2, batch_first=True), torch.zeros(2, 5, 3), torch.zeros(1, 2, 4)), ValueError,
     ('run_rnn: h', '(2, bs, 4)', '(1, 2, 4)')),
Case('rnn.ends_dataset number 1', 'rnn', lambda: RN.ends_dataset([1, 5], _vocab()), ValueError, ('ends_dataset: numbers', '2..9999', '[1]')),
Case('rnn.ends_dataset seq_len short', 'rnn', lambda: RN.ends_dataset([9999], RN.Vocab(RN.number_tokens(9998, 9999)), seq_len=4), ValueError,
     ('ends_dataset: seq_len=4', 'too short')),
Case('rnn.ends_dataset vocab list', 'rnn', lambda: RN.ends_dataset([5], ['one', 'two']), TypeError, ('ends_dataset: vocab', 'list')),
Case('rnn.NumberClassifier n_out 0', 'rnn', lambda: RN.NumberClassifier(10, 0, 1), ValueError, ('NumberClassifier: n_out', 'got 0')),
Case('rnn.NumberClassifier pad_idx', 'rnn', lambda: RN.NumberClassifier(10, 2, 10), ValueError, ('NumberClassifier: pad_idx', '0..9')),
Case('rnn.NumberClassifier all pads', 'rnn', lambda: RN.NumberClassifier(10, 2, 1)(torch.ones(2, 4, dtype=torch.long)), ValueError, ('NumberClassifier: x', 'only padding')),
Case('rnn.NumberClassifier.load_encoder None', 'rnn', lambda: RN.NumberClassifier(10, 2, 1).load_encoder(None), TypeError, ('load_encoder: lm', 'None')),
]

# ---- 19 superres -----------------------------------------------------------------------------------------------------
_t = torch.zeros(3, 8, 10)
CASES += [
Case('superres.crappify None', 'superres', lambda: S.crappify(None, 16), TypeError, ('crappify: img', 'cv2.imread')),
Case('superres.crappify grey', 'superres', lambda: S.crappify(np.zeros((40, 60), np.uint8), 16), ValueError, ('crappify: img', 'channels')),
Case('superres.crappify tensor', 'superres', lambda: S.crappify(torch.zeros(3, 40, 60), 16), TypeError, ('crappify: img', 'permute')),
Case('superres.psnr None', 'superres', lambda: S.psnr(None, np.zeros(3)), TypeError, ('psnr: pred', 'None')),
Case('superres.psnr data_range 0', 'superres', lambda: S.psnr(np.zeros(3), np.ones(3), 0), ValueError, ('psnr: data_range', '> 0')),
Case('superres.psnr uint8 range 1', 'superres', lambda: S.psnr(_u8(), _u8() + 1), ValueError, ('psnr', 'pred and targ', 'data_range=255')),
Case('superres.psnr nan', 'superres', lambda: S.psnr(np.array([np.nan, 0.]), np.zeros(2)), ValueError, ('psnr', 'finite')),
Case('superres.psnr list', 'superres', lambda: S.psnr([0., 1.], [0., 1.]), TypeError, ('psnr: pred', 'list')),
Case('superres.ssim shapes', 'superres', lambda: S.ssim(torch.zeros(3, 8, 10), torch.zeros(3, 10, 8)), ValueError, ('ssim', 'pred and targ', '(3, 10, 8)')),
Case('superres.ssim batch', 'superres', lambda: S.ssim(torch.zeros(2, 3, 8, 10), torch.zeros(2, 3, 8, 10)), ValueError, ('ssim', 'quality_table')),
Case('superres.ssim tensor and array', 'superres', lambda: S.ssim(_t, _t.permute(1, 2, 0).numpy()), TypeError, ('ssim', 'Tensor and ndarray')),
Case('superres.ssim tiny', 'superres', lambda: S.ssim(torch.zeros(3, 4, 5), torch.zeros(3, 4, 5)), ValueError, ('ssim', '7 x 7')),
Case('superres.ssim None', 'superres', lambda: S.ssim(_t, None), TypeError, ('ssim: targ', 'None')),
Case('superres.ssim identical', 'superres', lambda: S.ssim(_t, _t), None, value=1.0, why='SSIM of identical images is 1 (19_superres)'),
Case('superres.random_crops empty', 'superres', lambda: S.random_crops([], 2, 8, np.random.default_rng(0)), ValueError, ('random_crops: ims', 'empty')),
Case('superres.random_crops float n', 'superres', lambda: S.random_crops([_u8()], 2.5, 8, np.random.default_rng(0)), TypeError, ('random_crops: n', 'use 2 or 3')),
Case('superres.random_crops rng seed', 'superres', lambda: S.random_crops([_u8()], 2, 8, 0), TypeError, ('random_crops: rng', 'default_rng')),
Case('superres.random_crops None image', 'superres', lambda: S.random_crops([None], 2, 8, np.random.default_rng(0)), TypeError, ('random_crops: ims[0]', 'None')),
Case('superres.to_tensor empty', 'superres', lambda: S.to_tensor([]), ValueError, ('to_tensor: ims', 'empty')),
Case('superres.to_tensor floats', 'superres', lambda: S.to_tensor([_u8() / 255.]), ValueError, ('to_tensor: ims[0]', 'uint8', 'round()')),
Case('superres.to_tensor sizes', 'superres', lambda: S.to_tensor([_u8(), _u8(40, 50)]), ValueError, ('to_tensor: ims', '(40, 50, 3)')),
Case('superres.to_tensor one image', 'superres', lambda: S.to_tensor(_u8()), ValueError, ('to_tensor: ims', 'to_tensor([im])')),
Case('superres.to_tensor None', 'superres', lambda: S.to_tensor(None), TypeError, ('to_tensor: ims', 'None')),
Case('superres.upscale numpy', 'superres', lambda: S.upscale(np.zeros((1, 3, 4, 4)), 8), TypeError, ('upscale: x', 'torch.as_tensor')),
Case('superres.upscale uint8', 'superres', lambda: S.upscale(torch.zeros(1, 3, 4, 4, dtype=torch.uint8), 8), ValueError, ('upscale: x', 'x.float()/255')),
Case('superres.crappify_pairs small 0', 'superres', lambda: S.crappify_pairs([_u8()], 0), ValueError, ('crappify_pairs: small', 'got 0')),
Case('superres.restoration_data no images', 'superres', lambda: S.restoration_data(0, 0), ValueError, ('restoration_data', 'n_photo and n_shapes')),
Case('superres.restoration_data float', 'superres', lambda: S.restoration_data(2.5, 0), TypeError, ('restoration_data: n_photo', 'use 2 or 3')),
Case('superres.quality_table list', 'superres', lambda: S.quality_table([torch.zeros(1, 3, 8, 8)], torch.zeros(1, 3, 8, 8)), TypeError, ('quality_table: preds', 'dict')),
Case('superres.quality_table numpy', 'superres', lambda: S.quality_table({'a': np.zeros((1, 3, 8, 8))}, torch.zeros(1, 3, 8, 8)), TypeError, ("quality_table: preds['a']", 'torch.as_tensor')),
Case('superres.restoration_dls lengths', 'superres', lambda: S.restoration_dls(torch.zeros(4, 3, 8, 8), torch.zeros(3, 3, 8, 8), torch.zeros(2, 3, 8, 8), torch.zeros(2, 3, 8, 8)),
     ValueError, ('restoration_dls: xt and yt', '4 and 3')),
Case('superres.restoration_dls bs 0', 'superres', lambda: S.restoration_dls(*[torch.zeros(2, 3, 8, 8)] * 4, bs=0), ValueError, ('restoration_dls: bs', 'got 0')),
Case('superres.gram_matrix None', 'superres', lambda: S.gram_matrix(None), TypeError, ('gram_matrix: x', 'None')),
Case('superres.FeatureLoss None body', 'superres', lambda: S.FeatureLoss(None, [], []), TypeError, ('FeatureLoss: body', 'None')),
Case('superres.FeatureLoss foreign layer', 'superres', lambda: S.FeatureLoss(nn.Sequential(nn.ReLU()), [nn.ReLU()], [1.]), ValueError, ('FeatureLoss: layers[0]', 'not inside body')),
Case('superres.FeatureLoss shapes', 'superres', lambda: S.FeatureLoss(nn.Sequential(nn.Identity()), [], [])(torch.zeros(1, 3, 8, 8), torch.zeros(1, 3, 8, 6)),
     ValueError, ('FeatureLoss: pred and targ', '(1, 3, 8, 6)')),
Case('superres.show_restored n too big', 'superres', lambda: S.show_restored({'a': torch.zeros(2, 3, 8, 8)}, n=4), ValueError, ("show_restored: n=4", "rows['a']")),
]

# ---- 20 gan ----------------------------------------------------------------------------------------------------------
def _gan(z_dim=4):
    "A fake Learner holding a GANModule and a GANTrainer (generate reads only these)."
    return SimpleNamespace(cbs=[G.GANTrainer(z_dim=z_dim)], model=G.GANModule(G.basic_generator(4, 4), G.basic_critic(nf=4)),
                           device='cpu')
CASES += [
Case('gan.ring_data n 0', 'gan', lambda: G.ring_data(0), ValueError, ('ring_data: n', 'got 0')),
Case('gan.ring_data noise -1', 'gan', lambda: G.ring_data(10, noise=-1), ValueError, ('ring_data: noise', '>= 0')),
Case('gan.mlp n_layers 0', 'gan', lambda: G.mlp(2, 8, 2, 0), ValueError, ('mlp: n_layers', 'got 0')),
Case('gan.ring_distance 3-d points', 'gan', lambda: G.ring_distance(torch.zeros(5, 3)), ValueError, ('ring_distance: p', '(5, 3)')),
Case('gan.ring_distance numpy', 'gan', lambda: G.ring_distance(np.zeros((5, 2))), TypeError, ('ring_distance: p', 'torch.as_tensor')),
Case('gan.gan_critic_loss shapes', 'gan', lambda: G.gan_critic_loss(torch.zeros(4), torch.zeros(4, 1)), ValueError,
     ('gan_critic_loss', 'real_pred and fake_pred', '(4,) and (4, 1)')),
Case('gan.gan_critic_loss None', 'gan', lambda: G.gan_critic_loss(None, torch.zeros(4)), TypeError, ('gan_critic_loss: real_pred', 'None')),
Case('gan.gan_gen_loss long', 'gan', lambda: G.gan_gen_loss(torch.zeros(4, dtype=torch.long)), ValueError, ('gan_gen_loss: fake_pred', 'x.float()')),
Case('gan.wgan_critic_loss shapes', 'gan', lambda: G.wgan_critic_loss(torch.zeros(4), torch.zeros(3)), ValueError, ('wgan_critic_loss', '(4,) and (3,)')),
Case('gan.wgan_gen_loss None', 'gan', lambda: G.wgan_gen_loss(None), TypeError, ('wgan_gen_loss: fake_pred', 'None')),
Case('gan.restoration_gen_loss shapes', 'gan', lambda: G.restoration_gen_loss(torch.zeros(2), torch.zeros(2, 3, 8, 8), torch.zeros(2, 3, 4, 4)), ValueError,
     ('restoration_gen_loss', 'fake and real', '(2, 3, 4, 4)')),
Case('gan.GANModule None', 'gan', lambda: G.GANModule(None, None), TypeError, ('GANModule: generator', 'None')),
Case('gan.GANModule function', 'gan', lambda: G.GANModule(G.basic_generator, G.basic_critic()), TypeError, ('GANModule: generator', 'basic_generator()')),
Case('gan.GANTrainer n_crit float', 'gan', lambda: G.GANTrainer(n_crit=2.5), TypeError, ('GANTrainer: n_crit', 'use 2 or 3')),
Case('gan.GANTrainer z_dim 0', 'gan', lambda: G.GANTrainer(z_dim=0), ValueError, ('GANTrainer: z_dim', 'got 0')),
Case('gan.GANTrainer crit_loss None', 'gan', lambda: G.GANTrainer(crit_loss=None), TypeError, ('GANTrainer: crit_loss', 'NoneType')),
Case('gan.weights None', 'gan', lambda: G.weights(None), TypeError, ('weights: m', 'None')),
Case('gan.changed other model', 'gan', lambda: G.changed(G.weights(nn.Linear(2, 2)), nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 2))), ValueError,
     ('changed: before', '4 tensors', 'got 2')),
Case('gan.basic_generator z_dim 0', 'gan', lambda: G.basic_generator(0), ValueError, ('basic_generator: z_dim', 'got 0')),
Case('gan.basic_critic size 0', 'gan', lambda: G.basic_critic(0), ValueError, ('basic_critic: size', 'got 0')),
Case('gan.noise_dls z_dim 0', 'gan', lambda: G.noise_dls(torch.zeros(8, 1, 28, 28), 0), ValueError, ('noise_dls: z_dim', 'got 0')),
Case('gan.noise_dls 0..255', 'gan', lambda: G.noise_dls(torch.full((8, 1, 28, 28), 255.), 4), ValueError, ('noise_dls: reals', '[-1, 1]', 'x / 127.5 - 1')),
Case('gan.noise_dls None', 'gan', lambda: G.noise_dls(None, 4), TypeError, ('noise_dls: reals', 'None')),
Case('gan.gan_learner beta1 1', 'gan', lambda: G.gan_learner(G.basic_generator(), G.basic_critic(), None, beta1=1), ValueError, ('gan_learner: beta1',)),
Case('gan.generate None', 'gan', lambda: G.generate(None), TypeError, ('generate: learn', 'None')),
Case('gan.generate plain learner', 'gan', lambda: G.generate(SimpleNamespace(cbs=[], model=nn.Linear(2, 2))), TypeError, ('generate: learn', 'GANTrainer')),
Case('gan.generate no z_dim', 'gan', lambda: G.generate(_gan(None)), ValueError, ('generate: learn', 'z_dim')),
Case('gan.generate n 0', 'gan', lambda: G.generate(_gan(), 0), ValueError, ('generate: n', 'got 0')),
Case('gan.generate range', 'gan', lambda: (lambda x: (x.shape, bool(x.min() >= 0), bool(x.max() <= 1)))(G.generate(_gan(), 3)), None,
     value=((3, 1, 28, 28), True, True), why='generate docments: images (n, C, H, W) in [0, 1]'),
Case('gan.digit_score None', 'gan', lambda: G.digit_score(None, torch.zeros(2, 1, 28, 28)), TypeError, ('digit_score: clf', 'None')),
Case('gan.digit_score None ims', 'gan', lambda: G.digit_score(nn.Flatten(), None), TypeError, ('digit_score: ims', 'None')),
Case('gan.digit_score tanh range', 'gan', lambda: G.digit_score(nn.Flatten(), -torch.ones(2, 1, 28, 28)), ValueError, ('digit_score: ims', '(x + 1) / 2')),
Case('gan.show_digits 3-d', 'gan', lambda: G.show_digits(torch.zeros(4, 28, 28)), ValueError, ('show_digits: ims', '4 dimensions')),
]
