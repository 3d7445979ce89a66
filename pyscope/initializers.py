"""TF1's variable initializers (``tf.compat.v1.*_initializer``) returning NumPy arrays.

Every initializer is a class whose instances are called as
``init(shape, dtype=None, partition_info=None)`` and return a NumPy array of
exactly ``shape`` and ``dtype`` (default: the one given to the constructor).
Constructor and call-time checks raise what TF1 raises (``ValueError`` for a
non-floating dtype given to a float-only constructor, ``TypeError`` when a
value does not suit the dtype at call time, ...).

Random initializers draw from NumPy generators seeded by
:mod:`pyscope.random_seed` (graph seed + op seed, as TF1), with TF's
distributions: the values differ from TF's, their laws do not.

With ``partition_info`` (a :class:`PartitionInfo`, as TF's ``_PartitionInfo``)
the initializer fills one part of a partitioned variable: fan-based
initializers use ``partition_info.full_shape``, ``identity_initializer`` slices
the full identity at ``partition_info.var_offset``, and the others fill the part
on its own (``constant_initializer([1, 2])`` gives every part ``[1, 2, 2, ...]``).
"""

from __future__ import annotations

import math
import operator
from typing import Any, Dict, Optional, Sequence, Tuple, Type, TypeVar

import numpy as np
import numpy.typing as npt

from . import dtypes as _dtypes
from . import random_seed as _random_seed
from .typing import DTypeLike, ShapeLike

_I = TypeVar("_I", bound="Initializer")

__all__ = [
    "Initializer", "Zeros", "Ones", "Constant", "RandomUniform", "RandomNormal",
    "TruncatedNormal", "UniformUnitScaling", "VarianceScaling", "GlorotUniform",
    "GlorotNormal", "Orthogonal", "Identity", "PartitionInfo",
    "zeros_initializer", "ones_initializer", "constant_initializer",
    "random_uniform_initializer", "random_normal_initializer",
    "truncated_normal_initializer", "uniform_unit_scaling_initializer",
    "variance_scaling_initializer", "glorot_uniform_initializer",
    "glorot_normal_initializer", "orthogonal_initializer", "identity_initializer",
    "lecun_normal", "lecun_uniform", "he_normal", "he_uniform",
    "zeros", "ones", "constant", "random_uniform", "random_normal", "truncated_normal",
    "uniform_unit_scaling", "variance_scaling", "glorot_uniform", "glorot_normal",
    "orthogonal", "identity", "default_initializer",
]

_float32 = _dtypes.float32


# --------------------------------------------------------------------------
# Partition info (TF's variable_scope._PartitionInfo)

