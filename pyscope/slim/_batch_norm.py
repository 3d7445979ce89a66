"""tf-slim's own batch normalisation, for the paths its core layer does not
take: ``_fused_batch_norm`` (rank-2 inputs, ``updates_collections=None``,
``zero_debias_moving_mean``) and the legacy moments path (``batch_weights``,
or those options with ``fused=False``).  Both make ``beta`` before ``gamma``
and name TF's ops; on arrays they compute as TF's outputs (the batch's
moments when training, else the moving ones), without updating the moving
averages (as the core layer's NumPy reference)."""
from typing import Any, Dict, List

import numpy as np

from pyscope import graph as _graph
from pyscope.initializers import ones_initializer, zeros_initializer
from pyscope.layers.base import _register_ops
from pyscope.slim.variables import model_variable
from pyscope.tensor_spec import TensorSpec
from pyscope.variable_scope import get_variable, get_variable_scope, variable_scope

NCHW = "NCHW"


def _collections_for(collections_set: Any, name: str) -> Any:
    """tf-slim's ``utils.get_variable_collections``."""
    if isinstance(collections_set, dict):
        return collections_set.get(name, None)
    return collections_set


def _parameters(params_shape: List[int], dtype: Any, center: bool, scale: bool,
                initializers: Dict[str, Any], regularizers: Dict[str, Any],
                variables_collections: Any, trainable: bool) -> Dict[str, Any]:
    """beta, gamma, then moving_mean and moving_variance (unpartitioned)."""
    made: Dict[str, Any] = {}
    for name, wanted, default in (("beta", center, zeros_initializer()),
                                  ("gamma", scale, ones_initializer())):
        made[name] = model_variable(
            name, shape=params_shape, dtype=dtype,
            initializer=initializers.get(name, default), regularizer=regularizers.get(name),
            collections=_collections_for(variables_collections, name),
            trainable=trainable) if wanted else None
    with variable_scope(get_variable_scope()) as local_scope:
        local_scope.set_partitioner(None)
        for name, default in (("moving_mean", zeros_initializer()),
                              ("moving_variance", ones_initializer())):
            made[name] = model_variable(
                name, shape=params_shape, dtype=dtype,
                initializer=initializers.get(name, default), trainable=False,
                collections=_collections_for(variables_collections, name))
    return made


def _maybe_get_unique(name: str) -> str:
    """TF's moving_averages: ``biased_1`` when ``biased`` exists (without reuse)."""
    scope = get_variable_scope()
    if scope.reuse:
        return name
    taken = {v.op_name for v in scope.global_variables()}
    full = scope.name + "/" + name
    if full not in taken:
        return name
    index = 1
    while full + "_%d" % index in taken:
        index += 1
    return name + "_%d" % index


def assign_moving_average(variable: Any, zero_debias: bool) -> str:
    """Names ``moving_averages.assign_moving_average``'s ops (scope
    ``AssignMovingAvg``); returns the update op's name.  Zero debiasing makes
    ``<scope>/<variable>/biased`` and ``local_step`` (global, not trainable)."""
    graph = _graph.get_default_graph()
    with _graph.name_scope(None, "AssignMovingAvg") as scope:
        _register_ops(graph, ["decay"])
        if zero_debias:
            with variable_scope(variable.op_name):
                for name, shape in (("biased", list(variable.shape)), ("local_step", [])):
                    get_variable(_maybe_get_unique(name), shape=shape, dtype=variable.dtype,
                                 initializer=zeros_initializer(), trainable=False)
        _register_ops(graph, ["ReadVariableOp", "sub", "mul", "AssignSubVariableOp",
                              "ReadVariableOp"])
        if zero_debias:
            _register_ops(graph, ["Const", "AssignAddVariableOp", "ReadVariableOp", "sub",
                                  "ReadVariableOp", "Pow", "sub", "ReadVariableOp",
                                  "truediv"])
    # zero debiasing returns the scope's own assign op
    return str(scope[:-1] if zero_debias else scope + "AssignSubVariableOp")

def _updates(params: Dict[str, Any], updates_collections: Any,
             zero_debias_moving_mean: bool) -> None:
    """The two moving-average updates, into ``updates_collections`` (if any)."""
    update_mean = assign_moving_average(params["moving_mean"], zero_debias_moving_mean)
    update_variance = assign_moving_average(params["moving_variance"], False)
    if updates_collections is not None:
        _graph.add_to_collections(updates_collections, update_mean)
        _graph.add_to_collections(updates_collections, update_variance)


def _outputs(inputs: Any, name: str, params: Dict[str, Any], training: bool,
             epsilon: float, channels_first: bool, batch_weights: Any = None) -> Any:
    """The spec of the output, or (on an array) TF's normalised values."""
    if isinstance(inputs, TensorSpec):
        return TensorSpec(inputs.shape, inputs.dtype, name=name)
    x = np.asarray(inputs)
    axis = 1 if channels_first else x.ndim - 1
    reduction = tuple(i for i in range(x.ndim) if i != axis)
    broadcast = [x.shape[axis] if i == axis else 1 for i in range(x.ndim)]

    def param(key: str, default: float) -> Any:
        if params[key] is None:
            return np.asarray(default, np.float32)
        return np.asarray(params[key].numpy(), np.float32).reshape(broadcast)

    if training:
        weights = np.ones_like(x) if batch_weights is None else np.broadcast_to(
            np.asarray(batch_weights, x.dtype).reshape([-1] + [1] * (x.ndim - 1)), x.shape)
        total = weights.sum(axis=reduction, keepdims=True)
        mean = (weights * x).sum(axis=reduction, keepdims=True) / total
        variance = (weights * (x - mean) ** 2).sum(axis=reduction, keepdims=True) / total
    else:
        mean, variance = param("moving_mean", 0.0), param("moving_variance", 1.0)
    inv = 1 / np.sqrt(variance + epsilon) * param("gamma", 1.0)
    return (x * inv + (param("beta", 0.0) - mean * inv)).astype(x.dtype)


