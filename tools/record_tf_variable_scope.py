"""Record TensorFlow's behaviour for pyscope's variable-scope and
get_variable tests.

Recording tool: run it from the TensorFlow venv.  The tests load this file
for `run_case` and `CASES` only; TensorFlow is imported inside `_run_on_tf`,
so neither pyscope nor its tests ever import it:

    ~/.venvs/tf/bin/python tools/record_tf_variable_scope.py

It writes ``tests/data/tf_variable_scope.json``: for every case below, the
records the case made when run against ``tf.compat.v1`` (graph mode).

A case is a snippet of Python run with the same helpers on both sides
(TensorFlow here, pyscope in tests/test_variable_scope.py,
test_get_variable.py and test_variable_hooks.py, which replay every case):

* ``v1``: ``tf.compat.v1`` here, ``pyscope`` there; ``np``, ``threading``.
* ``rec(x)``: append a JSON-able record.
* ``catch(f)``: ``f()``, or ``["error", type name]`` when it raises.
* ``var(v)``: ``[name, shape, dtype]`` of a variable (parts' names and
  shapes for a partitioned one); ``val(v)``: its value as nested lists.
* ``op(name)``: create an op (a NoOp) and return its name.
* ``uname(name, mark=True)``, ``ns()``: unique_name / get_name_scope on the
  default graph; ``coll(key, scope=None)``: names in a collection.
* ``scope(s)``: ``[name, original_name_scope, reuse, dtype]`` of a
  VariableScope (reuse ``"AUTO_REUSE"`` when it is that); ``npdt(d)``: a
  dtype as NumPy's; ``dt(name)``: the library's dtype object (TF's DType,
  NumPy's dtype), which TF's partitioned path needs where it does not
  convert (the conformance traces pass dtypes so).

A case that raises out of its snippet records ``["raised", type name]``.
"""

import json
import os
import sys
import threading

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, os.pardir, "tests", "data", "tf_variable_scope.json")

def case_book():
    """A recorder's cases: ``CASES`` (name -> snippet) and ``case(name, code)``,
    which registers one (each name once).  Keep each snippet self-contained:
    it runs on a fresh default graph."""
    cases = {}

    def case(name, code):
        assert name not in cases, name
        cases[name] = code.strip("\n")
    return cases, case


CASES, case = case_book()


# -- TF's variable_scope docstring, verbatim but for the module name ---------
case("doc_simple", """
with v1.variable_scope("foo"):
    with v1.variable_scope("bar"):
        v = v1.get_variable("v", [1])
        assert v.name == "foo/bar/v:0"
rec(v.name)
""")
case("doc_reenter_premade", """
with v1.variable_scope("foo") as vs:
    pass
with v1.variable_scope(vs, auxiliary_name_scope=False) as vs1:
    with v1.name_scope(vs1.original_name_scope):
        v = v1.get_variable("v", [1])
        assert v.name == "foo/v:0"
        rec(v.name, op("c"))
""")
case("doc_default_name_counters", """
with v1.variable_scope("foo") as vs:
    with v1.variable_scope(None, default_name="bar"):
        v = v1.get_variable("a", [1])
        assert v.name == "foo/bar/a:0", v.name
    with v1.variable_scope(None, default_name="bar"):
        v = v1.get_variable("b", [1])
        assert v.name == "foo/bar_1/b:0"
with v1.variable_scope(vs):
    with v1.variable_scope(None, default_name="bar"):
        v = v1.get_variable("c", [1])
        assert v.name == "foo/bar/c:0"   # Uses bar instead of bar_2!
rec(v.name)
""")
case("doc_auto_reuse", """
def foo():
    with v1.variable_scope("foo", reuse=v1.AUTO_REUSE):
        v = v1.get_variable("v", [1])
    return v
a = foo()  # Creates v.
b = foo()  # Gets the same, existing v.
assert a is b
rec(a.name, b.name, a is b)
""")
case("doc_reuse_true", """
with v1.variable_scope("foo"):
    v = v1.get_variable("v", [1])
with v1.variable_scope("foo", reuse=True):
    w = v1.get_variable("v", [1])
assert w is v
rec(w is v)
""")
case("doc_capture_and_reuse_variables", """
with v1.variable_scope("foo") as scope:
    v = v1.get_variable("v", [1])
    scope.reuse_variables()
    w = v1.get_variable("v", [1])
assert w is v
rec(w is v, scope.reuse)
""")
case("doc_exists_error", """
with v1.variable_scope("foo"):
    v = v1.get_variable("v", [1])
    rec(catch(lambda: v1.get_variable("v", [1])))
""")
case("doc_not_exists_error", """
with v1.variable_scope("foo", reuse=True):
    rec(catch(lambda: v1.get_variable("v", [1])))
""")
case("doc_reuse_inherited", """
with v1.variable_scope("root"):
    with v1.variable_scope("foo"):
        v = v1.get_variable("v", [1])
    with v1.variable_scope("foo", reuse=True):
        with v1.variable_scope("bar"):
            rec(scope(v1.get_variable_scope()))
            rec(catch(lambda: v1.get_variable("w", [1])))
        rec(v1.get_variable("v", [1]) is v)
""")
case("doc_thread_captured_scope", """
with v1.variable_scope("main"):
    main_thread_scope = v1.get_variable_scope()
    out = []
    def target(captured_scope):
        out.append(scope(v1.get_variable_scope()))
        with v1.variable_scope(captured_scope):
            out.append(var(v1.get_variable("t", [1])))
            out.append(ns())
    t = threading.Thread(target=target, args=(main_thread_scope,))
    t.start(); t.join()
rec(out)
""")

