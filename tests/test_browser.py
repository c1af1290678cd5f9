"""The docs site and JupyterLab, checked in real headless Chromium (Debian's chromium driven by playwright).

`python3 tools/dev.py test` installs chromium with apt-get when it is missing and builds `_docs/` before pytest
runs. Screenshots go to tests/_out/ (git-ignored). Servers started here are stopped also when a test fails.
"""
import contextlib, functools, hashlib, http.server, json, os, shutil, signal, socket, subprocess, sys, tempfile, threading, time, warnings
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE, NBS, OUT = ROOT/'_docs', ROOT/'nbs', ROOT/'tests'/'_out'
CHROMIUM = Path('/usr/bin/chromium')
ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--no-first-run', '--disable-sync', '--disable-quic']

def _load_docs_tool():
    "tools/docs.py as a module: the notebooks stage's order and cache key, shared with the Run All below."
    import importlib.util
    spec = importlib.util.spec_from_file_location('course_dl_docs_tool', ROOT/'tools'/'docs.py')
    mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
    return mod
DOCS = _load_docs_tool()

def lesson_pages():
    return ['index.html'] + [p.stem + '.html' for p in sorted(NBS.glob('[0-9]*.ipynb'))] + ['api.html']

@pytest.fixture(scope='module')
def browser():
    if not CHROMIUM.exists():
        msg = (f"SKIPPING BROWSER TESTS: {CHROMIUM} is missing and could not be installed "
               "(run as root: apt-get install -y chromium chromium-driver)")
        warnings.warn(msg); print('\n' + '!'*80 + '\n' + msg + '\n' + '!'*80)
        pytest.skip(msg)
    from playwright.sync_api import sync_playwright
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try: yield b
        finally: b.close()

@contextlib.contextmanager
def watched_page(browser, **kw):
    "A page that records console errors, uncaught exceptions and failed requests."
    page = browser.new_page(**kw)
    page.problems = []
    page.on('console', lambda m: m.type == 'error' and page.problems.append(f"console: {m.text}"))
    page.on('pageerror', lambda e: page.problems.append(f"exception: {e}"))
    page.on('requestfailed', lambda r: page.problems.append(f"request failed: {r.url} ({r.failure})"))
    try: yield page
    finally: page.close()

# --- the docs site -----------------------------------------------------------------------------------------
@pytest.fixture(scope='module')
def site():
    if not (SITE/'index.html').exists():
        pytest.fail("_docs/ has not been built: run `python3 tools/dev.py docs` (the test command does it first)")
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a): pass
    handler = functools.partial(Quiet, directory=str(SITE))
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True); t.start()
    try: yield f"http://127.0.0.1:{srv.server_address[1]}"
    finally: srv.shutdown(); srv.server_close()

def expected_images(page_name):
    "How many images the executed notebook behind a page produced (the docs build's own record of it)."
    nb = ROOT/'_build'/'docs'/'src'/page_name.replace('.html', '.ipynb')
    if not nb.exists(): return 0
    cells = json.loads(nb.read_text())['cells']
    return sum(1 for c in cells for o in c.get('outputs', []) if any(k.startswith('image/') for k in o.get('data', {})))

def test_every_notebook_has_a_page():
    names = {p.name for p in SITE.glob('*.html')}
    missing = [p for p in lesson_pages() if p not in names]
    assert not missing, f"pages missing from _docs/: {missing}; rebuild with python3 tools/dev.py docs"

@pytest.mark.parametrize('name', lesson_pages())
def test_docs_page(browser, site, name):
    with watched_page(browser, viewport={'width': 1280, 'height': 900}) as page:
        resp = page.goto(f"{site}/{name}", wait_until='networkidle')
        assert resp.ok, f"{name}: HTTP {resp.status}"
        page.wait_for_timeout(300)
        imgs = page.eval_on_selector_all('article img', '''els => els.map(e => ({src: e.src.slice(0, 60),
                                           ok: e.complete && e.naturalWidth > 0}))''')
        broken = [i['src'] for i in imgs if not i['ok']]
        page.screenshot(path=str(OUT/f"docs_{name.replace('.html', '')}.png"), full_page=True)
        assert not page.problems, f"{name}: {page.problems}"
        assert not broken, f"{name}: images that did not load: {broken}"
        n = expected_images(name)
        assert sum(i['ok'] for i in imgs) >= n, f"{name}: the notebook made {n} images, the page shows {len(imgs)}"
        assert page.title().strip(), f"{name} has no title"
        if name != 'index.html':  # navigation: every page links back to the landing page and to the lessons
            assert page.locator('nav a[href="index.html"]').count() > 0 or page.locator('a[href="./"]').count() > 0

