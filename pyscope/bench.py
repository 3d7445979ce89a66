"""The benchmark table: ``python -m pyscope bench [--full] [--models]
[--checkpoints [--checkpoint-mb N]] [--vs-tensorflow | --tf-python PATH]
[--plot FILE]``.

Each workload runs on the C core (in this process), on the pure-Python twin
(in a child process with PYSCOPE_PURE=1, so its whole stack is the twin's)
and, with --vs-tensorflow when TensorFlow is importable, on tf.compat.v1 in
graph mode (in another child process; --tf-python PATH runs that child in
another interpreter, e.g. a venv with TensorFlow and no pyscope, which then
sees this pyscope on its pure twin).  The columns are measured
alternating, row by row and repeat by repeat: C core, twin, the row's floor,
TensorFlow, then again; each cell is the best of its repeats, each on a fresh
graph.  So a load spike on a shared machine hits every column alike, not one
phase.  The default run takes seconds (~10 s); --full adds the scale rows (up
to 1M sibling scopes) and the memory row at 1M names, which take minutes.
--models adds naming ResNet-50 and BERT-base from shapes (beside TF building
them); --checkpoints a table of listing, reading and saving a checkpoint
(1 GB by default) by pyscope, TF and a plain copy of its bytes.
Progress goes to stderr, the table to stdout; Ctrl-C prints the partial
table.
"""
import argparse
import gc
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import threading
import time
import types
import warnings
from typing import IO, Any, Callable, Dict, List, NamedTuple, Optional, Sequence, Tuple

import pyscope
from pyscope import bench_reuse
from pyscope import _backend
from pyscope import _bench_checkpoints as checkpoints
from pyscope import _bench_models as models


# -- the APIs under test ------------------------------------------------------
class PyscopeAPI:
    """pyscope on one backend."""

    def __init__(self, backend: str) -> None:
        self.label = "C core" if backend == "c" else "Python twin"
        self.backend = backend
        self.ps = pyscope

    def __enter__(self) -> Any:
        self._previous = _backend.use(self.backend)
        pyscope.reset_default_graph()
        return self.ps

    def __exit__(self, *exc: object) -> None:
        pyscope.reset_default_graph()
        _backend.use(self._previous)

    def build_model(self, key: str) -> float:
        with self as ps:
            return models.name_model(ps, key)

    def checkpoint(self, op: str, files: checkpoints.CheckpointFiles) -> float:
        with self:
            return checkpoints.pyscope_op(op, files)


class TensorFlowAPI:
    """tf.compat.v1 in graph mode, shaped like pyscope for the workloads."""

    label = "TensorFlow"
    backend: Optional[str] = None

    def __init__(self, tf: Any) -> None:
        self.tf = tf
        v1 = tf.compat.v1
        ns = types.SimpleNamespace()
        for name in ["Graph", "name_scope", "variable_scope", "get_variable",
                     "get_default_graph", "reset_default_graph", "AUTO_REUSE",
                     "fixed_size_partitioner", "make_template",
                     "zeros_initializer", "get_variable_scope", "float32",
                     "constant_initializer", "glorot_uniform_initializer",
                     "TensorShape", "VariableSynchronization", "VariableAggregation"]:
            setattr(ns, name, getattr(v1, name))
        ns.create_op_name = lambda name: tf.raw_ops.NoOp(name=name).name
        self.ps = ns

    def __enter__(self) -> Any:
        self.tf.compat.v1.reset_default_graph()
        return self.ps

    def __exit__(self, *exc: object) -> None:
        self.tf.compat.v1.reset_default_graph()

    def build_model(self, key: str) -> float:
        from pyscope import _bench_tf
        return _bench_tf.build_model(self.tf, key)

    def checkpoint(self, op: str, files: checkpoints.CheckpointFiles) -> float:
        from pyscope import _bench_tf
        return _bench_tf.checkpoint(self.tf, op, files)


def load_tensorflow() -> Optional[TensorFlowAPI]:
    try:
        import tensorflow as tf  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError:
        return None
    tf.compat.v1.disable_eager_execution()
    return TensorFlowAPI(tf)


# -- workloads: each returns the seconds taken by `n` operations ----------------
def w_unique_same(ps: Any, n: int) -> float:
    u = ps.Graph().unique_name
    t = time.perf_counter()
    for _ in range(n):
        u("MatMul")
    return time.perf_counter() - t


def w_unique_distinct(ps: Any, n: int) -> float:
    u = ps.Graph().unique_name
    names = [f"op{i}" for i in range(n)]
    t = time.perf_counter()
    for name in names:
        u(name)
    return time.perf_counter() - t


def w_graph_name_scope(ps: Any, n: int) -> float:
    scope = ps.Graph().name_scope
    t = time.perf_counter()
    for _ in range(n):
        with scope("layer"):
            pass
    return time.perf_counter() - t


def w_name_scope(ps: Any, n: int) -> float:
    name_scope = ps.name_scope
    with ps.Graph().as_default():
        t = time.perf_counter()
        for _ in range(n):
            with name_scope("layer"):
                pass
        return time.perf_counter() - t


def w_variable_scope(ps: Any, n: int) -> float:
    variable_scope = ps.variable_scope
    with ps.Graph().as_default():
        t = time.perf_counter()
        for _ in range(n):
            with variable_scope("layer"):
                pass
        return time.perf_counter() - t


