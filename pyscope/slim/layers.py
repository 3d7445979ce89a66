"""tf-slim's layers on pyscope.layers, named exactly as tf-slim 1.1.0's.

Each layer opens ``variable_scope(scope, '<Default>', reuse=reuse,
custom_getter=<renaming getter>)`` and builds the core layer with
``name=sc.name, _scope=sc, _reuse=reuse``; the getter renames ``kernel`` to
``weights`` and ``bias`` to ``biases`` and makes them model variables.
Poolings and ``flatten`` open name scopes only (``MaxPool2D``, ``Flatten``).

``batch_norm`` takes tf-slim's three paths: the core ``BatchNormalization``
(the default ``updates_collections``, no ``zero_debias_moving_mean`` or
``batch_weights``, rank other than 2), and tf-slim's own fused and moments
paths otherwise (``slim/_batch_norm.py``).
"""
from typing import Any, Dict, Optional, Sequence

import numpy as np

from pyscope import graph as _graph
from pyscope import layers as core
from pyscope.layers.base import _register_ops
from pyscope.layers.conv_utils import conv_output_length, normalize_tuple
from pyscope.layers.numerics import math_for
from pyscope.initializers import (
    glorot_uniform_initializer, ones_initializer, zeros_initializer)
from pyscope.nn import nn_ops
from pyscope.slim import _batch_norm
from pyscope.slim.arg_scope import add_arg_scope
from pyscope.slim.utils import collect_named_outputs
from pyscope.slim.variables import model_variable
from pyscope.tensor_spec import TensorSpec
from pyscope.variable_scope import variable_scope

DATA_FORMAT_NCHW = "NCHW"
DATA_FORMAT_NHWC = "NHWC"
GraphKeys = _graph.GraphKeys


def _model_variable_getter(getter: Any, name: str, shape: Any = None, dtype: Any = None,
                           initializer: Any = None, regularizer: Any = None,
                           trainable: bool = True, collections: Any = None,
                           caching_device: Any = None, partitioner: Any = None,
                           rename: Optional[Dict[str, str]] = None,
                           use_resource: Any = None, synchronization: Any = None,
                           aggregation: Any = None, **_: Any) -> Any:
    """Getter that uses model_variable for compatibility with core layers."""
    parts = name.split("/")
    if rename and parts[-1] in rename:
        parts[-1] = rename[parts[-1]]
        name = "/".join(parts)
    extra = {k: v for k, v in (("synchronization", synchronization),
                               ("aggregation", aggregation)) if v is not None}
    return model_variable(name, shape=shape, dtype=dtype, initializer=initializer,
                          regularizer=regularizer, collections=collections,
                          trainable=trainable, caching_device=caching_device,
                          partitioner=partitioner, custom_getter=getter,
                          use_resource=use_resource, **extra)


def _build_variable_getter(rename: Optional[Dict[str, str]] = None) -> Any:
    """Build a model variable getter that respects scope getter and renames."""
    def layer_variable_getter(getter: Any, *args: Any, **kwargs: Any) -> Any:
        kwargs["rename"] = rename
        return _model_variable_getter(getter, *args, **kwargs)
    return layer_variable_getter


def _add_variable_to_collections(variable: Any, collections_set: Any, name: str) -> None:
    collections = (collections_set.get(name) if isinstance(collections_set, dict)
                   else collections_set) or []
    parts = list(variable) if hasattr(variable, "get_variable_list") else [variable]
    for collection in collections:
        for part in parts:
            if all(part is not v for v in _graph.get_collection(collection)):
                _graph.add_to_collection(collection, part)


