"""Replay the recorded TF 2.21 conformance traces against pyscope.

The ``ps`` fixture (tests/conftest.py) yields the pyscope module with a
backend selected. Each test replays a whole set of programs in one go (no
per-program items) and fails with a report of the first mismatches.
"""

import os
import sys

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


def _check(request, ps, programs, label):
    assert programs, "no programs selected for %s" % label
    n, failing, text = R.run_programs(programs, ps)
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
    _check(request, ps, _programs("traces_advanced.jsonl"), "traces_advanced.jsonl")
