"""pyscope.layers against tf.compat.v1.layers (tf-keras 2.21, graph mode).

Every case in tests/data/tf_layers.json (made by tools/record_tf_layers.py)
replays here on both backends: variables (name, shape, dtype, trainable,
every collection, creation order), ``layer.name``, ``scope_name``, the op
names of each layer's outputs and where the next op would go, what custom
getters and creators receive, and the errors TF raises.  ``math_*`` cases
compare the NumPy reference with TF's outputs for the same weights.
"""
import importlib.util
import json
import math
import os
import types

import numpy as np
import pytest

import pyscope.layers
import pyscope.nn
from pyscope.tensor_spec import TensorSpec

HERE = os.path.dirname(os.path.abspath(__file__))


def load_recording(stem):
    """``tests/data/tf_<stem>.json`` and ``tools/record_tf_<stem>.py`` (numpy
    only: TF is imported lazily there)."""
    with open(os.path.join(HERE, "data", "tf_%s.json" % stem)) as f:
        recorded = json.load(f)
    spec = importlib.util.spec_from_file_location(
        "record_tf_" + stem, os.path.join(HERE, os.pardir, "tools", "record_tf_%s.py" % stem))
    recorder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(recorder)
    return recorded, recorder


RECORDED, _recorder = load_recording("layers")


def _v1(ps):
    """pyscope as the cases use ``tf.compat.v1`` (with the collection
    shortcuts the cases read, whether or not the package has them yet)."""
    g = ps.get_default_graph
    extra = {
        "global_variables": lambda: g().get_collection(ps.GraphKeys.GLOBAL_VARIABLES),
        "local_variables": lambda: g().get_collection(ps.GraphKeys.LOCAL_VARIABLES),
    }
    names = {n: getattr(ps, n) for n in dir(ps) if not n.startswith("__")}
    return types.SimpleNamespace(**{**extra, **names, "layers": pyscope.layers})


def run_recorded(ps, name):
    def setw(layer):
        for i, w in enumerate(layer.weights):
            w.assign(_recorder.weight_value(i, list(w.shape)).astype(np.dtype(w.dtype)))

    helpers = {
        "v1": _v1(ps), "L": pyscope.layers, "nn": pyscope.nn, "npdt": np.dtype,
        "spec": lambda shape, dtype="float32": TensorSpec(shape, dtype),
        "out": lambda y: [y.name, list(y.shape), np.dtype(y.dtype).name],
        "op": lambda n: ps.get_default_graph().create_op_name(n),
        "val": lambda v: np.asarray(v.numpy()).tolist(),
        "setw": setw,
        "run": lambda layer, x, value, **kwargs: layer.call(value, **kwargs),
        "assign_abs": lambda v: v.assign(np.abs(np.asarray(v.numpy())) + 0.5),
        "reg": lambda tag: (lambda v: ps.create_op_name(tag)),
        "inputs": _recorder.inputs,
    }
    return _recorder.run_case(RECORDED[name]["code"], helpers)


def close(got, want, tol=1e-5):
    """Equal, floats within ``tol`` (relative to the value's size)."""
    if isinstance(want, float) and isinstance(got, (float, int)):
        return math.isclose(got, want, rel_tol=tol, abs_tol=tol)
    if isinstance(want, list) and isinstance(got, list):
        return len(got) == len(want) and all(close(a, b, tol) for a, b in zip(got, want))
    if isinstance(want, dict) and isinstance(got, dict):
        return got.keys() == want.keys() and all(close(got[k], want[k], tol) for k in want)
    return got == want


NAMING_CASES = sorted(n for n in RECORDED if not n.startswith("math_"))
MATH_CASES = sorted(n for n in RECORDED if n.startswith("math_"))


@pytest.mark.parametrize("name", NAMING_CASES)
def test_recorded_tf_naming(ps, name):
    assert run_recorded(ps, name) == RECORDED[name]["records"]


@pytest.mark.parametrize("name", MATH_CASES)
def test_numpy_reference_matches_tf(ps, name):
    got = run_recorded(ps, name)
    assert close(got, RECORDED[name]["records"]), (got, RECORDED[name]["records"])


def test_call_touches_no_scope(ps):
    layer = pyscope.layers.Dense(3, activation=pyscope.nn.relu)
    layer(TensorSpec([None, 4]))
    g = ps.get_default_graph()
    before = g.unique_name("dense/MatMul", mark_as_used=False)
    out = layer.call(np.ones((2, 4), np.float32))
    assert out.shape == (2, 3)
    assert g.unique_name("dense/MatMul", mark_as_used=False) == before


def test_spec_chain_names_a_model_from_shapes(ps):
    x = TensorSpec([None, 8])
    for units in (16, 16, 4):
        x = pyscope.layers.dense(x, units, activation=pyscope.nn.tanh)
    assert x == TensorSpec((None, 4), "float32", name="dense_2/Tanh")
    names = [v.op_name for v in ps.get_collection(ps.GraphKeys.GLOBAL_VARIABLES)]
    assert names == ["dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias",
                     "dense_2/kernel", "dense_2/bias"]


def test_spec_shapes_are_tensor_shapes_as_tf1_code_reads_them(ps):
    from pyscope.tensor_shape import TensorShape
    y = pyscope.layers.dense(TensorSpec([None, 8]), 3)
    for shape in (y.shape, y.get_shape()):  # BERT's get_shape_list reads as_list()
        assert isinstance(shape, TensorShape) and shape.as_list() == [None, 3]
        assert shape == (None, 3) and hash(shape) == hash((None, 3)) and shape.ndims == 2
    assert TensorSpec(None).shape is None  # unknown rank


def test_registered_math_computes_for_its_type(ps):
    class Boxed:
        def __init__(self, array):
            self.array, self.shape, self.dtype = array, array.shape, array.dtype

    class BoxedMath(pyscope.layers.NumpyMath):
        def dense(self, inputs, kernel, bias):
            return Boxed(super().dense(inputs.array, kernel, bias))

    pyscope.layers.register_math(Boxed, BoxedMath())
    try:
        out = pyscope.layers.dense(Boxed(np.ones((2, 4), np.float32)), 3)
    finally:
        pyscope.layers.numerics._MATHS.pop(Boxed)
    assert isinstance(out, Boxed) and out.shape == (2, 3)


def test_every_recorded_case_is_tested():
    assert set(NAMING_CASES) | set(MATH_CASES) == set(RECORDED)
    assert set(RECORDED) == set(_recorder.CASES)