class PartitionInfo:
    """Where one part of a partitioned variable sits in the full variable."""

    __slots__ = ["_full_shape", "_var_offset"]

    def __init__(self, full_shape: ShapeLike, var_offset: ShapeLike) -> None:
        if not isinstance(full_shape, (list, tuple)):
            raise TypeError(
                "`full_shape` must be a sequence (like tuple or list) instead of "
                + type(full_shape).__name__)
        if not isinstance(var_offset, (list, tuple)):
            raise TypeError(
                "`var_offset` must be a sequence (like tuple or list) instead of "
                + type(var_offset).__name__)
        if len(var_offset) != len(full_shape):
            raise ValueError(
                "Expected equal length, but `var_offset` is of length {} while "
                "full_shape is of length {}.".format(len(var_offset), len(full_shape)))
        for offset, shape in zip(var_offset, full_shape):
            if offset < 0 or offset >= shape:
                raise ValueError(
                    "Expected 0 <= offset < shape but found offset={}, shape={} for "
                    "var_offset={}, full_shape={}".format(offset, shape, var_offset,
                                                          full_shape))
        self._full_shape = full_shape
        self._var_offset = var_offset

    @property
    def full_shape(self) -> Any:
        """The shape of the whole partitioned variable."""
        return self._full_shape

    @property
    def var_offset(self) -> Any:
        """Where this part starts in the whole variable, per axis."""
        return self._var_offset

    def single_offset(self, shape: Sequence[int]) -> int:
        """Offset along the (single) partitioned dimension; 0 if not partitioned."""
        single_slice_dim = self.single_slice_dim(shape)
        if single_slice_dim is None:
            return 0
        offset: int = self.var_offset[single_slice_dim]
        return offset

    def single_slice_dim(self, shape: Sequence[int]) -> Optional[int]:
        """The dimension the variable is partitioned in, or None."""
        if not isinstance(shape, (tuple, list)):
            raise TypeError(
                "`shape` must be a sequence (like tuple or list) instead of "
                + type(shape).__name__)
        if len(shape) != len(self.full_shape):
            raise ValueError(
                "Expected equal length, but received shape={} of length {} while "
                "self.full_shape={} is of length {}.".format(
                    shape, len(shape), self.full_shape, len(self.full_shape)))
        for i in range(len(shape)):
            if self.var_offset[i] + shape[i] > self.full_shape[i]:
                raise ValueError(
                    "With self.var_offset={}, a partition of shape={} would exceed "
                    "self.full_shape={} in dimension {}.".format(
                        self.var_offset, shape, self.full_shape, i))
        slice_dim = None
        for i in range(len(shape)):
            if shape[i] == self.full_shape[i]:
                continue
            if slice_dim is not None:
                raise ValueError(
                    "Cannot use single_slice_dim() with shape={} and "
                    "self.full_shape={} since slice dim could be either dimension {} "
                    "or {}.".format(shape, self.full_shape, i, slice_dim))
            slice_dim = i
        return slice_dim

    def __repr__(self) -> str:
        return "PartitionInfo(full_shape=%r, var_offset=%r)" % (self._full_shape,
                                                              self._var_offset)


# --------------------------------------------------------------------------
# helpers

def _as_shape(shape: Any) -> Tuple[int, ...]:
    """A tuple of non-negative ints from a list/tuple/TensorShape-like/int."""
    if hasattr(shape, "as_list"):
        shape = shape.as_list()
    if isinstance(shape, (int, np.integer)):
        shape = (shape,)
    out = tuple(operator.index(d) for d in shape)
    for d in out:
        if d < 0:
            raise ValueError("Fill dimensions must be >= 0, got shape %s." % (list(out),))
    return out


def _assert_float_dtype(dtype: Any) -> Any:
    if not _dtypes.is_floating(dtype):
        raise ValueError("Argument `dtype` is expected to be floating point. "
                         "Received: %s." % (_dtypes.dtype_name(dtype),))
    return dtype


# NumPy dtypes inside: what the arrays are made with (a DType would be
# converted by NumPy on every call)
def _resolve_dtype(dtype: Any, default: Any) -> Any:
    return _dtypes._np_dtype(default if dtype is None else dtype)


def _scalar(value: Any, dtype: Any) -> Any:
    """``ops.convert_to_tensor(value, dtype=dtype)`` for a small operand."""
    return _dtypes.convert_to_array(value, dtype=dtype)


# by TF name: naming bfloat16 here does not import ml_dtypes
_NORMAL_DTYPES = ("float16", "float32", "float64", "bfloat16")
_UNIFORM_DTYPES = _NORMAL_DTYPES + ("int32", "int64")


def _check_op_dtype(dtype: Any, allowed: Any) -> None:
    if _dtypes.dtype_name(dtype) not in allowed:
        raise TypeError("Value passed to parameter 'dtype' has DataType %s not in list "
                        "of allowed values: %s" % (
                            _dtypes.dtype_name(dtype), ", ".join(allowed)))


def _standard_normal(rng: np.random.Generator, shape: Any, dtype: Any) -> Any:
    work = np.float64 if dtype == _dtypes.float64 else np.float32
    return rng.standard_normal(shape, dtype=work)


