"""The math of the layers, pluggable by input type.

A layer's ``call`` never computes by itself: it asks ``math_for(inputs)`` for
the implementation registered for the input's type and calls its methods
with the layer's variables.  NumPy is built in (TF's numerics, float32 within
1e-5 of TF's outputs); another framework plugs its own with

    pyscope.layers.register_math(torch.Tensor, TorchMath())

where ``TorchMath`` has the methods of `NumpyMath` (``value`` turns a
variable -- whatever a creator made -- into the framework's array).
Parameters keep TF's layouts (a Dense kernel is ``[in, units]``), so the
math reads them as TF does.
"""
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

# arrays are whatever the math computes on (NumPy's here)
Array = Any

_MATHS: Dict[type, Any] = {}


def _relu6(x: Array) -> Array:
    return np.minimum(np.maximum(x, 0), 6)


def _softmax(x: Array) -> Array:
    shifted = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return shifted / np.sum(shifted, axis=-1, keepdims=True)


def _elu(x: Array) -> Array:
    return np.where(x > 0, x, np.expm1(np.minimum(x, 0)))


_ACTIVATIONS: Dict[str, Callable[[Any], Any]] = {
    "Relu": lambda x: np.maximum(x, 0),
    "Relu6": _relu6,
    "Elu": _elu,
    "Tanh": np.tanh,
    "Sigmoid": lambda x: 1 / (1 + np.exp(-x)),
    "Softplus": lambda x: np.logaddexp(0, x),
    "Softmax": _softmax,
    "Identity": lambda x: x,
}


