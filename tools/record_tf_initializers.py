"""Record TensorFlow's behaviour for pyscope's dtype, initializer and partitioner tests.

Recording tool only: it imports TensorFlow, is never imported by pyscope or
its tests, and is run from the TensorFlow venv:

    ~/.venvs/tf/bin/python tools/record_tf_initializers.py

It writes ``tests/data/tf_initializers.json`` and ``tests/data/tf_partitioners.json``,
values in the JSON form of ``tests/recorded_values.py`` (shared with the tests).

Cases are written as Python expressions (strings) that both this script and the
tests evaluate, with ``np`` and the TF1 initializer / partitioner names in scope
(TensorFlow's here, pyscope's in the tests). Exceptions are recorded by type
name only.
"""

import json
import math
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from tensorflow.python.framework import random_seed  # noqa: E402
from tensorflow.python.ops import variable_scope as vs_mod  # noqa: E402
from tensorflow.python.util import deprecation  # noqa: E402

deprecation._PRINT_DEPRECATION_WARNINGS = False
tf.get_logger().setLevel("ERROR")
tf.compat.v1.disable_eager_execution()
v1 = tf.compat.v1

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, os.pardir, "tests", "data")
sys.path.insert(0, os.path.join(HERE, os.pardir, "tests"))
from recorded_values import encode_array as _encode_array, sanitize  # noqa: E402

INIT_NAMES = [
    "zeros_initializer", "ones_initializer", "constant_initializer",
    "random_normal_initializer", "truncated_normal_initializer",
    "random_uniform_initializer", "glorot_uniform_initializer",
    "glorot_normal_initializer", "variance_scaling_initializer",
    "orthogonal_initializer", "uniform_unit_scaling_initializer",
]
NS = {"np": np}
NS.update({n: getattr(v1, n) for n in INIT_NAMES})
NS["identity_initializer"] = v1.initializers.identity
for _n in ["lecun_normal", "lecun_uniform", "he_normal", "he_uniform"]:
    NS[_n] = getattr(v1.initializers, _n)
NS.update(fixed_size_partitioner=v1.fixed_size_partitioner,
          variable_axis_size_partitioner=v1.variable_axis_size_partitioner,
          min_max_variable_partitioner=v1.min_max_variable_partitioner)


def err(e):
    return {"error": type(e).__name__}


def tf_name(d):
    return tf.as_dtype(d).name


def _tf_dtype_name(dtype):
    return "string" if dtype == object else tf.as_dtype(dtype).name


def encode_array(a):
    """JSON form of an array: dtype (TF name), shape, exact values."""
    return _encode_array(a, _tf_dtype_name)


def run_in_graph(build, runs=1):
    """build() -> tensor or plain value, in a fresh graph; run `runs` times."""
    g = tf.Graph()
    with g.as_default():
        t = build()
        if not isinstance(t, (tf.Tensor, tf.Variable)):
            return t
        with v1.Session(graph=g) as s:
            if runs == 1:
                return s.run(t)
            return [s.run(t) for _ in range(runs)]


# --------------------------------------------------------------------------
# dtypes

AS_DTYPE_CASES = [
    "'float32'", "'float64'", "'float16'", "'int8'", "'int16'", "'int32'",
    "'int64'", "'uint8'", "'uint16'", "'uint32'", "'uint64'", "'bool'",
    "'complex64'", "'complex128'", "'string'", "'float'", "'double'", "'half'",
    "'float32_ref'", "'int32_ref'",
    "'int'", "'bool_'", "'str'", "'foo'", "''", "'Float32'",
    "float", "int", "bool", "object", "complex", "str", "bytes",
    "np.float32", "np.float64", "np.float16", "np.int8", "np.int16", "np.int32",
    "np.int64", "np.uint8", "np.uint16", "np.uint32", "np.uint64", "np.bool_",
    "np.complex64", "np.complex128", "np.str_", "np.bytes_", "np.object_",
    "np.intc", "np.uintc", "np.int_", "np.uint", "np.longlong", "np.ulonglong",
    "np.longdouble", "np.datetime64", "np.void",
    "np.dtype('float32')", "np.dtype('>f4')", "np.dtype('<U3')", "np.dtype('S2')",
    "np.dtype(object)", "np.dtype(bool)", "np.dtype('int64')", "np.dtype('M8[s]')",
    "np.dtype('longdouble')",
    "np.array([1])", "np.array([1.0], dtype=np.float16)", "np.float16(1)",
    "np.int32(5)", "np.array(['a'])",
    "1", "2", "3", "9", "10", "19", "101", "True", "False", "0", "1000", "-1",
    "1.0", "None", "[1]", "('float32',)", "{}",
]