@add_arg_scope
def convolution(inputs: Any, num_outputs: int, kernel_size: Any, stride: Any = 1,
                padding: str = "SAME", data_format: Optional[str] = None, rate: Any = 1,
                activation_fn: Any = nn_ops.relu, normalizer_fn: Any = None,
                normalizer_params: Optional[Dict[str, Any]] = None,
                weights_initializer: Any = glorot_uniform_initializer(),
                weights_regularizer: Any = None,
                biases_initializer: Any = zeros_initializer(),
                biases_regularizer: Any = None, reuse: Any = None,
                variables_collections: Any = None, outputs_collections: Any = None,
                trainable: bool = True, scope: Any = None,
                conv_dims: Optional[int] = None) -> Any:
    """Adds an N-D convolution followed by an optional batch_norm layer:
    variables ``<scope>/weights`` and ``<scope>/biases`` (scope ``Conv``)."""
    if data_format not in (None, "NWC", "NCW", "NHWC", "NCHW", "NDHWC", "NCDHW"):
        raise ValueError("Invalid data_format: %r" % (data_format,))
    getter = _build_variable_getter({"bias": "biases", "kernel": "weights"})
    with variable_scope(scope, "Conv", [inputs], reuse=reuse, custom_getter=getter) as sc:
        rank = None if inputs.shape is None else len(inputs.shape)
        if conv_dims is not None and rank is not None and conv_dims + 2 != rank:
            raise ValueError("Convolution expects input with rank %d, got %d"
                             % (conv_dims + 2, rank))
        classes = {3: core.Conv1D, 4: core.Conv2D, 5: core.Conv3D}
        if rank not in classes:
            raise ValueError("Convolution not supported for input with rank", rank)
        layer = classes[rank](
            filters=num_outputs, kernel_size=kernel_size, strides=stride, padding=padding,
            data_format=("channels_first" if data_format and data_format.startswith("NC")
                         else "channels_last"),
            dilation_rate=rate, activation=None,
            use_bias=bool(not normalizer_fn and biases_initializer),
            kernel_initializer=weights_initializer, bias_initializer=biases_initializer,
            kernel_regularizer=weights_regularizer, bias_regularizer=biases_regularizer,
            trainable=trainable, name=sc.name, dtype=inputs.dtype, _scope=sc,
            _reuse=reuse)
        outputs = _finish_conv(layer, layer.apply(inputs), variables_collections,
                               normalizer_fn, normalizer_params, activation_fn)
        return collect_named_outputs(outputs_collections, sc.name, outputs)


@add_arg_scope
def convolution2d(inputs: Any, num_outputs: int, kernel_size: Any, stride: Any = 1,
                  padding: str = "SAME", data_format: Optional[str] = None, rate: Any = 1,
                  activation_fn: Any = nn_ops.relu, normalizer_fn: Any = None,
                  normalizer_params: Optional[Dict[str, Any]] = None,
                  weights_initializer: Any = glorot_uniform_initializer(),
                  weights_regularizer: Any = None,
                  biases_initializer: Any = zeros_initializer(),
                  biases_regularizer: Any = None, reuse: Any = None,
                  variables_collections: Any = None, outputs_collections: Any = None,
                  trainable: bool = True, scope: Any = None) -> Any:
    """A 2-D ``convolution`` (``slim.conv2d``)."""
    return convolution(inputs, num_outputs, kernel_size, stride, padding, data_format,
                       rate, activation_fn, normalizer_fn, normalizer_params,
                       weights_initializer, weights_regularizer, biases_initializer,
                       biases_regularizer, reuse, variables_collections,
                       outputs_collections, trainable, scope, conv_dims=2)


conv2d = convolution2d


def _finish_conv(layer: Any, outputs: Any, variables_collections: Any,
                 normalizer_fn: Any, normalizer_params: Any, activation_fn: Any) -> Any:
    """The tail every slim convolution shares: the layer's weights into
    ``variables_collections``, then the normalizer and the activation."""
    for kernel in ("kernel", "depthwise_kernel", "pointwise_kernel"):
        if getattr(layer, kernel, None) is not None:
            _add_variable_to_collections(getattr(layer, kernel), variables_collections,
                                         "weights")
    if layer.use_bias:
        _add_variable_to_collections(layer.bias, variables_collections, "biases")
    if normalizer_fn is not None:
        outputs = normalizer_fn(outputs, **(normalizer_params or {}))
    return activation_fn(outputs) if activation_fn is not None else outputs


def _check_2d_data_format(data_format: Any) -> str:
    if data_format not in (DATA_FORMAT_NCHW, DATA_FORMAT_NHWC):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    return "channels_first" if data_format.startswith("NC") else "channels_last"


