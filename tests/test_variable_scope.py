"""variable_scope, VariableScope and get_variable_scope against TF 2.21.

Recorded cases (tests/data/tf_variable_scope.json, made by
tools/record_tf_variable_scope.py) replay TF's own behaviour; the tests below
them pin down the same behaviour one rule at a time, with TF's docstring
examples verbatim, and check that bad input leaves the state as TF does.
"""
import importlib.util
import json
import os
import threading

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "data", "tf_variable_scope.json")) as _f:
    RECORDED = json.load(_f)
_spec = importlib.util.spec_from_file_location(
    "record_tf_variable_scope",
    os.path.join(HERE, os.pardir, "tools", "record_tf_variable_scope.py"))
_recorder = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_recorder)  # numpy only: TF is imported lazily there


def run_recorded(ps, name):
    helpers = {
        "v1": ps, "dt": np.dtype,
        "val": lambda v: np.asarray(v.numpy()).tolist(),
        "op": lambda n: ps.get_default_graph().create_op_name(n),
        "is_partitioned": lambda v: isinstance(v, ps.PartitionedVariable),
    }
    return _recorder.run_case(RECORDED[name]["code"], helpers)


SCOPE_CASES = sorted(
    n for n in RECORDED
    if n.startswith(("doc_", "reenter_", "captured_", "auxiliary_", "empty_",
                     "default_name_", "reuse_argument", "bad_scope", "improper",
                     "scope_", "reset_default", "thread_", "values_")))


@pytest.mark.parametrize("name", SCOPE_CASES)
def test_recorded_tf_behaviour(ps, name):
    assert run_recorded(ps, name) == RECORDED[name]["records"]


def test_every_recorded_case_is_tested():
    from test_get_variable import GET_VARIABLE_CASES
    from test_variable_hooks import HOOK_CASES
    tested = set(SCOPE_CASES) | set(GET_VARIABLE_CASES) | set(HOOK_CASES)
    assert tested == set(RECORDED)


def state(ps):
    """What bad input must leave alone: scope, name scope, names, store."""
    g = ps.get_default_graph()
    s = ps.get_variable_scope()
    return (g, s, s.name, s.reuse, ps.get_name_scope(),
            g.unique_name("a", mark_as_used=False),
            g.unique_name("d", mark_as_used=False), g._core._num_variables(),
            ps.get_collection(ps.GraphKeys.GLOBAL_VARIABLES))


# -- TF's docstring examples, verbatim (tf.compat.v1 -> ps) -------------------

def test_doc_simple_example(ps):
    with ps.variable_scope("foo"):
        with ps.variable_scope("bar"):
            v = ps.get_variable("v", [1])
            assert v.name == "foo/bar/v:0"


def test_doc_reenter_premade_scope(ps):
    with ps.variable_scope("foo") as vs:
        pass
    with ps.variable_scope(vs, auxiliary_name_scope=False) as vs1:
        with ps.name_scope(vs1.original_name_scope):
            v = ps.get_variable("v", [1])
            assert v.name == "foo/v:0"
            c = ps.create_op_name("c")
            assert c == "foo/c"


def test_doc_default_name_counters_restart(ps):
    with ps.variable_scope("foo") as vs:
        with ps.variable_scope(None, default_name="bar"):
            v = ps.get_variable("a", [1])
            assert v.name == "foo/bar/a:0", v.name
        with ps.variable_scope(None, default_name="bar"):
            v = ps.get_variable("b", [1])
            assert v.name == "foo/bar_1/b:0"
    with ps.variable_scope(vs):
        with ps.variable_scope(None, default_name="bar"):
            v = ps.get_variable("c", [1])
            assert v.name == "foo/bar/c:0"   # Uses bar instead of bar_2!


def test_doc_auto_reuse(ps):
    def foo():
        with ps.variable_scope("foo", reuse=ps.AUTO_REUSE):
            v = ps.get_variable("v", [1])
        return v

    v1 = foo()  # Creates v.
    v2 = foo()  # Gets the same, existing v.
    assert v1 == v2


def test_doc_reuse_true(ps):
    with ps.variable_scope("foo"):
        v = ps.get_variable("v", [1])
    with ps.variable_scope("foo", reuse=True):
        v1 = ps.get_variable("v", [1])
    assert v1 == v