def test_docs_search_offline(browser, site):
    "MkDocs' search runs in the browser (lunr in a web worker), with no request leaving 127.0.0.1."
    with watched_page(browser) as page:
        outside = []
        page.on('request', lambda r: r.url.startswith(('http://127.0.0.1', 'data:', 'blob:')) or outside.append(r.url))
        page.goto(f"{site}/index.html", wait_until='networkidle')
        box = page.locator('input.md-search__input')
        box.click()
        box.press_sequentially('bounding', delay=50)
        page.wait_for_selector('.md-search-result__item', timeout=20_000)
        hits = page.locator('.md-search-result__item').count()
        page.screenshot(path=str(OUT/'docs_search.png'))
        assert hits > 0
        assert not outside, f"requests left the machine: {outside}"
        assert not page.problems, page.problems

def test_docs_math_renders_offline(browser, site):
    "MathJax is served from the site itself (jupyter-server-mathjax), not a CDN."
    with watched_page(browser) as page:
        page.goto(f"{site}/index.html", wait_until='networkidle')
        srcs = page.eval_on_selector_all('script[src]', 'els => els.map(e => e.getAttribute("src"))')
        assert not [s for s in srcs if s.startswith(('http:', 'https:', '//'))], srcs
        assert any('mathjax' in s.lower() for s in srcs), f"no MathJax script on the page: {srcs}"
        assert page.evaluate('typeof window.MathJax') == 'object', "MathJax did not load"
    with watched_page(browser) as page:  # a lesson with formulas: MathJax typesets them with its packaged fonts
        name = next((p for p in lesson_pages() if (NBS/p.replace('.html', '.ipynb')).exists()
                     and '$$' in (NBS/p.replace('.html', '.ipynb')).read_text()), None)
        if name is None: pytest.skip("no lesson has display maths yet")
        page.goto(f"{site}/{name}", wait_until='networkidle')
        page.wait_for_selector('.MathJax_Display, .MathJax', timeout=30_000)
        page.locator('.MathJax_Display, .MathJax').first.screenshot(path=str(OUT/'docs_math.png'))
        assert not page.problems, page.problems

# --- JupyterLab, started by the README's first command -----------------------------------------------------
def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

@pytest.fixture(scope='module')
def lab():
    """`python3 tools/dev.py lab` on a free loopback port, with a temporary user config: no token, no browser, no
    autosave (so that the notebooks on disk can be checked unchanged). The first-run prompts (Jupyter news) are NOT
    turned off here: the lab command's own settings must do that. Kernels get one torch thread each (two run at
    once) and the FULL switch off, as a student's first Run All."""
    port, tmp = free_port(), Path(tempfile.mkdtemp(prefix='course_dl_lab_'))
    settings = tmp/'settings'/'@jupyterlab'/'docmanager-extension'
    settings.mkdir(parents=True)
    (settings/'plugin.jupyterlab-settings').write_text(json.dumps({'autosave': False}))
    tracker = tmp/'settings'/'@jupyterlab'/'notebook-extension'
    tracker.mkdir(parents=True)
    # every cell in the DOM (no windowing), so that the test can read every prompt and output
    (tracker/'tracker.jupyterlab-settings').write_text(json.dumps({'autoStartDefaultKernel': True, 'windowingMode': 'none'}))
    env = {**os.environ, 'JUPYTER_CONFIG_DIR': str(tmp/'config'), 'JUPYTER_RUNTIME_DIR': str(tmp/'runtime'),
           'JUPYTERLAB_SETTINGS_DIR': str(tmp/'settings'), 'JUPYTERLAB_WORKSPACES_DIR': str(tmp/'workspaces'),
           'COURSE_DL_LAB_PORT': str(port), 'OMP_NUM_THREADS': '1', 'COURSE_DL_FULL': '0'}
    log = open(tmp/'lab.log', 'w')
    proc = subprocess.Popen([sys.executable, str(ROOT/'tools'/'dev.py'), 'lab', '--no-browser',
                             '--ServerApp.token=', '--ServerApp.password=', '--ServerApp.open_browser=False',
                             '--ServerApp.disable_check_xsrf=True',   # the test stops kernels with DELETE requests
                             '--LabApp.expose_app_in_browser=True'],  # window.jupyterapp: open the next lesson in the same tab
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        import urllib.request
        for _ in range(240):
            if proc.poll() is not None: pytest.fail(f"JupyterLab exited early:\n{(tmp/'lab.log').read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{url}/api/status", timeout=1) as r:
                    if r.status == 200: break
            except OSError: time.sleep(0.5)
        else: pytest.fail(f"JupyterLab did not answer on {url}:\n{(tmp/'lab.log').read_text()[-3000:]}")
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError): os.killpg(proc.pid, signal.SIGTERM)
        try: proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL); proc.wait()
        log.close()
        shutil.copy2(tmp/'lab.log', OUT/'lab.log') if OUT.exists() else None
        shutil.rmtree(tmp, ignore_errors=True)