def w_captured_scope(ps: Any, n: int) -> float:
    """Re-entering a captured VariableScope (``variable_scope(scope,
    reuse=True)``, as templates and shared layers do)."""
    variable_scope = ps.variable_scope
    with ps.Graph().as_default():
        with variable_scope("model") as captured:
            pass
        t = time.perf_counter()
        for _ in range(n):
            with variable_scope(captured, reuse=True):
                pass
        return time.perf_counter() - t


def w_default_name_scope(ps: Any, n: int) -> float:
    variable_scope = ps.variable_scope
    with ps.Graph().as_default():
        t = time.perf_counter()
        for _ in range(n):
            with variable_scope(None, default_name="layer"):
                pass
        return time.perf_counter() - t


def w_get_variable_create(ps: Any, n: int) -> float:
    get_variable = ps.get_variable
    names = [f"v{i}" for i in range(n)]
    with ps.Graph().as_default():
        t = time.perf_counter()
        for name in names:
            get_variable(name, shape=[4])
        return time.perf_counter() - t


def w_get_variable_reuse(ps: Any, n: int) -> float:
    get_variable = ps.get_variable
    with ps.Graph().as_default():
        with ps.variable_scope("model"):
            get_variable("w", shape=[4])
        with ps.variable_scope("model", reuse=True):
            t = time.perf_counter()
            for _ in range(n):
                get_variable("w", shape=[4])
            return time.perf_counter() - t


def w_partitioned(ps: Any, n: int) -> float:
    get_variable = ps.get_variable
    partitioner = ps.fixed_size_partitioner(4)
    names = [f"p{i}" for i in range(n)]
    with ps.Graph().as_default():
        t = time.perf_counter()
        for name in names:
            get_variable(name, shape=[8, 4], partitioner=partitioner)
        return time.perf_counter() - t


def w_template_call(ps: Any, n: int) -> float:
    def dense() -> Tuple[Any, Any]:
        w = ps.get_variable("w", shape=[4, 4])
        b = ps.get_variable("b", shape=[4])
        return w, b

    with ps.Graph().as_default():
        template = ps.make_template("dense", dense)
        template()
        t = time.perf_counter()
        for _ in range(n):
            template()
        return time.perf_counter() - t


def build_model(ps: Any, towers: int = 8, layers: int = 24) -> None:
    """A transformer-like stack: tower 0 creates the variables, towers 1..7
    reuse them; ~20 op names per layer."""
    get_variable, variable_scope = ps.get_variable, ps.variable_scope
    name_scope, op = ps.name_scope, ps.create_op_name
    d = 8
    for tower in range(towers):
        with name_scope(f"tower_{tower}"):
            with variable_scope("model", reuse=tower > 0):
                for layer in range(layers):
                    with variable_scope(f"layer_{layer}"):
                        with variable_scope("attention"):
                            for proj in ("q", "k", "v", "o"):
                                get_variable(f"{proj}_kernel", shape=[d, d])
                                get_variable(f"{proj}_bias", shape=[d])
                                op("MatMul")
                                op("BiasAdd")
                            op("Softmax")
                            op("MatMul")
                        with variable_scope("ffn"):
                            get_variable("w1", shape=[d, 4 * d])
                            get_variable("b1", shape=[4 * d])
                            get_variable("w2", shape=[4 * d, d])
                            get_variable("b2", shape=[d])
                            for name in ("MatMul", "BiasAdd", "Relu", "MatMul", "BiasAdd"):
                                op(name)
                        with variable_scope("layer_norm"):
                            get_variable("gamma", shape=[d])
                            get_variable("beta", shape=[d])
                            for name in ("mean", "variance", "sub", "mul", "add"):
                                op(name)
                        op("add")


def w_model_build(ps: Any, n: int) -> float:
    t = time.perf_counter()
    for _ in range(n):
        with ps.Graph().as_default():
            build_model(ps)
    return time.perf_counter() - t


def sibling_scopes_then_measure(ps: Any, siblings: int, n: int = 200, batches: int = 5) -> float:
    """Cost of one variable_scope enter+exit after `siblings` sibling scopes:
    the best of `batches` batches of `n` (building the siblings is the long
    part, so one build serves every batch)."""
    variable_scope = ps.variable_scope
    with ps.Graph().as_default():
        with variable_scope("root"):
            for i in range(siblings):
                with variable_scope(f"s{i}"):
                    pass
            best = float("inf")
            for _ in range(batches):
                t = time.perf_counter()
                for _ in range(n):
                    with variable_scope("probe"):
                        pass
                best = min(best, time.perf_counter() - t)
            return best / n


class Workload(NamedTuple):
    """A timed workload: ``run(ps, n)`` returns the seconds ``n`` operations took."""
    key: str
    label: str
    run: Callable[[Any, int], float]
    ops: int  # operations per repeat in the default run
    needs: str  # the API name it needs (skipped where missing)


