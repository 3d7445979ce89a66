"""Custom getters, variable creators and partitioned variables against TF 2.21.

Recorded cases come from tools/record_tf_variable_scope.py (see
test_variable_scope.py).
"""
import threading

import numpy as np
import pytest

from test_variable_scope import RECORDED, run_recorded

HOOK_CASES = sorted(
    n for n in RECORDED if n.startswith(("getter", "creator", "partitioned",
                                         "regularizer_partitioned")))

GETTER_KEYS = ["aggregation", "caching_device", "collections", "constraint",
               "dtype", "initializer", "name", "partitioner", "regularizer",
               "reuse", "shape", "synchronization", "trainable", "use_resource",
               "validate_shape"]
CREATOR_KEYS = ["aggregation", "caching_device", "collections", "constraint",
                "dtype", "expected_shape", "experimental_enable_variable_lifting",
                "import_scope", "initial_value", "name", "shape",
                "synchronization", "trainable", "use_resource", "validate_shape",
                "variable_def"]


@pytest.mark.parametrize("name", HOOK_CASES)
def test_recorded_tf_behaviour(ps, name):
    assert run_recorded(ps, name) == RECORDED[name]["records"]


# -- custom getters ----------------------------------------------------------------

def test_getter_gets_tf_keywords_under_a_cleared_name_scope(ps):
    seen = []

    def getter(getter, *args, **kwargs):
        seen.append((args, sorted(kwargs), kwargs["name"], ps.get_name_scope()))
        return getter(*args, **kwargs)

    with ps.name_scope("n"):
        with ps.variable_scope("s", custom_getter=getter):
            v = ps.get_variable("v", [1])
    assert seen == [((), GETTER_KEYS, "s/v", "")]
    assert v.name == "s/v:0"


def test_constraint_only_for_getters_that_take_it(ps):
    seen = []

    def named(getter, name, shape=None, dtype=None, initializer=None,
              regularizer=None, reuse=None, trainable=None, collections=None,
              caching_device=None, partitioner=None, validate_shape=True,
              use_resource=None, synchronization=None, aggregation=None):
        seen.append(name)
        return getter(name, shape=shape, dtype=dtype, initializer=initializer,
                      reuse=reuse, trainable=trainable)

    assert ps.get_variable("v", [1], custom_getter=named).name == "v:0"
    assert seen == ["v"]


def test_whether_a_getter_gets_constraint_is_decided_per_signature(ps):
    # closures of one def (tf-slim makes one per layer) share the answer;
    # partials and bound methods answer by what they leave open
    import functools
    got = []

    def make(tag):
        def getter(getter, *args, **kwargs):
            got.append((tag, "constraint" in kwargs))
            return getter(*args, **kwargs)
        return getter

    def positional(getter, name, shape=None, dtype=None, initializer=None, regularizer=None,
                   reuse=None, trainable=None, collections=None, caching_device=None,
                   partitioner=None, validate_shape=True, use_resource=None,
                   synchronization=None, aggregation=None, constraint="unset", tag=None):
        got.append((tag, constraint != "unset"))
        return getter(name, shape=shape, dtype=dtype, initializer=initializer, reuse=reuse,
                      trainable=trainable)

    class Getter:
        def method(self, getter, name, **kwargs):
            got.append(("method", "constraint" in kwargs))
            return getter(name, **kwargs)

    for i, getter in enumerate([make("a"), make("b"), functools.partial(positional, tag="p"),
                                functools.partial(positional, constraint="unset", tag="bound"),
                                Getter().method]):
        ps.get_variable("v%d" % i, [1], custom_getter=getter)
    assert got == [("a", True), ("b", True), ("p", True), ("bound", False), ("method", True)]


