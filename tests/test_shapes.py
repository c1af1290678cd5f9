"Tests for course_dl.shapes: labels agree with each other and with the pixels; the writers are deterministic, idempotent and safe."
import hashlib, json, time
import cv2, numpy as np, pytest
from hypothesis import given, settings, strategies as st

from course_dl.shapes import (CODES, SHAPES, SHAPES_VERSION, VOID, Shapes, make_shapes_camvid, make_shapes_planet,
                              make_shapes_voc, render_shapes, shape_background, shape_mask)

sizes = st.one_of(st.sampled_from([32, 64, 100, 128]), st.tuples(st.integers(32, 160), st.integers(32, 160)))

@settings(deadline=None, max_examples=40, derandomize=True)
@given(st.integers(0, 10**6), sizes)
def test_render_shapes_labels_agree(seed, size):
    "Every pixel of class k lies in a box of class k, each box's edges touch its class, tags = classes in the mask."
    s = render_shapes(np.random.default_rng(seed), size)
    H, W = (size, size) if isinstance(size, int) else size
    assert isinstance(s, Shapes) and s.image.shape == (H, W, 3) and s.image.dtype == np.uint8
    assert s.mask.shape == (H, W) and s.mask.dtype == np.uint8 and 1 <= len(s.anns) <= 4
    assert set(np.unique(s.mask)) <= set(range(len(SHAPES)+1)) | {VOID}
    assert s.tags == [SHAPES[v-1] for v in np.unique(s.mask) if 0 < v < VOID]
    inside = {v: np.zeros((H, W), bool) for v in range(1, len(SHAPES)+1)}
    for c, (x, y, w, h) in s.anns:
        assert 0 <= c < len(SHAPES) and 0 <= x and 0 <= y and w >= 1 and h >= 1 and x+w <= W and y+h <= H
        m = s.mask[y:y+h, x:x+w] == c+1
        assert m[0].any() and m[-1].any() and m[:, 0].any() and m[:, -1].any()
        inside[c+1][y:y+h, x:x+w] = True
    for v, ins in inside.items(): assert not ((s.mask == v) & ~ins).any()
    areas = [w*h for _, (x, y, w, h) in s.anns]
    assert all(areas[-1] >= 2*a for a in areas[:-1])             # one clear largest object, last

