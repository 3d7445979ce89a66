"""Core layers of ``tf.compat.v1.layers``: ``Dense``, ``Dropout``, ``Flatten``
and their functional forms, with TF's variables, layouts and op names."""
import math
from typing import Any, Callable, List, Optional, Sequence

import numpy as np

from pyscope.initializers import zeros_initializer
from pyscope.layers.base import Layer, activation_op_names, functional_form
from pyscope.layers.conv_utils import normalize_data_format
from pyscope.layers.numerics import math_for
from pyscope.tensor_spec import Shape


class Dense(Layer):
    """Densely-connected layer class.

    This layer implements the operation:
    ``outputs = activation(inputs * kernel + bias)``
    Where ``activation`` is the activation function passed as the
    ``activation`` argument (if not ``None``), ``kernel`` is a weights matrix
    created by the layer (``[in, units]``, TF's layout), and ``bias`` is a bias
    vector created by the layer (only if ``use_bias`` is ``True``).

    Arguments:
      units: Integer or Long, dimensionality of the output space.
      activation: Activation function (callable). Set it to None to maintain a
        linear activation.
      use_bias: Boolean, whether the layer uses a bias.
      kernel_initializer: Initializer function for the weight matrix.
        If ``None`` (default), weights are initialized using the default
        initializer used by ``get_variable``.
      bias_initializer: Initializer function for the bias.
      kernel_regularizer: Regularizer function for the weight matrix.
      bias_regularizer: Regularizer function for the bias.
      activity_regularizer: Regularizer function for the output.
      kernel_constraint: An optional projection function to be applied to the
          kernel after being updated by an ``Optimizer``.
      bias_constraint: An optional projection function to be applied to the
          bias after being updated by an ``Optimizer``.
      trainable: Boolean, if ``True`` also add variables to the graph collection
        ``GraphKeys.TRAINABLE_VARIABLES``.
      name: String, the name of the layer. Layers with the same name will
        share weights, but to avoid mistakes we require reuse=True in such cases.
      _reuse: Boolean, whether to reuse the weights of a previous layer
        by the same name.
    """

    def __init__(self, units: int, activation: Optional[Callable[..., Any]] = None,
                 use_bias: bool = True, kernel_initializer: Any = None,
                 bias_initializer: Any = zeros_initializer(),
                 kernel_regularizer: Any = None, bias_regularizer: Any = None,
                 activity_regularizer: Any = None, kernel_constraint: Any = None,
                 bias_constraint: Any = None, trainable: bool = True,
                 name: Any = None, **kwargs: Any) -> None:
        if "input_shape" not in kwargs and "input_dim" in kwargs:
            kwargs["input_shape"] = (kwargs.pop("input_dim"),)
        super().__init__(trainable=trainable, name=name,
                         activity_regularizer=activity_regularizer, **kwargs)
        units = int(units) if not isinstance(units, int) else units
        if units < 0:
            raise ValueError(
                "Received an invalid value for `units`, expected a positive integer. "
                "Received: units=%s" % units)
        self.units = units
        self.activation = activation
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = bias_initializer
        self.kernel_regularizer = kernel_regularizer
        self.bias_regularizer = bias_regularizer
        self.kernel_constraint = kernel_constraint
        self.bias_constraint = bias_constraint
        self.kernel: Any = None
        self.bias: Any = None

    def build(self, input_shape: Shape) -> None:
        dtype = np.dtype(self.dtype or np.float32)
        if not (np.issubdtype(dtype, np.floating) or np.issubdtype(dtype, np.complexfloating)):
            raise TypeError("A Dense layer can only be built with a floating-point "
                            "dtype. Received: dtype=%s" % dtype.name)
        last_dim = None if not input_shape else input_shape[-1]
        if last_dim is None:
            raise ValueError("The last dimension of the inputs to a Dense layer should "
                             "be defined. Found None. Full input shape received: %s"
                             % (list(input_shape) if input_shape is not None else None,))
        self.kernel = self.add_weight(
            "kernel", shape=[last_dim, self.units], initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer, constraint=self.kernel_constraint,
            dtype=self.dtype, trainable=True)
        if self.use_bias:
            self.bias = self.add_weight(
                "bias", shape=[self.units], initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                dtype=self.dtype, trainable=True)
        self.built = True

    def _op_names(self, input_shape: Shape, **kwargs: Any) -> List[str]:
        rank = None if input_shape is None else len(input_shape)
        names = ["MatMul" if rank in (2, None) else "Tensordot"]
        if self.use_bias:
            names.append("BiasAdd")
        return names + activation_op_names(self.activation)

    def call(self, inputs: Any, **kwargs: Any) -> Any:
        outputs = math_for(inputs).dense(inputs, self.kernel, self.bias)
        return outputs if self.activation is None else self.activation(outputs)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        if input_shape is None:
            return None
        return tuple(input_shape[:-1]) + (self.units,)