# -- name scopes of variable scopes ----------------------------------------
case("reenter_string_scope_opens_new_name_scope", """
for i in range(3):
    with v1.variable_scope("foo", reuse=v1.AUTO_REUSE) as s:
        rec(scope(s), ns(), var(v1.get_variable("v", [1])), op("x"))
""")
case("captured_scope_name_scope", """
with v1.variable_scope("a/b") as vs:
    rec(scope(vs), ns())
with v1.variable_scope("x"):
    with v1.variable_scope(vs) as s2:
        rec(scope(s2), ns(), op("y"))
with v1.variable_scope(vs) as s3:
    rec(scope(s3), ns())
with v1.variable_scope("a/b") as s4:
    rec(scope(s4), ns())
""")
case("auxiliary_name_scope_false", """
with v1.name_scope("outer"):
    with v1.variable_scope("foo", auxiliary_name_scope=False) as s:
        rec(scope(s), ns(), op("x"))
with v1.variable_scope("bar", auxiliary_name_scope=False) as s:
    rec(scope(s), ns(), op("x"))
with v1.variable_scope("q"):
    pass
with v1.variable_scope(None, default_name="d", auxiliary_name_scope=False) as s:
    rec(scope(s), ns())
""")
case("empty_scope_name", """
with v1.variable_scope("") as s:
    rec(scope(s), ns(), var(v1.get_variable("v", [1])))
with v1.variable_scope("q"):
    with v1.variable_scope("") as s:
        rec(scope(s), ns(), var(v1.get_variable("v", [1])))
root = v1.get_variable_scope()
with v1.variable_scope("z"):
    with v1.variable_scope(root) as s:
        rec(scope(s), ns(), var(v1.get_variable("w", [1])))
""")
case("default_name_uniquing_and_reset", """
with v1.variable_scope("p"):
    for i in range(3):
        with v1.variable_scope(None, default_name="layer") as s:
            rec(scope(s), ns())
    with v1.variable_scope("layer_3") as s:
        rec(scope(s))
    with v1.variable_scope(None, default_name="layer") as s:
        rec(scope(s))
with v1.variable_scope("p") as s:
    with v1.variable_scope(None, default_name="layer") as s2:
        rec(scope(s2), ns())
with v1.variable_scope(None, default_name="p") as s:
    rec(scope(s))
""")
case("default_name_counts_per_thread", """
with v1.variable_scope(None, default_name="t"):
    pass
out = []
def target():
    with v1.variable_scope(None, default_name="t") as s:
        out.append(scope(s))
th = threading.Thread(target=target); th.start(); th.join()
with v1.variable_scope(None, default_name="t") as s:
    rec(scope(s), out)
""")
case("captured_reentry_restores_counters", """
with v1.variable_scope("a") as vs:
    with v1.variable_scope(None, default_name="x") as s:
        rec(scope(s))
    with v1.variable_scope(vs):
        with v1.variable_scope(None, default_name="x") as s:
            rec(scope(s))
        with v1.variable_scope(None, default_name="y") as s:
            rec(scope(s))
    with v1.variable_scope(None, default_name="x") as s:
        rec(scope(s))
    with v1.variable_scope(None, default_name="y") as s:
        rec(scope(s))
root = v1.get_variable_scope()
with v1.variable_scope(root):
    with v1.variable_scope(None, default_name="r") as s:
        rec(scope(s))
with v1.variable_scope(None, default_name="r") as s:
    rec(scope(s))
""")
case("reuse_argument_values", """
for r in [True, None, False, v1.AUTO_REUSE]:
    with v1.variable_scope("s", reuse=r) as s:
        rec(scope(s))
        with v1.variable_scope("in") as t:
            rec(scope(t))
with v1.variable_scope("s", reuse=True):
    with v1.variable_scope("in", reuse=False) as t:
        rec(scope(t))
rec(catch(lambda: v1.variable_scope("s", reuse=1)))
rec(catch(lambda: v1.variable_scope("s", reuse="yes")))
""")
case("bad_scope_arguments", """
rec(catch(lambda: v1.variable_scope(None)))
rec(catch(lambda: v1.variable_scope("a", auxiliary_name_scope=1)))
def enter(*a, **k):
    with v1.variable_scope(*a, **k) as s:
        return scope(s)
rec(catch(lambda: enter(5)))
rec(catch(lambda: enter(None, default_name="d", reuse=True)))
rec(catch(lambda: enter(None, default_name="d", reuse=v1.AUTO_REUSE)))
rec(catch(lambda: enter("a b")))
rec(catch(lambda: enter("-a")))
rec(catch(lambda: enter(None, default_name=5)))
rec(scope(v1.get_variable_scope()), ns(), uname("a"), uname("d"))
with v1.variable_scope("x"):
    rec(enter("-a"), enter("_a"))
""")
case("improper_nesting", """
a = v1.variable_scope("a")
b = v1.variable_scope("b")
a.__enter__()
b.__enter__()
rec(catch(lambda: a.__exit__(None, None, None)))
rec(scope(v1.get_variable_scope()), ns())
b.__exit__(None, None, None)
rec(scope(v1.get_variable_scope()), ns())
""")
case("scope_object_reentered", """
cm = v1.variable_scope("foo")
with cm as s1:
    rec(scope(s1), ns())
with cm as s2:
    rec(scope(s2), ns(), s1 is s2)
with v1.variable_scope("outer"):
    with cm as s3:
        rec(scope(s3), ns())
cm2 = v1.variable_scope(None, default_name="d")
with cm2 as s:
    rec(scope(s), ns())
with cm2 as s:
    rec(scope(s), ns())
""")
case("scope_remembers_its_graph", """
g = v1.Graph()
with g.as_default():
    cm = v1.variable_scope("in_g")
with cm as s:
    v = v1.get_variable("v", [1])
    rec(scope(s), v1.get_default_graph() is g, v.graph is g)
rec(v1.get_default_graph() is g, scope(v1.get_variable_scope()))
with g.as_default():
    rec(scope(v1.get_variable_scope()))
    with v1.variable_scope("in_g", reuse=True):
        rec(v1.get_variable("v", [1]) is v)
""")
case("reset_default_graph_inside_variable_scope", """
with v1.variable_scope("a"):
    rec(catch(v1.reset_default_graph))
v1.reset_default_graph()
rec(scope(v1.get_variable_scope()))
""")
case("thread_starts_at_root_scope", """
out = []
with v1.variable_scope("main", reuse=True) as m:
    def target():
        out.append(scope(v1.get_variable_scope()))
        out.append(ns())
        with v1.variable_scope("main") as s:
            out.append(scope(s))
    t = threading.Thread(target=target); t.start(); t.join()
rec(out)
""")
case("scope_properties_and_setters", """
init = v1.constant_initializer(3.0)
with v1.variable_scope("s", initializer=init, dtype=np.float64) as s:
    rec(scope(s), s.initializer is init, s.regularizer, s.partitioner,
        s.custom_getter, s.caching_device, s.use_resource, s.constraint)
    v = v1.get_variable("v", [2])
    rec(var(v), val(v))
    s.set_dtype(np.int32)
    s.set_initializer(v1.ones_initializer())
    w = v1.get_variable("w", [2])
    rec(var(w), val(w))
    with v1.variable_scope("inner") as t:
        rec(scope(t))
        u = v1.get_variable("u", [1])
        rec(var(u), val(u))
""")
case("scope_collections", """
with v1.variable_scope("s") as s:
    v1.get_variable("a", [1])
    v1.get_variable("b", [1], trainable=False)
    v1.get_local_variable("c", [1])
with v1.variable_scope("s2"):
    v1.get_variable("a", [1])
rec([x.name for x in s.global_variables()],
    [x.name for x in s.trainable_variables()],
    [x.name for x in s.local_variables()],
    [x.name for x in s.get_collection("variables")],
    [x.name for x in v1.get_variable_scope().global_variables()])
""")

