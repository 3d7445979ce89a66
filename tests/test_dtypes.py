"""pyscope.dtypes against TensorFlow 2.21 (tests/data/tf_initializers.json, "dtypes").

The data is recorded by tools/record_tf_initializers.py; each case is a Python
expression evaluated here with ``np`` in scope.
"""
import builtins
import json
import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pyscope import dtypes
from lookalikes import TorchDtype

DATA = os.path.join(os.path.dirname(__file__), "data", "tf_initializers.json")
with open(DATA) as _f:
    TF = json.load(_f)["dtypes"]

NS = {"np": np}


def _ids(cases):
    return [c["expr"] for c in cases]


@pytest.mark.parametrize("case", TF["as_dtype"], ids=_ids(TF["as_dtype"]))
def test_as_dtype_matches_tf(case):
    value = eval(case["expr"], NS)
    if "error" in case:
        with pytest.raises(getattr(builtins, case["error"])):
            dtypes.as_dtype(value)
        return
    expected = case["result"]
    if expected.endswith("_ref"):  # pyscope has no reference dtypes: the base dtype
        expected = expected[:-len("_ref")]
    got = dtypes.as_dtype(value)
    assert isinstance(got, dtypes.DType) and np.dtype(got) == got  # a DType, as TF's
    assert dtypes.dtype_name(got) == expected


def test_as_dtype_error_names_the_value():
    with pytest.raises(TypeError, match="'foo'"):
        dtypes.as_dtype("foo")
    with pytest.raises(TypeError, match="int"):
        dtypes.as_dtype(int)


def test_unsupported_tf_dtypes_are_type_errors():
    for name in ["qint8", "resource", "variant", "quint16_ref"]:
        with pytest.raises(TypeError):
            dtypes.as_dtype(name)


def test_as_dtype_returns_canonical_native_dtypes():
    assert dtypes.as_dtype(np.dtype(">f4")) is dtypes.float32
    assert dtypes.as_dtype(np.longlong) == np.dtype(np.int64)
    assert dtypes.as_dtype("string") == np.dtype(object)
    assert dtypes.as_dtype(np.dtype("<U7")) == np.dtype(object)


def test_constants():
    assert dtypes.float32 == np.float32 and dtypes.float64 == np.float64
    assert dtypes.half == dtypes.float16 and dtypes.double == dtypes.float64
    assert dtypes.int8 == np.int8 and dtypes.int16 == np.int16
    assert dtypes.int32 == np.int32 and dtypes.int64 == np.int64
    assert dtypes.uint8 == np.uint8
    assert dtypes.bool_ == np.bool_ and dtypes.bool is dtypes.bool_
    assert dtypes.complex64 == np.complex64 and dtypes.complex128 == np.complex128
    assert dtypes.string == np.dtype(object)
    with pytest.raises(AttributeError):
        dtypes.no_such_dtype  # noqa: B018


@pytest.mark.parametrize("name", sorted(TF["predicates"]))
def test_predicates_match_tf(name):
    facts = TF["predicates"][name]
    assert dtypes.is_floating(name) == facts["is_floating"]
    assert dtypes.is_integer(name) == facts["is_integer"]
    assert dtypes.is_bool(name) == facts["is_bool"]
    assert dtypes.is_complex(name) == facts["is_complex"]
    assert dtypes.is_unsigned(name) == facts["is_unsigned"]
    if facts["size"] is not None:
        assert dtypes.as_dtype(name).itemsize == facts["size"]


@pytest.mark.parametrize("case", TF["compatible"], ids=lambda c: "%s-%s" % (c["a"], c["b"]))
def test_is_compatible_matches_tf(case):
    b = case["b"]
    b = eval(b, NS) if b.startswith(("'", "np.")) else b
    assert dtypes.is_compatible(case["a"], b) == case["result"]


