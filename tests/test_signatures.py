"""Introspection of the public API: every name in ``pyscope.__all__``
(functions, classes and their public methods and properties) has a
signature and a docstring, and where TF has the same callable, TF's
parameter names and defaults.

TF's signatures are data: tests/data/tf_signatures.json, recorded from
``inspect.signature`` of the tf.compat.v1 callables by
tools/record_tf_signatures.py.  Names without an entry there (added later,
or pyscope's own) are held to a signature and a docstring.  The module-level
names are fixed at import, so the C core's callables are the ones checked
in a normal run and the pure twin's under PYSCOPE_PURE=1.
"""
import ast
import enum
import inspect
import json
import os
import sys

import pytest

import pyscope

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "data", "tf_signatures.json")) as _f:
    TF = json.load(_f)["signatures"]

# TF parameters pyscope leaves out, and why.
LEFT_OUT = {
    "Template": {"create_graph_function":
                 "there are no graph functions (tf.function) in pyscope"},
    "VariableScope.get_variable": {
        "var_store": "TF's store object is internal; pyscope's scope "
                     "method takes the name first and uses the graph's store"},
}

# Words about the implementation that do not belong in help().
IMPLEMENTATION_WORDS = ("fast path", "C struct", "_fastpaths", "twin")


def _public_objects(package=pyscope, prefix=""):
    """(name, object) of each public callable in package.__all__, and in
    the __all__ of each subpackage it exports, as "train.global_step"."""
    for name in package.__all__:
        obj = getattr(package, name)
        if inspect.ismodule(obj):
            if hasattr(obj, "__path__"):  # a subpackage (train), not dtypes
                yield from _public_objects(obj, prefix + name + ".")
            continue
        if inspect.isclass(obj) or callable(obj):  # not values (AUTO_REUSE)
            yield prefix + name, obj


PUBLIC = dict(_public_objects())


def _own_members(cls):
    """{name: raw attribute} of cls's public members defined in pyscope
    (not those it inherits from object, Enum, ...)."""
    members = {}
    for klass in reversed(cls.__mro__):
        if not klass.__module__.startswith("pyscope"):
            continue
        for name, attr in vars(klass).items():
            if not name.startswith("_"):
                members[name] = attr
    return members


def _is_property(attr):
    return isinstance(attr, property) or inspect.isgetsetdescriptor(attr) \
        or inspect.ismemberdescriptor(attr)


def _methods(cls):
    return {name: getattr(cls, name) for name, attr in _own_members(cls).items()
            if not _is_property(attr) and callable(getattr(cls, name))
            and not isinstance(getattr(cls, name), enum.Enum)}


def _check_signature(label, callable_):
    try:
        signature = inspect.signature(callable_)
    except (TypeError, ValueError) as exc:
        pytest.fail("%s has no signature: %s" % (label, exc))
    assert "<object object" not in str(signature), (label, str(signature))
    return signature


SUBPACKAGES = sorted(name for name in pyscope.__all__
                     if hasattr(getattr(pyscope, name), "__path__"))


@pytest.mark.parametrize("package", [pyscope] + [getattr(pyscope, name)
                                                 for name in SUBPACKAGES],
                         ids=["pyscope"] + SUBPACKAGES)
def test_all_lists_every_public_name(package):
    public = {name for name in dir(package)
              if not name.startswith("_") and not inspect.ismodule(getattr(package, name))}
    assert sorted(public - set(package.__all__)) == []
    assert sorted(set(package.__all__) - set(dir(package))) == []
    assert len(package.__all__) == len(set(package.__all__))


def test_subpackages_are_walked():
    assert "train" in SUBPACKAGES and "train.get_or_create_global_step" in PUBLIC


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_signature_present(name):
    obj = PUBLIC[name]
    _check_signature(name, obj)
    if inspect.isclass(obj):
        for method_name, method in _methods(obj).items():
            _check_signature("%s.%s" % (name, method_name), method)


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_docstrings_present(name):
    obj = PUBLIC[name]
    assert inspect.getdoc(obj), name
    undocumented = []
    if inspect.isclass(obj):
        for member, attr in _own_members(obj).items():
            value = getattr(obj, member)
            if isinstance(value, enum.Enum) or not (callable(value) or _is_property(attr)):
                continue  # constants: enum members, GraphKeys' names
            doc = attr.__doc__ if _is_property(attr) else inspect.getdoc(value)
            if not doc:
                undocumented.append(member)
    assert undocumented == [], "%s members without a docstring" % name


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_docstrings_document_the_api(name):
    doc = inspect.getdoc(PUBLIC[name]) or ""
    for word in IMPLEMENTATION_WORDS:
        assert word not in doc, (name, word)


