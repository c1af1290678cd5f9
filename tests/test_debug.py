"""Tests for course_dl.debug (lesson nbs/04_pdb.ipynb): scripted pdb sessions.

Expected line numbers are computed from the source with inspect.getsourcelines, never typed in. The functions
being debugged live in this file, so pdb's location lines read `> .../tests/test_debug.py(N)name()`.
"""
import bdb, inspect, json, pdb, subprocess, sys, textwrap
from pathlib import Path
import pytest
from hypothesis import given, settings, strategies as st
from course_dl.debug import pdb_walk, post_mortem_walk, PdbTranscript

ROOT = Path(__file__).resolve().parent.parent
HERE = __file__

def line(fn, k=0):
    "Line number of the k-th line after `fn`'s `def`."
    return inspect.getsourcelines(fn)[1] + k

def loc(fn, k=0):
    "pdb's location line for `fn` stopped k lines after its `def`."
    return f"> {fn.__code__.co_filename}({line(fn, k)}){fn.__name__}()"

# ---- functions to debug ----------------------------------------------------------------------------------------------
def scale(v, k):
    w = v * k
    return w

def outer(x):
    y = x + 1
    z = scale(y, 10)
    return z - 1

def with_breakpoint(n):
    tot = 0
    for i in range(n):
        breakpoint()
        tot += i
    return tot

def with_set_trace(x):
    y = x * 2
    pdb.set_trace()
    return y + 1

def chatty(x):
    print("before", x)
    y = x + 1
    print("after", y)
    return y

def fails(x):
    y = scale(x, 2)
    return [0, 1][y]

def five_steps(a):
    b = a + 1
    c = b * 2
    d = c - 3
    e = d * d
    return e

# ---- pdb_walk ------------------------------------------------------------------------------------------------------
def test_starts_at_first_line_with_line_numbers():
    t = pdb_walk(outer, 3, cmds=['p x', 'n', 'p y'])
    assert isinstance(t, PdbTranscript)
    assert t.stops[:2] == [('outer', line(outer, 1)), ('outer', line(outer, 2))]
    assert t.lines[:4] == [loc(outer, 1), '-> y = x + 1', '(Pdb) p x', '3']
    assert f"(Pdb) n\n{loc(outer, 2)}\n-> z = scale(y, 10)\n(Pdb) p y\n4\n" in t.text
    assert t.result == 39 and t.exception is None and not t.quit
    assert t.lines[-1] == '[outer returned 39]'

def test_step_into_shows_callee():
    t = pdb_walk(outer, 3, cmds=['n', 's', 'n', 'p v, k, locals()'])
    assert f"(Pdb) s\n--Call--\n{loc(scale, 0)}\n-> def scale(v, k):\n" in t.text
    assert f"(Pdb) n\n{loc(scale, 1)}\n-> w = v * k\n(Pdb) p v, k, locals()\n(4, 10, {{'v': 4, 'k': 10}})\n" in t.text
    assert t.stops[2:] == [('scale', line(scale, 0)), ('scale', line(scale, 1))]

def test_up_down_move_between_frames():
    t = pdb_walk(outer, 3, cmds=['n', 's', 'n', 'n', 'u', 'p y', 'u', 'd', 'p w', 'd'])
    text = t.text
    assert f"(Pdb) u\n{loc(outer, 2)}\n-> z = scale(y, 10)\n(Pdb) p y\n4\n" in text
    assert "(Pdb) u\n*** Oldest frame\n" in text        # nothing above outer: the runner's frames are hidden
    assert f"(Pdb) d\n{loc(scale, 2)}\n-> return w\n(Pdb) p w\n40\n" in text
    assert "(Pdb) d\n*** Newest frame\n" in text

def test_where_lists_student_frames_only():
    t = pdb_walk(outer, 3, cmds=['n', 's', 'w'])
    i = t.lines.index('(Pdb) w')
    where = t.lines[i+1:]
    assert where[:4] == [f"  {HERE}({line(outer, 2)})outer()", '-> z = scale(y, 10)',
                         f"> {HERE}({line(scale, 0)})scale()", '-> def scale(v, k):']
    assert where[4].startswith('(Pdb) c  # end of script')
    assert not any(s in t.text for s in ('_pytest', 'pluggy', 'course_dl/debug.py', 'bdb.py', 'site-packages'))

