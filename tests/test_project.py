"""The project's own plumbing: the sync check CI relies on, README generation, settings and the two commands."""
import configparser, importlib.util, re, shutil, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent

def load_tool(name):
    spec = importlib.util.spec_from_file_location(f"tool_{name}", ROOT/'tools'/f'{name}.py')
    mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
    return mod

dev, docs = load_tool('dev'), load_tool('docs')

@pytest.fixture
def repo_copy(tmp_path, monkeypatch):
    "A copy of what the sync check reads, with dev.py pointed at it (the .venv's tools stay the real ones)."
    shutil.copy2(ROOT/'settings.ini', tmp_path)
    for d in ('nbs', 'course_dl'): shutil.copytree(ROOT/d, tmp_path/d, ignore=shutil.ignore_patterns('__pycache__', '.ipynb_checkpoints'))
    monkeypatch.setattr(dev, 'ROOT', tmp_path)
    return tmp_path

def test_sync_check_passes_on_this_tree(repo_copy): dev.check_sync()

def test_sync_check_fails_on_a_hand_edited_module(repo_copy, capsys):
    mod = repo_copy/'course_dl'/'bbox.py'
    mod.write_text(mod.read_text() + "\ndef sneaky(): return 1  # edited by hand, not in any notebook\n")
    with pytest.raises(SystemExit) as e: dev.check_sync()
    assert 'course_dl/bbox.py would be changed by nbdev_export' in str(e.value)

def test_sync_check_fails_on_an_unexported_notebook_change(repo_copy):
    nb = repo_copy/'nbs'/'01_bbox.ipynb'
    nb.write_text(nb.read_text().replace('def hw_bb(', 'def hw_bb_renamed(', 1))
    with pytest.raises(SystemExit) as e: dev.check_sync()
    assert 'course_dl/bbox.py' in str(e.value)

def test_sync_check_fails_on_a_dirty_notebook(repo_copy):
    nb = repo_copy/'nbs'/'01_bbox.ipynb'
    nb.write_text(nb.read_text().replace('"execution_count": null', '"execution_count": 7', 1)
                  if '"execution_count": null' in nb.read_text() else nb.read_text().replace('"metadata": {}', '"metadata": {"collapsed": true}', 1))
    with pytest.raises(SystemExit) as e: dev.check_sync()
    assert 'nbs/01_bbox.ipynb would be changed by nbdev_clean' in str(e.value)

def test_readme_is_generated_from_index():
    assert (ROOT/'README.md').read_text() == docs.readme_text(), \
        "README.md is stale: edit nbs/index.ipynb, then run `python3 tools/dev.py readme`"

def test_readme_has_the_two_commands_and_ci_runs_the_second():
    cmds = re.findall(r'^(python3 tools/dev\.py \w+)', (ROOT/'README.md').read_text(), re.M)
    assert cmds == ['python3 tools/dev.py lab', 'python3 tools/dev.py test'], cmds
    ci = [l.strip() for l in (ROOT/'.ci'/'run').read_text().splitlines() if l.strip() and not l.startswith('#')]
    assert cmds[1] in ci, f".ci/run must call the README's test command; it runs {ci}"

def test_readme_links_point_at_existing_notebooks():
    links = re.findall(r'\]\((nbs/[\w.-]+\.ipynb)\)', (ROOT/'README.md').read_text())
    assert links and all((ROOT/l).exists() for l in links), [l for l in links if not (ROOT/l).exists()]

def test_landing_table_lists_every_lesson_in_one_table():
    "One markdown table, its rows contiguous (a line of prose inside it ends the table and shows the rest as text)."
    lines = (ROOT/'README.md').read_text().splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith('| Lesson |'))
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith('|'))
    rows = [re.search(r'\]\((nbs/[\w.-]+\.ipynb)\)', l) for l in lines[start+2:end]]
    lessons = sorted(f'nbs/{p.name}' for p in (ROOT/'nbs').glob('[0-9][0-9]_*.ipynb'))
    assert sorted(m[1] for m in rows if m) == lessons, "the landing page's table must list every lesson, in one table"

