"""Benchmarks run on both backends (the same `backend` fixture idea as
tests/conftest.py).  Run: `python -m pytest bench/` (not part of the test
suite: timings belong here, not in tests)."""
import pytest

import pyscope
from pyscope import _backend


@pytest.fixture(params=["c", "python"])
def ps(request):
    if request.param not in _backend.available():
        pytest.skip(f"backend {request.param!r} not built")
    previous = _backend.use(request.param)
    pyscope.reset_default_graph()
    yield pyscope
    pyscope.reset_default_graph()
    _backend.use(previous)
