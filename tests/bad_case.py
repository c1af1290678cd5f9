"The row of the bad-input table (tests/test_bad_input.py): one call a student might make, and what must happen."
from typing import Callable, NamedTuple

class Case(NamedTuple):
    id: str                 # 'bbox.hw_bb uint8 wraps'  (module.function what)
    module: str             # 'bbox'
    call: Callable          # lambda: hw_bb(np.array([250, 250, 10, 10], np.uint8))
    exc: type | None        # ValueError / TypeError ...; None when the documented meaning is a value
    match: tuple = ()       # substrings the message must contain: at least the ARGUMENT NAME, e.g. ('b', 'uint8')
    value: object = None    # when exc is None: the documented result (compared with numpy/torch allclose or ==)
    why: str = ''           # when exc is None: where that meaning is documented