@add_arg_scope
def convolution2d_transpose(inputs: Any, num_outputs: int, kernel_size: Any,
                            stride: Any = 1, padding: str = "SAME",
                            data_format: str = DATA_FORMAT_NHWC,
                            activation_fn: Any = nn_ops.relu, normalizer_fn: Any = None,
                            normalizer_params: Optional[Dict[str, Any]] = None,
                            weights_initializer: Any = glorot_uniform_initializer(),
                            weights_regularizer: Any = None,
                            biases_initializer: Any = zeros_initializer(),
                            biases_regularizer: Any = None, reuse: Any = None,
                            variables_collections: Any = None,
                            outputs_collections: Any = None, trainable: bool = True,
                            scope: Any = None) -> Any:
    """Adds a convolution2d_transpose with an optional batch normalization
    layer: ``<scope>/weights [kh, kw, num_outputs, in]`` and ``<scope>/biases``
    (scope ``Conv2d_transpose``)."""
    getter = _build_variable_getter({"bias": "biases", "kernel": "weights"})
    with variable_scope(scope, "Conv2d_transpose", [inputs], reuse=reuse,
                        custom_getter=getter) as sc:
        layer = core.Conv2DTranspose(
            filters=num_outputs, kernel_size=kernel_size, strides=stride, padding=padding,
            data_format=_check_2d_data_format(data_format), activation=None,
            use_bias=bool(not normalizer_fn and biases_initializer),
            kernel_initializer=weights_initializer, bias_initializer=biases_initializer,
            kernel_regularizer=weights_regularizer, bias_regularizer=biases_regularizer,
            trainable=trainable, name=sc.name, dtype=inputs.dtype, _scope=sc,
            _reuse=reuse)
        outputs = _finish_conv(layer, layer.apply(inputs), variables_collections,
                               normalizer_fn, normalizer_params, activation_fn)
        return collect_named_outputs(outputs_collections, sc.name, outputs)


conv2d_transpose = convolution2d_transpose


@add_arg_scope
def separable_convolution2d(inputs: Any, num_outputs: Optional[int], kernel_size: Any,
                            depth_multiplier: int = 1, stride: Any = 1,
                            padding: str = "SAME", data_format: str = DATA_FORMAT_NHWC,
                            rate: Any = 1, activation_fn: Any = nn_ops.relu,
                            normalizer_fn: Any = None,
                            normalizer_params: Optional[Dict[str, Any]] = None,
                            weights_initializer: Any = glorot_uniform_initializer(),
                            pointwise_initializer: Any = None,
                            weights_regularizer: Any = None,
                            biases_initializer: Any = zeros_initializer(),
                            biases_regularizer: Any = None, reuse: Any = None,
                            variables_collections: Any = None,
                            outputs_collections: Any = None, trainable: bool = True,
                            scope: Any = None) -> Any:
    """Adds a depthwise separable 2D convolution with optional batch_norm layer
    (scope ``SeparableConv2d``): ``depthwise_weights``, ``pointwise_weights``
    and ``biases``.  With ``num_outputs=None`` only the depthwise convolution
    is applied (``depthwise_weights [kh, kw, in, depth_multiplier]``)."""
    channels = _check_2d_data_format(data_format)
    getter = _build_variable_getter({"bias": "biases", "depthwise_kernel": "depthwise_weights",
                                     "pointwise_kernel": "pointwise_weights"})
    with variable_scope(scope, "SeparableConv2d", [inputs], reuse=reuse,
                        custom_getter=getter) as sc:
        if pointwise_initializer is None:
            pointwise_initializer = weights_initializer
        if num_outputs is not None:
            layer = core.SeparableConv2D(
                filters=num_outputs, kernel_size=kernel_size, strides=stride,
                padding=padding, data_format=channels,
                dilation_rate=normalize_tuple(rate, 2, "rate"), activation=None,
                depth_multiplier=depth_multiplier,
                use_bias=bool(not normalizer_fn and biases_initializer),
                depthwise_initializer=weights_initializer,
                pointwise_initializer=pointwise_initializer,
                bias_initializer=biases_initializer, depthwise_regularizer=weights_regularizer,
                pointwise_regularizer=weights_regularizer,
                bias_regularizer=biases_regularizer, trainable=trainable, name=sc.name,
                dtype=inputs.dtype, _scope=sc, _reuse=reuse)
            outputs = _finish_conv(layer, layer.apply(inputs), variables_collections,
                                   normalizer_fn, normalizer_params, None)
        else:
            outputs = _depthwise(inputs, kernel_size, depth_multiplier, stride, padding,
                                 channels == "channels_first", rate, normalizer_fn,
                                 normalizer_params, weights_initializer, weights_regularizer,
                                 biases_initializer, biases_regularizer,
                                 variables_collections, trainable)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return collect_named_outputs(outputs_collections, sc.name, outputs)


