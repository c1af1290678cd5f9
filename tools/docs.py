#!/usr/bin/env python
"""Build the offline docs site into `_docs/` (run with the .venv's Python; `python3 tools/dev.py docs` does that).

1. Test every notebook with nbdev's own `test_nb` (what `nbdev_test` runs: cells flagged with settings.ini's
   `tst_flags` and `eval: false` cells are skipped), keeping the executed notebook: that one execution is both
   nbdev's test and the outputs of the docs page, so every output on the site comes from the current code.
   Results are cached under `_build/docs/`, keyed by the notebook, every file of course_dl/, settings.ini and
   this script: a notebook is tested again whenever any of them changes (`--fresh` ignores the cache).
2. Run nbdev's own docs processing on the executed notebook (the step `nbdev_docs` runs before Quarto:
   show_doc rendered for exported symbols, directives stripped, hidden cells removed).
3. Turn what is left for Quarto (front matter, `echo`/`output`/`include` options) into plain notebook form,
   write an API reference page for every exported symbol, and render everything with MkDocs
   (mkdocs-material + mkdocs-jupyter). MathJax comes from the jupyter-server-mathjax package: nothing is
   loaded from the internet, so navigation, search and maths work offline.

`--readme` writes README.md from nbs/index.ipynb instead (nbdev_readme needs Quarto, which cannot be installed
offline); tests/test_project.py fails when README.md is stale.
"""
import argparse, hashlib, json, os, re, shutil, subprocess, sys, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NBS, LIB = ROOT/'nbs', ROOT/'course_dl'
BUILD = ROOT/'_build'/'docs'
CACHE, SRC, SITE = BUILD/'exec', BUILD/'src', ROOT/'_docs'

def notebooks():
    "The lesson notebooks in order, index first."
    nbs = sorted(p for p in NBS.glob('*.ipynb') if not p.name.startswith(('_', '.')))
    return sorted(nbs, key=lambda p: p.name != 'index.ipynb')

def code_hash():
    h = hashlib.sha256(Path(__file__).read_bytes()  # this script's own changes invalidate the cache too
                        + (ROOT/'settings.ini').read_bytes())
    for f in sorted(LIB.rglob('*.py')): h.update(f.relative_to(LIB).as_posix().encode() + f.read_bytes())
    return h.hexdigest()

def nb_key(nb, code): return hashlib.sha256(nb.read_bytes() + code.encode()).hexdigest()

# --- one notebook: execute and process (runs in a subprocess: a fresh interpreter per notebook) -----------
def _docs_procs(shell):
    """nbdev's docs processors, with `exec_show_docs` replaced: nbdev's re-executes every exported cell and every
    cell holding an import in a fresh shell (a lesson would run twice, and a cell mixing an import with code that
    needs earlier cells fails there); ours runs only the `show_doc(...)` cells nbdev adds, in the shell that has
    just tested the notebook, where every exported name is already defined."""
    from nbdev.process import Processor
    from nbdev.processors import FilterDefaults, exec_show_docs
    class exec_show_docs_kept(Processor):
        def begin(self): shell.run_cell('from nbdev.showdoc import show_doc')
        def __call__(self, cell):
            if cell.cell_type != 'code' or not getattr(self.nb, 'has_docs_', False): return
            if not _is_show_doc(cell.source or ''): return
            shell.cell(cell)
            if shell.exc: raise RuntimeError(f"show_doc failed in cell {cell.idx_}:\n{cell.source}") from shell.exc
    class Procs(FilterDefaults):
        def base_procs(self): return [exec_show_docs_kept if p is exec_show_docs else p for p in super().base_procs()]
    return Procs()

def _is_show_doc(src:str)->bool:
    "A cell made only of `show_doc(...)` calls (and nbdev directives)."
    import ast
    try: body = ast.parse('\n'.join(l for l in src.splitlines() if not l.lstrip().startswith('#|'))).body
    except SyntaxError: return False
    return bool(body) and all(isinstance(n, ast.Expr) and isinstance(n.value, ast.Call)
                              and getattr(n.value.func, 'id', None) == 'show_doc' for n in body)

