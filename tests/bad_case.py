"The row of the bad-input table (tests/test_bad_input.py): one call a student might make, and what must happen."
import atexit, shutil, tempfile
from pathlib import Path
from typing import Callable, NamedTuple

# the folders and files the rows make live in one temporary folder, removed when the test run ends
TMP_ROOT = Path(tempfile.mkdtemp(prefix='course_dl_bad_input_'))
atexit.register(shutil.rmtree, TMP_ROOT, ignore_errors=True)

def tmp_dir()->Path:
    "A new empty folder for one row, under TMP_ROOT."
    return Path(tempfile.mkdtemp(dir=TMP_ROOT))

class Case(NamedTuple):
    id: str                 # 'bbox.hw_bb uint8 wraps'  (module.function what)
    module: str             # 'bbox'
    call: Callable          # lambda: hw_bb(np.array([250, 250, 10, 10], np.uint8))
    exc: type | None        # ValueError / TypeError ...; None when the documented meaning is a value
    match: tuple = ()       # substrings the message must contain: at least the ARGUMENT NAME, e.g. ('b', 'uint8')
    value: object = None    # when exc is None: the documented result (compared with numpy/torch allclose or ==)
    why: str = ''           # when exc is None: where that meaning is documented