def test_getters_compose_innermost_first_and_get_variable_replaces(ps):
    order = []

    def tagged(tag):
        def getter(getter, name, *args, **kwargs):
            order.append(tag)
            return getter(name + "_" + tag, *args, **kwargs)
        return getter

    with ps.variable_scope("a", custom_getter=tagged("a")):
        with ps.variable_scope("b", custom_getter=tagged("b")):
            assert ps.get_variable("v", [1]).name == "a/b/v_b_a:0"
            assert order == ["b", "a"]
            assert ps.get_variable("w", [1], custom_getter=tagged("x")).name == "a/b/w_x:0"


def test_getter_can_create_several_variables(ps):
    def two(getter, *args, **kwargs):
        v = getter(*args, **kwargs)
        getter(*args, **{**kwargs, "name": kwargs["name"] + "_b"})
        return v

    v = ps.get_variable("v", [1], custom_getter=two)
    assert [x.name for x in ps.get_collection("variables")] == ["v:0", "v_b:0"]
    assert v.name == "v:0"


def test_non_callable_getter(ps):
    before = ps.get_default_graph()._core._num_variables()
    with pytest.raises(ValueError, match="custom_getter which is not callable"):
        ps.get_variable("v", [1], custom_getter=5)
    assert ps.get_default_graph()._core._num_variables() == before


# -- creators ------------------------------------------------------------------------

def test_creator_keywords_order_and_no_call_on_reuse(ps):
    log = []

    def make(tag):
        def creator(next_creator, **kwargs):
            log.append((tag, sorted(kwargs), kwargs["name"]))
            return next_creator(**kwargs)
        return creator

    with ps.variable_creator_scope(make("outer")):
        with ps.variable_creator_scope(make("inner")):
            v = ps.get_variable("v", [1])
            with ps.variable_scope("", reuse=True):
                assert ps.get_variable("v", [1]) is v
    assert log == [("inner", CREATOR_KEYS, "v"), ("outer", CREATOR_KEYS, "v")]


def test_creator_initial_value_and_arguments(ps):
    seen = {}

    def creator(next_creator, **kwargs):
        seen.update(kwargs)
        return next_creator(**kwargs)

    with ps.variable_creator_scope(creator):
        ps.get_variable("v", [2], dtype=np.int32, initializer=ps.ones_initializer(),
                        collections=["mine"], trainable=False)
    assert callable(seen["initial_value"])
    assert seen["initial_value"]().tolist() == [1, 1]
    assert (seen["name"], seen["shape"], seen["dtype"], seen["trainable"],
            seen["collections"]) == ("v", (2,), np.int32, False, ["mine"])
    with ps.variable_creator_scope(creator):
        ps.get_variable("w", initializer=[1.5])
    assert (seen["initial_value"], seen["shape"], seen["dtype"]) == ([1.5], None, None)


class ForeignVariable:
    """What another framework's creator might return."""

    def __init__(self, name, value):
        self.name = name
        self.value = value


def test_whatever_a_creator_returns_is_stored_and_shared(ps):
    made = []

    def creator(next_creator, **kwargs):
        init = kwargs["initial_value"]
        obj = ForeignVariable(kwargs["name"], np.asarray(init() if callable(init) else init))
        made.append(obj)
        return obj

    with ps.variable_creator_scope(creator):
        with ps.variable_scope("s"):
            v = ps.get_variable("v", [2], initializer=ps.ones_initializer())
            c = ps.get_variable("c", initializer=[1, 2, 3])
        with ps.variable_scope("s", reuse=True):
            assert ps.get_variable("v", [2]) is v
            assert ps.get_variable("c", dtype=np.int32) is c
            with pytest.raises(ValueError, match="specified shape"):
                ps.get_variable("v", [3])
            with pytest.raises(ValueError, match="specified dtype"):
                ps.get_variable("v", [2], dtype=np.int32)
    assert made == [v, c] and v.value.tolist() == [1.0, 1.0]
    # the creator did not call next_creator: no collections, no names
    assert ps.get_collection(ps.GraphKeys.GLOBAL_VARIABLES) == []
    assert ps.get_default_graph().unique_name("s/v", mark_as_used=False) == "s/v"


