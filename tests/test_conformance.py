"""Replay the recorded TF 2.21 conformance traces against pyscope.

The ``ps`` fixture (tests/conftest.py) yields the pyscope module with a
backend selected. Each test replays a whole set of programs in one go (no
per-program items) and fails with a report of the first mismatches.
"""

import os
import sys
import warnings

import pytest

_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "conformance")
if _DIR not in sys.path:
    sys.path.insert(0, _DIR)

# Imported as the top-level module ``replay`` (as tests/conftest.py does), so
# that the counts noted here are the ones its terminal summary prints.
import replay as R  # noqa: E402

_CACHE = {}


def _programs(filename):
    if filename not in _CACHE:
        _CACHE[filename] = R.load_programs(os.path.join(_DIR, filename))
    return _CACHE[filename]


def _is_zero_padding_warning(caught):
    """pyscope's deliberate difference (README): a value initializer smaller
    than its partitioned variable is padded with zeros and warns, where TF
    builds the graph and fails only when a session runs the initializer."""
    return (issubclass(caught.category, RuntimeWarning)
            and "is smaller than its shape" in str(caught.message)
            and "TensorFlow builds" in str(caught.message))


def _check(request, ps, programs, label, padded=False):
    """Replay ``programs``; ``padded``: some of them give a partitioned
    variable a too-small value, so the zero-padding warning must be issued
    (and no other warning, ever)."""
    assert programs, "no programs selected for %s" % label
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        n, failing, text = R.run_programs(programs, ps)
    unexpected = [w for w in caught if not _is_zero_padding_warning(w)]
    assert not unexpected, [str(w.message) for w in unexpected]
    assert padded == (len(caught) > 0), \
        "zero-padding warnings: %d, expected %s" % (len(caught), "some" if padded else "none")
    R.note_replayed("%s[%s]" % (label, request.node.callspec.id
                                if hasattr(request.node, "callspec") else "-"),
                    n, len(failing))
    if failing:
        pytest.fail(text, pytrace=False)


def test_conformance_naming_only(request, ps):
    programs = [p for p in _programs("traces.jsonl") if R.is_naming_only(p)]
    _check(request, ps, programs, "naming-only")


def test_conformance_traces(request, ps):
    _check(request, ps, _programs("traces.jsonl"), "traces.jsonl")


def test_conformance_traces_advanced(request, ps):
    _check(request, ps, _programs("traces_advanced.jsonl"), "traces_advanced.jsonl",
           padded=True)