INFER_CASES = [
    "1", "1.0", "True", "False", "[1, 2]", "[1, 2.0]", "[True, 1]", "[True, False]",
    "[[1], [2]]", "[]", "[[]]", "[[], []]", "2**31 - 1", "2**31", "-2**31", "-2**31 - 1",
    "2**63 - 1", "2**63", "2**64", "[1, 2**40]", "[1, 2**63]", "'a'", "b'a'", "['a', 'b']",
    "[1, 'a']", "None", "[1, None]", "[[1, 2], [3]]", "1+2j", "[1, 1j]", "np.float64(1.0)",
    "[np.float64(1.0), 2]", "np.array([1.0])", "np.array([1])", "np.array(1, dtype=np.int64)",
    "[np.int64(1)]", "[np.float16(1), 2]", "[np.float16(1), 2.0]", "[np.int8(1), np.int16(3)]",
    "(1, 2)", "((1, 2), (3, 4))", "[(1, 2), [3, 4]]", "[np.array([1.0]), np.array([2.0])]",
    "np.array([1, 2**40])", "float('inf')", "[1.5, True]", "np.bool_(True)", "[np.uint8(1)]",
    "[np.uint32(1)]", "[np.uint64(1)]", "[np.int64(2**40)]", "np.array(['a'])",
    "[[1, 2], [3.0, 4]]", "10**30", "np.float16(2.5)", "np.array([1, 2], dtype=np.uint16)",
    "np.array([[1.5]], dtype=np.float32)", "[np.float32(1.5), 2.5]", "[[1, 2], [3, 4], [5, 6]]",
    "[[[1]], [[2]]]", "np.array(True)", "[np.int32(3), np.int64(4)]", "[np.int64(2**40), 1]",
    "[[1, 2], 3]", "[1.0, 'a']", "{'a': 1}", "{1, 2}", "object()", "np.complex64(1j)",
    "[np.complex64(1j), 1.0]", "np.array([1], dtype=np.int8)", "bytearray(b'ab')",
    "np.array([], dtype=np.int64)", "[2**31, 1]",
]


def record_dtypes():
    out = {"as_dtype": [], "predicates": {}, "compatible": [], "infer": []}
    for expr in AS_DTYPE_CASES:
        try:
            res = {"result": tf.as_dtype(eval(expr, NS)).name}
        except Exception as e:  # noqa: BLE001
            res = err(e)
        out["as_dtype"].append({"expr": expr, **res})
    for name in ["float16", "float32", "float64", "int8", "int16", "int32", "int64",
                 "uint8", "uint16", "uint32", "uint64", "bool", "complex64",
                 "complex128", "string"]:
        d = tf.as_dtype(name)
        out["predicates"][name] = {
            "is_floating": d.is_floating, "is_integer": d.is_integer,
            "is_bool": d.is_bool, "is_complex": d.is_complex,
            "is_unsigned": d.is_unsigned, "size": d.size if name != "string" else None,
        }
    for a, b in [("float32", "float32"), ("float32", "float64"), ("float32", "'float'"),
                 ("int32", "np.int32"), ("int64", "np.longlong"), ("bool", "bool"),
                 ("string", "np.str_"), ("float32", "'float32_ref'"), ("int32", "'int64'")]:
        bb = eval(b, NS) if b.startswith(("'", "np.")) else b
        out["compatible"].append({"a": a, "b": b, "result": tf.as_dtype(a).is_compatible_with(bb)})
    g = tf.Graph()
    with g.as_default():
        for expr in INFER_CASES:
            try:
                t = tf.convert_to_tensor(eval(expr, NS))
                res = {"dtype": t.dtype.name, "shape": t.shape.as_list()}
            except Exception as e:  # noqa: BLE001
                res = err(e)
            out["infer"].append({"expr": expr, **res})
    return out


# --------------------------------------------------------------------------
# deterministic initializers

def C(ctor, shape, dtype=None, **kw):
    case = {"ctor": ctor, "shape": shape, "dtype": dtype}
    case.update(kw)
    return case


