"""Bad input at every public entry point, against TF 2.21 (tf.compat.v1, graph mode).

One row per bad input: ``(id, snippet, exception TF raises or None, pattern)``.
The snippet calls ``run(f)`` once; each row asserts, on both backends:

1. the exception type is TF's (the table's, which the recorder checks
   against TF), or the call succeeds where TF accepts the input, with TF's
   result (quirks included);
2. the message names the culprit: ``re.search(pattern, message)`` on a
   distinctive fragment (the bad value or the argument's name);
3. the state at the call and at the end of the snippet is what TF left:
   default graph, name scope, variable scope, ``unique_name(probe,
   mark_as_used=False)`` for every name TF had in use and a few more, the
   variable store, the GLOBAL/TRAINABLE/LOCAL collections.  Names TF
   reserves before failing must be reserved too.  (On the pure twin the
   whole set of names in use is compared as well.)  Rows marked
   ``DIRECT = True`` call an initializer directly: TF builds ops there and
   pyscope, by design, returns an array, so names are not compared.

TF's side is recorded in tests/data/tf_bad_input.json by
tools/record_tf_bad_input.py (which reads TABLE from this file; re-run it
after changing a row).  This file never imports TensorFlow.

Rows where pyscope differs from TF are ``xfail(strict=True)`` with what
differs (XFAIL below), for the library to fix.
"""
import importlib
import importlib.util
import json
import os
import re

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "record_tf_bad_input",
    os.path.join(HERE, os.pardir, "tools", "record_tf_bad_input.py"))
_recorder = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_recorder)  # numpy only: TF is imported lazily there
with open(os.path.join(HERE, "data", "tf_bad_input.json"), encoding="utf-8") as _f:
    RECORDED = json.load(_f)

# Shorthands used in the snippets below.
_S = "with v1.variable_scope('s'):\n    "  # run inside variable scope 's'
_N = "with g.name_scope('s'):\n    "        # run inside name scope 's'