def test_creator_returning_none_leaves_nothing(ps):
    with ps.variable_creator_scope(lambda next_creator, **kwargs: None):
        # TF's type; unlike TF, nothing is half-created in the store
        with pytest.raises(NotImplementedError, match="returned None for variable v"):
            ps.get_variable("v", [1])
    assert ps.get_default_graph()._core._num_variables() == 0
    assert ps.get_variable("v", [1]).name == "v:0"


def test_creator_returning_a_non_variable_leaves_nothing(ps):
    with ps.variable_creator_scope(lambda next_creator, **kwargs: "x"):
        with pytest.raises(AttributeError, match="'str' object has no attribute 'name'.*v"):
            ps.get_variable("v", [1])
    assert ps.get_default_graph()._core._num_variables() == 0
    assert ps.get_collection(ps.GraphKeys.GLOBAL_VARIABLES) == []


def test_creator_scopes_are_per_thread_and_per_graph(ps):
    log = []

    def creator(next_creator, **kwargs):
        log.append(kwargs["name"])
        return next_creator(**kwargs)

    g = ps.Graph()
    with ps.variable_creator_scope(creator):
        with g.as_default():
            ps.get_variable("other_graph", [1])
        t = threading.Thread(target=lambda: ps.get_variable("thread", [1]))
        t.start()
        t.join()
        ps.get_variable("here", [1])
    assert log == ["here"]


def test_creator_scope_improper_nesting(ps):
    def c(next_creator, **kwargs):
        return next_creator(**kwargs)

    a = ps.variable_creator_scope(c)
    b = ps.variable_creator_scope(c)
    a.__enter__()
    b.__enter__()
    with pytest.raises(RuntimeError, match="nesting"):
        a.__exit__(None, None, None)


# -- partitioned variables ------------------------------------------------------------------

def test_partitioned_variable(ps):
    with ps.variable_scope("s", partitioner=ps.fixed_size_partitioner(3)):
        v = ps.get_variable("p", [5, 2], initializer=ps.constant_initializer([1, 2]))
    assert isinstance(v, ps.PartitionedVariable)
    assert (v.name, v.shape, v.dtype, len(v)) == ("s/p", (5, 2), np.float32, 3)
    assert [(p.name, p.shape) for p in v] == [
        ("s/p/part_0:0", (2, 2)), ("s/p/part_1:0", (2, 2)), ("s/p/part_2:0", (1, 2))]
    assert v.get_variable_list() == list(v)
    assert v.get_partitions() == [3, 1]
    assert v.numpy().tolist() == [[1, 2], [2, 2], [1, 2], [2, 2], [1, 2]]
    assert ps.get_collection(ps.GraphKeys.GLOBAL_VARIABLES) == list(v)
    g = ps.get_default_graph()
    assert g.unique_name("s/p", mark_as_used=False) == "s/p"  # only parts are named


def test_partitioned_value_initializer_is_sliced(ps):
    p = ps.fixed_size_partitioner(2)
    v = ps.get_variable("a", [4, 2], partitioner=p, initializer=np.arange(8.0).reshape(4, 2))
    assert [x.numpy().tolist() for x in v] == [[[0, 1], [2, 3]], [[4, 5], [6, 7]]]
    assert v.dtype == np.float32 and v.numpy().dtype == np.float32
    with pytest.raises(ValueError, match="rank"):
        ps.get_variable("c", [4], partitioner=p, initializer=[[1.0]])


def test_partitioned_value_initializer_too_small_warns(ps):
    with pytest.warns(RuntimeWarning, match="smaller than its shape"):
        v = ps.get_variable("a", [4], partitioner=ps.fixed_size_partitioner(2),
                            initializer=[1.0, 2.0])
    assert [p.shape for p in v] == [(2,), (2,)]
    assert v.numpy().tolist() == [1.0, 2.0, 0.0, 0.0]


