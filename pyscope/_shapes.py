"""Shapes as TF's TensorShape sees them, held as tuples of ints and None
(None for an unknown rank): conversion (`as_shape`), the compatibility rule
of reuse checks and the text of error messages."""
from typing import Any, Iterable, List, Optional, Tuple, overload

#: A shape as this module holds it: dimensions (None unknown), or None.
Shape = Optional[Tuple[Optional[int], ...]]


@overload
def as_shape(shape: None) -> None: ...
@overload
def as_shape(shape: Any) -> Tuple[Optional[int], ...]: ...


def as_shape(shape: Any) -> Shape:
    """`shape` as a tuple of ints/None (None for an unknown rank), as TF's
    TensorShape(shape): an iterable of dimensions or a single dimension."""
    if shape is None:
        return None
    if isinstance(shape, (tuple, list)):
        return tuple(_as_dimension(d) for d in shape)
    try:
        dims = iter(shape)
    except TypeError:
        return (_as_dimension(shape),)
    result: List[Optional[int]] = []
    for d in dims:
        try:
            result.append(_as_dimension(d))
        except TypeError as e:
            raise TypeError(
                "Failed to convert '{0!r}' to a shape: '{1!r}' could not be "
                "converted to a dimension. A shape should either be single "
                "dimension (e.g. 10), or an iterable of dimensions (e.g. "
                "[1, 10, None]).".format(shape, d)) from e
    return tuple(result)


def _as_dimension(value: Any) -> Optional[int]:
    if value is None:
        return None
    if isinstance(value, int):
        dim = int(value)
    else:
        try:
            dim = int(value.__index__())
        except AttributeError:
            raise TypeError(
                "Dimension value must be integer or None or have an __index__ "
                "method, got value '{0!r}' with type '{1!r}'".format(
                    value, type(value))) from None
    if dim < 0:
        raise ValueError("Dimension %d must be >= 0" % dim)
    return dim


def _compatible_shapes(a: Optional[Iterable[Optional[int]]],
                       b: Optional[Iterable[Optional[int]]]) -> bool:
    if a is None or b is None:
        return True
    a_dims, b_dims = tuple(a), tuple(b)
    if len(a_dims) != len(b_dims):
        return False
    return all(x is None or y is None or x == y for x, y in zip(a_dims, b_dims))


def _shape_str(shape: Optional[Iterable[Any]]) -> str:
    """TF's TensorShape text: (2, 3), (2,), (), <unknown>."""
    if shape is None:
        return "<unknown>"
    return str(tuple(shape))