def test_settings_pin_the_toolchain():
    cfg = configparser.ConfigParser(delimiters=['=']); cfg.read(ROOT/'settings.ini')
    s = cfg['DEFAULT']
    assert s['lib_name'] == 'course_dl' and s['tst_flags'] == 'slow'
    dev_reqs = s['dev_requirements'].split()
    for pin in ('nbdev>=2.4.14,<3', 'fastcore>=1.8,<2', 'execnb>=0.1.12,<0.2'): assert pin in dev_reqs
    reqs = s['requirements'].split()
    assert 'torch>=2.14' in reqs and 'torchvision>=0.29' in reqs

def test_every_module_comes_from_a_numbered_notebook():
    "One notebook exports one module, and every module names the notebook to edit."
    for py in sorted((ROOT/'course_dl').glob('*.py')):
        if py.name in ('__init__.py', '_modidx.py'): continue
        m = re.search(r'File to edit: \.\./nbs/(\d\d_\w+)\.ipynb', py.read_text())
        assert m, f"{py.name} is not generated from a notebook"
        assert (ROOT/'nbs'/f'{m[1]}.ipynb').exists()

def test_lower_lessons_never_import_higher_ones():
    order = {py.stem: int(re.search(r'nbs/(\d\d)_', py.read_text())[1]) for py in (ROOT/'course_dl').glob('*.py')
             if re.search(r'nbs/(\d\d)_', py.read_text())}
    for mod, n in order.items():
        src = (ROOT/'course_dl'/f'{mod}.py').read_text()
        for imp in re.findall(r'^\s*(?:from|import)\s+(?:course_dl)?\.?(\w+)', src, re.M):
            if imp in order: assert order[imp] <= n, f"{mod} (lesson {n}) imports {imp} (lesson {order[imp]})"
        assert not re.search(r'^from\s+(course_dl)?\.\w*\s+import\s+\*', src, re.M), f"{mod} star-imports a module"

def test_docs_page_conversion_keeps_code_and_drops_quarto_options():
    nb = {'cells': [
        {'cell_type': 'raw', 'metadata': {}, 'source': '---\ntitle: Boxes\ndescription: "How [x, y, w, h] works: a test"\n---'},
        {'cell_type': 'markdown', 'metadata': {}, 'source': 'See [the next lesson](02_images.ipynb#top).'},
        {'cell_type': 'code', 'metadata': {}, 'outputs': [], 'source': '#| echo: false\nprint(1)'},
        {'cell_type': 'code', 'metadata': {}, 'outputs': [{'output_type': 'stream', 'name': 'stdout', 'text': '1\n'}],
         'source': '#| echo: false\nprint(1)'},
        {'cell_type': 'code', 'metadata': {}, 'outputs': [], 'source': '#| include: false\nx = 1'},
        {'cell_type': 'code', 'metadata': {}, 'outputs': [], 'source': 'y = 2'}], 'metadata': {'widgets': {}}}
    page, title = docs.to_page(nb, '01_bbox')
    assert title == 'Boxes'
    assert page['cells'][0]['source'].startswith('# Boxes\n\n> How [x, y, w, h] works: a test')
    assert '](02_images.html#top)' in page['cells'][1]['source']
    assert [c['source'] for c in page['cells'][2:]] == ['print(1)', 'y = 2']
    assert page['cells'][2]['metadata'] == {'tags': ['hide_input']}
    assert 'widgets' not in page['metadata']

def test_showdoc_markdown_is_cleaned_for_mkdocs():
    md = '---\n\n[source](https://x/y.py#L3){target="_blank" style="float:right"}\n\n### f\n\n*Doc.*\n---\n'
    out = docs.clean_showdoc(md)
    assert '[source]' not in out and '---' not in out and '### f' in out