def _params_shape(shape: Any, data_format: str, name: Any) -> List[int]:
    params = list(shape[1:2] if data_format == NCHW else shape[-1:])
    if any(d is None for d in params):
        raise ValueError("Inputs %s has undefined channels dimension %s." % (name, params))
    return params


def fused_batch_norm(inputs: Any, center: bool, scale: bool, epsilon: float,
                     initializers: Dict[str, Any], regularizers: Dict[str, Any],
                     updates_collections: Any, is_training: Any, variables_collections: Any,
                     trainable: bool, data_format: str, zero_debias_moving_mean: bool) -> Any:
    """tf-slim's ``_fused_batch_norm`` in the current ``BatchNorm`` scope
    (``Reshape`` to rank 4 and back for rank-2 inputs)."""
    spec = inputs if isinstance(inputs, TensorSpec) else TensorSpec(
        np.shape(inputs), np.asarray(inputs).dtype)
    graph = _graph.get_default_graph()
    rank = None if spec.shape is None else len(spec.shape)
    if rank is None:
        raise ValueError("Inputs %s has undefined rank" % (spec.name,))
    if rank not in (2, 4):
        raise ValueError("Inputs %s has unsupported rank. Expected 2 or 4 but got %d"
                         % (spec.name, rank))
    shape = tuple(spec.shape or ())
    if rank == 2:
        if shape[-1] is None:
            raise ValueError("`C` dimension must be known but is None")
        _register_ops(graph, ["Reshape"])
        shape = (None, shape[1], 1, 1) if data_format == NCHW else (None, 1, 1, shape[1])
    params = _parameters(_params_shape(shape, data_format, spec.name), "float32", center,
                         scale, initializers, regularizers, variables_collections, trainable)
    _register_ops(graph, ["Const"] * (int(not center) + int(not scale)))
    _register_ops(graph, ["ReadVariableOp"] * (int(center) + int(scale)))
    need_updates = is_training is None or bool(is_training)
    names = _register_ops(graph, (["Const", "Const"] if need_updates else [])
                          + ["FusedBatchNormV3"])
    if need_updates:
        _updates(params, updates_collections, zero_debias_moving_mean)
        if updates_collections is None:
            names = _register_ops(graph, ["Identity"])
    if rank == 2:
        names = _register_ops(graph, ["Reshape"])
    return _outputs(inputs, names[-1], params, need_updates, epsilon, data_format == NCHW)


def moments_batch_norm(inputs: Any, center: bool, scale: bool, epsilon: float,
                       initializers: Dict[str, Any], updates_collections: Any,
                       is_training: Any, variables_collections: Any, trainable: bool,
                       batch_weights: Any, data_format: str,
                       zero_debias_moving_mean: bool) -> Any:
    """tf-slim's legacy path: ``nn.moments`` (``nn.weighted_moments`` with
    ``batch_weights``), the updates, then ``nn.batch_normalization``."""
    spec = inputs if isinstance(inputs, TensorSpec) else TensorSpec(
        np.shape(inputs), np.asarray(inputs).dtype)
    graph = _graph.get_default_graph()
    if spec.shape is None:
        raise ValueError("Inputs %s has undefined rank." % (spec.name,))
    if batch_weights is not None:
        _register_ops(graph, ["Reshape"])
    nchw = data_format == NCHW
    params = _parameters(_params_shape(spec.shape, data_format, spec.name), spec.dtype,
                         center, scale, initializers, {}, variables_collections, trainable)
    training = is_training is None or bool(is_training)
    if training:
        if batch_weights is None:
            _register_ops(graph, ["moments/mean", "moments/StopGradient",
                                  "moments/SquaredDifference", "moments/variance"]
                          + ([] if nchw else ["moments/Squeeze", "moments/Squeeze"]))
        else:
            _register_ops(graph, ["weighted_moments/" + op for op in (
                "mul", "weighted_input_sum", "zeros_like", "add", "sum_of_weights",
                "div_no_nan", "SquaredDifference", "mul", "weighted_distsq", "div_no_nan")]
                + ([] if nchw else ["weighted_moments/Squeeze"] * 2))
        if nchw:
            _register_ops(graph, ["Reshape", "Reshape"])
        _updates(params, updates_collections, zero_debias_moving_mean)
        if updates_collections is None:
            _register_ops(graph, ["Identity", "Identity"])
    if nchw:
        _register_ops(graph, ["Reshape"] * (2 + int(center) + int(scale)))
    paths = ["batchnorm/add", "batchnorm/Rsqrt"]
    paths += ["batchnorm/ReadVariableOp", "batchnorm/mul"] if scale else []
    paths += ["batchnorm/mul"]
    paths += (["batchnorm/mul", "batchnorm/ReadVariableOp", "batchnorm/sub"] if center
              else ["batchnorm/Neg", "batchnorm/mul"]) + ["batchnorm/add"]
    names = _register_ops(graph, paths)
    return _outputs(inputs, names[-1], params, training, epsilon, nchw, batch_weights)