case("values_pick_the_graph", """
g = v1.Graph()
with g.as_default():
    w = v1.get_variable("w", [1])
with v1.variable_scope("s", values=[w]) as s:
    rec(scope(s), v1.get_default_graph() is g, var(v1.get_variable("v", [1])))
rec(v1.get_default_graph() is g, coll("variables"))
with g.as_default():
    rec(coll("variables"))
rec(catch(lambda: v1.variable_scope("s", values=5)))
""")

# -- get_variable -------------------------------------------------------------
case("variable_op_name_uniquified_store_key_not", """
rec(uname("v"))
v = v1.get_variable("v", [1])
rec(var(v))
with v1.variable_scope("", reuse=True):
    rec(v1.get_variable("v", [1]) is v)
rec(catch(lambda: v1.get_variable("v", [1])))
rec(uname("v"), uname("v_1/Assign"), uname("v_1/Initializer"), uname("v_1/Read"),
    uname("v_1/IsInitialized"), uname("v_1/Read/ReadVariableOp"))
""")
case("reserved_sub_op_names", """
with v1.variable_scope("s"):
    v1.get_variable("g", [2, 3])
    v1.get_variable("z", [2], initializer=v1.zeros_initializer())
    v1.get_variable("zbig", [40, 40], initializer=v1.zeros_initializer())
    v1.get_variable("o", [2], initializer=v1.ones_initializer())
    v1.get_variable("c", [2], initializer=v1.constant_initializer(1.0))
    v1.get_variable("n", [2], initializer=v1.random_normal_initializer())
    v1.get_variable("t", [2], initializer=v1.truncated_normal_initializer())
    v1.get_variable("u", [2], initializer=v1.random_uniform_initializer())
    v1.get_variable("ui", [2], dtype=np.int32, initializer=v1.random_uniform_initializer(0, 9))
    v1.get_variable("val", initializer=[1.0, 2.0])
    v1.get_variable("i", [2], dtype=np.int32)
    v1.get_variable("cd", [2], caching_device="/cpu:0")
for n in ["g", "z", "zbig", "o", "c", "n", "t", "u", "ui", "val", "i", "cd"]:
    for sub in ["Initializer", "Assign", "Read", "IsInitialized",
                "Initializer/random_uniform", "Initializer/zeros",
                "Initializer/zeros/Const", "Initializer/ones", "Initializer/Const",
                "Initializer/random_normal/mul", "Initializer/truncated_normal",
                "Initializer/random_uniform/RandomUniform",
                "Initializer/random_uniform/max", "Initializer/initial_value",
                "Read/Identity"]:
        rec(uname("s/%s/%s" % (n, sub), mark=False))
""")
case("duplicate_variable_op", """
with v1.name_scope("s/"):
    pass
rec(op("s/v/"))
with v1.variable_scope("s"):
    rec(catch(lambda: v1.get_variable("v", [1])))
    rec(catch(lambda: v1.get_variable("v", [1])))
rec(uname("s/v", mark=False), uname("s/v/Initializer", mark=False), coll("variables"))
""")
case("variable_names_validated", """
for n in ["", "a:0", "a b", "-a", "_a", "/a", "a//b", "a/", "\\u00e9"]:
    rec(n, catch(lambda: var(v1.get_variable(n, [1]))))
    with v1.variable_scope("s"):
        rec(n, catch(lambda: var(v1.get_variable(n, [1]))))
rec(catch(lambda: var(v1.get_variable(None, [1]))))
rec(catch(lambda: var(v1.get_variable(None, [1]))))
with v1.variable_scope("s"):
    rec(catch(lambda: v1.get_variable(None, [1])))
    rec(catch(lambda: v1.get_variable(5, [1])))
rec(catch(lambda: v1.get_variable(5, [1])))
rec(coll("variables"))
""")
case("shapes", """
rec(var(v1.get_variable("a", 5)))
rec(var(v1.get_variable("b", [])))
rec(var(v1.get_variable("c", (2, 3))))
rec(var(v1.get_variable("d", np.array([2, 1]))))
rec(var(v1.get_variable("e", [np.int64(3)])))
rec(catch(lambda: v1.get_variable("f", [2.0])))
rec(catch(lambda: v1.get_variable("g", 2.0)))
rec(catch(lambda: v1.get_variable("h", [-1])))
rec(catch(lambda: v1.get_variable("i", "ab")))
rec(catch(lambda: v1.get_variable("j", [None, 3])))
rec(catch(lambda: v1.get_variable("k")))
rec(catch(lambda: v1.get_variable("l", None)))
rec(coll("variables"))
""")
case("dtypes_and_default_initializers", """
for dt in [np.float32, np.float64, np.int32, np.int64, np.bool_, np.float16, "float32", "int32"]:
    v = v1.get_variable("v_%s" % np.dtype(dt).name + ("_s" if isinstance(dt, str) else ""), [2], dtype=dt)
    rec(var(v))
    if np.dtype(dt).kind != "f":
        rec(val(v))
rec(catch(lambda: v1.get_variable("c", [2], dtype=np.complex64)))
rec(catch(lambda: v1.get_variable("bad", [2], dtype="no_such_dtype")))
rec(catch(lambda: v1.get_variable("bad2", [2], dtype=5)))
rec(coll("variables"))
""")
case("value_initializers", """
for name, init in [("i", [1, 2]), ("f", [1.0, 2.0]), ("b", [True, False]),
                   ("s", 3), ("m", [[1, 2], [3, 4]]), ("mix", [1, 2.5]),
                   ("nd64", np.array([1.0, 2.0])), ("nd32", np.array([1, 2], np.int32)),
                   ("ndb", np.array([True])), ("big", [2**40])]:
    v = v1.get_variable(name, initializer=init)
    rec(var(v), val(v))
rec(catch(lambda: v1.get_variable("shape_and_value", [2], initializer=[1.0, 2.0])))
rec(catch(lambda: v1.get_variable("ragged", initializer=[[1], [1, 2]])))
rec(catch(lambda: v1.get_variable("none_value", initializer=[None])))
rec(uname("Const", mark=False))
""")
case("value_initializer_explicit_dtype", """
rec(var(v1.get_variable("a", initializer=[1.0], dtype=np.float32)))
rec(uname("Const", mark=False))
rec(catch(lambda: v1.get_variable("b", initializer=[1, 2], dtype=np.float32)))
rec(uname("Const", mark=False))
rec(catch(lambda: v1.get_variable("c", initializer=np.array([1.0]), dtype=np.float32)))
rec(catch(lambda: v1.get_variable("d", initializer=[1.0], dtype="no_such")))
with v1.variable_scope("s"):
    rec(catch(lambda: v1.get_variable("e", initializer=[1], dtype=np.int64)))
    rec(ns(), uname("Const", mark=False), uname("s/Const", mark=False))
rec(coll("variables"))
""")
case("reuse_value_initializer_uses_scope_dtype", """
v = v1.get_variable("v", initializer=[1, 2])
rec(var(v))
with v1.variable_scope("", reuse=True):
    rec(catch(lambda: var(v1.get_variable("v", initializer=[1, 2]))))
    rec(catch(lambda: var(v1.get_variable("v"))))
    rec(catch(lambda: var(v1.get_variable("v", dtype=np.int32))))
    rec(catch(lambda: var(v1.get_variable("v", [2], dtype=np.int32))))
    rec(catch(lambda: var(v1.get_variable("v", [3], dtype=np.int32))))
    rec(catch(lambda: var(v1.get_variable("v", [None], dtype=np.int32))))
    rec(catch(lambda: var(v1.get_variable("v", [2, 1], dtype=np.int32))))
""")
case("reuse_checks", """
v = v1.get_variable("v", [2, 3])
with v1.variable_scope("", reuse=v1.AUTO_REUSE):
    rec(v1.get_variable("v", [2, 3]) is v, v1.get_variable("v") is v)
    rec(catch(lambda: v1.get_variable("v", [3, 2])))
    rec(catch(lambda: v1.get_variable("v", [2, 3], dtype=np.float64)))
    rec(catch(lambda: v1.get_variable("v", [2, 3], dtype=np.float64, initializer=v1.zeros_initializer())))
    rec(v1.get_variable("v", [2, None]) is v)
    rec(catch(lambda: v1.get_variable("v", initializer=[1.0])))
""")
case("initializer_kinds", """
class Init:
    def __call__(self, shape, dtype=None, partition_info=None):
        return np.full(shape, 7, dtype=npdt(dtype))
rec(val(v1.get_variable("cls", [2], initializer=v1.ones_initializer)))
rec(val(v1.get_variable("obj", [2], initializer=Init())))
rec(val(v1.get_variable("fn", [2], initializer=lambda shape, dtype=None, partition_info=None: np.ones(shape) * 2)))
rec(val(v1.get_variable("fn2", [2], initializer=lambda shape, dtype=None: np.ones(shape) * 3)))
rec(var(v1.get_variable("noarg", initializer=lambda: np.ones([3], np.float64))))
rec(val(v1.get_variable("noarg32", initializer=lambda: np.ones([1], np.float32))))
rec(catch(lambda: v1.get_variable("needs_args", initializer=v1.zeros_initializer())))
rec(catch(lambda: v1.get_variable("partial_shape", [None, 2], initializer=v1.zeros_initializer())))
rec(catch(lambda: v1.get_variable("bad_shape", [2], initializer=lambda shape, dtype=None: np.ones([3]))))
rec(catch(lambda: v1.get_variable("int_from_float", [2], dtype=np.int32, initializer=v1.constant_initializer(1.5))))
rec(catch(lambda: v1.get_variable("glorot_int", [2], dtype=np.int32, initializer=v1.glorot_uniform_initializer())))
rec(uname("needs_args", mark=False), uname("bad_shape", mark=False),
    uname("glorot_int", mark=False), uname("glorot_int/Initializer", mark=False))
rec(coll("variables"))
""")
case("trainable_and_collections", """
rec(var(v1.get_variable("a", [1], trainable=False)))
rec(var(v1.get_variable("b", [1], collections=["mine"])))
rec(var(v1.get_variable("c", [1], collections=["mine", "variables"], trainable=True)))
rec(var(v1.get_variable("d", [1], collections=("mine",))))
rec(var(v1.get_variable("e", [1], collections={"mine"}, trainable=False)))
rec(var(v1.get_variable("f", [1], collections=["trainable_variables"])))
rec(catch(lambda: v1.get_variable("g", [1], collections="mine")))
rec(catch(lambda: v1.get_variable("h", [1], collections=[["x"]])))
rec(catch(lambda: v1.get_variable("i", [1], synchronization=v1.VariableSynchronization.ON_READ)))
rec(catch(lambda: var(v1.get_variable("j", [1], synchronization=v1.VariableSynchronization.ON_READ, aggregation=v1.VariableAggregation.SUM))))
rec(catch(lambda: v1.get_variable("k", [1], synchronization=7)))
rec(catch(lambda: v1.get_variable("l", [1], aggregation=7)))
rec(catch(lambda: v1.get_variable("m", [1], constraint=5)))
rec(coll("variables"), coll("trainable_variables"), coll("mine"), coll("local_variables"))
rec(uname("g", mark=False), uname("h", mark=False), uname("m", mark=False))
""")
case("local_variables", """
rec(var(v1.get_local_variable("a", [1])))
cs = ["mine"]
rec(var(v1.get_local_variable("b", [1], collections=cs)), cs)
rec(catch(lambda: v1.get_local_variable("c", [1], collections=("mine",))))
rec(catch(lambda: v1.get_local_variable("d", [1], trainable=True)))
with v1.variable_scope("s"):
    rec(var(v1.get_local_variable("e", [2], dtype=np.int32)))
rec(coll("variables"), coll("trainable_variables"), coll("mine"), coll("local_variables"))
""")
case("regularizers", """
losses = []
def reg(v):
    losses.append(v.name)
    return 1.0
with v1.variable_scope("s", regularizer=reg):
    v1.get_variable("a", [1])
    v1.get_variable("b", [1], regularizer=v1.no_regularizer)
    v1.get_variable("c", [1], regularizer=lambda v: None)
    v1.get_local_variable("d", [1])
with v1.variable_scope("s", reuse=True, regularizer=reg):
    v1.get_variable("a", [1])
def boom(v):
    raise TypeError("no")
rec(catch(lambda: v1.get_variable("e", [1], regularizer=boom)))
rec(coll("variables"), len(v1.get_collection("regularization_losses")))
with v1.variable_scope("", reuse=True):
    rec(var(v1.get_variable("e", [1])))
""")
case("regularizer_partitioned", """
names = []
def reg(v):
    names.append(v.name)
    return 2.0
v = v1.get_variable("p", [5, 2], regularizer=reg,
                    partitioner=v1.fixed_size_partitioner(3))
rec(names, len(v1.get_collection("regularization_losses")))
""")
case("scope_initializer_and_value_dtype", """
with v1.variable_scope("s", initializer=v1.constant_initializer(2)):
    v = v1.get_variable("a", [2], dtype=np.int32)
    rec(var(v), val(v))
    rec(catch(lambda: v1.get_variable("b", [2], dtype=np.bool_)))
with v1.variable_scope("t", initializer=[1.0, 2.0]):
    rec(catch(lambda: var(v1.get_variable("a", [2]))))
    rec(catch(lambda: var(v1.get_variable("b"))))
""")