def test_notebooks_name_their_kernel():
    "JupyterLab starts the kernel without asking only when the notebook names it."
    import json
    for nb in sorted((ROOT/'nbs').glob('*.ipynb')):
        meta = json.loads(nb.read_text())['metadata']
        assert meta.get('kernelspec', {}).get('name') == 'python3', f"{nb.name}: metadata is {meta}; set kernelspec python3"

def test_test_command_summary(tmp_path, monkeypatch, capsys):
    "Stage times, the five slowest notebooks, the pytest count; pytest's own summary stays the last line."
    import json
    rep, lab = tmp_path/'report.json', tmp_path/'lab.json'
    nbs = {f'{i:02d}_x.ipynb': ['executed', float(i)] for i in range(1, 8)} | {'99_old.ipynb': ['cached', 0.0]}
    rep.write_text(json.dumps({'notebooks': nbs, 'test_s': 30.0, 'site_s': 5.0}))
    lab.write_text(json.dumps({'01_x.ipynb': 40, '02_x.ipynb': 'timed out after 600s', '03_x.ipynb': 'passed before, not run again'}))
    monkeypatch.setattr(dev, 'REPORT', rep); monkeypatch.setattr(dev, 'LAB_TIMES', lab)
    dev.summary({'environment': 1, 'chromium': 0, 'sync check': 2, 'notebooks + docs': 35, 'pytest': 50},
                '======= 7 passed, 1 skipped in 50.00s =======')
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == '======= 7 passed, 1 skipped in 50.00s ======='
    text = '\n'.join(out)
    assert 'five slowest notebooks: 07_x.ipynb 7s, 06_x.ipynb 6s, 05_x.ipynb 5s, 04_x.ipynb 4s, 03_x.ipynb 3s' in text
    assert 'pytest: 7 tests passed' in text and '1 notebook(s) unchanged' in text
    assert 'notebooks (nbdev test_nb)' in text and 'docs site' in text and '01_x.ipynb 40s' in text
    assert '1 lesson(s) passed Run All before with the same code, not run again' in text

def test_pytest_runs_browser_and_unit_tests_side_by_side(tmp_path, monkeypatch, capsys):
    "Two pytest processes, their lines prefixed, one summary line with the counts added; a failure in either fails it."
    (tmp_path/'tests').mkdir()
    (tmp_path/'tests'/'test_browser.py').write_text("def test_b1(): pass\ndef test_b2(): pass\n")
    (tmp_path/'tests'/'test_unit.py').write_text("import pytest\ndef test_u(): pass\n"
                                                "@pytest.mark.skip('no')\ndef test_s(): pass\n")
    monkeypatch.setattr(dev, 'ROOT', tmp_path); monkeypatch.setattr(dev, 'PY', Path(sys.executable))
    monkeypatch.delenv('COURSE_DL_PYTEST_SERIAL', raising=False)
    rc, line = dev.pytest()
    out = capsys.readouterr().out
    assert rc == 0 and line.startswith('3 passed, 1 skipped in ') and 'side by side' in line, line
    assert '[browser] ' in out and '[unit] ' in out and '--ignore=tests/test_browser.py' in out
    (tmp_path/'tests'/'test_unit.py').write_text("def test_u(): assert 1 == 2\n")
    rc, line = dev.pytest()
    assert rc == 1 and line.startswith('1 failed, 2 passed in '), line
    monkeypatch.setenv('COURSE_DL_PYTEST_SERIAL', '1')
    rc, line = dev.pytest()
    assert rc == 1 and '1 failed, 2 passed' in line and 'side by side' not in line, line

def test_combine_summaries_adds_counts():
    line = dev.combine_summaries(['=== 2 failed, 1261 passed, 1 error, 7 warnings in 50.41s ===', '53 passed, 1 skipped in 480.1s'], 500)
    assert line == '2 failed, 1 errors, 1314 passed, 1 skipped, 7 warnings in 500.00s (browser and unit tests side by side)'

