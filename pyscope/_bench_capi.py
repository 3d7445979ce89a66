"""Benchmark rows for pyscope's C API (pyscope/include/pyscope_capi.h).

Per unique name, in one run and on the same names: the raw C core (csrc's
``ps_names_unique`` plus writing the name, in a C loop), the version-2 graph
handle (``unique_name_into`` in a C loop, and ``unique_names_into`` in bulk),
the version-1 entry point (``unique_name``, a new ``str`` per name) and a
Python-level ``g.unique_name`` loop.  The C loops live in
``tests/capi_ext/capi_bench.c``, compiled here at run time: that needs a
source checkout (``csrc/`` beside the package) and a C compiler."""
from __future__ import annotations

import gc
import importlib
import os
import sys
import tempfile
import time
from types import ModuleType
from typing import Dict, List, Optional, Sequence, Tuple

import pyscope

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CAPI_EXT = os.path.join(ROOT, "tests", "capi_ext")
CSRC = os.path.join(ROOT, "csrc")

# (key, label) of the C-API rows, in table order
VARIANTS = [
    ("raw", "raw core: ps_names_unique + write, C loop"),
    ("handle", "v2 handle: unique_name_into, C loop"),
    ("bulk", "v2 handle: unique_names_into, 64 per call"),
    ("v1", "v1 capsule: unique_name (new str)"),
    ("python", "Python: g.unique_name"),
]
SHAPES = [("same", "same base"), ("distinct", "distinct bases")]


def build_extension(name: str, sources: Sequence[str], dest: str,
                    include_dirs: Sequence[str],
                    define_macros: Sequence[Tuple[str, Optional[str]]] = ()) -> ModuleType:
    """Compiles a C extension module into `dest` and imports it."""
    # setuptools ships no annotations (types-setuptools is not a dependency)
    from setuptools import Extension  # type: ignore[import-untyped, unused-ignore]
    from setuptools.dist import Distribution  # type: ignore[import-untyped, unused-ignore]

    ext = Extension(name, list(sources), include_dirs=list(include_dirs),
                    define_macros=list(define_macros),
                    extra_compile_args=["-O3", "-std=c99"] if os.name != "nt" else [])
    dist = Distribution({"ext_modules": [ext]})
    cmd = dist.get_command_obj("build_ext")
    cmd.build_lib = dest
    cmd.build_temp = os.path.join(dest, "tmp", name)
    cmd.ensure_finalized()
    cmd.run()
    if dest not in sys.path:
        sys.path.insert(0, dest)
    return importlib.import_module(name)


def build_bench(dest: Optional[str] = None) -> ModuleType:
    """The capi_bench extension, built against this checkout's core."""
    if not os.path.isdir(CSRC):
        raise RuntimeError(f"the C-API bench needs a source checkout (no {CSRC})")
    sources = [os.path.join(CAPI_EXT, "capi_bench.c"),
               os.path.join(CSRC, "trie.c"), os.path.join(CSRC, "names.c")]
    includes = [pyscope.get_include(), CSRC]
    if dest is not None:
        return build_extension("capi_bench", sources, dest, includes)
    with tempfile.TemporaryDirectory(prefix="pyscope_capi_") as scratch:
        module = build_extension("capi_bench", sources, scratch, includes)
        sys.path.remove(scratch)
        return module  # loaded: its files may go


def workload_names(shape: str, n: int, prefix: str = "op") -> List[bytes]:
    """The names of a row: one base n times, or n distinct bases
    ("<prefix><i>")."""
    if shape == "same":
        return [b"MatMul"] * n
    return [f"{prefix}{i}".encode() for i in range(n)]


def python_names(names: List[str], scope: str = "tower") -> float:
    """Seconds of one Python-level g.unique_name loop on a fresh graph."""
    g = pyscope.Graph()
    u = g.unique_name
    with g.name_scope(scope):
        t = time.perf_counter()
        for name in names:
            u(name)
        return time.perf_counter() - t


def time_python(names: List[bytes], repeats: int) -> float:
    """Best seconds per name of python_names over `repeats` runs."""
    strs = [name.decode() for name in names]
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        best = min(best, python_names(strs))
    return best / len(names)


def measure(n: int = 20000, repeats: int = 5,
            bench: Optional[ModuleType] = None) -> Dict[str, Dict[str, float]]:
    """Seconds per name, {shape: {variant: seconds}}, all in this process.
    The variants alternate within each round, so drift hits them alike."""
    bench = bench or build_bench()
    out: Dict[str, Dict[str, float]] = {}
    for shape, _ in SHAPES:
        names = workload_names(shape, n)
        best: Dict[str, float] = {}
        for _ in range(repeats):
            for key, _ in VARIANTS:
                if key == "python":
                    seconds = time_python(names, 1)
                else:
                    gc.collect()
                    seconds = bench.time_names(key, pyscope.Graph, names, "tower", 1)
                best[key] = min(best.get(key, seconds), seconds)
        out[shape] = best
    return out


def rows(n: int = 20000, repeats: int = 5) -> Tuple[List[List[str]], List[str]]:
    """The C-API table of `python -m pyscope bench`: (rows, headers), ns per
    name per shape and the ratio to the raw core."""
    results = measure(n, repeats)
    headers = ["C API (per name)"]
    for _, label in SHAPES:
        headers += [label, "/ raw"]
    table = []
    for key, label in VARIANTS:
        cells = [label]
        for shape, _ in SHAPES:
            seconds, raw = results[shape][key], results[shape]["raw"]
            cells += [f"{seconds * 1e9:.0f} ns", f"{seconds / raw:.2f}x"]
        table.append(cells)
    return table, headers


def flat_rows(repeats: int = 3, window: int = 1000, windows: int = 20,
              sizes: Sequence[int] = (1000, 1_000_000),
              bench: Optional[ModuleType] = None) -> Tuple[List[List[str]], List[str]]:
    """The raw core's cost per unique name after 1k and after 1M names in
    one flat scope (issue 13, part 3), as the Python-level flat rows measure
    it: the best window of `window` names ("MatMul" again, or new "x<i>"
    after "op<i>"), alternating the sizes over `repeats` rounds."""
    bench = bench or build_bench()
    table = []
    for shape, label in SHAPES:
        window_names = workload_names(shape, window * windows, "x")
        best = {n: float("inf") for n in sizes}
        for _ in range(repeats):
            for n in sizes:
                fill = workload_names(shape, n)
                gc.collect()
                best[n] = min(best[n], bench.time_after_fill(fill, window_names, window))
                del fill
        small, large = best[sizes[0]], best[sizes[-1]]
        table.append([f"raw core, {label}", f"{small * 1e9:.0f} ns", f"{large * 1e9:.0f} ns",
                      f"{large / small:.2f}x"])
    return table, ["one flat scope (per name)", "after 1k", "after 1M", "1M / 1k"]


def main() -> int:
    from pyscope.bench import print_table

    table, headers = rows()
    print_table(table, headers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