WORKLOADS = [
    Workload("unique_same", "unique_name, same base", w_unique_same, 20000, "unique_name"),
    Workload("unique_distinct", "unique_name, distinct bases", w_unique_distinct, 20000, "unique_name"),
    Workload("graph_name_scope", "Graph.name_scope enter+exit", w_graph_name_scope, 20000, "name_scope"),
    Workload("name_scope", "name_scope (v1) enter+exit", w_name_scope, 20000, "name_scope"),
    Workload("variable_scope", "variable_scope enter+exit", w_variable_scope, 3000, "variable_scope"),
    Workload("default_name", "variable_scope(default_name) x1000", w_default_name_scope, 1000, "variable_scope"),
    Workload("captured_scope", "variable_scope(captured scope, reuse)", w_captured_scope, 3000, "variable_scope"),
    Workload("get_variable_create", "get_variable, create", w_get_variable_create, 2000, "get_variable"),
    Workload("get_variable_reuse", "get_variable, reuse", w_get_variable_reuse, 5000, "get_variable"),
    Workload("partitioned", "get_variable, 4 partitions", w_partitioned, 500, "fixed_size_partitioner"),
    Workload("template_call", "template call (2 variables)", w_template_call, 1000, "make_template"),
    Workload("model_build", "model build, 8x24 layers (per build)", w_model_build, 1, "variable_scope"),
] + [Workload(shape.key, "reuse: " + shape.label, bench_reuse.workload(shape), 1024, "get_variable")
     for shape in bench_reuse.CALL_SHAPES]


def measure(api: Any, workload: Callable[[Any, int], float], n: int, repeats: int) -> float:
    """Seconds per operation: the best of ``repeats`` runs of ``n`` operations."""
    with api as ps:
        best: Optional[float] = None
        for _ in range(repeats):
            gc.collect()
            seconds = workload(ps, n)
            best = seconds if best is None else min(best, seconds)
        assert best is not None, "repeats must be at least 1"
        return best / n


def available(api_ps: Any, needs: str) -> bool:
    return hasattr(api_ps, needs) or hasattr(getattr(api_ps, "Graph", None), needs)


def memory_per_name(backend: str, names: int, scopes: int = 1000) -> float:
    """Bytes per used name after `names` unique names over `scopes` scopes.
    C core: bytes its tables allocated (ps_trie_memory); twin: tracemalloc."""
    import tracemalloc
    previous = _backend.use(backend)
    try:
        per_scope = names // scopes
        if backend == "python":
            tracemalloc.start()
        g = pyscope.Graph()
        u = g.unique_name
        for s in range(scopes):
            with g.name_scope(f"scope_{s}"):
                for _ in range(per_scope):
                    u("op")
        if backend == "python":
            used = tracemalloc.get_traced_memory()[0]
            tracemalloc.stop()
        else:
            used = g._core._memory_usage()["names"]
        return used / names
    finally:
        _backend.use(previous)