# fmt: off
TABLE = [
    # -- Graph.unique_name(name, mark_as_used=True) -------------------------
    ("Graph.unique_name-int", "run(lambda: g.unique_name(7))", "AttributeError", r"\b7\b"),
    ("Graph.unique_name-None", "run(lambda: g.unique_name(None))", "AttributeError", r"None"),
    ("Graph.unique_name-float", "run(lambda: g.unique_name(1.5))", "AttributeError", r"1\.5"),
    ("Graph.unique_name-object", "run(lambda: g.unique_name(object()))", "AttributeError", r"<object object"),
    ("Graph.unique_name-list", "run(lambda: g.unique_name(['a']))", "AttributeError", r"\['a'\]"),
    ("Graph.unique_name-bytes", "run(lambda: [g.unique_name(b'ab'), g.unique_name(b'ab')])", None, None),
    ("Graph.unique_name-bytes-in-scope", _N + "run(lambda: g.unique_name(b'ab'))", "TypeError", r"b'ab'|bytes"),
    ("Graph.unique_name-int-in-scope", _N + "run(lambda: g.unique_name(7))", "TypeError", r"\b7\b|int"),
    ("Graph.unique_name-None-in-scope", _N + "run(lambda: g.unique_name(None))", "TypeError", r"None"),
    ("Graph.unique_name-empty", "run(lambda: [g.unique_name(''), g.unique_name('')])", None, None),
    ("Graph.unique_name-empty-in-scope", _N + "run(lambda: [g.unique_name(''), g.unique_name('')])", None, None),
    ("Graph.unique_name-non-ascii", "run(lambda: [g.unique_name('\\u00c4'), g.unique_name('\\u00e4'), g.unique_name('\\u0130')])", None, None),
    ("Graph.unique_name-invalid-chars", "run(lambda: [g.unique_name('a b'), g.unique_name('-x'), g.unique_name('a\\nb'), g.unique_name('\\x00')])", None, None),
    ("Graph.unique_name-slashes", "run(lambda: [g.unique_name('/a'), g.unique_name('a/'), g.unique_name('a//b'), g.unique_name('/')])", None, None),
    ("Graph.unique_name-1MB", "PROBES = [BIG, BIG + '_1']\nrun(lambda: [g.unique_name(BIG), g.unique_name(BIG)])", None, None),
    ("Graph.unique_name-mark_as_used-str", "run(lambda: [g.unique_name('x', mark_as_used='no'), g.unique_name('x')])", None, None),
    ("Graph.unique_name-mark_as_used-None", "run(lambda: [g.unique_name('x', mark_as_used=None), g.unique_name('x')])", None, None),
    ("Graph.unique_name-missing-name", "run(lambda: g.unique_name())", "TypeError", r"name"),
    ("Graph.unique_name-unknown-kwarg", "run(lambda: g.unique_name('x', foo=1))", "TypeError", r"foo"),

    # -- unique_name (module level; TF: the default graph's) ----------------
    ("unique_name-int", "run(lambda: uname(7))", "AttributeError", r"\b7\b"),
    ("unique_name-None", "run(lambda: uname(None))", "AttributeError", r"None"),
    ("unique_name-bytes", "run(lambda: uname(b'ab'))", None, None),
    ("unique_name-int-in-scope", _N + "run(lambda: uname(7))", "TypeError", r"\b7\b|int"),
    ("unique_name-empty", "run(lambda: [uname(''), uname('')])", None, None),
    ("unique_name-1MB", "PROBES = [BIG]\nrun(lambda: uname(BIG))", None, None),

    # -- Graph.name_scope(name) ---------------------------------------------
    ("Graph.name_scope-int", "run(lambda: within(g.name_scope(7)))", "TypeError", r"\b7\b|int"),
    ("Graph.name_scope-int-in-scope", _N + "run(lambda: within(g.name_scope(7)))", "TypeError", r"\b7\b|int"),
    ("Graph.name_scope-zero", _N + "run(lambda: within(g.name_scope(0), lambda s: [s, g.get_name_scope()]))", None, None),
    ("Graph.name_scope-float", "run(lambda: within(g.name_scope(1.5)))", "TypeError", r"1\.5|float"),
    ("Graph.name_scope-object", "run(lambda: within(g.name_scope(object())))", "TypeError", r"object"),
    ("Graph.name_scope-list", "run(lambda: within(g.name_scope(['a'])))", "TypeError", r"\['a'\]|list"),
    ("Graph.name_scope-None-in-scope", _N + "run(lambda: within(g.name_scope(None), lambda s: [s, g.get_name_scope()]))", None, None),
    ("Graph.name_scope-empty-in-scope", _N + "run(lambda: within(g.name_scope(''), lambda s: [s, g.get_name_scope()]))", None, None),
    ("Graph.name_scope-bytes", "run(lambda: within(g.name_scope(b'ab'), lambda s: [s, g.get_name_scope()]))", None, None),
    ("Graph.name_scope-bytes-not-utf8", "run(lambda: within(g.name_scope(b'\\xff')))", "UnicodeDecodeError", r"0xff"),
    ("Graph.name_scope-space", "run(lambda: within(g.name_scope('a b')))", "ValueError", r"'a b'"),
    ("Graph.name_scope-space-in-scope", _N + "run(lambda: within(g.name_scope('a b')))", "ValueError", r"'a b'"),
    ("Graph.name_scope-underscore-root", "run(lambda: within(g.name_scope('_a')))", "ValueError", r"'_a'"),
    ("Graph.name_scope-underscore-in-scope", _N + "run(lambda: within(g.name_scope('_a'), lambda s: [s, g.get_name_scope()]))", None, None),
    ("Graph.name_scope-dash-root", "run(lambda: within(g.name_scope('-a')))", "ValueError", r"'-a'"),
    ("Graph.name_scope-gt-in-scope", _N + "run(lambda: within(g.name_scope('>a'), lambda s: [s, g.get_name_scope()]))", None, None),
    ("Graph.name_scope-non-ascii", "run(lambda: within(g.name_scope('\\u00e9')))", "ValueError", "'\u00e9'"),
    ("Graph.name_scope-non-ascii-in-scope", _N + "run(lambda: within(g.name_scope('a\\u00e9')))", "ValueError", "'a\u00e9'"),
    ("Graph.name_scope-leading-slash-root", "run(lambda: within(g.name_scope('/a')))", "ValueError", r"'/a'"),
    ("Graph.name_scope-leading-slash-in-scope", _N + "run(lambda: within(g.name_scope('/a'), lambda s: [s, g.get_name_scope()]))", None, None),
    ("Graph.name_scope-slash-only-in-scope", _N + "run(lambda: within(g.name_scope('/'), lambda s: [s, g.get_name_scope()]))", None, None),
    ("Graph.name_scope-double-slash", "run(lambda: within(g.name_scope('a//b'), lambda s: [s, g.get_name_scope()]))", None, None),
    ("Graph.name_scope-trailing-slash", "run(lambda: within(g.name_scope('a/'), lambda s: [s, g.get_name_scope(), g.unique_name('x')]))", None, None),
    ("Graph.name_scope-space-trailing-slash", "run(lambda: within(g.name_scope('a b/')))", "ValueError", r"'a b/'"),
    ("Graph.name_scope-trailing-newline", "run(lambda: within(g.name_scope('a\\n'), lambda s: [s, g.get_name_scope()]))", None, None),
    ("Graph.name_scope-inner-newline", "run(lambda: within(g.name_scope('a\\nb')))", "ValueError", r"'a\nb'"),
    ("Graph.name_scope-1MB", "PROBES = [BIG]\nrun(lambda: within(g.name_scope(BIG), lambda s: [s, g.get_name_scope()]))", None, None),
    ("Graph.name_scope-1MB-invalid", "PROBES = [BIG + ' ']\nrun(lambda: within(g.name_scope(BIG + ' ')))", "ValueError", r"aaaa "),

    # -- Graph.create_op_name(name) (TF: an op wrapper's name=) -------------
    ("Graph.create_op_name-None", "run(lambda: [gop(g, None), gop(g, None)])", None, None),
    ("Graph.create_op_name-empty", "run(lambda: [gop(g, ''), gop(g, '')])", None, None),
    ("Graph.create_op_name-int", "run(lambda: gop(g, 7))", "TypeError", r"\b7\b|int"),
    ("Graph.create_op_name-bytes", "run(lambda: gop(g, b'ab'))", None, None),
    ("Graph.create_op_name-space", "run(lambda: gop(g, 'a b'))", "ValueError", r"'a b'"),
    ("Graph.create_op_name-non-ascii", "run(lambda: gop(g, '\\u00e9'))", "ValueError", "'\u00e9'"),
    ("Graph.create_op_name-underscore-root", "run(lambda: gop(g, '_a'))", "ValueError", r"'_a'"),
    ("Graph.create_op_name-underscore-in-scope", "def f():\n    with g.name_scope('s'):\n        return gop(g, '_a')\nrun(f)", None, None),
    ("Graph.create_op_name-duplicate-absolute", "gop(g, 'x/')\nrun(lambda: gop(g, 'x/'))", "ValueError", r"'x'"),
    ("Graph.create_op_name-absolute-after-plain", "gop(g, 'x')\nrun(lambda: gop(g, 'x/'))", "ValueError", r"'x'"),
    ("Graph.create_op_name-slash-only-in-scope", "def f():\n    with g.name_scope('s'):\n        return gop(g, '/')\nrun(f)", "ValueError", r"''|name"),
    ("Graph.create_op_name-space-absolute", "run(lambda: gop(g, 'a b/'))", "ValueError", r"'a b/'"),
    ("Graph.create_op_name-trailing-newline", "run(lambda: gop(g, 'a\\n'))", None, None),
    ("Graph.create_op_name-1MB", "PROBES = [BIG, BIG + '_1']\nrun(lambda: [gop(g, BIG), gop(g, BIG)])", None, None),

    # -- create_op_name (module level) -------------------------------------
    ("create_op_name-None", "run(lambda: op(None))", None, None),
    ("create_op_name-int", "run(lambda: op(7))", "TypeError", r"\b7\b|int"),
    ("create_op_name-space", "run(lambda: op('a b'))", "ValueError", r"'a b'"),
    ("create_op_name-duplicate-absolute", "op('x/')\nrun(lambda: op('x/'))", "ValueError", r"'x'"),
    ("create_op_name-variable-op", "v1.get_variable('v', [1])\nrun(lambda: op('v/'))", "ValueError", r"'v'"),

    # -- name_scope(name, default_name=None, values=None) (v1) --------------
    ("name_scope-default_name-int", "run(lambda: within(v1.name_scope(None, 7)))", "TypeError", r"default_name"),
    ("name_scope-default_name-bytes", "run(lambda: within(v1.name_scope(None, b'd')))", "TypeError", r"default_name"),
    ("name_scope-no-name-with-values", "run(lambda: within(v1.name_scope(None, None, [1])))", "ValueError", r"default_name"),
    ("name_scope-no-name-no-values", _N + "run(lambda: within(v1.name_scope(None), lambda s: [s, g.get_name_scope()]))", None, None),
    ("name_scope-int", "run(lambda: within(v1.name_scope(7)))", "TypeError", r"\b7\b|int"),
    ("name_scope-space", "run(lambda: within(v1.name_scope('a b')))", "ValueError", r"'a b'"),
    ("name_scope-default_name-space", "run(lambda: within(v1.name_scope(None, 'a b')))", "ValueError", r"'a b'"),
    ("name_scope-bytes", "run(lambda: within(v1.name_scope(b'ab'), lambda s: [s, g.get_name_scope()]))", None, None),
    ("name_scope-values-int", "run(lambda: within(v1.name_scope('a', values=5)))", "TypeError", r"values"),
    ("name_scope-values-str", "run(lambda: within(v1.name_scope('a', values='abc'), lambda s: [s, g.get_name_scope()]))", None, None),
    ("name_scope-empty-in-scope", _N + "run(lambda: within(v1.name_scope(''), lambda s: [s, g.get_name_scope()]))", None, None),
    ("name_scope-1MB", "PROBES = [BIG]\nrun(lambda: within(v1.name_scope(BIG), lambda s: s == BIG + '/'))", None, None),
    ("name_scope-unknown-kwarg", "run(lambda: v1.name_scope('a', foo=1))", "TypeError", r"foo"),

    # -- Graph(), Graph.as_default(), get_default_graph, reset_default_graph --
    ("reset_default_graph-nested", "g2 = v1.Graph()\nwith g2.as_default():\n    run(v1.reset_default_graph)", "AssertionError", r"nested graphs"),
    ("reset_default_graph-arg", "run(lambda: v1.reset_default_graph(1))", "TypeError", r"argument"),
    ("Graph-arg", "run(lambda: v1.Graph(1))", "TypeError", r"argument"),
    ("Graph.as_default-arg", "run(lambda: g.as_default(1))", "TypeError", r"argument"),
    ("get_default_graph-arg", "run(lambda: v1.get_default_graph(1))", "TypeError", r"argument"),
    ("Graph.as_default-improper-nesting",
     "g2, g3 = v1.Graph(), v1.Graph()\nc2, c3 = g2.as_default(), g3.as_default()\nc2.__enter__(); c3.__enter__()\n"
     "run(lambda: c2.__exit__(None, None, None))\nc3.__exit__(None, None, None)\nrec(v1.get_default_graph() is g2)\nclear_graph_stack()",
     "AssertionError", r"[Nn]esting"),

    # -- collections ---------------------------------------------------------
    ("add_to_collection-unhashable", "run(lambda: v1.add_to_collection([], 1))", "TypeError", r"unhashable"),
    ("add_to_collection-None-key", "run(lambda: [v1.add_to_collection(None, 1), v1.get_collection(None), get_all_collection_keys()])", None, None),
    ("add_to_collection-missing-value", "run(lambda: v1.add_to_collection('a'))", "TypeError", r"value"),
    ("add_to_collections-int", "run(lambda: v1.add_to_collections(5, 1))", "TypeError", r"'int'"),
    ("add_to_collections-unhashable", "run(lambda: v1.add_to_collections([[1]], 1))", "TypeError", r"unhashable"),
    ("add_to_collections-str", "run(lambda: [v1.add_to_collections('abc', 1), get_all_collection_keys()])", None, None),
    ("add_to_collections-repeated", "run(lambda: [v1.add_to_collections(['a', 'a'], 1), v1.get_collection('a')])", None, None),
    ("get_collection-unhashable", "run(lambda: v1.get_collection([]))", "TypeError", r"unhashable"),
    ("get_collection-None", "run(lambda: v1.get_collection(None))", None, None),
    ("get_collection-scope-int", "v1.get_variable('v', [1])\nrun(lambda: v1.get_collection('variables', scope=1))", "TypeError", r"scope"),
    ("get_collection-scope-int-empty", "run(lambda: v1.get_collection('variables', scope=1))", None, None),
    ("get_collection-scope-bad-regex", "v1.get_variable('v', [1])\nrun(lambda: v1.get_collection('variables', scope='('))", "error", r"scope|'\('"),
    ("get_collection-scope-bytes", "v1.get_variable('v', [1])\nrun(lambda: v1.get_collection('variables', scope=b'v'))", "TypeError", r"scope|bytes"),
    ("get_collection_ref-unhashable", "run(lambda: v1.get_collection_ref([]))", "TypeError", r"unhashable"),
    ("clear_collection-unhashable", "run(lambda: clear_collection([]))", "TypeError", r"unhashable"),
    ("clear_collection-missing", "run(lambda: clear_collection('nope'))", None, None),
    ("get_all_collection_keys-arg", "run(lambda: get_all_collection_keys(1))", "TypeError", r"argument"),
    ("Graph.add_to_collection-unhashable", "run(lambda: g.add_to_collection({}, 1))", "TypeError", r"unhashable"),
    ("Graph.get_collection-scope-int", "v1.get_variable('v', [1])\nrun(lambda: g.get_collection('variables', 1))", "TypeError", r"scope"),

    # -- variable_scope(name_or_scope, default_name, values, ...) -----------
    ("variable_scope-int", "run(lambda: within(v1.variable_scope(7)))", "TypeError", r"name_or_scope"),
    ("variable_scope-bytes", "run(lambda: within(v1.variable_scope(b's')))", "TypeError", r"name_or_scope"),
    ("variable_scope-object", "run(lambda: within(v1.variable_scope(object())))", "TypeError", r"name_or_scope"),
    ("variable_scope-None-no-default", "run(lambda: v1.variable_scope(None))", "TypeError", r"default_name"),
    ("variable_scope-default_name-int", "run(lambda: within(v1.variable_scope(None, default_name=7)))", "TypeError", r"\b7\b|int"),
    ("variable_scope-default_name-bytes", "run(lambda: within(v1.variable_scope(None, default_name=b'd')))", "TypeError", r"default_name"),
    ("variable_scope-default_name-space", "run(lambda: within(v1.variable_scope(None, default_name='a b')))", "ValueError", r"'a b'"),
    ("variable_scope-space", "run(lambda: within(v1.variable_scope('a b')))", "ValueError", r"'a b'"),
    ("variable_scope-space-in-scope", _S + "run(lambda: within(v1.variable_scope('a b')))", "ValueError", r"'a b'"),
    ("variable_scope-non-ascii", "run(lambda: within(v1.variable_scope('\\u00e9')))", "ValueError", "'\u00e9'"),
    ("variable_scope-empty", "run(lambda: within(v1.variable_scope(''), lambda s: sc(s) + [v1.get_variable('v', [1]).name]))", None, None),
    ("variable_scope-empty-in-scope", _S + "run(lambda: within(v1.variable_scope(''), lambda s: sc(s) + [v1.get_variable('v', [1]).name]))", None, None),
    ("variable_scope-slash-inside", "run(lambda: within(v1.variable_scope('a/b'), lambda s: sc(s) + [v1.get_variable('v', [1]).name]))", None, None),
    ("variable_scope-leading-slash", "run(lambda: within(v1.variable_scope('/a')))", "ValueError", r"'/a'"),
    ("variable_scope-leading-slash-in-scope", _S + "run(lambda: within(v1.variable_scope('/a'), lambda s: sc(s) + [v1.get_variable('v', [1]).name]))", None, None),
    ("variable_scope-trailing-slash", "run(lambda: within(v1.variable_scope('a/'), lambda s: sc(s) + [v1.get_variable('v', [1]).name]))", None, None),
    ("variable_scope-underscore-root", "run(lambda: within(v1.variable_scope('_a')))", "ValueError", r"'_a'"),
    ("variable_scope-underscore-in-scope", _S + "run(lambda: within(v1.variable_scope('_a'), sc))", None, None),
    ("variable_scope-trailing-newline", "STORE = ['a\\n/v']\nrun(lambda: within(v1.variable_scope('a\\n'), lambda s: sc(s) + [v1.get_variable('v', [1]).name]))", "ValueError", r"'a\n/v'"),
    ("variable_scope-1MB", "PROBES = [BIG, BIG + '/v']\nSTORE = [BIG + '/v']\nrun(lambda: within(v1.variable_scope(BIG), lambda s: [s.name == BIG, v1.get_variable('v', [1]).name == BIG + '/v:0']))", None, None),
    ("variable_scope-reuse-str", "run(lambda: v1.variable_scope('a', reuse='yes'))", "ValueError", r"reuse"),
    ("variable_scope-reuse-int", "run(lambda: v1.variable_scope('a', reuse=1))", "ValueError", r"reuse"),
    ("variable_scope-reuse-zero", "run(lambda: v1.variable_scope('a', reuse=0))", "ValueError", r"reuse"),
    ("variable_scope-reuse-without-name", "run(lambda: within(v1.variable_scope(None, default_name='d', reuse=True)))", "ValueError", r"reuse"),
    ("variable_scope-captured-reuse-str", "with v1.variable_scope('a') as a:\n    pass\nrun(lambda: v1.variable_scope(a, reuse='yes'))", "ValueError", r"reuse"),
    ("variable_scope-captured-bad-initializer", "with v1.variable_scope('a') as a:\n    pass\ndef f():\n    with v1.variable_scope(a, initializer='x'):\n        return v1.get_variable('v', [2])\nrun(f)", "ValueError", r"initializer|constant"),
    ("variable_scope-auxiliary_name_scope-int", "run(lambda: v1.variable_scope('a', auxiliary_name_scope=1))", "TypeError", r"auxiliary_name_scope"),
    ("variable_scope-auxiliary_name_scope-None", "run(lambda: v1.variable_scope('a', auxiliary_name_scope=None))", "TypeError", r"auxiliary_name_scope"),
    ("variable_scope-initializer-int", "def f():\n    with v1.variable_scope('s', initializer=5):\n        return v1.get_variable('v', [2])\nrun(f)", "ValueError", r"initializer|constant"),
    ("variable_scope-regularizer-int", "STORE = ['s/v']\ndef f():\n    with v1.variable_scope('s', regularizer=5):\n        return v1.get_variable('v', [2])\nrun(f)", "TypeError", r"regularizer"),
    ("variable_scope-partitioner-int", "def f():\n    with v1.variable_scope('s', partitioner=5):\n        return v1.get_variable('v', [2])\nrun(f)", "ValueError", r"[Pp]artitioner"),
    ("variable_scope-custom_getter-int", "def f():\n    with v1.variable_scope('s', custom_getter=5):\n        return v1.get_variable('v', [2])\nrun(f)", "ValueError", r"custom_getter"),
    ("variable_scope-dtype-str", "def f():\n    with v1.variable_scope('s', dtype='floatx'):\n        return v1.get_variable('v', [2])\nrun(f)", "TypeError", r"floatx"),
    ("variable_scope-dtype-enum-int", "def f():\n    with v1.variable_scope('s', dtype=5):\n        return var(v1.get_variable('v', [2]))\nrun(f)", None, None),
    ("variable_scope-caching_device-int", "def f():\n    with v1.variable_scope('s', caching_device=5):\n        return var(v1.get_variable('v', [2]))\nrun(f)", "AttributeError", r"caching_device"),
    ("variable_scope-constraint-int", "def f():\n    with v1.variable_scope('s', constraint=5):\n        return v1.get_variable('v', [2])\nrun(f)", "ValueError", r"constraint"),
    ("variable_scope-use_resource-str", "def f():\n    with v1.variable_scope('s', use_resource='x'):\n        return var(v1.get_variable('v', [2]))\nrun(f)", None, None),
    ("variable_scope-values-int", "run(lambda: within(v1.variable_scope('a', values=5)))", "TypeError", r"values"),
    ("variable_scope-unknown-kwarg", "run(lambda: v1.variable_scope('a', foo=1))", "TypeError", r"foo"),
    ("variable_scope-improper-nesting",
     "a, b = v1.variable_scope('a'), v1.variable_scope('b')\na.__enter__(); b.__enter__()\nrun(lambda: a.__exit__(None, None, None))\n"
     "rec(catch(lambda: [b.__exit__(None, None, None), 'exited'][1]))\nrec([v1.get_variable_scope().name, g.get_name_scope()])",
     "RuntimeError", r"nesting"),

    # -- VariableScope setters ----------------------------------------------
    ("VariableScope.set_dtype-str", _S + "v1.get_variable_scope().set_dtype('floatx')\n    run(lambda: v1.get_variable('v', [2]))", "TypeError", r"floatx"),
    ("VariableScope.set_dtype-None", _S + "v1.get_variable_scope().set_dtype(None)\n    run(lambda: var(v1.get_variable('v', [2])))", "TypeError", r"None"),
    ("VariableScope.set_partitioner-int", _S + "v1.get_variable_scope().set_partitioner(5)\n    run(lambda: v1.get_variable('v', [2]))", "ValueError", r"[Pp]artitioner"),
    ("VariableScope.set_custom_getter-str", _S + "v1.get_variable_scope().set_custom_getter('g')\n    run(lambda: v1.get_variable('v', [2]))", "ValueError", r"custom_getter"),
    ("VariableScope.set_initializer-object", _S + "v1.get_variable_scope().set_initializer(object())\n    run(lambda: v1.get_variable('v', [2]))", "ValueError", r"initializer|constant"),
    ("VariableScope.set_regularizer-int", "STORE = ['s/v']\n" + _S + "v1.get_variable_scope().set_regularizer(5)\n    run(lambda: v1.get_variable('v', [2]))", "TypeError", r"regularizer"),
    ("VariableScope.set_caching_device-int", _S + "v1.get_variable_scope().set_caching_device(5)\n    run(lambda: var(v1.get_variable('v', [2])))", "AttributeError", r"caching_device"),
    ("VariableScope.set_use_resource-str", _S + "v1.get_variable_scope().set_use_resource('x')\n    run(lambda: var(v1.get_variable('v', [2])))", None, None),
    ("VariableScope.reuse_variables-arg", _S + "run(lambda: v1.get_variable_scope().reuse_variables(1))", "TypeError", r"argument"),

    # -- get_variable(name, ...) --------------------------------------------
    ("get_variable-name-None-root", "STORE = [None]\nrun(lambda: var(v1.get_variable(None, [1])))", None, None),
    ("get_variable-name-None-in-scope", _S + "run(lambda: v1.get_variable(None, [1]))", "TypeError", r"None"),
    ("get_variable-name-int-root", "STORE = [7]\nrun(lambda: var(v1.get_variable(7, [1])))", "TypeError", r"\b7\b|int"),
    ("get_variable-name-bytes-root", "STORE = [b'v']\nrun(lambda: var(v1.get_variable(b'v', [1])))", None, None),
    ("get_variable-name-empty-root", "STORE = ['']\nrun(lambda: var(v1.get_variable('', [1])))", None, None),
    ("get_variable-name-empty-in-scope", "STORE = ['s/']\n" + _S + "run(lambda: var(v1.get_variable('', [1])))", None, None),
    ("get_variable-name-space", "STORE = ['a b']\nrun(lambda: v1.get_variable('a b', [1]))", "ValueError", r"'a b'"),
    ("get_variable-name-space-in-scope", "STORE = ['s/a b']\n" + _S + "run(lambda: v1.get_variable('a b', [1]))", "ValueError", r"'s/a b'"),
    ("get_variable-name-non-ascii", "STORE = ['\\u00e9']\nrun(lambda: v1.get_variable('\\u00e9', [1]))", "ValueError", "'\u00e9'"),
    ("get_variable-name-leading-slash", "STORE = ['/v']\nrun(lambda: v1.get_variable('/v', [1]))", "ValueError", r"'/v'"),
    ("get_variable-name-leading-slash-in-scope", "STORE = ['s//v']\n" + _S + "run(lambda: var(v1.get_variable('/v', [1])))", None, None),
    ("get_variable-name-trailing-slash", "STORE = ['v/', 'v']\nrun(lambda: var(v1.get_variable('v/', [1])))", None, None),
    ("get_variable-name-trailing-slash-twice", "STORE = ['v/', 'v']\nv1.get_variable('v', [1])\nrun(lambda: var(v1.get_variable('v/', [1])))", "ValueError", r"'v'"),
    ("get_variable-name-underscore-root", "STORE = ['_v']\nrun(lambda: v1.get_variable('_v', [1]))", "ValueError", r"'_v'"),
    ("get_variable-name-trailing-newline", "STORE = ['v\\n']\nrun(lambda: var(v1.get_variable('v\\n', [1])))", "ValueError", r"v\n"),
    ("get_variable-name-1MB", "PROBES = [BIG]\nSTORE = [BIG]\nrun(lambda: v1.get_variable(BIG, [1]).name == BIG + ':0')", None, None),
    ("get_variable-name-1MB-invalid", "PROBES = [BIG + ' ']\nSTORE = [BIG + ' ']\nrun(lambda: v1.get_variable(BIG + ' ', [1]))", "ValueError", r"aaaa '"),
    ("get_variable-shape-negative", "run(lambda: v1.get_variable('v', [-1]))", "ValueError", r"-1"),
    ("get_variable-shape-None-dim", "run(lambda: v1.get_variable('v', [None, 2]))", "ValueError", r"shape"),
    ("get_variable-shape-float", "run(lambda: v1.get_variable('v', [1.5]))", "TypeError", r"1\.5"),
    ("get_variable-shape-integral-float", "run(lambda: v1.get_variable('v', [2.0]))", "TypeError", r"2\.0"),
    ("get_variable-shape-str", "run(lambda: v1.get_variable('v', 'ab'))", "TypeError", r"'ab'|'a'"),
    ("get_variable-shape-int", "run(lambda: var(v1.get_variable('v', 5)))", None, None),
    ("get_variable-shape-bool", "run(lambda: var(v1.get_variable('v', [True, 2])))", "TypeError", r"True|bool"),
    ("get_variable-shape-numpy", "run(lambda: var(v1.get_variable('v', np.array([2, 3]))))", None, None),
    ("get_variable-shape-missing", "run(lambda: v1.get_variable('v'))", "ValueError", r"\bv\b.*shape|shape.*\bv\b"),
    ("get_variable-shape-object", "run(lambda: v1.get_variable('v', object()))", "TypeError", r"object"),
    ("get_variable-dtype-str", "run(lambda: v1.get_variable('v', [1], dtype='floatx'))", "TypeError", r"floatx"),
    ("get_variable-dtype-enum-int", "run(lambda: var(v1.get_variable('v', [1], dtype=5)))", None, None),
    ("get_variable-dtype-object", "run(lambda: var(v1.get_variable('v', [1], dtype=object)))", None, None),
    ("get_variable-dtype-string-no-initializer", "run(lambda: var(v1.get_variable('v', [1], dtype='string')))", None, None),
    ("get_variable-dtype-resource", "run(lambda: v1.get_variable('v', [1], dtype='resource'))", "ValueError", r"\bv\b"),
    ("get_variable-dtype-float-python-type", "run(lambda: var(v1.get_variable('v', [1], dtype=float)))", None, None),
    ("get_variable-dtype-value-mismatch", "run(lambda: v1.get_variable('v', dtype='int32', initializer=np.zeros(2)))", "ValueError", r"float64"),
    ("get_variable-initializer-int-with-shape", "run(lambda: v1.get_variable('v', [2], initializer=5))", "ValueError", r"\bv\b"),
    ("get_variable-initializer-str-value", "run(lambda: var(v1.get_variable('v', initializer='abc')))", None, None),
    ("get_variable-initializer-None-value", "run(lambda: v1.get_variable('v', initializer=None))", "ValueError", r"\bv\b"),
    ("get_variable-initializer-raises", "def init(shape, dtype=None, partition_info=None):\n    raise RuntimeError('boom')\nrun(lambda: v1.get_variable('v', [2], initializer=init))", "RuntimeError", r"boom"),
    ("get_variable-initializer-wrong-shape", "def init(shape, dtype=None, partition_info=None):\n    return np.zeros([3], np.float32)\nrun(lambda: v1.get_variable('v', [2], initializer=init))", "ValueError", r"\(3,\)"),
    ("get_variable-initializer-returns-None", "def init(shape, dtype=None, partition_info=None):\n    return None\nrun(lambda: v1.get_variable('v', [2], initializer=init))", "ValueError", r"None"),
    ("get_variable-initializer-returns-str", "def init(shape, dtype=None, partition_info=None):\n    return ['a', 'b']\nrun(lambda: v1.get_variable('v', [2], initializer=init))", "TypeError", r"'a'|str"),
    ("get_variable-initializer-returns-float64", "def init(shape, dtype=None, partition_info=None):\n    return np.zeros(shape, np.float64)\nrun(lambda: var(v1.get_variable('v', [2], initializer=init)))", None, None),
    ("get_variable-initializer-no-args-with-shape", "run(lambda: v1.get_variable('v', [2], initializer=lambda: np.zeros(2)))", "TypeError", r"lambda"),
    ("get_variable-initializer-no-args-no-shape", "run(lambda: var(v1.get_variable('v', initializer=lambda: np.zeros(2, np.float32))))", None, None),
    ("get_variable-initializer-class", "run(lambda: var(v1.get_variable('v', [2], initializer=v1.zeros_initializer)))", None, None),
    ("get_variable-initializer-needs-shape-unknown", "run(lambda: v1.get_variable('v', [None], initializer=v1.zeros_initializer()))", "ValueError", r"shape"),
    ("get_variable-regularizer-int", "STORE = ['v']\nrun(lambda: v1.get_variable('v', [2], regularizer=5))", "TypeError", r"regularizer"),
    ("get_variable-regularizer-raises", "STORE = ['v']\ndef reg(v):\n    raise ValueError('bad reg')\nrun(lambda: v1.get_variable('v', [2], regularizer=reg))\nrec(catch(lambda: var(v1.get_variable('v', [2]))))", "ValueError", r"bad reg"),
    ("get_variable-trainable-str", "run(lambda: var(v1.get_variable('v', [2], trainable='no')))", None, None),
    ("get_variable-collections-str", "run(lambda: v1.get_variable('v', [2], collections='abc'))", "ValueError", r"collections"),
    ("get_variable-collections-int", "run(lambda: v1.get_variable('v', [2], collections=5))", "ValueError", r"collections"),
    ("get_variable-collections-unhashable", "STORE = ['v']\nrun(lambda: v1.get_variable('v', [2], collections=[[]]))", "TypeError", r"unhashable"),
    ("get_variable-collections-None-key", "run(lambda: [var(v1.get_variable('v', [2], collections=[None])), len(v1.get_collection(None))])", None, None),
    ("get_variable-caching_device-int", "run(lambda: var(v1.get_variable('v', [2], caching_device=5)))", "AttributeError", r"caching_device"),
    ("get_variable-partitioner-int", "run(lambda: v1.get_variable('v', [4], partitioner=5))", "ValueError", r"[Pp]artitioner"),
    ("get_variable-partitioner-zero", "run(lambda: v1.get_variable('v', [4], partitioner=lambda shape, dtype: [0]))", "ValueError", r"\[0\]"),
    ("get_variable-partitioner-two-axes", "run(lambda: v1.get_variable('v', [4, 4], partitioner=lambda shape, dtype: [2, 2]))", "ValueError", r"\[2, 2\]"),
    ("get_variable-partitioner-wrong-rank", "run(lambda: v1.get_variable('v', [4, 4], partitioner=lambda shape, dtype: [2]))", "ValueError", r"\[2\]"),
    ("get_variable-partitioner-not-sequence", "run(lambda: v1.get_variable('v', [4], partitioner=lambda shape, dtype: 5))", "ValueError", r"\b5\b"),
    ("get_variable-partitioner-None", "run(lambda: v1.get_variable('v', [4], partitioner=lambda shape, dtype: None))", "ValueError", r"None"),
    ("get_variable-partitioner-str-entries", "run(lambda: v1.get_variable('v', [4], partitioner=lambda shape, dtype: ['a']))", "TypeError", r"'str'|'a'"),
    ("get_variable-partitioner-float-entries", "run(lambda: v1.get_variable('v', [4], partitioner=lambda shape, dtype: [1.5]))", "TypeError", r"1\.5|float"),
    ("get_variable-partitioner-too-many-parts", "STORE = ['v', 'v/part_0', 'v/part_1', 'v/part_2']\nrun(lambda: v1.get_variable('v', [2], partitioner=lambda shape, dtype: [3]))", "ValueError", r"v/part_2|offset"),
    ("get_variable-partitioner-raises", "def p(shape, dtype):\n    raise RuntimeError('no parts')\nrun(lambda: v1.get_variable('v', [4], partitioner=p))", "RuntimeError", r"no parts"),
    ("get_variable-partitioner-shape-None", "run(lambda: v1.get_variable('v', partitioner=v1.fixed_size_partitioner(2)))", "ValueError", r"[Ss]hape"),
    ("get_variable-partitioner-shape-None-dim", "run(lambda: v1.get_variable('v', [None], partitioner=v1.fixed_size_partitioner(2)))", "ValueError", r"[Ss]hape"),
    ("get_variable-partitioner-scalar", "run(lambda: var(v1.get_variable('v', [], partitioner=v1.fixed_size_partitioner(2))))", None, None),
    ("get_variable-partitioner-value-no-shape", "run(lambda: v1.get_variable('v', initializer=np.zeros(4, np.float32), partitioner=v1.fixed_size_partitioner(2)))", "ValueError", r"[Ss]hape"),
    ("get_variable-partitioner-value-wrong-rank", "STORE = ['v/part_0']\nrun(lambda: v1.get_variable('v', [4, 2], initializer=np.zeros(4, np.float32), partitioner=v1.fixed_size_partitioner(2)))", "ValueError", r"rank"),
    ("get_variable-validate_shape-str", "run(lambda: var(v1.get_variable('v', [2], validate_shape='x')))", None, None),
    ("get_variable-use_resource-str", "run(lambda: var(v1.get_variable('v', [2], use_resource='x')))", None, None),
    ("get_variable-custom_getter-int", "run(lambda: v1.get_variable('v', [2], custom_getter=5))", "ValueError", r"custom_getter"),
    ("get_variable-custom_getter-returns-None", "run(lambda: v1.get_variable('v', [2], custom_getter=lambda getter, *a, **k: None))\nrec(catch(lambda: var(v1.get_variable('v', [2]))))", None, None),
    ("get_variable-custom_getter-raises", "def cg(getter, *a, **k):\n    raise KeyError('getter says no')\nrun(lambda: v1.get_variable('v', [2], custom_getter=cg))", "KeyError", r"getter says no"),
    ("get_variable-custom_getter-bad-signature", "run(lambda: v1.get_variable('v', [2], custom_getter=lambda: 1))", "TypeError", r"lambda"),
    ("get_variable-constraint-int", "run(lambda: v1.get_variable('v', [2], constraint=5))", "ValueError", r"constraint"),
    ("get_variable-synchronization-str", "run(lambda: v1.get_variable('v', [2], synchronization='bad'))", "ValueError", r"bad"),
    ("get_variable-aggregation-str", "run(lambda: v1.get_variable('v', [2], aggregation='bad'))", "ValueError", r"bad"),
    ("get_variable-on-read-trainable", "run(lambda: var(v1.get_variable('v', [2], trainable=True, synchronization=v1.VariableSynchronization.ON_READ)))", None, None),
    ("get_variable-unknown-kwarg", "run(lambda: v1.get_variable('v', [2], foo=1))", "TypeError", r"foo"),
    ("get_variable-reuse-missing", "with v1.variable_scope('s', reuse=True):\n    run(lambda: v1.get_variable('v', [2]))", "ValueError", r"s/v"),
    ("get_variable-reuse-shape-mismatch", _S + "v1.get_variable('v', [2])\nwith v1.variable_scope('s', reuse=True):\n    run(lambda: v1.get_variable('v', [3]))", "ValueError", r"s/v"),
    ("get_variable-reuse-dtype-mismatch", _S + "v1.get_variable('v', [2])\nwith v1.variable_scope('s', reuse=True):\n    run(lambda: v1.get_variable('v', [2], dtype='int32'))", "ValueError", r"s/v"),
    ("get_variable-exists-no-reuse", "v1.get_variable('v', [2])\nrun(lambda: v1.get_variable('v', [2]))", "ValueError", r"\bv\b"),
    ("get_variable-exists-partitioned", "v1.get_variable('v', [4], partitioner=v1.fixed_size_partitioner(2))\nrun(lambda: v1.get_variable('v', [4]))", "ValueError", r"v/part_0"),
    ("get_variable-exists-unpartitioned", "v1.get_variable('v', [4])\nrun(lambda: v1.get_variable('v', [4], partitioner=v1.fixed_size_partitioner(2)))", "ValueError", r"\bv\b"),

    # -- get_local_variable --------------------------------------------------
    ("get_local_variable-collections-str", "run(lambda: v1.get_local_variable('v', [2], collections='abc'))", "TypeError", r"collections"),
    ("get_local_variable-collections-tuple", "run(lambda: v1.get_local_variable('v', [2], collections=('a',)))", "TypeError", r"collections"),
    ("get_local_variable-trainable-True", "run(lambda: var(v1.get_local_variable('v', [2], trainable=True)))", None, None),
    ("get_local_variable-name-None-root", "STORE = [None]\nrun(lambda: var(v1.get_local_variable(None, [1])))", None, None),
    ("get_local_variable-name-space", "run(lambda: v1.get_local_variable('a b', [1]))", "ValueError", r"'a b'"),
    ("get_local_variable-shape-negative", "run(lambda: v1.get_local_variable('v', [-1]))", "ValueError", r"-1"),
    ("get_local_variable-dtype-str", "run(lambda: v1.get_local_variable('v', [1], dtype='floatx'))", "TypeError", r"floatx"),
    ("get_local_variable-custom_getter-int", "run(lambda: v1.get_local_variable('v', [1], custom_getter=5))", "ValueError", r"custom_getter"),

    # -- initializers (called directly: TF builds ops here, pyscope arrays) ----
    ("zeros_initializer-dtype-str", "run(lambda: v1.zeros_initializer(dtype='floatx'))", "TypeError", r"floatx"),
    ("zeros_initializer-shape-negative", "DIRECT = True\nrun(lambda: arr(v1.zeros_initializer()([-1])))", "ValueError", r"-1"),
    ("zeros_initializer-shape-float", "DIRECT = True\nrun(lambda: arr(v1.zeros_initializer()([1.5])))", None, None),
    ("zeros_initializer-shape-str", "DIRECT = True\nrun(lambda: arr(v1.zeros_initializer()('ab')))", "TypeError", r"'ab'|str"),
    ("zeros_initializer-shape-None", "DIRECT = True\nrun(lambda: arr(v1.zeros_initializer()(None)))", "ValueError", r"None"),
    ("zeros_initializer-call-dtype-str", "DIRECT = True\nrun(lambda: arr(v1.zeros_initializer()([2], dtype='floatx')))", "TypeError", r"floatx"),
    ("zeros_initializer-no-args", "DIRECT = True\nrun(lambda: v1.zeros_initializer()())", "TypeError", r"shape"),
    ("ones_initializer-dtype-string", "DIRECT = True\nrun(lambda: arr(v1.ones_initializer()([2], dtype='string')))", "TypeError", r"string"),
    ("constant_initializer-object", "run(lambda: v1.constant_initializer(object()))", "TypeError", r"object"),
    ("constant_initializer-too-many", "DIRECT = True\nrun(lambda: arr(v1.constant_initializer([1, 2, 3])([2])))", "ValueError", r"\b3\b"),
    ("constant_initializer-str-for-float", "DIRECT = True\nrun(lambda: arr(v1.constant_initializer('abc')([2])))", "TypeError", r"abc"),
    ("constant_initializer-float-for-int", "DIRECT = True\nrun(lambda: arr(v1.constant_initializer(3.7)([2], dtype='int32')))", "TypeError", r"3\.7"),
    ("constant_initializer-verify_shape", "DIRECT = True\nrun(lambda: arr(v1.constant_initializer([1, 2], verify_shape=True)([3])))", "TypeError", r"\(2,\)|\[2\]|shape"),
    ("random_normal_initializer-dtype-int", "run(lambda: v1.random_normal_initializer(dtype='int32'))", "ValueError", r"int32"),
    ("random_normal_initializer-stddev-str", "DIRECT = True\nrun(lambda: arr(v1.random_normal_initializer(stddev='x')([2])))", "TypeError", r"got x\b|'x'"),
    ("truncated_normal_initializer-dtype-string", "run(lambda: v1.truncated_normal_initializer(dtype='string'))", "ValueError", r"string"),
    ("random_uniform_initializer-min-above-max", "DIRECT = True\nrun(lambda: arr(v1.random_uniform_initializer(minval=1.0, maxval=0.0)([2])))", None, None),
    ("random_uniform_initializer-int-no-maxval", "DIRECT = True\nrun(lambda: arr(v1.random_uniform_initializer(minval=0, dtype='int32')([2])))", "ValueError", r"maxval"),
    ("random_uniform_initializer-dtype-string", "DIRECT = True\nrun(lambda: arr(v1.random_uniform_initializer(dtype='string')([2])))", "ValueError", r"string"),
    ("variance_scaling_initializer-scale-negative", "run(lambda: v1.variance_scaling_initializer(scale=-1.0))", "ValueError", r"-1"),
    ("variance_scaling_initializer-scale-zero", "run(lambda: v1.variance_scaling_initializer(scale=0.0))", "ValueError", r"scale"),
    ("variance_scaling_initializer-mode", "run(lambda: v1.variance_scaling_initializer(mode='bad'))", "ValueError", r"bad"),
    ("variance_scaling_initializer-distribution", "run(lambda: v1.variance_scaling_initializer(distribution='bad'))", "ValueError", r"bad"),
    ("variance_scaling_initializer-partition_info-int", "DIRECT = True\nrun(lambda: arr(v1.variance_scaling_initializer()([2, 2], partition_info=5)))", "AttributeError", r"partition_info|full_shape"),
    ("glorot_uniform_initializer-dtype-int", "DIRECT = True\nrun(lambda: arr(v1.glorot_uniform_initializer()([2, 2], dtype='int32')))", "TypeError", r"int32"),
    ("glorot_uniform_initializer-scalar", "DIRECT = True\nrun(lambda: arr(v1.glorot_uniform_initializer()([])))", None, None),
    ("orthogonal_initializer-rank-1", "DIRECT = True\nrun(lambda: arr(v1.orthogonal_initializer()([2])))", "ValueError", r"shape"),
    ("orthogonal_initializer-dtype-int", "DIRECT = True\nrun(lambda: arr(v1.orthogonal_initializer()([2, 2], dtype='int32')))", "TypeError", r"int32"),
    ("identity_initializer-rank-3", "DIRECT = True\nrun(lambda: arr(identity_initializer()([2, 3, 4])))", "ValueError", r"shape"),

    # -- partitioners (called directly, then through get_variable) ----------
    ("fixed_size_partitioner-zero", "run(lambda: v1.fixed_size_partitioner(0)(shape=TS([4]), dtype=dt('float32')))", None, None),
    ("fixed_size_partitioner-zero-in-get_variable", "run(lambda: v1.get_variable('v', [4], partitioner=v1.fixed_size_partitioner(0)))", "ValueError", r"\[0\]"),
    ("fixed_size_partitioner-negative-in-get_variable", "run(lambda: v1.get_variable('v', [4], partitioner=v1.fixed_size_partitioner(-1)))", "ValueError", r"\[-1\]"),
    ("fixed_size_partitioner-axis-out-of-range", "run(lambda: v1.fixed_size_partitioner(2, axis=5)(shape=TS([4]), dtype=dt('float32')))", "IndexError", r"axis"),
    ("fixed_size_partitioner-num_shards-str", "run(lambda: v1.fixed_size_partitioner('2')(shape=TS([4]), dtype=dt('float32')))", "TypeError", r"num_shards|'str'"),
    ("variable_axis_size_partitioner-zero-bytes", "run(lambda: v1.variable_axis_size_partitioner(0))", "ValueError", r"max_shard_bytes"),
    ("variable_axis_size_partitioner-zero-string-bytes", "run(lambda: v1.variable_axis_size_partitioner(1024, bytes_per_string_element=0))", "ValueError", r"bytes_per_string_element"),
    ("variable_axis_size_partitioner-max_shards-negative", "run(lambda: v1.variable_axis_size_partitioner(1024, max_shards=-1))", "ValueError", r"max_shards"),
    ("variable_axis_size_partitioner-axis-out-of-range", "run(lambda: v1.variable_axis_size_partitioner(1024, axis=3)(shape=TS([4]), dtype=dt('float32')))", "IndexError", r"axis"),
    ("variable_axis_size_partitioner-zero-dim", "run(lambda: v1.variable_axis_size_partitioner(4)(shape=TS([0]), dtype=dt('float32')))", "ZeroDivisionError", r"shape|\b0\b"),
    ("min_max_variable_partitioner-axis-out-of-range", "run(lambda: v1.min_max_variable_partitioner(axis=3)(shape=TS([4]), dtype=dt('float32')))", "ValueError", r"axis 3"),
    ("min_max_variable_partitioner-min_slice_size-zero", "run(lambda: v1.min_max_variable_partitioner(min_slice_size=0)(shape=TS([4]), dtype=dt('float32')))", "ZeroDivisionError", r"min_slice_size"),
    ("min_max_variable_partitioner-max_partitions-zero", "run(lambda: v1.min_max_variable_partitioner(max_partitions=0)(shape=TS([4]), dtype=dt('float32')))", None, None),
    ("min_max_variable_partitioner-max_partitions-str", "run(lambda: v1.min_max_variable_partitioner(max_partitions='x')(shape=TS([4]), dtype=dt('float32')))", "TypeError", r"max_partitions|'str'"),
    ("fixed_size_partitioner-more-shards-than-rows", "STORE = ['v', 'v/part_0', 'v/part_1']\nrun(lambda: v1.get_variable('v', [2], partitioner=v1.fixed_size_partitioner(3)))", None, None),

    # -- variable_creator_scope(creator) ------------------------------------
    ("variable_creator_scope-int", "def f():\n    with v1.variable_creator_scope(5):\n        return v1.get_variable('v', [1])\nrun(f)", "TypeError", r"creator"),
    ("variable_creator_scope-None", "def f():\n    with v1.variable_creator_scope(None):\n        return v1.get_variable('v', [1])\nrun(f)", "TypeError", r"creator"),
    ("variable_creator_scope-returns-None", "STORE = ['v']\ndef f():\n    with v1.variable_creator_scope(lambda next_creator, **kw: None):\n        return v1.get_variable('v', [1])\nrun(f)\nrec(catch(lambda: var(v1.get_variable('v', [1]))))", "NotImplementedError", r"None|creator"),
    ("variable_creator_scope-returns-str", "STORE = ['v']\ndef f():\n    with v1.variable_creator_scope(lambda next_creator, **kw: 'x'):\n        return v1.get_variable('v', [1])\nrun(f)", "AttributeError", r"'str'|'x'"),
    ("variable_creator_scope-raises", "STORE = ['v']\ndef c(next_creator, **kw):\n    raise RuntimeError('creator says no')\ndef f():\n    with v1.variable_creator_scope(c):\n        return v1.get_variable('v', [1])\nrun(f)", "RuntimeError", r"creator says no"),
    ("variable_creator_scope-bad-signature", "def f():\n    with v1.variable_creator_scope(lambda: 1):\n        return v1.get_variable('v', [1])\nrun(f)", "TypeError", r"lambda"),
    ("variable_creator_scope-missing-arg", "run(lambda: v1.variable_creator_scope())", "TypeError", r"creator"),
    ("variable_creator_scope-improper-nesting",
     "ident = lambda nc, **kw: nc(**kw)\na, b = v1.variable_creator_scope(ident), v1.variable_creator_scope(ident)\na.__enter__(); b.__enter__()\n"
     "run(lambda: a.__exit__(None, None, None))\nrec(catch(lambda: [b.__exit__(None, None, None), 'exited'][1]))\nrec(var(v1.get_variable('v', [1])))",
     "RuntimeError", r"nesting"),

    # -- make_template(name_, func_, ...) and calling the template ----------
    ("make_template-name-None", "run(lambda: v1.make_template(None, lambda: 1))", "ValueError", r"name"),
    ("make_template-name-int", "t = v1.make_template(7, lambda: v1.get_variable('v', [1]))\nrun(t)", "TypeError", r"\b7\b|int"),
    ("make_template-name-space", "t = v1.make_template('a b', lambda: v1.get_variable('v', [1]))\nrun(t)", "ValueError", r"'a b'"),
    ("make_template-name-empty", "t = v1.make_template('', lambda: var(v1.get_variable('v', [1])))\nrun(t)\nrec(t())", None, None),
    ("make_template-name-1MB", "PROBES = [BIG]\nSTORE = [BIG + '/v']\nt = v1.make_template(BIG, lambda: v1.get_variable('v', [1]).name == BIG + '/v:0')\nrun(t)", None, None),
    ("make_template-func-int", "t = v1.make_template('tm', 5)\nrun(t)", "TypeError", r"func"),
    ("make_template-func-None", "t = v1.make_template('tm', None)\nrun(t)", "TypeError", r"func"),
    ("make_template-create_scope_now-name-space", "run(lambda: v1.make_template('a b', lambda: 1, create_scope_now_=True))\nrec(catch(lambda: var(v1.get_variable('v', [1]))))", None, None),
    ("make_template-create_scope_now-name-int", "run(lambda: v1.make_template(7, lambda: 1, create_scope_now_=True))", "TypeError", r"\b7\b|int"),
    ("make_template-unique_name-int", "t = v1.make_template('tm', lambda: v1.get_variable('v', [1]), unique_name_=7)\nrun(t)", "TypeError", r"name_or_scope|\b7\b"),
    ("make_template-custom_getter-int", "t = v1.make_template('tm', lambda: v1.get_variable('v', [1]), custom_getter_=5)\nrun(t)", "ValueError", r"custom_getter"),
    ("make_template-unknown-kwarg", "t = v1.make_template('tm', lambda: v1.get_variable('v', [1]), foo=1)\nrun(t)", "TypeError", r"foo"),
    ("template-call-wrong-args", "STORE = ['tm/v']\ndef f(x):\n    return v1.get_variable('v', [1])\nt = v1.make_template('tm', f)\nrun(t)\nrec(catch(lambda: var(t(1))))\nrec(catch(lambda: var(t(1))))", "TypeError", r"\bx\b"),
    ("template-first-call-raises", "STORE = ['tm/v']\nstate = {'n': 0}\ndef f():\n    v = v1.get_variable('v', [1])\n    state['n'] += 1\n    if state['n'] == 1:\n        raise RuntimeError('first call fails')\n    return v\nt = v1.make_template('tm', f)\nrun(t)\nrec(catch(lambda: var(t())))\nrec(catch(lambda: var(t())))", "RuntimeError", r"first call fails"),
    ("template-new-variable-on-second-call", "state = {'n': 0}\ndef f():\n    state['n'] += 1\n    return v1.get_variable('v%d' % state['n'], [1])\nt = v1.make_template('tm', f)\nt()\nrun(t)", "ValueError", r"tm/v2"),
]
# fmt: on