def _truncated_standard_normal(rng: np.random.Generator, shape: Any,
                               dtype: Any) -> Any:
    """Standard normal with |x| > 2 dropped and re-drawn (TF's TruncatedNormal)."""
    work = np.float64 if dtype == _dtypes.float64 else np.float32
    out: Any = rng.standard_normal(shape, dtype=work)
    flat = out.reshape(-1)
    bad = np.flatnonzero(np.abs(flat) > 2.0)
    while bad.size:
        flat[bad] = rng.standard_normal(bad.size, dtype=work)
        bad = bad[np.abs(flat[bad]) > 2.0]
    return out


def _uniform01(rng: np.random.Generator, shape: Any, dtype: Any) -> Any:
    """Uniform on [0, 1) in ``dtype``."""
    if dtype in (_dtypes.float32, _dtypes.float64):
        return rng.random(shape, dtype=dtype.type)
    # half and bfloat16: TF uses the type's own mantissa bits; so do we.
    bits = 10 if dtype == _dtypes.float16 else 7
    k = rng.integers(0, 1 << bits, size=shape)
    return (k / float(1 << bits)).astype(dtype)


def _random_normal(shape: Any, mean: Any, stddev: Any, dtype: Any,
                   seed: Optional[int]) -> npt.NDArray[Any]:
    """``random_ops.random_normal`` (TF's checks, in TF's order)."""
    shape = _as_shape(shape)
    dtype = _dtypes._np_dtype(dtype)
    mean_t = _scalar(mean, dtype)
    stddev_t = _scalar(stddev, dtype)
    _check_op_dtype(dtype, _NORMAL_DTYPES)
    rng = _random_seed.make_rng(seed)
    rnd = _standard_normal(rng, shape, dtype).astype(dtype)
    with np.errstate(over="ignore", invalid="ignore"):
        return np.asarray(rnd * stddev_t + mean_t, dtype=dtype).reshape(shape)


def _truncated_normal(shape: Any, mean: Any, stddev: Any, dtype: Any,
                      seed: Optional[int]) -> npt.NDArray[Any]:
    """``random_ops.truncated_normal``."""
    shape = _as_shape(shape)
    dtype = _dtypes._np_dtype(dtype)
    mean_t = _scalar(mean, dtype)
    stddev_t = _scalar(stddev, dtype)
    _check_op_dtype(dtype, _NORMAL_DTYPES)
    rng = _random_seed.make_rng(seed)
    rnd = _truncated_standard_normal(rng, shape, dtype).astype(dtype)
    with np.errstate(over="ignore", invalid="ignore"):
        return np.asarray(rnd * stddev_t + mean_t, dtype=dtype).reshape(shape)


def _random_uniform(shape: Any, minval: Any, maxval: Any, dtype: Any,
                    seed: Optional[int]) -> npt.NDArray[Any]:
    """``random_ops.random_uniform``: floats in [minval, maxval), ints in [minval, maxval)."""
    dtype = _dtypes._np_dtype(dtype)
    if _dtypes.dtype_name(dtype) not in _UNIFORM_DTYPES:
        raise ValueError("Argument `dtype` got invalid value %s. Accepted dtypes are %s."
                         % (_dtypes.dtype_name(dtype), _UNIFORM_DTYPES))
    is_int = _dtypes.is_integer(dtype)
    if maxval is None:
        if is_int:
            raise ValueError("Must specify maxval for integer dtype %s"
                             % (_dtypes.dtype_name(dtype),))
        maxval = 1
    shape = _as_shape(shape)
    minval_is_zero = isinstance(minval, int) and minval == 0
    maxval_is_one = isinstance(maxval, int) and maxval == 1
    if not minval_is_zero or not maxval_is_one or is_int:
        minval = _scalar(minval, dtype)
        maxval = _scalar(maxval, dtype)
    rng = _random_seed.make_rng(seed)
    if is_int:
        if not np.all(minval < maxval):
            # TF: InvalidArgumentError "Need minval < maxval" when the op runs.
            raise ValueError("Need minval < maxval: %s >= %s" % (minval, maxval))
        return np.asarray(rng.integers(minval, maxval, size=shape, dtype=dtype.type),
                          dtype=dtype).reshape(shape)
    result = _uniform01(rng, shape, dtype)
    with np.errstate(over="ignore", invalid="ignore"):
        if minval_is_zero:
            if not maxval_is_one:
                result = result * maxval
        else:
            result = result * (maxval - minval) + minval
    return np.asarray(result, dtype=dtype).reshape(shape)