DETERMINISTIC_CASES = [
    C("zeros_initializer()", [2, 3]),
    C("zeros_initializer()", []),
    C("zeros_initializer()", [0, 2]),
    C("zeros_initializer()", [3], "int32"),
    C("zeros_initializer()", [2], "bool"),
    C("zeros_initializer()", [2], "string"),
    C("zeros_initializer()", [2], "complex64"),
    C("zeros_initializer()", [2], "uint8"),
    C("zeros_initializer()", [2], "float16"),
    C("zeros_initializer()", [-1]),
    C("zeros_initializer(dtype='int64')", [2]),
    C("zeros_initializer(dtype='int64')", [2], "float64"),
    C("zeros_initializer(dtype='foo')", [2]),
    C("zeros_initializer(dtype=np.float64)", [2]),
    C("ones_initializer()", [2, 2]),
    C("ones_initializer()", []),
    C("ones_initializer()", [2], "bool"),
    C("ones_initializer()", [2], "string"),
    C("ones_initializer()", [2], "int8"),
    C("ones_initializer()", [2], "complex128"),
    C("ones_initializer(dtype='int32')", [3]),
    C("constant_initializer()", [2]),
    C("constant_initializer(5)", [2, 2]),
    C("constant_initializer(5)", []),
    C("constant_initializer([5])", []),
    C("constant_initializer([])", [3]),
    C("constant_initializer([])", []),
    C("constant_initializer([1, 2])", [6]),
    C("constant_initializer([1, 2])", [2, 3]),
    C("constant_initializer([1, 2])", [0]),
    C("constant_initializer([1, 2])", [3], "int32"),
    C("constant_initializer([1, 2])", [3], "int64"),
    C("constant_initializer([1, 2])", [3], "complex64"),
    C("constant_initializer([1, 2])", [3], "bool"),
    C("constant_initializer([1, 2])", [3], "float16"),
    C("constant_initializer([1, 2])", [3], "uint8"),
    C("constant_initializer([1, 2, 3])", [2]),
    C("constant_initializer([[1, 2], [3, 4]])", [4, 1]),
    C("constant_initializer([[1, 2], [3, 4]])", [5]),
    C("constant_initializer([[1, 2], [3]])", [4]),
    C("constant_initializer([0, 1, 2, 3, 4, 5, 6, 7])", [3, 4]),
    C("constant_initializer([0, 1, 2, 3, 4, 5, 6, 7])", [2, 3]),
    C("constant_initializer([1, 2, 3, 4], verify_shape=True)", [2, 2]),
    C("constant_initializer([[1, 2], [3, 4]], verify_shape=True)", [2, 2]),
    C("constant_initializer(1, verify_shape=True)", [2, 2]),
    C("constant_initializer(1, verify_shape=True)", []),
    C("constant_initializer([1, 2])", [4], verify_shape=True),
    C("constant_initializer([1, 2], verify_shape=True)", [2], verify_shape=False),
    C("constant_initializer([1, 2], verify_shape=True)", [4], verify_shape=False),
    C("constant_initializer(3.7)", [2], "int32"),
    C("constant_initializer(np.array(3.7))", [2], "int32"),
    C("constant_initializer(np.float32(3.7))", [2], "int32"),
    C("constant_initializer(np.array([1.5, 2.5]))", [3], "int32"),
    C("constant_initializer(np.array([1.5, -2.5]))", [3], "uint8"),
    C("constant_initializer(np.array([True, False]))", [3]),
    C("constant_initializer(np.array([[1, 2], [3, 4]]))", [2, 2]),
    C("constant_initializer(np.array([[1, 2], [3, 4]]))", [4], verify_shape=True),
    C("constant_initializer(True)", [2]),
    C("constant_initializer(True)", [2], "bool"),
    C("constant_initializer(1)", [2], "bool"),
    C("constant_initializer([True, False])", [3], "bool"),
    C("constant_initializer([True, 2])", [3], "int32"),
    C("constant_initializer(300)", [2], "int8"),
    C("constant_initializer(-1)", [2], "uint8"),
    C("constant_initializer(2**31)", [2], "int32"),
    C("constant_initializer(2**70)", [2], "int64"),
    C("constant_initializer(1e40)", [2]),
    C("constant_initializer('a')", [2]),
    C("constant_initializer('a')", [2], "string"),
    C("constant_initializer(['a', b'b'])", [3], "string"),
    C("constant_initializer(1)", [2], "string"),
    C("constant_initializer('a')", [0]),
    C("constant_initializer(None)", [2]),
    C("constant_initializer({1: 2})", [2]),
    C("constant_initializer(set([1]))", [2]),
    C("constant_initializer((1, 2))", [3]),
    C("constant_initializer([np.int64(1)])", [2]),
    C("constant_initializer([np.float64(1.5)])", [2], "int32"),
    C("constant_initializer([1.0])", [2], "int32"),
    C("constant_initializer([1.5])", [3], "float64"),
    C("constant_initializer(1 + 2j)", [2], "complex64"),
    C("constant_initializer(1 + 2j)", [2]),
    C("constant_initializer([1, 2], dtype='int32')", [4]),
    C("constant_initializer([1, 2], dtype='int32')", [4], "float32"),
    C("constant_initializer(np.float16(1.5))", [2]),
    C("constant_initializer([np.array([1.0]), np.array([2.0])])", [2]),
    C("constant_initializer([[1], [2, 3]])", [3]),
    C("identity_initializer()", [3, 3]),
    C("identity_initializer()", [2, 3]),
    C("identity_initializer()", [3, 2]),
    C("identity_initializer(gain=2.5)", [2, 2]),
    C("identity_initializer(gain=2)", [2, 2]),
    C("identity_initializer()", [2, 2], "float64"),
    C("identity_initializer()", [2, 2], "float16"),
    C("identity_initializer()", [2, 2], "int32"),
    C("identity_initializer(gain=1)", [2, 2], "int32"),
    C("identity_initializer(gain=1)", [2, 2], "bool"),
    C("identity_initializer()", [3]),
    C("identity_initializer()", [2, 2, 2]),
    C("identity_initializer()", []),
    C("identity_initializer(dtype='int32')", [2, 2]),
    C("identity_initializer()", [2, 4],
      partition_info={"full_shape": [4, 4], "var_offset": [2, 0]}),
    C("identity_initializer()", [4, 2],
      partition_info={"full_shape": [4, 4], "var_offset": [0, 2]}),
    C("identity_initializer()", [1, 3],
      partition_info={"full_shape": [3, 3], "var_offset": [2, 0]}),
    C("identity_initializer()", [2],
      partition_info={"full_shape": [3, 3], "var_offset": [2, 0]}),
    C("constant_initializer([1, 2])", [2, 2],
      partition_info={"full_shape": [4, 2], "var_offset": [2, 0]}),
    C("ones_initializer()", [2, 2],
      partition_info={"full_shape": [4, 2], "var_offset": [2, 0]}),
    # construction-time checks of the random initializers (constructor only)
    C("random_normal_initializer(dtype='int32')", None),
    C("random_normal_initializer(dtype='float64')", None),
    C("truncated_normal_initializer(dtype='int32')", None),
    C("truncated_normal_initializer(dtype='bool')", None),
    C("random_uniform_initializer(dtype='int32')", None),
    C("random_uniform_initializer(dtype='bool')", None),
    C("random_uniform_initializer(dtype='string')", None),
    C("glorot_uniform_initializer(dtype='int32')", None),
    C("glorot_normal_initializer(dtype='float64')", None),
    C("variance_scaling_initializer(dtype='int32')", None),
    C("variance_scaling_initializer(scale=0)", None),
    C("variance_scaling_initializer(scale=-1.0)", None),
    C("variance_scaling_initializer(scale='a')", None),
    C("variance_scaling_initializer(mode='x')", None),
    C("variance_scaling_initializer(mode='FAN_IN')", None),
    C("variance_scaling_initializer(distribution='x')", None),
    C("variance_scaling_initializer(distribution='UNIFORM')", None),
    C("variance_scaling_initializer(distribution='Normal')", None),
    C("variance_scaling_initializer(distribution=1)", None),
    C("orthogonal_initializer(dtype='int32')", None),
    C("orthogonal_initializer(dtype='float16')", None),
    C("uniform_unit_scaling_initializer(dtype='int32')", None),
    C("zeros_initializer(dtype=int)", None),
    C("zeros_initializer(dtype='string')", None),
    C("constant_initializer(dtype='bool')", None),
    C("constant_initializer(np.float32(2.5))", None),
    C("constant_initializer(np.array([1, 2]))", None),
    C("constant_initializer('abc')", None),
    C("constant_initializer(b'abc')", None),
    C("constant_initializer(object())", None),
    # call-time dtype checks of the random initializers
    C("random_normal_initializer()", [2], "int32"),
    C("random_normal_initializer()", [2], "bool"),
    C("random_normal_initializer()", [2], "complex64"),
    C("random_normal_initializer()", [2], "string"),
    C("random_normal_initializer(mean=0, stddev=1)", [2], "int32"),
    C("truncated_normal_initializer()", [2], "int32"),
    C("truncated_normal_initializer()", [2], "uint8"),
    C("random_uniform_initializer()", [2], "int32"),
    C("random_uniform_initializer()", [2], "int64"),
    C("random_uniform_initializer(maxval=10)", [2], "int32"),
    C("random_uniform_initializer(minval=0, maxval=10.0)", [2], "int32"),
    C("random_uniform_initializer(minval=0.0, maxval=10)", [2], "int32"),
    C("random_uniform_initializer(minval=0, maxval=5)", [2], "int8"),
    C("random_uniform_initializer(minval=0, maxval=5)", [2], "uint8"),
    C("random_uniform_initializer()", [2], "bool"),
    C("random_uniform_initializer()", [2], "complex64"),
    C("random_uniform_initializer()", [2], "string"),
    C("glorot_uniform_initializer()", [2, 2], "int32"),
    C("glorot_uniform_initializer()", [2, 2], "int8"),
    C("glorot_uniform_initializer()", [2, 2], "bool"),
    C("glorot_normal_initializer()", [2, 2], "int32"),
    C("variance_scaling_initializer(distribution='untruncated_normal')", [2, 2], "int64"),
    C("variance_scaling_initializer(distribution='uniform')", [2, 2], "uint8"),
    C("orthogonal_initializer()", [3], None),
    C("orthogonal_initializer()", [], None),
    C("orthogonal_initializer()", [3, 3], "int32"),
    C("orthogonal_initializer()", [0, 3], None),
    C("uniform_unit_scaling_initializer()", [2, 2], "int32"),
]


