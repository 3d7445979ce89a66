"""The benchmark table: ``python -m pyscope bench [--full] [--vs-tensorflow]
[--plot FILE]``.

Each workload runs on the C core, on the pure-Python twin and, with
--vs-tensorflow when TensorFlow is importable, on tf.compat.v1 in graph mode,
all in this one process; the table gives ns per operation and the ratios.
Timings are the best of a few repeats, each on a fresh graph.  The default run
takes seconds; --full adds the scale rows (up to 1M sibling scopes) and the
memory row at 1M names, which take minutes.
"""
import argparse
import gc
import os
import sys
import threading
import time
import types

import pyscope
from pyscope import _backend


# -- the APIs under test ------------------------------------------------------
class PyscopeAPI:
    """pyscope on one backend."""

    def __init__(self, backend):
        self.label = "C core" if backend == "c" else "Python twin"
        self.backend = backend
        self.ps = pyscope

    def __enter__(self):
        self._previous = _backend.use(self.backend)
        pyscope.reset_default_graph()
        return self.ps

    def __exit__(self, *exc):
        pyscope.reset_default_graph()
        _backend.use(self._previous)


class TensorFlowAPI:
    """tf.compat.v1 in graph mode, shaped like pyscope for the workloads."""

    label = "TensorFlow"

    def __init__(self, tf):
        self.tf = tf
        v1 = tf.compat.v1
        ns = types.SimpleNamespace()
        for name in ["Graph", "name_scope", "variable_scope", "get_variable",
                     "get_default_graph", "reset_default_graph", "AUTO_REUSE",
                     "fixed_size_partitioner", "make_template",
                     "zeros_initializer", "get_variable_scope"]:
            setattr(ns, name, getattr(v1, name))
        ns.create_op_name = lambda name: tf.raw_ops.NoOp(name=name).name
        self.ps = ns

    def __enter__(self):
        self.tf.compat.v1.reset_default_graph()
        return self.ps

    def __exit__(self, *exc):
        self.tf.compat.v1.reset_default_graph()


def load_tensorflow():
    try:
        import tensorflow as tf
    except ImportError:
        return None
    tf.compat.v1.disable_eager_execution()
    return TensorFlowAPI(tf)


# -- workloads: each returns the seconds taken by `n` operations ----------------
def w_unique_same(ps, n):
    u = ps.Graph().unique_name
    t = time.perf_counter()
    for _ in range(n):
        u("MatMul")
    return time.perf_counter() - t


def w_unique_distinct(ps, n):
    u = ps.Graph().unique_name
    names = [f"op{i}" for i in range(n)]
    t = time.perf_counter()
    for name in names:
        u(name)
    return time.perf_counter() - t


def w_graph_name_scope(ps, n):
    scope = ps.Graph().name_scope
    t = time.perf_counter()
    for _ in range(n):
        with scope("layer"):
            pass
    return time.perf_counter() - t


def w_name_scope(ps, n):
    name_scope = ps.name_scope
    with ps.Graph().as_default():
        t = time.perf_counter()
        for _ in range(n):
            with name_scope("layer"):
                pass
        return time.perf_counter() - t


def w_variable_scope(ps, n):
    variable_scope = ps.variable_scope
    with ps.Graph().as_default():
        t = time.perf_counter()
        for _ in range(n):
            with variable_scope("layer"):
                pass
        return time.perf_counter() - t


def w_captured_scope(ps, n):
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


def w_default_name_scope(ps, n):
    variable_scope = ps.variable_scope
    with ps.Graph().as_default():
        t = time.perf_counter()
        for _ in range(n):
            with variable_scope(None, default_name="layer"):
                pass
        return time.perf_counter() - t


def w_get_variable_create(ps, n):
    get_variable = ps.get_variable
    names = [f"v{i}" for i in range(n)]
    with ps.Graph().as_default():
        t = time.perf_counter()
        for name in names:
            get_variable(name, shape=[4])
        return time.perf_counter() - t


