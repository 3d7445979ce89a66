"""The C-level API for embedders: a C extension using the capsule header and
a Cython extension using `cimport`, built at test time against
pyscope.get_include(), must name exactly as the Python API does."""
import importlib
import os
import shutil
import sys

import pytest

import pyscope

HERE = os.path.dirname(os.path.abspath(__file__))
pytestmark = pytest.mark.parametrize("backend", ["c"], indirect=True)


@pytest.fixture(scope="module")
def demos(tmp_path_factory):
    from Cython.Build import cythonize
    from pyscope._bench_capi import build_extension

    build = tmp_path_factory.mktemp("capi_build")
    shutil.copytree(os.path.join(HERE, "capi_ext"), build / "capi_ext")
    src = build / "capi_ext"
    package_root = os.path.dirname(os.path.dirname(os.path.abspath(pyscope.__file__)))
    include = [pyscope.get_include()]
    capi_demo = build_extension("capi_demo", [str(src / "capi_demo.c")], str(build), include)
    # the same source against the version-1 header: an old extension still loads
    capi_demo_v1 = build_extension("capi_demo_v1", [str(src / "capi_demo.c")], str(build),
                                   [str(src / "v1")], [("CAPI_DEMO_MODULE", "capi_demo_v1")])
    [cython_ext] = cythonize([str(src / "cimport_demo.pyx")], include_path=[package_root],
                             language_level=3, quiet=True)
    cimport_demo = build_extension("cimport_demo", cython_ext.sources, str(build), include)
    try:
        yield capi_demo, cimport_demo, capi_demo_v1
    finally:
        sys.path.remove(str(build))


def test_capsule_api_names_like_the_python_api(ps, demos):
    capi_demo, _, _ = demos
    g = ps.Graph()
    g.unique_name("layer")
    scope, ops, unique, var = capi_demo.name_layer(g, "layer", [b"MatMul", b"MatMul", b"Add"])
    assert scope == "layer_1/"
    assert ops == ["layer_1/MatMul", "layer_1/MatMul_1", "layer_1/Add"]
    assert unique == ["layer_1/MatMul_1", "layer_1/MatMul_2", "layer_1/Add_1"]
    assert var is None
    assert capi_demo.current_scope(g) == ""  # the scope was left
    # the Python API sees what the C extension reserved, and vice versa
    assert g.unique_name("layer_1/matmul") == "layer_1/matmul_2"
    with pytest.raises(ValueError, match="Duplicate node name"):
        g.create_op_name("layer_1/Add/")
    with g.name_scope("outer"):
        assert capi_demo.current_scope(g) == "outer"
        scope, ops, _, _ = capi_demo.name_layer(g, "x", [b"op"])
        assert (scope, ops) == ("outer/x/", ["outer/x/op"])


def test_capsule_errors_are_python_exceptions(ps, demos):
    capi_demo, _, _ = demos
    g = ps.Graph()
    with pytest.raises(ValueError, match="not a valid root scope name"):
        capi_demo.name_layer(g, "-bad", [])
    assert capi_demo.current_scope(g) == ""
    with pytest.raises(TypeError, match="pyscope.Graph"):
        capi_demo.current_scope(object())


def test_cimport_api(ps, demos):
    _, cimport_demo, _ = demos
    g = ps.Graph()
    assert cimport_demo.unique_names(g, "op", 3) == ["op", "op_1", "op_2"]
    assert g.unique_name("op") == "op_3"


def test_capi_rejects_pure_graphs(ps, demos):
    capi_demo, _, _ = demos
    from pyscope import _backend
    _backend.use("python")
    try:
        g = ps.Graph()
    finally:
        _backend.use("c")
    with pytest.raises(TypeError, match="PYSCOPE_PURE"):
        capi_demo.current_scope(g)


# -- version 2: the graph handle ---------------------------------------------
CAP = 256


def test_capsule_is_version_2_and_v1_extensions_still_load(ps, demos):
    capi_demo, _, capi_demo_v1 = demos
    assert capi_demo.api_version() == (2, 2, True)
    assert capi_demo_v1.api_version() == (2, 1, False)  # the module's, the header's
    assert not hasattr(capi_demo_v1, "open")     # built without the v2 part
    g = ps.Graph()
    scope, ops, _, _ = capi_demo_v1.name_layer(g, "layer", [b"MatMul"])
    assert (scope, ops) == ("layer/", ["layer/MatMul"])


