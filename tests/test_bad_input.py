"""The bad-input table (issue 20): the mistakes students make, one row a case, across all modules.

Each row is a `Case` (tests/bad_case.py): `call()` must raise `exc` with every string of `match` in the message
(at least the argument's name), or, when `exc is None`, return the documented `value` (`why` says where it is
documented). Rows for lessons 07-12 live in tests/bad_cases_b.py, for 13-16 in bad_cases_c.py and for 17-20 in
bad_cases_d.py; all are collected here.
Calls that still fail deep inside a library, or return a meaningless value without a word, are not rows: they
are listed in the issue-20 note for the module's owner.
"""
import sys, tempfile, json
from collections import Counter
from pathlib import Path
import numpy as np, torch, pytest

sys.path.insert(0, str(Path(__file__).parent))
from bad_case import Case, tmp_dir

from course_dl import checks as CK, bbox as BB, debug as DB
from course_dl import metrics as M, resnet as R, multilabel as ML, segment as SG, yolo as Y, rnn as RN
from course_dl import images as I, shapes as SH, pascal as PA, matmul as MM, scratch as SC, datasets as DS
from course_dl import superres as S, gan as G

def _tmp(): return tmp_dir()
def _file(name, text):
    p = _tmp() / name; p.write_text(text); return p
def _rng(): return np.random.default_rng(0)
def _u8(h=6, w=8): return np.zeros((h, w, 3), np.uint8)
def _f(x): return x + 1
f4, t4 = torch.randn(4, 3), torch.tensor([0, 1, 2, 0])

# ---- 00 checks -------------------------------------------------------------------------------------------------------
CASES = [
Case('checks.check_int float', 'checks', lambda: CK.check_int(2.5, 'n_train', 'make'), TypeError, ('n_train', 'use 2 or 3')),
Case('checks.check_int zero', 'checks', lambda: CK.check_int(0, 'size', 'render'), ValueError, ('size', 'got 0')),
Case('checks.check_image uint8 for float', 'checks', lambda: CK.check_image(_u8(), 'im', 'lighting', dtype='float'),
     ValueError, ('im', 'uint8', 'im.astype(np.float32)/255')),
Case('checks.check_image None', 'checks', lambda: CK.check_image(None, 'im', 'squish'), TypeError, ('im', 'cv2.imread')),
Case('checks.check_boxes uint8 widened', 'checks', lambda: CK.check_boxes(np.array([250, 250, 10, 10], np.uint8))[0] + 10,
     None, value=260, why='check_boxes docments: integer dtypes widened to int64'),
Case('checks.check_tensor uint8', 'checks', lambda: CK.check_tensor(torch.zeros(2, dtype=torch.uint8), 'xb', 'fit'),
     ValueError, ('xb', 'x.float()/255')),
Case('checks.check_model function', 'checks', lambda: CK.check_model(_f, 'model', 'Learner'), TypeError, ('model', 'call it')),
Case('checks.check_path missing', 'checks', lambda: CK.check_path('/nonexistent/x.jpg', 'fname', 'open_image'),
     FileNotFoundError, ('fname', '/nonexistent/x.jpg')),
]