# -- custom getters -------------------------------------------------------------
case("getter_kwargs", """
seen = []
def g(getter, *args, **kwargs):
    seen.append((sorted(kwargs), kwargs["name"], args, ns()))
    return getter(*args, **kwargs)
def named(getter, name, shape=None, dtype=None, initializer=None, regularizer=None,
          reuse=None, trainable=None, collections=None, caching_device=None,
          partitioner=None, validate_shape=True, use_resource=None,
          synchronization=None, aggregation=None):
    seen.append(["named", name, trainable, reuse, dtype.name if dtype is not None else None])
    return getter(name, shape=shape, dtype=dtype, initializer=initializer,
                  regularizer=regularizer, reuse=reuse, trainable=trainable,
                  collections=collections, caching_device=caching_device,
                  partitioner=partitioner, validate_shape=validate_shape,
                  use_resource=use_resource, synchronization=synchronization,
                  aggregation=aggregation)
def with_constraint(getter, name, constraint=None, **kwargs):
    seen.append(["constraint", name])
    return getter(name, constraint=constraint, **kwargs)
with v1.name_scope("ns"):
    with v1.variable_scope("s", custom_getter=g):
        rec(var(v1.get_variable("a", [1])))
        rec(var(v1.get_local_variable("b", [1])))
    rec(var(v1.get_variable("c", [1], custom_getter=named)))
    rec(var(v1.get_variable("d", [1], custom_getter=with_constraint)))
rec(json_safe(seen))
""")
case("getters_compose_innermost_first", """
order = []
def make(tag):
    def g(getter, name, *args, **kwargs):
        order.append(tag)
        return getter(name + "_" + tag, *args, **kwargs)
    return g
with v1.variable_scope("a", custom_getter=make("a")):
    with v1.variable_scope("b", custom_getter=make("b")):
        with v1.variable_scope("c"):
            rec(var(v1.get_variable("v", [1])), order[:])
            rec(var(v1.get_variable("w", [1], custom_getter=make("x"))), order[:])
    with v1.variable_scope("b") as b:
        rec(b.custom_getter is not None)
with v1.variable_scope("z", custom_getter=make("z")) as z:
    pass
with v1.variable_scope("y", custom_getter=make("y")):
    with v1.variable_scope(z):
        rec(var(v1.get_variable("v", [1])), order[:])
    with v1.variable_scope(z, custom_getter=make("q")):
        rec(var(v1.get_variable("u", [1])), order[:])
""")
case("getter_errors", """
rec(catch(lambda: v1.get_variable("a", [1], custom_getter=5)))
with v1.variable_scope("s", custom_getter=5):
    rec(catch(lambda: v1.get_variable("b", [1])))
    with v1.variable_scope("t", custom_getter=lambda getter, *a, **k: getter(*a, **k)):
        rec(catch(lambda: v1.get_variable("c", [1])))
def none_getter(getter, *args, **kwargs):
    return None
rec(catch(lambda: v1.get_variable("d", [1], custom_getter=none_getter)))
def twice(getter, *args, **kwargs):
    getter(*args, **kwargs)
    return getter(*args, **kwargs)
rec(catch(lambda: v1.get_variable("e", [1], custom_getter=twice)))
rec(coll("variables"))
""")