def test_name_tower_demo(ps, demos):
    capi_demo, _, _ = demos
    g = ps.Graph()
    g.unique_name("tower")
    ops = [b"MatMul", b"matmul", b"Add", b"MatMul_1", b"x/y"] * 40
    single, bulk = capi_demo.name_tower(g, "tower", ops)
    h = ps.Graph()  # the same through the Python API
    h.unique_name("tower")
    with h.name_scope("tower"):
        expected = [h.unique_name(op.decode()) for op in ops + ops]
    assert single + bulk == expected
    assert capi_demo.current_scope(g) == ""
    assert g.unique_name("tower/add") == h.unique_name("tower/add")


def test_handle_names_as_python_in_python_scopes(ps, demos):
    capi_demo, _, _ = demos
    g = ps.Graph()
    h = capi_demo.open(g)
    try:
        assert capi_demo.unique(h, b"op", True, CAP) == (2, "op")
        with g.name_scope("outer"):
            assert capi_demo.scope(h, CAP) == (5, "outer")
            assert capi_demo.unique(h, b"Op", True, CAP) == (8, "outer/Op")
            capi_demo.push(h, b"inner")
            assert g.get_name_scope() == "outer/inner"
            assert g.unique_name("op") == "outer/inner/op"
            assert capi_demo.unique(h, b"op", True, CAP) == (16, "outer/inner/op_1")
            capi_demo.pop(h)
            assert g.get_name_scope() == "outer"
        assert capi_demo.unique(h, b"op", False, CAP) == (4, "op_1")
        assert capi_demo.unique(h, "é".encode(), True, CAP) == (2, "é")
        assert g.unique_name("É") == "É_1"
    finally:
        capi_demo.close(h)


def test_buffer_too_small_marks_nothing(ps, demos):
    capi_demo, _, _ = demos
    g = ps.Graph()
    h = capi_demo.open(g)
    try:
        g.unique_name("layer")
        assert capi_demo.unique(h, b"layer", True, 7) == (7, None)  # "layer_1" + NUL
        assert capi_demo.unique(h, b"layer", True, 8) == (7, "layer_1")
        assert capi_demo.unique(h, "é".encode(), True, 2) == (2, None)
        assert capi_demo.unique(h, "é".encode(), True, 3) == (2, "é")
        # bulk: stops before the first name that does not fit, marks nothing of it
        assert capi_demo.unique_many(h, [b"a", b"b", b"long_name"], True, 6) == ["a", "b"]
        assert capi_demo.unique_many(h, [b"long_name", b"a"], True, 100) == ["long_name", "a_1"]
        assert capi_demo.scope(h, 0) == (0, None)
    finally:
        capi_demo.close(h)


def test_handle_errors_change_nothing(ps, demos):
    capi_demo, _, _ = demos
    g = ps.Graph()
    h = capi_demo.open(g)
    try:
        with pytest.raises(ValueError, match="not a valid root scope name"):
            capi_demo.push(h, b"-bad")
        with pytest.raises(RuntimeError, match="without a scope_push"):
            capi_demo.pop(h)
        capi_demo.push(h, b"s")
        with pytest.raises(ValueError, match="not a valid scope name"):
            capi_demo.push(h, b"a b")
        assert g.get_name_scope() == "s"
        with pytest.raises(UnicodeDecodeError):
            capi_demo.unique(h, b"\xff", True, CAP)
        with pytest.raises(UnicodeDecodeError):  # checked before any is marked
            capi_demo.unique_many(h, [b"a", b"\xff"], True, CAP)
        assert g.unique_name("a") == "s/a"
        capi_demo.pop(h)
        with pytest.raises(TypeError, match="not a pyscope graph handle"):
            capi_demo.unique(None, b"x", True, CAP)
        with pytest.raises(TypeError, match="not a pyscope graph handle"):
            capi_demo.unique_on_object(g)
        with pytest.raises(TypeError, match="PYSCOPE_PURE|pyscope.Graph"):
            capi_demo.open(object())
        assert g.unique_name("x") == "x"
    finally:
        capi_demo.close(h)
    capi_demo.close(None)  # closing NULL does nothing


def test_handle_belongs_to_its_thread(ps, demos):
    import threading

    capi_demo, _, _ = demos
    g = ps.Graph()
    h = capi_demo.open(g)
    errors = []

    def other_thread():
        try:
            capi_demo.unique(h, b"op", True, CAP)
        except RuntimeError as exc:
            errors.append(str(exc))

    t = threading.Thread(target=other_thread)
    t.start()
    t.join()
    assert errors and "thread that opened it" in errors[0]
    assert g.unique_name("op") == "op"  # nothing was marked
    capi_demo.close(h)


