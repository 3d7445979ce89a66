"""Every test runs on both backends: the C core and its pure-Python twin.

The `ps` fixture (autouse through `backend`) selects the backend for graphs
created during the test and gives each test a fresh default graph, the way
markupsafe's conftest runs each test on its speedups and its native code."""
import os
import sys

import pytest

import pyscope
from pyscope import _backend

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "conformance"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

BACKENDS = ["c", "python"]


PURE_ONLY = os.environ.get("PYSCOPE_PURE", "") not in ("", "0")


def _require(name):
    if name == "c" and PURE_ONLY:
        # the whole stack is the twin's (the fallback configuration)
        pytest.skip("PYSCOPE_PURE is set: the C core is not under test")
    if name not in _backend.available():
        pytest.fail(
            "the C core (pyscope._core) is not built: install with "
            "`pip install .` (set PYSCOPE_PURE=1 to test only the twin)")


@pytest.fixture(params=BACKENDS, autouse=True)
def backend(request):
    name = request.param
    _require(name)
    previous = _backend.use(name)
    pyscope.reset_default_graph()
    yield name
    pyscope.reset_default_graph()
    _backend.use(previous)


@pytest.fixture
def ps(backend):
    """The pyscope module, on the backend of this test's parameter."""
    return pyscope


def pytest_terminal_summary(terminalreporter):
    try:
        import replay
    except ImportError:
        return
    lines = getattr(replay, "terminal_summary_lines", lambda: [])()
    if lines:
        terminalreporter.section("conformance")
        for line in lines:
            terminalreporter.write_line(line)
