"""Record TensorFlow's behaviour for pyscope's TF1 surface tests: the
collection functions, ``tf.compat.v1.Variable``, the global step, and what TF1
code reads off a variable (TensorShape, DType, dtype names).

Recording tool: run it from the TensorFlow venv.  The tests load this file
for `CASES` and the shared runner of tools/record_tf_variable_scope.py;
TensorFlow is imported inside `_run_on_tf` only:

    ~/.venvs/tf/bin/python tools/record_tf_surface.py

It writes ``tests/data/tf_surface.json``.  Cases use the helpers of
record_tf_variable_scope.run_case (``v1``, ``rec``, ``catch``, ``var``,
``coll``, ``ns``, ``op`` ...) plus:

* ``train``: ``tf.compat.v1.train`` here, ``pyscope.train`` there.
* ``TensorShape`` / ``Dimension``: TF's classes, pyscope's there.
* ``sig(f)``: the parameter names and default reprs of ``f``.
* ``sess_value(v)``: a variable's value (a session here, ``numpy()`` there).
* ``keys(kwargs)``: what a creator saw, as JSON (sorted keys; dtypes by name,
  shapes as lists, enums by name, callables as ``"callable"``).
"""

import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, os.pardir, "tests", "data", "tf_surface.json")
sys.path.insert(0, HERE)

import record_tf_variable_scope as _shared  # noqa: E402  (numpy only)

CASES, case = _shared.case_book()


# -- the collection functions ----------------------------------------------
case("collections_by_kind", """
with v1.variable_scope("a"):
    v1.get_variable("w", [1])
    v1.get_variable("frozen", [1], trainable=False)
    v1.get_local_variable("loc", [1])
    v1.get_variable("m", [1], collections=[v1.GraphKeys.MODEL_VARIABLES,
                                           v1.GraphKeys.GLOBAL_VARIABLES])
    v1.get_variable("ema", [1], collections=[v1.GraphKeys.MOVING_AVERAGE_VARIABLES])
with v1.variable_scope("b"):
    v1.get_variable("w", [1])
for f in (v1.global_variables, v1.trainable_variables, v1.local_variables,
          v1.model_variables, v1.moving_average_variables):
    rec(f.__name__, [x.name for x in f()])
""")
case("collections_scope_is_a_regex_match", """
for s in ("a", "b", "ab", "a/", "x"):
    with v1.variable_scope(s):
        v1.get_variable("w", [1])
        v1.get_local_variable("l", [1])
for scope in ("a", "a/", "ab", "b", "^a", ".*w", "w", "a.", "", "[ab]b?/w"):
    rec(scope, [x.name for x in v1.global_variables(scope)],
        [x.name for x in v1.trainable_variables(scope=scope)],
        [x.name for x in v1.local_variables(scope)])
""")
case("collections_of_other_graph_and_model_locals", """
g = v1.Graph()
with g.as_default():
    v1.get_variable("inner", [1])
rec([x.name for x in v1.global_variables()])
with g.as_default():
    rec([x.name for x in v1.global_variables()])
v = v1.get_variable("mv", [1], collections=[v1.GraphKeys.MODEL_VARIABLES])
rec([x.name for x in v1.model_variables()], [x.name for x in v1.global_variables()])
rec(catch(lambda: v1.global_variables(scope=3)))
""")
case("collection_function_signatures", """
for f in (v1.global_variables, v1.trainable_variables, v1.local_variables,
          v1.model_variables, v1.moving_average_variables):
    rec(f.__name__, sig(f))
""")

