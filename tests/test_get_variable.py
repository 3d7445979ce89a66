"""get_variable, get_local_variable and Variable against TF 2.21.

Recorded cases come from tools/record_tf_variable_scope.py (see
test_variable_scope.py); the tests below check each rule directly, including
the names TF reserves, the messages, and what a failed call leaves behind.
"""
import numpy as np
import pytest

from test_variable_scope import RECORDED, run_recorded

GET_VARIABLE_CASES = sorted(
    n for n in RECORDED
    if n.startswith(("variable_", "reserved_", "duplicate_", "shapes", "dtypes_",
                     "value_", "reuse_value", "reuse_checks", "initializer_",
                     "trainable_", "local_", "regularizers", "scope_initializer")))


@pytest.mark.parametrize("name", GET_VARIABLE_CASES)
def test_recorded_tf_behaviour(ps, name):
    assert run_recorded(ps, name) == RECORDED[name]["records"]


def store_state(ps):
    g = ps.get_default_graph()
    return (g._core._num_variables(),
            {k: list(g.get_collection(k)) for k in g.get_all_collection_keys()})


def used(ps, name):
    """Whether unique_name would have to change `name`."""
    return ps.get_default_graph().unique_name(name, mark_as_used=False) != name


# -- Variable ---------------------------------------------------------------------

def test_variable_attributes(ps):
    def constraint(x):
        return x

    with ps.variable_scope("foo"):
        v = ps.get_variable("v", [2, 3], dtype=np.float64, trainable=False,
                            constraint=constraint, caching_device="/cpu:0",
                            initializer=ps.ones_initializer())
    assert isinstance(v, ps.Variable)
    assert (v.name, v.op_name) == ("foo/v:0", "foo/v")
    assert v.shape == (2, 3) and isinstance(v.shape, tuple)
    assert v.dtype == np.dtype(np.float64) and np.dtype(v.dtype) is np.dtype(np.float64)
    assert (v.trainable, v.constraint, v.caching_device) == (
        False, constraint, "/cpu:0")
    assert v.graph is ps.get_default_graph()
    assert v.numpy().tolist() == [[1.0] * 3] * 2
    assert "foo/v:0" in repr(v)


def test_numpy_is_a_copy_and_assign_sets_the_value(ps):
    v = ps.get_variable("v", [2], initializer=ps.zeros_initializer())
    v.numpy()[0] = 5
    assert v.numpy().tolist() == [0.0, 0.0]
    assert v.assign([1, 2]) is v
    assert (v.numpy().tolist(), v.dtype) == ([1.0, 2.0], np.float32)
    with pytest.raises(ValueError, match="incompatible"):
        v.assign([1.0, 2.0, 3.0])
    i = ps.get_variable("i", [2], dtype=np.int32)
    with pytest.raises(TypeError):
        i.assign([1.5, 2.5])
    assert i.numpy().tolist() == [0, 0]


def test_op_name_is_uniquified_but_the_store_key_is_not(ps):
    g = ps.get_default_graph()
    assert g.create_op_name("v") == "v"
    v = ps.get_variable("v", [1])
    assert (v.name, v.op_name) == ("v_1:0", "v_1")
    with ps.variable_scope("", reuse=True):
        assert ps.get_variable("v", [1]) is v
    with pytest.raises(ValueError, match="Variable v already exists"):
        ps.get_variable("v", [1])


def test_variable_op_names_are_taken(ps):
    g = ps.get_default_graph()
    with ps.variable_scope("s"):
        ps.get_variable("v", [2])
    with pytest.raises(ValueError, match="Duplicate"):
        g.create_op_name("s/v/")
    for sub in ["Initializer", "Assign", "Read", "IsInitialized",
                "Initializer/random_uniform", "Read/ReadVariableOp"]:
        assert used(ps, "s/v/" + sub), sub
    assert g.unique_name("s/v") == "s/v_1"


