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
    from setuptools import Extension
    from setuptools.dist import Distribution
    from Cython.Build import cythonize

    build = tmp_path_factory.mktemp("capi_build")
    for name in ("capi_demo.c", "cimport_demo.pyx"):
        shutil.copy(os.path.join(HERE, "capi_ext", name), build)
    package_root = os.path.dirname(os.path.dirname(os.path.abspath(pyscope.__file__)))
    include = [pyscope.get_include()]
    exts = [Extension("capi_demo", [str(build / "capi_demo.c")], include_dirs=include)]
    exts += cythonize([Extension("cimport_demo", [str(build / "cimport_demo.pyx")],
                                 include_dirs=include)],
                      include_path=[package_root], language_level=3, quiet=True)
    dist = Distribution({"ext_modules": exts})
    cmd = dist.get_command_obj("build_ext")
    cmd.build_lib = str(build)
    cmd.build_temp = str(build / "tmp")
    cmd.ensure_finalized()
    cmd.run()
    sys.path.insert(0, str(build))
    try:
        yield importlib.import_module("capi_demo"), importlib.import_module("cimport_demo")
    finally:
        sys.path.remove(str(build))


def test_capsule_api_names_like_the_python_api(ps, demos):
    capi_demo, _ = demos
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
    capi_demo, _ = demos
    g = ps.Graph()
    with pytest.raises(ValueError, match="not a valid root scope name"):
        capi_demo.name_layer(g, "-bad", [])
    assert capi_demo.current_scope(g) == ""
    with pytest.raises(TypeError, match="pyscope.Graph"):
        capi_demo.current_scope(object())


def test_cimport_api(ps, demos):
    _, cimport_demo = demos
    g = ps.Graph()
    assert cimport_demo.unique_names(g, "op", 3) == ["op", "op_1", "op_2"]
    assert g.unique_name("op") == "op_3"


def test_capi_rejects_pure_graphs(ps, demos):
    capi_demo, _ = demos
    from pyscope import _backend
    _backend.use("python")
    try:
        g = ps.Graph()
    finally:
        _backend.use("c")
    with pytest.raises(TypeError, match="PYSCOPE_PURE"):
        capi_demo.current_scope(g)