def call_tf(case):
    init = eval(case["ctor"], NS)
    if case["shape"] is None:
        return init
    kwargs = {}
    if case.get("dtype") is not None:
        kwargs["dtype"] = tf.as_dtype(case["dtype"])
    if case.get("partition_info") is not None:
        pi = case["partition_info"]
        kwargs["partition_info"] = vs_mod._PartitionInfo(pi["full_shape"], pi["var_offset"])
    if "verify_shape" in case:
        kwargs["verify_shape"] = case["verify_shape"]
    return init(case["shape"], **kwargs)


def record_deterministic():
    out = []
    for case in DETERMINISTIC_CASES:
        rec = dict(case)
        try:
            init = eval(case["ctor"], NS)
        except Exception as e:  # noqa: BLE001
            rec.update(err(e), stage="ctor")
            out.append(rec)
            continue
        if case["shape"] is None:
            rec["config"] = sanitize(init.get_config())
            rec["dtype_attr"] = init.dtype.name
            out.append(rec)
            continue
        try:
            r = run_in_graph(lambda: call_tf(case))
        except Exception as e:  # noqa: BLE001
            rec.update(err(e), stage="call")
            out.append(rec)
            continue
        rec["result"] = encode_array(r)
        out.append(rec)
    return out


# --------------------------------------------------------------------------
# random initializers: statistics of large TF samples