def default_name_flatness_once(api: Any, n: int = 1000, window: int = 100) -> float:
    """Median time of the last `window` of `n` default_name scopes over the
    median of the first `window` (1.0 = flat)."""
    with api as ps:
        variable_scope = ps.variable_scope
        with ps.Graph().as_default():
            stamps = []
            for _ in range(n):
                t = time.perf_counter()
                with variable_scope(None, default_name="layer"):
                    pass
                stamps.append(time.perf_counter() - t)
    first = sorted(stamps[:window])[window // 2]
    last = sorted(stamps[-window:])[window // 2]
    return last / first


def default_name_flatness(api: Any, repeats: int = 3) -> float:
    return min(default_name_flatness_once(api) for _ in range(repeats))


# -- floors: what any Python-callable implementation must pay -------------------
def f_call(n: int) -> float:
    """A bound C method call returning an existing object (a unique_name that
    returns its argument, or a variable lookup, can do no less)."""
    call = {}.get  # type: ignore[var-annotated]
    names = [f"op{i}" for i in range(n)]
    t = time.perf_counter()
    for name in names:
        call(name)
    return time.perf_counter() - t


def f_call_str(n: int) -> float:
    """A bound C method call returning a new str (a unique_name that appends
    a suffix can do no less)."""
    call = "MatMul".__add__
    t = time.perf_counter()
    for _ in range(n):
        call("_1")
    return time.perf_counter() - t


def f_with(n: int) -> float:
    """Making a C object and running a ``with`` block on it (a scope can do
    no less)."""
    make = threading.Lock
    t = time.perf_counter()
    for _ in range(n):
        with make():
            pass
    return time.perf_counter() - t


FLOORS = [
    ("call", "a bound C method call", f_call),
    ("call_str", "the same returning a new str", f_call_str),
    ("with", "making a C object and a with block on it (threading.Lock)", f_with),
    ("getter", "TF's custom-getter protocol in plain Python (a dict of 15 keywords, "
     "a functools.partial, two calls)", bench_reuse.getter_protocol_floor),
]

#: each hot path and the floor it is measured against
FLOOR_OF = [("unique_same", "call_str"), ("unique_distinct", "call"),
            ("graph_name_scope", "with"), ("name_scope", "with"),
            ("variable_scope", "with"), ("captured_scope", "with"),
            ("get_variable_reuse", "call"), ("reuse_custom_getter", "getter")]


# -- the rows of the table --------------------------------------------------------
SCALE_SIZES_FULL = [1000, 10000, 100000, 1000000]
SCALE_SIZES_QUICK = [1000, 10000]
TF_MAX_SCALE = 50000  # TF's variable_scope exit scans every scope: hours at 1M


class Row(NamedTuple):
    """One line of the table.  ``measure(api)`` takes one sample on an API;
    a cell is the minimum of ``repeats`` samples (a column may take fewer:
    see ``repeats_on``)."""
    key: str
    label: str
    measure: Callable[[Any], float]
    repeats: int
    needs: str
    kind: str  # "time" (seconds per op), "ratio", "bytes" or "checkpoint" (seconds)
    floor: Optional[Callable[[], float]] = None  # a sample of its floor, if not in FLOOR_OF


def per_op(run: Callable[[Any, int], float], n: int) -> Callable[[Any], float]:
    """A sample of a workload: seconds per operation over ``n`` operations
    on a fresh graph."""
    def sample(api: Any) -> float:
        with api as ps:
            gc.collect()
            return run(ps, n) / n
    return sample


def after_siblings(size: int) -> Callable[[Any], float]:
    def sample(api: Any) -> float:
        with api as ps:
            return sibling_scopes_then_measure(ps, size)
    return sample


def unique_after_flat_fill(ps: Any, same: bool, filled: int, window: int = 1000,
                           windows: int = 20) -> float:
    """Seconds per unique_name after `filled` names in one flat scope: the
    best of `windows` consecutive windows of `window` names (short, so that
    the table does not grow much within one), one base throughout
    ("MatMul"), or new bases ("x<i>" after "op<i>"); names are made before
    the clock starts."""
    gc.collect()
    u = ps.Graph().unique_name
    for i in range(filled):
        u("MatMul" if same else f"op{i}")
    best = float("inf")
    for w in range(windows):
        names = ["MatMul"] * window if same else [f"x{w * window + i}" for i in range(window)]
        t = time.perf_counter()
        for name in names:
            u(name)
        best = min(best, time.perf_counter() - t)
    return best / window


def flat_scope_rows(repeats: int) -> List[Row]:
    """unique_name after 1M names in one scope, and its ratio to the same
    after 1k (flat is the goal; issue 13).  A ratio sample times both."""
    rows = []
    for same, kind in ((True, "same base"), (False, "distinct bases")):
        def after_1m(api: Any, same: bool = same) -> float:
            with api as ps:
                return unique_after_flat_fill(ps, same, 1_000_000)

        def ratio(api: Any, same: bool = same, rounds: int = 3) -> float:
            # the best of each over rounds that alternate them, so that a
            # warm or a cold moment of the machine does not favour one
            small = large = float("inf")
            with api as ps:
                for _ in range(rounds):
                    small = min(small, unique_after_flat_fill(ps, same, 1000))
                    large = min(large, unique_after_flat_fill(ps, same, 1_000_000))
            return large / small
        key = "flat_" + kind.split()[0]
        label = f"unique_name, {kind}, after 1M names in one scope"
        rows.append(Row(key, label, after_1m, repeats, "unique_name", "time"))
        rows.append(Row(key + "_ratio", label + " / after 1k", ratio, repeats, "unique_name",
                        "ratio"))
    return rows


def bytes_per_name(names: int) -> Callable[[Any], float]:
    def sample(api: Any) -> float:
        return memory_per_name(api.backend, names)
    return sample


def model_sample(key: str) -> Callable[[Any], float]:
    def sample(api: Any) -> float:
        gc.collect()
        seconds: float = api.build_model(key)
        return seconds
    return sample


def checkpoint_op(op: str, files: checkpoints.CheckpointFiles) -> Callable[[Any], float]:
    def sample(api: Any) -> float:
        gc.collect()
        seconds: float = api.checkpoint(op, files)
        return seconds
    return sample


def plain_copy(op: str, files: checkpoints.CheckpointFiles) -> Callable[[], float]:
    return lambda: checkpoints.plain_op(op, files)


def checkpoint_rows(args: argparse.Namespace) -> List[Row]:
    """list / read / save of one checkpoint; the plain copy is their floor
    (it cannot list).  Best of at most 3: a sample moves a gigabyte."""
    files = checkpoints.CheckpointFiles(args.checkpoint_dir, args.checkpoint_mb)
    return [Row("ckpt_" + op, label, checkpoint_op(op, files), min(args.repeats, 3),
                "Graph", "checkpoint", None if op == "list" else plain_copy(op, files))
            for op, label in checkpoints.OPS]


def plan_rows(args: argparse.Namespace) -> List[Row]:
    """The rows a run with these options measures, in table order."""
    rows = [Row(w.key, w.label, per_op(w.run, max(1, int(w.ops * args.scale))),
                args.repeats, w.needs, "time") for w in WORKLOADS]
    rows.append(Row("flatness", "default_name: 1000th / 1st sibling",
                    default_name_flatness_once, 3, "variable_scope", "ratio"))
    if args.full or args.plot:
        for size in SCALE_SIZES_FULL if args.full else SCALE_SIZES_QUICK:
            rows.append(Row(f"scale_{size}", f"variable_scope after {size:,} siblings",
                            after_siblings(size), 1, "variable_scope", "time"))
        names = 1_000_000 if args.full else 100_000
        rows.append(Row("memory", f"bytes per used name, {names:,} names",
                        bytes_per_name(names), 1, "Graph", "bytes"))
    if args.full:
        rows += flat_scope_rows(3)
    if args.models:
        rows += [Row(m.key, m.label, model_sample(m.key), args.repeats, "variable_scope", "time")
                 for m in models.present()]
    if args.checkpoints:
        rows += checkpoint_rows(args)
    return rows


def repeats_on(row: Row, label: str) -> int:
    """How many samples ``label``'s column takes of ``row`` (0: not measured)."""
    if label == "TensorFlow":
        if row.key == "model_build":
            return 1  # ~1.5 s a build
        if row.key.startswith("model_"):
            return min(row.repeats, 3)  # 1-3 s a build
        if row.key == "memory" or (row.key.startswith("scale_")
                                   and int(row.key[6:]) > TF_MAX_SCALE):
            return 0
    return row.repeats


# -- the columns: where samples are taken -----------------------------------------
class LocalColumn:
    """Samples taken in this process."""

    def __init__(self, label: str, api: Any = None) -> None:
        self.label = label
        self.api = api

    def can_measure(self, row: Row) -> bool:
        return available(self.api.ps, row.needs)

    def sample(self, row: Row) -> float:
        return row.measure(self.api)

    def close(self) -> None:
        pass


class FloorColumn(LocalColumn):
    """The floor of each hot path that has one (unless `hot_paths` is
    False) and of each row that carries its own (the checkpoint's plain
    copy), in this process (so in the same conditions as the C core)."""

    def __init__(self, n: int, hot_paths: bool = True) -> None:
        super().__init__("floor")
        self.n = n
        self.floor_of = dict(FLOOR_OF) if hot_paths else {}
        self.floors = {key: floor for key, _, floor in FLOORS}

    def can_measure(self, row: Row) -> bool:
        return row.key in self.floor_of or row.floor is not None

    def sample(self, row: Row) -> float:
        if row.floor is not None:
            return row.floor()
        return self.floors[self.floor_of[row.key]](self.n) / self.n


class WorkerDied(RuntimeError):
    """A bench worker exited or failed before answering."""


class WorkerColumn:
    """Samples taken on request by a long-lived child process
    (``python -m pyscope bench --worker KIND``), one JSON line each way."""

    def __init__(self, kind: str, argv: Sequence[str],
                 env: Optional[Dict[str, str]] = None, python: Optional[str] = None,
                 scratch: Optional[tempfile.TemporaryDirectory] = None) -> None:  # type: ignore[type-arg]
        self.scratch = scratch  # removed on close
        self.process = subprocess.Popen(
            [python or sys.executable, "-m", "pyscope", "bench", "--worker", kind] + list(argv),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            env=dict(os.environ, **(env or {})))
        hello = self._receive()
        if "error" in hello:
            self.close()
            raise WorkerDied(hello["error"])
        self.label = hello["label"]
        self.rows = set(hello["rows"])

    def _receive(self) -> Dict[str, Any]:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith("{"):  # skip anything else a library printed
                message: Dict[str, Any] = json.loads(line)
                return message
        raise WorkerDied(f"the bench worker exited (status {self.process.wait()}); "
                         "its stderr above says why")

    def can_measure(self, row: Row) -> bool:
        return row.key in self.rows

    def sample(self, row: Row) -> float:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps({"row": row.key}) + "\n")
            self.process.stdin.flush()
        except OSError:  # a broken pipe: it has exited
            raise WorkerDied(f"the bench worker exited (status {self.process.wait()})") from None
        value: float = self._receive()["value"]
        return value

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # it may be mid-sample
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            try:
                if pipe is not None:
                    pipe.close()
            except OSError:
                pass
        if self.scratch is not None:
            self.scratch.cleanup()


def serve(kind: str, args: argparse.Namespace) -> int:
    """The worker's loop: announce the rows it can measure, then answer each
    ``{"row": key}`` line with ``{"value": one sample}``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    out, sys.stdout = sys.stdout, sys.stderr  # keep the channel clean
    if kind == "tensorflow":
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # tf.compat.v1.layers, tf-slim
        warnings.simplefilter("ignore")  # TF's deprecation notes on every v1 layer
        api: Any = load_tensorflow()
        if api is None:
            print(json.dumps({"error": f"TensorFlow is not importable by {sys.executable}"}),
                  file=out, flush=True)
            return 0
        api.tf.get_logger().setLevel("ERROR")
    else:
        api = PyscopeAPI(_backend.current.BACKEND)
    rows = {row.key: row for row in plan_rows(args)
            if available(api.ps, row.needs) and repeats_on(row, api.label)}
    print(json.dumps({"label": api.label, "rows": list(rows)}), file=out, flush=True)
    for line in sys.stdin:
        value = rows[json.loads(line)["row"]].measure(api)
        print(json.dumps({"value": value}), file=out, flush=True)
    return 0


def measure_interleaved(rows: Sequence[Row], columns: Sequence[Any],
                        results: Dict[str, Dict[str, float]],
                        progress: Optional[Callable[[int, int, Row], None]] = None) -> None:
    """Fill ``results[column label][row key]`` with the best sample of each
    cell, alternating the columns within each repeat of each row; a cell
    holds its best so far, so an interrupted run leaves what it measured."""
    for k, row in enumerate(rows, 1):
        if progress is not None:
            progress(k, len(rows), row)
        wanted = [(c, repeats_on(row, c.label)) for c in columns if c.can_measure(row)]
        for repeat in range(max((n for _, n in wanted), default=0)):
            for column, n in wanted:
                if repeat < n:
                    value = column.sample(row)
                    cells = results.setdefault(column.label, {})
                    cells[row.key] = min(value, cells.get(row.key, value))


# -- the table --------------------------------------------------------------------
def fmt_ns(seconds: float) -> str:
    ns = seconds * 1e9
    if ns >= 1e6:
        return f"{ns / 1e6:,.1f} ms"
    if ns >= 1e4:
        return f"{ns / 1e3:,.1f} µs"
    return f"{ns:,.0f} ns"


FORMATS: Dict[str, Callable[[float], str]] = {"time": fmt_ns, "ratio": lambda r: f"{r:.2f}x", "bytes": lambda b: f"{b:.1f} B"}


def print_table(rows: List[List[str]], headers: List[str], file: Optional[IO[str]] = None) -> None:
    widths = [max(len(str(r[i])) for r in rows + [headers]) for i in range(len(headers))]
    line = "  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(headers, widths)))
    print(line, file=file)
    print("-" * len(line), file=file)
    for r in rows:
        print("  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                        for i, (c, w) in enumerate(zip(r, widths))), file=file)


def table_rows(rows: Sequence[Row], labels: List[str],
               results: Dict[str, Dict[str, float]]) -> Tuple[List[List[str]], List[str]]:
    """The cells of the main table (rows nobody measured are left out)."""
    ratios = [(f"{short} / C", label) for short, label in
              (("twin", "Python twin"), ("TF", "TensorFlow")) if label in labels and "C core" in labels]
    headers = ["operation (per op)"] + labels + [name for name, _ in ratios]
    out = []
    for row in rows:
        if row.kind == "checkpoint" or not any(row.key in results.get(label, {})
                                               for label in labels):
            continue
        fmt = FORMATS[row.kind]
        cells = [row.label]
        for label in labels:
            value = results.get(label, {}).get(row.key)
            if value is not None:
                cells.append(fmt(value))
            elif row.kind == "bytes" and label == "TensorFlow":
                cells.append("~97 B (TF's dict)")
            else:
                cells.append("n/a")
        for _, other in ratios:
            c, o = results["C core"].get(row.key), results.get(other, {}).get(row.key)
            cells.append(f"{o / c:.1f}x" if row.kind == "time" and c and o else "")
        out.append(cells)
    return out, headers


def print_floors(c_results: Dict[str, float], floor_results: Dict[str, float],
                 file: Optional[IO[str]] = None) -> None:
    labels = {w.key: w.label for w in WORKLOADS}
    floor_labels = {key: label for key, label, _ in FLOORS}
    rows: List[List[str]] = []
    best: Dict[str, float] = {}
    for key, floor in FLOOR_OF:
        if key in c_results and key in floor_results:
            value = floor_results[key]
            best[floor] = min(value, best.get(floor, value))
            rows.append([labels[key], fmt_ns(c_results[key]), fmt_ns(value),
                         f"{c_results[key] / value:.1f}x"])
    if not rows:
        return
    print(file=file)
    print("how close the C core is to the floor (measured alternating with each row)", file=file)
    print_table(rows, ["hot path", "C core", "floor", "C / floor"], file=file)
    print("floors: " + "; ".join(f"{fmt_ns(best[key])} = {floor_labels[key]}"
                                 for key, _, _ in FLOORS if key in best), file=file)


def report(rows: Sequence[Row], labels: List[str], results: Dict[str, Dict[str, float]],
           args: argparse.Namespace, interrupted_at: Optional[int] = None) -> None:
    """Print the table(s) for what ``results`` holds."""
    if interrupted_at is not None:
        print(f"\ninterrupted during row {interrupted_at} of {len(rows)}: "
              "the rows measured so far (cells: best of the samples taken)")
    cells, headers = table_rows(rows, labels, results)
    print()
    print_table(cells, headers)
    if any(row.key.startswith("scale_") or row.kind == "bytes" for row in rows):
        print("scale rows: cost of one variable_scope enter+exit after N sibling scopes "
              "(flat is the goal); memory: C core = bytes its tables allocated, "
              "twin = tracemalloc")
    if "C core" in results and "floor" in results:
        print_floors(results["C core"], results["floor"])
    if args.models:
        print_models_note(labels, results)
    reuse_cells, reuse_headers = bench_reuse.ratio_rows(results, labels)
    if len(reuse_headers) > 1:
        print()
        print_table(reuse_cells, reuse_headers)
    if args.checkpoints and labels and any(row.kind == "checkpoint" and row.key in
                                           results.get(labels[0], {}) for row in rows):
        print_checkpoints(args, labels[0], results)
    if args.plot and interrupted_at is None:
        sizes = [int(row.key[6:]) for row in rows if row.key.startswith("scale_")]
        plot_scale(args.plot, [(label, results.get(label, {})) for label in labels], sizes)


MODELS_GOAL = 50.0  # TF's build / the C core's naming (issue 12)


def print_models_note(labels: List[str], results: Dict[str, Dict[str, float]]) -> None:
    """What the model rows measure, their goal, and the models not here."""
    print("models: named from TensorSpec inputs with shape-only variables; TensorFlow "
          "builds the same model in graph mode on a placeholder (tf-slim's resnet_v1_50; "
          "BERT-base as google-research/bert's modeling.py, pretraining heads)")
    for model in models.present():
        c, tf = (results.get(label, {}).get(model.key) for label in ("C core", "TensorFlow"))
        if c and tf:
            print(f"  {model.label}: TF / C = {tf / c:.0f}x, goal >= {MODELS_GOAL:.0f}x: "
                  + ("met" if tf / c >= MODELS_GOAL else "missed"))
    for model in models.missing():
        print(f"  {model.label}: skipped, {model.module} is not in this pyscope")


def print_checkpoints(args: argparse.Namespace, mine: str,
                      results: Dict[str, Dict[str, float]]) -> None:
    files = checkpoints.CheckpointFiles(args.checkpoint_dir, args.checkpoint_mb)
    cells, headers = checkpoints.table(files.nbytes, mine, results, fmt_ns)
    print()
    print(f"checkpoint: {files.nbytes / checkpoints.MIB:,.0f} MiB in {files.variables} "
          f"float32 variables; best of {min(args.repeats, 3)}; every reader reads one file "
          "(in the page cache); saves are fsynced, as pyscope's; the copy is the floor")
    print_table(cells, headers)


def describe_machine() -> str:
    """The first lines of the output: what is measured, on what."""
    backend = _backend.current.BACKEND
    live = "the C core" if backend == "c" else "the Python twin (the C core is not in use)"
    cpus = os.cpu_count() or "?"
    return (f"pyscope {pyscope.__version__} bench: live backend {backend!r}: {live}\n"
            f"Python {platform.python_version()} ({platform.python_implementation()}) "
            f"on {platform.system()} {platform.machine()}, {cpus} CPUs"
            f"{', ' + platform.processor() if platform.processor() else ''}")


def describe_columns(columns: Sequence[Any], repeats: int) -> str:
    if len(columns) == 1:
        return f"best of {repeats}; {columns[0].label} only"
    text = (f"best of {repeats}; " + ", ".join(c.label for c in columns)
            + " measured alternating, row by row")
    if columns[0].label == "C core":
        text += "; the twin in a child process with PYSCOPE_PURE=1"
    return text


def open_columns(args: argparse.Namespace, pass_on: List[str]) -> List[Any]:
    """The columns of this run, the C core's first; workers are started here."""
    columns: List[Any] = []
    if _backend.current.BACKEND == "c":
        columns.append(LocalColumn("C core", PyscopeAPI("c")))
        columns.append(WorkerColumn("twin", pass_on, env={"PYSCOPE_PURE": "1"}))
        columns.append(FloorColumn(max(1000, int(20000 * args.scale))))
    else:
        columns.append(LocalColumn("Python twin", PyscopeAPI("python")))
        if args.checkpoints:  # the plain copy; the hot-path floors compare the C core
            columns.append(FloorColumn(0, hot_paths=False))
    if args.vs_tensorflow or args.tf_python:
        try:
            columns.append(tensorflow_column(args, pass_on))
        except (WorkerDied, OSError) as error:
            print(f"{error}: the TensorFlow column is skipped", file=sys.stderr)
    return columns


def tensorflow_column(args: argparse.Namespace, pass_on: List[str]) -> "WorkerColumn":
    """TF's worker: in this interpreter, or in --tf-python's, which sees this
    pyscope, and nothing else of this environment, through a directory
    holding a link to the package, on the pure twin (the C core is built for
    this interpreter)."""
    argv = pass_on + (["--checkpoints"] if args.checkpoints else [])
    if not args.tf_python:
        return WorkerColumn("tensorflow", argv)
    scratch = tempfile.TemporaryDirectory(prefix="pyscope_bench_path_")
    try:
        os.symlink(os.path.dirname(os.path.abspath(pyscope.__file__)),
                   os.path.join(scratch.name, "pyscope"))
        return WorkerColumn("tensorflow", argv, env={"PYTHONPATH": scratch.name,
                                                     "PYSCOPE_PURE": "1"},
                            python=os.path.expanduser(args.tf_python), scratch=scratch)
    except BaseException:
        scratch.cleanup()
        raise


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--full", action="store_true",
                        help="also the scale rows (1k..1M sibling scopes) and memory at 1M names")
    parser.add_argument("--vs-tensorflow", action="store_true",
                        help="also run every workload on TensorFlow, if importable")
    parser.add_argument("--tf-python", metavar="PATH",
                        help="run the TensorFlow column in this interpreter (e.g. "
                        "~/.venvs/tf/bin/python; it need not have pyscope); implies "
                        "--vs-tensorflow")
    parser.add_argument("--models", action="store_true",
                        help="also name ResNet-50 and BERT-base from shapes (TF: build them)")
    parser.add_argument("--checkpoints", action="store_true",
                        help="also list / read / save a checkpoint of --checkpoint-mb MiB "
                        "in 200 float32 variables, beside TF and a plain copy; it needs "
                        "twice that on disk in a temp dir ($TMPDIR; removed afterwards) "
                        "and about three times that in memory")
    parser.add_argument("--checkpoint-mb", type=float, default=1024, metavar="N",
                        help="the checkpoint's size in MiB (default 1024)")
    parser.add_argument("--checkpoint-dir", help=argparse.SUPPRESS)  # set for the workers
    parser.add_argument("--plot", metavar="FILE",
                        help="draw the scale curve to FILE (PNG; needs matplotlib)")
    parser.add_argument("--repeats", type=int, default=5,
                        help="each cell is the best of this many samples (default 5)")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="multiply the operation counts (smaller = faster, noisier)")
    parser.add_argument("--worker", choices=["twin", "tensorflow"], help=argparse.SUPPRESS)


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``bench`` on ``python -m pyscope``'s subcommands."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    parser.set_defaults(run=main)
    return parser