def exec_one(src:Path, dst:Path):
    """nbdev's own notebook test (`nbdev.test.test_nb`, what `nbdev_test` runs for each notebook), through a thin
    wrapper that keeps the executed notebook and its shell: its outputs go into the docs page, so each notebook
    runs once."""
    import nbdev.test as T
    from execnb.nbio import read_nb, write_nb
    from nbdev.config import get_config
    kept = {}
    class KeepShell(T.CaptureShell):
        def run_all(self, nb, *args, **kwargs):
            kept.update(nb=nb, shell=self)
            return super().run_all(nb, *args, **kwargs)
    T.CaptureShell = KeepShell
    cfg = get_config()
    ok, _ = T.test_nb(src, skip_flags=cfg.tst_flags.split(), basepath=cfg.config_path, showerr=True)
    if not ok: sys.exit(f"nbdev test_nb: {src.name} failed (see the traceback above)")
    # test_nb ran a processed copy (directives stripped); put its outputs into the notebook as written, by the
    # cell index execnb gives every cell, and run nbdev's docs processing on that (show_doc, hide, front matter...)
    nb = read_nb(src)
    for c in kept['nb'].cells:
        if c.cell_type == 'code':
            nb.cells[c.idx_].outputs, nb.cells[c.idx_].execution_count = c.get('outputs', []), c.get('execution_count')
    nb.path_ = str(src)
    cwd = os.getcwd()
    os.chdir(src.parent)
    try: _docs_procs(kept['shell'])(nb)
    finally: os.chdir(cwd)
    write_nb(nb, dst)