case("getter_opens_name_scope", """
def g(getter, name, *args, **kwargs):
    with v1.name_scope("g"):
        return getter(name, *args, **kwargs)
with v1.variable_scope("s", custom_getter=g):
    v = v1.get_variable("v", [1])
    rec(var(v), ns())
with v1.variable_scope("s", reuse=True):
    rec(v1.get_variable("v", [1]) is v)
rec(uname("g/s/v/Assign", mark=False), uname("s/v", mark=False))
""")

# -- variable creators ---------------------------------------------------------
case("creator_kwargs_and_order", """
log = []
def make(tag):
    def creator(next_creator, **kwargs):
        log.append([tag, sorted(kwargs), kwargs["name"], kwargs["trainable"],
                    kwargs["dtype"].name if kwargs["dtype"] is not None else None,
                    None if kwargs["shape"] is None else [int(d) for d in kwargs["shape"]],
                    callable(kwargs["initial_value"]), kwargs["collections"],
                    kwargs["validate_shape"], str(kwargs["synchronization"]),
                    str(kwargs["aggregation"])])
        return next_creator(**kwargs)
    return creator
with v1.variable_creator_scope(make("outer")):
    with v1.variable_creator_scope(make("inner")):
        with v1.variable_scope("s"):
            rec(var(v1.get_variable("a", [2])))
            rec(var(v1.get_variable("b", initializer=[1, 2])))
            rec(var(v1.get_local_variable("c", [1])))
        with v1.variable_scope("s", reuse=True):
            rec(var(v1.get_variable("a", [2])))
rec(log)
""")
case("creator_renames_and_partitions", """
log = []
def rename(next_creator, **kwargs):
    log.append(kwargs["name"])
    kwargs["name"] = kwargs["name"] + "_c"
    return next_creator(**kwargs)
with v1.variable_creator_scope(rename):
    v = v1.get_variable("p", [5, 2], partitioner=v1.fixed_size_partitioner(2))
    rec(var(v))
    w = v1.get_variable("w", [1])
    rec(var(w))
with v1.variable_scope("", reuse=True):
    rec(v1.get_variable("w", [1]) is w, var(v1.get_variable("p", [5, 2])))
rec(log, coll("variables"))
""")
case("creator_scope_bad_nesting", """
def c(next_creator, **kwargs):
    return next_creator(**kwargs)
a = v1.variable_creator_scope(c)
b = v1.variable_creator_scope(c)
a.__enter__()
b.__enter__()
rec(catch(lambda: a.__exit__(None, None, None)))
""")
case("creator_not_callable", """
with v1.variable_creator_scope(5):
    rec(catch(lambda: v1.get_variable("v", [1])))
    with v1.variable_scope("", reuse=True):
        rec(catch(lambda: v1.get_variable("v", [1])))
rec(coll("variables"), uname("v", mark=False))
""")
case("creator_per_thread_and_graph", """
log = []
def c(next_creator, **kwargs):
    log.append(kwargs["name"])
    return next_creator(**kwargs)
with v1.variable_creator_scope(c):
    g = v1.Graph()
    with g.as_default():
        v1.get_variable("in_other_graph", [1])
    def target():
        with g.as_default():
            v1.get_variable("in_thread", [1])
    t = threading.Thread(target=target); t.start(); t.join()
    v1.get_variable("here", [1])
rec(log)
""")