def S(ctor, shape, dtype=None, runs=1, partition_info=None, **facts):
    return {"ctor": ctor, "shape": shape, "dtype": dtype, "runs": runs,
            "partition_info": partition_info, "facts": facts}


RANDOM_CASES = [
    S("random_normal_initializer()", [200, 250], mean=0.0, std=1.0),
    S("random_normal_initializer(mean=3.0, stddev=0.5)", [200, 250], mean=3.0, std=0.5),
    S("random_normal_initializer(mean=-1, stddev=2)", [50000], "float64", mean=-1.0, std=2.0),
    S("random_normal_initializer()", [20000], "float16", mean=0.0, std=1.0),
    S("truncated_normal_initializer()", [200, 250], low=-2.0, high=2.0),
    S("truncated_normal_initializer(mean=1.0, stddev=0.1)", [200, 250], "float64",
      low=0.8, high=1.2),
    S("random_uniform_initializer()", [200, 250], low=0.0, high=1.0),
    S("random_uniform_initializer(minval=-3, maxval=5)", [200, 250], low=-3.0, high=5.0),
    S("random_uniform_initializer(minval=5, maxval=3)", [50000], low=3.0, high=5.0),
    S("random_uniform_initializer(minval=2.0)", [50000], "float64", low=1.0, high=2.0),
    S("random_uniform_initializer(minval=0, maxval=7)", [50000], "int32", low=0, high=6),
    S("random_uniform_initializer(minval=-3, maxval=3)", [50000], "int64", low=-3, high=2),
    S("random_uniform_initializer()", [20000], "float16", low=0.0, high=1.0),
    S("glorot_uniform_initializer()", [300, 200], limit=math.sqrt(6.0 / 500)),
    S("glorot_uniform_initializer()", [3, 3, 64, 32], limit=math.sqrt(6.0 / (9 * 96))),
    S("glorot_uniform_initializer()", [1000], limit=math.sqrt(6.0 / 2000)),
    S("glorot_uniform_initializer()", [], runs=3000, limit=math.sqrt(6.0 / 2)),
    S("glorot_uniform_initializer()", [40, 1000], "float64", limit=math.sqrt(6.0 / 1040)),
    S("glorot_normal_initializer()", [300, 200], std_after=math.sqrt(2.0 / 500)),
    S("variance_scaling_initializer()", [400, 100], std_after=math.sqrt(1.0 / 400)),
    S("variance_scaling_initializer(scale=2.0, mode='fan_out')", [100, 400],
      std_after=math.sqrt(2.0 / 400)),
    S("variance_scaling_initializer(scale=3.0, mode='fan_avg', distribution='normal')",
      [300, 200], std_after=math.sqrt(3.0 / 250)),
    S("variance_scaling_initializer(distribution='untruncated_normal')", [400, 100],
      std=math.sqrt(1.0 / 400)),
    S("variance_scaling_initializer(mode='fan_avg', distribution='uniform')", [300, 200],
      limit=math.sqrt(3.0 / 250)),
    S("variance_scaling_initializer(mode='fan_in', distribution='uniform')", [5, 5, 8, 16],
      limit=math.sqrt(3.0 / 200)),
    S("variance_scaling_initializer(mode='fan_in', distribution='uniform')", [50000],
      limit=math.sqrt(3.0 / 50000)),
    S("variance_scaling_initializer(distribution='uniform')", [0, 5], limit=1.0),
    S("variance_scaling_initializer(scale=0.5, distribution='uniform')", [100, 40],
      partition_info={"full_shape": [400, 40], "var_offset": [100, 0]},
      limit=math.sqrt(3.0 * 0.5 / 400)),
    S("variance_scaling_initializer(mode='fan_out')", [100, 40],
      partition_info={"full_shape": [400, 40], "var_offset": [100, 0]},
      std_after=math.sqrt(1.0 / 40)),
    S("glorot_uniform_initializer()", [200, 40],
      partition_info={"full_shape": [600, 40], "var_offset": [400, 0]},
      limit=math.sqrt(6.0 / 640)),
    S("lecun_uniform()", [300, 100], limit=math.sqrt(3.0 / 300)),
    S("he_normal()", [300, 100], std_after=math.sqrt(2.0 / 300)),
    S("he_uniform()", [300, 100], limit=math.sqrt(6.0 / 300)),
    S("lecun_normal()", [300, 100], std_after=math.sqrt(1.0 / 300)),
    S("uniform_unit_scaling_initializer(factor=2.0)", [300, 100],
      limit=2.0 * math.sqrt(3.0 / 300)),
    S("uniform_unit_scaling_initializer()", [50, 100],
      partition_info={"full_shape": [200, 100], "var_offset": [50, 0]},
      limit=math.sqrt(3.0 / 200)),
    S("orthogonal_initializer()", [64, 64], orthogonal="columns"),
    S("orthogonal_initializer()", [100, 30], orthogonal="columns"),
    S("orthogonal_initializer()", [30, 100], orthogonal="rows"),
    S("orthogonal_initializer(gain=2.0)", [4, 5, 6], orthogonal="columns", gain=2.0),
    S("orthogonal_initializer()", [40, 40], "float64", orthogonal="columns"),
]