def test_breakpoint_stops_the_same_session():
    t = pdb_walk(with_breakpoint, 3, cmds=['c', 'p i, tot', 'c', 'p i, tot', 'w'])
    after = loc(with_breakpoint, 4)               # breakpoint() 3 lines below the def: pdb stops at the next line
    assert t.stops == [('with_breakpoint', line(with_breakpoint, 1))] + [('with_breakpoint', line(with_breakpoint, 4))]*2
    assert f"(Pdb) c\n{after}\n-> tot += i\n(Pdb) p i, tot\n(0, 0)\n(Pdb) c\n{after}\n-> tot += i\n(Pdb) p i, tot\n(1, 0)\n" in t.text
    i = t.lines.index('(Pdb) w')                  # the hook's frames are not on the stack
    assert t.lines[i+1:i+3] == [after, '-> tot += i'] and t.lines[i+3].startswith('(Pdb) c  #')
    assert t.result == 3                          # script ran out: the other breakpoint() calls are skipped

def test_pdb_set_trace_stops_the_same_session():
    t = pdb_walk(with_set_trace, 5, cmds=['c', 'p y'])
    assert t.stops == [('with_set_trace', line(with_set_trace, 1)), ('with_set_trace', line(with_set_trace, 3))]
    assert f"(Pdb) c\n{loc(with_set_trace, 3)}\n-> return y + 1\n(Pdb) p y\n10\n" in t.text
    assert t.result == 11

def test_never_stops_in_the_helpers():
    t = pdb_walk(with_set_trace, 5, cmds=['n', 's', 'n', 'n', 'n', 'p 1'])   # s into pdb.set_trace() itself
    wst = lambda k: ('with_set_trace', line(with_set_trace, k))
    assert t.stops == [wst(1), wst(2), wst(3), wst(3)]      # the hook is skipped; then --Return--
    assert f"(Pdb) s\n{loc(with_set_trace, 3)}\n-> return y + 1\n(Pdb) n\n--Return--\n" in t.text
    assert 'hook' not in t.text and 'course_dl' not in t.text
    assert t.lines[-2:] == ['[session ended before the script: 2 command(s) not run: n, p 1]', '[with_set_trace returned 11]']

def test_quit_ends_cleanly():
    t = pdb_walk(outer, 3, cmds='n\nq')           # no BdbQuit escapes
    assert (t.quit, t.result, t.exception) == (True, None, None)
    assert t.lines[-2:] == ['(Pdb) q', '[session quit with q: outer did not finish]']
    assert sys.gettrace() is None
    t = pdb_walk(with_breakpoint, 100, cmds=['c', 'q'])
    assert t.quit and t.stops[-1] == ('with_breakpoint', line(with_breakpoint, 4))
    assert outer(3) == 39                         # the debugger is gone: plain calls are untouched

@pytest.mark.parametrize('cmds', [[], '', '\n  \n'])
def test_empty_script_runs_to_the_end(cmds):
    t = pdb_walk(outer, 3, cmds=cmds)
    assert t.result == 39 and not t.quit
    assert t.lines == [loc(outer, 1), '-> y = x + 1', '(Pdb) c  # end of script: continue to the end',
                       '[outer returned 39]']

def test_kwargs_and_printed_output_in_order():
    t = pdb_walk(chatty, x=1, cmds=['n', 'n', 'p y'])
    text = t.text
    assert text.index('before 1') < text.index('(Pdb) p y\n2\n') < text.index('after 2') < text.index('[chatty returned 2]')
    assert t.result == 2