# -- partitioned variables -----------------------------------------------------------
case("partitioned_basic", """
with v1.variable_scope("s", partitioner=v1.fixed_size_partitioner(3)):
    v = v1.get_variable("p", [5, 2], initializer=v1.constant_initializer([1, 2]))
rec(var(v), val(v), len(v), v._get_partitions(), [var(x) for x in v])
rec(coll("variables"), coll("trainable_variables"))
rec(uname("s/p", mark=False), uname("s/p/part_0", mark=False),
    uname("s/p/part_0/PartitionedInitializer", mark=False))
""")
case("partitioned_axis_1_and_partitioners", """
rec(var(v1.get_variable("a", [2, 7], partitioner=v1.fixed_size_partitioner(3, axis=1))))
rec(var(v1.get_variable("b", [64, 4], partitioner=v1.variable_axis_size_partitioner(256))))
rec(var(v1.get_variable("c", [64, 4], partitioner=v1.min_max_variable_partitioner(4, min_slice_size=128))))
rec(var(v1.get_variable("d", [3], partitioner=v1.fixed_size_partitioner(1))))
rec(var(v1.get_variable("e", [], partitioner=v1.fixed_size_partitioner(2))))
rec(var(v1.get_variable("f", [], partitioner=5)))
""")
case("partitioned_reuse", """
p = v1.fixed_size_partitioner(2)
v = v1.get_variable("v", [4, 2], partitioner=p)
with v1.variable_scope("", reuse=True):
    rec(v1.get_variable("v", [4, 2]) is v, v1.get_variable("v") is v,
        catch(lambda: v1.get_variable("v", partitioner=p)))
    rec(catch(lambda: v1.get_variable("v", [4, 2], partitioner=v1.fixed_size_partitioner(3))))
    rec(catch(lambda: v1.get_variable("v", [4, 3], partitioner=p)))
    rec(catch(lambda: v1.get_variable("v", [4, 2], dtype=dt("float64"))))
    rec(catch(lambda: v1.get_variable("missing", [4, 2], partitioner=p)))
with v1.variable_scope("", reuse=v1.AUTO_REUSE):
    rec(catch(lambda: v1.get_variable("v", [4, 2])))
    rec(v1.get_variable("v", [4, 2], partitioner=p) is v)
    rec(catch(lambda: v1.get_variable("v", partitioner=p)))
rec(catch(lambda: v1.get_variable("v", [4, 2], partitioner=p)))
rec(catch(lambda: v1.get_variable("v", [4, 2])))
rec(catch(lambda: v1.get_variable("v/part_0", [2, 2], partitioner=p)))
""")
case("partitioned_errors", """
p = v1.fixed_size_partitioner(2)
rec(catch(lambda: v1.get_variable("a", partitioner=p, initializer=[1.0, 2.0])))
rec(catch(lambda: v1.get_variable("b", [None, 2], partitioner=p)))
rec(catch(lambda: v1.get_variable("c", [2], partitioner=5)))
rec(catch(lambda: v1.get_variable("d", [4], partitioner=lambda shape, dtype: 2)))
rec(catch(lambda: v1.get_variable("e", [4], partitioner=lambda shape, dtype: [2, 1])))
rec(catch(lambda: v1.get_variable("f", [4], partitioner=lambda shape, dtype: [0])))
rec(catch(lambda: v1.get_variable("g", [4, 4], partitioner=lambda shape, dtype: [2, 2])))
rec(catch(lambda: v1.get_variable("h", [2, 2], partitioner=lambda shape, dtype: [3, 1])))
rec(coll("variables"))
x = v1.get_variable("x", [4])
rec(catch(lambda: v1.get_variable("x", [4], partitioner=p)))
""")
case("partitioned_value_initializer", """
p = v1.fixed_size_partitioner(2)
v = v1.get_variable("a", [4, 2], partitioner=p, initializer=np.arange(8.0).reshape(4, 2))
rec(var(v), val(v))
w = v1.get_variable("b", [3], partitioner=p, initializer=[1, 2, 3])
rec(var(w), val(w))
rec(catch(lambda: v1.get_variable("c", [4], partitioner=p, initializer=[[1.0]])))
rec(catch(lambda: v1.get_variable("d", [4], partitioner=p, initializer=[1.5, 2.5], dtype=np.int32)))
rec(uname("Const", mark=False), uname("a/part_0/PartitionedInitializer/Slice", mark=False),
    uname("c/part_0/PartitionedInitializer/Slice", mark=False),
    uname("c/part_0", mark=False), coll("variables"))
""")
case("partitioned_partition_info", """
infos = []
def init(shape, dtype=None, partition_info=None):
    if partition_info is None:
        infos.append([list(shape), None])
    else:
        infos.append([list(shape), list(partition_info.full_shape),
                      list(partition_info.var_offset), partition_info.single_offset(shape),
                      partition_info.single_slice_dim(shape)])
    return np.zeros(shape, dtype=npdt(dtype))
v1.get_variable("v", [5, 3], initializer=init, partitioner=v1.fixed_size_partitioner(3))
v1.get_variable("w", [2, 6], initializer=init, partitioner=v1.fixed_size_partitioner(2, axis=1))
v1.get_variable("u", [2], initializer=init)
rec(infos)
""")
case("partitioned_getter_and_creator", """
log = []
def getter(getter, *args, **kwargs):
    log.append(["getter", kwargs["name"], kwargs["partitioner"] is not None])
    return getter(*args, **kwargs)
def creator(next_creator, **kwargs):
    log.append(["creator", kwargs["name"], [int(d) for d in kwargs["shape"]]])
    return next_creator(**kwargs)
with v1.variable_creator_scope(creator):
    with v1.variable_scope("s", custom_getter=getter, partitioner=v1.fixed_size_partitioner(2)):
        rec(var(v1.get_variable("p", [3, 2])))
    with v1.variable_scope("s", reuse=True, custom_getter=getter):
        rec(var(v1.get_variable("p", [3, 2])))
rec(log)
""")
case("partitioned_more_shards_than_rows", """
rec(catch(lambda: v1.get_variable("v", [2], partitioner=lambda shape, dtype: [3])))
rec(coll("variables"))
rec(catch(lambda: v1.get_variable("v", [2], partitioner=lambda shape, dtype: [3])))
rec(catch(lambda: v1.get_variable("v", [2])))
rec(catch(lambda: var(v1.get_variable("v", [2], partitioner=lambda shape, dtype: [2]))))
""")