def record_random():
    out = []
    for case in RANDOM_CASES:
        def build():
            v1.set_random_seed(1234)  # repeatable recordings
            return call_tf(case)
        r = run_in_graph(build, runs=case["runs"])
        arrs = r if case["runs"] > 1 else [r]
        a = np.concatenate([np.asarray(x, dtype=np.float64).ravel() for x in arrs])
        rec = dict(case)
        first = np.asarray(arrs[0])
        rec["result_dtype"] = tf.as_dtype(first.dtype).name
        rec["result_shape"] = list(first.shape)
        if a.size:
            rec["stats"] = {
                "n": int(a.size), "mean": float(a.mean()), "std": float(a.std()),
                "min": float(a.min()), "max": float(a.max()),
                "abs_mean": float(np.abs(a).mean()),
            }
        if "orthogonal" in case["facts"] and a.size:
            m = first.reshape(-1, first.shape[-1]).astype(np.float64)
            gain = case["facts"].get("gain", 1.0)
            if case["facts"]["orthogonal"] == "columns":
                err_ = np.abs(m.T @ m - gain ** 2 * np.eye(m.shape[1])).max()
            else:
                err_ = np.abs(m @ m.T - gain ** 2 * np.eye(m.shape[0])).max()
            rec["orthogonality_error"] = float(err_)
        out.append(rec)
    return out


# --------------------------------------------------------------------------
# seeds

def record_seeds():
    out = {}
    g = tf.Graph()
    with g.as_default():
        seq = []
        seq.append(["get_seed", None, list(random_seed.get_seed(None))])
        seq.append(["get_seed", 3, list(random_seed.get_seed(3))])
        for s in [5, 0, 2**31 - 1, 2**31, 2**40 + 7, -1, 12345]:
            v1.set_random_seed(s)
            seq.append(["set_random_seed", s, None])
            for op in [None, None, 7, 0, None, 2**31 - 1, -5, 2**33]:
                seq.append(["get_seed", op, list(random_seed.get_seed(op))])
        v1.set_random_seed(None)
        seq.append(["set_random_seed", None, None])
        for op in [None, 0, 4]:
            r = random_seed.get_seed(op)
            seq.append(["get_seed", op, [None if x is None else int(x) for x in r]])
        out["sequence"] = seq
    # A second graph has its own op-seed counter.
    g2 = tf.Graph()
    with g2.as_default():
        v1.set_random_seed(5)
        out["fresh_graph_counter"] = [list(random_seed.get_seed(None)) for _ in range(2)]

    def values(graph_seed, init_seed, n=2, reuse_init=True):
        g = tf.Graph()
        with g.as_default():
            if graph_seed is not None:
                v1.set_random_seed(graph_seed)
            init = v1.random_normal_initializer(seed=init_seed)
            vs = []
            for i in range(n):
                if not reuse_init:
                    init = v1.random_normal_initializer(seed=init_seed)
                vs.append(v1.get_variable("v%d" % i, shape=[5], initializer=init))
            with v1.Session(graph=g) as s:
                s.run(v1.global_variables_initializer())
                return [s.run(v).tolist() for v in vs]
    a1 = values(1, None)
    a2 = values(1, None)
    b1 = values(None, 3)
    b2 = values(None, 3)
    c = values(2, 3)
    d = values(1, 3)
    out["facts"] = {
        "graph_seed_only_repeatable": a1 == a2,
        "graph_seed_only_two_vars_differ": a1[0] != a1[1],
        "op_seed_only_repeatable": b1 == b2,
        "same_op_seed_two_vars_equal": b1[0] == b1[1],
        "op_seed_value_depends_on_graph_seed": c[0] != d[0],
    }
    return out


# --------------------------------------------------------------------------
# partitioners

def P(factory, shape, dtype="float32"):
    return {"factory": factory, "shape": shape, "dtype": dtype}


PARTITIONER_CASES = []
for _shape in [[10], [5, 2], [3, 4], [1, 7], [7, 1], [0, 3], [4, 0], [100, 3, 2], [1], [6]]:
    for _k in [1, 2, 3, 4, 10]:
        for _axis in [0, 1, -1]:
            PARTITIONER_CASES.append(P("fixed_size_partitioner(%d, axis=%d)" % (_k, _axis), _shape))
for _expr in ["fixed_size_partitioner(0)", "fixed_size_partitioner(-2)", "fixed_size_partitioner(2, axis=3)",
              "fixed_size_partitioner(None)", "fixed_size_partitioner(num_shards=3, axis=0)",
              "fixed_size_partitioner(2.5)"]:
    PARTITIONER_CASES.append(P(_expr, [4, 4]))
_VAS_SHAPES = [[1024, 1024], [1000, 3], [3, 1000], [100], [7], [1, 1], [33, 5, 2], [0, 4],
               [4, 0], [1 << 20]]