def w_get_variable_reuse(ps, n):
    get_variable = ps.get_variable
    with ps.Graph().as_default():
        with ps.variable_scope("model"):
            get_variable("w", shape=[4])
        with ps.variable_scope("model", reuse=True):
            t = time.perf_counter()
            for _ in range(n):
                get_variable("w", shape=[4])
            return time.perf_counter() - t


def w_partitioned(ps, n):
    get_variable = ps.get_variable
    partitioner = ps.fixed_size_partitioner(4)
    names = [f"p{i}" for i in range(n)]
    with ps.Graph().as_default():
        t = time.perf_counter()
        for name in names:
            get_variable(name, shape=[8, 4], partitioner=partitioner)
        return time.perf_counter() - t


def w_template_call(ps, n):
    def dense():
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


def build_model(ps, towers=8, layers=24):
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


def w_model_build(ps, n):
    t = time.perf_counter()
    for _ in range(n):
        with ps.Graph().as_default():
            build_model(ps)
    return time.perf_counter() - t


def sibling_scopes_then_measure(ps, siblings, n=200):
    """Cost of one variable_scope enter+exit after `siblings` sibling scopes."""
    variable_scope = ps.variable_scope
    with ps.Graph().as_default():
        with variable_scope("root"):
            for i in range(siblings):
                with variable_scope(f"s{i}"):
                    pass
            t = time.perf_counter()
            for _ in range(n):
                with variable_scope("probe"):
                    pass
            return (time.perf_counter() - t) / n


# name, label, workload, ops per repeat (quick), needs
WORKLOADS = [
    ("unique_same", "unique_name, same base", w_unique_same, 20000, "unique_name"),
    ("unique_distinct", "unique_name, distinct bases", w_unique_distinct, 20000, "unique_name"),
    ("graph_name_scope", "Graph.name_scope enter+exit", w_graph_name_scope, 20000, "name_scope"),
    ("name_scope", "name_scope (v1) enter+exit", w_name_scope, 20000, "name_scope"),
    ("variable_scope", "variable_scope enter+exit", w_variable_scope, 3000, "variable_scope"),
    ("default_name", "variable_scope(default_name) x1000", w_default_name_scope, 1000, "variable_scope"),
    ("captured_scope", "variable_scope(captured scope, reuse)", w_captured_scope, 3000, "variable_scope"),
    ("get_variable_create", "get_variable, create", w_get_variable_create, 2000, "get_variable"),
    ("get_variable_reuse", "get_variable, reuse", w_get_variable_reuse, 5000, "get_variable"),
    ("partitioned", "get_variable, 4 partitions", w_partitioned, 500, "fixed_size_partitioner"),
    ("template_call", "template call (2 variables)", w_template_call, 1000, "make_template"),
    ("model_build", "model build, 8x24 layers (per build)", w_model_build, 1, "variable_scope"),
]


def measure(api, workload, n, repeats):
    with api as ps:
        best = None
        for _ in range(repeats):
            gc.collect()
            seconds = workload(ps, n)
            best = seconds if best is None else min(best, seconds)
        return best / n


def available(api_ps, needs):
    return hasattr(api_ps, needs) or hasattr(getattr(api_ps, "Graph", None), needs)


def memory_per_name(backend, names, scopes=1000):
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


def fmt_ns(seconds):
    ns = seconds * 1e9
    if ns >= 1e6:
        return f"{ns / 1e6:,.1f} ms"
    if ns >= 1e4:
        return f"{ns / 1e3:,.1f} µs"
    return f"{ns:,.0f} ns"