# ---- 01 bbox ---------------------------------------------------------------------------------------------------------
CASES += [
Case('bbox.hw_bb uint8 wraps', 'bbox', lambda: BB.hw_bb(np.array([250, 250, 10, 10], np.uint8)), None,
     value=np.array([250, 250, 259, 259]), why='hw_bb docments: integers as int64'),
Case('bbox.hw_bb uint8 tensor', 'bbox', lambda: BB.hw_bb(torch.tensor([250, 250, 10, 10], dtype=torch.uint8)), None,
     value=torch.tensor([250, 250, 259, 259]), why='hw_bb docments: integers as int64'),
Case('bbox.hw_bb shape', 'bbox', lambda: BB.hw_bb(np.array([155, 96, 196])), ValueError, ('hw_bb: b', 'shape (3,)')),
Case('bbox.hw_bb nan', 'bbox', lambda: BB.hw_bb([155, np.nan, 196, 174]), ValueError, ('hw_bb: b', 'finite')),
Case('bbox.hw_bb None', 'bbox', lambda: BB.hw_bb(None), TypeError, ('hw_bb: b', 'None')),
Case('bbox.hw_bb str', 'bbox', lambda: BB.hw_bb('155 96 196 174'), TypeError, ('hw_bb: b', 'str')),
Case('bbox.hw_bb negative width', 'bbox', lambda: BB.hw_bb([155, 96, -196, 174]), ValueError, ('hw_bb: b', 'negative size')),
Case('bbox.hw_bb ragged', 'bbox', lambda: BB.hw_bb([[1, 2, 3, 4], [1, 2, 3]]), ValueError, ('hw_bb: b', 'ragged')),
Case('bbox.hw_bb bool', 'bbox', lambda: BB.hw_bb(np.ones(4, bool)), ValueError, ('hw_bb: b', 'bool')),
Case('bbox.bb_hw negative height', 'bbox', lambda: BB.bb_hw(np.array([96, 155, 94, 350])), ValueError, ('bb_hw: a', 'negative size')),
Case('bbox.bb_hw uint8', 'bbox', lambda: BB.bb_hw(np.array([0, 0, 255, 255], np.uint8)), None,
     value=np.array([0, 0, 256, 256]), why='bb_hw docments: integers as int64'),
Case('bbox.corner_to_center nan', 'bbox', lambda: BB.corner_to_center(np.array([0., 0, np.inf, 3])), ValueError, ('corner_to_center: a', 'finite')),
Case('bbox.center_to_corner negative', 'bbox', lambda: BB.center_to_corner(np.array([10., 10, -2, 3])), ValueError, ('center_to_corner: c', 'negative')),
Case('bbox.box_area uint8 overflow', 'bbox', lambda: BB.box_area(np.array([0, 0, 199, 199], np.uint8)), None,
     value=40000, why='box_area docments: integers as int64 (no overflow)'),
Case('bbox.box_area int16 tensor', 'bbox', lambda: BB.box_area(torch.tensor([0, 0, 299, 299], dtype=torch.int16)), None,
     value=torch.tensor(90000), why='box_area docments: integers as int64 (no overflow)'),
Case('bbox.box_area nan', 'bbox', lambda: BB.box_area(np.array([0., 0, np.nan, 4])), ValueError, ('box_area: b', 'finite')),
Case('bbox.box_iou numpy and torch', 'bbox', lambda: BB.box_iou(np.zeros((1, 4)), torch.zeros(1, 4)), TypeError, ('a and b', 'torch.as_tensor')),
Case('bbox.box_iou nan b', 'bbox', lambda: BB.box_iou(np.zeros((1, 4)), np.array([[0, 0, np.nan, 1]])), ValueError, ('box_iou: b', 'finite')),
Case('bbox.box_iou shape a', 'bbox', lambda: BB.box_iou(np.zeros((2, 3)), np.zeros((1, 4))), ValueError, ('box_iou: a', 'shape (2, 3)')),
Case('bbox.box_iou empty boxes', 'bbox', lambda: BB.box_iou(np.array([3, 3, 2, 2]), np.array([3, 3, 2, 2])), None,
     value=0.0, why='box_iou: two empty boxes give 0, not nan (01_bbox)'),
Case('bbox.iou_hit thresh', 'bbox', lambda: BB.iou_hit(np.array([.5]), thresh=50), ValueError, ('iou_hit: thresh',)),
Case('bbox.iou_hit boxes passed', 'bbox', lambda: BB.iou_hit(np.array([96., 155.])), ValueError, ('iou_hit: iou', 'box_iou(preds, targets)')),
Case('bbox.iou_hit nan', 'bbox', lambda: BB.iou_hit(torch.tensor([.5, float('nan')])), ValueError, ('iou_hit: iou',)),
Case('bbox.iou_hit None', 'bbox', lambda: BB.iou_hit(None), TypeError, ('iou_hit: iou', 'NoneType')),
Case('bbox.get_lrg empty', 'bbox', lambda: BB.get_lrg([]), ValueError, ('get_lrg: anns', 'got none')),
Case('bbox.get_lrg not pairs', 'bbox', lambda: BB.get_lrg([np.array([0, 0, 1, 1])]), ValueError, ('get_lrg: anns', 'pairs')),
Case('bbox.get_lrg nan box', 'bbox', lambda: BB.get_lrg([(np.array([0, 0, 1, 1]), 1), (np.array([0., 0, np.nan, 1]), 2)]),
     ValueError, ('anns[1][0]', 'finite')),
Case('bbox.get_lrg thin box inclusive', 'bbox', lambda: BB.get_lrg([(np.array([0, 0, 199, 0]), 1), (np.array([0, 0, 9, 9]), 2)])[1],
     None, value=1, why='get_lrg docments: the largest inclusive area (the course lambda, exclusive, says 2)'),
Case('bbox.resize_bb old_hw 0', 'bbox', lambda: BB.resize_bb(np.array([0, 0, 4, 4]), (0, 80), (224, 224)), ValueError, ('old_hw[0] (height)',)),
Case('bbox.resize_bb new_hw short', 'bbox', lambda: BB.resize_bb(np.array([0, 0, 4, 4]), (60, 80), (224,)), ValueError, ('resize_bb: new_hw',)),
Case('bbox.resize_bb nan', 'bbox', lambda: BB.resize_bb(np.array([0, 0, np.nan, 4]), (60, 80), (30, 40)), ValueError, ('resize_bb: b', 'finite')),
Case('bbox.flip_bb width 0', 'bbox', lambda: BB.flip_bb(np.array([0, 0, 4, 4]), 0), ValueError, ('flip_bb: width',)),
Case('bbox.flip_bb width float', 'bbox', lambda: BB.flip_bb(np.array([0, 0, 4, 4]), 80.5), TypeError, ('flip_bb: width', 'use 80 or 81')),
Case('bbox.flip_bb uint8', 'bbox', lambda: BB.flip_bb(np.array([0, 0, 9, 9], np.uint8), 300), None,
     value=np.array([0, 290, 9, 299]), why='flip_bb docments: integers as int64'),
]