def test_partitioned_reuse_rules(ps):
    p = ps.fixed_size_partitioner(2)
    v = ps.get_variable("v", [4, 2], partitioner=p)
    with ps.variable_scope("", reuse=True):
        assert ps.get_variable("v", [4, 2]) is v       # no partitioner needed
        with pytest.raises(ValueError, match="specified partitions"):
            ps.get_variable("v", [4, 2], partitioner=ps.fixed_size_partitioner(3))
        with pytest.raises(ValueError, match="specified shape"):
            ps.get_variable("v", [4, 3], partitioner=p)
    with ps.variable_scope("", reuse=ps.AUTO_REUSE):
        assert ps.get_variable("v", [4, 2], partitioner=p) is v
        with pytest.raises(ValueError, match="No partitioner was provided"):
            ps.get_variable("v", [4, 2])
    with pytest.raises(ValueError, match="Partitioned variable with name v already"):
        ps.get_variable("v", [4, 2], partitioner=p)
    ps.get_variable("x", [4])
    with pytest.raises(ValueError, match="unpartitioned version"):
        ps.get_variable("x", [4], partitioner=p)


def test_partitioner_needs_a_full_shape_and_scalars_ignore_it(ps):
    p = ps.fixed_size_partitioner(2)
    with pytest.raises(ValueError, match="fully defined"):
        ps.get_variable("a", partitioner=p, initializer=[1.0, 2.0])
    with pytest.raises(ValueError, match="fully defined"):
        ps.get_variable("b", [None, 2], partitioner=p)
    with pytest.raises(ValueError, match="must be callable"):
        ps.get_variable("c", [2], partitioner=5)
    assert isinstance(ps.get_variable("d", [], partitioner=5), ps.Variable)
    assert ps.get_default_graph()._core._num_variables() == 1


def test_partition_info_reaches_the_initializer(ps):
    infos = []

    def init(shape, dtype=None, partition_info=None):
        infos.append((list(shape), partition_info and list(partition_info.var_offset)))
        return np.zeros(shape, dtype=dtype)

    ps.get_variable("v", [5, 3], initializer=init, partitioner=ps.fixed_size_partitioner(3))
    ps.get_variable("u", [2], initializer=init)
    assert infos == [([2, 3], [0, 0]), ([2, 3], [2, 0]), ([1, 3], [4, 0]), ([2], None)]


def test_getter_once_creator_per_part_regularizer_per_part(ps):
    log = []

    def getter(getter, *args, **kwargs):
        log.append(("getter", kwargs["name"]))
        return getter(*args, **kwargs)

    def creator(next_creator, **kwargs):
        log.append(("creator", kwargs["name"]))
        return next_creator(**kwargs)

    with ps.variable_creator_scope(creator):
        ps.get_variable("p", [3, 2], partitioner=ps.fixed_size_partitioner(2),
                        custom_getter=getter, regularizer=lambda v: 1.0)
    assert log == [("getter", "p"), ("creator", "p/part_0"), ("creator", "p/part_1")]
    assert len(ps.get_collection(ps.GraphKeys.REGULARIZATION_LOSSES)) == 2


def test_more_shards_than_rows_keeps_the_parts_made(ps):
    with pytest.raises(ValueError):
        ps.get_variable("v", [2], partitioner=lambda shape, dtype: [3])
    # As TF: the parts made before the failing one stay in the store.
    assert [v.name for v in ps.get_collection("variables")] == ["v/part_0:0", "v/part_1:0"]
    with pytest.raises(ValueError, match="No partitioner was provided"):
        ps.get_variable("v", [2])
    with pytest.raises(ValueError, match="v/part_0 already exists"):
        ps.get_variable("v", [2], partitioner=lambda shape, dtype: [2])
    with ps.variable_scope("", reuse=ps.AUTO_REUSE):
        v = ps.get_variable("v", [2], partitioner=lambda shape, dtype: [2])
    assert [p.name for p in v] == ["v/part_0:0", "v/part_1:0"]