def build_notebook(src:Path, code:str):
    "Execute and process one notebook in a fresh interpreter, unless the cache already has this version."
    out, keyf = CACHE/src.name, CACHE/(src.stem + '.key')
    key = nb_key(src, code)
    if out.exists() and keyf.exists() and keyf.read_text() == key: return src.name, 'cached', 0.
    t = time.time()
    env = {**os.environ, 'OMP_NUM_THREADS': '1', 'MPLBACKEND': 'Agg', 'IN_TEST': '1'}
    r = subprocess.run([sys.executable, __file__, '--exec-one', str(src), str(out)], cwd=ROOT, env=env,
                       stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(f"{src.name} failed nbdev's test (test_nb):\n{r.stdout[-3000:]}\n{r.stderr[-6000:]}")
    keyf.write_text(key)
    return src.name, 'executed', time.time() - t

# --- from nbdev's processed notebook to plain notebook pages -------------------------------------------
_drop_mimes = ('application/vnd.jupyter.widget-view+json', 'application/vnd.jupyter.widget-state+json')
_re_dir = re.compile(r'^\s*#\|\s*(.*)$')

def _cell_opts(cell):
    "Quarto cell options (`#| echo: false`) that nbdev leaves in the source, and the source without them."
    src = cell.get('source', '') or ''
    if isinstance(src, list): src = ''.join(src)
    lines, opts = src.splitlines(), {}
    while lines and _re_dir.match(lines[0]):
        k, _, v = _re_dir.match(lines.pop(0)).group(1).partition(':')
        opts[k.strip()] = v.strip().lower()
    return opts, '\n'.join(lines)

_re_src_link = re.compile(r'^\[source\]\(.*\)\{.*\}\s*$', re.M)
def clean_showdoc(md:str):
    "show_doc's markdown is written for Quarto: drop its rule lines and Quarto-only source links."
    md = _re_src_link.sub('', md)
    return '\n'.join(l for l in md.split('\n') if l.strip() != '---').strip() + '\n'

def _clean_output(o):
    if 'data' in o:
        if 'text/markdown' in o['data']: o['data']['text/markdown'] = clean_showdoc(''.join(o['data']['text/markdown']))
        o['data'] = {k: v for k, v in o['data'].items() if k not in _drop_mimes}
        if not o['data']: return None
        # a widget's text repr ("HBox(children=...)") is noise on a static page: the lessons show figures
        txt = ''.join(o['data'].get('text/plain', ''))
        if set(o['data']) == {'text/plain'} and re.match(r'^(HBox|VBox|Box|IntSlider|Play|Output|Image)\(', txt): return None
    if o.get('output_type') == 'stream':
        txt = ''.join(o.get('text', ''))
        # keep a progress bar's final state only
        o['text'] = '\n'.join(l.rsplit('\r', 1)[-1] for l in txt.split('\n'))
    return o

def _md_links(s):
    "Links between notebooks point at the rendered pages."
    return re.sub(r'\]\((?!https?:)([\w./-]+?)\.ipynb(#[\w-]*)?\)', lambda m: f"]({m[1]}.html{m[2] or ''})", s)

def to_page(nb:dict, name:str):
    "Turn nbdev's processed notebook (made for Quarto) into a plain notebook for mkdocs-jupyter."
    cells, title = [], name
    for c in nb['cells']:
        src = c.get('source', '') or ''
        if isinstance(src, list): src = ''.join(src)
        if c['cell_type'] == 'raw' and src.startswith('---'):  # front matter from `# Title` + `> description`
            import yaml
            fm = yaml.safe_load(src.strip().strip('-')) or {}
            title, desc = str(fm.get('title', name)), str(fm.get('description', '') or '')
            cells.append({'cell_type': 'markdown', 'metadata': {}, 'source': f"# {title}\n\n> {desc}\n" if desc else f"# {title}\n"})
            continue
        if c['cell_type'] == 'markdown':
            c['source'] = _md_links(src)
            cells.append(c); continue
        if c['cell_type'] != 'code': continue
        opts, body = _cell_opts(c)
        if opts.get('include') == 'false': continue
        outs = [o for o in (_clean_output(o) for o in c.get('outputs', [])) if o]
        if opts.get('output') == 'false': outs = []
        hide_src = opts.get('echo') == 'false' or not body.strip()
        if hide_src and not outs: continue
        c.update(source=body, outputs=outs, execution_count=None,
                 metadata={'tags': ['hide_input']} if hide_src else {})
        cells.append(c)
    nb.update(cells=cells, metadata={k: v for k, v in nb.get('metadata', {}).items() if k in ('kernelspec', 'language_info')})
    return nb, title

# --- API reference -----------------------------------------------------------------------------------------
def api_page(path:Path):
    "One section per module, show_doc of every exported symbol (signature, docstring, docments table)."
    import importlib
    from nbdev.showdoc import show_doc
    from course_dl._modidx import d
    syms, out = d['syms'], ['# API reference\n', 'Every function and class `course_dl` exports, grouped by module, '
                             'with its parameters as documented in the lessons.\n']
    for mod in sorted(syms):
        if not syms[mod]: continue
        m = importlib.import_module(mod)
        src = re.search(r'File to edit: \S*?nbs/(\S+)\.ipynb', Path(m.__file__).read_text())
        lesson = src[1] if src else mod.rsplit('.', 1)[-1]
        out.append(f"\n## `{mod}`\n\nFrom the lesson [{lesson}]({lesson}.html).\n")
        public = set(getattr(m, '__all__', []))
        for qual in syms[mod]:
            name = qual[len(mod)+1:]
            if name.split('.')[0] not in public or any(part.startswith('_') for part in name.split('.')): continue
            obj = m
            try:
                for part in name.split('.'): obj = getattr(obj, part)
            except AttributeError as e: raise RuntimeError(f"{qual} is in _modidx but not in {mod}: run nbdev_export") from e
            out.append(clean_showdoc(show_doc(obj, name=name, title_level=3)._repr_markdown_()))
    path.write_text('\n'.join(out))

# --- the site ----------------------------------------------------------------------------------------------
# the packaged MathJax carries only the STIX-Web fonts: use them instead of looking for TeX fonts on a CDN
MATHJAX_FONTS = '''MathJax.Hub.Config({"HTML-CSS": {availableFonts: ["STIX-Web"], preferredFont: "STIX-Web", webFont: "STIX-Web",
    imageFont: null, styles: {"@font-face": {"font-family": "MathJax_Blank", src: "local('MathJax_Blank')"}}}});
MathJax.Ajax.loadComplete("[MathJax]/config/course_dl.js");
'''
# (MathJax_Blank's default source is url('about:blank'), which Chromium refuses with a console error)

def mathjax_dir():
    import jupyter_server_mathjax
    return Path(jupyter_server_mathjax.__file__).parent/'static'

def write_config(nav):
    cfg = {
        'site_name': 'course_dl', 'site_description': 'Interactive deep-learning lessons that run offline',
        'docs_dir': str(SRC), 'site_dir': str(SITE), 'use_directory_urls': False, 'strict': False,
        'theme': {'name': 'material', 'font': False, 'features': ['navigation.sections', 'search.highlight',
                                                                   'content.code.copy', 'navigation.footer'],
                  'palette': {'primary': 'indigo'}},
        'plugins': ['search', {'mkdocs-jupyter': {
            'include': ['*.ipynb'], 'execute': False, 'include_source': False, 'ignore_h1_titles': False,
            'remove_tag_config': {'remove_input_tags': ['hide_input']},
            'custom_mathjax_url': 'assets/mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe,course_dl',
            'cache': False}}],
        'markdown_extensions': ['tables', 'admonition', 'attr_list', {'toc': {'permalink': True}},
                                'pymdownx.highlight', 'pymdownx.superfences'],
        'nav': nav,
    }
    (BUILD/'mkdocs.yml').write_text(json.dumps(cfg, indent=1))  # JSON is YAML

REPORT = BUILD/'report.json'

def longest_first(nbs:list)->list:
    """The order to start notebooks in: longest first, so that the workers finish together instead of one waiting
    for a long notebook started last. The lengths are those of the last run here (REPORT); without one (a fresh
    clone), higher lessons first: the course's later lessons train more, and the short early ones fill the end."""
    last = json.loads(REPORT.read_text()).get('notebooks', {}) if REPORT.exists() else {}
    secs = {k: s for k, (how, s) in last.items() if how == 'executed'}
    def num(nb): return int(nb.name[:2]) if nb.name[:2].isdigit() else -1
    return sorted(nbs, key=lambda nb: (-secs.get(nb.name, 0), -num(nb), nb.name))

def build(workers:int=2, only=None, fresh=False):
    t0 = time.time()
    for d in (CACHE, SRC): d.mkdir(parents=True, exist_ok=True)
    if fresh:
        for f in CACHE.glob('*.key'): f.unlink()
    code, nbs = code_hash(), [nb for nb in notebooks() if not only or nb.stem in only]
    print(f"notebooks: testing {len(nbs)} with nbdev's test_nb, {workers} at a time, one torch thread each "
          "(each is executed once: its outputs become its docs page; unchanged ones come from the cache)", flush=True)
    errors, times = [], {}
    with ThreadPoolExecutor(workers) as ex:
        futures = {nb: ex.submit(build_notebook, nb, code) for nb in longest_first(nbs)}
        for f in [futures[nb] for nb in nbs]:
            try:
                name, how, secs = f.result()
                times[name] = (how, round(secs, 1))
                print(f"  {name}: {'passed in ' + format(secs, '.0f') + 's' if how == 'executed' else 'passed before (cached)'}", flush=True)
            except RuntimeError as e: errors.append(str(e))
    if errors: sys.exit("notebooks: nbdev test failed\n" + '\n'.join(errors))
    t1 = time.time()
    print(f"notebooks: all {len(nbs)} passed ({t1-t0:.0f}s)", flush=True)

    shutil.rmtree(SRC); SRC.mkdir(parents=True)
    nav = []
    for nb in nbs:
        page, title = to_page(json.loads((CACHE/nb.name).read_text()), nb.stem)
        (SRC/nb.name).write_text(json.dumps(page, indent=1))
        nav.append({('Home' if nb.name == 'index.ipynb' else title): nb.name})
    api_page(SRC/'api.md')
    nav.append({'API reference': 'api.md'})
    shutil.copytree(mathjax_dir(), SRC/'assets'/'mathjax')
    (SRC/'assets'/'mathjax'/'config'/'course_dl.js').write_text(MATHJAX_FONTS)
    write_config(nav)
    r = subprocess.run([sys.executable, '-m', 'mkdocs', 'build', '--clean', '-q', '-f', str(BUILD/'mkdocs.yml')],
                       cwd=ROOT, stdin=subprocess.DEVNULL, env={**os.environ, 'NO_MKDOCS_2_WARNING': '1'})
    if r.returncode: sys.exit(f"docs: mkdocs build failed (exit {r.returncode})")
    REPORT.write_text(json.dumps({'notebooks': times, 'test_s': round(t1-t0, 1), 'site_s': round(time.time()-t1, 1)}, indent=1))
    print(f"docs: site with {len(nav)} pages in {SITE.relative_to(ROOT)}/ ({time.time()-t0:.0f}s); "
          f"open {SITE.relative_to(ROOT)}/index.html or serve it: python -m http.server -d _docs", flush=True)

# --- README ------------------------------------------------------------------------------------------------
def readme_text():
    "README.md from nbs/index.ipynb: its markdown, with links pointing into nbs/."
    nb = json.loads((NBS/'index.ipynb').read_text())
    parts = []
    for c in nb['cells']:
        if c['cell_type'] != 'markdown': continue
        src = ''.join(c['source'])
        src = re.sub(r'\]\((?!https?:)([\w./-]+?\.ipynb)', r'](nbs/\1', src)
        parts.append(src.strip())
    return ("<!-- Generated from nbs/index.ipynb by `python3 tools/dev.py readme`: edit the notebook, not this file. -->\n\n"
            + '\n\n'.join(parts) + '\n')

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--exec-one', nargs=2, metavar=('SRC', 'DST'), help=argparse.SUPPRESS)
    p.add_argument('--readme', action='store_true', help='write README.md from nbs/index.ipynb')
    p.add_argument('--only', nargs='*', help='build only these notebooks (stems, e.g. index 01_bbox): for working on a page')
    p.add_argument('--workers', type=int, default=int(os.environ.get('COURSE_DL_DOCS_WORKERS', 2)))
    p.add_argument('--fresh', action='store_true', help='test every notebook again, ignoring the cache (or COURSE_DL_FRESH=1)')
    a = p.parse_args()
    if a.exec_one: exec_one(Path(a.exec_one[0]), Path(a.exec_one[1]))
    elif a.readme: (ROOT/'README.md').write_text(readme_text()); print("wrote README.md from nbs/index.ipynb")
    else: build(a.workers, a.only, a.fresh or os.environ.get('COURSE_DL_FRESH') == '1')

if __name__ == '__main__': main()