# ---- 04 debug --------------------------------------------------------------------------------------------------------
CASES += [
Case('debug.pdb_walk None fn', 'debug', lambda: DB.pdb_walk(None, cmds=[]), TypeError, ('pdb_walk: fn', 'expected a function')),
Case('debug.pdb_walk called fn', 'debug', lambda: DB.pdb_walk(_f(3), cmds=['n']), TypeError, ('pdb_walk: fn', 'pdb_walk(f, x, cmds=...)')),
Case('debug.pdb_walk cmds None', 'debug', lambda: DB.pdb_walk(_f, 3, cmds=None), TypeError, ('cmds must be a str',)),
Case('debug.pdb_walk cmds int item', 'debug', lambda: DB.pdb_walk(_f, 3, cmds=['n', 2]), TypeError, ('cmds', 'list of str')),
Case('debug.pdb_walk two lines in one', 'debug', lambda: DB.pdb_walk(_f, 3, cmds=['n\np x']), ValueError, ('cmds', 'one line')),
Case('debug.post_mortem_walk None fn', 'debug', lambda: DB.post_mortem_walk(None, cmds=[]), TypeError, ('post_mortem_walk: fn',)),
Case('debug.pdb_walk no cmds', 'debug', lambda: DB.pdb_walk(_f, 3), TypeError, ('cmds',)),
]