# ---------------------------------------------------------------------------
# Running the cases on TensorFlow

def _run_on_tf():
    import tensorflow as tf
    from tensorflow.python.ops import variables as tf_variables
    from tensorflow.python.util import deprecation

    deprecation._PRINT_DEPRECATION_WARNINGS = False
    tf.get_logger().setLevel("ERROR")
    tf.compat.v1.disable_eager_execution()
    v1 = tf.compat.v1
    partitioned = tf_variables.PartitionedVariable

    def parts(v):
        return list(v) if isinstance(v, partitioned) else [v]

    def val(v):
        ps = parts(v)
        with v1.Session(graph=ps[0].graph) as sess:
            sess.run([p.initializer for p in ps])
            values = sess.run(ps)
        if isinstance(v, partitioned):
            axis = next((i for i, n in enumerate(v._get_partitions()) if n > 1), 0)
            return np.concatenate(values, axis=axis).tolist()
        return np.asarray(values[0]).tolist()

    def op(name):
        return tf.raw_ops.NoOp(name=name).name

    helpers = {"v1": v1, "val": val, "op": op, "dt": tf.as_dtype,
               "is_partitioned": lambda v: isinstance(v, partitioned)}
    results = {}
    for name, code in CASES.items():
        v1.reset_default_graph()
        results[name] = {"code": code, "records": run_case(code, helpers)}
    return results