def test_existing_op_with_the_variable_name_is_an_error(ps):
    g = ps.get_default_graph()
    assert g.create_op_name("s/v/") == "s/v"  # an op, but "s/v" is not taken
    before = store_state(ps)
    with ps.variable_scope("s"):
        with pytest.raises(ValueError, match="Duplicate"):
            ps.get_variable("v", [1])
    assert store_state(ps) == before
    assert used(ps, "s/v") and used(ps, "s/v/Initializer")  # TF reserves them


def test_no_name_at_the_root_is_named_variable(ps):
    v = ps.get_variable(None, [1])
    assert v.name == "Variable:0"
    with pytest.raises(ValueError, match="already exists"):
        ps.get_variable(None, [1])
    with ps.variable_scope("s"):
        with pytest.raises(TypeError):
            ps.get_variable(None, [1])


@pytest.mark.parametrize("name", ["a:0", "a b", "-a", "_a", "/a", "\u00e9"])
def test_invalid_names_at_the_root_change_nothing(ps, name):
    before = store_state(ps)
    with pytest.raises(ValueError, match="not a valid"):
        ps.get_variable(name, [1])
    assert store_state(ps) == before
    assert not used(ps, name.replace(":", "_").replace(" ", "_"))


def test_names_that_are_valid_inside_a_scope(ps):
    with ps.variable_scope("s"):
        assert ps.get_variable("-a", [1]).name == "s/-a:0"
        assert ps.get_variable("_a", [1]).name == "s/_a:0"
        assert ps.get_variable("a/", [1]).name == "s/a:0"


# -- reuse -------------------------------------------------------------------------

def test_reuse_modes(ps):
    v = ps.get_variable("v", [2])
    with ps.variable_scope("", reuse=True):
        assert ps.get_variable("v") is v
        with pytest.raises(ValueError, match="reuse=tf.AUTO_REUSE"):
            ps.get_variable("w", [2])
    with ps.variable_scope("", reuse=ps.AUTO_REUSE):
        assert ps.get_variable("v", [2]) is v
        w = ps.get_variable("w", [2])
    with pytest.raises(ValueError, match="Variable w already exists"):
        ps.get_variable("w", [2])


def test_reuse_checks_shape_and_dtype(ps):
    ps.get_variable("v", [2, 3])
    before = store_state(ps)
    with ps.variable_scope("", reuse=True):
        with pytest.raises(ValueError, match=r"specified shape \(3, 2\) and found "
                                             r"shape \(2, 3\)"):
            ps.get_variable("v", [3, 2])
        with pytest.raises(ValueError, match="specified dtype float64 and found "
                                             "dtype float32"):
            ps.get_variable("v", [2, 3], dtype=np.float64)
        assert ps.get_variable("v", [None, 3]).shape == (2, 3)
    assert store_state(ps) == before


def test_reuse_of_a_value_variable_compares_with_the_scope_dtype(ps):
    ps.get_variable("v", initializer=[1, 2])
    with ps.variable_scope("", reuse=True):
        with pytest.raises(ValueError, match="dtype float32 and found dtype int32"):
            ps.get_variable("v")
        assert ps.get_variable("v", dtype=np.int32).dtype == np.int32


# -- shapes, dtypes, initializers ---------------------------------------------------

@pytest.mark.parametrize("shape, expected", [
    (5, (5,)), ([], ()), ((2, 3), (2, 3)), (np.array([2, 1]), (2, 1)),
    ([np.int64(3)], (3,)), ([True], (1,)),
])
def test_shapes(ps, shape, expected):
    assert ps.get_variable("v", shape).shape == expected


@pytest.mark.parametrize("shape, error", [
    ([2.0], TypeError), (2.0, TypeError), ([-1], ValueError), ("ab", TypeError),
    ([None, 3], ValueError), (None, ValueError),
])
def test_bad_shapes_change_nothing(ps, shape, error):
    before = store_state(ps)
    with pytest.raises(error):
        ps.get_variable("v", shape)
    assert store_state(ps) == before
    assert not used(ps, "v")


def test_no_shape_and_no_initializer(ps):
    with pytest.raises(ValueError, match="did not get an initializer, so its "
                                         "`shape` argument must be specified"):
        ps.get_variable("v")


