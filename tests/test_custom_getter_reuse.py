"""A custom getter's call on the fast path (the C core's
_fastpaths.through_custom_getter and its StoreGetter) changes speed only:
for every kind of getter (passing through, renaming, calling back
positionally, changing the reuse or the dtype, returning something else,
raising, calling the getter twice, making an op), every scope default and
call keyword, the getter sees the same keywords under the same name scope,
and the call returns or raises the same, leaving the same graph.  The
general path (VariableScope.get_variable, _store_get_variable) is run with
the Python getter and its reuse shortcut (pyscope._reuse.found_stored)
turned off, so it makes TF's checks one by one."""
import functools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import pyscope
from pyscope import _variable_store


def _pass(getter, *args, **kwargs):
    return getter(*args, **kwargs)


def _positional(getter, name, *args, **kwargs):
    return getter(name, *args, **kwargs)


def _rename(getter, name, *args, **kwargs):
    return getter(name + "_r", *args, **kwargs)


def _not_reusing(getter, *args, **kwargs):
    return getter(*args, **dict(kwargs, reuse=False))


def _as_float64(getter, *args, **kwargs):
    return getter(*args, **dict(kwargs, dtype=pyscope.float64))


def _something_else(getter, *args, **kwargs):
    return ("not a variable", kwargs["name"])


def _raises(getter, *args, **kwargs):
    raise KeyError("the getter's own error: " + kwargs["name"])


def _twice(getter, *args, **kwargs):
    first = getter(*args, **kwargs)
    return first, getter(*args, **kwargs)


def _makes_an_op(getter, *args, **kwargs):
    variable = getter(*args, **kwargs)
    return variable, pyscope.get_default_graph().create_op_name("Cast")


def _no_constraint(getter, name, shape=None, dtype=None, initializer=None, regularizer=None,
                   reuse=None, trainable=None, collections=None, caching_device=None,
                   partitioner=None, validate_shape=True, use_resource=None,
                   synchronization=None, aggregation=None):
    return getter(name, shape=shape, dtype=dtype, initializer=initializer, reuse=reuse,
                  trainable=trainable, synchronization=synchronization,
                  aggregation=aggregation)


GETTERS = [None, _pass, _positional, _rename, _not_reusing, _as_float64, _something_else,
           _raises, _twice, _makes_an_op, _no_constraint, functools.partial(_pass)]

SHAPES = [None, [4, 4], (4, 4), (np.int64(4), 4), [3, 4], [8, 4]]
DTYPES = [None, "float32", np.float32, pyscope.float32, pyscope.float64, "no_such_dtype"]
INITIALIZERS = [None, "constant", "value"]


def initializer_of(kind):
    return {None: None, "constant": pyscope.constant_initializer(1.0),
            "value": np.ones((4, 4), np.float32)}[kind]


def recording(custom_getter, seen):
    """`custom_getter`, recording what it is handed (all but the getter
    object, which is each path's own) and the name scope it runs under."""
    if custom_getter is None:
        return None

    def note(getter, kwargs):
        seen.append((list(kwargs), {k: v for k, v in kwargs.items() if k != "getter"},
                     pyscope.get_default_graph().get_name_scope(), callable(getter)))

    if custom_getter is _no_constraint:  # the signature the constraint check reads
        def record_no_constraint(getter, name, shape=None, dtype=None, initializer=None,
                                 regularizer=None, reuse=None, trainable=None,
                                 collections=None, caching_device=None, partitioner=None,
                                 validate_shape=True, use_resource=None,
                                 synchronization=None, aggregation=None):
            note(getter, {k: v for k, v in locals().items() if k not in ("note", "getter")})
            return _no_constraint(getter, name, shape, dtype, initializer, regularizer,
                                  reuse, trainable, collections, caching_device,
                                  partitioner, validate_shape, use_resource,
                                  synchronization, aggregation)
        return record_no_constraint

    def record(getter, *args, **kwargs):
        note(getter, kwargs)
        return custom_getter(getter, *args, **kwargs)
    return record


def summary(result):
    """A result, comparable across two graphs (variables by name)."""
    if isinstance(result, tuple):
        return tuple(summary(r) for r in result)
    name = getattr(result, "name", None)
    return (type(result).__name__, name) if name is not None else result