def run_case(code, helpers):
    """Runs one case with the shared helpers; returns its records."""
    v1 = helpers["v1"]
    is_partitioned = helpers["is_partitioned"]
    records = []

    def rec(*xs):
        records.append(json_safe(xs[0] if len(xs) == 1 else list(xs)))

    def catch(f):
        try:
            return f()
        except Exception as e:  # noqa: BLE001 - recording the type
            return ["error", type(e).__name__]

    def dtype_name(d):
        return getattr(d, "name", str(d))

    def var(v):
        if is_partitioned(v):
            return ["pvar", v.name, [int(d) for d in v.shape], dtype_name(v.dtype),
                    [[p.name, [int(d) for d in p.shape]] for p in v]]
        return [v.name, [int(d) for d in v.shape], dtype_name(v.dtype)]

    def scope(s):
        reuse = "AUTO_REUSE" if s.reuse is v1.AUTO_REUSE else s.reuse
        return [s.name, s.original_name_scope, reuse, np.dtype(
            getattr(s.dtype, "as_numpy_dtype", s.dtype)).name]

    def uname(name, mark=True):
        return v1.get_default_graph().unique_name(name, mark_as_used=mark)

    def ns():
        return v1.get_default_graph().get_name_scope()

    def coll(key, scope=None):
        return [x.name for x in v1.get_collection(key, scope)]

    def npdt(d):
        return np.dtype(getattr(d, "as_numpy_dtype", d))

    env = dict(helpers, np=np, threading=threading, rec=rec, catch=catch, npdt=npdt,
               var=var, scope=scope, uname=uname, ns=ns, coll=coll,
               json_safe=json_safe)
    try:
        exec(compile(code, "<case>", "exec"), env)  # noqa: S102 - our own cases
    except Exception as e:  # noqa: BLE001
        records.append(["raised", type(e).__name__, str(e)[:200]])
    return records


def json_safe(x):
    if isinstance(x, (list, tuple)):
        return [json_safe(i) for i in x]
    if isinstance(x, dict):
        return {str(k): json_safe(v) for k, v in x.items()}
    if isinstance(x, (bool, type(None), str)):
        return x
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        return float(x)
    if isinstance(x, np.ndarray):
        return json_safe(x.tolist())
    if isinstance(getattr(x, "name", None), str):
        return ["object", x.name]
    return repr(type(x).__name__)


def write_results(results, out):
    """Writes the recorded cases to `out` and names those that raised."""
    with open(out, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1, sort_keys=True)
        f.write("\n")
    raised = [n for n, r in results.items()
              if r["records"] and isinstance(r["records"][-1], list)
              and r["records"][-1][:1] == ["raised"]]
    print("wrote %d cases to %s" % (len(results), os.path.relpath(out)))
    if raised:
        print("cases that raised out of their snippet:", raised, file=sys.stderr)


def main():
    write_results(_run_on_tf(), OUT)


if __name__ == "__main__":
    main()