def test_lab_serves_the_lessons(lab):
    import urllib.request
    with urllib.request.urlopen(f"{lab}/api/contents") as r: names = {o['name'] for o in json.load(r)['content']}
    lessons = {p.name for p in NBS.glob('*.ipynb')}
    assert lessons <= names, f"JupyterLab does not show {sorted(lessons - names)}"

# --- Run All of every lesson, as a student does it -----------------------------------------------------------
# COURSE_DL_LAB_ONLY='04_pdb.ipynb 10_widgets.ipynb' runs just those (for working on one lesson)
LESSONS = os.environ.get('COURSE_DL_LAB_ONLY', '').split() or sorted(p.name for p in NBS.glob('[0-9][0-9]_*.ipynb'))
# The live debugger cells of 04_pdb stop at a real (i)pdb prompt: answer it in JupyterLab's input box, as a student.
ANSWERS = {'04_pdb.ipynb': ['p widths', 'c', 'p boxes[0]', 'c', 'p len(boxes)', 'q']}
# what the debugger prints: `p widths` at the breakpoint() of mean_width, `p boxes[0]` at first_width's set_trace(),
# and %debug's post-mortem stop inside mean_height
EXPECT = {'04_pdb.ipynb': ['[196, 20]', '[96, 155, 269, 350]', 'mean_height()']}
RUN_ALL_TIMEOUT, AT_ONCE = 600, int(os.environ.get('COURSE_DL_LAB_TABS', 2))   # tabs (kernels) at a time

def lesson_has_widgets(name):
    src = (NBS/name).read_text()
    return 'ipywidgets' in src or 'course_dl.widgets' in src

# Closing a lesson without JupyterLab's "save your work?" dialog (the file must stay as it is): mark it clean, dispose it.
CLOSE_ALL = """() => { for (const w of Array.from(window.jupyterapp.shell.widgets('main'))) {
                     if (w.context) w.context.model.dirty = false; w.dispose(); } }"""