# Rows where pyscope differs from TF: row id -> what differs.
_SAME_AS_TF = " (TF's message is the same; the row asks for better)"
XFAIL = {
    # unique_name
    "Graph.unique_name-bytes": "TF accepts bytes at the root: unique_name(b'ab') returns b'ab' and marks it used, the next call returns the str \"b'ab'_1\"; pyscope raises TypeError",
    "unique_name-bytes": "TF accepts bytes at the root (returns b'ab', marks it used); pyscope raises TypeError",
    # name_scope / collections
    # variable_scope and its setters
    "variable_scope-default_name-bytes": "TF: TypeError \"can't concat str to bytes\", leaving the current variable scope stuck at b'd' with 'd' reserved; pyscope: TypeError naming default_name, before anything is entered or reserved (deliberate)",
    # get_variable / get_local_variable
    "get_variable-shape-bool": "TF rejects bool dimensions ([True, 2]: TypeError 'Expected an int, got a boolean') after reserving v and v/Initializer/* (not v/Assign, v/IsInitialized, v/Read), storing nothing; pyscope accepts it as shape (1, 2)",
    "get_variable-dtype-resource": "TF: ValueError 'An initializer for variable v of <dtype: 'resource'> is required'; pyscope: TypeError (no NumPy equivalent for 'resource')",
    # initializers
    "zeros_initializer-shape-float": "TF accepts shape [1.5] (truncated: a [1] tensor); pyscope raises TypeError",
    "zeros_initializer-shape-None": "TF raises ValueError 'None values not supported.'; pyscope TypeError \"'NoneType' object is not iterable\"",
    # partitioners
    "fixed_size_partitioner-axis-out-of-range": "IndexError 'tuple index out of range' does not name `axis` (TF: 'list index out of range', same problem)",
    "variable_axis_size_partitioner-axis-out-of-range": "IndexError 'tuple index out of range' does not name `axis` (TF: 'list index out of range', same problem)",
    "variable_axis_size_partitioner-zero-dim": "ZeroDivisionError 'division by zero' names neither the zero-sized shape nor an argument" + _SAME_AS_TF,
    "min_max_variable_partitioner-min_slice_size-zero": "ZeroDivisionError 'division by zero' does not name `min_slice_size`" + _SAME_AS_TF,
    # variable_creator_scope
    "variable_creator_scope-returns-None": "TF: NotImplementedError (empty message: it falls back to constructing the abstract VariableV1) after storing that object as 'v', so a later get_variable('v', [1]) raises NotImplementedError too; pyscope: NotImplementedError naming the creator chain, 'v' not stored, a later get_variable creates it (deliberate: nothing half-created)",
    "variable_creator_scope-returns-str": "TF stores 'x' as 'v' then raises AttributeError \"'str' object has no attribute 'name'\"; pyscope raises the same AttributeError but stores nothing (deliberate: nothing half-created)",
    # make_template
    "make_template-create_scope_now-name-int": "TF: TypeError at make_template and the current variable scope is left stuck at name 7; pyscope: TypeError naming name_, scope unchanged (deliberate)",
}


