"""Record what TensorFlow does with bad input, for tests/test_bad_input.py.

Recording tool only: it imports TensorFlow (lazily, in ``_tf_helpers``), is
never imported by pyscope, and is run from the TensorFlow venv:

    ~/.venvs/tf/bin/python tools/record_tf_bad_input.py

The table of rows lives in tests/test_bad_input.py (``TABLE``, read here
with ``ast``); this script runs every row's snippet against
``tf.compat.v1`` in graph mode, on a fresh default graph, and writes
``tests/data/tf_bad_input.json``: per row, the snippet, what the call did
(exception type and message, or the normalised result), the state at the
call and at the end of the snippet, and any extra records.  It also checks
the table's expected exception type against TF's and says where the row's
message pattern does not match TF's own message (informational: the pattern
is asserted on pyscope's message).

The harness below (``run_case``, ``snapshot``) is shared with the test,
which imports this module; it needs NumPy only.

Snippet conventions (the same names on both sides):

* ``v1``: ``tf.compat.v1`` here, ``pyscope`` in the test; ``np``;
  ``g``: the default graph when the snippet starts; ``BIG``: a 1 MB name.
* ``run(f)``: call ``f()`` exactly once, record its outcome and snapshot the
  state right there (inside whatever ``with`` blocks the snippet is in).
* ``rec(x)``: append an extra record; ``catch(f)``: ``f()`` or
  ``["error", type name]``; ``within(cm, f=None)``: enter `cm` and return
  ``f(entered)`` (or what it entered); ``sc(scope)``: ``[name,
  original_name_scope]`` of a VariableScope.
* ``clear_graph_stack()``: empty the default-graph stack (cleanup after a
  row that leaves it nested).
* ``uname(...)``, ``clear_collection(...)``, ``get_all_collection_keys(...)``:
  pyscope's module-level functions (TF: the default graph's methods);
  ``identity_initializer`` (TF: ``v1.initializers.identity``).
* ``op(name)``: make an op named as TF's op wrappers do (``tf.raw_ops.NoOp``;
  ``create_op_name`` in pyscope); ``gop(graph, name)``: the same in `graph`.
* ``var(v)``: ``[name, shape, dtype]``; ``arr(x)``: ``[shape, dtype]`` of an
  initializer's result (a tensor here, an array there).
* ``TS(dims)``: a shape as a partitioner receives it (TensorShape here, a
  tuple there); ``dt(name)``: the library's dtype object.
* ``PROBES = [...]``: extra names to probe with
  ``unique_name(name, mark_as_used=False)`` (any length); ``STORE = [...]``:
  extra names to look up in the variable store.
"""

import ast
import hashlib
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
TEST = os.path.join(HERE, os.pardir, "tests", "test_bad_input.py")
OUT = os.path.join(HERE, os.pardir, "tests", "data", "tf_bad_input.json")

BIG = "a" * (1 << 20)
# Always probed with unique_name(.., mark_as_used=False), besides every name
# TF had in use.
DEFAULT_PROBES = ["x", "v", "s", "a", "foo", "Const", "NoOp", "Variable", "tm",
                  "v/Regularizer", "VarHandleOp"]
WATCHED = ["variables", "trainable_variables", "local_variables"]
MESSAGE_CHARS = 400


def load_table(path=TEST):
    """The ``TABLE`` of tests/test_bad_input.py, without importing it: the
    module's plain assignments of strings (the snippet shorthands) and of
    TABLE itself are evaluated with no builtins."""
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read())
    namespace = {"__builtins__": {}}
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)):
            continue
        target = node.targets[0].id
        if target == "TABLE" or isinstance(node.value, ast.Constant):
            expr = ast.Expression(node.value)
            namespace[target] = eval(compile(expr, path, "eval"), namespace)  # noqa: S307
    return namespace["TABLE"]


def norm(x):
    """A JSON-able, library-independent form of a value."""
    if isinstance(x, str):
        if len(x) <= 200:
            return x
        digest = hashlib.sha1(x.encode("utf-8", "surrogatepass")).hexdigest()
        return "<str len=%d sha1=%s>" % (len(x), digest[:12])
    if isinstance(x, (bytes, bytearray)):
        return ["bytes", norm(bytes(x).decode("latin-1"))]
    if x is None or isinstance(x, bool):
        return x
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        return float(x)
    if isinstance(x, (list, tuple)):
        return [norm(i) for i in x]
    if isinstance(x, dict):
        return {key_str(k): norm(v) for k, v in x.items()}
    try:
        name = getattr(x, "name", None)
    except Exception:  # noqa: BLE001
        name = None
    if isinstance(name, str):
        return ["named", norm(name)]
    return ["object"]