class RunAll:
    """Run All of one lesson in a JupyterLab tab; `poll()` advances it, so two run side by side. Each of the two
    tabs has its own workspace and is reused: the next lesson opens in the same JupyterLab (`docmanager:open`)
    after the last one is closed and its kernel shut down, which saves starting JupyterLab's page again (about
    15 s a lesson on this machine)."""
    def __init__(self, browser, lab, name, page=None, slot=0):
        self.name, self.lab, self.before, self.t0 = name, lab, (NBS/name).read_bytes(), time.time()
        self.answers, self.answered, self.state, self.secs = list(ANSWERS.get(name, [])), [], 'loading', None
        if page is None:
            page = browser.new_page(viewport={'width': 1400, 'height': 1000})
            page.on('pageerror', lambda e: page.problems.append(f"exception: {e}"))
            page.goto(f"{lab}/lab/workspaces/lesson-tab-{slot}/tree/{name}?reset", wait_until='domcontentloaded')
        else:
            page.evaluate(CLOSE_ALL)
            page.evaluate("p => window.jupyterapp.commands.execute('docmanager:open', {path: p})", name)
        page.problems, self.page, self.slot = [], page, slot

    def prompts(self):
        return self.page.eval_on_selector_all('.jp-CodeCell .jp-InputPrompt', 'els => els.map(e => e.textContent.trim())')

    def errors(self):
        outs = self.page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').all_inner_texts()
        return [e for e in outs if 'Traceback' in e or 'Error' in e.split('\n')[0]]

    def poll(self):
        "One step; True when finished (ran to the end, raised, or timed out)."
        pg = self.page
        if time.time() - self.t0 > RUN_ALL_TIMEOUT: self.state = f'timed out after {RUN_ALL_TIMEOUT}s'; return True
        if self.state == 'loading':
            if pg.locator('.jp-Dialog .jp-mod-accept').count(): pg.locator('.jp-Dialog .jp-mod-accept').first.click()
            cells = pg.locator('.jp-Notebook .jp-Cell').count()
            if cells and not hasattr(self, 't_cells'): self.t_cells = time.time()
            if cells and pg.locator('.jp-KernelName', has_text='Python').count() \
               and pg.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').count():
                pg.wait_for_timeout(500)
                pg.locator('.jp-Notebook').first.click(position={'x': 5, 'y': 5})
                pg.locator('.lm-MenuBar-itemLabel', has_text='Run').first.click()
                pg.locator('.lm-Menu-itemLabel', has_text='Run All Cells').first.click()
                self.t_run, self.state = time.time(), 'running'
            return False
        box = pg.locator('.jp-Stdin-input')
        if box.count() and box.first.is_visible():   # a debugger (or input()) prompt
            ans = self.answers.pop(0) if self.answers else 'c'
            self.answered.append(ans)
            if len(self.answered) > len(ANSWERS.get(self.name, [])) + 5: self.state = f'stuck at a prompt: {self.answered}'; return True
            box.first.fill(ans); box.first.press('Enter')
            pg.wait_for_timeout(300)
            return False
        if self.errors(): self.state = 'error'; return True
        prompts = self.prompts()
        busy = pg.locator('.jp-Notebook-ExecutionIndicator[data-status="busy"]').count()
        if prompts and all(p[1:-2].strip().isdigit() for p in prompts) and not busy:
            self.state, self.secs = 'done', time.time() - self.t_run
            return True
        return False

    def result(self):
        "What the checks need, read off the page; then the tab closes and its kernel is shut down."
        pg, t_res = self.page, time.time()
        r = dict(name=self.name, state=self.state, secs=self.secs,
                 load_s=round(getattr(self, 't_run', t_res) - self.t0, 1), prompts=self.prompts(), errors=self.errors(),
                 cells_s=round(getattr(self, 't_cells', t_res) - self.t0, 1),
                 n_code=pg.locator('.jp-CodeCell').count(), answered=self.answered, problems=list(pg.problems),
                 news=pg.get_by_text('official Jupyter news').count(),
                 outputs='\n'.join(pg.locator('.jp-OutputArea-output').all_inner_texts()))
        if lesson_has_widgets(self.name):
            r['widgets'] = pg.locator('.jupyter-widgets').count()
            r['widget_errors'] = pg.get_by_text('Error displaying widget').count()
            if self.name == '10_widgets.ipynb' and self.state == 'done':
                try: check_widgets(pg); r['sliders'] = 'ok'
                except Exception as e: r['sliders'] = f'failed: {e}'
        pg.screenshot(path=str(OUT/f"lab_{Path(self.name).stem}.png"), full_page=False)
        pg.evaluate(CLOSE_ALL)          # the tab stays open for the next lesson
        shutdown_kernel(self.lab, self.name)
        r['unchanged'] = (NBS/self.name).read_bytes() == self.before
        r['result_s'] = round(time.time() - t_res, 1)
        return r

def shutdown_kernel(lab, name):
    "Stop the kernel of `name`'s session (closing a tab leaves it running)."
    import urllib.request
    with urllib.request.urlopen(f"{lab}/api/sessions") as resp: sessions = json.load(resp)
    for s in sessions:
        if s.get('path') == name:
            urllib.request.urlopen(urllib.request.Request(f"{lab}/api/sessions/{s['id']}", method='DELETE')).close()

def run_order(names:list)->list:
    """Longest first, so that the two tabs finish together: the notebooks stage's own order (tools/docs.py), by
    the seconds it has just measured for each lesson."""
    return [p.name for p in DOCS.longest_first([NBS/n for n in names])]

