"""pytest-benchmark over the workloads of `python -m pyscope bench`.

Each benchmark times a batch of operations on a fresh graph (pedantic mode,
so setup is not timed); the per-operation cost is the reported time divided
by the batch size in the test's name."""
import pytest

from pyscope import bench

BATCH = {
    "unique_same": 2000,
    "unique_distinct": 2000,
    "graph_name_scope": 2000,
    "name_scope": 2000,
    "variable_scope": 500,
    "default_name": 500,
    "captured_scope": 500,
    "get_variable_create": 200,
    "get_variable_reuse": 500,
    "partitioned": 50,
    "template_call": 200,
    "model_build": 1,
    **{shape.key: 256 for shape in bench.bench_reuse.CALL_SHAPES},
}


@pytest.mark.parametrize("key", list(BATCH))
def test_workload(benchmark, ps, key):
    _, label, workload, _, needs = next(w for w in bench.WORKLOADS if w[0] == key)
    if not bench.available(ps, needs):
        pytest.skip(f"{needs} is not implemented")
    n = BATCH[key]
    benchmark.extra_info["operations"] = n
    benchmark.extra_info["label"] = label
    benchmark.pedantic(workload, args=(ps, n), rounds=5, iterations=1)


@pytest.mark.parametrize("siblings", [1000, 10000])
def test_variable_scope_after_siblings(benchmark, ps, siblings):
    if not bench.available(ps, "variable_scope"):
        pytest.skip("variable_scope is not implemented")
    benchmark.extra_info["siblings"] = siblings
    benchmark.pedantic(bench.sibling_scopes_then_measure, args=(ps, siblings),
                       rounds=3, iterations=1)


@pytest.mark.parametrize("key", [key for key, _, _ in bench.FLOORS])
def test_floor(benchmark, key):
    """The floors the hot paths are compared with (no pyscope involved)."""
    _, label, floor = next(f for f in bench.FLOORS if f[0] == key)
    benchmark.extra_info["operations"] = 2000
    benchmark.extra_info["label"] = label
    benchmark.pedantic(floor, args=(2000,), rounds=5, iterations=1)


@pytest.mark.parametrize("filled", [1000, 1_000_000])
@pytest.mark.parametrize("same", [True, False], ids=["same_base", "distinct_bases"])
def test_unique_name_as_one_scope_fills(benchmark, ps, same, filled):
    """unique_name after `filled` names in one flat scope (issue 13, part
    3); extra_info["ns_per_name"]: its best window of 1000 names, the
    figure `python -m pyscope bench --full` reports."""
    benchmark.extra_info.update(filled=filled, label="same base" if same else "distinct bases")
    per_name = benchmark.pedantic(bench.unique_after_flat_fill, args=(ps, same, filled),
                                  rounds=3, iterations=1)
    benchmark.extra_info["ns_per_name"] = per_name * 1e9
