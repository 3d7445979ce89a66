"""tf-slim's variable helpers: ``variable``, ``model_variable``, ``local_variable`` and the
collection queries (``get_variables``, ``get_model_variables``,
``get_variables_to_restore`` ...)."""
import functools
from typing import Any, List, Optional, Sequence

from pyscope import graph as _graph
from pyscope.slim.arg_scope import add_arg_scope
from pyscope.variable_scope import VariableScope, get_variable, get_variable_scope
from pyscope.variables import Variable, VariableAggregation, VariableSynchronization

GraphKeys = _graph.GraphKeys


@add_arg_scope
def variable(name: str, shape: Any = None, dtype: Any = None, initializer: Any = None,
             regularizer: Any = None, trainable: bool = True,
             collections: Optional[Sequence[str]] = None, caching_device: Any = None,
             device: Any = None, partitioner: Any = None, custom_getter: Any = None,
             use_resource: Optional[bool] = None,
             synchronization: VariableSynchronization = VariableSynchronization.AUTO,
             aggregation: VariableAggregation = VariableAggregation.NONE) -> Any:
    """Gets an existing variable with these parameters or creates a new one
    (in ``collections``, default ``[GLOBAL_VARIABLES]``; ``device`` is
    accepted and not acted on)."""
    names = list(collections if collections is not None else [GraphKeys.GLOBAL_VARIABLES])
    names = list(set(names))  # as tf-slim: the order is not kept
    getter: Any = get_variable
    if custom_getter is not None:
        getter = functools.partial(custom_getter, reuse=get_variable_scope().reuse)
    return getter(name, shape=shape, dtype=dtype, initializer=initializer,
                  regularizer=regularizer, trainable=trainable, collections=names,
                  caching_device=caching_device, partitioner=partitioner,
                  use_resource=use_resource, synchronization=synchronization,
                  aggregation=aggregation)


@add_arg_scope
def local_variable(initial_value: Any, validate_shape: bool = True,
                   name: Optional[str] = None, use_resource: Optional[bool] = None) -> Any:
    """Create a variable with a value and add it to ``LOCAL_VARIABLES``
    (not trainable; named from the name scope, as ``tf.Variable``)."""
    return Variable(initial_value=initial_value, trainable=False,
                    collections=[GraphKeys.LOCAL_VARIABLES], validate_shape=validate_shape,
                    use_resource=use_resource, name=name)


@add_arg_scope
def model_variable(name: str, shape: Any = None, dtype: Any = "float32",
                   initializer: Any = None, regularizer: Any = None,
                   trainable: bool = True, collections: Optional[Sequence[str]] = None,
                   caching_device: Any = None, device: Any = None, partitioner: Any = None,
                   custom_getter: Any = None, use_resource: Optional[bool] = None,
                   synchronization: VariableSynchronization = VariableSynchronization.AUTO,
                   aggregation: VariableAggregation = VariableAggregation.NONE) -> Any:
    """Gets an existing model variable with these parameters or creates a new
    one: in ``GLOBAL_VARIABLES`` and ``MODEL_VARIABLES`` (and ``collections``)."""
    names = list(collections or []) + [GraphKeys.GLOBAL_VARIABLES,
                                       GraphKeys.MODEL_VARIABLES]
    return variable(name, shape=shape, dtype=dtype, initializer=initializer,
                    regularizer=regularizer, trainable=trainable, collections=names,
                    caching_device=caching_device, device=device, partitioner=partitioner,
                    custom_getter=custom_getter, use_resource=use_resource,
                    synchronization=synchronization, aggregation=aggregation)


def get_variables(scope: Any = None, suffix: Optional[str] = None,
                  collection: str = GraphKeys.GLOBAL_VARIABLES) -> List[Any]:
    """Gets the list of variables, filtered by scope and/or suffix."""
    if isinstance(scope, VariableScope):
        scope = scope.name
    if suffix is not None:
        if ":" not in suffix:
            suffix += ":"
        scope = (scope or "") + ".*" + suffix
    return list(_graph.get_collection(collection, scope))


def get_model_variables(scope: Any = None, suffix: Optional[str] = None) -> List[Any]:
    """Gets the list of model variables, filtered by scope and/or suffix."""
    return get_variables(scope, suffix, GraphKeys.MODEL_VARIABLES)


def get_local_variables(scope: Any = None, suffix: Optional[str] = None) -> List[Any]:
    """Gets the list of local variables, filtered by scope and/or suffix."""
    return get_variables(scope, suffix, GraphKeys.LOCAL_VARIABLES)


def get_trainable_variables(scope: Any = None, suffix: Optional[str] = None) -> List[Any]:
    """Gets the list of trainable variables, filtered by scope and/or suffix."""
    return get_variables(scope, suffix, GraphKeys.TRAINABLE_VARIABLES)


def get_variables_to_restore(include: Optional[Sequence[str]] = None,
                             exclude: Optional[Sequence[str]] = None) -> List[Any]:
    """Gets the list of the variables to restore (scopes in ``include``, all by
    default, minus those in ``exclude``)."""
    if include is None:
        chosen = get_variables()
    else:
        chosen = [v for scope in include for v in get_variables(scope)]
    excluded = {id(v) for scope in exclude or [] for v in get_variables(scope)}
    return [v for v in chosen if id(v) not in excluded]
