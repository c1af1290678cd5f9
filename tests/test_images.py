"Property tests for course_dl.images: open_image round trips, and boxes drawn where they belong."
import cv2, numpy as np, pytest, torch
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from course_dl.bbox import hw_bb
from course_dl.images import open_image, show_img, draw_rect, draw_text, draw_im, draw_grid

def _bench():
    "benchmarks/bench_images.py as a module: its loaders are checked here so that the benchmark times the right thing."
    import importlib.util
    from pathlib import Path
    spec = importlib.util.spec_from_file_location('bench_images', Path(__file__).parent.parent/'benchmarks'/'bench_images.py')
    m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
    return m

images = st.tuples(st.integers(1, 24), st.integers(1, 24), st.sampled_from([1, 3, 4])).flatmap(
    lambda s: arrays(np.uint8, s if s[2] > 1 else s[:2]))

@settings(deadline=None, max_examples=30, derandomize=True)
@given(images)
def test_open_image_png_round_trip(tmp_path_factory, im):
    "PNG is lossless: open_image gives back the pixels as float RGB, grey and alpha included."
    p = tmp_path_factory.mktemp('png')/'x.png'
    bgr = im if im.ndim == 2 else cv2.cvtColor(im, cv2.COLOR_RGB2BGR if im.shape[2] == 3 else cv2.COLOR_RGBA2BGRA)
    assert cv2.imwrite(str(p), bgr)
    got = open_image(p)
    assert got.dtype == np.float32 and got.shape == im.shape[:2] + (3,)
    rgb = np.stack([im]*3, -1) if im.ndim == 2 else im[..., :3]
    np.testing.assert_array_equal(np.round(got*255).astype(np.uint8), rgb)

def test_open_image_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match='missing.jpg'): open_image(tmp_path/'missing.jpg')
    (tmp_path/'junk.png').write_bytes(b'\x89PNG not really')
    with pytest.raises(ValueError, match='junk.png'): open_image(str(tmp_path/'junk.png'))
    (tmp_path/'empty.jpg').write_bytes(b'')
    with pytest.raises(ValueError, match='empty.jpg'): open_image(tmp_path/'empty.jpg')

def test_loaders_agree(tmp_path):
    "The three benchmark pipelines decode the same JPEG to nearly the same 224x224 image."
    import skimage.data
    bench = _bench()
    p = tmp_path/'c.jpg'
    cv2.imwrite(str(p), cv2.cvtColor(skimage.data.coffee(), cv2.COLOR_RGB2BGR))
    a = bench.load_cv2(p)
    for b in (bench.load_pil(p), bench.load_tvio(p)):
        assert isinstance(b, torch.Tensor) and b.shape == (3, 224, 224)
        assert np.abs(a - b.permute(1, 2, 0).numpy()).mean() < 0.02

def test_bench_photo_jpegs_and_timer(tmp_path):
    "The benchmark's JPEGs are made once (a second call writes nothing) and its table has a row per loader."
    bench = _bench()
    paths = bench.photo_jpegs(tmp_path, n=3, sizes=(64, 80))
    assert [cv2.imread(str(p)).shape[:2] for p in paths][0] and max(cv2.imread(str(paths[0])).shape[:2]) == 64
    m = [p.stat().st_mtime_ns for p in paths]
    assert bench.photo_jpegs(tmp_path, n=3, sizes=(64, 80)) == paths and [p.stat().st_mtime_ns for p in paths] == m
    res = bench.bench_loaders(paths, {'opencv': bench.load_cv2}, threads=(1, 2))
    assert list(res) == ['opencv'] and all(v > 0 for v in res['opencv'].values())
    r = res['opencv']
    assert set(r) == {'CPU ms/img', 'img/s @1', 'cores @1', 'img/s @2', 'cores @2'}
    assert r['cores @1'] <= 1.5 and r['cores @2'] <= 2.5           # CPU/wall cannot exceed the threads (+ timer slack)
    assert 0.01 < r['CPU ms/img'] < 5000                            # a 64-80 px JPEG: far from both ends

def test_bench_restores_thread_counts(tmp_path):
    "Restore check that first changes the state: non-default cv2 and torch thread counts must come back."
    bench = _bench()
    paths = bench.photo_jpegs(tmp_path, n=2, sizes=(64,))
    old = cv2.getNumThreads(), torch.get_num_threads()
    cv2.setNumThreads(3); torch.set_num_threads(2)
    try:
        bench.bench_loaders(paths, {'opencv': bench.load_cv2}, threads=(1,))
        assert (cv2.getNumThreads(), torch.get_num_threads()) == (3, 2)
    finally: cv2.setNumThreads(old[0]); torch.set_num_threads(old[1])

def test_open_image_uint8(tmp_path):
    "dtype=np.uint8 gives the file's RGB pixels exactly; 16-bit files are scaled to 0..255."
    im = np.random.default_rng(0).integers(0, 256, (7, 11, 3), dtype=np.uint8)
    cv2.imwrite(str(tmp_path/'a.png'), cv2.cvtColor(im, cv2.COLOR_RGB2BGR))
    cv2.imwrite(str(tmp_path/'d.png'), cv2.cvtColor(im, cv2.COLOR_RGB2BGR).astype(np.uint16)*257)
    for f in ('a.png', 'd.png'):
        got = open_image(tmp_path/f, np.uint8)
        assert got.dtype == np.uint8 and (got == im).all()
    with pytest.raises(ValueError, match='dtype'): open_image(tmp_path/'a.png', np.float64)