for _shape in _VAS_SHAPES:
    for _dtype in ["float32", "float64", "int8", "bool", "string", "complex128", "float16"]:
        for _args in ["4", "1", "100", "1000", "4096", "(64 << 20) - 1", "1 << 10",
                      "1000, axis=1", "100, max_shards=3", "17, bytes_per_string_element=3",
                      "40, axis=-1", "8, axis=2", "1 << 12, max_shards=1"]:
            PARTITIONER_CASES.append(P("variable_axis_size_partitioner(%s)" % _args, _shape, _dtype))
for _expr in ["variable_axis_size_partitioner(0)", "variable_axis_size_partitioner(-5)",
              "variable_axis_size_partitioner(10, bytes_per_string_element=0)",
              "variable_axis_size_partitioner(10, max_shards=0)",
              "variable_axis_size_partitioner(10, max_shards=-1)",
              "variable_axis_size_partitioner(0.5)", "variable_axis_size_partitioner(2.5)",
              "variable_axis_size_partitioner(10, axis=5)"]:
    PARTITIONER_CASES.append(P(_expr, [8, 8]))
for _shape in [[1024, 1024], [1000, 3], [3, 1000], [100], [7], [1, 1], [33, 5, 2], [0, 4],
               [4, 0], [1 << 20], [300, 300]]:
    for _dtype in ["float32", "float64", "int8", "string", "bool"]:
        for _args in ["", "4", "16", "100", "4, min_slice_size=1", "3, min_slice_size=100",
                      "1000, min_slice_size=1 << 10", "8, axis=1", "8, axis=-1", "8, axis=2",
                      "max_partitions=5, axis=0, min_slice_size=64",
                      "6, min_slice_size=10, bytes_per_string_element=1", "0", "-3"]:
            PARTITIONER_CASES.append(P("min_max_variable_partitioner(%s)" % _args, _shape, _dtype))
for _expr in ["min_max_variable_partitioner(2, min_slice_size=0)",
              "min_max_variable_partitioner(2, axis=-3)",
              "min_max_variable_partitioner(2, axis=5)"]:
    PARTITIONER_CASES.append(P(_expr, [8, 8]))


def record_partitioner_calls():
    out = []
    for case in PARTITIONER_CASES:
        rec = dict(case)
        try:
            part = eval(case["factory"], NS)
        except Exception as e:  # noqa: BLE001
            rec.update(err(e), stage="factory")
            out.append(rec)
            continue
        try:
            res = part(shape=tf.TensorShape(case["shape"]), dtype=tf.as_dtype(case["dtype"]))
            rec["result"] = sanitize(list(res))
        except Exception as e:  # noqa: BLE001
            rec.update(err(e), stage="call")
        out.append(rec)
    return out