separable_conv2d = separable_convolution2d


def _depthwise(inputs: Any, kernel_size: Any, depth_multiplier: int, stride: Any,
               padding: str, channels_first: bool, rate: Any, normalizer_fn: Any,
               normalizer_params: Any, weights_initializer: Any, weights_regularizer: Any,
               biases_initializer: Any, biases_regularizer: Any,
               variables_collections: Any, trainable: bool) -> Any:
    """tf-slim's ``num_outputs=None`` path: ``nn.depthwise_conv2d`` on model
    variables made in the current scope (ops ``depthwise``, ``BiasAdd``)."""
    kernel = normalize_tuple(kernel_size, 2, "kernel_size")
    strides = normalize_tuple(stride, 2, "stride")
    dilation = normalize_tuple(rate, 2, "rate")
    shape = inputs.shape
    if shape is None or len(shape) < 4:
        raise ValueError("Inputs has rank %s; separable_conv2d needs rank 4." % (
            None if shape is None else len(shape),))
    channels = shape[1] if channels_first else shape[3]
    if channels is None:
        raise ValueError("Number of in_channels must be known.")
    weights = model_variable(
        "depthwise_weights", shape=list(kernel) + [channels, depth_multiplier],
        dtype=inputs.dtype, initializer=weights_initializer,
        regularizer=weights_regularizer, trainable=trainable,
        collections=_collections_for(variables_collections, "weights"))
    num_outputs = depth_multiplier * channels
    biases = None
    if normalizer_fn is None and biases_initializer is not None:
        biases = model_variable(
            "biases", shape=[num_outputs], dtype=inputs.dtype,
            initializer=biases_initializer, regularizer=biases_regularizer,
            trainable=trainable, collections=_collections_for(variables_collections,
                                                              "biases"))
    names = _register_ops(_graph.get_default_graph(),
                          ["depthwise"] + (["BiasAdd"] if biases is not None else []))
    spatial = shape[2:] if channels_first else shape[1:3]
    spatial = tuple(conv_output_length(n, k, padding.lower(), s, d)
                    for n, k, s, d in zip(spatial, kernel, strides, dilation))
    if isinstance(inputs, TensorSpec):
        out_shape = ((shape[0], num_outputs) + spatial if channels_first
                     else (shape[0],) + spatial + (num_outputs,))
        outputs: Any = TensorSpec(out_shape, inputs.dtype, name=names[-1])
    else:
        math = math_for(inputs)
        outputs = math.depthwise(inputs, weights, strides, padding.lower(), dilation,
                                 channels_first)
        if biases is not None:
            outputs = math.bias_add(outputs, biases, channels_first)
    if normalizer_fn is not None:
        outputs = normalizer_fn(outputs, **(normalizer_params or {}))
    return outputs


def _collections_for(collections_set: Any, name: str) -> Any:
    """tf-slim's ``utils.get_variable_collections``."""
    if isinstance(collections_set, dict):
        return collections_set.get(name, None)
    return collections_set


@add_arg_scope
def fully_connected(inputs: Any, num_outputs: int, activation_fn: Any = nn_ops.relu,
                    normalizer_fn: Any = None,
                    normalizer_params: Optional[Dict[str, Any]] = None,
                    weights_initializer: Any = glorot_uniform_initializer(),
                    weights_regularizer: Any = None,
                    biases_initializer: Any = zeros_initializer(),
                    biases_regularizer: Any = None, reuse: Any = None,
                    variables_collections: Any = None, outputs_collections: Any = None,
                    trainable: bool = True, scope: Any = None) -> Any:
    """Adds a fully connected layer: ``<scope>/weights [in, num_outputs]`` and
    ``<scope>/biases`` (scope ``fully_connected``)."""
    if not isinstance(num_outputs, int):
        raise ValueError("num_outputs type should be one of %s, got %s."
                         % ([int], type(num_outputs)))
    getter = _build_variable_getter({"bias": "biases", "kernel": "weights"})
    with variable_scope(scope, "fully_connected", [inputs], reuse=reuse,
                        custom_getter=getter) as sc:
        layer = core.Dense(
            units=num_outputs, activation=None,
            use_bias=bool(not normalizer_fn and biases_initializer),
            kernel_initializer=weights_initializer, bias_initializer=biases_initializer,
            kernel_regularizer=weights_regularizer, bias_regularizer=biases_regularizer,
            trainable=trainable, name=sc.name, dtype=inputs.dtype, _scope=sc,
            _reuse=reuse)
        outputs = layer.apply(inputs)
        _add_variable_to_collections(layer.kernel, variables_collections, "weights")
        if layer.bias is not None:
            _add_variable_to_collections(layer.bias, variables_collections, "biases")
        if normalizer_fn is not None:
            outputs = normalizer_fn(outputs, **(normalizer_params or {}))
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return collect_named_outputs(outputs_collections, sc.name, outputs)


