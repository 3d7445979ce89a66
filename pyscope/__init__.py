"""pyscope: TensorFlow 1.x's scopes, unique names and variable sharing,
without TensorFlow, on a C core.  ``import pyscope as ps`` and use it as
``tf.compat.v1``: see README.md and the API contract."""
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

__version__ = "0.1.0"


def get_include():
    """The folder with pyscope's C headers (pyscope_capi.h for the capsule
    API, pyscope_core.h) and, one level up, the .pxd files for cimport."""
    import os
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "include")


def __getattr__(name):
    if name == "__backend__":
        return _backend.current.BACKEND
    raise AttributeError(f"module 'pyscope' has no attribute {name!r}")