# get_variable with a partitioner: slices (name, offset, shape) and values.
GV_CASES = [
    {"partitioner": "fixed_size_partitioner(3)", "shape": [5, 2]},
    {"partitioner": "fixed_size_partitioner(3)", "shape": [6, 2]},
    {"partitioner": "fixed_size_partitioner(3)", "shape": [7]},
    {"partitioner": "fixed_size_partitioner(4)", "shape": [2, 3]},
    {"partitioner": "fixed_size_partitioner(2, axis=1)", "shape": [3, 5]},
    {"partitioner": "fixed_size_partitioner(2, axis=-1)", "shape": [3, 5]},
    {"partitioner": "fixed_size_partitioner(5, axis=1)", "shape": [2, 11, 3]},
    {"partitioner": "fixed_size_partitioner(1)", "shape": [4, 4]},
    {"partitioner": "fixed_size_partitioner(3)", "shape": [10, 10, 2]},
    {"partitioner": "fixed_size_partitioner(2)", "shape": []},
    {"partitioner": "fixed_size_partitioner(0)", "shape": [4]},
    {"partitioner": "fixed_size_partitioner(2)", "shape": [0, 3]},
    {"partitioner": "fixed_size_partitioner(2, axis=3)", "shape": [4, 4]},
    {"partitioner": "variable_axis_size_partitioner(16)", "shape": [10, 2]},
    {"partitioner": "variable_axis_size_partitioner(16, max_shards=3)", "shape": [10, 2]},
    {"partitioner": "variable_axis_size_partitioner(16, axis=1)", "shape": [2, 10]},
    {"partitioner": "variable_axis_size_partitioner(10)", "shape": [0, 4]},
    {"partitioner": "min_max_variable_partitioner(4, min_slice_size=8)", "shape": [9, 2]},
    {"partitioner": "min_max_variable_partitioner(4, min_slice_size=8)", "shape": [9, 2],
     "dtype": "float64"},
    {"partitioner": "min_max_variable_partitioner(100, min_slice_size=4)", "shape": [3, 2]},
    {"partitioner": "min_max_variable_partitioner(3)", "shape": [4, 0]},
    {"partitioner": "min_max_variable_partitioner(2, axis=2)", "shape": [4, 4]},
    {"partitioner": "lambda shape, dtype: [5]", "shape": [3]},
    {"partitioner": "lambda shape, dtype: [3, 1]", "shape": [3]},
    {"partitioner": "lambda shape, dtype: [0]", "shape": [3]},
    {"partitioner": "lambda shape, dtype: [-1]", "shape": [3]},
    {"partitioner": "lambda shape, dtype: [2, 2]", "shape": [4, 4]},
    {"partitioner": "lambda shape, dtype: np.array([2])", "shape": [3]},
    {"partitioner": "lambda shape, dtype: (2,)", "shape": [3]},
    {"partitioner": "lambda shape, dtype: (1, 3)", "shape": [2, 7]},
    {"partitioner": "lambda shape, dtype: [2.0]", "shape": [3]},
    {"partitioner": "lambda shape, dtype: ['a']", "shape": [3]},
    {"partitioner": "lambda shape, dtype: 2", "shape": [3]},
    {"partitioner": "lambda shape, dtype: None", "shape": [3]},
    {"partitioner": "lambda shape, dtype: [1, 1]", "shape": [0, 3]},
    {"partitioner": "lambda shape, dtype: [1]", "shape": [3]},
    {"partitioner": "lambda shape, dtype: [True]", "shape": [3]},
    {"partitioner": "lambda shape, dtype: [np.int64(2)]", "shape": [3]},
    # values of deterministic initializers, filled part by part
    {"partitioner": "fixed_size_partitioner(3)", "shape": [5, 2],
     "initializer": "constant_initializer([1, 2])"},
    {"partitioner": "fixed_size_partitioner(2)", "shape": [6],
     "initializer": "constant_initializer([1, 2, 3, 4, 5, 6])"},
    {"partitioner": "fixed_size_partitioner(2)", "shape": [4],
     "initializer": "constant_initializer([1, 2, 3, 4, 5, 6])"},
    {"partitioner": "fixed_size_partitioner(2, axis=1)", "shape": [2, 4],
     "initializer": "constant_initializer([1, 2, 3])"},
    {"partitioner": "fixed_size_partitioner(3)", "shape": [5, 2],
     "initializer": "ones_initializer()", "dtype": "int32"},
    {"partitioner": "fixed_size_partitioner(2)", "shape": [4, 4],
     "initializer": "identity_initializer()"},
    {"partitioner": "fixed_size_partitioner(3, axis=1)", "shape": [3, 5],
     "initializer": "identity_initializer(gain=3.0)"},
    {"partitioner": "fixed_size_partitioner(2)", "shape": [3, 2], "dtype": "int32"},
    {"partitioner": "fixed_size_partitioner(2)", "shape": [3, 2], "dtype": "bool"},
    {"partitioner": "fixed_size_partitioner(2)", "shape": [4],
     "initializer": "value:[1.0, 2.0, 3.0, 4.0]"},
]


def record_get_variable():
    out = []
    for case in GV_CASES:
        rec = dict(case)
        g = tf.Graph()
        with g.as_default():
            kw = {"shape": case["shape"], "partitioner": eval(case["partitioner"], NS)}
            if case.get("dtype"):
                kw["dtype"] = tf.as_dtype(case["dtype"])
            init = case.get("initializer")
            if init is not None:
                if init.startswith("value:"):
                    kw["initializer"] = np.array(eval(init[len("value:"):], NS), np.float32)
                else:
                    kw["initializer"] = eval(init, NS)
            try:
                with v1.variable_scope("s"):
                    pv = v1.get_variable("v", **kw)
            except Exception as e:  # noqa: BLE001
                rec.update(err(e))
                made = sorted(op.name for op in g.get_operations()
                              if op.type in ("VarHandleOp", "VariableV2"))
                rec["created_before_error"] = made
                out.append(rec)
                continue
            if isinstance(pv, (tf.Variable,)) and not hasattr(pv, "_get_partitions"):
                rec["unpartitioned"] = {"name": pv.name, "shape": pv.shape.as_list()}
                out.append(rec)
                continue
            rec["partitions"] = [int(x) for x in pv._get_partitions()]
            rec["parts"] = [[p.name, list(p._save_slice_info.var_offset), p.shape.as_list()]
                            for p in pv]
            if init is not None or case.get("dtype") in ("int32", "bool"):
                with v1.Session(graph=g) as s:
                    s.run(v1.global_variables_initializer())
                    rec["part_values"] = [encode_array(s.run(p)) for p in pv]
        out.append(rec)
    return out


# --------------------------------------------------------------------------

def main():
    os.makedirs(DATA, exist_ok=True)
    init_data = {
        "tf_version": tf.__version__,
        "numpy_version": np.__version__,
        "dtypes": record_dtypes(),
        "deterministic": record_deterministic(),
        "random": record_random(),
        "seeds": record_seeds(),
    }
    part_data = {
        "tf_version": tf.__version__,
        "partitioner_calls": record_partitioner_calls(),
        "get_variable": record_get_variable(),
    }
    for fname, data in [("tf_initializers.json", init_data), ("tf_partitioners.json", part_data)]:
        path = os.path.join(DATA, fname)
        with open(path, "w") as f:
            json.dump(sanitize(data), f, indent=1, sort_keys=True, allow_nan=False)
            f.write("\n")
        print("wrote", os.path.normpath(path), file=sys.stderr)


if __name__ == "__main__":
    main()