def _compute_fans(shape: Sequence[int]) -> Tuple[int, int]:
    """(fan_in, fan_out) of a weight shape, as TF's ``_compute_fans``."""
    if len(shape) < 1:
        fan_in = fan_out = 1
    elif len(shape) == 1:
        fan_in = fan_out = shape[0]
    elif len(shape) == 2:
        fan_in = shape[0]
        fan_out = shape[1]
    else:
        receptive_field_size = 1
        for dim in shape[:-2]:
            receptive_field_size *= dim
        fan_in = shape[-2] * receptive_field_size
        fan_out = shape[-1] * receptive_field_size
    return int(fan_in), int(fan_out)


def _full_shape(shape: Tuple[int, ...],
                partition_info: Optional[PartitionInfo]) -> Tuple[int, ...]:
    if partition_info is None:
        return shape
    return _as_shape(partition_info.full_shape)


# --------------------------------------------------------------------------
# initializers

class Initializer:
    """Initializer base class: all initializers inherit from this class."""

    def __call__(self, shape: ShapeLike, dtype: Optional[DTypeLike] = None,
                 partition_info: Optional[PartitionInfo] = None) -> npt.NDArray[Any]:
        """Returns a tensor object initialized as specified by the
        initializer.

        Args:
          shape: Shape of the tensor.
          dtype: Optional dtype of the tensor.  If not provided use the
            initializer dtype.
          partition_info: Optional information about the possible
            partitioning of a tensor.
        """
        raise NotImplementedError

    def get_config(self) -> Dict[str, Any]:
        """Returns the configuration of the initializer as a JSON-serializable
        dict."""
        return {}

    @classmethod
    def from_config(cls: Type[_I], config: Dict[str, Any]) -> _I:
        """Instantiates an initializer from a configuration dictionary
        (the output of `get_config`)."""
        return cls(**config)


class Zeros(Initializer):
    """``tf.compat.v1.zeros_initializer``: all zeros (``False``, ``b""`` for bool, string)."""

    def __init__(self, dtype: DTypeLike = _float32) -> None:
        self.dtype = _dtypes.as_dtype(dtype)

    def __call__(self, shape: ShapeLike, dtype: Optional[DTypeLike] = None,
                 partition_info: Optional[PartitionInfo] = None) -> npt.NDArray[Any]:
        dtype = _resolve_dtype(dtype, self.dtype)
        shape = _as_shape(shape)
        if dtype == _dtypes.string:
            return np.full(shape, b"", dtype=object)
        return np.zeros(shape, dtype=dtype)

    def get_config(self) -> Dict[str, Any]:
        return {"dtype": _dtypes.dtype_name(self.dtype)}


class Ones(Initializer):
    """``tf.compat.v1.ones_initializer``: all ones (``True`` for bool; string: TypeError)."""

    def __init__(self, dtype: DTypeLike = _float32) -> None:
        self.dtype = _dtypes.as_dtype(dtype)

    def __call__(self, shape: ShapeLike, dtype: Optional[DTypeLike] = None,
                 partition_info: Optional[PartitionInfo] = None) -> npt.NDArray[Any]:
        dtype = _resolve_dtype(dtype, self.dtype)
        shape = _as_shape(shape)
        one = True if dtype == _dtypes.bool_ else 1
        return np.full(shape, _scalar(one, dtype), dtype=dtype)

    def get_config(self) -> Dict[str, Any]:
        return {"dtype": _dtypes.dtype_name(self.dtype)}