def test_doc_capture_and_reuse_variables(ps):
    with ps.variable_scope("foo") as scope:
        v = ps.get_variable("v", [1])
        scope.reuse_variables()
        v1 = ps.get_variable("v", [1])
    assert v1 == v


def test_doc_existing_variable_in_non_reusing_scope(ps):
    with ps.variable_scope("foo"):
        ps.get_variable("v", [1])
        with pytest.raises(ValueError, match="foo/v already exists"):
            ps.get_variable("v", [1])


def test_doc_missing_variable_in_reusing_scope(ps):
    with ps.variable_scope("foo", reuse=True):
        with pytest.raises(ValueError, match="foo/v does not exist"):
            ps.get_variable("v", [1])


def test_doc_thread_reenters_captured_scope(ps):
    main_thread_scope = ps.get_variable_scope()
    with ps.variable_scope("main"):
        main_thread_scope = ps.get_variable_scope()
    seen = []
    graph = ps.get_default_graph()

    def thread_target_fn(captured_scope):
        with graph.as_default():
            seen.append(ps.get_variable_scope().name)
            with ps.variable_scope(captured_scope):
                seen.append(ps.get_variable("t", [1]).name)

    thread = threading.Thread(target=thread_target_fn, args=(main_thread_scope,))
    thread.start()
    thread.join()
    assert seen == ["", "main/t:0"]


# -- name scopes ---------------------------------------------------------------

def test_reentering_by_name_opens_a_new_name_scope(ps):
    with ps.variable_scope("foo") as s:
        assert (ps.get_name_scope(), s.original_name_scope) == ("foo", "foo/")
        ps.get_variable("v", [1])
    with ps.variable_scope("foo", reuse=True) as s:
        assert (ps.get_name_scope(), s.original_name_scope) == ("foo_1", "foo_1/")
        assert ps.get_variable("v", [1]).name == "foo/v:0"
        assert ps.create_op_name("x") == "foo_1/x"


def test_captured_scope_opens_name_scope_after_its_last_component(ps):
    with ps.variable_scope("a/b") as vs:
        pass
    with ps.variable_scope("x"):
        with ps.variable_scope(vs) as s:
            assert (s.name, s.original_name_scope) == ("a/b", "a/b/")
            assert ps.get_name_scope() == "x/b"
            assert ps.get_variable("v", [1]).name == "a/b/v:0"


def test_auxiliary_name_scope_false_keeps_the_current_name_scope(ps):
    with ps.name_scope("outer"):
        with ps.variable_scope("foo", auxiliary_name_scope=False) as s:
            assert ps.get_name_scope() == "outer"
            assert s.original_name_scope == "outer/"
            assert ps.get_variable("v", [1]).name == "foo/v:0"
    assert ps.get_default_graph().unique_name("foo", mark_as_used=False) == "foo"


def test_variables_follow_the_variable_scope_not_the_name_scope(ps):
    with ps.name_scope("n"):
        with ps.variable_scope("s"):
            with ps.name_scope("m"):
                v = ps.get_variable("v", [1])
                assert ps.get_name_scope() == "n/s/m"
    assert v.name == "s/v:0"


# -- default names ----------------------------------------------------------------

def test_default_name_is_made_unique_among_siblings(ps):
    names = []
    for _ in range(3):
        with ps.variable_scope(None, default_name="layer") as s:
            names.append((s.name, ps.get_name_scope()))
    assert names == [("layer", "layer"), ("layer_1", "layer_1"),
                     ("layer_2", "layer_2")]


def test_default_name_counters_reset_when_the_parent_exits(ps):
    for _ in range(2):
        with ps.variable_scope("p"):
            with ps.variable_scope(None, default_name="d") as s:
                last = s.name
    assert last == "p/d"  # not p/d_1: the counters below p reset on exit


def test_default_name_skips_names_opened_explicitly(ps):
    with ps.variable_scope("x_1"):
        pass
    with ps.variable_scope(None, default_name="x"):
        pass
    with ps.variable_scope(None, default_name="x") as s:
        assert s.name == "x_2"


def test_default_name_with_reuse_is_an_error_that_changes_nothing(ps):
    before = state(ps)
    for reuse in (True, ps.AUTO_REUSE):
        with pytest.raises(ValueError, match="name_or_scope"):
            with ps.variable_scope(None, default_name="d", reuse=reuse):
                pass
    assert state(ps) == before