def test_default_initializers(ps):
    f = ps.get_variable("f", [50, 50])
    limit = np.sqrt(6.0 / 100)
    assert f.dtype == np.float32 and np.all(np.abs(f.numpy()) <= limit)
    assert f.numpy().std() > 0
    assert ps.get_variable("i", [3], dtype=np.int64).numpy().tolist() == [0, 0, 0]
    assert ps.get_variable("b", [2], dtype=np.bool_).numpy().tolist() == [False] * 2
    with pytest.raises(ValueError, match="An initializer for variable c of "
                                         "complex64 is required"):
        ps.get_variable("c", [2], dtype=np.complex64)


@pytest.mark.parametrize("value, dtype, shape", [
    ([1, 2], "int32", (2,)), ([1.0, 2.0], "float32", (2,)),
    ([True, False], "bool", (2,)), (3, "int32", ()),
    ([[1, 2], [3, 4]], "int32", (2, 2)), ([1, 2.5], "float32", (2,)),
    (np.array([1.0, 2.0]), "float64", (2,)),
    (np.array([1, 2], np.int32), "int32", (2,)), ([2 ** 40], "int64", (1,)),
])
def test_value_initializers_infer_dtype_and_shape(ps, value, dtype, shape):
    v = ps.get_variable("v", initializer=value)
    assert (v.dtype.name, v.shape) == (dtype, shape)
    assert v.numpy().tolist() == np.asarray(value).tolist()


def test_value_initializer_with_shape_is_an_error(ps):
    before = store_state(ps)
    with pytest.raises(ValueError, match="do not specify shape"):
        ps.get_variable("v", [2], initializer=[1.0, 2.0])
    assert store_state(ps) == before and not used(ps, "v")


def test_value_initializer_dtype_must_match_an_explicit_dtype(ps):
    before = store_state(ps)
    with pytest.raises(ValueError, match="Initializer type 'int32' and explicit "
                                         "dtype 'float32' don't match"):
        ps.get_variable("v", initializer=[1, 2], dtype=np.float32)
    assert store_state(ps) == before
    # TF converts the value to a constant op to learn its dtype: "Const" is
    # taken at the root, whatever the name scope.
    assert used(ps, "Const") and not used(ps, "v")
    assert ps.get_variable("w", initializer=[1.0], dtype=np.float32).dtype == np.float32


def test_initializer_forms(ps):
    class Init:
        def __call__(self, shape, dtype=None, partition_info=None):
            return np.full(shape, 7, dtype=dtype)

    assert ps.get_variable("cls", [2], initializer=ps.ones_initializer).numpy().tolist() == [1, 1]
    assert ps.get_variable("obj", [2], initializer=Init()).numpy().tolist() == [7, 7]
    fn = ps.get_variable("fn", [2], initializer=lambda shape, dtype=None: np.ones(shape))
    assert (fn.dtype, fn.numpy().tolist()) == (np.float32, [1.0, 1.0])
    noarg = ps.get_variable("noarg", initializer=lambda: np.ones([3]))
    assert (noarg.dtype, noarg.shape) == (np.float64, (3,))
    with pytest.raises(ValueError, match="initializer passed is not valid"):
        ps.get_variable("needs_args", initializer=ps.zeros_initializer())
    with pytest.raises(ValueError, match="not compatible with the explicitly "
                                         "supplied `shape`"):
        ps.get_variable("bad_shape", [2], initializer=lambda shape, dtype=None: np.ones([3]))


def test_failed_initializer_leaves_reserved_names_but_no_variable(ps):
    before = store_state(ps)
    with pytest.raises(TypeError):
        ps.get_variable("v", [2], dtype=np.int32,
                        initializer=ps.glorot_uniform_initializer())
    assert store_state(ps) == before
    assert used(ps, "v") and used(ps, "v/Initializer")
    v = ps.get_variable("v", [2], dtype=np.int32)
    assert v.name == "v_1:0"  # the store key is still "v"
    with ps.variable_scope("", reuse=True):
        assert ps.get_variable("v", dtype=np.int32) is v