def _default_matches(ours, recorded):
    """A recorded default (TF's repr) against pyscope's value: literals
    must be equal, enum members the same member; TF objects (tf.float32)
    need only have a counterpart."""
    if ours is inspect.Parameter.empty:
        return False
    try:
        value = ast.literal_eval(recorded)
    except (ValueError, SyntaxError):
        if recorded.startswith("<Variable"):
            return repr(ours) == recorded
        return True
    return type(ours) is type(value) and ours == value


def _compare(label, signature, recorded, left_out=()):
    if recorded is None or all(kind in ("VAR_POSITIONAL", "VAR_KEYWORD")
                               for _, kind, _ in recorded):
        return  # TF's signature says nothing (e.g. tf.Variable's metaclass)
    recorded = [p for p in recorded if p[0] not in left_out]
    params = list(signature.parameters.values())
    assert [p.name for p in params] == [p[0] for p in recorded], label
    for param, (name, kind, default) in zip(params, recorded):
        assert param.kind.name == kind, (label, name)
        if default is None:
            assert param.default is param.empty, (label, name)
        else:
            assert _default_matches(param.default, default), (
                label, name, param.default, default)


def _drop_self(signature):
    params = list(signature.parameters.values())
    if params and params[0].name in ("self", "cls"):
        params = params[1:]
    return signature.replace(parameters=params)


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_tf_parameter_names_and_defaults(name):
    entry = TF.get(name)
    if entry is None:
        return  # not in TF's table: held to a signature and a docstring
    obj = PUBLIC[name]
    if inspect.isclass(obj) and issubclass(obj, enum.Enum):
        return  # Enum's own constructor (it differs between Pythons)
    _compare(name, inspect.signature(obj), entry["params"],
             LEFT_OUT.get(name, ()))
    if inspect.isclass(obj):
        for method_name, method in _methods(obj).items():
            if method_name in entry["methods"]:
                label = "%s.%s" % (name, method_name)
                _compare(label, _drop_self(inspect.signature(method)),
                         entry["methods"][method_name], LEFT_OUT.get(label, ()))


@pytest.mark.parametrize("name", sorted(name for name in PUBLIC
                                         if TF.get(name, {}).get("kind") == "class"))
def test_tf_properties_are_properties(name):
    """What TF reads as an attribute (v.shape, d.base_dtype) pyscope does
    too, and what TF calls (v.get_shape()) pyscope calls."""
    members = _own_members(PUBLIC[name])
    for member in TF[name]["properties"]:
        if member in members:
            assert _is_property(members[member]), "%s.%s" % (name, member)
    for member in TF[name]["methods"]:
        if member in members:
            assert not _is_property(members[member]), "%s.%s" % (name, member)


def test_tf_table_names_pyscope_has():
    """The table was recorded for pyscope's names (not for TF's at large)."""
    assert set(PUBLIC) - set(TF) <= {
        "create_op_name", "get_name_scope", "unique_name", "clear_collection",
        "get_include",
        # pyscope's own: the checkpoint-key map, the model/checkpoint name
        # check and the adapter for other frameworks' variables
        "train.checkpoint_keys", "train.compare_to_checkpoint",
        "train.CheckpointComparison", "train.register_variable_adapter",
        # TF's are pybind/proto classes without a Python signature
        "train.CheckpointReader", "train.CheckpointState", "train.SaverDef"}


@pytest.mark.skipif("pyscope._core" not in sys.modules,
                    reason="the C core is not built")
def test_c_classes_carry_their_twins_docstrings():
    from pyscope import _core, _pure
    assert _core.NameScopeV1.__doc__ == _pure.NameScopeV1.__doc__
    try:
        from pyscope import _fastpaths
    except ImportError:
        return
    python_class = sys.modules["pyscope.variable_scope"].python_variable_scope
    assert _fastpaths.variable_scope.__doc__ == python_class.__doc__


def test_graph_methods_of_the_core(backend):
    """Graph's naming methods are its core's (of this test's backend),
    bound per instance: TF's names, signatures and docs all the same."""
    graph = pyscope.Graph()
    assert graph.backend == backend
    tf_methods = TF["Graph"]["methods"]
    for name in ("unique_name", "name_scope", "get_name_scope", "create_op_name"):
        method = getattr(graph, name)
        signature = _check_signature("Graph." + name, method)
        assert inspect.getdoc(method), name
        if name in tf_methods:
            _compare("Graph." + name, signature, tf_methods[name])
