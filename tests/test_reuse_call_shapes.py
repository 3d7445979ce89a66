"""get_variable's reuse fast path changes speed only: for every spelling of
dtype and shape, every initializer kind and scope default, a reusing call
returns what the general path returns (the same variable) or raises what it
raises (same type and message), and changes nothing else.  The general path
is run with its own reuse shortcut (pyscope._reuse.found_stored) turned
off, so it makes TF's checks one by one (pyscope._variable_store)."""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import pyscope
from lookalikes import ListOfDims, TorchDtype, TorchSize
from pyscope import _reuse, _variable_store

DTYPES = [None, "float32", "float64", "int32", "float", "double", "float32_ref",
          np.float32, np.float64, np.int32, float, int, 1, 2, 3, True,
          np.dtype("float32"), np.dtype(">f4"), "no_such_dtype", [np.float32],
          pyscope.float32, pyscope.float64, TorchDtype("float32"), TorchDtype("float64"),
          TorchDtype("no_such_dtype")]
DIMS = [None, 4, 3, np.int64(4), np.int32(4), 4.0, True, "4"]


# a shape as data (kind, dims indices): built in the test, so that drawing
# never compares NumPy scalars or TensorShapes
SHAPE_KINDS = ["none", "list", "tuple", "TensorShape", "unknown", "int", "str", "torch.Size",
               "list subclass", "int array", "float array", "2-D array"]


def make_shape(kind, dims):
    dims = [DIMS[i] for i in dims]
    return {"none": lambda: None, "list": lambda: dims, "tuple": lambda: tuple(dims),
            "TensorShape": lambda: pyscope.TensorShape([d for d in dims if d in (None, 3, 4)]
                                                       if all(type(d) in (int, type(None)) for d in dims)
                                                       else [4, 4]),
            "unknown": lambda: pyscope.TensorShape(None), "int": lambda: 4, "str": lambda: "4",
            "torch.Size": lambda: TorchSize(dims), "list subclass": lambda: ListOfDims(dims),
            "int array": lambda: np.array([d for d in dims if type(d) is int], np.int64),
            "float array": lambda: np.array([4.0] * len(dims)),
            "2-D array": lambda: np.array([[4, 4]])}[kind]()


INITIALIZERS = [None, "constant", "class", "value", "function", "float64 value", "int value",
                "list value", "(4,) value"]


def initializer_of(kind):
    return {None: None, "constant": pyscope.constant_initializer(1.0),
            "class": pyscope.zeros_initializer, "function": lambda *a, **k: 0.0,
            "value": np.ones((4, 4), np.float32), "float64 value": np.ones((4, 4)),
            "int value": np.ones((4, 4), np.int32), "list value": [[1.0] * 4] * 4,
            "(4,) value": np.ones(4, np.float32)}[kind]


def outcome(call):
    graph = pyscope.get_default_graph()
    before = (len(pyscope.global_variables()), graph.unique_name("Const", mark_as_used=False))
    try:
        result = ("value", call())
    except Exception as e:  # the outcome compared, whatever it is
        result = ("raise", type(e), str(e))
    after = (len(pyscope.global_variables()), graph.unique_name("Const", mark_as_used=False))
    return result, after == before


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dtype=st.integers(0, len(DTYPES) - 1), shape_kind=st.sampled_from(SHAPE_KINDS),
       dims=st.lists(st.integers(0, len(DIMS) - 1), max_size=3),
       init=st.sampled_from(INITIALIZERS), scope_init=st.sampled_from(INITIALIZERS),
       scope_dtype=st.sampled_from([None, "float32", "float64"]),
       reuse=st.sampled_from([True, pyscope.AUTO_REUSE]), stored=st.sampled_from([(4, 4), (4,), (3, 4)]))
def test_fast_reuse_is_the_general_reuse(ps, monkeypatch, dtype, shape_kind, dims, init,
                                         scope_init, scope_dtype, reuse, stored):
    dtype, shape = DTYPES[dtype], make_shape(shape_kind, dims)
    scope_kwargs = {"initializer": initializer_of(scope_init)}
    if scope_dtype is not None:
        scope_kwargs["dtype"] = scope_dtype
    with ps.Graph().as_default():
        with ps.variable_scope("m"):
            ps.get_variable("v", stored, initializer=ps.zeros_initializer())
        with ps.variable_scope("m", reuse=reuse, **scope_kwargs) as scope:
            kwargs = {"shape": shape, "dtype": dtype, "initializer": initializer_of(init)}
            fast = outcome(lambda: ps.get_variable("v", **kwargs))
            with monkeypatch.context() as m:
                m.setattr(_variable_store._reuse, "found_stored", lambda *a: None)
                general = outcome(lambda: scope.get_variable("v", **kwargs))
    assert fast == general


def test_fast_reuse_with_a_custom_getter_is_the_general_reuse(ps, monkeypatch):
    seen = []

    def getter(getter, *args, **kwargs):
        seen.append(kwargs["name"])
        return getter(*args, **kwargs)

    with ps.variable_scope("m", custom_getter=getter):
        v = ps.get_variable("v", [2], dtype="float32")
    with ps.variable_scope("m", reuse=True, custom_getter=getter):
        assert ps.get_variable("v", (np.int64(2),), dtype=np.float32) is v
        with pytest.raises(ValueError, match="specified shape"):
            ps.get_variable("v", [3])
    assert seen == ["m/v", "m/v", "m/v"]