def key_str(k):
    """A dict key for `k`: a str as itself, anything else as ``json:...``."""
    if isinstance(k, str):
        return norm(k)
    return "json:" + json.dumps(norm(k))


def key_value(k):
    """The probe-able value of a `key_str` (bytes back as bytes)."""
    if not k.startswith("json:"):
        return k
    n = json.loads(k[5:])
    if isinstance(n, list) and n[:1] == ["bytes"]:
        return n[1].encode("latin-1")
    return n


def message_of(e):
    try:
        return str(e)
    except Exception:  # noqa: BLE001
        return "<unprintable %s>" % type(e).__name__


def snapshot(env, name_keys, store_keys):
    """What a bad call may change: default graph, name scope, variable
    scope, names in use (probed), the variable store, the collections."""
    v1, h = env["v1"], env["_h"]
    g = v1.get_default_graph()
    state = {"default_graph_is_g": g is env["g"],
             "name_scope": norm(g.get_name_scope())}
    try:
        scope = v1.get_variable_scope()
        reuse = "AUTO_REUSE" if scope.reuse is v1.AUTO_REUSE else norm(scope.reuse)
        state["var_scope"] = [norm(scope.name), reuse]
    except Exception as e:  # noqa: BLE001
        state["var_scope"] = ["error", type(e).__name__]
    used = h["names_in_use"](g)
    if used is not None:
        state["used"] = sorted(key_str(k) for k in used)
    keys = list(name_keys) + [k for k in DEFAULT_PROBES if k not in name_keys]
    probes = env.get("PROBES", [])
    with g.name_scope(None):
        state["names"] = {key_str(k): _probe(g, k) for k in keys}
        state["probes"] = [_probe(g, k) for k in probes]
    candidates = list(store_keys) + list(env.get("STORE", []))
    state["store"] = sorted({key_str(k) for k in candidates if h["in_store"](g, k)})
    state["collections"] = {
        k: [norm(getattr(x, "name", x)) for x in v1.get_collection(k)]
        for k in WATCHED}
    state["regularization_losses"] = len(v1.get_collection("regularization_losses"))
    state["collection_keys"] = sorted(g.get_all_collection_keys())
    return state


def _probe(g, name):
    try:
        return norm(g.unique_name(name, mark_as_used=False))
    except Exception as e:  # noqa: BLE001 - e.g. TF keeps a bytes key
        return ["error", type(e).__name__]


def run_case(code, helpers, recorded=None):
    """Runs one row's snippet.  `recorded` (the test's side) gives the names
    and store keys to probe; without it (TF's side) they are TF's own."""
    v1 = helpers["v1"]
    out = {"outcome": None, "state": None, "extra": []}
    env = dict(helpers)

    def probe_keys(which):
        """Names to probe and store keys to look up: TF's own on TF's side
        (but names too long to keep), the recorded ones on the test's."""
        if recorded is not None:
            return ([key_value(k) for k in recorded[which]["names"]],
                    [key_value(k) for k in recorded[which]["store"]])
        g = v1.get_default_graph()
        short = [k for k in helpers["names_in_use"](g)
                 if not (isinstance(k, str) and len(k) > 200)]
        return short, helpers["store_keys"](g)

    def run(f):
        assert out["outcome"] is None, "run() called twice"
        try:
            result = f()
        except Exception as e:  # noqa: BLE001 - recording the type
            msg = message_of(e)
            out["outcome"] = {"type": type(e).__name__, "message": msg}
        else:
            out["outcome"] = {"type": None, "result": norm(result)}
        names, store = probe_keys("state")
        out["state"] = snapshot(env, names, store)

    def rec(x):
        out["extra"].append(norm(x))

    def catch(f):
        try:
            return f()
        except Exception as e:  # noqa: BLE001
            return ["error", type(e).__name__]

    def within(cm, f=None):
        with cm as x:
            return f(x) if f is not None else x

    def sc(s):
        return [s.name, s.original_name_scope]

    env.update(np=np, BIG=BIG, run=run, rec=rec, catch=catch, within=within,
               sc=sc, g=v1.get_default_graph(), _h=helpers)
    try:
        exec(compile(code, "<row>", "exec"), env)  # noqa: S102 - our own rows
    except Exception as e:  # noqa: BLE001
        out["extra"].append(["raised out of the snippet", type(e).__name__,
                             message_of(e)[:MESSAGE_CHARS]])
    assert out["outcome"] is not None, "the snippet never called run()"
    out["end"] = snapshot(env, *probe_keys("end"))
    return out