def test_exception_in_fn_is_reported():
    t = pdb_walk(fails, 3, cmds=['n', 'n'])
    assert isinstance(t.exception, IndexError) and t.result is None
    assert f"(Pdb) n\nIndexError: list index out of range\n{loc(fails, 2)}\n" in t.text
    assert t.lines[-1] == '[fails raised IndexError: list index out of range]'

def test_breakpoint_commands_and_numbering_isolated():
    before = (bdb.Breakpoint.next, dict(bdb.Breakpoint.bplist), list(bdb.Breakpoint.bpbynumber))
    for _ in range(2):                            # numbering starts at 1 in every walk
        t = pdb_walk(five_steps, 1, cmds=[f'b {line(five_steps, 4)}', 'c', 'p c, d'])
        assert f"Breakpoint 1 at {HERE}:{line(five_steps, 4)}\n(Pdb) c\n{loc(five_steps, 4)}\n" in t.text
        assert '(Pdb) p c, d\n(4, 1)\n' in t.text and t.result == 1
    assert (bdb.Breakpoint.next, dict(bdb.Breakpoint.bplist), list(bdb.Breakpoint.bpbynumber)) == before

def test_global_state_restored_even_after_errors():
    saved = sys.breakpointhook, pdb.set_trace, sys.stdout, sys.gettrace()
    pdb_walk(fails, 3, cmds=['c'])
    pdb_walk(with_breakpoint, 2, cmds=['c', 'q'])
    def interrupted():
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt): pdb_walk(interrupted, cmds=['n'])
    assert (sys.breakpointhook, pdb.set_trace, sys.stdout, sys.gettrace()) == saved

class _NoStdin:
    "Fails the test if anything reads the real stdin."
    def __getattr__(self, name): raise AssertionError(f"stdin.{name} used")

def test_never_reads_real_stdin(monkeypatch):
    monkeypatch.setattr(sys, 'stdin', _NoStdin())
    t = pdb_walk(with_breakpoint, 50, cmds=['n'])   # script runs out before any breakpoint() is reached
    assert t.result == sum(range(50))
    t = post_mortem_walk(fails, 3, cmds=[])
    assert isinstance(t.exception, IndexError)

def test_help_and_unavailable_commands():
    t = pdb_walk(outer, 3, cmds=['h', 'h n', 'interact', 'restart', 'h q'])
    assert 'Documented commands' in t.text and 'Undocumented' not in t.text
    assert '(Pdb) h n\nn(ext)\n' in t.text
    assert '*** interact needs a live terminal' in t.text and '*** restart is not available' in t.text
    assert 'Quit from the debugger' in t.text and t.result == 39

def test_script_running_out_inside_a_loop_never_hangs():
    t = pdb_walk(with_breakpoint, 10_000, cmds=['c'] * 3)
    assert t.result == sum(range(10_000)) and len(t.stops) == 4   # the first line, then 3 breakpoint() stops

@settings(deadline=None, max_examples=15, derandomize=True)
@given(st.integers(-1000, 1000), st.integers(0, 4))
def test_n_steps_one_line_at_a_time(a, k):
    t = pdb_walk(five_steps, a, cmds=['n'] * k + ['p locals()'])
    assert t.stops == [('five_steps', line(five_steps, 1 + j)) for j in range(k + 1)]
    names = 'abcde'[:k+1]
    b = a + 1; c = b * 2; d = c - 3; e = d * d
    vals = dict(a=a, b=b, c=c, d=d, e=e)
    assert f"(Pdb) p locals()\n{ {n: vals[n] for n in names} }\n" in t.text
    assert t.result == e