# -- tf.compat.v1.Variable --------------------------------------------------
case("variable_signature", """
rec(sig(v1.Variable.__init__))
""")
case("variable_names_from_the_name_scope", """
rec(v1.Variable(1.).name, v1.Variable(2.).name)
with v1.name_scope("foo"):
    rec(v1.Variable(1.).name, v1.Variable(1., name="v").name, v1.Variable(1., name="v").name)
with v1.name_scope("foo"):
    rec(v1.Variable(1.).name, ns())
with v1.variable_scope("vs"):
    rec(v1.Variable(1.).name)
with v1.variable_scope("vs"):
    rec(v1.Variable(1.).name)
with v1.variable_scope("vs2", auxiliary_name_scope=False):
    rec(v1.Variable(1.).name)
rec(v1.Variable(1., name="Variable").name, op("Variable"), op("v"))
rec(v1.Variable(1., name="abs/").name)
""")
case("variable_op_names_taken", """
v = v1.Variable(1., name="v")
rec(v.name, v.op.name)
rec(uname("v/Initializer/initial_value", False), uname("v/Assign", False),
    uname("v/Read/ReadVariableOp", False), uname("v/IsInitialized/VarIsInitializedOp", False))
rec(catch(lambda: op("v")))
w = v1.Variable(lambda: 2., name="w")
rec(uname("w/Initializer/initial_value", False))
""")
case("variable_not_in_the_store", """
v = v1.Variable(0., name="v")
w = v1.get_variable("v", [])
rec(v.name, w.name, w is v, [x.name for x in v1.global_variables()])
with v1.variable_scope("", reuse=True):
    rec(v1.get_variable("v", []) is w)
    rec(catch(lambda: v1.get_variable("other", [])))
rec(catch(lambda: v1.get_variable("v", [])))
x = v1.Variable(0., name="x")
with v1.variable_scope("", reuse=True):
    rec(catch(lambda: v1.get_variable("x", [])))
with v1.variable_scope("", reuse=v1.AUTO_REUSE):
    rec(v1.get_variable("x", []).name)
""")
case("variable_before_get_variable_in_scope", """
with v1.variable_scope("s"):
    a = v1.Variable(0., name="k")
    b = v1.get_variable("k", [2])
rec(a.name, b.name, var(b))
""")
case("variable_collections", """
a = v1.Variable(1., name="a")
b = v1.Variable(1., name="b", trainable=False)
c = v1.Variable(1., name="c", collections=["mine"])
d = v1.Variable(1., name="d", collections=["mine"], trainable=False)
e = v1.Variable(1., name="e", collections=("mine", v1.GraphKeys.LOCAL_VARIABLES))
f = v1.Variable(1., name="f", collections=[], trainable=True)
g = v1.Variable(1., name="g", collections=set([v1.GraphKeys.GLOBAL_VARIABLES]))
for key in (v1.GraphKeys.GLOBAL_VARIABLES, v1.GraphKeys.TRAINABLE_VARIABLES,
            v1.GraphKeys.LOCAL_VARIABLES, "mine"):
    rec(key, coll(key))
rec([x.trainable for x in (a, b, c, d, e, f, g)])
""")
case("variable_values_and_dtypes", """
for args, kw in [((1.,), {}), ((1,), {}), ((True,), {}), (([1, 2],), {}),
                 (([[1., 2.]],), {}), ((np.float64(1.),), {}),
                 ((np.arange(3, dtype=np.int64),), {}), (("s",), {}),
                 ((1,), {"dtype": v1.float32}), ((1,), {"dtype": "float64"}),
                 ((1,), {"dtype": np.int64}), ((lambda: [1., 2.],), {}),
                 ((np.zeros((2, 3), np.float16),), {}), ((3,), {"dtype": v1.int8}),
                 ((1.,), {"shape": []}), (([1., 2.],), {"shape": [2]}),
                 ((1.,), {"validate_shape": False}),
                 ((1.5,), {"dtype": v1.int32}), ((1.,), {"dtype": v1.bool}),
                 (([1., 2.],), {"shape": [3]}), ((None,), {}), ((), {}),
                 ((1.,), {"collections": "mine"}),
                 ((1.,), {"constraint": 3}),
                 ((1.,), {"synchronization": 7}),
                 ((1.,), {"aggregation": 9}),
                 ((1.,), {"name": 3})]:
    try:
        v = v1.Variable(*args, **kw)
        rec(var(v), sess_value(v))
    except Exception as e:
        rec(["error", type(e).__name__])
rec([x.name for x in v1.global_variables()])
""")
case("variable_def_and_initial_value", """
rec(catch(lambda: v1.Variable(1., variable_def=object())))
rec(coll(v1.GraphKeys.GLOBAL_VARIABLES))
""")
case("variable_synchronization_defaults", """
v = v1.Variable(1., synchronization=v1.VariableSynchronization.ON_READ)
w = v1.Variable(1., synchronization=v1.VariableSynchronization.ON_READ, trainable=True,
                aggregation=v1.VariableAggregation.MEAN)
rec(v.trainable, w.trainable, v.synchronization.name, w.aggregation.name,
    v1.Variable(1.).aggregation.name, v1.Variable(1.).synchronization.name)
rec(catch(lambda: v1.Variable(1., synchronization=v1.VariableSynchronization.ON_READ,
                              trainable=True)))
""")
case("variable_creator_sees_tf_kwargs", """
seen = []
def creator(next_creator, **kwargs):
    seen.append(keys(kwargs))
    return next_creator(**kwargs)
with v1.variable_creator_scope(creator):
    a = v1.Variable(1.)
    b = v1.Variable([1, 2], name="b", trainable=False, collections=["c"],
                    dtype=v1.int64, shape=[2], validate_shape=False)
    c = v1.Variable(lambda: 3., name="c", caching_device="/cpu:0",
                    synchronization=v1.VariableSynchronization.ON_WRITE,
                    aggregation=v1.VariableAggregation.SUM)
    d = v1.Variable(1., aggregation=None, expected_shape=[], import_scope="i",
                    use_resource=True)
for s in seen:
    rec(s)
rec(a.name, b.name, c.name, d.name)
""")
case("variable_creator_replaces_it", """
class Box:
    def __init__(self, name):
        self.name = name
def creator(next_creator, **kwargs):
    return Box(kwargs["name"])
with v1.variable_creator_scope(creator):
    v = v1.Variable(1., name="boxed")
rec(type(v).__name__, v.name, coll(v1.GraphKeys.GLOBAL_VARIABLES), uname("boxed", False))
def renaming(next_creator, **kwargs):
    kwargs["name"] = "renamed"
    kwargs["trainable"] = False
    return next_creator(**kwargs)
with v1.variable_creator_scope(renaming):
    w = v1.Variable(1., name="orig")
rec(w.name, w.trainable, coll(v1.GraphKeys.TRAINABLE_VARIABLES))
""")

