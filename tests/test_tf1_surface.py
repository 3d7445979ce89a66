"""The TF1 surface a module swap needs, against TF 2.21: the collection
functions, ``tf.compat.v1.Variable``, the global step (``ps.train``), and what
TF1 code reads off a variable (TensorShape, DType, dtype names).

Recorded cases (tests/data/tf_surface.json, made by tools/record_tf_surface.py)
replay TF's own behaviour on both backends; the tests after them check that
the TF objects stay what NumPy users had: tuples and NumPy dtypes.
"""
import importlib.util
import json
import os
import pickle
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, strategies as st

HERE = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.path.join(HERE, os.pardir, "tools")
with open(os.path.join(HERE, "data", "tf_surface.json")) as _f:
    RECORDED = json.load(_f)


def _load(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(TOOLS, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # numpy only: TF is imported lazily there
    return module


_recorder = _load("record_tf_surface")
_shared = _recorder._shared


def run_recorded(ps, name):
    helpers = {
        "v1": ps, "train": ps.train, "TensorShape": ps.TensorShape,
        "Dimension": ps.Dimension, "sig": _recorder.signature_of,
        "sess_value": lambda v: _shared.json_safe(np.asarray(v.numpy()).tolist()),
        "keys": _recorder.creator_kwargs, "dt": ps.as_dtype,
        "val": lambda v: np.asarray(v.numpy()).tolist(),
        "op": lambda n: ps.get_default_graph().create_op_name(n),
        "is_partitioned": lambda v: isinstance(v, ps.PartitionedVariable),
    }
    return _shared.run_case(RECORDED[name]["code"], helpers)


def test_recorder_and_data_agree():
    assert set(RECORDED) == set(_recorder.CASES)
    for name, code in _recorder.CASES.items():
        assert RECORDED[name]["code"] == code, name


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_recorded_tf_behaviour(ps, name):
    if "bfloat16" in RECORDED[name]["code"]:
        pytest.importorskip("ml_dtypes")
    assert run_recorded(ps, name) == RECORDED[name]["records"]
