"Rows of the bad-input table for lessons 00, 02, 03, 05 and 06 (collected by tests/test_bad_input.py)."
import json, tempfile
from pathlib import Path
import numpy as np, torch, matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt
from bad_case import Case, tmp_dir
from course_dl import images as I, shapes as SH, pascal as PA, matmul as MM, scratch as SC, datasets as DS

def _tmp(): return tmp_dir()
def _file(name, text):
    p = _tmp() / name; p.write_text(text); return p
def _rng(): return np.random.default_rng(0)
def _u8(h=6, w=8): return np.zeros((h, w, 3), np.uint8)
def _ax(): return plt.subplots()[1]
def _nan_json():
    return _file('nan.json', json.dumps({'images': [{'file_name': 'a.jpg', 'id': 1, 'height': 10, 'width': 12}],
        'categories': [{'id': 1, 'name': 'car'}], 'annotations': [{'image_id': 1, 'category_id': 1, 'bbox': [1, 2, float('nan'), 3], 'ignore': 0}]}))
def _planted():
    d = _tmp(); (d / 'a.txt').write_text('mine'); return d
def _shown(im):
    ax = I.show_img(im); a = np.asarray(ax.images[0].get_array()); plt.close(ax.figure); return a
_x, _y = torch.zeros(4, 2), torch.zeros(4, dtype=torch.long)
def _model(): return SC.mlp(*SC.init_params(2, 3, 2, seed=0), SC.CrossEntropy())

