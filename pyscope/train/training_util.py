"""The global step, as TF's ``tf.compat.v1.train`` training_util: a scalar
int64 variable named ``global_step`` in the ``global_step`` collection
(`GraphKeys.GLOBAL_STEP`), made with `get_variable` so it is shared by name.
"""
import logging
from typing import Any, Optional

import numpy as np

from pyscope import dtypes as _dtypes
from pyscope import graph as _graph
from pyscope import initializers as _initializers
from pyscope.variable_scope import get_variable as _get_variable
from pyscope import variables as _variables
from pyscope.graph import GraphKeys
from pyscope.tensor_shape import as_shape

__all__ = ["global_step", "get_global_step", "create_global_step",
           "get_or_create_global_step", "assert_global_step"]

_logger = logging.getLogger("pyscope")


def global_step(sess: Any, global_step_tensor: Any) -> int:
    """Small helper to get the global step.

    ```python
    # Create a variable to hold the global_step.
    global_step_tensor = ps.Variable(10, trainable=False, name='global_step')
    print('global_step: %s' % ps.train.global_step(None, global_step_tensor))
    global_step: 10
    ```

    Args:
      sess: A TensorFlow `Session` object: accepted and ignored (pyscope's
        variables hold their values).
      global_step_tensor:  `Tensor` or the `name` of the operation that
        contains the global step (here: the variable).

    Returns:
      The global step value.
    """
    numpy = getattr(global_step_tensor, "numpy", None)
    return int(numpy() if callable(numpy) else np.asarray(global_step_tensor))


def get_global_step(graph: Optional[_graph.Graph] = None) -> Any:
    """Get the global step tensor.

    The global step tensor must be an integer variable.  We first try to find
    it in the collection `GLOBAL_STEP`, or by name `global_step:0`.

    Args:
      graph: The graph to find the global step in.  If missing, use default
        graph.

    Returns:
      The global step variable, or `None` if none was found.

    Raises:
      TypeError: If the global step tensor has a non-integer type, or if it is
        not a `Variable`.
    """
    graph = _graph.get_default_graph() if graph is None else graph
    found = graph.get_collection(GraphKeys.GLOBAL_STEP)
    if len(found) == 1:
        step = found[0]
    elif not found:
        if _has_variable_op(graph, GraphKeys.GLOBAL_STEP):
            # TF finds the variable's handle, a `resource` tensor
            raise TypeError(
                'Existing "global_step" does not have integer type: '
                "<dtype: 'resource'>")
        return None
    else:
        _logger.error("Multiple tensors in global_step collection.")
        return None
    assert_global_step(step)
    return step


def _has_variable_op(graph: _graph.Graph, op_name: str) -> bool:
    """Whether a variable of `graph`'s collections has the op `op_name` (TF
    looks the tensor ``op_name:0`` up among all ops; pyscope knows the
    variables of its collections)."""
    for key in graph.get_all_collection_keys():
        for item in graph.get_collection(key):
            if getattr(item, "op_name", None) == op_name:
                return True
    return False


def create_global_step(graph: Optional[_graph.Graph] = None) -> Any:
    """Create global step tensor in graph.

    Made with `get_variable` under the current variable scope, at the root
    name scope: ``global_step``, int64, shape ``[]``, zeros, not trainable,
    in `GLOBAL_VARIABLES` and `GLOBAL_STEP`.

    Args:
      graph: The graph in which to create the global step tensor.  If
        missing, use default graph.

    Returns:
      Global step tensor.

    Raises:
      ValueError: if global step tensor is already defined.
    """
    graph = _graph.get_default_graph() if graph is None else graph
    if get_global_step(graph) is not None:
        raise ValueError('"global_step" already exists.')
    with graph.as_default() as g, g.name_scope(None):
        return _get_variable(
            GraphKeys.GLOBAL_STEP,
            shape=[],
            dtype=_dtypes.int64,
            initializer=_initializers.zeros_initializer(),
            trainable=False,
            aggregation=_variables.VariableAggregation.ONLY_FIRST_REPLICA,
            collections=[GraphKeys.GLOBAL_VARIABLES, GraphKeys.GLOBAL_STEP])


def get_or_create_global_step(graph: Optional[_graph.Graph] = None) -> Any:
    """Returns and create (if necessary) the global step tensor.

    Args:
      graph: The graph in which to create the global step tensor.  If
        missing, use default graph.

    Returns:
      The global step tensor.
    """
    graph = _graph.get_default_graph() if graph is None else graph
    step = get_global_step(graph)
    if step is None:
        step = create_global_step(graph)
    return step


def assert_global_step(global_step_tensor: Any) -> None:
    """Asserts `global_step_tensor` is a scalar int `Variable` or `Tensor`.

    Args:
      global_step_tensor: `Variable` to test (or any object with `dtype` and
        `get_shape()`, as a creator's variable).

    Raises:
      TypeError: if it is not a variable, not of an integer type, or not a
        scalar.
    """
    get_shape = getattr(global_step_tensor, "get_shape", None)
    if not (isinstance(global_step_tensor, _variables.Variable)
            or (hasattr(global_step_tensor, "dtype") and callable(get_shape))):
        raise TypeError('Existing "global_step" must be a Variable or Tensor: %s.'
                        % (global_step_tensor,))
    try:
        dtype = _dtypes.as_dtype(global_step_tensor.dtype)
        is_integer = dtype.is_integer
    except TypeError:
        dtype, is_integer = global_step_tensor.dtype, False
    if not is_integer:
        raise TypeError('Existing "global_step" does not have integer type: %s' % (dtype,))
    shape = as_shape(global_step_tensor.get_shape())
    if shape.ndims != 0 and shape.is_fully_defined():
        raise TypeError('Existing "global_step" is not scalar: %s' % (shape,))

