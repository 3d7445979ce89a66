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


# -- still what NumPy users had: tuples and NumPy dtypes --------------------

DTYPE_NAMES = ["float16", "float32", "float64", "int8", "int16", "int32", "int64",
               "uint8", "uint16", "uint32", "uint64", "bool", "complex64",
               "complex128", "string"]


@pytest.mark.parametrize("name", DTYPE_NAMES)
def test_dtype_is_a_numpy_dtype_to_numpy(ps, name):
    d = ps.as_dtype(name)
    np_dtype = np.dtype(object if name == "string" else name)
    assert np.dtype(d) is np_dtype and d.dtype is np_dtype
    assert d == np_dtype and np_dtype == d and not (d != np_dtype)
    assert d == np_dtype.type and hash(d) == hash(np_dtype)
    assert {np_dtype: "x"}[d] == "x" and {d: "y"}[np_dtype] == "y"
    assert np.zeros(2, d).dtype is np_dtype
    assert np.arange(2).astype(d).dtype is np_dtype
    assert np.empty((1,), dtype=d).dtype == d
    assert (d.type, d.itemsize, d.kind, d.char) == (
        np_dtype.type, np_dtype.itemsize, np_dtype.kind, np_dtype.char)
    assert pickle.loads(pickle.dumps(d)) is d
    assert ps.DType(d.as_datatype_enum) is d
    assert getattr(ps, name) is d and getattr(ps.dtypes, name) is d


def test_variable_dtype_and_shape_in_numpy_code(ps):
    with ps.variable_scope("s"):
        v = ps.get_variable("v", [2, 3], dtype=ps.float16)
    assert v.dtype == np.float16 and v.dtype == "float16" and v.dtype is ps.float16
    assert np.zeros(v.shape, v.dtype).shape == (2, 3)
    assert v.shape == (2, 3) and v.shape == [2, 3] and isinstance(v.shape, tuple)
    rows, cols = v.shape
    assert (rows, cols) == (2, 3) and len(v.shape) == 2 and list(v.shape) == [2, 3]
    assert {(2, 3): "t"}[v.shape] == "t" and v.get_shape() is v.shape
    assert v.numpy().shape == v.shape and v.numpy().dtype == v.dtype
    assert np.issubdtype(v.dtype, np.floating)
    with ps.variable_scope("s", reuse=True):  # every spelling reuses it
        for dtype in (ps.float16, np.float16, "float16", "half", np.dtype("float16")):
            assert ps.get_variable("v", [2, 3], dtype=dtype) is v
        with pytest.raises(ValueError, match="dtype"):
            ps.get_variable("v", [2, 3], dtype=ps.float32)


def test_scope_dtype_and_creator_kwargs_are_dtype_objects(ps):
    seen = []

    def creator(next_creator, **kwargs):
        seen.append(kwargs["dtype"])
        return next_creator(**kwargs)

    assert ps.get_variable_scope().dtype is ps.float32
    with ps.variable_creator_scope(creator):
        with ps.variable_scope("h", dtype=ps.float64):
            v = ps.get_variable("v", [1])
    assert seen == [ps.float64] and type(seen[0]) is ps.DType and v.dtype is ps.float64


def test_partitioned_variable_shape_and_dtype(ps):
    with ps.variable_scope("p", partitioner=ps.fixed_size_partitioner(2)):
        t = ps.get_variable("t", [4, 3])
    assert t.shape == (4, 3) and t.get_shape().as_list() == [4, 3]
    assert t.dtype is ps.float32 and [p.shape.as_list() for p in t] == [[2, 3], [2, 3]]


def test_variable_initial_value_survives_assign(ps):
    v = ps.Variable([1., 2.], name="v")
    v.assign([3., 4.])
    assert v.initial_value.tolist() == [1., 2.] and v.numpy().tolist() == [3., 4.]
    assert v.initializer.name == "v/Assign" and v.op.graph is ps.get_default_graph()


def test_assign_takes_tfs_arguments(ps):
    """TF's assign(value, use_locking=False, name=None, read_value=True):
    with read_value=False TF returns the assign op, pyscope (no ops) None."""
    v = ps.Variable([1., 2.], name="v")
    assert v.assign([3., 4.], use_locking=True, name="set") is v
    assert v.assign([5., 6.], read_value=False) is None
    assert v.numpy().tolist() == [5., 6.]
    with pytest.raises(ValueError, match="incompatible"):
        v.assign([1., 2., 3.], read_value=False)
    assert v.numpy().tolist() == [5., 6.]