# ---------------------------------------------------------------------------

def _helpers(ps):
    store = importlib.import_module("pyscope._variable_store")
    graph_module = importlib.import_module("pyscope.graph")

    def in_store(graph, name):
        if type(name) is str:
            return graph._core._lookup_variable(name) is not None
        return store._lookup(graph, name) is not None

    def names_in_use(graph):
        used = getattr(graph._core, "_names_in_use", None)
        return None if used is None else list(used)

    def var(v):
        return [v.name, [int(d) for d in v.shape], ps.dtypes.dtype_name(v.dtype)]

    def arr(a):
        a = np.asarray(a)
        return [list(a.shape), ps.dtypes.dtype_name(a.dtype)]

    return {"v1": ps, "op": ps.create_op_name, "uname": ps.unique_name,
            "gop": lambda graph, name: graph.create_op_name(name),
            "var": var, "arr": arr, "TS": tuple, "dt": ps.as_dtype,
            "names_in_use": names_in_use, "in_store": in_store,
            "store_keys": lambda graph: [],
            "clear_collection": ps.clear_collection,
            "get_all_collection_keys": ps.get_all_collection_keys,
            "identity_initializer": ps.identity_initializer,
            "clear_graph_stack": graph_module._default_graphs.reset}


def _params():
    out = []
    for row in TABLE:
        reason = XFAIL.get(row[0])
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(*row, id=row[0], marks=marks))
    return out


