"""The process-wide pieces have a C version and a twin too: the default-graph
stack and tf.compat.v1.name_scope.  pyscope uses one of them for graphs of
both backends, so each is exercised here directly, side by side."""
import threading

import pytest

from pyscope import _backend, _pure

IMPLEMENTATIONS = {"python": _pure}
if "c" in _backend.available():
    IMPLEMENTATIONS["c"] = _backend._IMPLEMENTATIONS["c"]

pytestmark = pytest.mark.parametrize("backend", ["c"], indirect=True)


@pytest.fixture(params=sorted(IMPLEMENTATIONS))
def infra(request):
    return IMPLEMENTATIONS[request.param]


class FakeGraph:
    made = 0

    def __init__(self):
        FakeGraph.made += 1
        self.id = FakeGraph.made


def test_default_graph_stack(infra):
    graphs = infra.DefaultGraphs(FakeGraph)
    first = graphs.get_default()
    assert graphs.get_default() is first and graphs.is_cleared()
    a, b = FakeGraph(), FakeGraph()
    graphs.push(a)
    graphs.push(b)
    assert graphs.get_default() is b and not graphs.is_cleared()
    with pytest.raises(AssertionError, match="Nesting violated"):
        graphs.pop(a)
    graphs.pop(b)
    graphs.pop(a)
    assert graphs.get_default() is first
    graphs.reset()
    assert graphs.get_default() is not first
    graphs.push(a)
    graphs.reset()
    graphs.pop(a)  # after reset: nothing to pop, no error (as TF)


def test_default_graph_is_per_thread(infra):
    graphs = infra.DefaultGraphs(FakeGraph)
    mine = graphs.get_default()
    graphs.push(FakeGraph())
    seen = []

    def body():
        seen.append(graphs.get_default())
        seen.append(graphs.is_cleared())

    for _ in range(3):  # idents may be reused: each thread still starts fresh
        t = threading.Thread(target=body)
        t.start()
        t.join()
    assert seen[1::2] == [True, True, True]
    assert len({id(g) for g in seen[0::2]} | {id(mine)}) == 4


def test_v1_name_scope_on_graphs_of_both_backends(infra, ps):
    graphs = infra.DefaultGraphs(ps.Graph)
    infra.use_default_graphs(graphs)
    try:
        for backend in _backend.available():
            _backend.use(backend)
            g = ps.Graph()
            graphs.push(g)
            with infra.NameScopeV1("a") as a, infra.NameScopeV1(None, "d") as d:
                assert (a, d) == ("a/", "a/d/")
                assert g.get_name_scope() == "a/d"
            with infra.NameScopeV1(None, "d") as d:
                assert d == "d/"
            with pytest.raises(TypeError):
                infra.NameScopeV1("x", 3)
            with pytest.raises(ValueError, match="At least one of name"):
                with infra.NameScopeV1(None, values=[1]):
                    pass
            assert infra.NameScopeV1(None, "dn").name == "dn"
            graphs.pop(g)
    finally:
        _backend.use("c")
        # give NameScopeV1 back the process's stack
        from pyscope import graph as graph_module
        if infra is graph_module._infra:
            infra.use_default_graphs(graph_module._default_graphs)