# ---------------------------------------------------------------------------
# TensorFlow's side

def _tf_helpers():
    import tensorflow as tf
    from tensorflow.python.util import deprecation

    deprecation._PRINT_DEPRECATION_WARNINGS = False
    tf.get_logger().setLevel("ERROR")
    tf.compat.v1.disable_eager_execution()
    v1 = tf.compat.v1

    def op(name):
        return tf.raw_ops.NoOp(name=name).name

    def gop(graph, name):
        with graph.as_default():
            return tf.raw_ops.NoOp(name=name).name

    def store_of(graph):
        """TF's _VariableStore keeps single variables (and parts) in _vars
        and partitioned ones in _partitioned_vars; pyscope's, in one table."""
        stores = graph.get_collection(("__variable_store",))
        if not stores:
            return {}
        merged = dict(stores[0]._partitioned_vars)
        merged.update(stores[0]._vars)
        return merged

    def in_store(graph, name):
        try:
            return name in store_of(graph)
        except TypeError:
            return False

    def var(v):
        return [v.name, [None if d is None else int(d) for d in v.shape.as_list()],
                v.dtype.base_dtype.name]

    def arr(t):
        shape = t.shape.as_list() if t.shape.rank is not None else None
        return [shape, t.dtype.base_dtype.name]

    def clear_graph_stack():
        from tensorflow.python.framework import ops
        ops._default_graph_stack.reset()

    return {"v1": v1, "op": op, "gop": gop, "var": var, "arr": arr,
            "uname": lambda *a, **k: v1.get_default_graph().unique_name(*a, **k),
            "clear_collection": lambda *a: v1.get_default_graph().clear_collection(*a),
            "get_all_collection_keys":
                lambda *a: v1.get_default_graph().get_all_collection_keys(*a),
            "identity_initializer": v1.initializers.identity,
            "clear_graph_stack": clear_graph_stack,
            "TS": tf.TensorShape, "dt": tf.as_dtype,
            "names_in_use": lambda graph: list(graph._names_in_use),
            "store_keys": lambda graph: list(store_of(graph)),
            "in_store": in_store}


def main():
    import re

    table = load_table()
    ids = [row[0] for row in table]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        sys.exit("duplicate row ids: %s" % dupes)
    helpers = _tf_helpers()
    v1 = helpers["v1"]
    results, wrong_type, quiet = {}, [], []
    for row_id, code, expected, pattern in table:
        v1.reset_default_graph()
        out = run_case(code, helpers)
        got = out["outcome"]["type"]
        message = out["outcome"].get("message")
        if message is not None:
            if pattern and not re.search(pattern, message):
                quiet.append((row_id, message[:160]))
            out["outcome"]["message"] = message[:MESSAGE_CHARS]
        if got != expected:
            wrong_type.append((row_id, expected, got, (message or "")[:160]))
        results[row_id] = dict(out, code=code)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote %d rows to %s" % (len(results), os.path.relpath(OUT)))
    for row_id, message in quiet:
        print("TF's message does not match the row's pattern: %s: %r"
              % (row_id, message))
    for row in wrong_type:
        print("TABLE SAYS %s, TF DOES %s: %s  %r" % (row[1], row[2], row[0], row[3]),
              file=sys.stderr)
    raised_out = [k for k, r in results.items()
                  if any(isinstance(e, list) and e[:1] == ["raised out of the snippet"]
                         for e in r["extra"])]
    if raised_out:
        print("rows that raised out of their snippet:", raised_out, file=sys.stderr)
    return 1 if wrong_type else 0


if __name__ == "__main__":
    sys.exit(main())
