"""TF's `TensorShape` and `Dimension`, as TF 2.21 (v2 behaviour: indexing
and iterating give ints or None) -- and still a tuple.

A known-rank `TensorShape` *is* a tuple of ints and None, so code written
for pyscope's tuple shapes keeps working: ``v.shape == (2, 3)``, ``len``,
iteration, indexing, unpacking, ``np.zeros(v.shape)``, and hashing as the
tuple.  As TF's, it is also equal to a list of the same dimensions, slicing
gives a TensorShape, and ``+`` concatenates.  ``TensorShape(None)`` (unknown
rank) is the empty tuple to Python but has no length and cannot be iterated,
as TF's.
"""
from typing import Any, Iterator, List, Optional, Tuple, Union, overload

from pyscope import _shapes

__all__ = ["TensorShape", "Dimension", "as_shape", "as_dimension",
           "unknown_shape", "dimension_value"]


class Dimension:
    """Represents the value of one dimension in a TensorShape (TF1's
    ``tf.compat.v1.Dimension``): an int, or None when unknown."""

    __slots__ = ("_value",)
    __hash__ = None  # type: ignore[assignment]  # TF's is unhashable too

    def __init__(self, value: Any) -> None:
        if isinstance(value, Dimension):
            value = value.value
        self._value = _as_dimension_value(value)

    @property
    def value(self) -> Optional[int]:
        """The value of this dimension, or None if it is unknown."""
        return self._value

    def __int__(self) -> int:
        if self._value is None:
            raise TypeError("unknown Dimension has no integer value")
        return self._value

    __index__ = __int__

    def __eq__(self, other: object) -> Any:
        """Returns true if `other` has the same known value as this Dimension
        (None when either is unknown, as TF)."""
        try:
            other_value = as_dimension(other).value
        except (TypeError, ValueError):
            return NotImplemented
        if self._value is None or other_value is None:
            return None
        return self._value == other_value

    def __ne__(self, other: object) -> Any:
        equal = self.__eq__(other)
        return equal if equal is None or equal is NotImplemented else not equal

    def __repr__(self) -> str:
        return "Dimension(%r)" % (self._value,)

    def __str__(self) -> str:
        return "?" if self._value is None else str(self._value)


def as_dimension(value: Any) -> Dimension:
    """Converts the given value to a Dimension (a Dimension is returned as is)."""
    return value if isinstance(value, Dimension) else Dimension(value)


def dimension_value(dimension: Any) -> Optional[int]:
    """The int value of a dimension (a Dimension, an int or None)."""
    return dimension.value if isinstance(dimension, Dimension) else dimension


def _as_dimension_value(value: Any) -> Optional[int]:
    if isinstance(value, Dimension):
        return value.value
    return _shapes._as_dimension(value)


def _dims_of(dims: Any) -> Tuple[Optional[int], ...]:
    if isinstance(dims, (tuple, list)):
        dims = [dimension_value(d) for d in dims]
    return _shapes.as_shape(dims)  # type: ignore[no-any-return]  # dims: Any


