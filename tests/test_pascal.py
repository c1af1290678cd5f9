"Tests for course_dl.pascal: the readers accept the generated Pascal data, agree with each other, and fail loudly."
import json
import numpy as np, pytest

from course_dl.bbox import box_area, hw_bb
from course_dl.pascal import load_pascal_json, read_voc_xml, write_lrg_csvs
from course_dl.shapes import SHAPES, make_shapes_voc

def test_make_shapes_voc_is_valid_pascal(tmp_path):
    trn, val, imgs = make_shapes_voc(tmp_path, n_train=30, n_valid=10, size=96, seed=0)
    ids = set()
    for p in (trn, val):
        j = json.loads(p.read_text())
        assert set(j) >= {'images', 'type', 'annotations', 'categories'} and j['type'] == 'instances'
        hw = {o['id']: (o['height'], o['width']) for o in j['images']}
        assert not ids & set(hw); ids |= set(hw)
        for o in j['images']: assert (imgs/o['file_name']).exists()
        for o in j['annotations']:
            x, y, w, h = o['bbox']; H, W = hw[o['image_id']]
            assert x >= 0 and y >= 0 and x+w <= W and y+h <= H and o['area'] == w*h and o['iscrowd'] == 0
            assert o['segmentation'] == [[x, y, x, y+h, x+w, y+h, x+w, y]] and o['ignore'] == int(min(w, h) < 8)
        assert len(j['annotations']) >= 1.5*len(j['images'])
        d = load_pascal_json(p)
        assert d.ids == [o['id'] for o in j['images']] and set(d.cats.values()) == set(SHAPES)
        n_kept = sum(1 for o in j['annotations'] if not o['ignore'])
        assert sum(map(len, d.anno.values())) == n_kept and all(d.anno[i] for i in d.ids)

def test_load_pascal_json_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match='nothere.json'): load_pascal_json(tmp_path/'nothere.json')
    (tmp_path/'x.json').write_text('not json')
    with pytest.raises(ValueError, match='x.json is not JSON'): load_pascal_json(tmp_path/'x.json')
    ok = {'images': [{'id': 1, 'file_name': 'a.jpg'}], 'categories': [{'id': 1, 'name': 'dog'}],
          'annotations': [{'image_id': 1, 'category_id': 1, 'bbox': [1, 2, 3, 4]}]}
    (tmp_path/'ok.json').write_text(json.dumps(ok))
    d = load_pascal_json(tmp_path/'ok.json')
    np.testing.assert_array_equal(d.anno[1][0][0], hw_bb(np.array([1, 2, 3, 4])))
    for bad, msg in ((dict(ok, annotations=[{'image_id': 1, 'bbox': [1, 2, 3, 4]}]), "no key 'category_id'"),
                     (dict(ok, annotations=[{'image_id': 1, 'category_id': 1, 'bbox': [1, 2, -3, 4]}]), 'bad bbox'),
                     (dict(ok, annotations=[{'image_id': 1, 'category_id': 9, 'bbox': [1, 2, 3, 4]}]), 'category_id 9'),
                     ({k: v for k, v in ok.items() if k != 'images'}, "no key 'images'")):
        (tmp_path/'bad.json').write_text(json.dumps(bad))
        with pytest.raises(ValueError, match=msg) as e: load_pascal_json(tmp_path/'bad.json')
        assert 'bad.json' in str(e.value)

VOC = """<annotation><filename>{fn}</filename><size><width>{w}</width><height>{h}</height><depth>3</depth></size>
{objs}</annotation>"""
OBJ = ("<object><name>{name}</name><difficult>{d}</difficult><bndbox><xmin>{x0}</xmin><ymin>{y0}</ymin>"
       "<xmax>{x1}</xmax><ymax>{y1}</ymax></bndbox></object>")

def test_read_voc_xml_agrees_with_json(tmp_path):
    "Pascal's XML counts pixels from 1: written from the JSON, read back, it gives the JSON's boxes."
    trn, _, _ = make_shapes_voc(tmp_path, n_train=20, n_valid=2, size=64, seed=1)
    j, d = json.loads(trn.read_text()), load_pascal_json(trn)
    names = {o['id']: o['name'] for o in j['categories']}
    for im in j['images']:
        objs = ''.join(OBJ.format(name=names[o['category_id']], d=o['ignore'], x0=o['bbox'][0]+1, y0=o['bbox'][1]+1,
                                  x1=o['bbox'][0]+o['bbox'][2], y1=o['bbox'][1]+o['bbox'][3])
                       for o in j['annotations'] if o['image_id'] == im['id'])
        p = tmp_path/f"{im['id']}.xml"
        p.write_text(VOC.format(fn=im['file_name'], w=im['width'], h=im['height'], objs=objs))
        got = read_voc_xml(p, cats=d.cats)
        assert len(got) == len(d.anno[im['id']])
        for (b1, c1), (b2, c2) in zip(got, d.anno[im['id']]): np.testing.assert_array_equal(b1, b2); assert c1 == c2
        n_all = sum(o['image_id'] == im['id'] for o in j['annotations'])
        assert len(read_voc_xml(p, difficult=True)) == n_all

def test_write_lrg_csvs(tmp_path):
    import pandas as pd
    trn, _, _ = make_shapes_voc(tmp_path, n_train=15, n_valid=2, size=64, seed=2)
    d = load_pascal_json(trn)
    cat_csv, bb_csv = write_lrg_csvs(d, tmp_path/'tmp')
    a, b = pd.read_csv(cat_csv), pd.read_csv(bb_csv)
    assert list(a.columns) == ['fn', 'cat'] and list(b.columns) == ['fn', 'bbox'] and len(a) == len(b) == 15
    for fn, cat, bb in zip(a.fn, a.cat, b.bbox):
        i = next(k for k, v in d.fns.items() if v == fn)
        box = np.array(bb.split(), dtype=int)
        assert box_area(box) == max(box_area(x) for x, _ in d.anno[i]) and cat in SHAPES

def test_write_lrg_csvs_never_overwrites_foreign_files(tmp_path):
    "A bb.csv that course_dl did not write (the course's own, say) is refused and left alone; overwrite=True replaces it."
    trn, _, _ = make_shapes_voc(tmp_path/'voc', n_train=6, n_valid=2, size=64, seed=4)
    d = load_pascal_json(trn)
    dest = tmp_path/'real'; dest.mkdir()
    (dest/'bb.csv').write_text('fn,bbox\n000012.jpg,96 155 269 350\n')
    with pytest.raises(FileExistsError, match='bb.csv') as e: write_lrg_csvs(d, dest)
    assert 'overwrite=True' in str(e.value)
    assert (dest/'bb.csv').read_text() == 'fn,bbox\n000012.jpg,96 155 269 350\n' and not (dest/'lrg.csv').exists()
    write_lrg_csvs(d, dest, overwrite=True)
    assert (dest/'bb.csv').read_text().startswith('fn,bbox\n000001.jpg')
    m = (dest/'lrg.csv').stat().st_mtime_ns
    write_lrg_csvs(d, dest)                                      # ours now: a second call is fine, and writes nothing
    assert (dest/'lrg.csv').stat().st_mtime_ns == m