def _render(fig):
    c = FigureCanvasAgg(fig); c.draw()
    return np.asarray(c.buffer_rgba())[..., 0].astype(int)

@settings(deadline=None, max_examples=15, derandomize=True)
@given(st.integers(3, 40), st.integers(3, 40), st.integers(8, 50), st.integers(8, 50))
def test_draw_rect_renders_on_box_edges(x, y, w, h):
    "On a grey 100x100 image at 4 screen pixels per pixel: white on the box's pixel boundary, black beside it."
    fig = Figure(figsize=(4, 4), dpi=100); ax = fig.add_axes([0, 0, 1, 1])
    show_img(np.full((100, 100, 3), 0.5, np.float32), ax=ax)
    draw_rect(ax, [x, y, w, h])
    px = _render(fig)
    for prof, edges in ((px[4*y + 2*h], (4*x, 4*(x+w))), (px[:, 4*x + 2*w], (4*y, 4*(y+h)))):
        for e in edges:
            i = e-3 + int(np.argmax(prof[e-3:e+4]))
            assert abs(i-e) <= 1 and prof[i] > 240
            assert prof[i-3:i-1].min() < 60 and prof[i+2:i+4].min() < 60
    assert abs(px[4*y + 2*h, 4*x + 2*w] - 127.5) < 4          # the inside is untouched

@pytest.mark.parametrize('bg', [0., 1.])
def test_text_reads_on_any_background(bg):
    fig = Figure(figsize=(4, 4), dpi=100); ax = fig.add_axes([0, 0, 1, 1])
    show_img(np.full((100, 100, 3), bg, np.float32), ax=ax)
    draw_text(ax, (10, 10), 'dog', sz=40)
    px = _render(fig)
    assert (px < 40).any() and (px > 215).any()

def test_draw_im_and_grid():
    im = np.zeros((50, 60, 3), np.float32)
    ann = [(hw_bb(np.array([5, 6, 20, 10])), 1), (torch.tensor([1, 2, 30, 40]), torch.tensor(2), 0.5)]
    ax = draw_im(im, ann, {1: 'a'})
    assert [t.get_text() for t in ax.texts] == ['a', '2 0.50']
    assert ax.patches[0].get_xy() == (4.5, 5.5) and ax.patches[0].get_width() == 20
    fig = draw_grid([im]*3, [ann]*3, {1: 'a'}, rows=2, cols=2, pred_anns=[ann[:1]]*3)
    assert [len(a.patches) for a in fig.axes] == [3, 3, 3, 0]

# ---- issue 21: decoder twins with a tolerance, non-square images, uint8 and float meanings --------------------------
@pytest.mark.parametrize('name,hw', [('coffee', (400, 600)), ('chelsea', (300, 451))])
def test_jpeg_decoders_agree_within_tolerance(tmp_path, name, hw):
    "OpenCV, PIL and torchvision decode the same JPEG to nearly the same pixels (libjpeg builds differ: a tolerance)."
    import skimage.data, torchvision.io
    from PIL import Image
    im = getattr(skimage.data, name)(); assert im.shape[:2] == hw              # non-square photos
    p = tmp_path / f'{name}.jpg'; cv2.imwrite(str(p), cv2.cvtColor(im, cv2.COLOR_RGB2BGR))
    ours = open_image(p, np.uint8).astype(int)
    with Image.open(p) as pim: pil = np.asarray(pim.convert('RGB')).astype(int)
    tv = torchvision.io.decode_jpeg(torchvision.io.read_file(str(p))).permute(1, 2, 0).numpy().astype(int)
    for other in (pil, tv):
        assert other.shape == ours.shape == hw + (3,)
        d = np.abs(ours - other)
        assert d.max() <= 8 and d.mean() < 0.5
    assert np.abs(ours - im).mean() < 4                                         # and close to the original

@pytest.mark.parametrize('hw', [(5, 9), (9, 5)])
def test_show_img_non_square_and_tensor_layout(hw):
    im = np.random.default_rng(0).integers(0, 256, hw + (3,), dtype=np.uint8)
    ax = show_img(im); a = np.asarray(ax.images[0].get_array()); assert a.shape == hw + (3,); assert (a == im).all()
    ax2 = show_img(torch.from_numpy(im).permute(2, 0, 1)); assert (np.asarray(ax2.images[0].get_array()) == im).all()

def test_show_img_refuses_floats_0_255_and_none():
    with pytest.raises(ValueError, match='use im/255'): show_img(np.full((4, 6, 3), 200.))
    with pytest.raises(TypeError, match='show_img: im: expected an image, got None'): show_img(None)
    a = np.asarray(show_img(np.full((4, 6), 1.0004)).images[0].get_array()); assert a.max() == 1.0   # overshoot clipped