class TensorShape(Tuple[Optional[int], ...]):
    """Represents the shape of a `Tensor` (here: of a variable).

    A `TensorShape` represents a possibly-partial shape specification: it may
    have an unknown rank (``TensorShape(None)``), or a known rank with each
    dimension known (an int) or unknown (None).  Examples::

        s = v.get_shape()            # TensorShape([2, 3])
        s.as_list()                  # [2, 3]
        s.ndims, s[0], s == (2, 3)   # 2, 2, True

    pyscope's TensorShape is a tuple of its dimensions (equal to it, and
    hashing as it), so it is usable wherever a tuple shape is.
    """

    __slots__ = ()

    def __new__(cls, dims: Any) -> "TensorShape":
        """Creates a new TensorShape with the given dimensions (a list of
        ints or None, or None for an unknown rank), as TF's: `dims` is
        required."""
        if dims is None:
            return tuple.__new__(_UnknownShape)
        if type(dims) is _UnknownShape:
            return dims
        return tuple.__new__(TensorShape, _dims_of(dims))

    # -- TF's TensorShape API ------------------------------------------------
    @property
    def rank(self) -> Optional[int]:
        """Returns the rank of this shape, or None if it is unspecified."""
        return tuple.__len__(self)

    ndims = rank

    @property
    def dims(self) -> Optional[List[Dimension]]:
        """Deprecated: the dimensions as `Dimension` objects (None for an
        unknown rank); use `as_list`."""
        return [Dimension(d) for d in tuple.__iter__(self)]

    def as_list(self) -> List[Optional[int]]:
        """Returns a list of integers or `None` for each dimension.

        Raises:
          ValueError: If `self` is an unknown shape with an unknown rank.
        """
        return list(tuple.__iter__(self))

    def is_fully_defined(self) -> bool:
        """Returns True iff `self` is fully defined in every dimension."""
        return None not in tuple.__iter__(self)

    def num_elements(self) -> Optional[int]:
        """Returns the total number of elements, or None for incomplete shapes."""
        if not self.is_fully_defined():
            return None
        n = 1
        for d in tuple.__iter__(self):
            n *= d  # type: ignore[operator]
        return n

    def is_compatible_with(self, other: Any) -> bool:
        """Returns True iff `self` is compatible with `other`: the same rank
        (or either unknown) and each dimension equal or unknown in either."""
        other = as_shape(other)
        if self.rank is None or other.rank is None:
            return True
        if self.rank != other.rank:
            return False
        return all(a is None or b is None or a == b
                   for a, b in zip(tuple.__iter__(self), tuple.__iter__(other)))

    def assert_is_compatible_with(self, other: Any) -> None:
        """Raises ValueError if `self` and `other` do not represent the same shape."""
        if not self.is_compatible_with(other):
            raise ValueError("Shapes %s and %s are incompatible" % (self, as_shape(other)))

    def merge_with(self, other: Any) -> "TensorShape":
        """Returns a `TensorShape` combining the information in `self` and `other`.

        Raises:
          ValueError: If `self` and `other` are not compatible.
        """
        shape = as_shape(other)
        if self.rank is None:
            return shape
        if shape.rank is None:
            return self
        if not self.is_compatible_with(shape):
            raise ValueError("Shapes %s and %s are not compatible" % (self, shape))
        return TensorShape([a if a is not None else b for a, b in
                            zip(tuple.__iter__(self), tuple.__iter__(shape))])

    def concatenate(self, other: Any) -> "TensorShape":
        """Returns the concatenation of the dimension in `self` and `other`
        (unknown rank if either is)."""
        other = as_shape(other)
        if self.rank is None or other.rank is None:
            return unknown_shape()
        return TensorShape(tuple(tuple.__iter__(self)) + tuple(tuple.__iter__(other)))

    def with_rank(self, rank: int) -> "TensorShape":
        """Returns a shape based on `self` with the given rank.

        Raises:
          ValueError: If `self` does not represent a shape with the given `rank`.
        """
        if self.rank is None:
            return unknown_shape(rank)
        if self.rank != rank:
            raise ValueError("Shape %s must have rank %d" % (self, rank))
        return self

    def with_rank_at_least(self, rank: int) -> "TensorShape":
        """Returns `self` if it has at least `rank` dimensions (ValueError otherwise)."""
        if self.rank is not None and self.rank < rank:
            raise ValueError("Shape %s must have rank at least %d" % (self, rank))
        return self

    def with_rank_at_most(self, rank: int) -> "TensorShape":
        """Returns `self` if it has at most `rank` dimensions (ValueError otherwise)."""
        if self.rank is not None and self.rank > rank:
            raise ValueError("Shape %s must have rank at most %d" % (self, rank))
        return self

    def assert_has_rank(self, rank: int) -> None:
        """Raises ValueError if `self` is not of the given known rank."""
        if self.rank not in (None, rank):
            raise ValueError("Shape %s must have rank %d" % (self, rank))

    def assert_is_fully_defined(self) -> None:
        """Raises ValueError if `self` is not fully defined in every dimension."""
        if not self.is_fully_defined():
            raise ValueError("Shape %s is not fully defined" % (self,))

    # -- the tuple, with TF's meaning ----------------------------------------
    @overload  # type: ignore[override]
    def __getitem__(self, key: int) -> Optional[int]: ...

    @overload
    def __getitem__(self, key: slice) -> "TensorShape": ...

    def __getitem__(self, key: Union[int, slice]) -> Any:
        """A dimension (an int or None), or a TensorShape for a slice."""
        if isinstance(key, slice):
            return TensorShape(tuple.__getitem__(self, key))
        return tuple.__getitem__(self, key)

    def __eq__(self, other: object) -> bool:
        """Equal to a shape (or tuple, or list) of the same dimensions."""
        if isinstance(other, tuple) and not isinstance(other, _UnknownShape):
            return tuple.__eq__(self, other)
        try:
            other = as_shape(other)
        except (TypeError, ValueError):
            return NotImplemented
        return type(other) is type(self) and tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = tuple.__hash__

    def __add__(self, other: Any) -> "TensorShape":
        return self.concatenate(other)

    def __radd__(self, other: Any) -> "TensorShape":
        return as_shape(other).concatenate(self)

    def __reduce__(self) -> Tuple[Any, Tuple[Any]]:
        return TensorShape, (self.as_list() if self.rank is not None else None,)

    def __repr__(self) -> str:
        if self.rank is None:
            return "TensorShape(None)"
        return "TensorShape(%r)" % (self.as_list(),)

    def __str__(self) -> str:
        if self.rank is None:
            return "<unknown>"
        if self.rank == 1:
            return "(%s,)" % (self[0],)
        return "(%s)" % ", ".join(str(d) for d in tuple.__iter__(self))


class _UnknownShape(TensorShape):
    """``TensorShape(None)``: no rank, so no length, iteration or dims."""

    __slots__ = ()

    @property
    def rank(self) -> Optional[int]:
        return None

    ndims = rank

    @property
    def dims(self) -> Optional[List[Dimension]]:
        return None

    def as_list(self) -> List[Optional[int]]:
        raise ValueError("as_list() is not defined on an unknown TensorShape.")

    def is_fully_defined(self) -> bool:
        return False

    def __len__(self) -> int:
        raise ValueError("Cannot take the length of shape with unknown rank.")

    def __iter__(self) -> Iterator[Optional[int]]:
        raise ValueError("Cannot iterate over a shape with unknown rank.")

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, slice):
            return unknown_shape()
        return None

    def __eq__(self, other: object) -> bool:
        return other is None or type(other) is _UnknownShape

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        raise ValueError("Unable to hash the shape of an unknown rank.")


def unknown_shape(rank: Optional[int] = None) -> TensorShape:
    """Returns an unknown TensorShape, optionally with a known rank."""
    if rank is None:
        return TensorShape(None)
    return TensorShape([None] * rank)


def as_shape(shape: Any) -> TensorShape:
    """Converts the given object to a TensorShape (a TensorShape is returned as is)."""
    if isinstance(shape, TensorShape):
        return shape
    return TensorShape(shape)


def from_tuple(dims: Tuple[Optional[int], ...]) -> TensorShape:
    """A TensorShape of an already valid tuple of ints (a NumPy shape),
    without re-checking each dimension."""
    return tuple.__new__(TensorShape, dims)