@add_arg_scope
def batch_norm(inputs: Any, decay: float = 0.999, center: bool = True,
               scale: bool = False, epsilon: float = 0.001, activation_fn: Any = None,
               param_initializers: Optional[Dict[str, Any]] = None,
               param_regularizers: Optional[Dict[str, Any]] = None,
               updates_collections: Any = GraphKeys.UPDATE_OPS, is_training: Any = True,
               reuse: Any = None, variables_collections: Any = None,
               outputs_collections: Any = None, trainable: bool = True,
               batch_weights: Any = None, fused: Optional[bool] = None,
               data_format: str = DATA_FORMAT_NHWC, zero_debias_moving_mean: bool = False,
               scope: Any = None, renorm: bool = False, renorm_clipping: Any = None,
               renorm_decay: float = 0.99, adjustment: Any = None) -> Any:
    """Adds a Batch Normalization layer (scope ``BatchNorm``): ``beta`` (if
    ``center``), ``gamma`` (if ``scale``; off by default), ``moving_mean`` and
    ``moving_variance``, all model variables."""
    rank = None if inputs.shape is None else len(inputs.shape)
    fused = True if fused is None else fused
    core_path = (batch_weights is None and updates_collections is GraphKeys.UPDATE_OPS
                 and not zero_debias_moving_mean)
    fusable = batch_weights is None and not renorm and rank in (2, 4) and adjustment is None
    if fused and fusable and (not core_path or rank == 2):
        if data_format not in (DATA_FORMAT_NCHW, DATA_FORMAT_NHWC):
            raise ValueError("data_format has to be either NCHW or NHWC.")
        with variable_scope(scope, "BatchNorm", [inputs], reuse=reuse) as sc:
            outputs = _batch_norm.fused_batch_norm(
                inputs, center, scale, epsilon, param_initializers or {},
                param_regularizers or {}, updates_collections, is_training,
                variables_collections, trainable, data_format, zero_debias_moving_mean)
            if activation_fn is not None:
                outputs = activation_fn(outputs)
            return collect_named_outputs(outputs_collections, sc.name, outputs)
    if not core_path:
        with variable_scope(scope, "BatchNorm", [inputs], reuse=reuse,
                            custom_getter=_build_variable_getter()) as sc:
            if renorm:
                raise ValueError("renorm is not supported with batch_weights, "
                                 "updates_collections or zero_debias_moving_mean")
            outputs = _batch_norm.moments_batch_norm(
                inputs, center, scale, epsilon, param_initializers or {},
                updates_collections, is_training, variables_collections, trainable,
                batch_weights, data_format, zero_debias_moving_mean)
            if activation_fn is not None:
                outputs = activation_fn(outputs)
            return collect_named_outputs(outputs_collections, sc.name, outputs)
    if data_format not in (DATA_FORMAT_NCHW, DATA_FORMAT_NHWC):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    with variable_scope(scope, "BatchNorm", [inputs], reuse=reuse,
                        custom_getter=_build_variable_getter()) as sc:
        initializers = param_initializers or {}
        regularizers = param_regularizers or {}
        layer = core.BatchNormalization(
            axis=1 if data_format == DATA_FORMAT_NCHW else -1, momentum=decay,
            epsilon=epsilon, center=center, scale=scale,
            beta_initializer=initializers.get("beta", zeros_initializer()),
            gamma_initializer=initializers.get("gamma", ones_initializer()),
            moving_mean_initializer=initializers.get("moving_mean", zeros_initializer()),
            moving_variance_initializer=initializers.get("moving_variance",
                                                         ones_initializer()),
            beta_regularizer=regularizers.get("beta"),
            gamma_regularizer=regularizers.get("gamma"), trainable=trainable,
            renorm=renorm, renorm_clipping=renorm_clipping, renorm_momentum=renorm_decay,
            adjustment=adjustment, name=sc.name, _scope=sc, _reuse=reuse, fused=fused)
        outputs = layer.apply(inputs, training=is_training)
        for name in ("moving_mean", "moving_variance", "beta", "gamma"):
            if getattr(layer, name) is not None:
                _add_variable_to_collections(getattr(layer, name), variables_collections,
                                             name)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return collect_named_outputs(outputs_collections, sc.name, outputs)