def main(args: argparse.Namespace) -> int:
    """Run the bench with parsed options; returns the exit status (130
    after Ctrl-C, having printed the partial table)."""
    if args.worker:
        return serve(args.worker, args)
    if not args.checkpoints:
        return measure_and_report(args)
    with tempfile.TemporaryDirectory(prefix="pyscope_bench_ckpt_") as folder:
        args.checkpoint_dir = folder
        return measure_and_report(args)


def measure_and_report(args: argparse.Namespace) -> int:
    """Measure the rows, print the tables; the exit status (130 after Ctrl-C)."""
    pass_on = ["--scale", repr(args.scale)] + (["--full"] if args.full else []) \
        + (["--plot", args.plot] if args.plot else []) \
        + (["--models"] if args.models else []) \
        + (["--checkpoint-mb", repr(args.checkpoint_mb),
            "--checkpoint-dir", args.checkpoint_dir] if args.checkpoints else [])
    print(describe_machine(), flush=True)
    started = time.perf_counter()

    current = [0]  # the row being measured

    def progress(k: int, total: int, row: Row) -> None:
        current[0] = k
        print(f"[{k}/{total}] {row.label} … {time.perf_counter() - started:.1f} s elapsed",
              file=sys.stderr, flush=True)

    rows = plan_rows(args)
    results: Dict[str, Dict[str, float]] = {}
    columns: List[Any] = []
    interrupted_at: Optional[int] = None
    failed_at: Optional[int] = None
    try:
        if args.checkpoints:
            print(f"writing the {args.checkpoint_mb:,.0f} MiB checkpoint in "
                  f"{args.checkpoint_dir} …", file=sys.stderr, flush=True)
            checkpoints.CheckpointFiles(args.checkpoint_dir, args.checkpoint_mb).write_reference()
        columns = open_columns(args, pass_on)
        print(describe_columns(columns, args.repeats), flush=True)
        measure_interleaved(rows, columns, results, progress)
    except KeyboardInterrupt:
        interrupted_at = current[0]
    except WorkerDied as error:
        print(f"python -m pyscope bench: {error}", file=sys.stderr)
        failed_at = interrupted_at = current[0]
    finally:
        for column in columns:
            column.close()
    print(f"measured in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    labels = [c.label for c in columns if c.label != "floor"]
    report(rows, labels, results, args, interrupted_at)
    if interrupted_at is None and _backend.current.BACKEND == "c":
        print_capi_table(args)
    if failed_at is not None:
        return 1
    return 130 if interrupted_at is not None else 0


def print_capi_table(args: argparse.Namespace) -> None:
    """The C API's rows (pyscope/_bench_capi.py): its C loops are compiled
    here, so they need a source checkout and a C compiler."""
    from pyscope import _bench_capi
    try:
        cells, headers = _bench_capi.rows(max(1000, int(20000 * args.scale)), args.repeats)
    except Exception as exc:  # noqa: BLE001 - no source checkout or no C compiler
        print(f"C-API rows skipped: {exc}", file=sys.stderr)
        return
    print()
    print("C API, per unique name (same run; raw = the C core called directly)")
    print_table(cells, headers)
    if args.full:
        cells, headers = _bench_capi.flat_rows(args.repeats)
        print()
        print("The raw C core as one scope fills (same names as the unique_name rows above)")
        print_table(cells, headers)


def run(argv: Optional[Sequence[str]] = None) -> int:
    """``python -m pyscope bench`` with ``argv`` (the options after ``bench``)."""
    parser = argparse.ArgumentParser(prog="python -m pyscope bench")
    add_arguments(parser)
    return main(parser.parse_args(sys.argv[2:] if argv is None else list(argv)))


def plot_scale(path: str, columns: List[Tuple[str, Dict[str, float]]], sizes: List[int]) -> None:
    try:
        import matplotlib  # type: ignore[import-not-found, unused-ignore]
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        print("--plot needs matplotlib: pip install '.[plot]'", file=sys.stderr)
        return
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for label, results in columns:
        xs = [n for n in sizes if f"scale_{n}" in results]
        ys = [results[f"scale_{n}"] * 1e6 for n in xs]
        if xs:
            ax.plot(xs, ys, marker="o", label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("sibling variable scopes already in the graph")
    ax.set_ylabel("variable_scope enter+exit (µs)")
    ax.set_title("Cost of a variable_scope as the graph grows")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    print(f"scale plot written to {path}")