def _comparable(state, backend, direct):
    state = dict(state)
    if backend != "python":
        state.pop("used", None)  # the C core has no key listing
    if direct:  # TF builds ops for a direct initializer call; pyscope does not
        for key in ("used", "names"):
            state.pop(key, None)
    return state


@pytest.mark.parametrize("row_id, code, error, pattern", _params())
def test_bad_input(ps, backend, row_id, code, error, pattern):
    recorded = RECORDED[row_id]
    assert recorded["code"] == code, "stale recording: run tools/record_tf_bad_input.py"
    assert recorded["outcome"]["type"] == error, "TF does not raise what the table says"
    got = _recorder.run_case(code, _helpers(ps), recorded=recorded)
    got = json.loads(json.dumps(got))
    outcome = got["outcome"]
    if outcome["type"] == "PatternError":  # Python 3.13's name for re.error
        outcome["type"] = "error"
    assert outcome["type"] == error, outcome.get("message", outcome.get("result"))
    if error is None:
        assert outcome["result"] == recorded["outcome"]["result"]
    elif pattern:
        assert re.search(pattern, outcome["message"]), (
            "message does not name the culprit: %r" % outcome["message"][:300])
    direct = "DIRECT = True" in code
    assert _comparable(got["state"], backend, direct) == _comparable(
        recorded["state"], backend, direct)
    assert got["extra"] == recorded["extra"]
    assert _comparable(got["end"], backend, direct) == _comparable(
        recorded["end"], backend, direct)


def test_table_ids_are_unique_and_recorded():
    ids = [row[0] for row in TABLE]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(RECORDED)
    assert set(XFAIL) <= set(ids)