case("get_variable_creator_sees_dtype_objects", """
seen = []
def creator(next_creator, **kwargs):
    seen.append([kwargs["name"], keys(kwargs)["dtype"], keys(kwargs)["shape"]])
    return next_creator(**kwargs)
with v1.variable_creator_scope(creator):
    with v1.variable_scope("h", dtype=v1.float64):
        a = v1.get_variable("a", [2])
    b = v1.get_variable("b", TensorShape([2, 3]), dtype=np.int32)
    c = v1.get_variable("c", a.shape, dtype="float16")
rec(seen, var(a), var(b), var(c), repr(v1.get_variable_scope().dtype))
with v1.variable_scope("", reuse=True):
    rec(v1.get_variable("b", b.shape, dtype=b.dtype) is b,
        v1.get_variable("b", b.get_shape().as_list(), dtype=v1.int32) is b)
""")
case("variable_in_a_template", """
def f():
    return v1.Variable(1., name="tv")
t = v1.make_template("t", f)
rec(t().name)
rec(catch(lambda: t().name))
rec(coll(v1.GraphKeys.GLOBAL_VARIABLES))
""")

# -- the global step --------------------------------------------------------
case("global_step_create_and_get", """
rec(train.get_global_step())
gs = train.create_global_step()
rec(var(gs), gs.op.name, gs.trainable, gs.dtype.name, gs.aggregation.name)
rec(coll(v1.GraphKeys.GLOBAL_STEP), coll(v1.GraphKeys.GLOBAL_VARIABLES),
    coll(v1.GraphKeys.TRAINABLE_VARIABLES))
rec(train.get_global_step() is gs, train.get_or_create_global_step() is gs)
rec(catch(lambda: train.create_global_step()))
rec(sess_value(gs), train.global_step(None, gs))
rec(sig(train.create_global_step), sig(train.get_global_step),
    sig(train.get_or_create_global_step), sig(train.global_step),
    sig(train.assert_global_step))
""")
case("global_step_get_or_create", """
gs = train.get_or_create_global_step()
rec(var(gs), train.get_or_create_global_step() is gs)
""")
case("global_step_ignores_name_scope_not_variable_scope", """
with v1.variable_scope("outer"):
    with v1.name_scope("ns"):
        gs = train.get_or_create_global_step()
        rec(var(gs), ns())
rec(coll(v1.GraphKeys.GLOBAL_STEP))
""")
case("global_step_other_graph", """
g = v1.Graph()
gs = train.create_global_step(g)
rec(var(gs), gs.graph is g, train.get_global_step() is None,
    train.get_global_step(g) is gs)
rec([x.name for x in g.get_collection(v1.GraphKeys.GLOBAL_STEP)],
    coll(v1.GraphKeys.GLOBAL_VARIABLES))
rec(train.get_or_create_global_step(graph=g) is gs)
""")
case("global_step_wrong_dtype_or_shape", """
g1 = v1.Graph()
with g1.as_default():
    v1.Variable(0., name="step", collections=[v1.GraphKeys.GLOBAL_STEP])
    rec(catch(lambda: train.get_global_step()))
    rec(catch(lambda: train.get_or_create_global_step()))
g2 = v1.Graph()
with g2.as_default():
    v1.Variable([1, 2], name="step", collections=[v1.GraphKeys.GLOBAL_STEP])
    rec(catch(lambda: train.get_global_step()))
g3 = v1.Graph()
with g3.as_default():
    s = v1.Variable(np.int32(3), name="step", collections=[v1.GraphKeys.GLOBAL_STEP])
    rec(train.get_global_step() is s, train.global_step(None, s))
g4 = v1.Graph()
with g4.as_default():
    v1.Variable(True, name="step", collections=[v1.GraphKeys.GLOBAL_STEP])
    rec(catch(lambda: train.get_global_step()))
""")
case("global_step_several_in_collection", """
a = v1.Variable(0, name="a", dtype=v1.int64, collections=[v1.GraphKeys.GLOBAL_STEP])
b = v1.Variable(0, name="b", dtype=v1.int64, collections=[v1.GraphKeys.GLOBAL_STEP])
rec(train.get_global_step())
gs = catch(lambda: train.create_global_step())
rec(var(gs) if not isinstance(gs, list) else gs)
""")
case("global_step_by_name_outside_the_collection", """
v = v1.get_variable("global_step", [], dtype=v1.int64)
rec(catch(lambda: train.get_global_step()))
rec(catch(lambda: train.get_or_create_global_step()))
""")
case("global_step_name_taken_by_other_op", """
op("global_step")
rec(train.get_global_step())
gs = train.create_global_step()
rec(var(gs), gs.op.name)
""")
case("global_step_assert", """
rec(catch(lambda: train.assert_global_step(v1.Variable(0., name="f"))))
rec(catch(lambda: train.assert_global_step(v1.Variable([1], name="r"))))
rec(train.assert_global_step(v1.Variable(1, name="i", dtype=v1.int64)))
rec(catch(lambda: train.assert_global_step(3)))
""")

