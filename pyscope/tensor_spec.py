"""``TensorSpec``: a tensor's shape, dtype and name, with no value.

The layer libraries read nothing of an input but ``.shape`` and ``.dtype``,
so a model can be named from ``TensorSpec`` inputs alone: a layer called on a
spec returns the spec of its output."""
from typing import Any, Iterable, List, Optional, Tuple

import numpy as np

from pyscope.dtypes import DType, as_dtype
from pyscope.tensor_shape import from_tuple

Shape = Optional[Tuple[Optional[int], ...]]


def as_shape(shape: Any) -> Shape:
    """A shape as a `TensorShape` of ints and ``None`` (a tuple, so that
    TF1 code's ``x.shape.as_list()`` works), ``None`` for an unknown rank."""
    if shape is None:
        return None
    dims = getattr(shape, "as_list", None)
    if callable(dims):
        shape = dims()
    return from_tuple(tuple(None if d is None else int(d) for d in shape))


class TensorSpec:
    """Describes a tensor.

    A `TensorSpec` has a shape (dimensions may be ``None`` when unknown), a
    dtype and an optional name. As TF's ``tf.TensorSpec(shape, dtype=tf.float32,
    name=None)``; the output of a pyscope layer called on a spec is a spec
    named after the layer's last op (``dense/BiasAdd``).
    """

    __slots__ = ("_shape", "_dtype", "_name", "_aliases")

    def __init__(self, shape: Optional[Iterable[Optional[int]]],
                 dtype: Any = np.float32, name: Optional[str] = None) -> None:
        try:
            self._shape = as_shape(shape)
        except (TypeError, ValueError):
            raise TypeError(
                "TensorSpec shape must be a sequence of ints or None, got %r"
                % (shape,)) from None
        self._dtype: DType = as_dtype(dtype)
        if name is not None and not isinstance(name, str):
            raise TypeError("TensorSpec name must be a str or None, got %r" % (name,))
        self._name = name

    @property
    def shape(self) -> Shape:
        """The shape: a `TensorShape` (a tuple) of ints and ``None``, or
        ``None`` for an unknown rank."""
        return self._shape

    @property
    def dtype(self) -> DType:
        """The dtype of the described tensor."""
        return self._dtype

    @property
    def name(self) -> Optional[str]:
        """The name of the described tensor (the op that made it), or None."""
        return self._name

    @property
    def aliases(self) -> List[str]:
        """The aliases tf-slim's end points gave this tensor
        (``collect_named_outputs``); unset (AttributeError) until then, as on
        a TF tensor."""
        return self._aliases

    @aliases.setter
    def aliases(self, value: List[str]) -> None:
        self._aliases = value

    @property
    def ndim(self) -> Optional[int]:
        """The rank, or None when unknown."""
        return None if self._shape is None else len(self._shape)

    def get_shape(self) -> Shape:
        """The shape (TF1 code reads it so)."""
        return self._shape

    def is_compatible_with(self, spec_or_tensor: Any) -> bool:
        """True when `spec_or_tensor` (a spec, tensor or array) could be described by this spec."""
        other = spec_or_tensor
        if as_dtype(getattr(other, "dtype", self._dtype)) != self._dtype:
            return False
        theirs = as_shape(getattr(other, "shape", None))
        if self._shape is None or theirs is None:
            return True
        return len(theirs) == len(self._shape) and all(
            a is None or b is None or a == b for a, b in zip(self._shape, theirs))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TensorSpec):
            return NotImplemented
        return (self._shape, self._dtype, self._name) == (
            other._shape, other._dtype, other._name)

    def __hash__(self) -> int:
        return hash((self._shape, self._dtype, self._name))

    def __repr__(self) -> str:
        shape = "<unknown>" if self._shape is None else list(self._shape)
        return "TensorSpec(shape=%s, dtype=%s, name=%r)" % (
            shape, self._dtype.name, self._name)