class NumpyMath:
    """TF's numerics on NumPy arrays (float32 results as TF's within 1e-5)."""

    def value(self, variable: Any) -> Array:
        """The value of a layer variable (a partitioned one joined)."""
        return np.asarray(variable.numpy())

    def dense(self, inputs: Array, kernel: Any, bias: Optional[Any]) -> Array:
        """``inputs @ kernel + bias`` over the last axis (TF's MatMul/Tensordot)."""
        x = np.asarray(inputs)
        w = self.value(kernel)
        out = np.tensordot(x, w, axes=([x.ndim - 1], [0])).astype(
            np.result_type(x.dtype, w.dtype))
        return out if bias is None else out + self.value(bias)

    def activation(self, op_name: str, x: Array) -> Array:
        """Applies the activation TF names ``op_name`` (``Relu``, ``Tanh`` ...)."""
        return _ACTIVATIONS[op_name](np.asarray(x)).astype(np.asarray(x).dtype)

    def reshape(self, x: Array, shape: Sequence[int]) -> Array:
        """``np.reshape``; -1 infers one dimension, as TF's Reshape."""
        return np.reshape(np.asarray(x), tuple(shape))

    def transpose(self, x: Array, perm: Sequence[int]) -> Array:
        """The axes of ``x`` permuted, as TF's Transpose."""
        return np.transpose(np.asarray(x), tuple(perm))

    def identity(self, x: Array) -> Array:
        """The input, as TF's Identity."""
        return np.asarray(x)

    # -- what the RNN cells and drivers do between the layers' ops ----------
    def concat(self, values: Sequence[Array], axis: int) -> Array:
        """The arrays joined along ``axis``, as TF's ConcatV2."""
        return np.concatenate([np.asarray(v) for v in values], axis=axis)

    def split(self, x: Array, sections: Any, axis: int) -> List[Array]:
        """``x`` cut along ``axis``: into ``sections`` equal parts (an int) or
        at the given indices (a list), as ``np.split``."""
        return np.split(np.asarray(x), sections, axis=axis)

    def stack(self, values: Sequence[Array], axis: int) -> Array:
        """The arrays stacked on a new ``axis``, as TF's Pack."""
        return np.stack([np.asarray(v) for v in values], axis=axis)

    def clip(self, x: Array, low: float, high: float) -> Array:
        """``x`` clipped to ``[low, high]``, as TF's ClipByValue."""
        return np.clip(np.asarray(x), low, high)

    def where(self, mask: np.ndarray, x: Array, y: Any) -> Array:
        """``x`` where the NumPy bool ``mask`` (broadcast) holds, else ``y``
        (an array or a scalar), as TF's Select."""
        return np.where(mask, np.asarray(x), y)

    def zeros(self, shape: Sequence[int], dtype: np.dtype) -> Array:
        """An array of zeros of a NumPy ``dtype`` (an RNN's initial state)."""
        return np.zeros(tuple(shape), dtype)

    def dropout(self, x: Array, rate: float, noise_shape: Optional[Sequence[int]],
                seed: Optional[int]) -> Array:
        """Inverted dropout: keep with probability ``1 - rate``, scaled by ``1 / (1 - rate)``."""
        x = np.asarray(x)
        shape = x.shape if noise_shape is None else tuple(
            x.shape[i] if d is None else d for i, d in enumerate(noise_shape))
        keep = np.random.default_rng(seed).random(shape) >= rate
        return np.where(keep, x / (1 - rate), 0).astype(x.dtype)

    # -- convolutions and pooling: channels last inside, TF's SAME padding ----
    def bias_add(self, x: Array, bias: Any, channels_first: bool) -> Array:
        """``x + bias`` on the channels axis, as TF's BiasAdd."""
        b = self.value(bias)
        x = np.asarray(x)
        if channels_first:
            return x + b.reshape((-1,) + (1,) * (x.ndim - 2))
        return x + b

    def convolution(self, x: Array, kernel: Any, strides: Sequence[int], padding: str,
                    dilation: Sequence[int], channels_first: bool) -> Array:
        """N-D convolution (TF's Conv1D/2D/3D), kernel ``[k..., in, out]``."""
        w = self.value(kernel)
        return _channels_last(channels_first, x, lambda v: _correlate(
            v, w, strides, padding, dilation))

    def depthwise(self, x: Array, kernel: Any, strides: Sequence[int], padding: str,
                  dilation: Sequence[int], channels_first: bool) -> Array:
        """Depthwise convolution, kernel ``[k..., in, multiplier]``; output
        channel ``c * multiplier + m`` (TF's order)."""
        w = self.value(kernel)
        return _channels_last(channels_first, x, lambda v: _correlate(
            v, w, strides, padding, dilation, depthwise=True))

    def conv_transpose(self, x: Array, kernel: Any, output_spatial: Sequence[int],
                       strides: Sequence[int], padding: str,
                       channels_first: bool) -> Array:
        """Transposed convolution (the gradient of a convolution), kernel
        ``[k..., out, in]``, cropped to ``output_spatial`` as TF's."""
        w = self.value(kernel)
        return _channels_last(channels_first, x, lambda v: _transposed(
            v, w, output_spatial, strides, padding))

    def pool(self, kind: str, x: Array, pool_size: Sequence[int], strides: Sequence[int],
             padding: str, channels_first: bool) -> Array:
        """Max or average pooling (``kind`` "max"/"avg"); the average counts only
        the elements inside the input, as TF's AvgPool."""
        return _channels_last(channels_first, x, lambda v: _pool(
            kind, v, pool_size, strides, padding))


NUMPY = NumpyMath()


def register_math(tensor_type: type, math: Any) -> None:
    """Makes ``math`` compute every layer called on a ``tensor_type`` input."""
    if not isinstance(tensor_type, type):
        raise TypeError("register_math needs a type, got %r" % (tensor_type,))
    _MATHS[tensor_type] = math


def math_for(inputs: Any) -> Any:
    """The math registered for the type of ``inputs`` (NumPy by default)."""
    for cls in type(inputs).__mro__:
        math = _MATHS.get(cls)
        if math is not None:
            return math
    return NUMPY


def _channels_last(channels_first: bool, x: Array, f: Callable[[Any], Any]) -> Array:
    x = np.asarray(x)
    if not channels_first:
        return f(x)
    return np.moveaxis(f(np.moveaxis(x, 1, -1)), -1, 1)