# -- reuse -----------------------------------------------------------------------

def test_reuse_is_inherited_and_false_means_inherit(ps):
    with ps.variable_scope("a", reuse=True) as a:
        with ps.variable_scope("b") as b:
            with ps.variable_scope("c", reuse=False) as c:
                assert (a.reuse, b.reuse, c.reuse) == (True, True, True)
    with ps.variable_scope("a", reuse=ps.AUTO_REUSE):
        with ps.variable_scope("b") as b:
            assert b.reuse is ps.AUTO_REUSE
    assert ps.get_variable_scope().reuse is False


def test_reuse_variables_sticks_to_the_scope_object(ps):
    with ps.variable_scope("a") as a:
        ps.get_variable("v", [1])
        a.reuse_variables()
        with ps.variable_scope("in") as inner:
            assert inner.reuse is True
    with ps.variable_scope(a) as again:
        assert again.reuse is True
        assert ps.get_variable("v", [1]).name == "a/v:0"


@pytest.mark.parametrize("reuse", [1, "yes", 0.0])
def test_bad_reuse_value(ps, reuse):
    with pytest.raises(ValueError, match="reuse"):
        ps.variable_scope("s", reuse=reuse)


# -- bad input leaves the state alone ------------------------------------------------

@pytest.mark.parametrize("args, kwargs, error", [
    ((None,), {}, TypeError),
    (("a",), {"auxiliary_name_scope": 1}, TypeError),
    ((5,), {}, TypeError),
    ((b"a",), {}, TypeError),
    (("a b",), {}, ValueError),
    (("-a",), {}, ValueError),
    ((None,), {"default_name": 5}, TypeError),
    ((None,), {"default_name": "a:0"}, ValueError),
])
def test_bad_scope_arguments_change_nothing(ps, args, kwargs, error):
    before = state(ps)
    with pytest.raises(error):
        with ps.variable_scope(*args, **kwargs):
            pass
    assert state(ps) == before
    ps.reset_default_graph()  # the default-graph stack was left balanced


def test_exception_in_body_unwinds_everything(ps):
    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        with ps.variable_scope("a"):
            with ps.variable_scope(None, default_name="d"):
                raise Boom()
    assert ps.get_variable_scope().name == ""
    assert ps.get_name_scope() == ""
    ps.reset_default_graph()


def test_improper_nesting_raises_runtime_error(ps):
    a = ps.variable_scope("a")
    b = ps.variable_scope("b")
    a.__enter__()
    b.__enter__()
    with pytest.raises(RuntimeError, match="nesting"):
        a.__exit__(None, None, None)
    b.__exit__(None, None, None)
    assert ps.get_variable_scope().name == "a"


# -- scope objects ----------------------------------------------------------------------

def test_scope_object_is_reenterable(ps):
    cm = ps.variable_scope("foo")
    with cm as s1:
        assert ps.get_name_scope() == "foo"
    with cm as s2:
        assert ps.get_name_scope() == "foo_1"
    # A new VariableScope per entry, but the first entry's name scope is kept.
    assert s1 is not s2
    assert [(s.name, s.original_name_scope) for s in (s1, s2)] == [("foo", "foo/")] * 2


def test_scope_remembers_its_graph(ps):
    g = ps.Graph()
    with g.as_default():
        cm = ps.variable_scope("in_g")
    with cm:
        assert ps.get_default_graph() is g
        v = ps.get_variable("v", [1])
    assert v.graph is g
    assert ps.get_default_graph() is not g
    assert ps.get_collection(ps.GraphKeys.GLOBAL_VARIABLES) == []
    assert g.get_collection(ps.GraphKeys.GLOBAL_VARIABLES) == [v]


def test_reset_default_graph_inside_a_variable_scope(ps):
    with ps.variable_scope("a"):
        with pytest.raises(AssertionError):
            ps.reset_default_graph()


def test_variable_scope_state_is_per_graph(ps):
    g = ps.Graph()
    with ps.variable_scope("outer"):
        with g.as_default():
            assert ps.get_variable_scope().name == ""
            with ps.variable_scope("inner"):
                assert ps.get_variable("v", [1]).name == "inner/v:0"
        assert ps.get_variable_scope().name == "outer"


# -- threads ---------------------------------------------------------------------------