def build_and_call(ps, case, through_scope):
    """Builds the case's graph, then calls get_variable the fast way (the
    module function) or the general way (the scope's method, with the
    Python getter and no reuse shortcut)."""
    seen = []
    scope_getter, inner_getter, call_getter = (recording(g, seen) for g in case["getters"])
    graph = ps.Graph()
    with graph.as_default():
        with ps.variable_scope("m", partitioner=case["made_partitioner"]):
            ps.get_variable("v", case["stored"], initializer=ps.zeros_initializer())
        scope_kwargs = dict(case["scope_defaults"], custom_getter=scope_getter)
        with ps.variable_scope("m", reuse=case["reuse"], **scope_kwargs) as outer:
            with ps.variable_scope(outer, custom_getter=inner_getter) as scope:
                with ps.name_scope("inner"):
                    before = (len(ps.global_variables()), graph.unique_name("Const", False),
                              graph.unique_name("Cast", False))
                    kwargs = dict(case["call"], custom_getter=call_getter)
                    try:
                        if through_scope:
                            result = ("value", summary(scope.get_variable("v", **kwargs)))
                        else:
                            result = ("value", summary(ps.get_variable("v", **kwargs)))
                    except Exception as e:  # the outcome compared, whatever it is
                        result = ("raise", type(e), str(e))
                    after = (len(ps.global_variables()), graph.unique_name("Const", False),
                             graph.unique_name("Cast", False), graph.get_name_scope())
    names = sorted(v.name for v in graph.get_collection(ps.GraphKeys.GLOBAL_VARIABLES))
    return result, before, after, names, [(keys, summary_of_kwargs(kw), ns, c)
                                         for keys, kw, ns, c in seen]


def summary_of_kwargs(kwargs):
    return {k: (v if isinstance(v, (str, bool, type(None), int, float, tuple, list))
                else (type(v).__name__, id(v) if not isinstance(v, (np.ndarray,)) else "array"))
            for k, v in kwargs.items()}


CASES = st.fixed_dictionaries({
    "getters": st.tuples(st.sampled_from(GETTERS), st.sampled_from(GETTERS[:3]),
                         st.sampled_from(GETTERS)),
    "reuse": st.sampled_from([True, pyscope.AUTO_REUSE, None]),
    "stored": st.sampled_from([(4, 4), (8, 4)]),
    "made_partitioner": st.sampled_from([None, pyscope.fixed_size_partitioner(2)]),
    "scope_defaults": st.fixed_dictionaries({}, optional={
        "initializer": st.sampled_from(INITIALIZERS).map(initializer_of),
        "dtype": st.sampled_from(["float32", "float64"]),
        "regularizer": st.just(lambda v: None),
        "constraint": st.just(lambda v: v),
        "partitioner": st.just(pyscope.fixed_size_partitioner(2)),
    }),
    "call": st.fixed_dictionaries({}, optional={
        "shape": st.sampled_from(SHAPES),
        "dtype": st.sampled_from(DTYPES),
        "initializer": st.sampled_from(INITIALIZERS).map(initializer_of),
        "trainable": st.sampled_from([None, False]),
        "constraint": st.just(lambda v: v),
        "regularizer": st.just(lambda v: None),
        "synchronization": st.sampled_from([pyscope.VariableSynchronization.AUTO,
                                            pyscope.VariableSynchronization.ON_READ]),
    }),
})


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=CASES)
def test_a_custom_getters_fast_call_is_the_general_call(ps, monkeypatch, case):
    fast = build_and_call(ps, case, through_scope=False)
    with monkeypatch.context() as m:
        m.setattr(_variable_store, "store_getter", _variable_store.python_store_getter)
        m.setattr(_variable_store._reuse, "found_stored", lambda *a: None)
        general = build_and_call(ps, case, through_scope=True)
    assert fast == general


def test_the_getter_handed_on_has_tfs_signature(ps):
    import inspect
    handed = []

    def getter(getter, *args, **kwargs):
        handed.append(getter)
        return getter(*args, **kwargs)

    with ps.variable_scope("s", custom_getter=getter):
        ps.get_variable("v", [1])
    parameters = list(inspect.signature(handed[0]).parameters)
    assert parameters == ["name", "shape", "dtype", "initializer", "regularizer", "reuse",
                          "trainable", "collections", "caching_device", "partitioner",
                          "validate_shape", "use_resource", "constraint", "synchronization",
                          "aggregation"]


def test_a_getter_that_is_not_callable_is_tfs_error_on_every_path(ps):
    with ps.variable_scope("s"):
        ps.get_variable("v", [1])
    with ps.variable_scope("s", reuse=True) as scope:
        scope.set_custom_getter(42)
        with pytest.raises(ValueError, match="Passed a custom_getter which is not callable: 42"):
            ps.get_variable("v", [1])
