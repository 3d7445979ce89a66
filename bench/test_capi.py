"""pytest-benchmark of the C API (pyscope/include/pyscope_capi.h): one batch
of unique names per round through the raw core, the version-2 handle (one
name per call and in bulk), the version-1 capsule and Python, on the same
names.  The C loops time themselves too: extra_info["ns_per_name"] is the
loop alone (no graph construction), the figure `python -m pyscope bench`
reports."""
import pytest

import pyscope
from pyscope import _backend, _bench_capi

BATCH = 2000


@pytest.fixture(scope="module")
def capi_bench(tmp_path_factory):
    if "c" not in _backend.available():
        pytest.skip("the C core is not built")
    return _bench_capi.build_bench(str(tmp_path_factory.mktemp("capi_bench")))


@pytest.fixture
def c_backend():
    previous = _backend.use("c")
    yield
    _backend.use(previous)


@pytest.mark.parametrize("shape", [shape for shape, _ in _bench_capi.SHAPES])
@pytest.mark.parametrize("variant", [key for key, _ in _bench_capi.VARIANTS])
def test_capi_unique_names(benchmark, capi_bench, c_backend, variant, shape):
    names = _bench_capi.workload_names(shape, BATCH)
    label = dict(_bench_capi.VARIANTS)[variant]
    benchmark.extra_info.update(operations=BATCH, label=f"{label}, {shape}")
    if variant == "python":
        strs = [name.decode() for name in names]
        per_name = benchmark.pedantic(_bench_capi.python_names, args=(strs,),
                                      rounds=5, iterations=1) / BATCH
    else:
        per_name = benchmark.pedantic(capi_bench.time_names,
                                      args=(variant, pyscope.Graph, names, "tower", 1),
                                      rounds=5, iterations=1)
    benchmark.extra_info["ns_per_name"] = per_name * 1e9


@pytest.mark.parametrize("filled", [1000, 1_000_000])
@pytest.mark.parametrize("shape", [shape for shape, _ in _bench_capi.SHAPES])
def test_raw_core_as_one_scope_fills(benchmark, capi_bench, shape, filled):
    """The raw core's unique names after `filled` names in one scope (issue
    13, part 3); extra_info["ns_per_name"]: the best window of 1000."""
    fill = _bench_capi.workload_names(shape, filled)
    names = _bench_capi.workload_names(shape, 20000, "x")
    benchmark.extra_info.update(operations=len(names), label=f"raw core after {filled}, {shape}")
    per_name = benchmark.pedantic(capi_bench.time_after_fill, args=(fill, names, 1000),
                                  rounds=3, iterations=1)
    benchmark.extra_info["ns_per_name"] = per_name * 1e9