@add_arg_scope
def layer_norm(inputs: Any, center: bool = True, scale: bool = True,
               activation_fn: Any = None, reuse: Any = None,
               variables_collections: Any = None, outputs_collections: Any = None,
               trainable: bool = True, begin_norm_axis: int = 1,
               begin_params_axis: int = -1, scope: Any = None) -> Any:
    """Adds a Layer Normalization layer (scope ``LayerNorm``): model variables
    ``beta`` and ``gamma`` of shape ``inputs.shape[begin_params_axis:]``;
    normalised over the axes from ``begin_norm_axis`` (epsilon 1e-12)."""
    with variable_scope(scope, "LayerNorm", [inputs], reuse=reuse) as sc:
        shape = inputs.shape
        if shape is None:
            raise ValueError("Inputs %s has undefined rank." % (getattr(inputs, "name", ""),))
        rank = len(shape)
        if begin_norm_axis < 0:
            begin_norm_axis = rank + begin_norm_axis
        if begin_params_axis >= rank or begin_norm_axis >= rank:
            raise ValueError("begin_params_axis (%d) and begin_norm_axis (%d) must be < "
                             "rank(inputs) (%d)" % (begin_params_axis, begin_norm_axis, rank))
        params_shape = list(shape[begin_params_axis:])
        if any(d is None for d in params_shape):
            raise ValueError("Inputs %s: shape(inputs)[%s:] is not fully defined: %s"
                             % (getattr(inputs, "name", ""), begin_params_axis, shape))
        def param(name: str, initializer: Any) -> Any:
            chosen = (variables_collections.get(name)
                      if isinstance(variables_collections, dict) else variables_collections)
            return model_variable(name, shape=params_shape, dtype=inputs.dtype,
                                  initializer=initializer, trainable=trainable,
                                  collections=chosen)

        beta = param("beta", zeros_initializer()) if center else None
        gamma = param("gamma", ones_initializer()) if scale else None
        axes = tuple(range(begin_norm_axis, rank))
        outputs = _normalize(inputs, axes, beta, gamma)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return collect_named_outputs(outputs_collections, sc.name, outputs)


def _normalize(inputs: Any, axes: Sequence[int], beta: Any, gamma: Any) -> Any:
    """``nn.moments`` then ``nn.batch_normalization`` (TF's ops, or NumPy's math)."""
    paths = ["moments/mean", "moments/StopGradient", "moments/SquaredDifference",
             "moments/variance", "batchnorm/add", "batchnorm/Rsqrt"]
    paths += (["batchnorm/mul"] if gamma is not None else []) + ["batchnorm/mul"]
    paths += (["batchnorm/mul", "batchnorm/sub"] if beta is not None
              else ["batchnorm/Neg", "batchnorm/mul"]) + ["batchnorm/add"]
    names = _register_ops(_graph.get_default_graph(), paths)
    if isinstance(inputs, TensorSpec):
        return TensorSpec(inputs.shape, inputs.dtype, name=names[-1])
    return layer_norm_values(inputs, axes, None if beta is None else beta.numpy(),
                             None if gamma is None else gamma.numpy())


def layer_norm_values(inputs: Any, axes: Sequence[int], beta: Any, gamma: Any) -> Any:
    """Layer normalisation of an array over ``axes`` with arrays ``beta`` and
    ``gamma`` (either None), in the order of TF's ops (epsilon 1e-12)."""
    x = np.asarray(inputs)
    mean = x.mean(axis=tuple(axes), keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=tuple(axes), keepdims=True)
    inv = 1 / np.sqrt(variance + 1e-12)
    if gamma is not None:
        inv = inv * np.asarray(gamma)
    offset = -mean * inv if beta is None else np.asarray(beta) - mean * inv
    return (x * inv + offset).astype(x.dtype)


