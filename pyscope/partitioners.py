"""TF1's variable partitioners and TF's slicing of partitioned variables.

A partitioner is called as ``partitioner(shape=shape, dtype=dtype)`` with the
full shape (a tuple of ints) and the dtype, and returns a list with the number
of partitions per axis (only one axis may exceed 1). The three factories here
return exactly TF's counts and raise TF's argument errors (including the plain
Python ``IndexError`` / ``ZeroDivisionError`` that TF's code lets through for an
out-of-range axis or a zero-sized dimension).

:func:`call_partitioner` and :func:`compute_slices` are the pieces of TF's
``_VariableStore._get_partitioned_variable``: validate what a partitioner
returned, then cut the full shape into parts, extra rows first
(5 rows in 3 parts -> 2, 2, 1).
"""

from __future__ import annotations

import collections.abc
import math
from typing import Any, Dict, List, Optional, Sequence, Tuple

from . import dtypes as _dtypes
from .typing import Partitioner

__all__ = [
    "fixed_size_partitioner", "variable_axis_size_partitioner",
    "min_max_variable_partitioner", "call_partitioner", "validate_partitions",
    "slice_dim_and_num_slices", "compute_slices",
]


# pyscope's partitioners are pure functions of (shape, dtype) and of their
# own arguments.  TF calls the partitioner on every get_variable, reuse
# included; a PartitionedVariable remembers the kind (name and arguments) of
# the last such partitioner whose partitions it matched, so the reuse decision
# (pyscope._reuse) skips the call for a partitioner of the same kind -- even a
# new one made per call with the same arguments.
PURE_KIND = "_pyscope_pure_kind"
_KINDS: Dict[Tuple[Any, ...], Tuple[Any, ...]] = {}  # one canonical tuple each


def _pure(partitioner: Any, *kind: Any) -> Partitioner:
    setattr(partitioner, PURE_KIND, _KINDS.setdefault(kind, kind))
    return partitioner  # type: ignore[no-any-return]  # the closure itself


def pure_kind(partitioner: Any) -> Optional[Tuple[Any, ...]]:
    """The kind of one of pyscope's pure partitioners (identical for equal
    arguments), None for any other callable."""
    return getattr(partitioner, PURE_KIND, None)


# what a PartitionedVariable made by get_variable records after matching a
# partitioner that is not one of pyscope's (a user's function)
OTHER_KIND: Tuple[Any, ...] = ("another partitioner",)


def matched_kind(partitioner: Any) -> Tuple[Any, ...]:
    """What get_variable records on a PartitionedVariable whose partitions
    `partitioner` gave or matched."""
    return pure_kind(partitioner) or OTHER_KIND


def _shape_tuple(shape: Any) -> Tuple[Any, ...]:
    if hasattr(shape, "as_list"):
        shape = shape.as_list()
    return tuple(shape)


def _element_size(dtype: Any, bytes_per_string_element: int) -> int:
    as_dtype = _dtypes.as_dtype(dtype)
    if as_dtype == _dtypes.string:
        return bytes_per_string_element
    return as_dtype.itemsize


def _num_elements(shape: Sequence[int]) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