def test_mask_follows_the_pixels():
    "Well inside each class region the image is one flat colour (two when two objects share a class)."
    for seed in range(30):
        for size in (96, (64, 128), (128, 64)):
            s = render_shapes(np.random.default_rng(seed), size)
            assert (s.mask == VOID).any()                        # outlines are void
            for v in set(np.unique(s.mask)) - {0, VOID}:
                core = cv2.erode((s.mask == v).astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
                if core.sum() < 20: continue
                _, counts = np.unique(s.image[core], axis=0, return_counts=True)
                assert np.sort(counts)[-2:].sum() >= 0.95*core.sum(), (seed, size, v)

def test_non_square_is_not_transposed():
    "A (h, w) image is h rows of w columns, and its background comes from a crop of the same aspect."
    s = render_shapes(np.random.default_rng(1), (40, 120))
    assert s.image.shape[:2] == s.mask.shape == (40, 120)
    assert shape_background(np.random.default_rng(0), (30, 90)).shape == (30, 90, 3)
    with pytest.raises(ValueError, match='render_shapes: expected size'): render_shapes(np.random.default_rng(0), (40,))
    with pytest.raises(ValueError, match='unknown shape'): shape_mask('blob')

def _files(d): return {p.relative_to(d): p.read_bytes() for p in sorted(d.rglob('*')) if p.is_file()}
def _mtimes(d): return {p: p.stat().st_mtime_ns for p in d.rglob('*') if p.is_file()}

def test_make_shapes_voc_deterministic_idempotent(tmp_path):
    kw = dict(n_train=10, n_valid=5, size=64, seed=3)
    t1, v1, i1 = make_shapes_voc(tmp_path/'a', **kw)
    make_shapes_voc(tmp_path/'b', **kw)
    fa = _files(tmp_path/'a')
    assert len(fa) == 18 and fa == _files(tmp_path/'b')           # 15 JPEGs, 2 JSON, the manifest
    assert json.loads(t1.read_text())['info']['version'] == SHAPES_VERSION
    mt = _mtimes(tmp_path/'a'); time.sleep(0.01)
    assert make_shapes_voc(tmp_path/'a', **kw) == (t1, v1, i1)
    assert mt == _mtimes(tmp_path/'a')
    # other arguments in the same folder: the images both settings share are not rewritten
    make_shapes_voc(tmp_path/'a', **{**kw, 'n_train': 12})
    assert all(p.stat().st_mtime_ns == m for p, m in mt.items() if p.suffix == '.jpg')

def test_make_shapes_voc_refuses_a_real_voc_folder(tmp_path):
    real = tmp_path/'VOC2007'; (real/'JPEGImages').mkdir(parents=True); (real/'Annotations').mkdir()
    (real/'JPEGImages'/'000005.jpg').write_bytes(b'a chair'); (real/'Annotations'/'000005.xml').write_text('<annotation/>')
    with pytest.raises(FileExistsError, match='JPEGImages/000005.jpg') as e: make_shapes_voc(real, n_train=6, n_valid=2, size=64)
    assert 'overwrite=True' in str(e.value) and 'another folder' in str(e.value)
    assert sorted(str(p.relative_to(real)) for p in real.rglob('*')) == ['Annotations', 'Annotations/000005.xml', 'JPEGImages', 'JPEGImages/000005.jpg']
    (tmp_path/'j').mkdir(); (tmp_path/'j'/'pascal_valid.json').write_text('{"images": []}')
    with pytest.raises(FileExistsError, match='pascal_valid.json'): make_shapes_voc(tmp_path/'j', n_train=6, n_valid=2, size=64)
    make_shapes_voc(real, n_train=6, n_valid=2, size=64, overwrite=True)
    assert (real/'JPEGImages'/'000005.jpg').read_bytes() != b'a chair'
    assert (real/'Annotations'/'000005.xml').read_text() == '<annotation/>'   # not ours to write, not touched

@pytest.mark.parametrize('size', [64, (48, 80)])
def test_make_shapes_camvid(tmp_path, size):
    kw = dict(n_train=5, n_valid=3, size=size, seed=2)
    p = make_shapes_camvid(tmp_path/'a', **kw)
    assert (p/'codes.txt').read_text().splitlines() == CODES == ['background'] + SHAPES
    valid = (p/'valid.txt').read_text().split()
    assert valid == ['000006.png', '000007.png', '000008.png']
    ims = sorted(x.name for x in (p/'images').iterdir())
    assert sorted(x.name for x in (p/'labels').iterdir()) == [n.replace('.png', '_P.png') for n in ims] and len(ims) == 8
    from PIL import Image
    H, W = (size, size) if isinstance(size, int) else size
    for n in ims:
        lbl = np.asarray(Image.open(p/'labels'/n.replace('.png', '_P.png')))   # what a PIL-based loader reads
        im = np.asarray(Image.open(p/'images'/n))
        assert lbl.shape == (H, W) and lbl.dtype == np.uint8 and im.shape == (H, W, 3)
        assert set(np.unique(lbl)) <= set(range(len(CODES))) | {VOID}
    s = render_shapes(np.random.default_rng([2, 7, *((size,) if isinstance(size, int) else size)]), size)
    assert np.array_equal(np.asarray(Image.open(p/'labels'/'000007_P.png')), s.mask)   # round trip, exactly
    assert np.array_equal(np.asarray(Image.open(p/'images'/'000007.png')), s.image)
    assert _files(make_shapes_camvid(tmp_path/'b', **kw)) == _files(p)
    mt = _mtimes(p); time.sleep(0.01)
    assert make_shapes_camvid(p, **kw) == p and _mtimes(p) == mt
    (p/'labels'/'000002_P.png').unlink()
    make_shapes_camvid(p, **kw)
    assert _files(p) == _files(tmp_path/'b')
    (tmp_path/'c'/'images').mkdir(parents=True); (tmp_path/'c'/'images'/'000001.png').write_bytes(b'theirs')
    with pytest.raises(FileExistsError, match='images/000001.png'): make_shapes_camvid(tmp_path/'c', **kw)
    assert (tmp_path/'c'/'images'/'000001.png').read_bytes() == b'theirs'

def test_make_shapes_planet(tmp_path):
    import pandas as pd
    kw = dict(n=10, size=(48, 64), seed=5)
    csv, imgs = make_shapes_planet(tmp_path/'a', **kw)
    assert csv.name == 'train_v2.csv' and imgs.name == 'train-jpg'
    df = pd.read_csv(csv)
    assert list(df.columns) == ['image_name', 'tags'] and list(df.image_name) == [f'train_{i}' for i in range(10)]
    assert all((imgs/f'{n}.jpg').exists() for n in df.image_name) and len(list(imgs.iterdir())) == 10
    for n, t in zip(df.image_name, df.tags):
        tags = t.split(' ')
        assert tags and set(tags) <= set(SHAPES) and tags == [s for s in SHAPES if s in tags]
        assert cv2.imread(str(imgs/f'{n}.jpg')).shape == (48, 64, 3)
    assert df.tags[3].split() == render_shapes(np.random.default_rng([5, 4, 48, 64]), (48, 64)).tags
    assert _files(make_shapes_planet(tmp_path/'b', **kw)[0].parent) == _files(csv.parent)
    mt = _mtimes(csv.parent); time.sleep(0.01)
    assert make_shapes_planet(tmp_path/'a', **kw) == (csv, imgs) and _mtimes(csv.parent) == mt
    (tmp_path/'c').mkdir(); (tmp_path/'c'/'train_v2.csv').write_text('image_name,tags\ntrain_0,clear primary\n')
    with pytest.raises(FileExistsError, match='train_v2.csv'): make_shapes_planet(tmp_path/'c', **kw)
    with pytest.raises(ValueError, match='make_shapes_planet: expected n'): make_shapes_planet(tmp_path/'d', n=0)

def test_min_visible():
    "The visibility rule: every shape drawn has at least `min_visible` visible pixels; 0 is the old generator."
    hw, k = (96, 128), 150
    # min_visible=0 draws what the generator drew before the rule existed: the digest of 12 masks, boxes and tags,
    # computed with the generator of commit 9aba041 (SHAPES_VERSION 2). If this fails, the generated data changed:
    # bump SHAPES_VERSION (caches made by older code would be reused otherwise), then update the digest.
    h = hashlib.sha256()
    for i in range(12):
        s0 = render_shapes(np.random.default_rng([7, i]), hw, min_visible=0)
        h.update(s0.mask.tobytes() + repr((s0.anns, s0.tags)).encode())
    assert h.hexdigest() == '2d624b980881e6ca5c6db48586260b0d39a668f7e63f3f1f5985e4a170a28e2d'
    small = sizes = 0
    for i in range(40):
        s = render_shapes(np.random.default_rng([8, i]), hw, min_visible=k)
        ids = [v for v in np.unique(s.mask) if 0 < v < VOID]
        assert s.tags == [SHAPES[v-1] for v in ids]                       # tags: exactly the classes drawn
        for c, (x, y, w, h) in s.anns:                                    # each object, by its box: at least k pixels
            assert (s.mask[y:y+h, x:x+w] == c+1).sum() >= k, (i, c)
        old = render_shapes(np.random.default_rng([8, i]), hw)
        small += sum((old.mask == v).sum() < k for v in np.unique(old.mask) if 0 < v < VOID)
        sizes += len(s.anns)
    assert small > 0 and sizes > 40                                        # the old data has such fragments; the new still has small shapes
    with pytest.raises(ValueError, match='min_visible'): render_shapes(np.random.default_rng(0), 64, min_visible=-1)

def test_make_shapes_planet_min_visible(tmp_path):
    import pandas as pd
    kw = dict(n=6, size=(64, 96), seed=3)
    csv, _ = make_shapes_planet(tmp_path/'a', **kw, min_visible=120)
    tags = pd.read_csv(csv, keep_default_na=False).tags.tolist()
    assert [t.split() for t in tags] == [render_shapes(np.random.default_rng([3, i, 64, 96]), (64, 96), min_visible=120).tags
                                        for i in range(1, 7)]
    assert make_shapes_planet(tmp_path/'b', **kw)[0].read_text() == make_shapes_planet(tmp_path/'c', **kw, min_visible=0)[0].read_text()

def test_make_shapes_camvid_min_visible(tmp_path, monkeypatch):
    "The visibility rule in CamVid's layout: the labels are render_shapes(min_visible=...)'s masks; 0 is the old data."
    from PIL import Image
    kw = dict(n_train=4, n_valid=2, size=(48, 64), seed=5)
    p = make_shapes_camvid(tmp_path/'a', **kw, min_visible=100)
    for i in range(1, 7):
        s = render_shapes(np.random.default_rng([5, i, 48, 64]), (48, 64), min_visible=100)
        assert np.array_equal(np.asarray(Image.open(p/'labels'/f'{i:06d}_P.png')), s.mask)
    assert _files(make_shapes_camvid(tmp_path/'b', **kw)) == _files(make_shapes_camvid(tmp_path/'c', **kw, min_visible=0))
    monkeypatch.setenv('COURSE_DL_CACHE', str(tmp_path/'cache'))
    assert make_shapes_camvid(**kw, min_visible=100).name.endswith('_seed5_vis100_v2')   # a setting of its own in the cache
    with pytest.raises(ValueError, match='make_shapes_camvid.*min_visible'): make_shapes_camvid(tmp_path/'d', **kw, min_visible=-3)