def _in_thread(fn):
    out, errors = [], []

    def target():
        try:
            out.append(fn())
        except BaseException as e:  # noqa: BLE001 - re-raised below
            errors.append(e)

    t = threading.Thread(target=target)
    t.start()
    t.join()
    if errors:
        raise errors[0]
    return out[0]


def test_threads_have_their_own_scope_and_counters_but_share_the_store(ps):
    g = ps.get_default_graph()
    with ps.variable_scope(None, default_name="t"):
        pass
    with ps.variable_scope("main", reuse=True):
        def body():
            with g.as_default():
                scope = ps.get_variable_scope()
                with ps.variable_scope(None, default_name="t") as s:
                    default = s.name
                with ps.variable_scope("shared"):
                    ps.get_variable("v", [1])
                return scope.name, scope.reuse, default
        assert _in_thread(body) == ("", False, "t")
    with ps.variable_scope("shared"):
        with pytest.raises(ValueError, match="already exists"):
            ps.get_variable("v", [1])
    with ps.variable_scope("shared", reuse=True):
        assert ps.get_variable("v", [1]).name == "shared/v:0"


def test_new_thread_has_its_own_default_graph(ps):
    ps.get_variable("v", [1])
    assert _in_thread(lambda: ps.get_variable("v", [1]).name) == "v:0"
    assert len(ps.get_collection(ps.GraphKeys.GLOBAL_VARIABLES)) == 1


# -- VariableScope ----------------------------------------------------------------------

def test_root_scope_properties(ps):
    s = ps.get_variable_scope()
    assert isinstance(s, ps.VariableScope)
    assert (s.name, s.original_name_scope, s.reuse) == ("", "", False)
    assert s.dtype == np.float32
    assert (s.initializer, s.regularizer, s.caching_device, s.partitioner,
            s.custom_getter, s.use_resource, s.constraint) == (None,) * 7


def test_scope_arguments_become_properties_and_are_inherited(ps):
    init = ps.ones_initializer()

    def reg(v):
        return None

    def part(shape, dtype):
        return [1] * len(shape)

    def constraint(x):
        return x

    with ps.variable_scope("s", initializer=init, regularizer=reg,
                           caching_device="/cpu:0", partitioner=part,
                           dtype=np.float64, use_resource=True,
                           constraint=constraint) as s:
        assert (s.initializer, s.regularizer, s.caching_device, s.partitioner,
                s.dtype, s.use_resource, s.constraint) == (
            init, reg, "/cpu:0", part, np.float64, True, constraint)
        with ps.variable_scope("t") as t:
            assert (t.initializer, t.regularizer, t.caching_device,
                    t.partitioner, t.dtype, t.use_resource) == (
                init, reg, "/cpu:0", part, np.float64, True)
            assert t.constraint is None  # TF does not inherit constraints
            v = ps.get_variable("v", [])  # a scalar ignores the partitioner
    assert v.dtype == np.float64 and v.caching_device == "/cpu:0"
    assert v.numpy().tolist() == 1.0


def test_setters(ps):
    with ps.variable_scope("s") as s:
        s.set_dtype(np.int32)
        s.set_initializer(ps.constant_initializer(4))
        s.set_regularizer(ps.no_regularizer)
        s.set_caching_device("/cpu:0")
        s.set_partitioner(None)
        s.set_custom_getter(None)
        s.set_use_resource(False)
        v = ps.get_variable("v", [2])
    assert (v.dtype, v.numpy().tolist()) == (np.int32, [4, 4])
    assert (s.regularizer, s.caching_device, s.use_resource) == (
        ps.no_regularizer, "/cpu:0", False)


def test_scope_collections(ps):
    with ps.variable_scope("s") as s:
        a = ps.get_variable("a", [1])
        b = ps.get_variable("b", [1], trainable=False)
        c = ps.get_local_variable("c", [1])
    with ps.variable_scope("s2"):
        ps.get_variable("a", [1])
    assert s.global_variables() == [a, b]
    assert s.trainable_variables() == [a]
    assert s.local_variables() == [c]
    assert s.get_collection("variables") == [a, b]
    assert len(ps.get_variable_scope().global_variables()) == 3


def test_variable_op_scope_is_variable_scope(ps):
    with ps.variable_op_scope([], None, default_name="d") as s:
        assert s.name == "d"