# ---- 13 metrics ------------------------------------------------------------------------------------------------------
CASES += [
Case('metrics.error_rate shape', 'metrics', lambda: M.error_rate(torch.randn(4, 3), torch.tensor([0, 1])), ValueError, ('inp', 'targ', '4 samples')),
Case('metrics.error_rate float targ', 'metrics', lambda: M.error_rate(f4, t4.float()), ValueError, ('targ', 'targ.long()')),
Case('metrics.error_rate None', 'metrics', lambda: M.error_rate(None, t4), TypeError, ('inp', 'NoneType')),
Case('metrics.balanced_error_rate shape', 'metrics', lambda: M.balanced_error_rate(torch.randn(4, 3), torch.tensor([0, 1])), ValueError, ('inp', 'targ')),
Case('metrics.confusion_matrix n_classes too small', 'metrics', lambda: M.confusion_matrix(t4, t4, n_classes=2), ValueError, ('n_classes=2',)),
Case('metrics.confusion_matrix n_classes 0', 'metrics', lambda: M.confusion_matrix(t4, t4, n_classes=0), ValueError, ('n_classes=0',)),
Case('metrics.tpr_fpr non-binary', 'metrics', lambda: M.tpr_fpr(torch.rand(4), torch.tensor([0, 1, 2, 1]), .5), ValueError, ('targ', '{0, 1}')),
Case('metrics.tpr_fpr shape', 'metrics', lambda: M.tpr_fpr(torch.rand(4), torch.tensor([0, 1]), .5), ValueError, ('scores', 'targ')),
Case('metrics.roc_curve one class', 'metrics', lambda: M.roc_curve(torch.rand(4), torch.zeros(4, dtype=torch.long)), ValueError, ('targ', 'single class')),
Case('metrics.roc_auc nan', 'metrics', lambda: M.roc_auc(torch.tensor([.1, float('nan'), .3, .4]), torch.tensor([0, 1, 0, 1])), ValueError, ('scores', 'nan')),
Case('metrics.roc_auc one class', 'metrics', lambda: M.roc_auc(torch.rand(4), torch.ones(4, dtype=torch.long)), ValueError, ('targ', 'single class')),
Case('metrics.accuracy_thresh shape', 'metrics', lambda: M.accuracy_thresh(torch.randn(4, 3), torch.ones(4, 2)), ValueError, ('inp', 'targ', '(4, 3)')),
Case('metrics.fbeta beta 0', 'metrics', lambda: M.fbeta(torch.randn(4, 3), torch.ones(4, 3), beta=0), ValueError, ('beta',)),
Case('metrics.fbeta shape', 'metrics', lambda: M.fbeta(torch.randn(4, 3), torch.ones(4, 2)), ValueError, ('inp', 'targ')),
Case('metrics.seg_accuracy shape non-square', 'metrics', lambda: M.seg_accuracy(torch.zeros(2, 4, 5, dtype=torch.long), torch.zeros(2, 5, 4, dtype=torch.long), 1),
     ValueError, ('pred', 'targ', '(2, 5, 4)')),
Case('metrics.acc_camvid targ shape', 'metrics', lambda: M.acc_camvid(torch.randn(2, 3, 4, 5), torch.zeros(2, 5, 4, dtype=torch.long)), ValueError, ('targ', '(2, 5, 4)')),
Case('metrics.acc_camvid 3d inp', 'metrics', lambda: M.acc_camvid(torch.randn(3, 4, 5), torch.zeros(3, 4, 5, dtype=torch.long)), ValueError, ('inp', '(N, C, H, W)')),
Case('metrics.acc_camvid all void', 'metrics', lambda: M.acc_camvid(torch.randn(1, 3, 4, 5), torch.full((1, 4, 5), 255)), ValueError, ('void_code=255',)),
]

# ---- 14 resnet -------------------------------------------------------------------------------------------------------
CASES += [
Case('resnet.RandomSplitter valid_pct 1.5', 'resnet', lambda: R.RandomSplitter(1.5), ValueError, ('valid_pct', '1.5')),
Case('resnet.RandomSplitter valid_pct 0', 'resnet', lambda: R.RandomSplitter(0), ValueError, ('valid_pct',)),
Case('resnet.BatchLoader bs 0', 'resnet', lambda: R.BatchLoader(R.LabelList(torch.zeros(3, 2), torch.zeros(3)), bs=0), ValueError, ('bs', 'got 0')),
Case('resnet.RandPadCrop padding -1', 'resnet', lambda: R.RandPadCrop(-1), ValueError, ('padding', '-1')),
Case('resnet.conv_layer even ks', 'resnet', lambda: R.conv_layer(3, 8, ks=2), ValueError, ('ks=2', 'odd')),
Case('resnet.degradation_net kind', 'resnet', lambda: R.degradation_net('dense2'), ValueError, ('kind', 'residual')),
]