# -- what TF1 code reads off a variable -------------------------------------
case("variable_attributes", """
with v1.variable_scope("s"):
    v = v1.get_variable("v", [2, 3])
    u = v1.Variable(np.zeros((4,), np.int32), name="u")
for x in (v, u):
    s = x.get_shape()
    rec(x.name, x.op.name, x.op.type, x.device, x.graph is v1.get_default_graph())
    rec(s.as_list(), s.ndims, s.rank, s.is_fully_defined(), [d.value for d in s.dims],
        list(s), len(s), s[0], s[-1], s[1:].as_list(), type(s[1:]).__name__,
        s == tuple(s), s == list(s), s != tuple(s), x.shape == s, str(s), repr(s),
        hash(s) == hash(tuple(s)), s.num_elements(), s.dims[0] == s[0],
        s.with_rank(len(s)).as_list(), catch(lambda: s.with_rank(7)),
        s.is_compatible_with(s), s.merge_with(s).as_list(), s.concatenate([5]).as_list())
    d = x.dtype
    rec(d.name, d.base_dtype.name, d.as_numpy_dtype.__name__, d.is_floating,
        d.is_integer, d.is_bool, d.is_complex, d.is_unsigned, d.size,
        d.as_datatype_enum, d.real_dtype.name, str(d), repr(d), d == x.dtype.base_dtype)
    rec(x.initializer.name, list(x.initial_value.shape), x.initial_value.dtype.name)
""")
case("tensor_shape_class", """
for dims in ([], [3], [2, None], None, (1, 2, 3), [0]):
    s = TensorShape(dims)
    rec(repr(s), str(s), s.ndims, s.rank, s.is_fully_defined(),
        catch(lambda: s.as_list()), catch(lambda: len(s)),
        s == TensorShape(dims), catch(lambda: s.num_elements()),
        catch(lambda: hash(s) == hash(tuple(s))), s.dims is None,
        catch(lambda: [d.value for d in s]), s.is_compatible_with([2, 7]),
        s.is_compatible_with(TensorShape(None)),
        catch(lambda: s.merge_with([2, 7]).as_list()),
        catch(lambda: s.with_rank(2).as_list()),
        catch(lambda: s.with_rank_at_least(1).as_list()),
        catch(lambda: s.with_rank_at_most(1).as_list()),
        catch(lambda: (s + [4]).as_list()), s == dims, s != dims)
rec(catch(lambda: TensorShape([-1])), catch(lambda: TensorShape(["a"])),
    catch(lambda: TensorShape(3).as_list()), TensorShape([Dimension(2), 3]).as_list())
rec(catch(lambda: TensorShape([2, 3])[5]), TensorShape([2, 3])[::-1].as_list(),
    TensorShape([4]).concatenate(TensorShape(None)).ndims,
    TensorShape([None, 3]).as_list(), TensorShape([None, 3]) == TensorShape([None, 3]),
    TensorShape([None]).is_compatible_with([5]), TensorShape([2]).is_compatible_with([3]),
    TensorShape([1, 2]) == [1, 2], TensorShape([1, 2]) == (1, 2),
    TensorShape([1, 2]) == "ab", TensorShape([1, 2]) == 3)
d = Dimension(3)
rec(d.value, d == 3, d == Dimension(3), int(d), repr(d), str(d), Dimension(None).value,
    repr(Dimension(None)), Dimension(None) == 3, d == None, catch(lambda: hash(d)))
""")
case("dtype_objects", """
for name in ("float16", "float32", "float64", "bfloat16", "int8", "int16", "int32",
             "int64", "uint8", "uint16", "uint32", "uint64", "bool", "complex64",
             "complex128", "string"):
    d = v1.as_dtype(name)
    rec(name, d.name, repr(d), str(d), d.as_numpy_dtype.__name__, d.is_floating,
        d.is_integer, d.is_bool, d.is_complex, d.is_unsigned, d.is_quantized,
        d.is_numpy_compatible, d.size, d.as_datatype_enum, d.real_dtype.name,
        d.base_dtype is d, d is getattr(v1, name),
        catch(lambda: float(d.min)), catch(lambda: float(d.max)),
        catch(lambda: type(d.min).__name__), d.is_compatible_with(name),
        d == name, d != name, d == np.dtype(d.as_numpy_dtype),
        d == d.as_numpy_dtype, v1.as_dtype(d) is d, v1.as_dtype(d.as_datatype_enum) is d)
rec(v1.float32 == "float", v1.float64 == "double", v1.float16 == "half",
    v1.float32 == None, v1.float32 == "no such", v1.float32 == 1, v1.float32 == object(),
    v1.float32 != v1.float64, v1.string == np.object_, v1.as_dtype(np.float32).name,
    v1.as_dtype(np.dtype(">f4")) is v1.float32,
    v1.float32.is_compatible_with(v1.float64), v1.float32 == np.dtype(">f4"))
rec([n for n in ("bool", "string", "float32", "int64", "bfloat16", "half", "double",
                 "complex64", "DType", "as_dtype")
     if hasattr(v1, n)])
rec(catch(lambda: v1.as_dtype("nonsense")), catch(lambda: v1.as_dtype(int)))
""")