class Constant(Initializer):
    """``tf.compat.v1.constant_initializer``, TF1 semantics.

    ``value`` is a Python scalar, list/tuple or ndarray. Called on a shape with
    more elements than values, the last value repeats
    (``constant_initializer([1, 2])`` on ``[6]`` -> ``[1, 2, 2, 2, 2, 2]``);
    more values than elements is ValueError; with ``verify_shape`` the value's
    shape must equal ``shape`` (TypeError). Python values must suit the dtype
    (``3.7`` for int32: TypeError) while arrays are cast.
    """

    def __init__(self, value: Any = 0, dtype: DTypeLike = _float32,
                 verify_shape: bool = False) -> None:
        if not (np.isscalar(value) or isinstance(value, (list, tuple, np.ndarray))):
            raise TypeError(
                "Invalid type for initial value=%s of type: %s. Expected Python scalar, "
                "list or tuple of values, or numpy.ndarray." % (value,
                                                               type(value).__name__))
        self.value = value
        self.dtype = _dtypes.as_dtype(dtype)
        self._verify_shape = verify_shape

    def __call__(self, shape: ShapeLike, dtype: Optional[DTypeLike] = None,
                 partition_info: Optional[PartitionInfo] = None,
                 verify_shape: Optional[bool] = None) -> npt.NDArray[Any]:
        dtype = _resolve_dtype(dtype, self.dtype)
        if verify_shape is None:
            verify_shape = self._verify_shape
        with np.errstate(over="ignore", invalid="ignore"):
            return _dtypes.convert_to_array(self.value, dtype=dtype, shape=_as_shape(shape),
                                            verify_shape=verify_shape)

    def get_config(self) -> Dict[str, Any]:
        return {"value": self.value, "dtype": _dtypes.dtype_name(self.dtype)}


class RandomUniform(Initializer):
    """``tf.compat.v1.random_uniform_initializer(minval=0.0, maxval=None, seed, dtype)``.

    ``maxval`` defaults to 1 for floats; integer dtypes (int32/int64 only) need
    ``maxval``, and integer ``minval``/``maxval`` (the float default ``minval=0.0``
    is a TypeError there, as in TF).
    """

    def __init__(self, minval: float = .0, maxval: Optional[float] = None,
                 seed: Optional[int] = None,
                 dtype: DTypeLike = _float32) -> None:
        self.minval = minval
        self.maxval = maxval
        self.seed = seed
        self.dtype = _dtypes.as_dtype(dtype)

    def __call__(self, shape: ShapeLike, dtype: Optional[DTypeLike] = None,
                 partition_info: Optional[PartitionInfo] = None) -> npt.NDArray[Any]:
        dtype = _resolve_dtype(dtype, self.dtype)
        return _random_uniform(shape, self.minval, self.maxval, dtype, self.seed)

    def get_config(self) -> Dict[str, Any]:
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed,
                "dtype": _dtypes.dtype_name(self.dtype)}


class RandomNormal(Initializer):
    """``tf.compat.v1.random_normal_initializer(mean=0.0, stddev=1.0, seed, dtype)``."""

    def __init__(self, mean: float = 0.0, stddev: float = 1.0,
                 seed: Optional[int] = None,
                 dtype: DTypeLike = _float32) -> None:
        self.mean = mean
        self.stddev = stddev
        self.seed = seed
        self.dtype = _assert_float_dtype(_dtypes.as_dtype(dtype))

    def __call__(self, shape: ShapeLike, dtype: Optional[DTypeLike] = None,
                 partition_info: Optional[PartitionInfo] = None) -> npt.NDArray[Any]:
        dtype = _resolve_dtype(dtype, self.dtype)
        return _random_normal(shape, self.mean, self.stddev, dtype, self.seed)

    def get_config(self) -> Dict[str, Any]:
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed,
                "dtype": _dtypes.dtype_name(self.dtype)}


class TruncatedNormal(Initializer):
    """``tf.compat.v1.truncated_normal_initializer``: normal re-drawn beyond 2 stddev."""

    def __init__(self, mean: float = 0.0, stddev: float = 1.0,
                 seed: Optional[int] = None,
                 dtype: DTypeLike = _float32) -> None:
        self.mean = mean
        self.stddev = stddev
        self.seed = seed
        self.dtype = _assert_float_dtype(_dtypes.as_dtype(dtype))

    def __call__(self, shape: ShapeLike, dtype: Optional[DTypeLike] = None,
                 partition_info: Optional[PartitionInfo] = None) -> npt.NDArray[Any]:
        dtype = _resolve_dtype(dtype, self.dtype)
        return _truncated_normal(shape, self.mean, self.stddev, dtype, self.seed)

    def get_config(self) -> Dict[str, Any]:
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed,
                "dtype": _dtypes.dtype_name(self.dtype)}


