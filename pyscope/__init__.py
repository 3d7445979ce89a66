"""pyscope: TensorFlow 1.x's scopes, unique names and variable sharing,
without TensorFlow, on a C core.  ``import pyscope as ps`` and use it as
``tf.compat.v1``: see README.md and the API contract.

Types for annotating code that uses it are in `pyscope.typing`."""
import typing as _typing

from pyscope import _backend
from pyscope.graph import (
    Graph,
    GraphKeys,
    add_to_collection,
    add_to_collections,
    clear_collection,
    create_op_name,
    get_all_collection_keys,
    get_collection,
    get_collection_ref,
    get_default_graph,
    get_name_scope,
    name_scope,
    reset_default_graph,
    unique_name,
)
from pyscope.variable_scope import (
    AUTO_REUSE,
    VariableScope,
    get_local_variable,
    get_variable,
    get_variable_scope,
    no_regularizer,
    variable_op_scope,
    variable_scope,
)
from pyscope.variables import (
    PartitionedVariable,
    Variable,
    VariableAggregation,
    VariableSynchronization,
    variable_creator_scope,
)

from pyscope.initializers import (
    constant_initializer,
    glorot_normal_initializer,
    glorot_uniform_initializer,
    identity_initializer,
    ones_initializer,
    orthogonal_initializer,
    random_normal_initializer,
    random_uniform_initializer,
    truncated_normal_initializer,
    uniform_unit_scaling_initializer,
    variance_scaling_initializer,
    zeros_initializer,
)
from pyscope.partitioners import (
    fixed_size_partitioner,
    min_max_variable_partitioner,
    variable_axis_size_partitioner,
)
from pyscope.random_seed import set_random_seed
from pyscope.template import Template, make_template
from pyscope import dtypes
from pyscope.dtypes import (
    as_dtype,
    bool_,
    complex64,
    complex128,
    float16,
    float32,
    float64,
    int8,
    int16,
    int32,
    int64,
    string,
    uint8,
)

# -- the TF1 surface a module swap needs (variables, dtypes, shapes, train)
from pyscope import errors
from pyscope.dtypes import (
    DType,
    double,
    half,
    uint16,
    uint32,
    uint64,
)
from pyscope.tensor_shape import Dimension, TensorShape
from pyscope.tensor_spec import TensorSpec
from pyscope.variables import (
    global_variables,
    local_variables,
    model_variables,
    moving_average_variables,
    trainable_variables,
)
# ``ps.bool`` and the lazy ``ps.bfloat16``: see __getattr__ below

__version__ = "0.1.0"

__all__ = [
    # graphs, name scopes and collections
    "Graph", "GraphKeys", "add_to_collection", "add_to_collections",
    "clear_collection", "create_op_name", "get_all_collection_keys",
    "get_collection", "get_collection_ref", "get_default_graph",
    "get_name_scope", "name_scope", "reset_default_graph", "unique_name",
    # variable scopes and variables
    "AUTO_REUSE", "VariableScope", "get_local_variable", "get_variable",
    "get_variable_scope", "no_regularizer", "variable_op_scope",
    "variable_scope", "PartitionedVariable", "Variable",
    "VariableAggregation", "VariableSynchronization",
    "variable_creator_scope",
    # initializers and partitioners
    "constant_initializer", "glorot_normal_initializer",
    "glorot_uniform_initializer", "identity_initializer", "ones_initializer",
    "orthogonal_initializer", "random_normal_initializer",
    "random_uniform_initializer", "truncated_normal_initializer",
    "uniform_unit_scaling_initializer", "variance_scaling_initializer",
    "zeros_initializer", "fixed_size_partitioner",
    "min_max_variable_partitioner", "variable_axis_size_partitioner",
    # seeds, templates
    "set_random_seed", "Template", "make_template",
    # dtypes
    "dtypes", "as_dtype", "bool_", "complex64", "complex128", "float16",
    "float32", "float64", "int8", "int16", "int32", "int64", "string",
    "uint8", "bool", "bfloat16", "DType", "double", "half", "uint16",
    "uint32", "uint64",
    # shapes
    "Dimension", "TensorShape", "TensorSpec",
    # the collection functions and tf.compat.v1.train
    "global_variables", "local_variables", "model_variables",
    "moving_average_variables", "trainable_variables", "train", "errors",
    # the package itself
    "get_include",
]


def get_include() -> str:
    """Returns the folder with pyscope's C headers (pyscope_capi.h for the
    capsule API, pyscope_core.h), to compile extensions against; the .pxd
    files for ``cimport pyscope._core`` are one level up."""
    import os
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "include")


# checkpoints and the layer libraries, imported on first use (`ps.train.Saver`)
_LAZY_SUBPACKAGES = ("train", "layers", "nn", "slim")

if _typing.TYPE_CHECKING:
    from pyscope import layers, nn, slim, train  # noqa: F401
    #: 'c' or 'python': the backend of graphs created from now on.
    __backend__: str
    bool: DType  # noqa: A001 - TF's name (tf.bool)
    bfloat16: DType
else:
    # (hidden from type checkers, which would take every misspelled name
    # for an attribute it returns)
    def __getattr__(name):
        if name == "__backend__":
            return _backend.current.BACKEND
        if name in ("bool", "bfloat16"):  # not shadowing the builtin; ml_dtypes on use
            return getattr(dtypes, name)
        if name in _LAZY_SUBPACKAGES:  # imported on first use: start-up stays cheap
            import importlib
            return importlib.import_module("pyscope." + name)
        raise AttributeError(f"module 'pyscope' has no attribute {name!r}")

    def __dir__():
        return sorted(set(globals()) | {"bool", "bfloat16", "__backend__"}
                      | set(_LAZY_SUBPACKAGES))