def test_dtype_spellings_are_cached_by_identity_only():
    assert _reuse.np_dtype_of("float32") is np.dtype("float32")
    assert _reuse.np_dtype_of(1) is np.dtype("float32")
    assert _reuse.np_dtype_of(True) is None  # 1 is cached, True == 1: never found
    assert _reuse.np_dtype_of([np.float32]) is None


# partitioners as data: built inside the test (a new object each time, as a
# layer that calls fixed_size_partitioner(4) per variable makes them)
PARTITIONERS = {
    None: lambda: None,
    "fixed4": lambda: pyscope.fixed_size_partitioner(4),
    "fixed2": lambda: pyscope.fixed_size_partitioner(2),
    "fixed4_axis1": lambda: pyscope.fixed_size_partitioner(4, axis=1),
    "min_max": lambda: pyscope.min_max_variable_partitioner(4, min_slice_size=16),
    "axis_size": lambda: pyscope.variable_axis_size_partitioner(64),
    "user_same": lambda: (lambda shape, dtype: [4, 1]),
    "user_other": lambda: (lambda shape, dtype: [2, 1]),
}


def _general_reuse_only(m):
    m.setattr(_variable_store._reuse, "found_stored", lambda *a: None)


# shapes and dtypes near the stored (8, 4) float32, built in the test
PARTITIONED_SHAPES = [lambda: None, lambda: [8, 4], lambda: pyscope.TensorShape([8, 4]),
                      lambda: (np.int64(8), np.int32(4)), lambda: [8, None], lambda: [8, 3],
                      lambda: [], lambda: [8.0, 4], lambda: pyscope.TensorShape(None)]
PARTITIONED_DTYPES = [None, "float32", np.float32, pyscope.float32, 1, "float64",
                      "no_such_dtype"]
# mostly the partitioner the variable was made with, or none
LIKELY_PARTITIONERS = st.sampled_from([None, None, "fixed4", "fixed4", "fixed4"]
                                      + sorted(PARTITIONERS, key=str))


@settings(max_examples=600, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(made_with=st.sampled_from(["fixed4", "fixed4", "min_max", "user_same"]),
       call_partitioner=LIKELY_PARTITIONERS, scope_partitioner=LIKELY_PARTITIONERS,
       shape=st.integers(0, len(PARTITIONED_SHAPES) - 1),
       dtype=st.integers(0, len(PARTITIONED_DTYPES) - 1), init=st.sampled_from(INITIALIZERS),
       reuse=st.sampled_from([True, pyscope.AUTO_REUSE]), warm=st.booleans())
def test_fast_partitioned_reuse_is_the_general_reuse(ps, monkeypatch, made_with, call_partitioner,
                                                     scope_partitioner, shape, dtype,
                                                     init, reuse, warm):
    kwargs = {"shape": PARTITIONED_SHAPES[shape](), "dtype": PARTITIONED_DTYPES[dtype],
              "initializer": initializer_of(init),
              "partitioner": PARTITIONERS[call_partitioner]()}
    with ps.Graph().as_default():
        with ps.variable_scope("m", partitioner=PARTITIONERS[made_with]()):
            ps.get_variable("v", (8, 4))
        with ps.variable_scope("m", reuse=reuse,
                               partitioner=PARTITIONERS[scope_partitioner]()) as scope:
            if warm:  # a first reuse through the general path, as in TF
                with monkeypatch.context() as m:
                    _general_reuse_only(m)
                    outcome(lambda: scope.get_variable("v", **kwargs))
            fast = outcome(lambda: ps.get_variable("v", **kwargs))
            with monkeypatch.context() as m:
                _general_reuse_only(m)
                general = outcome(lambda: scope.get_variable("v", **kwargs))
    assert fast == general


def test_a_creators_partitioned_object_is_never_reused_fast(ps):
    # TF: a partitioner given for a name that holds an unpartitioned variable
    made = []
    with ps.variable_scope("m", partitioner=ps.fixed_size_partitioner(2)):
        made.append(ps.get_variable("p", [4, 2]))
    with ps.variable_creator_scope(lambda next_creator, **kwargs: made[0]):
        ps.get_variable("q", [4, 2])  # the creator returns m/p's object for q
    with ps.variable_scope("", reuse=True):
        with pytest.raises(ValueError, match="unpartitioned version of the variable was found: q"):
            ps.get_variable("q", [4, 2], partitioner=ps.fixed_size_partitioner(2))
        assert ps.get_variable("m/p", [4, 2], partitioner=ps.fixed_size_partitioner(2)) is made[0]


def test_partitioned_reuse_skips_only_pyscopes_pure_partitioners(ps):
    calls = []

    def user_partitioner(shape, dtype):
        calls.append(list(shape))
        return [2, 1]

    with ps.variable_scope("m", partitioner=user_partitioner):
        v = ps.get_variable("v", [4, 2])
    with ps.variable_scope("m", reuse=True, partitioner=user_partitioner):
        assert ps.get_variable("v", [4, 2]) is v
        assert ps.get_variable("v", [4, 2]) is v
    assert calls == [[4, 2]] * 3  # TF calls a user's partitioner on every reuse