# ---- 15 multilabel ---------------------------------------------------------------------------------------------------
CASES += [
Case('multilabel.read_tags_csv missing', 'multilabel', lambda: ML.read_tags_csv('/nonexistent/train_v2.csv'), FileNotFoundError, ('read_tags_csv', '/nonexistent/train_v2.csv')),
Case('multilabel.read_tags_csv header', 'multilabel', lambda: ML.read_tags_csv(_file('t.csv', 'hello\n')), ValueError, ('name_col', 'tags_col', "'image_name'")),
Case('multilabel.multi_hot unknown tag', 'multilabel', lambda: ML.multi_hot(('cat',), ['dog']), ValueError, ("unknown tag 'cat'", 'make_vocab')),
Case('multilabel.decode_multi_hot length', 'multilabel', lambda: ML.decode_multi_hot(np.ones(3), ['a', 'b']), ValueError, ('expected 2 values', 'shape (3,)')),
Case('multilabel.split_idx valid_pct 1', 'multilabel', lambda: ML.split_idx(10, 1.0), ValueError, ('valid_pct', '1.0')),
Case('multilabel.split_idx n 0', 'multilabel', lambda: ML.split_idx(0), ValueError, ('0 items', 'valid_pct')),
Case('multilabel.image_files missing', 'multilabel', lambda: ML.image_files([ML.TagRow('zz', ('a',), 2)], _tmp()), FileNotFoundError, ('image_files', "['zz']")),
Case('multilabel.point_dist shape', 'multilabel', lambda: ML.point_dist(torch.zeros(2, 2), torch.zeros(3, 2)), ValueError, ('pred', 'targ', '(3, 2)')),
Case('multilabel.load_images missing', 'multilabel', lambda: ML.load_images(['/nonexistent/a.png'], 8), FileNotFoundError, ('/nonexistent/a.png',)),
]

# ---- 16 segment ------------------------------------------------------------------------------------------------------
CASES += [
Case('segment.read_codes missing', 'segment', lambda: SG.read_codes('/nonexistent/codes.txt'), FileNotFoundError, ('read_codes', 'codes.txt')),
Case('segment.open_mask missing', 'segment', lambda: SG.open_mask('/nonexistent/a_P.png', 3), FileNotFoundError, ('open_mask', '_P.png')),
Case('segment.camvid_split missing', 'segment', lambda: SG.camvid_split('/nonexistent'), FileNotFoundError, ('camvid_split', 'images/')),
Case('segment.load_camvid missing', 'segment', lambda: SG.load_camvid('/nonexistent'), FileNotFoundError, ('codes.txt', '/nonexistent')),
Case('segment.insert_zeros stride 0', 'segment', lambda: SG.insert_zeros(torch.zeros(1, 1, 3, 4), 0), ValueError, ('stride', 'got 0')),
Case('segment.conv_transpose2d channels', 'segment', lambda: SG.conv_transpose2d(torch.zeros(1, 2, 3, 4), torch.zeros(3, 1, 3, 3)), ValueError, ('x', 'weight', '(c_in, c_out, k, k)')),
Case('segment.conv_transpose2d stride 0', 'segment', lambda: SG.conv_transpose2d(torch.zeros(1, 2, 3, 4), torch.zeros(2, 1, 3, 3), stride=0), ValueError, ('stride',)),
Case('segment.upsampler kind', 'segment', lambda: SG.upsampler(4, 4, kind='magic'), ValueError, ('kind', 'nearest')),
Case('segment.Unet up', 'segment', lambda: SG.Unet(3, 4, up='magic'), ValueError, ('up', "'magic'")),
Case('segment.Unet widths', 'segment', lambda: SG.Unet(3, 4, widths=()), ValueError, ('widths',)),
Case('segment.seg_confusion shape', 'segment', lambda: SG.seg_confusion(torch.zeros(2, 3, dtype=torch.long), torch.zeros(3, 2, dtype=torch.long), 2), ValueError, ('pred', 'targ', '(3, 2)')),
]

# ---- 17 yolo ---------------------------------------------------------------------------------------------------------
CASES += [
Case('yolo.shape_detections n 0', 'yolo', lambda: Y.shape_detections(0), ValueError, ('n >= 1',)),
Case('yolo.shape_detections size 0', 'yolo', lambda: Y.shape_detections(2, size=0), ValueError, ('size', 'got 0')),
Case('yolo.yolo_targets lengths', 'yolo', lambda: Y.yolo_targets([np.array([[0, 0, 9, 9]])], [], 7, 6), ValueError, ('labels', 'boxes')),
Case('yolo.yolo_targets label >= C', 'yolo', lambda: Y.yolo_targets([np.array([[0, 0, 9, 9]])], [np.array([9])], 7, 6), ValueError, ('labels', 'C')),
Case('yolo.yolo_loss pred shape', 'yolo', lambda: Y.yolo_loss(torch.zeros(2, 7, 7, 10), torch.zeros(2, 7, 7, 11), 7, 2, 6), ValueError, ('pred', 'S, B and C')),
Case('yolo.yolo_loss B 0', 'yolo', lambda: Y.yolo_loss(torch.zeros(2, 7, 7, 16), torch.zeros(2, 7, 7, 11), 7, 0, 6), ValueError, ('pred', 'B=0')),
Case('yolo.nms lengths', 'yolo', lambda: Y.nms(torch.zeros(2, 4), torch.zeros(3), .5), ValueError, ('boxes', 'scores')),
Case('yolo.yolo_decode pred shape', 'yolo', lambda: Y.yolo_decode(torch.zeros(1, 7, 7, 15), 7, 2, 6), ValueError, ('pred', '(N, 7, 7, 16)')),
Case('yolo.mean_ap lengths', 'yolo', lambda: Y.mean_ap([{}], []), ValueError, ('mean_ap', 'one prediction per target')),
]