# A lesson whose Run All passed is not run again while nothing it could depend on changed (the notebooks stage's
# cache key, extended): the notebook, course_dl/, settings.ini, setup.py, this file, dev.py (the lab's settings)
# and Python's version. COURSE_DL_FRESH=1 runs every lesson again. A fresh clone (CI) has no cache.
LAB_CACHE, FRESH = ROOT/'_build'/'lab', os.environ.get('COURSE_DL_FRESH') == '1'

def lab_key(name:str)->str:
    h = hashlib.sha256(sys.version.encode() + (NBS/name).read_bytes() + DOCS.code_hash().encode())
    for f in (ROOT/'setup.py', Path(__file__), ROOT/'tools'/'dev.py'): h.update(f.read_bytes())
    return h.hexdigest()

def cached_result(name:str):
    "The result of the last Run All of `name`, if it passed and nothing it depends on has changed since."
    f = LAB_CACHE/f'{name}.json'
    if FRESH or not f.exists(): return None
    r = json.loads(f.read_text())
    return r if r.pop('key', None) == lab_key(name) and not lab_problems(name, r) else None

def run_lessons(browser, lab, names:list)->dict:
    "Run All of each lesson in JupyterLab, two tabs at a time, longest first; name -> what the page showed."
    todo, running, results, free = run_order(names), [], {}, [(None, k) for k in range(AT_ONCE)]
    while todo or running:
        while todo and free:
            page, slot = free.pop(0)
            running.append(RunAll(browser, lab, todo.pop(0), page, slot))
        for r in list(running):
            try: finished = r.poll()
            except Exception as e: r.state, finished = f'test driver failed: {e}', True
            if finished:
                running.remove(r)
                try: results[r.name] = r.result(); free.append((r.page, r.slot))
                except Exception as e:   # a tab that cannot be read is not reused
                    results[r.name] = dict(name=r.name, state=f'reading the page failed: {e}', secs=None, load_s=None, result_s=None,
                                           errors=[], prompts=[], n_code=-1, answered=[], problems=[], news=0, outputs='',
                                           unchanged=(NBS/r.name).read_bytes() == r.before)
                    free.append((None, r.slot)); r.page.close()
        running and running[0].page.wait_for_timeout(500)
    return results

@pytest.fixture(scope='module')
def run_all(request):
    "Run All of every lesson notebook in JupyterLab (those not passed before with the same inputs); name -> result."
    OUT.mkdir(parents=True, exist_ok=True)
    results = {n: r for n in LESSONS if (r := cached_result(n)) is not None}
    todo = [n for n in LESSONS if n not in results]
    if todo:   # JupyterLab and the browser start only when there is something to run
        ran = run_lessons(request.getfixturevalue('browser'), request.getfixturevalue('lab'), todo)
        LAB_CACHE.mkdir(parents=True, exist_ok=True)
        for n, r in ran.items():
            if not lab_problems(n, r): (LAB_CACHE/f'{n}.json').write_text(json.dumps({**r, 'key': lab_key(n)}))
            else: (LAB_CACHE/f'{n}.json').unlink(missing_ok=True)
        results.update(ran)
    times = {n: ('passed before, not run again' if n not in todo else round(v['secs']) if v['secs'] else v['state'])
             for n, v in results.items()}
    (OUT/'lab_run_all.json').write_text(json.dumps(times, indent=1))
    # where the wall time goes: opening the tab (JupyterLab + kernel start), Run All, reading the page + shutdown
    (OUT/'lab_timing.json').write_text(json.dumps({n: dict(cells=v.get('cells_s'), load=v['load_s'], run=v['secs'], result=v['result_s'])
                                                   for n, v in results.items() if n in todo}, indent=1))
    print("\nRun All in JupyterLab, seconds per lesson (two kernels at a time): " + json.dumps(times))
    return results