# ---- post_mortem_walk ----------------------------------------------------------------------------------------------
def test_post_mortem_names_exception_and_walks_the_traceback():
    t = post_mortem_walk(outer, 'x', cmds=['w', 'p v, k', 'u', 'p x', 'u', 'd', 'd'])
    assert isinstance(t.exception, TypeError) and t.result is None
    assert 'TypeError: can only concatenate str (not "int") to str' in t.text
    assert t.stops == [('outer', line(outer, 1))]   # raised in outer itself, before calling scale
    t = post_mortem_walk(lambda: outer(2.5) and scale(None, 1), cmds=['p v, k', 'u', 'u', 'd'])
    assert isinstance(t.exception, TypeError)
    assert t.stops == [('scale', line(scale, 1))]
    assert t.lines[0] == 'Traceback (most recent call last):' and 'course_dl/debug.py' not in t.text
    assert f'File "{HERE}", line {line(scale, 1)}, in scale' in t.text
    assert "(Pdb) p v, k\n(None, 1)\n" in t.text
    assert "(Pdb) u\n> " in t.text and "<lambda>()" in t.text
    assert "(Pdb) u\n*** Oldest frame\n" in t.text    # the lambda is the top: post_mortem_walk is hidden
    assert f"(Pdb) d\n{loc(scale, 1)}\n" in t.text
    assert t.lines[-2:] == ['(Pdb) q  # end of script: leave the debugger', '[post mortem of TypeError in <lambda>: done]']
    assert not t.quit

def test_post_mortem_deep_traceback_up_and_down():
    t = post_mortem_walk(fails, 3, cmds=['p y', 'w'])
    assert t.stops == [('fails', line(fails, 2))] and "(Pdb) p y\n6\n" in t.text
    t = post_mortem_walk(outer, None, cmds=['u'])
    assert t.stops == [('outer', line(outer, 1))] and '*** Oldest frame' in t.text

def test_post_mortem_without_exception():
    t = post_mortem_walk(outer, 3, cmds=['p x'])
    assert t.result == 39 and t.exception is None
    assert '(Pdb)' not in t.text and 'no exception, nothing to debug post mortem' in t.text
    t = post_mortem_walk(with_breakpoint, 4, cmds=['p i'])     # breakpoint() while running is skipped
    assert t.result == 6 and 'breakpoint() ignored' in t.text

def test_builtins_have_no_frames_to_show():
    t = pdb_walk(len, [1, 2], cmds=['n', 'p 1'])
    assert t.result == 2 and t.stops == [] and '(Pdb)' not in t.text and '2 command(s) not run' in t.text
    t = post_mortem_walk(int, 'x', cmds=['p 1'])
    assert isinstance(t.exception, ValueError) and t.stops == [] and '(Pdb)' not in t.text
    assert t.lines == ["[int raised ValueError: invalid literal for int() with base 10: 'x' without running any Python code to inspect]"]

def test_post_mortem_quit():
    t = post_mortem_walk(fails, 3, cmds=['q', 'p y'])
    assert t.quit and '(Pdb) p y' not in t.text and '1 command(s) not run: p y' in t.text

# ---- bad input -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize('walk', [pdb_walk, post_mortem_walk])
@pytest.mark.parametrize('cmds', [None, 3, b'n', ['n', 2], ('n', None), {'n'}])
def test_bad_cmds(walk, cmds):
    with pytest.raises(TypeError, match='cmds must be a str'): walk(outer, 3, cmds=cmds)

@pytest.mark.parametrize('walk', [pdb_walk, post_mortem_walk])
def test_bad_fn(walk):
    with pytest.raises(TypeError, match='expected a function to debug'): walk(outer(3), cmds=['n'])
    with pytest.raises(TypeError, match='expected a function to debug'): walk(None, cmds=[])

def test_bad_fn_names_the_function_and_argument():
    with pytest.raises(TypeError, match='pdb_walk: fn: expected a function'): pdb_walk(None, cmds=[])
    with pytest.raises(TypeError, match='post_mortem_walk: fn: expected a function'): post_mortem_walk(3, cmds=[])

def test_restores_a_non_default_state():
    "Restore check that first changes the state: a custom hook and set_trace must come back, not the defaults."
    def my_hook(*a, **k): raise AssertionError('my_hook called')
    def my_set_trace(*a, **k): raise AssertionError('my_set_trace called')
    old = sys.breakpointhook, pdb.set_trace
    sys.breakpointhook, pdb.set_trace = my_hook, my_set_trace
    try:
        t = pdb_walk(with_breakpoint, 2, cmds=['c'])
        assert t.exception is None and len(t.stops) == 2                        # our hook was NOT used inside the walk
        post_mortem_walk(fails, 3, cmds=['q'])
        assert sys.breakpointhook is my_hook and pdb.set_trace is my_set_trace   # the custom ones are back
        assert sys.breakpointhook is not sys.__breakpointhook__
    finally: sys.breakpointhook, pdb.set_trace = old