# ---- 18 rnn ----------------------------------------------------------------------------------------------------------
CASES += [
Case('rnn.num2words negative', 'rnn', lambda: RN.num2words(-1), ValueError, ('1 <= n <= 9999', 'got -1')),
Case('rnn.num2words float', 'rnn', lambda: RN.num2words(2.5), ValueError, ('whole number', 'got 2.5')),
Case('rnn.num2words too big', 'rnn', lambda: RN.num2words(10**7), ValueError, ('1 <= n <= 9999',)),
Case('rnn.Vocab str', 'rnn', lambda: RN.Vocab('one two'), TypeError, ('list of tokens', 'split it first')),
Case('rnn.LMDataLoader bs 0', 'rnn', lambda: RN.LMDataLoader(torch.arange(100), bs=0), ValueError, ('bs', 'got 0')),
Case('rnn.LMDataLoader bptt 0', 'rnn', lambda: RN.LMDataLoader(torch.arange(100), bptt=0), ValueError, ('bptt', 'got 0')),
Case('rnn.LMDataLoader too short', 'rnn', lambda: RN.LMDataLoader(torch.arange(10), bs=64, bptt=70), ValueError, ('bs or bptt', '10 tokens')),
Case('rnn.human_dls bs 0', 'rnn', lambda: RN.human_dls(bs=0), ValueError, ('bs',)),
Case('rnn.rnn_cell weights', 'rnn', lambda: RN.rnn_cell(torch.zeros(2, 3), torch.zeros(2, 4), torch.zeros(4, 5), torch.zeros(4, 4), torch.zeros(4), torch.zeros(4)),
     ValueError, ('w_ih', 'w_hh', '(4, 5)')),
Case('rnn.gru_cell weights', 'rnn', lambda: RN.gru_cell(torch.zeros(2, 3), torch.zeros(2, 4), torch.zeros(12, 5), torch.zeros(12, 4), torch.zeros(12), torch.zeros(12)),
     ValueError, ('w_ih', '(12, 3)')),
Case('rnn.run_rnn None', 'rnn', lambda: RN.run_rnn(None, torch.zeros(2, 3, 4), torch.zeros(1, 2, 5)), TypeError, ('run_rnn', 'got None')),
]

# ---- 19 superres -----------------------------------------------------------------------------------------------------
_u8sr = np.zeros((40, 60, 3), np.uint8)
CASES += [
Case('superres.crappify size 0', 'superres', lambda: S.crappify(_u8sr, 0), ValueError, ('crappify', 'size', '(0, 0)')),
Case('superres.crappify float image', 'superres', lambda: S.crappify(_u8sr / 255., 16), ValueError, ('crappify', 'uint8', '(x * 255).round().astype(np.uint8)')),
Case('superres.crappify quality 0', 'superres', lambda: S.crappify(_u8sr, 16, quality=0), ValueError, ('quality', '1..100')),
Case('superres.crappify quality 101', 'superres', lambda: S.crappify(_u8sr, 16, quality=101), ValueError, ('quality', 'got 101')),
Case('superres.psnr shapes non-square', 'superres', lambda: S.psnr(torch.zeros(1, 3, 4, 5), torch.zeros(1, 3, 5, 4)), ValueError, ('psnr', 'pred and targ', '(1, 3, 5, 4)')),
Case('superres.psnr identical is inf', 'superres', lambda: S.psnr(torch.zeros(1, 3, 4, 5), torch.zeros(1, 3, 4, 5)), None,
     value=float('inf'), why='PSNR of identical images is infinite (10 log10(range^2 / 0))'),
Case('superres.random_crops crop too big', 'superres', lambda: S.random_crops([_u8sr], 2, 64, np.random.default_rng(0)), ValueError, ('random_crops', 'crop size 64')),
Case('superres.upscale size 0', 'superres', lambda: S.upscale(torch.zeros(1, 3, 4, 4), 0), ValueError, ('upscale', 'size')),
Case('superres.gram_matrix 3d', 'superres', lambda: S.gram_matrix(torch.zeros(3, 4, 5)), ValueError, ('gram_matrix', '(N, C, H, W)', '(3, 4, 5)')),
Case('superres.FeatureLoss lengths', 'superres', lambda: S.FeatureLoss(torch.nn.Sequential(torch.nn.ReLU()), [torch.nn.ReLU()], [1., 2.]), ValueError, ('FeatureLoss', 'layers', 'weights')),
Case('superres.quality_table shapes', 'superres', lambda: S.quality_table({'a': torch.zeros(1, 3, 4, 5)}, torch.zeros(1, 3, 5, 4)), ValueError, ('quality_table', 'targ')),
]

