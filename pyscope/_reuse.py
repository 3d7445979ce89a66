"""The reuse `get_variable` makes of a stored variable, decided from its
normalized arguments: one decision (`found_stored`) for every call shape
(any dtype spelling, shape spelling, initializer, a plain or a partitioned
variable), used by the fast path and by the store's own getter (so custom
getters reuse as fast).  A None answer means "the general path decides" (it
may create, raise or call a hook): this changes speed only.  Every check the
general path makes on such a reuse is made here (see _true_getter,
_get_single_variable and _get_partitioned_variable in
pyscope._variable_store)."""
from typing import Any, Dict, List, Optional, Tuple, Union

import numpy as np

from pyscope import dtypes as _dtypes
from pyscope import partitioners as _partitioners
from pyscope.tensor_shape import TensorShape
from pyscope.variables import PartitionedVariable, Variable


def found_stored(core: Any, full_name: str, shape: Any, dtype: Any, initializer: Any,
                 partitioner: Any, reuse: Any) -> Union[Variable, PartitionedVariable, None]:
    """What a reusing `get_variable` of `full_name` returns, when it is
    certain to pass TF's checks with these arguments (the scope's defaults
    already applied); else None."""
    if initializer is not None and not callable(initializer):
        # a value initializer: the value has the shape (one given is an
        # error), and a partitioner slices it: the general path's
        if shape is not None or partitioner is not None:
            return None
        return found_for_reuse(core, full_name, None, dtype)
    if partitioner is None:
        found = found_for_reuse(core, full_name, shape, dtype)
        if found is not None or reuse is not True:
            return found
        # reuse=True reuses a partitioned variable without its partitioner
    return found_partitioned_for_reuse(core, full_name, shape, dtype, partitioner)


def found_for_reuse(core: Any, full_name: str, shape: Any, dtype: Any) -> Optional[Variable]:
    """The plain Variable stored as `full_name` if reusing it with these
    arguments is certain to pass TF's checks, else None."""
    variable = core._lookup_variable(full_name)
    if type(variable) is not Variable:
        return None
    value = variable._value
    if shape is not None and not same_known_dims(shape, value.shape):
        return None
    dtype = dtype._np if type(dtype) is _DType else np_dtype_of(dtype)
    if dtype is not value.dtype and (dtype is None or dtype != value.dtype):
        return None
    if core._lookup_variable(full_name + "/part_0") is not None:
        return None  # the general path raises: a partitioned twin exists
    return variable


def found_partitioned_for_reuse(core: Any, full_name: str, shape: Any, dtype: Any,
                                partitioner: Any) -> Optional[PartitionedVariable]:
    """The PartitionedVariable get_variable stored as `full_name` if reusing
    it with these arguments is certain to pass TF's checks: the dtype and
    shape its own, and `partitioner` one of pyscope's pure ones of a kind
    whose partitions it already matched -- or None in a ``reuse=True`` scope
    (the caller's to know), where TF calls no partitioner.  Else None: the
    general path then decides."""
    existing = core._lookup_variable(full_name)
    if type(existing) is not PartitionedVariable or existing._name != full_name:
        return None
    matched = existing._matched_partitioner
    if partitioner is None:  # reuse=True: any shape compatible with its own
        if matched is None or (shape is not None
                               and not same_known_dims(shape, existing._shape)):
            return None
    else:  # the partitioner is called: a fully defined shape, as its own
        kind = _partitioners.pure_kind(partitioner)
        if (kind is None or matched is not kind
                or not same_known_dims(shape, existing._shape) or None in shape):
            return None
    np_dtype = np_dtype_of(dtype)
    if np_dtype is None or np_dtype != np_dtype_of(existing._dtype):
        return None
    return existing


def same_known_dims(shape: Any, found: Tuple[Optional[int], ...]) -> bool:
    """True when `shape` (a list, tuple or TensorShape of ints, NumPy ints
    and None, or another spelling of those: `plain_dims`) is compatible
    with the found shape; False for every other spelling, which the general
    path then converts and checks."""
    shape_type = type(shape)
    if shape_type is not list and shape_type is not tuple and shape_type is not TensorShape:
        shape = plain_dims(shape)
        if shape is None:
            return False
    if len(shape) != len(found):
        return False
    for want, have in zip(shape, found):
        if want is None:
            continue
        if type(want) is not int and type(want) not in DIM_TYPES:
            return False
        if want != have:
            return False
    return True


def plain_dims(shape: Any) -> Optional[List[Any]]:
    """The dims of a shape spelled as a subclass of tuple or list (a
    ``torch.Size``) or as a 1-D NumPy array, as TF's TensorShape reads them
    (by iterating: a float or a nested list is then no dim to
    same_known_dims); None for any other spelling."""
    if type(shape) is np.ndarray:
        dims = shape.tolist()
        return dims if type(dims) is list else None  # 0-D: a scalar
    if isinstance(shape, (tuple, list)) and not isinstance(shape, TensorShape):
        return list(shape)
    return None


TENSOR_SHAPE = TensorShape  # for the C twin
_DType = _dtypes.DType
DIM_TYPES = (int, np.int64, np.int32)

# dtype spelling (a name, a NumPy scalar type, an enum number, a torch
# dtype) -> its NumPy dtype; only spellings whose equality is identity-like
# (so `True` never finds 1, and no array is kept alive).  torch's dtype type
# joins the set when first seen (pyscope never imports torch).
NP_DTYPE_OF_SPELLING: Dict[Any, np.dtype] = {}
CACHED_SPELLING_TYPES = {str, int, type}


def np_dtype_of(dtype: Any) -> Optional[np.dtype]:
    """The NumPy dtype `dtype` spells; None when it is no dtype (the general
    path then raises TF's error) or a spelling that is not cached."""
    if type(dtype) is _dtypes.DType:
        return dtype._np
    if type(dtype) not in CACHED_SPELLING_TYPES and isinstance(dtype, np.dtype):
        return dtype  # np.dtype("float32") is a Float32DType
    return canonical_np_dtype(dtype)


def canonical_np_dtype(dtype: Any) -> Optional[np.dtype]:
    """np_dtype_of for the cached spellings (name, scalar type, enum number,
    torch dtype)."""
    kind = type(dtype)
    if kind not in CACHED_SPELLING_TYPES:
        if not _dtypes._is_torch_dtype(dtype):
            return None
        CACHED_SPELLING_TYPES.add(kind)
    found = NP_DTYPE_OF_SPELLING.get(dtype)
    if found is None:
        try:
            found = _dtypes.as_dtype(dtype)._np
        except TypeError:
            return None
        NP_DTYPE_OF_SPELLING[dtype] = found
    return found
