"Property tests for course_dl.matmul: every rung equals torch's @ on random shapes and rejects bad ones."
import pytest
import torch
from hypothesis import given, settings, strategies as st

from course_dl.matmul import check_matmul, matmul_rungs, matmul_table, num_threads, time_fn, time_interleaved

dims = st.integers(min_value=1, max_value=6)
rungs = pytest.mark.parametrize('name', list(matmul_rungs))


@rungs
@settings(deadline=None, max_examples=25, derandomize=True)
@given(m=dims, k=dims, n=dims, seed=st.integers(0, 2**31 - 1))
def test_rung_equals_torch(name, m, k, n, seed):
    g = torch.Generator().manual_seed(seed)
    a = torch.randn(m, k, generator=g, dtype=torch.float64)
    b = torch.randn(k, n, generator=g, dtype=torch.float64)
    got = matmul_rungs[name](a, b)
    assert got.shape == (m, n) and got.dtype == torch.float64
    torch.testing.assert_close(got, a @ b, rtol=1e-12, atol=1e-12)


@rungs
@settings(deadline=None, max_examples=15, derandomize=True)
@given(m=dims, k=dims, n=dims, seed=st.integers(0, 2**31 - 1))
def test_rung_exact_on_integers(name, m, k, n, seed):
    g = torch.Generator().manual_seed(seed)
    a, b = torch.randint(-50, 50, (m, k), generator=g), torch.randint(-50, 50, (k, n), generator=g)
    assert torch.equal(matmul_rungs[name](a, b), a @ b)


@rungs
@settings(deadline=None, max_examples=15, derandomize=True)
@given(m=dims, k=dims, k2=dims, n=dims)
def test_rung_rejects_mismatched_shapes(name, m, k, k2, n):
    if k == k2: k2 += 1
    with pytest.raises(ValueError, match=rf"\({m}, {k}\) @ \({k2}, {n}\)"):
        matmul_rungs[name](torch.ones(m, k), torch.ones(k2, n))


@rungs
def test_rung_rejects_vectors(name):
    with pytest.raises(ValueError, match=r"\(3,\) and \(3, 2\)"):
        matmul_rungs[name](torch.ones(3), torch.ones(3, 2))


def test_check_matmul_accepts_lists():
    a, b = check_matmul([[1., 2.]], [[3.], [4.]])
    assert isinstance(a, torch.Tensor) and a.shape == (1, 2) and b.shape == (2, 1)


def test_num_threads_restores():
    "Change the state first: under OMP_NUM_THREADS=1 a restore to 1 would pass even if num_threads never restored."
    saved = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        with pytest.raises(RuntimeError):
            with num_threads(1):
                assert torch.get_num_threads() == 1
                raise RuntimeError
        assert torch.get_num_threads() == 2
        with num_threads(3): assert torch.get_num_threads() == 3
        assert torch.get_num_threads() == 2
    finally: torch.set_num_threads(saved)

@pytest.mark.parametrize('n,exc', [(0, ValueError), (2.5, TypeError), (None, TypeError)])
def test_num_threads_refuses_bad_counts(n, exc):
    before = torch.get_num_threads()
    with pytest.raises(exc, match='num_threads: n'):
        with num_threads(n): pass
    assert torch.get_num_threads() == before


def test_time_fn_one_call_at_zero_budget():
    calls = []
    assert time_fn(calls.append, 0, budget=0.) >= 0 and calls == [0]


def test_matmul_table_columns():
    df = matmul_table(matmul_rungs, {'p': ((2, 3, 4), list(matmul_rungs))}, budget=0.)
    assert len(df) == len(matmul_rungs)
    assert list(df.rung) == list(matmul_rungs)
    assert df.speedup.iloc[0] == pytest.approx(1.)
    assert df['% of torch @'].iloc[-1] == pytest.approx(100.)
    assert (df.gflops > 0).all()


def test_time_interleaved_alternates_and_respects_once():
    calls = []
    best = time_interleaved({'a': lambda: calls.append('a'), 'slow': lambda: calls.append('slow')},
                            budget=0., rounds=4, once=('slow',))
    assert calls == ['a', 'slow', 'a', 'a', 'a'] and set(best) == {'a', 'slow'}