def _same_padding(length: int, window: int, stride: int) -> Tuple[int, int]:
    out = -(-length // stride)
    total = max((out - 1) * stride + window - length, 0)
    return total // 2, total - total // 2


def _padded(x: Array, window: Sequence[int], strides: Sequence[int], padding: str,
            fill: float) -> Array:
    if padding.lower() != "same":
        return x
    pads = [(0, 0)] + [_same_padding(x.shape[i + 1], window[i], strides[i])
                       for i in range(len(window))] + [(0, 0)]
    return np.pad(x, pads, constant_values=fill)


def _windows(x: Array, window: Sequence[int], strides: Sequence[int],
             dilation: Sequence[int]) -> Any:
    """Yields (offset, strided slice of x) for every kernel offset."""
    rank = len(window)
    spans = [(window[i] - 1) * dilation[i] + 1 for i in range(rank)]
    out = [(x.shape[i + 1] - spans[i]) // strides[i] + 1 for i in range(rank)]
    for offset in np.ndindex(*window):
        index = (slice(None),) + tuple(
            slice(offset[i] * dilation[i],
                  offset[i] * dilation[i] + (out[i] - 1) * strides[i] + 1, strides[i])
            for i in range(rank))
        yield offset, x[index]


def _correlate(x: Array, w: Array, strides: Sequence[int], padding: str,
               dilation: Sequence[int], depthwise: bool = False) -> Array:
    rank = w.ndim - 2
    spans = [(w.shape[i] - 1) * dilation[i] + 1 for i in range(rank)]
    x = _padded(x, spans, strides, padding, 0.0)
    total: Any = None
    for offset, patch in _windows(x, w.shape[:rank], strides, dilation):
        if depthwise:  # [N, ..., C] x [C, M] -> [N, ..., C*M]
            term = (patch[..., :, None] * w[offset]).reshape(patch.shape[:-1] + (-1,))
        else:
            term = np.tensordot(patch, w[offset], axes=([patch.ndim - 1], [0]))
        total = term if total is None else total + term
    return total.astype(np.result_type(x.dtype, w.dtype))


def _transposed(x: Array, w: Array, output_spatial: Sequence[int],
                strides: Sequence[int], padding: str) -> Array:
    rank = w.ndim - 2
    spatial = x.shape[1:1 + rank]
    full = [(spatial[i] - 1) * strides[i] + w.shape[i] for i in range(rank)]
    size = [max(full[i], output_spatial[i]) for i in range(rank)]
    out = np.zeros((x.shape[0],) + tuple(size) + (w.shape[rank],),
                   np.result_type(x.dtype, w.dtype))
    for offset in np.ndindex(*w.shape[:rank]):
        index = (slice(None),) + tuple(
            slice(offset[i], offset[i] + (spatial[i] - 1) * strides[i] + 1, strides[i])
            for i in range(rank))
        out[index] += np.tensordot(x, w[offset], axes=([x.ndim - 1], [1]))
    crop: Tuple[slice, ...] = (slice(None),)
    for i in range(rank):
        # the forward SAME convolution from the output pads this much first
        before = 0
        if padding.lower() == "same":
            total = max((spatial[i] - 1) * strides[i] + w.shape[i] - output_spatial[i], 0)
            before = total // 2
        crop += (slice(before, before + output_spatial[i]),)
    return out[crop]


def _pool(kind: str, x: Array, pool_size: Sequence[int], strides: Sequence[int],
          padding: str) -> Array:
    rank = len(pool_size)
    ones = [1] * rank
    if kind == "max":
        fill = -np.inf
        padded = _padded(x.astype(np.float64), pool_size, strides, padding, fill)
        patches = [p for _, p in _windows(padded, pool_size, strides, ones)]
        return np.maximum.reduce(patches).astype(x.dtype)
    padded = _padded(x.astype(np.float64), pool_size, strides, padding, 0.0)
    counts = _padded(np.ones((1,) + x.shape[1:-1] + (1,)), pool_size, strides, padding, 0.0)
    total = sum(p for _, p in _windows(padded, pool_size, strides, ones))
    count = sum(p for _, p in _windows(counts, pool_size, strides, ones))
    return np.asarray(total / count).astype(x.dtype)