# ---- 20 gan ----------------------------------------------------------------------------------------------------------
CASES += [
Case('gan.GANTrainer n_crit -1', 'gan', lambda: G.GANTrainer(n_crit=-1), ValueError, ('GANTrainer', 'n_crit', 'got -1')),
Case('gan.GANTrainer both 0', 'gan', lambda: G.GANTrainer(n_crit=0, n_gen=0), ValueError, ('GANTrainer', 'not both 0')),
Case('gan.GANTrainer clip 0', 'gan', lambda: G.GANTrainer(clip=0), ValueError, ('GANTrainer', 'clip', 'WGAN: 0.01')),
Case('gan.noise_dls too few reals', 'gan', lambda: G.noise_dls(torch.zeros(8, 1, 28, 28), 4), ValueError, ('batch_size=64', 'smaller batch_size')),
]

# ---- 00 datasets, 02 images, 02 shapes, 03 pascal, 05 matmul, 06 scratch ------------------------------------------
from low_bad_cases import LOW_CASES
CASES += LOW_CASES

from bad_cases_b import CASES as B_CASES     # lessons 07-12
from bad_cases_c import CASES as C_CASES     # lessons 13-16: metrics, resnet, multilabel, segment
from bad_cases_d import CASES as D_CASES     # lessons 17-20: yolo, rnn, superres, gan
ALL = CASES + B_CASES + C_CASES + D_CASES

def _same(got, want):
    if isinstance(want, torch.Tensor):
        return isinstance(got, torch.Tensor) and got.shape == want.shape and torch.allclose(got.double(), want.double(), equal_nan=True)
    if isinstance(want, np.ndarray):
        got = np.asarray(got); return got.shape == want.shape and np.allclose(got, want, equal_nan=True)
    if isinstance(want, float): return bool(np.isclose(float(got), want))
    return got == want

@pytest.mark.parametrize('case', ALL, ids=[c.id for c in ALL])
def test_bad_input(case):
    if case.exc is None:
        assert case.why, f"{case.id}: a documented value needs `why` (where it is documented)"
        got = case.call()
        assert _same(got, case.value), f"{case.id}: expected {case.value!r}, got {got!r}"
        return
    assert case.match, f"{case.id}: name at least the argument in `match`"
    with pytest.raises(case.exc) as e: case.call()
    msg = str(e.value)
    for m in case.match: assert m in msg, f"{case.id}: {m!r} not in the message {msg!r}"

def test_table_size_and_ids():
    ids = [c.id for c in ALL]
    assert len(set(ids)) == len(ids), [i for i, n in Counter(ids).items() if n > 1]
    for c in ALL: assert c.id.startswith(c.module + '.'), c.id
    assert len(ALL) >= 150, f"the table has {len(ALL)} rows"

def counts():
    "Rows by module and by outcome (run `python tests/test_bad_input.py`)."
    by_mod = Counter(c.module for c in ALL)
    by_out = Counter('documented value' if c.exc is None else 'clear error' for c in ALL)
    return by_mod, by_out

if __name__ == '__main__':
    m, o = counts()
    print(len(ALL), 'rows'); print(dict(sorted(m.items()))); print(dict(o))