def test_lab_settings_turn_off_first_run_prompts(tmp_path, monkeypatch):
    "The lab command writes JupyterLab's overrides: no news prompt, no update check."
    import json
    monkeypatch.setattr(dev, 'VENV', tmp_path)
    dev.lab_settings()
    o = json.loads((tmp_path/'share'/'jupyter'/'lab'/'settings'/'overrides.json').read_text())
    assert o['@jupyterlab/apputils-extension:notification'] == {'fetchNews': 'false', 'checkForUpdates': False}

def test_full_switch_reads_the_environment():
    "`course_dl.FULL` is on only when COURSE_DL_FULL says so."
    import os, subprocess
    def full(v):
        env = {k: x for k, x in os.environ.items() if k != 'COURSE_DL_FULL'} | ({} if v is None else {'COURSE_DL_FULL': v})
        return subprocess.run([sys.executable, '-c', 'import course_dl; print(course_dl.FULL)'], env=env,
                              capture_output=True, text=True, check=True).stdout.strip()
    assert [full(v) for v in (None, '0', '', '1', 'true')] == ['False', 'False', 'False', 'True', 'True']

def test_slow_cells_wait_for_the_full_switch():
    "JupyterLab ignores `#| slow`: under Run All such a cell runs, so its body must wait for `FULL` (the browser test"
    " runs every lesson; this names the cell)."
    import json
    bad = []
    for nb in sorted((ROOT/'nbs').glob('[0-9][0-9]_*.ipynb')):
        for i, c in enumerate(json.loads(nb.read_text())['cells']):
            src = ''.join(c['source'])
            if c['cell_type'] == 'code' and re.search(r'^#\|\s*slow\b', src, re.M) and 'FULL' not in src:
                bad.append(f"{nb.name} cell {i}: {src.splitlines()[1][:60] if len(src.splitlines()) > 1 else ''}")
    assert not bad, "`#| slow` cells that would run at full size under Run All (guard them with `if FULL:`):\n" + '\n'.join(bad)

def test_every_exported_signature_resolves():
    "The API page renders each exported symbol's signature with its annotations evaluated: a string annotation"
    " naming a module the file never imports (`->'pd.DataFrame'`) breaks the docs build."
    import importlib, inspect
    from course_dl._modidx import d
    bad = []
    for mod, syms in d['syms'].items():
        m = importlib.import_module(mod)
        for qual in syms:
            if any(part.startswith('_') for part in qual[len(mod)+1:].split('.')): continue  # the API page skips these too
            obj = m
            try:
                for part in qual[len(mod)+1:].split('.'): obj = getattr(obj, part)
            except AttributeError: bad.append(f"{qual}: in _modidx but not in the module (run nbdev_export)"); continue
            if callable(obj):
                try: inspect.signature(obj, eval_str=True)
                except (NameError, SyntaxError) as e: bad.append(f"{qual}: {e}")
                except (ValueError, TypeError): pass   # builtins without a signature
    assert not bad, '\n'.join(bad)

def test_notebooks_start_longest_first(tmp_path, monkeypatch):
    "The notebooks stage starts the longest notebooks first (last run's seconds), else higher lessons first."
    nbs = [Path(f'nbs/{n}.ipynb') for n in ('index', '01_bbox', '12_largest_object', '20_gan', '02_images')]
    monkeypatch.setattr(docs, 'REPORT', tmp_path/'report.json')
    assert [p.stem for p in docs.longest_first(nbs)] == ['20_gan', '12_largest_object', '02_images', '01_bbox', 'index']
    (tmp_path/'report.json').write_text('{"notebooks": {"12_largest_object.ipynb": ["executed", 130.0], '
                                        '"01_bbox.ipynb": ["executed", 40.0], "20_gan.ipynb": ["cached", 0]}}')
    assert [p.stem for p in docs.longest_first(nbs)] == ['12_largest_object', '01_bbox', '20_gan', '02_images', 'index']

def test_property_tests_draw_the_same_examples_every_run():
    "tests/conftest.py: Hypothesis is repeatable unless HYPOTHESIS_PROFILE=explore asks for new examples."
    import os
    from hypothesis import settings
    assert settings.default.derandomize == (os.environ.get('HYPOTHESIS_PROFILE', 'repeatable') != 'explore')