@pytest.mark.parametrize("case", TF["infer"], ids=_ids(TF["infer"]))
def test_infer_value_dtype_matches_tf(case):
    value = eval(case["expr"], NS)
    if "error" in case:
        with pytest.raises(getattr(builtins, case["error"])):
            dtypes.infer_value_dtype(value)
        return
    assert dtypes.dtype_name(dtypes.infer_value_dtype(value)) == case["dtype"]
    assert list(dtypes.convert_to_array(value).shape) == case["shape"]


def test_convert_to_array_values():
    a = dtypes.convert_to_array([[1, 2], [3, 4]])
    assert a.dtype == np.int32 and a.tolist() == [[1, 2], [3, 4]]
    a = dtypes.convert_to_array(["a", b"b"])
    assert a.dtype == object and a.tolist() == [b"a", b"b"]
    a = dtypes.convert_to_array(np.array([1.5], dtype=np.float64))
    assert a.dtype == np.float64
    a = dtypes.convert_to_array([1, 2], dtype="float64")
    assert a.dtype == np.float64 and a.tolist() == [1.0, 2.0]
    with pytest.raises(TypeError):
        dtypes.convert_to_array([1.5], dtype="int32")
    with pytest.raises(TypeError):
        dtypes.convert_to_array(1, dtype="bool")
    # the result is a copy, never the caller's array
    src = np.zeros(3, np.float32)
    out = dtypes.convert_to_array(src)
    out[0] = 1
    assert src[0] == 0


def test_convert_to_array_fill_rules():
    assert dtypes.convert_to_array([1, 2], "float32", shape=[5]).tolist() == [1, 2, 2, 2, 2]
    assert dtypes.convert_to_array([], "int32", shape=[2]).tolist() == [0, 0]
    assert dtypes.convert_to_array([], "string", shape=[2]).tolist() == [b"", b""]
    with pytest.raises(ValueError):
        dtypes.convert_to_array([1, 2, 3], "float32", shape=[2])
    with pytest.raises(TypeError):
        dtypes.convert_to_array([1, 2], "float32", shape=[2, 1], verify_shape=True)


_scalars = st.one_of(
    st.integers(-2 ** 31, 2 ** 31 - 1), st.floats(-1e6, 1e6, allow_nan=False), st.booleans())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-2 ** 31, 2 ** 31 - 1), min_size=1, max_size=6))
def test_int_lists_are_int32(values):
    assert dtypes.infer_value_dtype(values) == np.int32


@settings(max_examples=200, deadline=None)
@given(st.lists(_scalars, min_size=1, max_size=6))
def test_mixed_scalar_lists_follow_promotion(values):
    got = dtypes.infer_value_dtype(values)
    if all(isinstance(v, bool) for v in values):
        assert got == np.bool_
    elif any(isinstance(v, float) for v in values):
        assert got == np.float32
    else:
        assert got == np.int32


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["float16", "float32", "float64", "int8", "int16", "int32", "int64",
                        "uint8", "uint16", "uint32", "uint64", "bool", "complex64",
                        "complex128"]))
def test_ndarrays_keep_their_dtype(name):
    a = np.zeros((2, 3), dtype=name)
    assert dtypes.infer_value_dtype(a) == np.dtype(name)
    assert dtypes.as_dtype(a) == np.dtype(name)
    assert dtypes.dtype_name(name) == name


@pytest.mark.parametrize("name", ["float16", "float32", "float64", "bfloat16", "int8",
                                  "int32", "int64", "uint8", "bool", "complex64"])
def test_torch_dtypes_convert_by_name(name):
    assert dtypes.as_dtype(TorchDtype(name)) == dtypes.as_dtype(name)


def test_torch_dtypes_without_a_tf_equivalent_raise():
    with pytest.raises(TypeError, match="torch.float8_e4m3fn to a TensorFlow DType"):
        dtypes.as_dtype(TorchDtype("float8_e4m3fn"))


def test_real_torch_dtypes_convert():
    torch = pytest.importorskip("torch")
    assert dtypes.as_dtype(torch.float32) == dtypes.float32
    assert dtypes.as_dtype(torch.half) == dtypes.float16
    assert dtypes.as_dtype(torch.ones(2, dtype=torch.int64)) == dtypes.int64