def test_scope_defaults(ps):
    with ps.variable_scope("s", initializer=ps.constant_initializer(2),
                           dtype=np.int32):
        v = ps.get_variable("v", [2])
        w = ps.get_variable("w", [2], dtype=np.float64,
                            initializer=ps.ones_initializer())
    assert (v.dtype, v.numpy().tolist()) == (np.int32, [2, 2])
    assert (w.dtype, w.numpy().tolist()) == (np.float64, [1.0, 1.0])


# -- collections and local variables ------------------------------------------------------

def test_collections(ps):
    G = ps.GraphKeys
    a = ps.get_variable("a", [1])
    b = ps.get_variable("b", [1], trainable=False)
    c = ps.get_variable("c", [1], collections=["mine"])
    d = ps.get_variable("d", [1], collections=("mine", G.GLOBAL_VARIABLES))
    assert ps.get_collection(G.GLOBAL_VARIABLES) == [a, b, d]
    assert ps.get_collection(G.TRAINABLE_VARIABLES) == [a, c, d]
    assert ps.get_collection("mine") == [c, d]
    before = store_state(ps)
    with pytest.raises(ValueError, match="must be a list, tuple, or set"):
        ps.get_variable("e", [1], collections="mine")
    with pytest.raises(TypeError):
        ps.get_variable("f", [1], collections=[["unhashable"]])
    assert store_state(ps) == before


def test_synchronization_and_aggregation(ps):
    v = ps.get_variable("v", [1], synchronization=ps.VariableSynchronization.ON_READ,
                        aggregation=ps.VariableAggregation.SUM)
    assert v.trainable is False
    assert v.synchronization is ps.VariableSynchronization.ON_READ
    assert v.aggregation is ps.VariableAggregation.SUM
    with pytest.raises(ValueError, match="Invalid variable synchronization"):
        ps.get_variable("w", [1], synchronization=7)
    with pytest.raises(ValueError, match="Invalid variable aggregation"):
        ps.get_variable("w", [1], aggregation=7)
    with pytest.raises(ValueError, match="constraint"):
        ps.get_variable("w", [1], constraint=5)


def test_local_variables(ps):
    G = ps.GraphKeys
    a = ps.get_local_variable("a", [1], trainable=True)
    cs = ["mine"]
    b = ps.get_local_variable("b", [1], collections=cs)
    assert cs == ["mine", G.LOCAL_VARIABLES]  # TF appends in place
    assert (a.trainable, b.trainable) == (False, False)
    assert ps.get_collection(G.LOCAL_VARIABLES) == [a, b]
    assert ps.get_collection(G.GLOBAL_VARIABLES) == []
    assert ps.get_collection(G.TRAINABLE_VARIABLES) == []
    with pytest.raises(TypeError):
        ps.get_local_variable("c", [1], collections=("mine",))


# -- regularizers ---------------------------------------------------------------------------

def test_regularizers(ps):
    calls = []

    def reg(v):
        calls.append((v.name, ps.get_name_scope()))
        return float(np.sum(v.numpy()))

    with ps.variable_scope("s", regularizer=reg):
        ps.get_variable("a", [2], initializer=ps.ones_initializer())
        ps.get_variable("b", [1], regularizer=ps.no_regularizer)
        ps.get_variable("c", [1], regularizer=lambda v: None)
    with ps.variable_scope("s", reuse=True, regularizer=reg):
        ps.get_variable("a", [2])
    # As TF: called once to decide, once more under "<name>/Regularizer/".
    assert calls == [("s/a:0", ""), ("s/a:0", "s/a/Regularizer")]
    assert ps.get_collection(ps.GraphKeys.REGULARIZATION_LOSSES) == [2.0]


def test_raising_regularizer_keeps_the_variable(ps):
    def boom(v):
        raise TypeError("no")

    with pytest.raises(TypeError):
        ps.get_variable("v", [1], regularizer=boom)
    with ps.variable_scope("", reuse=True):
        v = ps.get_variable("v", [1])
    assert ps.get_collection(ps.GraphKeys.GLOBAL_VARIABLES) == [v]
    assert ps.get_collection(ps.GraphKeys.REGULARIZATION_LOSSES) == []
