#!/usr/bin/env python3
"""Set up and run course_dl with nothing but Python 3.11+.

    python3 tools/dev.py lab     # create/update .venv, install course_dl[dev], open JupyterLab on nbs/
    python3 tools/dev.py test    # create/update .venv, then run every test (this is what .ci/run calls)
    python3 tools/dev.py docs    # test every notebook once (nbdev's test_nb) and build the offline docs site into _docs/
    python3 tools/dev.py readme  # write README.md from nbs/index.ipynb
    python3 tools/dev.py check   # only the sync check: nbdev_export / nbdev_clean would change nothing

Only the standard library is used here: this file runs before the environment exists.
"""
import argparse, difflib, filecmp, hashlib, os, shutil, subprocess, sys, tempfile, time, venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT/'.venv'
BIN = VENV/('Scripts' if os.name == 'nt' else 'bin')
PY = BIN/'python'
STAMP = VENV/'.course_dl-install'
REPORT = ROOT/'_build'/'docs'/'report.json'
LAB_TIMES = ROOT/'tests'/'_out'/'lab_run_all.json'   # written by tests/test_browser.py
CHROMIUM = Path('/usr/bin/chromium')

def say(msg): print(f"\n=== {msg}", flush=True)
def fail(msg): sys.exit(f"\nERROR: {msg}")

def run(*cmd, cwd=ROOT, env=None, check=True):
    "Run a command, streaming its output; on failure exit with a message naming the command."
    cmd = [str(c) for c in cmd]
    print('+', ' '.join(cmd), flush=True)
    rc = subprocess.run(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL).returncode
    if check and rc: fail(f"`{' '.join(cmd)}` exited with {rc}")
    return rc

# --- environment -------------------------------------------------------------------------------------------
def install_key():
    "What the installed environment depends on: changes to these files trigger a reinstall."
    h = hashlib.sha256(sys.version.encode())
    for f in ('settings.ini', 'setup.py'): h.update((ROOT/f).read_bytes())
    return h.hexdigest()