LOW_CASES = [
# ---- 02 images
Case('images.open_image missing', 'images', lambda: I.open_image('/nonexistent/a.jpg'), FileNotFoundError, ('open_image', '/nonexistent/a.jpg')),
Case('images.open_image folder', 'images', lambda: I.open_image(_tmp()), ValueError, ('open_image', 'is a folder')),
Case('images.open_image not an image', 'images', lambda: I.open_image(_file('x.jpg', 'hello')), ValueError, ('open_image', 'x.jpg', 'could not decode')),
Case('images.open_image dtype', 'images', lambda: I.open_image(_file('x.jpg', 'hello'), dtype=np.int16), ValueError, ('open_image', 'dtype', 'int16')),
Case('images.open_image None', 'images', lambda: I.open_image(None), TypeError, ('open_image: path', 'None')),
Case('images.open_image array', 'images', lambda: I.open_image(_u8()), TypeError, ('open_image: path', 'show_img(im)')),
Case('images.show_img None', 'images', lambda: I.show_img(None), TypeError, ('show_img: im', 'None', 'open_image(path)')),
Case('images.show_img floats 0..255', 'images', lambda: I.show_img(np.full((6, 8, 3), 200.)), ValueError, ('show_img: im', 'use im/255')),
Case('images.show_img normalized', 'images', lambda: I.show_img(np.full((6, 8, 3), -2.)), ValueError, ('show_img: im', 'normalized')),
Case('images.show_img 2 channels', 'images', lambda: I.show_img(np.zeros((6, 8, 2), np.uint8)), ValueError, ('show_img: im', 'got 2')),
Case('images.show_img 1d', 'images', lambda: I.show_img(np.zeros(5)), ValueError, ('show_img: im', 'shape (5,)')),
Case('images.show_img int32', 'images', lambda: I.show_img(np.zeros((6, 8), np.int32)), ValueError, ('show_img: im', 'int32')),
Case('images.show_img nan', 'images', lambda: I.show_img(np.full((6, 8), np.nan)), ValueError, ('show_img: im', 'NaN')),
Case('images.show_img uint8 meaning', 'images', lambda: _shown(np.full((6, 8, 3), 255, np.uint8)).max(), None,
     value=255, why='show_img docments: uint8 0..255 shown as is'),
Case('images.show_img overshoot clipped', 'images', lambda: _shown(np.full((6, 8, 3), 1.2)).max(), None,
     value=1.0, why='_np_img docstring: a rounding overshoot of floats is clipped to 0..1'),
Case('images.draw_rect nan', 'images', lambda: I.draw_rect(_ax(), np.array([0, 0, np.nan, 3])), ValueError, ('draw_rect: b', 'finite')),
Case('images.draw_rect shape', 'images', lambda: I.draw_rect(_ax(), np.array([0, 0, 3])), ValueError, ('draw_rect: b', 'shape (3,)')),
Case('images.draw_rect batch', 'images', lambda: I.draw_rect(_ax(), np.zeros((2, 4))), ValueError, ('draw_rect: b', 'once per box')),
Case('images.draw_rect None ax', 'images', lambda: I.draw_rect(None, np.array([0, 0, 3, 3])), TypeError, ('draw_rect: ax', 'show_img(im)')),
Case('images.draw_text None ax', 'images', lambda: I.draw_text(None, (0, 0), 'a'), TypeError, ('draw_text: ax',)),
Case('images.draw_text xy', 'images', lambda: I.draw_text(_ax(), (0,), 'a'), ValueError, ('draw_text: xy', '(x, y)')),
Case('images.draw_im None image', 'images', lambda: I.draw_im(None, []), TypeError, ('show_img: im', 'None')),
Case('images.draw_im bad ann', 'images', lambda: I.draw_im(_u8(), [(np.array([0, 0, 1]), 1)]), ValueError, ('bb_hw: a', 'shape (3,)')),
Case('images.draw_im not pairs', 'images', lambda: I.draw_im(_u8(), [np.array([0, 0, 1, 1])]), ValueError, ('draw_im: ann[0]',)),
Case('images.draw_im unknown category', 'images', lambda: [t.get_text() for t in I.draw_im(_u8(), [(np.array([0, 0, 1, 1]), 9)], cats={1: 'car'}).texts], None,
     value=['9'], why='draw_im docments: ids are printed when missing from cats'),
Case('images.draw_grid rows 0', 'images', lambda: I.draw_grid([_u8()], [[]], rows=0), ValueError, ('draw_grid: rows',)),
Case('images.draw_grid lengths', 'images', lambda: I.draw_grid([_u8(), _u8()], [[]]), ValueError, ('draw_grid: anns', 'got 1')),
Case('images.draw_grid titles', 'images', lambda: I.draw_grid([_u8(), _u8()], None, titles=['a']), ValueError, ('draw_grid: titles',)),
# ---- 02 shapes
Case('shapes.shape_mask unknown', 'shapes', lambda: SH.shape_mask('hexagon'), ValueError, ("unknown shape 'hexagon'", 'ellipse')),
Case('shapes.shape_mask c 0', 'shapes', lambda: SH.shape_mask('star', 0), ValueError, ('shape_mask: c', 'got 0')),
Case('shapes.shape_mask c float', 'shapes', lambda: SH.shape_mask('star', 2.5), TypeError, ('shape_mask: c',)),
Case('shapes.shape_background size 0', 'shapes', lambda: SH.shape_background(_rng(), 0), ValueError, ('shape_background', 'size', 'got 0')),
Case('shapes.shape_background rng seed', 'shapes', lambda: SH.shape_background(0, 32), TypeError, ('shape_background: rng', 'np.random.default_rng(0)')),
Case('shapes.render_shapes size 0', 'shapes', lambda: SH.render_shapes(_rng(), 0), ValueError, ('render_shapes', 'size', 'got 0')),
Case('shapes.render_shapes size float', 'shapes', lambda: SH.render_shapes(_rng(), 64.5), ValueError, ('render_shapes', 'size', 'use 64')),
Case('shapes.render_shapes height 0', 'shapes', lambda: SH.render_shapes(_rng(), (0, 32)), ValueError, ('render_shapes', 'size', '(0, 32)')),
Case('shapes.render_shapes rng None', 'shapes', lambda: SH.render_shapes(None), TypeError, ('render_shapes: rng', 'None')),
Case('shapes.render_shapes rng seed', 'shapes', lambda: SH.render_shapes(3), TypeError, ('render_shapes: rng', 'np.random.default_rng(3)')),
Case('shapes.make_shapes_voc n_train float', 'shapes', lambda: SH.make_shapes_voc(_tmp(), n_train=2.5), ValueError, ('make_shapes_voc', 'n_train', '2.5')),
Case('shapes.make_shapes_voc n_valid 0', 'shapes', lambda: SH.make_shapes_voc(_tmp(), n_valid=0), ValueError, ('make_shapes_voc', 'n_valid')),
Case('shapes.make_shapes_voc size 0', 'shapes', lambda: SH.make_shapes_voc(_tmp(), size=0), ValueError, ('make_shapes_voc', 'size')),
Case('shapes.make_shapes_voc path is a file', 'shapes', lambda: SH.make_shapes_voc(_file('x.txt', 'x'), n_train=1, n_valid=1, size=32), ValueError, ('make_shapes_voc: path', 'x.txt')),
Case('shapes.make_shapes_voc foreign files', 'shapes', lambda: (lambda d: ((d / 'JPEGImages').mkdir(), (d / 'JPEGImages' / '000001.jpg').write_bytes(b'x'),
     SH.make_shapes_voc(d, n_train=1, n_valid=1, size=32)))(_tmp()), FileExistsError, ('JPEGImages/000001.jpg', 'overwrite=True')),
Case('shapes.make_shapes_camvid min_visible float', 'shapes', lambda: SH.make_shapes_camvid(_tmp(), min_visible=2.5), TypeError, ('make_shapes_camvid', 'min_visible')),
Case('shapes.make_shapes_camvid n_train -1', 'shapes', lambda: SH.make_shapes_camvid(_tmp(), n_train=-1), ValueError, ('make_shapes_camvid', 'n_train')),
Case('shapes.make_shapes_planet n 0', 'shapes', lambda: SH.make_shapes_planet(_tmp(), n=0), ValueError, ('make_shapes_planet', 'n an int')),
Case('shapes.make_shapes_planet seed str', 'shapes', lambda: SH.make_shapes_planet(_tmp(), n=1, size=32, seed='a'), ValueError, ('make_shapes_planet', 'seed')),
# ---- 03 pascal
Case('pascal.load_pascal_json missing', 'pascal', lambda: PA.load_pascal_json('/nonexistent/p.json'), FileNotFoundError, ('load_pascal_json', '/nonexistent/p.json')),
Case('pascal.load_pascal_json not json', 'pascal', lambda: PA.load_pascal_json(_file('bad.json', '{x')), ValueError, ('load_pascal_json', 'bad.json is not JSON')),
Case('pascal.load_pascal_json no keys', 'pascal', lambda: PA.load_pascal_json(_file('e.json', '{}')), ValueError, ('e.json', "no key 'categories'")),
Case('pascal.load_pascal_json nan bbox', 'pascal', lambda: PA.load_pascal_json(_nan_json()), ValueError, ('annotations[0]', 'bad bbox', 'finite')),
Case('pascal.load_pascal_json None', 'pascal', lambda: PA.load_pascal_json(None), TypeError, ('load_pascal_json: path', 'None')),
Case('pascal.load_pascal_json folder', 'pascal', lambda: PA.load_pascal_json(_tmp()), ValueError, ('load_pascal_json: path', 'is a folder')),
Case('pascal.read_voc_xml missing', 'pascal', lambda: PA.read_voc_xml('/nonexistent/a.xml'), FileNotFoundError, ('read_voc_xml', '/nonexistent/a.xml')),
Case('pascal.read_voc_xml not xml', 'pascal', lambda: PA.read_voc_xml(_file('x.xml', 'hello')), ValueError, ('read_voc_xml', 'x.xml is not valid XML')),
Case('pascal.read_voc_xml None', 'pascal', lambda: PA.read_voc_xml(None), TypeError, ('read_voc_xml: path',)),
Case('pascal.write_lrg_csvs None', 'pascal', lambda: PA.write_lrg_csvs(None, _tmp()), TypeError, ('write_lrg_csvs: data', 'load_pascal_json')),
Case('pascal.draw_idx None', 'pascal', lambda: PA.draw_idx(None, 0, _tmp()), TypeError, ('draw_idx: data',)),
# ---- 05 matmul
Case('matmul.check_matmul vector', 'matmul', lambda: MM.check_matmul(torch.zeros(3), torch.zeros(3, 2)), ValueError, ('a and b', '(3,)', '(1, k)')),
Case('matmul.check_matmul mismatch', 'matmul', lambda: MM.check_matmul(torch.zeros(2, 3), torch.zeros(4, 2)), ValueError, ('a has 3 columns', 'b has 4 rows')),
Case('matmul.matmul_loops None', 'matmul', lambda: MM.matmul_loops(None, torch.zeros(3, 2)), TypeError, ('matmul: a', 'None')),
Case('matmul.matmul_einsum mismatch non-square', 'matmul', lambda: MM.matmul_einsum(torch.zeros(2, 3), torch.zeros(4, 2)), ValueError, ('(2, 3) @ (4, 2)',)),
Case('matmul.matmul_loops numpy accepted', 'matmul', lambda: MM.matmul_loops(np.ones((2, 3)), np.ones((3, 2))), None,
     value=torch.full((2, 2), 3., dtype=torch.float64), why='check_matmul docments: a and b as tensors (torch.as_tensor)'),
Case('matmul.time_fn not callable', 'matmul', lambda: MM.time_fn(3), TypeError, ('time_fn: f', 'time_fn(f, a, b)')),
Case('matmul.time_fn max_reps 0', 'matmul', lambda: MM.time_fn(lambda: 1, max_reps=0), ValueError, ('time_fn: max_reps',)),
Case('matmul.time_fn budget negative', 'matmul', lambda: MM.time_fn(lambda: 1, budget=-1), ValueError, ('time_fn: budget',)),
Case('matmul.gflops secs 0', 'matmul', lambda: MM.gflops(2, 3, 4, 0.), ValueError, ('gflops: secs', '> 0')),
Case('matmul.gflops m 0', 'matmul', lambda: MM.gflops(0, 3, 4, 1.), ValueError, ('gflops: m',)),
Case('matmul.time_interleaved rounds 0', 'matmul', lambda: MM.time_interleaved({'a': lambda: 1}, rounds=0), ValueError, ('time_interleaved: rounds',)),
Case('matmul.num_threads 0', 'matmul', lambda: MM.num_threads(0).__enter__(), ValueError, ('num_threads: n', 'got 0')),
Case('matmul.num_threads float', 'matmul', lambda: MM.num_threads(2.5).__enter__(), TypeError, ('num_threads: n', 'use 2 or 3')),
Case('matmul.matmul_table threads 0', 'matmul', lambda: MM.matmul_table({'t': MM.matmul_torch}, {'p': ((2, 3, 4), ['t'])}, threads=0), ValueError, ('matmul_table: threads',)),
Case('matmul.matmul_table bad problem', 'matmul', lambda: MM.matmul_table({'t': MM.matmul_torch}, {'p': (2, 3)}), ValueError, ("problems['p']", '(m, k, n)')),
# ---- 06 scratch
Case('scratch.get_mnist n_valid 0', 'scratch', lambda: SC.get_mnist(0), ValueError, ('n_valid', 'got 0')),
Case('scratch.get_mnist n_valid float', 'scratch', lambda: SC.get_mnist(2.5), TypeError, ('get_mnist: n_valid', '2.5')),
Case('scratch.lin shapes', 'scratch', lambda: SC.lin(torch.zeros(2, 3), torch.zeros(4, 5), torch.zeros(5)), ValueError, ('lin:', 'x (2, 3)', 'w (4, 5)')),
Case('scratch.lin uint8', 'scratch', lambda: SC.lin(torch.zeros(2, 3, dtype=torch.uint8), torch.zeros(3, 5), torch.zeros(5)), ValueError, ('lin: x', 'x.float()/255')),
Case('scratch.relu None', 'scratch', lambda: SC.relu(None), TypeError, ('relu: x', 'None')),
Case('scratch.init_params nh 0', 'scratch', lambda: SC.init_params(784, 0, 1), ValueError, ('init_params: nh',)),
Case('scratch.init_params n_in float', 'scratch', lambda: SC.init_params(2.5, 5, 1), TypeError, ('init_params: n_in',)),
Case('scratch.mse broadcast trap', 'scratch', lambda: SC.mse(torch.zeros(4, 2), torch.zeros(4)), ValueError, ('output', 'targ', '(n, n) matrix')),
Case('scratch.cross_entropy float targ', 'scratch', lambda: SC.cross_entropy(torch.zeros(4, 3), torch.zeros(4)), ValueError, ('integer class labels', '.long()')),
Case('scratch.cross_entropy label 3', 'scratch', lambda: SC.cross_entropy(torch.zeros(4, 3), torch.tensor([0, 1, 2, 3])), ValueError, ('class labels must be in 0..2',)),
Case('scratch.cross_entropy shapes', 'scratch', lambda: SC.cross_entropy(torch.zeros(4, 3), torch.zeros(5, dtype=torch.long)), ValueError, ('targ', '(5,)')),
Case('scratch.nll shapes', 'scratch', lambda: SC.nll(torch.zeros(4, 3), torch.zeros(5, dtype=torch.long)), ValueError, ('nll:', 'logp', 'targ')),
Case('scratch.logsumexp 1d', 'scratch', lambda: SC.logsumexp(torch.zeros(4)), ValueError, ('logsumexp: x', 'x[None]')),
Case('scratch.accuracy shapes', 'scratch', lambda: SC.accuracy(torch.zeros(4, 3), torch.zeros(5, dtype=torch.long)), ValueError, ('accuracy:', 'out', 'targ')),
Case('scratch.sgd_step no grad', 'scratch', lambda: SC.sgd_step([torch.zeros(2)], 0.1), ValueError, ('sgd_step: params[0]', 'model.backward()')),
Case('scratch.sgd_step lr negative', 'scratch', lambda: SC.sgd_step([torch.zeros(2)], -0.1), ValueError, ('sgd_step: lr',)),
Case('scratch.random_shift not square', 'scratch', lambda: SC.random_shift(torch.zeros(2, 10)), ValueError, ('flattened square', '(2, 10)')),
Case('scratch.random_shift max_shift -1', 'scratch', lambda: SC.random_shift(torch.zeros(2, 16), -1), ValueError, ('random_shift: max_shift',)),
Case('scratch.fit None model', 'scratch', lambda: SC.fit(None, _x, _y, _x, _y), TypeError, ('fit: model', 'forget to return')),
Case('scratch.fit bs 0', 'scratch', lambda: SC.fit(_model(), _x, _y, _x, _y, bs=0), ValueError, ('fit: bs',)),
Case('scratch.fit lr 0', 'scratch', lambda: SC.fit(_model(), _x, _y, _x, _y, lr=0), ValueError, ('fit: lr', '> 0')),
Case('scratch.fit epochs 0', 'scratch', lambda: SC.fit(_model(), _x, _y, _x, _y, epochs=0), ValueError, ('fit: epochs',)),
Case('scratch.fit uint8 inputs', 'scratch', lambda: SC.fit(_model(), _x.byte(), _y, _x, _y), ValueError, ('fit: x_train', 'x.float()/255')),
Case('scratch.fit nan inputs', 'scratch', lambda: SC.fit(_model(), _x * float('nan'), _y, _x, _y), ValueError, ('fit: x_train', 'NaN')),
Case('scratch.fit lengths', 'scratch', lambda: SC.fit(_model(), _x, _y[:3], _x, _y), ValueError, ('fit: x_train and y_train', 'got 4 and 3')),
Case('scratch.hinge_layer width 0', 'scratch', lambda: SC.hinge_layer(0), ValueError, ('width', 'got 0')),
Case('scratch.hinge_layer lo > hi', 'scratch', lambda: SC.hinge_layer(4, 3., -3.), ValueError, ('hinge_layer', 'lo < hi')),
Case('scratch.fit_relu_1d n 0', 'scratch', lambda: SC.fit_relu_1d(torch.sin, 4, n=0), ValueError, ('fit_relu_1d: n',)),
# ---- 00 datasets
Case('datasets.photos max_side 0', 'datasets', lambda: DS.photos(0), ValueError, ('photos', 'max_side', 'got 0')),
Case('datasets.photos max_side float', 'datasets', lambda: DS.photos(2.5), TypeError, ('photos', 'max_side', '2.5')),
Case('datasets.write_atomic str', 'datasets', lambda: DS.write_atomic(_tmp() / 'a.bin', 'text'), TypeError, ('write_atomic: data', 'text.encode()')),
Case('datasets.write_atomic folder', 'datasets', lambda: DS.write_atomic(_tmp(), b'x'), ValueError, ('write_atomic: p', 'is a folder')),
Case('datasets.write_owned foreign file', 'datasets', lambda: DS.write_owned(_planted(), 'test', {'a.txt': b'new'}), FileExistsError, ('a.txt', 'overwrite=True')),
Case('datasets.write_owned files list', 'datasets', lambda: DS.write_owned(_tmp(), 'test', [b'x']), TypeError, ('write_owned: files', 'dict')),
Case('datasets.read_manifest missing folder', 'datasets', lambda: DS.read_manifest('/nonexistent/folder'), None,
     value={'files': {}, 'made': {}}, why='read_manifest: a folder without a manifest holds nothing of ours (00_datasets)'),
]