def variable_axis_size_partitioner(max_shard_bytes: int, axis: int = 0,
                                   bytes_per_string_element: int = 16,
                                   max_shards: Optional[int] = None,
                                   ) -> Partitioner:
    """Get a partitioner for VariableScope to keep shards below
    `max_shard_bytes`.

    This partitioner will shard a Variable along one axis, attempting to
    keep the maximum shard size below `max_shard_bytes`.  In practice, this
    is not always possible when sharding along only one axis.  When this
    happens, this axis is sharded as much as possible (i.e., every
    dimension becomes a separate shard).  If the partitioner hits the
    `max_shards` limit, then each shard may end up larger than
    `max_shard_bytes`.

    Example:

    >>> partitioner = ps.variable_axis_size_partitioner(max_shard_bytes=64)
    >>> partitioner(shape=[64, 2], dtype=ps.float32)
    [8, 1]

    Args:
      max_shard_bytes: The maximum size any given shard is allowed to be.
      axis: The axis to partition along.  Default: outermost axis.
      bytes_per_string_element: If the `Variable` is of type string, this
        provides an estimate of how large each scalar in the `Variable` is.
      max_shards: The maximum number of shards in int created taking
        precedence over `max_shard_bytes`.

    Returns:
      A partition function usable as the `partitioner` argument to
      `variable_scope` and `get_variable`.

    Raises:
      ValueError: a non-positive byte count or ``max_shards``.
    """
    if max_shard_bytes < 1 or bytes_per_string_element < 1:
        raise ValueError(
            "Both max_shard_bytes and bytes_per_string_element must be positive. "
            "Currently, max_shard_bytes is %s and bytes_per_string_element is %s"
            % (max_shard_bytes, bytes_per_string_element))
    if max_shards and max_shards < 1:
        raise ValueError("max_shards must be positive.")

    def _partitioner(shape: Any, dtype: Any) -> List[int]:
        shape = _shape_tuple(shape)
        if any(d is None for d in shape):
            raise ValueError("shape is not fully defined: %s" % (shape,))
        element_size = _element_size(dtype, bytes_per_string_element)
        partitions = [1] * len(shape)
        bytes_per_slice = 1.0 * (_num_elements(shape) / shape[axis]) * element_size
        # How many slices fit on one shard of at most max_shard_bytes? At least one.
        slices_per_shard = max(1, math.floor(max_shard_bytes / bytes_per_slice))
        axis_shards = int(math.ceil(1.0 * shape[axis] / slices_per_shard))
        if max_shards:
            axis_shards = min(max_shards, axis_shards)
        partitions[axis] = axis_shards
        return partitions

    return _pure(_partitioner, "variable_axis_size", max_shard_bytes, axis,
                 bytes_per_string_element, max_shards)


def min_max_variable_partitioner(max_partitions: int = 1, axis: int = 0,
                                 min_slice_size: int = 256 << 10,
                                 bytes_per_string_element: int = 16,
                                 ) -> Partitioner:
    """Partitioner to allocate minimum size per slice.

    Returns a partitioner that partitions the variable of given shape and
    dtype such that each partition has a minimum of `min_slice_size` slice
    of the variable.  The maximum number of such partitions (upper bound)
    is given by `max_partitions`.

    Args:
      max_partitions: Upper bound on the number of partitions.  Defaults
        to 1.
      axis: Axis along which to partition the variable.  Defaults to 0.
      min_slice_size: Minimum size of the variable slice per partition.
        Defaults to 256K.
      bytes_per_string_element: If the `Variable` is of type string, this
        provides an estimate of how large each scalar in the `Variable` is.

    Returns:
      A partition function usable as the `partitioner` argument to
      `variable_scope` and `get_variable`.

    Raises (when called):
      ValueError: ``axis`` beyond the variable's rank.
    """

    def _partitioner(shape: Any, dtype: Any) -> List[int]:
        shape = _shape_tuple(shape)
        if axis >= len(shape):
            raise ValueError("Cannot partition variable along axis %s when shape is "
                             "only %s" % (axis, shape))
        bytes_per_element = _element_size(dtype, bytes_per_string_element)
        total_size_bytes = _num_elements(shape) * bytes_per_element
        partitions = total_size_bytes / min_slice_size
        partitions_list = [1] * len(shape)
        # Not beyond what the shape or max_partitions allows.
        partitions_list[axis] = max(1, min(shape[axis], max_partitions,
                                           int(math.ceil(partitions))))
        return partitions_list

    return _pure(_partitioner, "min_max_variable", max_partitions, axis, min_slice_size,
                 bytes_per_string_element)