class UniformUnitScaling(Initializer):
    """``tf.compat.v1.uniform_unit_scaling_initializer(factor=1.0, seed, dtype)``."""

    def __init__(self, factor: float = 1.0, seed: Optional[int] = None,
                 dtype: DTypeLike = _float32) -> None:
        self.factor = factor
        self.seed = seed
        self.dtype = _assert_float_dtype(_dtypes.as_dtype(dtype))

    def __call__(self, shape: ShapeLike, dtype: Optional[DTypeLike] = None,
                 partition_info: Optional[PartitionInfo] = None) -> npt.NDArray[Any]:
        dtype = _resolve_dtype(dtype, self.dtype)
        shape = _as_shape(shape)
        scale_shape = _full_shape(shape, partition_info)
        input_size = 1.0
        for dim in scale_shape[:-1]:
            input_size *= float(dim)
        input_size = max(input_size, 1.0)
        max_val = math.sqrt(3 / input_size) * self.factor
        return _random_uniform(shape, -max_val, max_val, dtype, self.seed)

    def get_config(self) -> Dict[str, Any]:
        return {"factor": self.factor, "seed": self.seed,
                "dtype": _dtypes.dtype_name(self.dtype)}


class VarianceScaling(Initializer):
    """``tf.compat.v1.variance_scaling_initializer``.

    ``stddev = sqrt(scale / n)`` (after truncation for "truncated_normal", whose
    underlying normal has ``stddev / .87962566103423978``), or uniform on
    ``[-sqrt(3 * scale / n), sqrt(3 * scale / n)]``; ``n`` = fan_in, fan_out or
    their average (at least 1), from ``partition_info.full_shape`` when given.
    "normal" is TF's deprecated alias of "truncated_normal".
    """

    def __init__(self, scale: float = 1.0, mode: str = "fan_in",
                 distribution: str = "truncated_normal",
                 seed: Optional[int] = None,
                 dtype: DTypeLike = _float32) -> None:
        if scale <= 0.:
            raise ValueError("Argument `scale` must be a positive float. Received: %s"
                             % (scale,))
        if mode not in {"fan_in", "fan_out", "fan_avg"}:
            raise ValueError("Argument `mode` should be one of ('fan_in', 'fan_out', "
                             "'fan_avg'). Received: %s" % (mode,))
        distribution = distribution.lower()
        if distribution not in {"normal", "uniform", "truncated_normal",
                                "untruncated_normal"}:
            raise ValueError("Argument `distribution` should be one of ('normal', "
                             "uniform', 'truncated_normal', 'untruncated_normal'). "
                             "Received: %s" % (distribution,))
        self.scale = scale
        self.mode = mode
        self.distribution = distribution
        self.seed = seed
        self.dtype = _assert_float_dtype(_dtypes.as_dtype(dtype))

    def __call__(self, shape: ShapeLike, dtype: Optional[DTypeLike] = None,
                 partition_info: Optional[PartitionInfo] = None) -> npt.NDArray[Any]:
        dtype = _resolve_dtype(dtype, self.dtype)
        shape = _as_shape(shape)
        scale = self.scale
        fan_in, fan_out = _compute_fans(_full_shape(shape, partition_info))
        if self.mode == "fan_in":
            scale /= max(1., fan_in)
        elif self.mode == "fan_out":
            scale /= max(1., fan_out)
        else:
            scale /= max(1., (fan_in + fan_out) / 2.)
        if self.distribution == "normal" or self.distribution == "truncated_normal":
            stddev = math.sqrt(scale) / .87962566103423978
            return _truncated_normal(shape, 0.0, stddev, dtype, self.seed)
        elif self.distribution == "untruncated_normal":
            stddev = math.sqrt(scale)
            return _random_normal(shape, 0.0, stddev, dtype, self.seed)
        else:
            limit = math.sqrt(3.0 * scale)
            return _random_uniform(shape, -limit, limit, dtype, self.seed)

    def get_config(self) -> Dict[str, Any]:
        return {"scale": self.scale, "mode": self.mode, "distribution": self.distribution,
                "seed": self.seed, "dtype": _dtypes.dtype_name(self.dtype)}


