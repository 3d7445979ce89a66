"""Conformance replay executor for the recorded TF 2.21 traces.

Runs the programs of ``traces.jsonl`` / ``traces_advanced.jsonl`` (format:
``FORMAT.md`` in the shared conformance folder) against a module-like object
``ps`` that exposes the pyscope API, and returns the trace each produced.

``ps`` is a parameter everywhere: nothing here imports pyscope, so the same
executor runs against any implementation of the API.
"""

import json
import threading

import numpy as np

__all__ = [
    "Boom", "MissingSlot", "NAMING_FEATURES", "load_programs",
    "is_naming_only", "replay", "replay_with_origins", "compare",
    "mismatch_report", "note_replayed", "terminal_summary_lines",
]


class Boom(Exception):
    """The executor's own exception, raised by ``throw``, caught by ``raise``."""


class MissingSlot(Exception):
    """A slot reference to a slot that was never filled (recorded by name)."""


class ExecutorBug(BaseException):
    """An unknown statement kind or canned-callable name: never recorded,
    it escapes the per-statement handler and fails the replay loudly."""


NAMING_FEATURES = frozenset({
    "unique_name", "op", "graph_name_scope", "name_scope", "get_name_scope",
    "graph", "thread", "raise", "throw", "reset_default_graph",
})

_GRAPH_KEYS = ("GLOBAL_VARIABLES", "TRAINABLE_VARIABLES", "LOCAL_VARIABLES",
               "MODEL_VARIABLES", "REGULARIZATION_LOSSES")