def fixed_size_partitioner(num_shards: int, axis: int = 0) -> Partitioner:
    """Partitioner to specify a fixed number of shards along given axis.

    The axis is cut into ``min(num_shards, shape[axis])`` parts.

    Example:

    >>> partitioner = ps.fixed_size_partitioner(num_shards=2)
    >>> partitioner(shape=[4, 3], dtype=ps.float32)
    [2, 1]

    Args:
      num_shards: `int`, number of shards to partition variable.
      axis: `int`, axis to partition on.

    Returns:
      A partition function usable as the `partitioner` argument to
      `variable_scope` and `get_variable`.
    """

    def _partitioner(shape: Any, **unused_args: Any) -> List[int]:
        shape = _shape_tuple(shape)
        partitions_list = [1] * len(shape)
        partitions_list[axis] = min(num_shards, shape[axis])
        return partitions_list

    return _pure(_partitioner, "fixed_size", num_shards, axis)


# --------------------------------------------------------------------------
# TF's checks and slicing (ops/variable_scope.py)

def validate_partitions(shape: Sequence[int], slicing: Any) -> Any:
    """Checks a partitioner's result as TF's ``_call_partitioner`` does.

    Raises:
      ValueError: not a sequence, wrong length, an entry < 1, or more than one
        axis with more than one partition.
      TypeError: entries that do not compare with ints.
    """
    shape = _shape_tuple(shape)
    if not isinstance(slicing, collections.abc.Sequence):
        raise ValueError("Partitioner must return a sequence, but saw: %s" % (slicing,))
    if len(slicing) != len(shape):
        raise ValueError("Partitioner returned a partition list that does not match the "
                         "Variable's rank: %s vs. %s" % (slicing, shape))
    if any(p < 1 for p in slicing):
        raise ValueError("Partitioner returned zero partitions for some axes: %s"
                         % (slicing,))
    if sum(p > 1 for p in slicing) > 1:
        raise ValueError("Can only slice a variable along one dimension: shape: %s, "
                         "partitioning: %s" % (shape, slicing))
    return slicing


def call_partitioner(partitioner: Partitioner, shape: Any, dtype: Any) -> Any:
    """TF's ``_call_partitioner``: check the shape, call, check the result.

    Returns the partitioner's result unchanged (a list, or whatever sequence the
    partitioner returned: TF compares it as is on reuse).

    Raises:
      ValueError: a shape that is not fully defined or is a scalar, or a bad result.
    """
    shape = _shape_tuple(shape)
    if any(d is None for d in shape):
        raise ValueError("Shape of a new partitioned variable must be fully defined, "
                         "but instead was %s." % (shape,))
    if len(shape) < 1:
        raise ValueError("A partitioned Variable must have rank at least 1, shape: %s"
                         % (shape,))
    slicing = partitioner(shape=shape, dtype=_dtypes.as_dtype(dtype))
    return validate_partitions(shape, slicing)


def slice_dim_and_num_slices(slicing: Sequence[int]) -> Tuple[int, int]:
    """The axis with more than one partition and its count; (0, 1) if none."""
    for slice_dim, num_slices in enumerate(slicing):
        if num_slices > 1:
            return slice_dim, num_slices
    return 0, 1


def compute_slices(full_shape: Any, partitions: Sequence[int]) -> Any:
    """``[(offset_tuple, shape_tuple), ...]`` of the parts, in order (TF's ``_iter_slices``).

    Uneven splits give the first parts one extra row: 5 in 3 parts -> 2, 2, 1.
    ``partitions`` is validated first (see :func:`validate_partitions`).

    Note that, as in TF, more partitions than rows yields empty parts here; TF
    then fails with ValueError when it builds the first such part's
    ``PartitionInfo`` (offset == dimension), after creating the earlier parts.
    The same happens for a variable with a zero-sized dimension.
    """
    full_shape = list(_shape_tuple(full_shape))
    validate_partitions(full_shape, partitions)
    slice_dim, num_slices = slice_dim_and_num_slices(partitions)
    num_slices_with_excess = full_shape[slice_dim] % num_slices
    offset = [0] * len(full_shape)
    min_slice_len = full_shape[slice_dim] // num_slices
    out = []
    for i in range(num_slices):
        shape = full_shape[:]
        shape[slice_dim] = min_slice_len + bool(i < num_slices_with_excess)
        out.append((tuple(offset), tuple(shape)))
        offset[slice_dim] += shape[slice_dim]
    return out