def print_table(rows, headers):
    widths = [max(len(str(r[i])) for r in rows + [headers]) for i in range(len(headers))]
    line = "  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(headers, widths)))
    print(line)
    print("-" * len(line))
    for r in rows:
        print("  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths))))


SCALE_SIZES_FULL = [1000, 10000, 100000, 1000000]
SCALE_SIZES_QUICK = [1000, 10000]


def measure_all(api, args, tensorflow=False):
    """Every row for one API: {row key: seconds per op (or bytes per name)}."""
    results = {}
    for key, label, workload, n, needs in WORKLOADS:
        if not available(api.ps, needs):
            continue
        n = max(1, int(n * args.scale))
        repeats = 1 if tensorflow and key == "model_build" else args.repeats
        results[key] = measure(api, workload, n, repeats)
        print(f"  {label}: {api.label} done", file=sys.stderr, flush=True)
    if available(api.ps, "variable_scope"):
        results["flatness"] = default_name_flatness(api)
    if args.full or args.plot:
        for size in SCALE_SIZES_FULL if args.full else SCALE_SIZES_QUICK:
            if tensorflow and size > 50000:
                continue  # TF's exit scans every scope: hours at 1M
            print(f"  scale {size:,}: {api.label}...", file=sys.stderr, flush=True)
            with api as ps:
                results[f"scale_{size}"] = sibling_scopes_then_measure(ps, size)
        if not tensorflow:
            names = 1_000_000 if args.full else 100_000
            print(f"  memory: {api.label}...", file=sys.stderr, flush=True)
            results["memory"] = memory_per_name(api.backend, names)
            results["memory_names"] = names
    return results


def measure_twin(argv):
    """The pure twin, measured in a child process with PYSCOPE_PURE=1 (so
    its whole stack, infrastructure included, is the twin's)."""
    import json
    import subprocess
    env = dict(os.environ, PYSCOPE_PURE="1")
    out = subprocess.run([sys.executable, "-m", "pyscope", "bench", "--worker"] + argv,
                         env=env, stdout=subprocess.PIPE, check=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(argv=None):
    parser = argparse.ArgumentParser(prog="python -m pyscope bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--full", action="store_true",
                        help="also the scale rows (1k..1M sibling scopes) and memory at 1M names")
    parser.add_argument("--vs-tensorflow", action="store_true",
                        help="also run every workload on TensorFlow, if importable")
    parser.add_argument("--plot", metavar="FILE",
                        help="draw the scale curve to FILE (PNG; needs matplotlib)")
    parser.add_argument("--repeats", type=int, default=5,
                        help="timings are the best of this many runs (default 5)")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="multiply the operation counts (smaller = faster, noisier)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    argv = sys.argv[2:] if argv is None else list(argv)
    args = parser.parse_args(argv)

    if args.worker:  # measure this process's backend only, print JSON
        import json
        api = PyscopeAPI(_backend.current.BACKEND)
        print(json.dumps(measure_all(api, args)))
        return 0

    columns = []  # (label, results)
    floors = None
    if _backend.current.BACKEND == "c":
        columns.append(("C core", measure_all(PyscopeAPI("c"), args)))
        # in the same conditions as the C core (before TensorFlow is loaded)
        floors = measure_floors(max(1000, int(20000 * args.scale)), args.repeats)
        twin_argv = [a for a in argv if a != "--vs-tensorflow"]
        plot_at = twin_argv.index("--plot") if "--plot" in twin_argv else -1
        if plot_at >= 0:
            del twin_argv[plot_at:plot_at + 2]
        columns.append(("Python twin", measure_twin(twin_argv)))
    else:
        print("the C core is not in use (PYSCOPE_PURE=1 or not built): measuring the twin only",
              file=sys.stderr)
        columns.append(("Python twin", measure_all(PyscopeAPI("python"), args)))
    tf_api = load_tensorflow() if args.vs_tensorflow else None
    if args.vs_tensorflow and tf_api is None:
        print("TensorFlow is not importable here: --vs-tensorflow skipped", file=sys.stderr)
    if tf_api is not None:
        columns.append(("TensorFlow", measure_all(tf_api, args, tensorflow=True)))

    labels = [label for label, _ in columns]
    headers = ["operation (per op)"] + labels
    ratios = []
    if "C core" in labels and "Python twin" in labels:
        ratios.append(("twin / C", "Python twin"))
    if "C core" in labels and "TensorFlow" in labels:
        ratios.append(("TF / C", "TensorFlow"))
    headers += [name for name, _ in ratios]
    by_label = dict(columns)

    def row(key, label, fmt):
        cells = [label]
        for _, results in columns:
            cells.append(fmt(results[key]) if key in results else "n/a")
        for _, other in ratios:
            c, o = by_label["C core"].get(key), by_label[other].get(key)
            cells.append(f"{o / c:.1f}x" if c and o else "")
        return cells

    rows = [row(key, label, fmt_ns) for key, label, *_ in WORKLOADS]
    rows.append(row("flatness", "default_name: 1000th / 1st sibling", lambda r: f"{r:.2f}x")[:len(labels) + 1]
                + [""] * len(ratios))
    sizes = sorted({int(k[6:]) for _, r in columns for k in r if k.startswith("scale_")})
    for size in sizes:
        rows.append(row(f"scale_{size}", f"variable_scope after {size:,} siblings", fmt_ns))
    if any("memory" in r for _, r in columns):
        names = next(r["memory_names"] for _, r in columns if "memory_names" in r)
        cells = [f"bytes per used name, {names:,} names"]
        for label, results in columns:
            cells.append(f"{results['memory']:.1f} B" if "memory" in results
                         else ("~97 B (TF's dict)" if label == "TensorFlow" else "n/a"))
        rows.append(cells + [""] * len(ratios))

    print()
    print(f"pyscope {pyscope.__version__} benchmark, Python {sys.version.split()[0]}, "
          f"best of {args.repeats}; twin measured with PYSCOPE_PURE=1 in a child process")
    print_table(rows, headers)
    if sizes:
        print("scale rows: cost of one variable_scope enter+exit after N sibling scopes "
              "(flat is the goal); memory: C core = bytes its tables allocated, "
              "twin = tracemalloc")
    if floors is not None:
        print_floors(by_label["C core"], floors)
    if args.plot:
        plot_scale(args.plot, columns, sizes)
    return 0


# -- floors: what any Python-callable implementation must pay -------------------
def f_call(n):
    """A bound C method call returning an existing object (a unique_name that
    returns its argument, or a variable lookup, can do no less)."""
    call = {}.get
    names = [f"op{i}" for i in range(n)]
    t = time.perf_counter()
    for name in names:
        call(name)
    return time.perf_counter() - t


def f_call_str(n):
    """A bound C method call returning a new str (a unique_name that appends
    a suffix can do no less)."""
    call = "MatMul".__add__
    t = time.perf_counter()
    for _ in range(n):
        call("_1")
    return time.perf_counter() - t


def f_with(n):
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
]

#: each hot path and the floor it is measured against
FLOOR_OF = [("unique_same", "call_str"), ("unique_distinct", "call"),
            ("graph_name_scope", "with"), ("name_scope", "with"),
            ("variable_scope", "with"), ("captured_scope", "with"),
            ("get_variable_reuse", "call")]


def measure_floors(n=20000, repeats=3):
    out = {}
    for key, _, floor in FLOORS:
        best = None
        for _ in range(repeats):
            seconds = floor(n)
            best = seconds if best is None else min(best, seconds)
        out[key] = best / n
    return out


def print_floors(c_results, floors):
    labels = {key: label for key, label, *_ in WORKLOADS}
    floor_labels = {key: label for key, label, _ in FLOORS}
    rows = []
    for key, floor in FLOOR_OF:
        if key in c_results:
            rows.append([labels[key], fmt_ns(c_results[key]), fmt_ns(floors[floor]),
                         f"{c_results[key] / floors[floor]:.1f}x"])
    print()
    print("how close the C core is to the floor (same run)")
    print_table(rows, ["hot path", "C core", "floor", "C / floor"])
    print("floors: " + "; ".join(f"{fmt_ns(floors[key])} = {label}" for key, label, _ in FLOORS))


def default_name_flatness(api, n=1000, window=100):
    """Time of the last `window` default_name scopes over the first `window`."""
    with api as ps:
        variable_scope = ps.variable_scope
        best = None
        for _ in range(3):
            with ps.Graph().as_default():
                stamps = []
                for i in range(n):
                    t = time.perf_counter()
                    with variable_scope(None, default_name="layer"):
                        pass
                    stamps.append(time.perf_counter() - t)
            first = sorted(stamps[:window])[window // 2]
            last = sorted(stamps[-window:])[window // 2]
            ratio = last / first
            best = ratio if best is None else min(best, ratio)
        return best


def plot_scale(path, columns, sizes):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
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