def dense(inputs: Any, units: int, activation: Optional[Callable[..., Any]] = None,
          use_bias: bool = True, kernel_initializer: Any = None,
          bias_initializer: Any = zeros_initializer(), kernel_regularizer: Any = None,
          bias_regularizer: Any = None, activity_regularizer: Any = None,
          kernel_constraint: Any = None, bias_constraint: Any = None,
          trainable: bool = True, name: Optional[str] = None,
          reuse: Any = None) -> Any:
    """Functional interface for the densely-connected layer.

    Returns the output of ``Dense(units, ..., name=name, _scope=name,
    _reuse=reuse)`` applied to ``inputs``: with a ``name``, the variable scope
    is entered now (a second call with ``reuse=True`` shares it; its ops go
    to ``name_1/``).

    Raises:
      ValueError: if eager execution is enabled.
    """
    return functional_form(Dense, **locals())


class Dropout(Layer):
    """Applies Dropout to the input.

    Dropout consists in randomly setting a fraction ``rate`` of input units to
    0 at each update during training time; the kept units are scaled by
    ``1 / (1 - rate)``.  At inference (``training=False``, the default) the
    output is the input (TF's op ``dropout/Identity``).

    Arguments:
      rate: The dropout rate, between 0 and 1.
      noise_shape: 1D shape of the binary dropout mask multiplied with the input.
      seed: A Python integer used to create the random seed.
      name: The name of the layer (string).
    """

    def __init__(self, rate: float = 0.5, noise_shape: Optional[Sequence[Optional[int]]] = None,
                 seed: Optional[int] = None, name: Any = None, **kwargs: Any) -> None:
        if not 0 <= rate <= 1:
            raise ValueError("Invalid value received for `rate`, expected a value "
                             "between 0 and 1, got: %s" % (rate,))
        super().__init__(name=name, **kwargs)
        self.rate = rate
        self.noise_shape = noise_shape
        self.seed = seed

    def _op_names(self, input_shape: Shape, training: Any = False,
                  **kwargs: Any) -> List[str]:
        return ["dropout/SelectV2"] if training and self.rate > 0 else ["Identity"]

    def call(self, inputs: Any, training: Any = False, **kwargs: Any) -> Any:
        math = math_for(inputs)
        if training and self.rate > 0:
            return math.dropout(inputs, self.rate, self.noise_shape, self.seed)
        return math.identity(inputs)


def dropout(inputs: Any, rate: float = 0.5, noise_shape: Optional[Sequence[Optional[int]]] = None,
            seed: Optional[int] = None, training: Any = False,
            name: Optional[str] = None) -> Any:
    """Applies Dropout to the input (the functional form of ``Dropout``;
    ``name`` names the layer, and no scope is entered before the call)."""
    layer = Dropout(rate, noise_shape=noise_shape, seed=seed, name=name)
    return layer(inputs, training=training)


class Flatten(Layer):
    """Flattens an input tensor while preserving the batch axis (axis 0).

    Arguments:
      data_format: ``channels_last`` (default) or ``channels_first``: with the
        latter, the channels axis is moved last first (TF's ``transpose`` op),
        so the flattened order is the same for both.
    """

    def __init__(self, data_format: Optional[str] = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.data_format = normalize_data_format(data_format)

    def _op_names(self, input_shape: Shape, **kwargs: Any) -> List[str]:
        if input_shape is not None and len(input_shape) == 1:
            return ["ExpandDims"]
        moves_channels = (self.data_format == "channels_first"
                          and input_shape is not None and len(input_shape) > 1)
        return (["transpose"] if moves_channels else []) + ["Reshape"]

    def call(self, inputs: Any, **kwargs: Any) -> Any:
        math = math_for(inputs)
        shape = tuple(inputs.shape)
        if len(shape) == 1:
            return math.reshape(inputs, (shape[0], 1))
        if self.data_format == "channels_first" and len(shape) > 2:
            inputs = math.transpose(inputs, [0] + list(range(2, len(shape))) + [1])
        return math.reshape(inputs, (shape[0], -1))

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        if input_shape is None:
            return (None, None)
        if len(input_shape) == 1:
            return (input_shape[0], 1)
        rest = input_shape[1:]
        size = None if any(d is None for d in rest) else math.prod(int(d) for d in rest if d is not None)
        return (input_shape[0], size)


def flatten(inputs: Any, name: Optional[str] = None,
            data_format: str = "channels_last") -> Any:
    """Flattens an input tensor while preserving the batch axis (axis 0)."""
    layer = Flatten(name=name, data_format=data_format)
    return layer(inputs)