def load_programs(path):
    """All programs of a ``.jsonl`` file, as dicts (id, features, program, trace)."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def is_naming_only(program):
    """FORMAT.md: ``features`` is a subset of the naming statements."""
    return set(program["features"]) <= NAMING_FEATURES


def _unjsonable(obj):
    return "<not JSON: %s %r>" % (type(obj).__name__, obj)


def _roundtrip(rec):
    """JSON round trip (tuples become lists). Anything not serializable is
    turned into a descriptive string, so it shows up as a mismatch instead
    of crashing the replay."""
    return json.loads(json.dumps(rec, default=_unjsonable))


def _copy_json(v):
    if isinstance(v, list):
        return [_copy_json(x) for x in v]
    return v


def _dim(d):
    return None if d is None else int(d)


class _Replay:
    def __init__(self, ps):
        self.ps = ps
        self.trace = []
        self.origins = []  # statement that was running when each record was made
        self._local = threading.local()
        # Slot tables: program-wide, shared by threads, independent of graphs.
        self.ns_slots = {}
        self.vs_slots = {}
        self.graph_slots = {}
        self.var_slots = {}
        self.template_slots = {}

    # ------------------------------------------------------------ records
    def _stack(self):
        st = getattr(self._local, "stack", None)
        if st is None:
            st = self._local.stack = []
        return st

    def rec(self, record):
        stack = self._stack()
        self.trace.append(record)
        self.origins.append(stack[-1] if stack else None)

    # ------------------------------------------------------------- driver
    def run_block(self, stmts):
        stack = self._stack()
        for st in stmts:
            stack.append(st)
            try:
                self.exec_stmt(st)
            except Boom:
                raise
            except Exception as e:  # noqa: BLE001 - per-statement handler
                self.rec(["error", type(e).__name__])
            finally:
                stack.pop()

    def exec_stmt(self, st):
        handler = getattr(self, "do_" + st["kind"], None)
        if handler is None:
            raise ExecutorBug("unknown statement kind %r" % (st["kind"],))
        handler(st)

    # -------------------------------------------------------------- slots
    @staticmethod
    def _slot(table, i):
        try:
            return table[i]
        except KeyError:
            raise MissingSlot("slot %r was never filled" % (i,)) from None

    def name_arg(self, v):
        if isinstance(v, dict):
            if "ns" in v:
                return self._slot(self.ns_slots, v["ns"])
            if "vs" in v:
                return self._slot(self.vs_slots, v["vs"])
            if "vs_ons" in v:
                return self._slot(self.vs_slots, v["vs_ons"]).original_name_scope
            raise ExecutorBug("unknown name reference %r" % (v,))
        return v  # str, None or int (passed as is)

    @staticmethod
    def present(st, field):
        return st.get(field) is not None

    # ----------------------------------------------------------- encoders
    def reuse_value(self, r):
        return "AUTO_REUSE" if r is self.ps.AUTO_REUSE else r

    @staticmethod
    def dtype_name(x):
        return np.dtype(x).name

    def scope_record(self, vs):
        return {
            "name": vs.name,
            "original_name_scope": vs.original_name_scope,
            "reuse": self.reuse_value(vs.reuse),
            "dtype": self.dtype_name(vs.dtype),
        }

    def var_record(self, v):
        if isinstance(v, self.ps.PartitionedVariable):
            return ["pvar", {
                "name": v.name,
                "shape": [_dim(d) for d in v.shape],
                "dtype": self.dtype_name(v.dtype),
                "parts": [[p.name, [_dim(d) for d in p.shape]] for p in v],
            }]
        return ["var", {
            "name": v.name,
            "shape": [_dim(d) for d in v.shape],
            "dtype": self.dtype_name(v.dtype),
            "trainable": v.trainable,
        }]

    def graph_key(self, k):
        if isinstance(k, str) and k in _GRAPH_KEYS:
            return getattr(self.ps.GraphKeys, k)
        return k

    def initializer(self, spec):
        ps = self.ps
        t = spec["type"]
        if t == "value":
            return _copy_json(spec["value"])
        if t == "ndarray":
            return np.array(spec["value"], dtype=spec["dtype"])
        if t == "zeros":
            return ps.zeros_initializer()
        if t == "ones":
            return ps.ones_initializer()
        if t == "constant":
            return ps.constant_initializer(_copy_json(spec["value"]))
        raise ExecutorBug("unknown initializer %r" % (spec,))

    # ---------------------------------------------------- canned callables
    def partitioner(self, spec):
        if isinstance(spec, int):
            return spec  # invalid input, passed as is
        ps = self.ps
        kw = {k: v for k, v in spec.items() if k != "type" and v is not None}
        t = spec["type"]
        if t == "fixed_size":
            return ps.fixed_size_partitioner(**kw)
        if t == "variable_axis_size":
            return ps.variable_axis_size_partitioner(**kw)
        if t == "min_max":
            return ps.min_max_variable_partitioner(**kw)
        raise ExecutorBug("unknown partitioner %r" % (spec,))

    def custom_getter(self, name):
        if isinstance(name, int):
            return name
        ps, rec = self.ps, self.rec

        if name == "passthrough":
            def getter(getter, *args, **kwargs):
                return getter(*args, **kwargs)
        elif name == "rename":
            def getter(getter, *args, **kwargs):
                return getter(*args, **{**kwargs, "name": kwargs["name"] + "_r"})
        elif name == "two":
            def getter(getter, *args, **kwargs):
                v = getter(*args, **kwargs)
                getter(*args, **{**kwargs, "name": kwargs["name"] + "_b"})
                return v
        elif name == "kwargs":
            def getter(getter, *args, **kwargs):
                rec(["getter_kwargs", sorted(kwargs), kwargs["name"]])
                return getter(*args, **kwargs)
        elif name == "scope":
            def getter(getter, *args, **kwargs):
                rec(["getter_scope", ps.get_name_scope()])
                return getter(*args, **kwargs)
        else:
            raise ExecutorBug("unknown custom getter %r" % (name,))
        return getter

    def creator(self, name):
        if isinstance(name, int):
            return name
        rec = self.rec

        if name == "passthrough":
            def creator(next_creator, **kwargs):
                return next_creator(**kwargs)
        elif name == "kwargs":
            def creator(next_creator, **kwargs):
                rec(["creator_kwargs", sorted(kwargs), kwargs.get("name")])
                return next_creator(**kwargs)
        elif name == "rename":
            def creator(next_creator, **kwargs):
                kwargs["name"] += "_c"
                return next_creator(**kwargs)
        else:
            raise ExecutorBug("unknown creator %r" % (name,))
        return creator

    def regularizer(self, name):
        if isinstance(name, int):
            return name
        if name == "l2":
            def l2(v):
                if np.dtype(v.dtype) == np.bool_:
                    raise TypeError("l2 regularizer: bool variable %r" % (v.name,))
                return np.sum(np.square(v.numpy()))
            return l2
        if name == "none":
            return lambda v: None
        if name == "no_regularizer":
            return self.ps.no_regularizer
        raise ExecutorBug("unknown regularizer %r" % (name,))

    def template_func(self, name):
        ps, rec = self.ps, self.rec

        def op(x):
            rec(["op", ps.get_default_graph().create_op_name(x)])

        if name == "dense":
            def func():
                rec(self.var_record(ps.get_variable("w", shape=[2, 3])))
                rec(self.var_record(ps.get_variable("b", shape=[3])))
                op("out")
        elif name == "two_scopes":
            def func():
                with ps.variable_scope("l1"):
                    rec(self.var_record(ps.get_variable("w", shape=[2, 3])))
                with ps.variable_scope("l2"):
                    rec(self.var_record(ps.get_variable("b", shape=[3])))
                    op("out")
        elif name == "ops":
            def func():
                op("x")
                with ps.name_scope("n"):
                    rec(["get_name_scope", ps.get_name_scope()])
                    op("y")
        else:
            raise ExecutorBug("unknown template function %r" % (name,))
        return func

    # ---------------------------------------------------------- statements
    def do_unique_name(self, st):
        name = self.name_arg(st.get("name"))
        kw = {}
        if self.present(st, "mark_as_used"):
            kw["mark_as_used"] = st["mark_as_used"]
        self.rec(["name", self.ps.get_default_graph().unique_name(name, **kw)])

    def do_op(self, st):
        name = self.name_arg(st.get("name"))
        self.rec(["op", self.ps.get_default_graph().create_op_name(name)])

    def do_graph_name_scope(self, st):
        name = self.name_arg(st.get("name"))
        with self.ps.get_default_graph().name_scope(name) as s:
            self.rec(["name_scope", s])
            if self.present(st, "capture"):
                self.ns_slots[st["capture"]] = s
            self.run_block(st.get("body", []))

    def do_name_scope(self, st):
        name = self.name_arg(st.get("name"))
        args = [name]
        if self.present(st, "default_name"):
            args.append(self.name_arg(st["default_name"]))
        with self.ps.name_scope(*args) as s:
            self.rec(["name_scope", s])
            if self.present(st, "capture"):
                self.ns_slots[st["capture"]] = s
            self.run_block(st.get("body", []))

    def do_variable_scope(self, st):
        ps = self.ps
        name_or_scope = self.name_arg(st.get("name_or_scope"))
        kw = {}
        if self.present(st, "default_name"):
            kw["default_name"] = self.name_arg(st["default_name"])
        if self.present(st, "reuse"):
            r = st["reuse"]
            kw["reuse"] = ps.AUTO_REUSE if r == "AUTO_REUSE" else r
        if self.present(st, "auxiliary_name_scope"):
            kw["auxiliary_name_scope"] = st["auxiliary_name_scope"]
        if self.present(st, "dtype"):
            kw["dtype"] = np.dtype(st["dtype"])
        if self.present(st, "initializer"):
            kw["initializer"] = self.initializer(st["initializer"])
        if self.present(st, "partitioner"):
            kw["partitioner"] = self.partitioner(st["partitioner"])
        if self.present(st, "custom_getter"):
            kw["custom_getter"] = self.custom_getter(st["custom_getter"])
        if self.present(st, "regularizer"):
            kw["regularizer"] = self.regularizer(st["regularizer"])
        with ps.variable_scope(name_or_scope, **kw) as vs:
            record = self.scope_record(vs)
            record["name_scope"] = ps.get_name_scope()
            self.rec(["vscope", record])
            if self.present(st, "capture"):
                self.vs_slots[st["capture"]] = vs
            self.run_block(st.get("body", []))

    def do_get_variable_scope(self, st):
        vs = self.ps.get_variable_scope()
        self.rec(["scope", self.scope_record(vs)])
        if self.present(st, "capture"):
            self.vs_slots[st["capture"]] = vs

    def do_reuse_variables(self, st):
        self.ps.get_variable_scope().reuse_variables()
        self.rec(["ok"])

    def do_get_name_scope(self, st):
        self.rec(["get_name_scope", self.ps.get_name_scope()])

    def _variable_kwargs(self, st, trainable):
        kw = {}
        if self.present(st, "shape"):
            kw["shape"] = _copy_json(st["shape"])
        if self.present(st, "dtype"):
            kw["dtype"] = np.dtype(st["dtype"])
        if self.present(st, "initializer"):
            kw["initializer"] = self.initializer(st["initializer"])
        if self.present(st, "regularizer"):
            kw["regularizer"] = self.regularizer(st["regularizer"])
        if trainable and self.present(st, "trainable"):
            kw["trainable"] = st["trainable"]
        if self.present(st, "collections"):
            kw["collections"] = [self.graph_key(k) for k in st["collections"]]
        if self.present(st, "partitioner"):
            kw["partitioner"] = self.partitioner(st["partitioner"])
        if self.present(st, "custom_getter"):
            kw["custom_getter"] = self.custom_getter(st["custom_getter"])
        return kw

    def do_get_variable(self, st):
        name = self.name_arg(st.get("name"))
        v = self.ps.get_variable(name, **self._variable_kwargs(st, True))
        self.rec(self.var_record(v))
        if self.present(st, "capture"):
            self.var_slots[st["capture"]] = v

    def do_get_local_variable(self, st):
        name = self.name_arg(st.get("name"))
        v = self.ps.get_local_variable(name, **self._variable_kwargs(st, False))
        self.rec(self.var_record(v))
        if self.present(st, "capture"):
            self.var_slots[st["capture"]] = v

    def do_collection(self, st):
        key = self.graph_key(st["key"])
        scope = st.get("scope")
        items = self.ps.get_collection(key, scope)
        if st.get("count"):
            self.rec(["collection_len", len(items)])
        else:
            self.rec(["collection", [item.name for item in items]])

    def do_graph(self, st):
        if self.present(st, "reenter"):
            g = self._slot(self.graph_slots, st["reenter"])
        else:
            g = self.ps.Graph()
        if self.present(st, "capture"):
            self.graph_slots[st["capture"]] = g
        with g.as_default():
            self.rec(["graph"])
            self.run_block(st.get("body", []))

    def do_thread(self, st):
        self.rec(["thread"])
        body = st.get("body", [])
        parent = list(self._stack())
        escaped = []

        def target():
            self._stack()[:] = parent  # origins inside the thread
            try:
                self.run_block(body)
            except BaseException as e:  # noqa: BLE001 - never across a thread
                escaped.append(e)

        t = threading.Thread(target=target)
        t.start()
        t.join()
        for e in escaped:
            if isinstance(e, ExecutorBug):
                raise e

    def do_raise(self, st):
        self.rec(["raise"])
        caught = False
        try:
            self.run_block(st.get("body", []))
        except Boom:
            caught = True
        self.rec(["caught", caught])

    def do_throw(self, st):
        self.rec(["throw"])
        raise Boom()

    def do_reset_default_graph(self, st):
        self.ps.reset_default_graph()
        self.rec(["ok"])

    # -- advanced
    def do_variable_creator(self, st):
        creator = self.creator(st["creator"])
        with self.ps.variable_creator_scope(creator):
            self.rec(["variable_creator"])
            self.run_block(st.get("body", []))

    def do_make_template(self, st):
        name = self.name_arg(st.get("name"))
        func = self.template_func(st["func"])
        kw = {}
        if self.present(st, "create_scope_now"):
            kw["create_scope_now_"] = st["create_scope_now"]
        if self.present(st, "unique_name"):
            kw["unique_name_"] = st["unique_name"]
        if self.present(st, "custom_getter"):
            kw["custom_getter_"] = self.custom_getter(st["custom_getter"])
        t = self.ps.make_template(name, func, **kw)
        self.rec(["template", {"variable_scope_name": t.variable_scope_name}])
        if self.present(st, "capture"):
            self.template_slots[st["capture"]] = t

    def do_call_template(self, st):
        t = self._slot(self.template_slots, st["template"])
        t()
        self.rec(["template_call", {
            "variable_scope_name": t.variable_scope_name,
            "variables": [x.name for x in t.variables],
            "trainable_variables": [x.name for x in t.trainable_variables],
        }])

    def do_value(self, st):
        v = self._slot(self.var_slots, st["var"])
        a = np.asarray(v.numpy())
        self.rec(["value", {"dtype": a.dtype.name, "shape": [int(d) for d in a.shape],
                            "value": a.tolist()}])


def replay_with_origins(program, ps):
    """Replay one program; return ``(trace, origins)`` where ``origins[i]`` is
    the statement dict that was running when record ``i`` was made."""
    if isinstance(program, dict):
        program = program["program"]
    r = _Replay(ps)
    ps.reset_default_graph()
    r.run_block(program)
    return [_roundtrip(rec) for rec in r.trace], r.origins


def replay(program, ps):
    """Run one program's statements (a list, or a whole program dict) against
    ``ps`` and return its trace as a list of JSON-compatible records."""
    return replay_with_origins(program, ps)[0]


def compare(expected, actual):
    """Index of the first differing record, or ``None`` if the traces are equal
    (a length difference counts at the shorter length)."""
    for i, (e, a) in enumerate(zip(expected, actual)):
        if e != a:
            return i
    if len(expected) != len(actual):
        return min(len(expected), len(actual))
    return None


def _stmt_text(st):
    if st is None:
        return "<program level>"
    shown = {k: v for k, v in st.items() if k != "body"}
    if "body" in st:
        shown["body"] = "<%d statements>" % len(st["body"])
    return json.dumps(shown, sort_keys=True)


def _get(seq, i):
    return json.dumps(seq[i], sort_keys=True) if i < len(seq) else "<end of trace>"


def mismatch_report(program, actual, origins, index):
    """Readable description of one mismatching program."""
    expected = program["trace"]
    lines = ["program id %s: first difference at record %d (expected %d records, got %d)"
             % (program["id"], index, len(expected), len(actual)),
             "  expected: " + _get(expected, index),
             "  actual:   " + _get(actual, index)]
    if index < len(origins):
        lines.append("  statement: " + _stmt_text(origins[index]))
    elif origins:
        lines.append("  last statement: " + _stmt_text(origins[-1]))
    return "\n".join(lines)


def run_programs(programs, ps, max_reports=5):
    """Replay every program; return ``(n_replayed, failing_ids, report_text)``."""
    failing, reports = [], []
    for prog in programs:
        try:
            actual, origins = replay_with_origins(prog["program"], ps)
        except BaseException as e:  # noqa: BLE001 - executor-level crash
            if isinstance(e, KeyboardInterrupt):
                raise
            failing.append(prog["id"])
            if len(reports) < max_reports:
                reports.append("program id %s: replay crashed: %s: %s"
                               % (prog["id"], type(e).__name__, e))
            continue
        idx = compare(prog["trace"], actual)
        if idx is not None:
            failing.append(prog["id"])
            if len(reports) < max_reports:
                reports.append(mismatch_report(prog, actual, origins, idx))
    text = ""
    if failing:
        head = failing[:30]
        text = ("%d of %d programs differ from the TF 2.21 traces; ids: %s%s\n\n"
                % (len(failing), len(programs), head, " ..." if len(failing) > 30 else "")
                + "\n\n".join(reports))
    return len(programs), failing, text


# ------------------------------------------------------------ reporting
_SUMMARY = []


def note_replayed(label, n_replayed, n_failed):
    """Remember a test's counts for the terminal summary."""
    _SUMMARY.append((label, n_replayed, n_failed))


def terminal_summary_lines():
    """Lines for ``pytest_terminal_summary``: programs replayed per test."""
    return ["conformance %s: replayed %d programs, %d identical, %d differ"
            % (label, n, n - bad, bad) for label, n, bad in _SUMMARY]
