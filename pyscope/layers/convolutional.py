"""Convolutional layers of ``tf.compat.v1.layers``: ``Conv1D/2D/3D``,
``Conv2DTranspose``, ``Conv3DTranspose``, ``SeparableConv1D/2D`` and their
functional forms, with TF's kernel layouts (``[k..., in, filters]``,
transposed ``[k..., filters, in]``) and op names.

Op names are TF's for inputs whose spatial dimensions are known; the
helper ops TF makes inside the main ops' own scopes (``Conv1D/ExpandDims/dim``,
``Tensordot/...``) are not registered."""
from typing import Any, List, Optional, Sequence, Tuple

from pyscope.initializers import zeros_initializer
from pyscope.layers import conv_utils
from pyscope.layers.base import Layer, activation_op_names, functional_form
from pyscope.layers.numerics import math_for
from pyscope.tensor_spec import Shape


class _Conv(Layer):
    """Abstract N-D convolution layer (private, used as implementation base).

    This layer creates a convolution kernel that is convolved (actually
    cross-correlated) with the layer input to produce a tensor of outputs. If
    ``use_bias`` is True (and a ``bias_initializer`` is provided), a bias
    vector is created and added to the outputs. Finally, if ``activation`` is
    not ``None``, it is applied to the outputs as well.
    """

    rank = 2

    def __init__(self, filters: int, kernel_size: Any, strides: Any = 1,
                 padding: str = "valid", data_format: Optional[str] = "channels_last",
                 dilation_rate: Any = 1, activation: Any = None, use_bias: bool = True,
                 kernel_initializer: Any = None,
                 bias_initializer: Any = zeros_initializer(),
                 kernel_regularizer: Any = None, bias_regularizer: Any = None,
                 activity_regularizer: Any = None, kernel_constraint: Any = None,
                 bias_constraint: Any = None, trainable: bool = True, name: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(trainable=trainable, name=name,
                         activity_regularizer=activity_regularizer, **kwargs)
        filters = int(filters)
        if filters <= 0:
            raise ValueError("Invalid value for argument `filters`. Expected a strictly "
                             "positive value. Received filters=%d." % filters)
        self.filters = filters
        self.kernel_size = conv_utils.normalize_tuple(kernel_size, self.rank, "kernel_size")
        self.strides = conv_utils.normalize_tuple(strides, self.rank, "strides")
        self.padding = conv_utils.normalize_padding(padding)
        self.data_format = conv_utils.normalize_data_format(data_format)
        self.dilation_rate = conv_utils.normalize_tuple(
            dilation_rate, self.rank, "dilation_rate")
        if not all(self.kernel_size):
            raise ValueError("The argument `kernel_size` cannot contain 0(s). Received: %s"
                             % (self.kernel_size,))
        if not all(self.strides):
            raise ValueError("The argument `strides` cannot contains 0(s). Received: %s"
                             % (self.strides,))
        if self.padding == "causal" and self.rank != 1:
            raise ValueError("Causal padding is only supported for `Conv1D`and "
                             "`SeparableConv1D`.")
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError("`strides > 1` not supported in conjunction with "
                             "`dilation_rate > 1`. Received: strides=%s and dilation_rate=%s"
                             % (self.strides, self.dilation_rate))
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

    # -- shapes ----------------------------------------------------------------
    @property
    def _channels_first(self) -> bool:
        return self.data_format == "channels_first"

    def _input_channels(self, input_shape: Shape) -> int:
        if input_shape is None or len(input_shape) < self.rank + 2:
            raise ValueError(
                "Input 0 of layer \"%s\" is incompatible with the layer: expected "
                "min_ndim=%d, found ndim=%s. Full shape received: %s"
                % (self.name, self.rank + 2,
                   None if input_shape is None else len(input_shape), input_shape))
        channels = input_shape[1] if self._channels_first else input_shape[-1]
        if channels is None:
            raise ValueError(
                "The channel dimension of the inputs should be defined. The input_shape "
                "received is %s, where axis %d (0-based) is the channel dimension, which "
                "found to be `None`." % (input_shape, self._channel_axis()))
        return int(channels)

    def _channel_axis(self) -> int:
        return -1 - self.rank if self._channels_first else -1

    def _spatial(self, input_shape: Shape) -> Tuple[Optional[int], ...]:
        assert input_shape is not None
        return tuple(input_shape[2:] if self._channels_first else input_shape[1:-1])

    def _spatial_output(self, spatial: Sequence[Optional[int]]) -> Tuple[Optional[int], ...]:
        return tuple(conv_utils.conv_output_length(
            length, self.kernel_size[i], self.padding, self.strides[i],
            self.dilation_rate[i]) for i, length in enumerate(spatial))

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        assert input_shape is not None
        spatial = self._spatial_output(self._spatial(input_shape))
        if self._channels_first:
            return (input_shape[0], self.filters) + spatial
        return (input_shape[0],) + spatial + (self.filters,)

    # -- variables and ops -----------------------------------------------------
    def _kernel_shape(self, channels: int) -> Tuple[int, ...]:
        return self.kernel_size + (channels, self.filters)

    def build(self, input_shape: Shape) -> None:
        channels = self._input_channels(input_shape)
        self.kernel = self.add_weight(
            "kernel", shape=self._kernel_shape(channels),
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint, trainable=True, dtype=self.dtype)
        self._add_bias()
        self.built = True

    def _add_bias(self) -> None:
        if self.use_bias:
            self.bias = self.add_weight(
                "bias", shape=(self.filters,), initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                trainable=True, dtype=self.dtype)

    def _bias_ops(self) -> List[str]:
        if not self.use_bias:
            return []
        # a 1-D channels-first bias is a reshape and an add in TF
        return ["Reshape", "add"] if self.rank == 1 and self._channels_first else ["BiasAdd"]

    def _op_names(self, input_shape: Shape, **kwargs: Any) -> List[str]:
        op = type(self).__name__  # TF names the convolution after the class
        if self.rank == 1:
            names = [op + "/ExpandDims", op + "/ExpandDims", op, op + "/Squeeze"]
        elif max(self.dilation_rate) > 1:
            names = [op + "/SpaceToBatchND", op, op + "/BatchToSpaceND"]
        else:
            names = [op]
        causal = ["Pad"] if self.padding == "causal" else []
        return causal + names + self._bias_ops() + activation_op_names(self.activation)

    def call(self, inputs: Any, **kwargs: Any) -> Any:
        math = math_for(inputs)
        x = inputs
        padding = self.padding
        if padding == "causal":  # left padding only
            x = _causal_pad(x, (self.kernel_size[0] - 1) * self.dilation_rate[0],
                            self._channels_first)
            padding = "valid"
        outputs = math.convolution(x, self.kernel, self.strides, padding,
                                   self.dilation_rate, self._channels_first)
        return self._finish(math, outputs)

    def _finish(self, math: Any, outputs: Any) -> Any:
        if self.use_bias:
            outputs = math.bias_add(outputs, self.bias, self._channels_first)
        return outputs if self.activation is None else self.activation(outputs)


def _causal_pad(x: Any, amount: int, channels_first: bool) -> Any:
    import numpy as np
    x = np.asarray(x)
    pads = [(0, 0)] * x.ndim
    pads[2 if channels_first else 1] = (amount, 0)
    return np.pad(x, pads)


class Conv1D(_Conv):
    """1D convolution layer (e.g. temporal convolution).

    This layer creates a convolution kernel ``[kernel_size, in, filters]``
    that is convolved (actually cross-correlated) with the layer input to
    produce a tensor of outputs. If ``use_bias`` is True (and a
    ``bias_initializer`` is provided), a bias vector is created and added to
    the outputs. Finally, if ``activation`` is not ``None``, it is applied to
    the outputs as well.
    """

    rank = 1


class Conv2D(_Conv):
    """2D convolution layer (e.g. spatial convolution over images), kernel
    ``[kh, kw, in, filters]`` (HWIO)."""

    rank = 2


class Conv3D(_Conv):
    """3D convolution layer (e.g. spatial convolution over volumes), kernel
    ``[kd, kh, kw, in, filters]``."""

    rank = 3


class _ConvTranspose(_Conv):
    """Transposed convolution layer (sometimes called Deconvolution): kernel
    ``[k..., filters, in]``."""

    def __init__(self, filters: int, kernel_size: Any, strides: Any = 1,
                 padding: str = "valid", data_format: Optional[str] = "channels_last",
                 activation: Any = None, use_bias: bool = True,
                 kernel_initializer: Any = None,
                 bias_initializer: Any = zeros_initializer(),
                 kernel_regularizer: Any = None, bias_regularizer: Any = None,
                 activity_regularizer: Any = None, kernel_constraint: Any = None,
                 bias_constraint: Any = None, trainable: bool = True, name: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(filters, kernel_size, strides=strides, padding=padding,
                         data_format=data_format, activation=activation,
                         use_bias=use_bias, kernel_initializer=kernel_initializer,
                         bias_initializer=bias_initializer,
                         kernel_regularizer=kernel_regularizer,
                         bias_regularizer=bias_regularizer,
                         activity_regularizer=activity_regularizer,
                         kernel_constraint=kernel_constraint,
                         bias_constraint=bias_constraint, trainable=trainable,
                         name=name, **kwargs)

    def _kernel_shape(self, channels: int) -> Tuple[int, ...]:
        return self.kernel_size + (self.filters, channels)

    def _spatial_output(self, spatial: Sequence[Optional[int]]) -> Tuple[Optional[int], ...]:
        return tuple(conv_utils.deconv_output_length(
            length, self.kernel_size[i], self.padding, self.strides[i])
            for i, length in enumerate(spatial))

    def _op_names(self, input_shape: Shape, **kwargs: Any) -> List[str]:
        if self.rank == 2:
            names = ["Shape", "strided_slice", "stack", "strided_slice", "conv2d_transpose"]
        else:
            names = (["Shape"] + ["strided_slice"] * 4 + ["mul", "add"] * 3
                     + ["stack", "conv3d_transpose"])
        return names + self._bias_ops() + activation_op_names(self.activation)

    def call(self, inputs: Any, **kwargs: Any) -> Any:
        math = math_for(inputs)
        spatial = self._spatial_output(self._spatial(tuple(inputs.shape)))
        outputs = math.conv_transpose(inputs, self.kernel, spatial, self.strides,
                                      self.padding, self._channels_first)
        return self._finish(math, outputs)


class Conv2DTranspose(_ConvTranspose):
    """Transposed 2D convolution layer, kernel ``[kh, kw, filters, in]``."""

    rank = 2


class Conv3DTranspose(_ConvTranspose):
    """Transposed 3D convolution layer, kernel ``[kd, kh, kw, filters, in]``."""

    rank = 3


class _SeparableConv(_Conv):
    """Abstract depthwise-separable convolution: a depthwise kernel
    ``[k..., in, depth_multiplier]`` then a pointwise kernel
    ``[1..., in * depth_multiplier, filters]``."""

    def __init__(self, filters: int, kernel_size: Any, strides: Any = 1,
                 padding: str = "valid", data_format: Optional[str] = "channels_last",
                 dilation_rate: Any = 1, depth_multiplier: int = 1,
                 activation: Any = None, use_bias: bool = True,
                 depthwise_initializer: Any = None, pointwise_initializer: Any = None,
                 bias_initializer: Any = zeros_initializer(),
                 depthwise_regularizer: Any = None, pointwise_regularizer: Any = None,
                 bias_regularizer: Any = None, activity_regularizer: Any = None,
                 depthwise_constraint: Any = None, pointwise_constraint: Any = None,
                 bias_constraint: Any = None, trainable: bool = True, name: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(filters, kernel_size, strides=strides, padding=padding,
                         data_format=data_format, dilation_rate=dilation_rate,
                         activation=activation, use_bias=use_bias,
                         bias_initializer=bias_initializer,
                         bias_regularizer=bias_regularizer,
                         activity_regularizer=activity_regularizer,
                         bias_constraint=bias_constraint, trainable=trainable,
                         name=name, **kwargs)
        self.depth_multiplier = depth_multiplier
        self.depthwise_initializer = depthwise_initializer
        self.pointwise_initializer = pointwise_initializer
        self.depthwise_regularizer = depthwise_regularizer
        self.pointwise_regularizer = pointwise_regularizer
        self.depthwise_constraint = depthwise_constraint
        self.pointwise_constraint = pointwise_constraint
        self.depthwise_kernel: Any = None
        self.pointwise_kernel: Any = None

    def build(self, input_shape: Shape) -> None:
        channels = self._input_channels(input_shape)
        self.depthwise_kernel = self.add_weight(
            "depthwise_kernel", shape=self.kernel_size + (channels, self.depth_multiplier),
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint, trainable=True, dtype=self.dtype)
        self.pointwise_kernel = self.add_weight(
            "pointwise_kernel",
            shape=(1,) * self.rank + (self.depth_multiplier * channels, self.filters),
            initializer=self.pointwise_initializer, regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint, trainable=True, dtype=self.dtype)
        self._add_bias()
        self.built = True

    def _op_names(self, input_shape: Shape, **kwargs: Any) -> List[str]:
        core = ["separable_conv2d/Shape", "separable_conv2d/dilation_rate",
                "separable_conv2d/depthwise", "separable_conv2d"]
        if self.rank == 1:  # TF runs it as a 2-D one on expanded inputs
            names = ["ExpandDims"] * 3 + core + self._bias_ops() + ["Squeeze"]
        else:
            names = core + self._bias_ops()
        return names + activation_op_names(self.activation)

    def call(self, inputs: Any, **kwargs: Any) -> Any:
        math = math_for(inputs)
        depthwise = math.depthwise(inputs, self.depthwise_kernel, self.strides,
                                   self.padding, self.dilation_rate, self._channels_first)
        ones = (1,) * self.rank
        outputs = math.convolution(depthwise, self.pointwise_kernel, ones, "valid", ones,
                                   self._channels_first)
        return self._finish(math, outputs)


class SeparableConv1D(_SeparableConv):
    """Depthwise separable 1D convolution."""

    rank = 1


class SeparableConv2D(_SeparableConv):
    """Depthwise separable 2D convolution."""

    rank = 2


def conv1d(inputs: Any, filters: int, kernel_size: Any, strides: Any = 1,
           padding: str = "valid", data_format: str = "channels_last",
           dilation_rate: Any = 1, activation: Any = None, use_bias: bool = True,
           kernel_initializer: Any = None, bias_initializer: Any = zeros_initializer(),
           kernel_regularizer: Any = None, bias_regularizer: Any = None,
           activity_regularizer: Any = None, kernel_constraint: Any = None,
           bias_constraint: Any = None, trainable: bool = True,
           name: Optional[str] = None, reuse: Any = None) -> Any:
    """Functional interface for 1D convolution layer (e.g. temporal convolution)."""
    return functional_form(Conv1D, **locals())


def conv2d(inputs: Any, filters: int, kernel_size: Any, strides: Any = (1, 1),
           padding: str = "valid", data_format: str = "channels_last",
           dilation_rate: Any = (1, 1), activation: Any = None, use_bias: bool = True,
           kernel_initializer: Any = None, bias_initializer: Any = zeros_initializer(),
           kernel_regularizer: Any = None, bias_regularizer: Any = None,
           activity_regularizer: Any = None, kernel_constraint: Any = None,
           bias_constraint: Any = None, trainable: bool = True,
           name: Optional[str] = None, reuse: Any = None) -> Any:
    """Functional interface for the 2D convolution layer."""
    return functional_form(Conv2D, **locals())


def conv3d(inputs: Any, filters: int, kernel_size: Any, strides: Any = (1, 1, 1),
           padding: str = "valid", data_format: str = "channels_last",
           dilation_rate: Any = (1, 1, 1), activation: Any = None, use_bias: bool = True,
           kernel_initializer: Any = None, bias_initializer: Any = zeros_initializer(),
           kernel_regularizer: Any = None, bias_regularizer: Any = None,
           activity_regularizer: Any = None, kernel_constraint: Any = None,
           bias_constraint: Any = None, trainable: bool = True,
           name: Optional[str] = None, reuse: Any = None) -> Any:
    """Functional interface for the 3D convolution layer."""
    return functional_form(Conv3D, **locals())


def conv2d_transpose(inputs: Any, filters: int, kernel_size: Any, strides: Any = (1, 1),
                     padding: str = "valid", data_format: str = "channels_last",
                     activation: Any = None, use_bias: bool = True,
                     kernel_initializer: Any = None,
                     bias_initializer: Any = zeros_initializer(),
                     kernel_regularizer: Any = None, bias_regularizer: Any = None,
                     activity_regularizer: Any = None, kernel_constraint: Any = None,
                     bias_constraint: Any = None, trainable: bool = True,
                     name: Optional[str] = None, reuse: Any = None) -> Any:
    """Functional interface for transposed 2D convolution layer."""
    return functional_form(Conv2DTranspose, **locals())


def conv3d_transpose(inputs: Any, filters: int, kernel_size: Any,
                     strides: Any = (1, 1, 1), padding: str = "valid",
                     data_format: str = "channels_last", activation: Any = None,
                     use_bias: bool = True, kernel_initializer: Any = None,
                     bias_initializer: Any = zeros_initializer(),
                     kernel_regularizer: Any = None, bias_regularizer: Any = None,
                     activity_regularizer: Any = None, kernel_constraint: Any = None,
                     bias_constraint: Any = None, trainable: bool = True,
                     name: Optional[str] = None, reuse: Any = None) -> Any:
    """Functional interface for transposed 3D convolution layer."""
    return functional_form(Conv3DTranspose, **locals())


def separable_conv1d(inputs: Any, filters: int, kernel_size: Any, strides: Any = 1,
                     padding: str = "valid", data_format: str = "channels_last",
                     dilation_rate: Any = 1, depth_multiplier: int = 1,
                     activation: Any = None, use_bias: bool = True,
                     depthwise_initializer: Any = None, pointwise_initializer: Any = None,
                     bias_initializer: Any = zeros_initializer(),
                     depthwise_regularizer: Any = None, pointwise_regularizer: Any = None,
                     bias_regularizer: Any = None, activity_regularizer: Any = None,
                     depthwise_constraint: Any = None, pointwise_constraint: Any = None,
                     bias_constraint: Any = None, trainable: bool = True,
                     name: Optional[str] = None, reuse: Any = None) -> Any:
    """Functional interface for the depthwise separable 1D convolution layer."""
    return functional_form(SeparableConv1D, **locals())


def separable_conv2d(inputs: Any, filters: int, kernel_size: Any, strides: Any = (1, 1),
                     padding: str = "valid", data_format: str = "channels_last",
                     dilation_rate: Any = (1, 1), depth_multiplier: int = 1,
                     activation: Any = None, use_bias: bool = True,
                     depthwise_initializer: Any = None, pointwise_initializer: Any = None,
                     bias_initializer: Any = zeros_initializer(),
                     depthwise_regularizer: Any = None, pointwise_regularizer: Any = None,
                     bias_regularizer: Any = None, activity_regularizer: Any = None,
                     depthwise_constraint: Any = None, pointwise_constraint: Any = None,
                     bias_constraint: Any = None, trainable: bool = True,
                     name: Optional[str] = None, reuse: Any = None) -> Any:
    """Functional interface for the depthwise separable 2D convolution layer."""
    return functional_form(SeparableConv2D, **locals())


# TF's aliases
Convolution1D = Conv1D
Convolution2D = Conv2D
Convolution3D = Conv3D
SeparableConvolution2D = SeparableConv2D
Convolution2DTranspose = Deconvolution2D = Deconv2D = Conv2DTranspose
Convolution3DTranspose = Deconvolution3D = Deconv3D = Conv3DTranspose
convolution1d = conv1d
convolution2d = conv2d
convolution3d = conv3d
separable_convolution2d = separable_conv2d
convolution2d_transpose = deconvolution2d = deconv2d = conv2d_transpose
convolution3d_transpose = deconvolution3d = deconv3d = conv3d_transpose
