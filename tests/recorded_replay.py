"""The replay each recording of TF's layer libraries gets.

A recording is ``tests/data/tf_<stem>.json``, made by
``tools/record_tf_<stem>.py`` in the TensorFlow venv: cases of code run on
TF, with what TF gave.  Here the same code runs on pyscope, on both
backends: naming cases must give exactly TF's records, ``math_*`` cases
TF's values within 1e-5, and every case the recorder has must be recorded
and replayed."""
import contextlib
import importlib.util
import json
import math
import os
from typing import Any, Callable, Iterable, Tuple

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))


def load_recording(stem: str) -> Tuple[dict, Any]:
    """``tests/data/tf_<stem>.json`` and ``tools/record_tf_<stem>.py`` (numpy
    only: TF is imported lazily there)."""
    with open(os.path.join(HERE, "data", "tf_%s.json" % stem)) as f:
        recorded = json.load(f)
    spec = importlib.util.spec_from_file_location(
        "record_tf_" + stem, os.path.join(HERE, os.pardir, "tools", "record_tf_%s.py" % stem))
    recorder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(recorder)
    return recorded, recorder


def close(got: Any, want: Any, tol: float = 1e-5) -> bool:
    """Equal, floats within ``tol`` (relative to the value's size)."""
    if isinstance(want, float) and isinstance(got, (float, int)):
        return math.isclose(got, want, rel_tol=tol, abs_tol=tol)
    if isinstance(want, list) and isinstance(got, list):
        return len(got) == len(want) and all(close(a, b, tol) for a, b in zip(got, want))
    if isinstance(want, dict) and isinstance(got, dict):
        return got.keys() == want.keys() and all(close(got[k], want[k], tol) for k in want)
    return got == want


def replay_tests(recorded: dict, recorder: Any, run_recorded: Callable[[Any, str], Any],
                 elsewhere: Iterable[str] = (),
                 naming_context: Callable[[Any], Any] = lambda ps: contextlib.nullcontext()
                 ) -> Tuple[Callable[..., None], ...]:
    """The three tests of one recording, for a test module to bind:
    ``run_recorded(ps, case)`` runs a case on pyscope; cases whose names
    start with one of `elsewhere` are replayed by another module;
    ``naming_context(ps)`` is entered around each naming case."""
    elsewhere = tuple(elsewhere)
    naming = sorted(n for n in recorded if not n.startswith(("math_",) + elsewhere))
    maths = sorted(n for n in recorded if n.startswith("math_"))

    @pytest.mark.parametrize("name", naming)
    def test_recorded_tf_naming(ps: Any, name: str) -> None:
        with naming_context(ps):
            assert run_recorded(ps, name) == recorded[name]["records"]

    @pytest.mark.parametrize("name", maths)
    def test_numpy_reference_matches_tf(ps: Any, name: str) -> None:
        got = run_recorded(ps, name)
        assert close(got, recorded[name]["records"]), (got, recorded[name]["records"])

    def test_every_recorded_case_is_tested() -> None:
        replayed_elsewhere = {n for n in recorded if elsewhere and n.startswith(elsewhere)}
        assert (set(naming) | set(maths) | replayed_elsewhere
                == set(recorded) == set(recorder.CASES))

    return test_recorded_tf_naming, test_numpy_reference_matches_tf, test_every_recorded_case_is_tested