def lab_problems(name:str, r:dict)->list:
    "What is wrong with the Run All of `name`, read off its page: [] when it passed every check."
    if r['errors']: return [f"{name} raised in JupyterLab (Run All):\n{r['errors'][0][:3000]}"]
    if r['state'] != 'done': return [f"{name}: Run All did not finish: {r['state']}; prompts {r['prompts']}"]
    n_file = sum(c['cell_type'] == 'code' for c in json.loads((NBS/name).read_text())['cells'])
    p = []
    if r['n_code'] != n_file: p.append(f"{name}: JupyterLab shows {r['n_code']} code cells, the file has {n_file}")
    if len(r['prompts']) != r['n_code'] or not all(x[1:-2].strip().isdigit() for x in r['prompts']):
        p.append(f"not every code cell of {name} ran: {r['prompts']}")
    if not r['unchanged']: p.append(f"running {name} in JupyterLab changed the file on disk")
    if r['news']: p.append("JupyterLab asked about Jupyter news: the lab command's settings must turn that prompt off")
    if name in ANSWERS:
        if r['answered'][:len(ANSWERS[name])] != ANSWERS[name]: p.append(f"{name}: the debugger prompts got {r['answered']}")
        p += [f"{name}: the live debugger did not print {want}; answered {r['answered']}; outputs: {r['outputs'][:1500]}"
              for want in EXPECT[name] if want not in r['outputs']]
    if 'widgets' in r and not (r['widgets'] > 0 and not r['widget_errors']):
        p.append(f"{name}: widgets did not render ({r['widgets']} found)")
    if 'sliders' in r and r['sliders'] != 'ok': p.append(f"{name}: {r['sliders']}")
    return p

@pytest.mark.parametrize('name', LESSONS)
def test_lab_run_all(run_all, name):
    "Every lesson runs top to bottom under Run All in JupyterLab, offline, FULL off, no real datasets."
    problems = lab_problems(name, run_all[name])
    assert not problems, '\n'.join(problems)

def check_widgets(page):
    "The widgets render as widgets, and moving a slider redraws the figure."
    for cls in ('course-dl-lr-find', 'course-dl-loss-stepper'):
        box = page.locator(f'.{cls}').first
        box.scroll_into_view_if_needed()
        assert box.is_visible(), f".{cls} did not render"
        slider = box.locator('.widget-slider .noUi-handle, .widget-slider input[type=range]').first
        assert slider.count(), f"no slider in .{cls}"
        img = box.locator('img').first
        src = img.get_attribute('src')
        slider.focus()
        for _ in range(5): page.keyboard.press('ArrowRight')
        page.wait_for_function('([el, old]) => el.getAttribute("src") !== old', arg=[img.element_handle(), src], timeout=20_000)
        page.screenshot(path=str(OUT/f"lab_widget_{cls}.png"))

def test_lab_cache_reuses_only_a_passed_run_with_the_same_inputs(tmp_path, monkeypatch):
    "No browser needed: a cached Run All counts only if it passed every check and no input has changed."
    import test_browser as tb
    monkeypatch.setattr(tb, 'LAB_CACHE', tmp_path); monkeypatch.setattr(tb, 'FRESH', False)
    name = '01_bbox.ipynb'
    n = sum(c['cell_type'] == 'code' for c in json.loads((NBS/name).read_text())['cells'])
    ok = dict(name=name, state='done', secs=5.0, load_s=1.0, result_s=0.5, errors=[], prompts=[f'[{i+1}]:' for i in range(n)],
              n_code=n, answered=[], problems=[], news=0, outputs='', unchanged=True)
    assert tb.lab_problems(name, ok) == []
    (tmp_path/f'{name}.json').write_text(json.dumps({**ok, 'key': tb.lab_key(name)}))
    assert tb.cached_result(name) == ok
    monkeypatch.setattr(tb, 'FRESH', True)                                   # COURSE_DL_FRESH=1
    assert tb.cached_result(name) is None
    monkeypatch.setattr(tb, 'FRESH', False)
    (tmp_path/f'{name}.json').write_text(json.dumps({**ok, 'key': 'an older notebook or module'}))
    assert tb.cached_result(name) is None
    for bad in (dict(errors=['Traceback ...']), dict(state='timed out after 600s'), dict(unchanged=False), dict(n_code=n - 1),
                dict(prompts=ok['prompts'][:-1] + ['[ ]:'])):
        r = {**ok, **bad}
        assert tb.lab_problems(name, r)
        (tmp_path/f'{name}.json').write_text(json.dumps({**r, 'key': tb.lab_key(name)}))
        assert tb.cached_result(name) is None, bad