def ensure_env():
    "Create `.venv` and install course_dl with its dev extras, unless that was already done for these settings."
    if sys.version_info < (3, 11): fail(f"course_dl needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not PY.exists():
        say(f"creating the environment {VENV}")
        venv.create(VENV, with_pip=True)
    if STAMP.exists() and STAMP.read_text() == install_key() and (BIN/'nbdev_test').exists(): return
    say("installing course_dl and its dev requirements into .venv (first time: a few minutes, ~6 GB for torch)")
    run(PY, '-m', 'pip', 'install', '--disable-pip-version-check', '-e', f'{ROOT}[dev]')
    STAMP.write_text(install_key())

def ensure_chromium():
    "Install Debian's chromium for the browser tests when missing and possible; else say loudly that they skip."
    if CHROMIUM.exists(): return True
    if shutil.which('apt-get') and hasattr(os, 'geteuid') and os.geteuid() == 0:
        say("installing chromium and chromium-driver with apt-get (for tests/test_browser.py)")
        run('apt-get', 'update', '-q')
        env = {**os.environ, 'DEBIAN_FRONTEND': 'noninteractive'}
        run('apt-get', 'install', '-y', '-q', 'chromium', 'chromium-driver', env=env)
        return CHROMIUM.exists()
    print("\n" + "!"*100 + f"\nWARNING: {CHROMIUM} is missing and apt-get cannot run here (not root, or no apt-get).\n"
          "The browser tests in tests/test_browser.py will SKIP. Install chromium to run them.\n" + "!"*100, flush=True)
    return False

# --- the sync check ----------------------------------------------------------------------------------------
def _tree(d):
    "Files under `d` that nbdev writes or reads, relative to `d`."
    skip = {'__pycache__', '.ipynb_checkpoints'}
    return {p.relative_to(d) for p in d.rglob('*') if p.is_file() and not (skip & set(p.parts))}

def check_sync():
    "Fail when `nbdev_export` or `nbdev_clean` would change a file. Runs on a copy: nothing here is modified."
    say("checking that course_dl/ is exported from the notebooks and the notebooks are clean")
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        shutil.copy2(ROOT/'settings.ini', tmp)
        for d in ('nbs', 'course_dl'):
            shutil.copytree(ROOT/d, tmp/d, ignore=shutil.ignore_patterns('__pycache__', '.ipynb_checkpoints'))
        for cmd, folder, fix in (('nbdev_export', 'course_dl', 'nbdev_export'), ('nbdev_clean', 'nbs', 'nbdev_clean')):
            run(BIN/cmd, cwd=tmp)
            before, after = _tree(ROOT/folder), _tree(tmp/folder)
            for rel in sorted(before | after):
                a, b = ROOT/folder/rel, tmp/folder/rel
                if rel not in after: problems.append(f"{folder}/{rel} is not produced by any notebook (stale? run {fix})")
                elif rel not in before: problems.append(f"{folder}/{rel} would be created by {cmd}: run {fix} and commit it")
                elif not filecmp.cmp(a, b, shallow=False):
                    diff = difflib.unified_diff(a.read_text().splitlines(), b.read_text().splitlines(),
                                                f'{folder}/{rel} (now)', f'{folder}/{rel} (after {cmd})', lineterm='', n=1)
                    problems.append(f"{folder}/{rel} would be changed by {cmd}: run {fix} and commit it\n"
                                    + '\n'.join(list(diff)[:20]))
    if problems: fail("notebooks and course_dl/ are out of sync:\n- " + '\n- '.join(problems)
                      + "\nEdit the notebooks (never course_dl/*.py by hand), then run nbdev_export and nbdev_clean.")
    print("in sync and clean")

# --- stages ------------------------------------------------------------------------------------------------
def docs(*args):
    "Test every notebook once with nbdev's test_nb (cells flagged `slow` and `eval: false` skipped), keeping the"
    " executed notebooks as the docs pages, then build the site (tools/docs.py)."
    say("notebooks: nbdev's test of every notebook, executed once; the executed notebooks become the docs site")
    # two workers share the two cores; one torch thread each avoids oversubscription
    n = os.environ.get('COURSE_DL_TEST_WORKERS', '2')
    run(PY, ROOT/'tools'/'docs.py', '--workers', n, *args)

def readme(): run(PY, ROOT/'tools'/'docs.py', '--readme')

BROWSER_TESTS = 'tests/test_browser.py'

def pytest():
    """Run pytest, streaming its output; returns (exit code, a summary line like pytest's). Two pytest processes run
    side by side: the browser tests (JupyterLab and Chromium, whose tabs mostly wait on page loads and kernels) and
    all the others, which use the core the browser leaves idle; their lines are prefixed. COURSE_DL_PYTEST_SERIAL=1
    runs one pytest over tests/ instead."""
    import threading
    say("pytest tests/ (unit and property tests; the docs site and Run All of every lesson in JupyterLab, in headless Chromium)")
    base = [str(PY), '-m', 'pytest', '-ra', '-q']
    if os.environ.get('COURSE_DL_PYTEST_SERIAL') == '1' or not (ROOT/BROWSER_TESTS).exists(): parts = {'': ['tests']}
    else: parts = {'browser': [BROWSER_TESTS], 'unit': ['tests', f'--ignore={BROWSER_TESTS}']}
    t0, lock, procs, last = time.time(), threading.Lock(), {}, {}
    for name, args in parts.items():
        print('+', ' '.join(base + args), flush=True)
        procs[name] = subprocess.Popen(base + args, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT, text=True)
    def pump(name, p):
        for line in p.stdout:
            with lock:
                sys.stdout.write(f"[{name}] {line}" if name else line); sys.stdout.flush()
            if line.strip(): last[name] = line.strip()
    threads = [threading.Thread(target=pump, args=kv) for kv in procs.items()]
    for t in threads: t.start()
    for t in threads: t.join()
    rcs = [p.wait() for p in procs.values()]
    if len(procs) == 1: return rcs[0], last.get('', '')
    bad = [r for r in rcs if r not in (0, 5)]
    return (5 if all(r == 5 for r in rcs) else bad[0] if bad else 0), combine_summaries(last.values(), time.time() - t0)

WORDS = ('failed', 'errors', 'passed', 'skipped', 'deselected', 'xfailed', 'xpassed', 'warnings')

def combine_summaries(lines, secs:float)->str:
    "One line like pytest's last from the last lines of several pytest runs: their counts added, `secs` of wall time."
    import re
    counts = dict.fromkeys(WORDS, 0)
    for line in lines:   # e.g. "=== 2 failed, 1261 passed, 1 error, 7 warnings in 50.41s ==="
        for n, what in re.findall(r'(\d+) (failed|errors?|passed|skipped|deselected|xfailed|xpassed|warnings?)\b', line):
            counts[{'error': 'errors', 'warning': 'warnings'}.get(what, what)] += int(n)
    return ', '.join(f"{n} {w}" for w, n in counts.items() if n) + f" in {secs:.2f}s (browser and unit tests side by side)"

def summary(times:dict, pytest_line:str):
    "Wall time per stage, the five slowest notebooks and the pytest count (from tools/docs.py's report)."
    import json, re
    rep = json.loads(REPORT.read_text()) if REPORT.exists() else {}
    rows = dict(times)
    if 'notebooks + docs' in rows and rep:  # split the docs script's time into its two halves
        rows.pop('notebooks + docs')
        rows = {**{k: v for k, v in rows.items() if k != 'pytest'}, "notebooks (nbdev test_nb)": rep['test_s'],
                'docs site': rep['site_s'], 'pytest': times.get('pytest', 0)}
    print("\n" + "="*72 + "\nSUMMARY of `python3 tools/dev.py test`\n" + "-"*72)
    for k, v in rows.items(): print(f"  {k:<32} {v:7.0f} s")
    print(f"  {'total':<32} {sum(times.values()):7.0f} s")
    nbs = sorted(((s, n) for n, (how, s) in rep.get('notebooks', {}).items() if how == 'executed'), reverse=True)
    if nbs: print("  five slowest notebooks: " + ', '.join(f"{n} {s:.0f}s" for s, n in nbs[:5]))
    cached = [n for n, (how, _) in rep.get('notebooks', {}).items() if how != 'executed']
    if cached: print(f"  {len(cached)} notebook(s) unchanged since they last passed, not run again (COURSE_DL_FRESH=1 runs all)")
    lab = json.loads(LAB_TIMES.read_text()) if LAB_TIMES.exists() else {}
    slow = sorted(((v, n) for n, v in lab.items() if isinstance(v, (int, float))), reverse=True)
    if slow: print("  five slowest Run Alls in JupyterLab: " + ', '.join(f"{n} {v:.0f}s" for v, n in slow[:5]))
    again = [n for n, v in lab.items() if v == 'passed before, not run again']
    if again: print(f"  {len(again)} lesson(s) passed Run All before with the same code, not run again (COURSE_DL_FRESH=1 runs all)")
    m = re.search(r'(\d+) passed', pytest_line)
    print(f"  pytest: {m[1] if m else 0} tests passed" + "\n" + "="*72)
    print(pytest_line, flush=True)  # pytest's own summary stays the last line

# JupyterLab's first-run prompts, answered once for every student: no "receive official Jupyter news?" toast,
# no update checks (there is no internet to check with anyway)
LAB_OVERRIDES = {'@jupyterlab/apputils-extension:notification': {'fetchNews': 'false', 'checkForUpdates': False}}

def lab_settings():
    "Write JupyterLab's application-level settings overrides into the environment (.venv/share/jupyter/lab/settings)."
    import json
    d = VENV/'share'/'jupyter'/'lab'/'settings'
    d.mkdir(parents=True, exist_ok=True)
    (d/'overrides.json').write_text(json.dumps(LAB_OVERRIDES, indent=1) + '\n')

def lab():
    ensure_env()
    lab_settings()
    say("opening the lessons in JupyterLab (Ctrl-C to stop)")
    port = os.environ.get('COURSE_DL_LAB_PORT', '8888')
    root = ['--allow-root'] if hasattr(os, 'geteuid') and os.geteuid() == 0 else []  # CI and containers run as root
    os.execv(str(BIN/'jupyter'), [str(BIN/'jupyter'), 'lab', '--ip=127.0.0.1', f'--port={port}', *root,
                                  f'--ServerApp.root_dir={ROOT/"nbs"}', *sys.argv[2:]])

def test():
    t0, times = time.time(), {}
    for f in (REPORT, LAB_TIMES): f.unlink(missing_ok=True)  # the summary reports this run only
    def stage(name, f):
        s = time.time(); r = f(); times[name] = time.time() - s; return r
    stage('environment', ensure_env)
    stage('chromium', ensure_chromium)
    stage('sync check', check_sync)
    stage('notebooks + docs', docs)
    say("passed so far: " + ', '.join(f"{k} {v:.0f}s" for k, v in times.items()) + f"; {time.time()-t0:.0f}s in all")
    rc, last = stage('pytest', pytest)
    if rc == 5: fail("pytest collected no tests: tests/ must not be empty")
    summary(times, last)  # ends with pytest's own summary line
    if rc: sys.exit(rc)

def main():
    cmds = dict(lab=lab, test=test, docs=lambda: (ensure_env(), docs(*sys.argv[2:])), readme=lambda: (ensure_env(), readme()),
                check=lambda: (ensure_env(), check_sync()))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('command', choices=cmds)
    args, _ = p.parse_known_args()
    cmds[args.command]()

if __name__ == '__main__': main()