class GlorotUniform(VarianceScaling):
    """``tf.compat.v1.glorot_uniform_initializer``: uniform within
    sqrt(6 / (fan_in + fan_out)).

    As in TF, the constructor's ``dtype`` is ignored (the default stays float32).
    """

    def __init__(self, seed: Optional[int] = None,
                 dtype: DTypeLike = _float32) -> None:
        super().__init__(scale=1.0, mode="fan_avg", distribution="uniform", seed=seed)

    def get_config(self) -> Dict[str, Any]:
        return {"seed": self.seed, "dtype": _dtypes.dtype_name(self.dtype)}


class GlorotNormal(VarianceScaling):
    """``tf.compat.v1.glorot_normal_initializer``: truncated normal with
    stddev sqrt(2 / (fan_in + fan_out)) after truncation.

    As in TF, the constructor's ``dtype`` is ignored (the default stays float32).
    """

    def __init__(self, seed: Optional[int] = None,
                 dtype: DTypeLike = _float32) -> None:
        super().__init__(scale=1.0, mode="fan_avg", distribution="truncated_normal",
                         seed=seed)

    def get_config(self) -> Dict[str, Any]:
        return {"seed": self.seed, "dtype": _dtypes.dtype_name(self.dtype)}


class Orthogonal(Initializer):
    """``tf.compat.v1.orthogonal_initializer(gain=1.0, seed, dtype)``.

    QR of a normal matrix of shape (prod(shape[:-1]), shape[-1]) (transposed when
    it has fewer rows than columns), signs fixed by diag(R), times ``gain``.
    """

    def __init__(self, gain: float = 1.0, seed: Optional[int] = None,
                 dtype: DTypeLike = _float32) -> None:
        self.gain = gain
        self.dtype = _assert_float_dtype(_dtypes.as_dtype(dtype))
        self.seed = seed

    def __call__(self, shape: ShapeLike, dtype: Optional[DTypeLike] = None,
                 partition_info: Optional[PartitionInfo] = None) -> npt.NDArray[Any]:
        dtype = _resolve_dtype(dtype, self.dtype)
        shape = _as_shape(shape)
        if len(shape) < 2:
            raise ValueError("The tensor to initialize, specified by argument `shape` "
                             "must be at least two-dimensional. Received shape=%s"
                             % (list(shape),))
        num_rows = 1
        for dim in shape[:-1]:
            num_rows *= dim
        num_rows = int(num_rows)
        num_cols = int(shape[-1])
        if num_rows < num_cols:
            flat_shape = (num_cols, num_rows)
        else:
            flat_shape = (num_rows, num_cols)
        a = _random_normal(flat_shape, 0.0, 1.0, dtype, self.seed)
        q, r = np.linalg.qr(a.astype(np.float64))
        d = np.diagonal(r)
        q = q * np.sign(d)
        if num_rows < num_cols:
            q = q.T
        gain = _scalar(self.gain, dtype)
        return np.asarray(gain * q.astype(dtype).reshape(shape), dtype=dtype)

    def get_config(self) -> Dict[str, Any]:
        return {"gain": self.gain, "seed": self.seed, "dtype": _dtypes.dtype_name(self.dtype)}