def test_handle_keeps_a_dropped_graph_alive(ps, demos):
    import gc
    import weakref

    capi_demo, _, _ = demos
    g = ps.Graph()
    g.unique_name("op")
    h = capi_demo.open(g)
    ref = weakref.ref(g)
    del g
    gc.collect()
    assert ref() is not None
    assert capi_demo.unique(h, b"op", True, CAP) == (4, "op_1")
    capi_demo.close(h)
    gc.collect()
    assert ref() is None


# -- property: any interleaving of the handle and the Python API names as the
# Python API alone does -----------------------------------------------------
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

NAMES = st.sampled_from(["op", "Op", "op_1", "OP_2", "MatMul", "a/b", "A/b_1", "é", "x.y", ""])
SCOPES = st.sampled_from(["s", "S", "s_1", "t", "op", "a/b", "s/", "", "-bad", "a b", "é"])
STEPS = st.lists(st.one_of(
    st.tuples(st.just("unique"), st.sampled_from(["c", "py"]), NAMES, st.booleans(),
              st.integers(1, 24)),
    st.tuples(st.just("bulk"), st.lists(NAMES, max_size=5), st.booleans(), st.integers(0, 40)),
    st.tuples(st.just("push"), st.sampled_from(["c", "py"]), SCOPES),
    st.tuples(st.just("pop"), st.sampled_from(["c", "py"])),
    st.tuples(st.just("scope"),),
), max_size=40)


def python_only(g, steps):
    """The reference: every step through the Python API, a C scope as a
    NameScope the step list exits the same way."""
    out, scopes = [], {"c": [], "py": []}
    for step in steps:
        kind = step[0]
        if kind == "unique":
            _, _, name, mark, cap = step
            n = len(g.unique_name(name, mark_as_used=False).encode())
            out.append((n, g.unique_name(name, mark_as_used=mark) if n < cap else None))
        elif kind == "bulk":
            _, names, mark, cap = step
            done, used = [], 0
            for name in names:
                n = len(g.unique_name(name, mark_as_used=False).encode())
                if n >= cap - used:
                    break
                done.append(g.unique_name(name, mark_as_used=mark))
                used += n + 1
            out.append(done)
        elif kind == "push":
            scope = g.name_scope(step[2])
            try:
                scope.__enter__()
                scopes[step[1]].append(scope)
                out.append("pushed")
            except ValueError:
                out.append("ValueError")
        elif kind == "pop":
            if scopes[step[1]]:
                scopes[step[1]].pop().__exit__(None, None, None)
                out.append("popped")
            else:
                out.append("RuntimeError")
        else:
            out.append(g.get_name_scope())
    return out


def mixed(capi_demo, g, steps):
    """The same steps, the "c" ones through the handle."""
    out, py_scopes = [], []
    h = capi_demo.open(g)
    try:
        for step in steps:
            kind = step[0]
            if kind == "unique" and step[1] == "c":
                _, _, name, mark, cap = step
                out.append(capi_demo.unique(h, name.encode(), mark, cap))
            elif kind == "unique":
                _, _, name, mark, cap = step
                n = len(g.unique_name(name, mark_as_used=False).encode())
                out.append((n, g.unique_name(name, mark_as_used=mark) if n < cap else None))
            elif kind == "bulk":
                _, names, mark, cap = step
                out.append(capi_demo.unique_many(h, [n.encode() for n in names], mark, cap))
            elif kind == "push":
                try:
                    if step[1] == "c":
                        capi_demo.push(h, step[2].encode())
                    else:
                        scope = g.name_scope(step[2])
                        scope.__enter__()
                        py_scopes.append(scope)
                    out.append("pushed")
                except ValueError:
                    out.append("ValueError")
            elif kind == "pop":
                try:
                    if step[1] == "c":
                        capi_demo.pop(h)
                    elif py_scopes:
                        py_scopes.pop().__exit__(None, None, None)
                    else:
                        raise RuntimeError
                    out.append("popped")
                except RuntimeError:
                    out.append("RuntimeError")
            else:
                n, scope = capi_demo.scope(h, CAP)
                assert scope == g.get_name_scope() and n == len(scope.encode())
                out.append(scope)
    finally:
        capi_demo.close(h)
    return out


# fresh graphs are made inside the test: the fixture only selects the backend
@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_handle_interleaves_with_python_api(ps, demos, steps):
    capi_demo, _, _ = demos
    assert mixed(capi_demo, ps.Graph(), steps) == python_only(ps.Graph(), steps)