def _pool(layer_class: Any, default_name: str, inputs: Any, kernel_size: Any, stride: Any,
          padding: str, data_format: str, outputs_collections: Any, scope: Any) -> Any:
    if data_format not in (DATA_FORMAT_NCHW, DATA_FORMAT_NHWC):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    with _graph.name_scope(scope, default_name, [inputs]) as sc:
        layer = layer_class(
            pool_size=kernel_size, strides=stride, padding=padding,
            data_format=("channels_first" if data_format.startswith("NC")
                         else "channels_last"), _scope=sc)
        outputs = layer.apply(inputs)
        return collect_named_outputs(outputs_collections, sc, outputs)


@add_arg_scope
def max_pool2d(inputs: Any, kernel_size: Any, stride: Any = 2, padding: str = "VALID",
               data_format: str = DATA_FORMAT_NHWC, outputs_collections: Any = None,
               scope: Any = None) -> Any:
    """Adds a 2D Max Pooling op (name scope ``MaxPool2D``)."""
    return _pool(core.MaxPooling2D, "MaxPool2D", inputs, kernel_size, stride, padding,
                 data_format, outputs_collections, scope)


@add_arg_scope
def avg_pool2d(inputs: Any, kernel_size: Any, stride: Any = 2, padding: str = "VALID",
               data_format: str = DATA_FORMAT_NHWC, outputs_collections: Any = None,
               scope: Any = None) -> Any:
    """Adds a 2D average pooling op (name scope ``AvgPool2D``)."""
    return _pool(core.AveragePooling2D, "AvgPool2D", inputs, kernel_size, stride, padding,
                 data_format, outputs_collections, scope)


@add_arg_scope
def flatten(inputs: Any, outputs_collections: Any = None, scope: Any = None) -> Any:
    """Flattens the input while maintaining the batch_size (name scope ``Flatten``)."""
    with _graph.name_scope(scope, "Flatten", [inputs]) as sc:
        return collect_named_outputs(outputs_collections, sc, core.flatten(inputs))


@add_arg_scope
def dropout(inputs: Any, keep_prob: float = 0.5, noise_shape: Any = None,
            is_training: Any = True, outputs_collections: Any = None, scope: Any = None,
            seed: Optional[int] = None) -> Any:
    """Returns a dropout op applied to the input (scope ``Dropout``)."""
    with variable_scope(scope, "Dropout", [inputs],
                        custom_getter=_model_variable_getter) as sc:
        layer = core.Dropout(rate=1 - keep_prob, noise_shape=noise_shape, seed=seed,
                             name=sc.name, _scope=sc)
        outputs = layer.apply(inputs, training=is_training)
        return collect_named_outputs(outputs_collections, sc.name, outputs)


def _layer_name(layer: Any, fallback: str) -> str:
    if hasattr(layer, "__name__"):
        return str(layer.__name__)
    func = getattr(layer, "func", None)  # a functools.partial
    return str(getattr(func, "__name__", fallback))


def repeat(inputs: Any, repetitions: int, layer: Any, *args: Any, **kwargs: Any) -> Any:
    """Applies the same layer with the same arguments repeatedly: scopes
    ``<scope>/<scope>_1``, ``<scope>/<scope>_2`` ... (``scope`` defaults to the
    layer function's name, ``convolution2d`` for ``slim.conv2d``)."""
    scope = kwargs.pop("scope", None)
    with variable_scope(scope, "Repeat", [inputs]):
        name = scope if scope is not None else _layer_name(layer, "repeat")
        outputs = inputs
        for i in range(repetitions):
            kwargs["scope"] = name + "_" + str(i + 1)
            outputs = layer(outputs, *args, **kwargs)
        return outputs


def stack(inputs: Any, layer: Any, stack_args: Sequence[Any], **kwargs: Any) -> Any:
    """Builds a stack of layers by applying layer repeatedly using stack_args:
    scopes ``<scope>/<scope>_1`` ... with each entry's arguments."""
    scope = kwargs.pop("scope", None)
    if not isinstance(stack_args, (list, tuple)):
        raise ValueError("stack_args need to be a list or tuple")
    with variable_scope(scope, "Stack", [inputs]):
        name = scope if scope is not None else _layer_name(layer, "stack")
        outputs = inputs
        for i, layer_args in enumerate(stack_args):
            kwargs["scope"] = name + "_" + str(i + 1)
            if not isinstance(layer_args, (list, tuple)):
                layer_args = [layer_args]
            outputs = layer(outputs, *layer_args, **kwargs)
        return outputs
