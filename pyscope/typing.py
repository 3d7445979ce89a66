"""Types for annotating code that uses pyscope (``from pyscope.typing import
Initializer, Partitioner``).

They name what TF 1.x's documentation describes in words: an initializer is
called as ``initializer(shape, dtype=dtype, partition_info=partition_info)``
and returns the initial value; a partitioner is called as
``partitioner(shape=shape, dtype=dtype)`` and returns how many parts each
axis is cut into; a regularizer takes the new variable and returns a loss
(or None); a custom getter takes the getter it wraps first, then the
arguments of ``get_variable``.

Example::

    import numpy as np
    import pyscope as ps
    from pyscope.typing import Initializer

    def halves(shape, dtype=None, partition_info=None):
        return np.full(shape, 0.5)

    init: Initializer = halves
    v = ps.get_variable("v", [2], initializer=init)
"""
from __future__ import annotations

from typing import Any, Callable, List, Optional, Protocol, Sequence, Union

import numpy.typing as npt

from pyscope.dtypes import DType

__all__ = [
    "ShapeLike", "DTypeLike", "Initializer", "InitializerLike", "Partitioner",
    "Regularizer", "Constraint", "CustomGetter", "CachingDevice",
]

#: A shape: a single dimension, or a sequence of dimensions (None unknown).
ShapeLike = Union[int, Sequence[Optional[int]]]

#: A dtype: a pyscope `DType` (``ps.float32``), a NumPy dtype, a type such
#: as ``float``, or its name (``"float32"``).
DTypeLike = Union[DType, npt.DTypeLike]


class Initializer(Protocol):
    """A callable that makes a variable's initial value, as TF's
    ``Initializer.__call__(shape, dtype=None, partition_info=None)``."""

    def __call__(self, shape: List[int], dtype: Any = ...,
                 partition_info: Any = ...) -> Any:
        ...


#: What ``get_variable(initializer=...)`` takes: an initializer, or the
#: initial value itself (a NumPy array or a nested list of numbers).
InitializerLike = Union[Initializer, npt.ArrayLike]


class Partitioner(Protocol):
    """A callable that says how to cut a variable: called as
    ``partitioner(shape=shape, dtype=dtype)``, it returns the number of parts
    along each axis (all 1 but at most one)."""

    def __call__(self, *, shape: List[int], dtype: Any) -> Sequence[int]:
        ...


#: Takes the new variable and returns its regularization loss, or None.
Regularizer = Callable[[Any], Any]

#: Takes the variable's new value and returns the value to keep.
Constraint = Callable[[Any], Any]

#: ``custom_getter(getter, name, *args, **kwargs)``: makes or returns the
#: variable, usually by calling ``getter(name, *args, **kwargs)``.
CustomGetter = Callable[..., Any]

#: A device name, or a function from the variable's op to one.
CachingDevice = Union[str, Callable[[Any], str]]