# ---------------------------------------------------------------------------
# Running the cases on TensorFlow

def signature_of(f):
    import inspect
    params = []
    for p in inspect.signature(f).parameters.values():
        if p.name == "self":
            continue
        default = None if p.default is p.empty else (
            p.default.name if hasattr(p.default, "name") and hasattr(p.default, "value")
            else repr(p.default))
        params.append([p.name, default])
    return params


def creator_kwargs(kwargs):
    """What a creator saw, as JSON: values by kind, not by object."""
    out = {}
    for k, v in sorted(kwargs.items()):
        if callable(v) and not isinstance(v, type):
            out[k] = "callable"
        elif hasattr(v, "as_numpy_dtype"):
            out[k] = ["dtype", v.name]
        elif hasattr(v, "value") and hasattr(v, "name") and not isinstance(v, str):
            out[k] = ["enum", v.name]
        elif hasattr(v, "as_list"):
            out[k] = ["shape", v.as_list() if v.ndims is not None else None]
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            out[k] = ["number", float(v)]
        else:
            out[k] = _shared.json_safe(v)
    return out


def _run_on_tf():
    import tensorflow as tf
    from tensorflow.python.ops import variables as tf_variables
    from tensorflow.python.util import deprecation

    deprecation._PRINT_DEPRECATION_WARNINGS = False
    tf.get_logger().setLevel("CRITICAL")
    tf.compat.v1.disable_eager_execution()
    v1 = tf.compat.v1
    partitioned = tf_variables.PartitionedVariable

    def sess_value(v):
        with v1.Session(graph=v.graph) as sess:
            sess.run(v.initializer)
            return _shared.json_safe(np.asarray(sess.run(v)).tolist())

    class Train:
        """tf.compat.v1.train, with global_step's session made here."""
        def __getattr__(self, name):
            return getattr(v1.train, name)

        @staticmethod
        def global_step(sess, tensor):
            with v1.Session(graph=tensor.graph) as s:
                s.run(tensor.initializer)
                return v1.train.global_step(s, tensor)

    Train.global_step.__wrapped__ = v1.train.global_step

    def sig(f):
        return signature_of(getattr(f, "__wrapped__", f))

    helpers = {"v1": v1, "train": Train(), "TensorShape": tf.TensorShape,
               "Dimension": v1.Dimension, "sig": sig, "sess_value": sess_value,
               "keys": creator_kwargs, "op": lambda n: tf.raw_ops.NoOp(name=n).name,
               "dt": tf.as_dtype, "val": sess_value,
               "is_partitioned": lambda v: isinstance(v, partitioned)}
    results = {}
    for name, code in CASES.items():
        v1.reset_default_graph()
        results[name] = {"code": code, "records": _shared.run_case(code, helpers)}
    return results


def main():
    _shared.write_results(_run_on_tf(), OUT)


if __name__ == "__main__":
    main()