class Identity(Initializer):
    """``tf.compat.v1.initializers.identity(gain=1.0, dtype)``: 2-D only.

    With ``partition_info`` the full identity's slice at ``var_offset`` is returned.
    """

    def __init__(self, gain: float = 1.0, dtype: DTypeLike = _float32) -> None:
        self.gain = gain
        self.dtype = _assert_float_dtype(_dtypes.as_dtype(dtype))

    def __call__(self, shape: ShapeLike, dtype: Optional[DTypeLike] = None,
                 partition_info: Optional[PartitionInfo] = None) -> npt.NDArray[Any]:
        shape = _as_shape(shape)
        full_shape = _full_shape(shape, partition_info)
        if len(full_shape) != 2:
            raise ValueError("The tensor to initialize, specified by argument `shape` "
                             "must be at least two-dimensional. Received shape=%s"
                             % (list(shape),))
        dtype = _resolve_dtype(dtype, self.dtype)
        if dtype == _dtypes.string:
            raise TypeError("Expected string, but got 1 of type 'int'.")
        initializer = np.eye(*full_shape, dtype=dtype)
        if partition_info is not None:
            offset = tuple(partition_info.var_offset)
            if len(shape) != 2 or any(o + s > f for o, s, f in zip(offset, shape, full_shape)):
                raise ValueError("Slice of shape %s at offset %s is out of bounds of a "
                                 "tensor of shape %s." % (list(shape), list(offset),
                                                          list(full_shape)))
            initializer = initializer[offset[0]:offset[0] + shape[0],
                                      offset[1]:offset[1] + shape[1]]
        gain = _scalar(self.gain, dtype)
        return np.asarray(gain * initializer, dtype=dtype)

    def get_config(self) -> Dict[str, Any]:
        return {"gain": self.gain, "dtype": _dtypes.dtype_name(self.dtype)}


# TF1's lower-case names (tf.compat.v1.*_initializer are these very classes).
zeros_initializer = Zeros
ones_initializer = Ones
constant_initializer = Constant
random_uniform_initializer = RandomUniform
random_normal_initializer = RandomNormal
truncated_normal_initializer = TruncatedNormal
uniform_unit_scaling_initializer = UniformUnitScaling
variance_scaling_initializer = VarianceScaling
glorot_uniform_initializer = GlorotUniform
glorot_normal_initializer = GlorotNormal
orthogonal_initializer = Orthogonal
identity_initializer = Identity

# tf.compat.v1.initializers.* names
zeros = Zeros
ones = Ones
constant = Constant
random_uniform = RandomUniform
random_normal = RandomNormal
truncated_normal = TruncatedNormal
uniform_unit_scaling = UniformUnitScaling
variance_scaling = VarianceScaling
glorot_uniform = GlorotUniform
glorot_normal = GlorotNormal
orthogonal = Orthogonal
identity = Identity


def lecun_normal(seed: Optional[int] = None) -> VarianceScaling:
    """Truncated normal with stddev sqrt(1 / fan_in)."""
    return VarianceScaling(scale=1., mode="fan_in", distribution="truncated_normal",
                           seed=seed)


def lecun_uniform(seed: Optional[int] = None) -> VarianceScaling:
    """Uniform within sqrt(3 / fan_in)."""
    return VarianceScaling(scale=1., mode="fan_in", distribution="uniform", seed=seed)


def he_normal(seed: Optional[int] = None) -> VarianceScaling:
    """Truncated normal with stddev sqrt(2 / fan_in)."""
    return VarianceScaling(scale=2., mode="fan_in", distribution="truncated_normal",
                           seed=seed)


def he_uniform(seed: Optional[int] = None) -> VarianceScaling:
    """Uniform within sqrt(6 / fan_in)."""
    return VarianceScaling(scale=2., mode="fan_in", distribution="uniform", seed=seed)


def default_initializer(name: str, dtype: Any) -> Initializer:
    """The initializer ``get_variable`` uses when none is given (TF's rule).

    glorot_uniform for floating dtypes; zeros for integers, bool and string;
    otherwise (complex) ValueError naming the variable.
    """
    dtype = _dtypes.as_dtype(dtype)
    if _dtypes.is_floating(dtype):
        return GlorotUniform()
    if (_dtypes.is_integer(dtype) or _dtypes.is_bool(dtype)
            or dtype == _dtypes.string):
        return Zeros()
    raise ValueError("An initializer for variable %s of %s is required"
                     % (name, _dtypes.dtype_name(dtype)))
