"""Pooling layers of ``tf.compat.v1.layers``: ``MaxPooling1D/2D/3D``,
``AveragePooling1D/2D/3D`` and their functional forms.  They make no
variables but take a uid and a scope, as every layer."""
from typing import Any, List, Optional

from pyscope.layers import conv_utils
from pyscope.layers.base import Layer
from pyscope.layers.numerics import math_for
from pyscope.tensor_spec import Shape


class _Pooling(Layer):
    """Pooling layer for arbitrary pooling functions (private base).

    Arguments:
      pool_size: An integer or tuple/list of integers, the size of the
        pooling window.
      strides: An integer or tuple/list of integers, the strides of the
        pooling operation.
      padding: A string. The padding method, either 'valid' or 'same'.
        Case-insensitive.
      data_format: A string, one of ``channels_last`` (default) or
        ``channels_first``.
      name: A string, the name of the layer.
    """

    rank = 2
    kind = "max"

    def __init__(self, pool_size: Any, strides: Any, padding: str = "valid",
                 data_format: str = "channels_last", name: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(name=name, **kwargs)
        self.pool_size = conv_utils.normalize_tuple(pool_size, self.rank, "pool_size")
        self.strides = conv_utils.normalize_tuple(
            pool_size if strides is None else strides, self.rank, "strides")
        self.padding = conv_utils.normalize_padding(padding)
        self.data_format = conv_utils.normalize_data_format(data_format)

    @property
    def _channels_first(self) -> bool:
        return self.data_format == "channels_first"

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        if input_shape is None or len(input_shape) != self.rank + 2:
            raise ValueError("Input 0 of layer \"%s\" is incompatible with the layer: "
                             "expected ndim=%d, found shape %s"
                             % (self.name, self.rank + 2, input_shape))
        first = 2 if self._channels_first else 1
        spatial = tuple(conv_utils.conv_output_length(
            input_shape[first + i], self.pool_size[i], self.padding, self.strides[i])
            for i in range(self.rank))
        if self._channels_first:
            return tuple(input_shape[:2]) + spatial
        return (input_shape[0],) + spatial + (input_shape[-1],)

    def build(self, input_shape: Shape) -> None:
        self.compute_output_shape(input_shape)  # the rank check, as TF's InputSpec
        self.built = True

    def _op_names(self, input_shape: Shape, **kwargs: Any) -> List[str]:
        op = {("max", 1): "MaxPool", ("avg", 1): "AvgPool", ("max", 2): "MaxPool",
              ("avg", 2): "AvgPool", ("max", 3): "MaxPool3D",
              ("avg", 3): "AvgPool3D"}[self.kind, self.rank]
        return ["ExpandDims", op, "Squeeze"] if self.rank == 1 else [op]

    def call(self, inputs: Any, **kwargs: Any) -> Any:
        return math_for(inputs).pool(self.kind, inputs, self.pool_size, self.strides,
                                     self.padding, self._channels_first)


class MaxPooling1D(_Pooling):
    """Max Pooling layer for 1D inputs."""

    rank, kind = 1, "max"


class AveragePooling1D(_Pooling):
    """Average Pooling layer for 1D inputs."""

    rank, kind = 1, "avg"


class MaxPooling2D(_Pooling):
    """Max pooling layer for 2D inputs (e.g. images)."""

    rank, kind = 2, "max"


class AveragePooling2D(_Pooling):
    """Average pooling layer for 2D inputs (e.g. images)."""

    rank, kind = 2, "avg"


class MaxPooling3D(_Pooling):
    """Max pooling layer for 3D inputs (e.g. volumes)."""

    rank, kind = 3, "max"


class AveragePooling3D(_Pooling):
    """Average pooling layer for 3D inputs (e.g. volumes)."""

    rank, kind = 3, "avg"


def _pool(layer_class: type, inputs: Any, pool_size: Any, strides: Any, padding: str,
          data_format: str, name: Optional[str]) -> Any:
    # no _scope: the name names the layer, the scope comes at the call
    layer = layer_class(pool_size=pool_size, strides=strides, padding=padding,
                        data_format=data_format, name=name)
    return layer(inputs)


def max_pooling1d(inputs: Any, pool_size: Any, strides: Any, padding: str = "valid",
                  data_format: str = "channels_last", name: Optional[str] = None) -> Any:
    """Max Pooling layer for 1D inputs."""
    return _pool(MaxPooling1D, inputs, pool_size, strides, padding, data_format, name)


def average_pooling1d(inputs: Any, pool_size: Any, strides: Any, padding: str = "valid",
                      data_format: str = "channels_last", name: Optional[str] = None) -> Any:
    """Average Pooling layer for 1D inputs."""
    return _pool(AveragePooling1D, inputs, pool_size, strides, padding, data_format, name)


def max_pooling2d(inputs: Any, pool_size: Any, strides: Any, padding: str = "valid",
                  data_format: str = "channels_last", name: Optional[str] = None) -> Any:
    """Max pooling layer for 2D inputs (e.g. images)."""
    return _pool(MaxPooling2D, inputs, pool_size, strides, padding, data_format, name)


def average_pooling2d(inputs: Any, pool_size: Any, strides: Any, padding: str = "valid",
                      data_format: str = "channels_last", name: Optional[str] = None) -> Any:
    """Average pooling layer for 2D inputs (e.g. images)."""
    return _pool(AveragePooling2D, inputs, pool_size, strides, padding, data_format, name)


def max_pooling3d(inputs: Any, pool_size: Any, strides: Any, padding: str = "valid",
                  data_format: str = "channels_last", name: Optional[str] = None) -> Any:
    """Max pooling layer for 3D inputs (e.g. volumes)."""
    return _pool(MaxPooling3D, inputs, pool_size, strides, padding, data_format, name)


def average_pooling3d(inputs: Any, pool_size: Any, strides: Any, padding: str = "valid",
                      data_format: str = "channels_last", name: Optional[str] = None) -> Any:
    """Average pooling layer for 3D inputs (e.g. volumes)."""
    return _pool(AveragePooling3D, inputs, pool_size, strides, padding, data_format, name)


# TF's aliases
AvgPool2D = AveragePooling2D
MaxPool2D = MaxPooling2D
max_pool2d = max_pooling2d
avg_pool2d = average_pooling2d