def test_multiline_list_item():
    with pytest.raises(ValueError, match='must be one line'): pdb_walk(outer, 3, cmds=['n\np x'])

def test_cmds_is_keyword_only():
    with pytest.raises(TypeError): pdb_walk(outer, 3)

# ---- notebook runners ----------------------------------------------------------------------------------------------
def test_cells_in_execnb_list_and_line_numbers():
    "Functions defined in notebook cells (execnb, as nbdev_test runs them) list their source with `l`."
    cell = textwrap.dedent('''
        from course_dl.debug import pdb_walk
        import inspect
        def helper(a):
            b = a * 3
            return b

        def main(x):
            y = helper(x)
            breakpoint()
            return y
        first = inspect.getsourcelines(main)[1]
        fname = main.__code__.co_filename
        t = pdb_walk(main, 2, cmds=['c', 'l', 'u', 'w'])
        ''')
    # run in a fresh process: CaptureShell registers itself as IPython's shell and switches matplotlib to inline
    code = textwrap.dedent('''
        import json, sys
        from execnb.shell import CaptureShell
        sh = CaptureShell()
        outs = sh.run(sys.stdin.read())
        errs = [o for o in outs if o.get('output_type') == 'error']
        ns = sh.user_ns
        print(json.dumps(dict(errs=repr(errs), text=ns['t'].text if 't' in ns else '', result=ns.get('t') and ns['t'].result,
                              first=ns.get('first'), fname=ns.get('fname'))))
        ''')
    r = subprocess.run([sys.executable, '-c', code], input=cell, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out['errs'] == '[]', out['errs']
    t, first, fname = PdbTranscript(out['text'], out['result']), out['first'], out['fname']
    assert fname.startswith('<') and 'execnb' not in t.text and 'IPython' not in t.text
    assert f"(Pdb) c\n> {fname}({first+3})main()\n-> return y\n(Pdb) l\n" in t.text
    assert f"{first+3:3d}  ->\t    return y" in t.text and f"{first+1:3d}  \t    y = helper(x)" in t.text
    assert "(Pdb) u\n*** Oldest frame\n" in t.text
    i = t.lines.index('(Pdb) w')
    assert t.lines[i+1:i+3] == [f"> {fname}({first+3})main()", "-> return y"]   # runner frames hidden
    assert t.result == 6

def test_stdlib_pdb_even_when_ipython_replaced_it():
    "ipykernel swaps pdb.Pdb for IPython's debugger; the walk still uses the standard one (prompt `(Pdb)`)."
    code = textwrap.dedent('''
        import pdb
        from IPython.core import debugger
        pdb.Pdb, pdb.set_trace = debugger.Pdb, debugger.set_trace
        from course_dl.debug import pdb_walk
        def f(x):
            breakpoint()
            return x + 1
        t = pdb_walk(f, 1, cmds=['c', 'p x'])
        assert '(Pdb) p x\\n1\\n' in t.text and 'ipdb' not in t.text, t.text
        assert pdb.set_trace is debugger.set_trace
        print('ok')
        ''')
    r = subprocess.run([sys.executable, '-c', code], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       timeout=120, cwd=ROOT)
    assert r.returncode == 0 and r.stdout.strip() == 'ok', r.stdout + r.stderr

def test_notebook_passes_with_stdin_closed():
    "The whole lesson runs under nbdev_test with stdin closed, as in CI."
    nbdev_test = Path(sys.executable).parent/'nbdev_test'
    r = subprocess.run([str(nbdev_test), '--path', 'nbs/04_pdb.ipynb'], cwd=ROOT, stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert 'Success' in r.stdout + r.stderr
