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
from typing import Any, Callable, Dict, Optional, Sequence

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

    def dropout(self, x: Array, rate: float, noise_shape: Optional[Sequence[int]],
                seed: Optional[int]) -> Array:
        """Inverted dropout: keep with probability ``1 - rate``, scaled by ``1 / (1 - rate)``."""
        x = np.asarray(x)
        shape = x.shape if noise_shape is None else tuple(
            x.shape[i] if d is None else d for i, d in enumerate(noise_shape))
        keep = np.random.default_rng(seed).random(shape) >= rate
        return np.where(keep, x / (1 - rate), 0).astype(x.dtype)


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