def test_partitioned_variable_takes_tfs_arguments(ps):
    """PartitionedVariable(name, shape, dtype, variable_list, partitions),
    the parts in slice-offset order (as get_variable makes them)."""
    with ps.variable_scope("p", partitioner=ps.fixed_size_partitioner(2)):
        t = ps.get_variable("t", [4, 3])
    again = ps.PartitionedVariable("again", [4, 3], ps.float32, list(t), [2, 1])
    assert again.get_variable_list() == list(t) and again.get_partitions() == [2, 1]
    assert again.shape == (4, 3) and np.array_equal(again.numpy(), t.numpy())
    with pytest.raises(ValueError, match="variable_list"):
        ps.PartitionedVariable("none", [4, 3], ps.float32, [], [2, 1])


def test_tensor_shape_needs_its_dims(ps):
    """TF's TensorShape(dims) has no default: TensorShape(None) is the
    unknown shape, TensorShape() a TypeError."""
    assert ps.TensorShape(None).rank is None and ps.TensorShape([]).rank == 0
    with pytest.raises(TypeError, match="dims"):
        ps.TensorShape()


def test_dtype_takes_tfs_arguments(ps):
    assert ps.DType(1) is ps.float32 and ps.DType(1, handle_data=None) is ps.float32


def test_bad_variable_changes_nothing(ps):
    g = ps.get_default_graph()
    before = (ps.global_variables(), g.unique_name("Variable", mark_as_used=False))
    for kwargs in ({}, {"initial_value": 1., "collections": "c"},
                   {"initial_value": 1., "constraint": 3}):
        with pytest.raises(ValueError):
            ps.Variable(**kwargs)
    assert (ps.global_variables(), g.unique_name("Variable", mark_as_used=False)) == before


def test_variable_def_is_refused_with_the_fix(ps):
    with pytest.raises(NotImplementedError, match="initial_value"):
        ps.Variable(variable_def=object())


def test_signatures_are_tfs(ps):
    import inspect
    params = inspect.signature(ps.Variable).parameters
    assert list(params) == [p for p, _ in RECORDED["variable_signature"]["records"][0]]
    assert str(params["synchronization"].default) == "VariableSynchronization.AUTO"


dims = st.lists(st.one_of(st.none(), st.integers(0, 9)), max_size=4)


@given(dims, dims)
def test_tensor_shape_is_its_tuple(a, b):
    from pyscope.tensor_shape import TensorShape
    s, t = TensorShape(a), TensorShape(b)
    assert s == tuple(a) and s == list(a) and tuple(s) == tuple(a) and len(s) == len(a)
    assert (s == t) == (a == b) and (s != t) == (a != b)
    assert hash(s) == hash(tuple(a))
    assert (s + t).as_list() == a + b and s[1:] == tuple(a[1:])
    assert type(s[1:]) is TensorShape and s.as_list() == a
    assert s.is_fully_defined() == (None not in a)
    assert s.is_compatible_with(t) == (len(a) == len(b) and all(
        x is None or y is None or x == y for x, y in zip(a, b)))
    assert pickle.loads(pickle.dumps(s)) == s


def test_unknown_shape_is_not_a_tuple_of_nothing():
    from pyscope.tensor_shape import TensorShape
    u = TensorShape(None)
    assert u == TensorShape(None) and u != () and u.rank is None
    for f in (len, list, hash):
        with pytest.raises(ValueError):
            f(u)
    assert pickle.loads(pickle.dumps(u)) == u


# -- ml_dtypes only when bfloat16 is used ------------------------------------

def _child(code):
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=os.path.join(HERE, os.pardir))
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


def test_import_does_not_import_ml_dtypes():
    code = ("import sys, numpy as np, pyscope as ps\n"
            "ps.get_variable('v', [2]); ps.as_dtype('float16'); ps.Variable(1)\n"
            "print('ml_dtypes' in sys.modules)")
    assert _child(code) == ["False"]


@pytest.mark.parametrize("ask", ["ps.bfloat16", "ps.as_dtype('bfloat16')",
                                 "ps.as_dtype(14)", "ps.dtypes.bfloat16",
                                 "ps.as_dtype(np.zeros(1, ml_dtypes.bfloat16))"])
def test_bfloat16_imports_ml_dtypes_when_used(ask):
    pytest.importorskip("ml_dtypes")
    code = ("import sys, numpy as np, pyscope as ps\n"
            "before = 'ml_dtypes' in sys.modules\n"
            + ("import ml_dtypes\n" if "ml_dtypes." in ask else "") +
            "d = %s\n"
            "v = ps.get_variable('v', [2], dtype=d)\n"
            "print(before, d.name, v.dtype.name, d.is_floating, v.numpy().dtype.name)" % ask)
    assert _child(code) == ["False", "bfloat16", "bfloat16", "True", "bfloat16"]
