"""Data types as TensorFlow's ``tf.dtypes`` sees them: `DType` objects
(``float32``, ``int64``, ``bool``, ``string`` ...) that are also NumPy dtypes
to NumPy.

A `DType` wraps one canonical, native-byte-order ``numpy.dtype`` and is equal
to it (and hashes as it), so ``v.dtype == np.float32``, ``np.zeros(2,
v.dtype)``, ``arr.astype(v.dtype)`` and dict keys keep working; NumPy reads it
through its ``dtype`` attribute.  TF's ``string`` is ``np.dtype(object)``
holding ``bytes`` (what TF's ``.numpy()`` gives).  TF's reference dtypes
(``"float32_ref"``) map to their base dtype.  Quantized, resource and variant
dtypes have no NumPy counterpart and are refused with ``TypeError``.
``bfloat16`` needs ``ml_dtypes``, which is imported only when bfloat16 is
first asked for (``ps.bfloat16``, ``as_dtype("bfloat16")``, enum 14, or an
ml_dtypes array).

Besides `as_dtype` this module reproduces how TF turns a Python value or an
array into a constant (``tf.compat.v1.constant`` / ``tf.convert_to_tensor`` in
graph mode): :func:`convert_to_array` and :func:`infer_value_dtype`.
"""

import builtins
import numbers
from typing import Any, Dict, Iterator, List, Optional, Set, Tuple

import numpy as np

__all__ = [
    "DType", "as_dtype", "dtype_name", "is_floating", "is_integer", "is_unsigned",
    "is_bool", "is_complex", "is_compatible", "infer_value_dtype", "convert_to_array",
    "float16", "half", "float32", "float64", "double", "bfloat16", "int8", "int16",
    "int32", "int64", "uint8", "uint16", "uint32", "uint64", "bool_", "complex64",
    "complex128", "string",
]

#: what `as_dtype` accepts (documentation only: anything else raises TypeError)
DTypeLike = Any

# NumPy attributes a DType answers for its NumPy dtype, so code written for
# np.dtype objects (``d.type``, ``d.itemsize`` ...) runs unchanged.
_NUMPY_ATTRIBUTES = frozenset({
    "alignment", "byteorder", "char", "descr", "hasobject", "isnative", "kind",
    "newbyteorder", "num", "str", "flags", "isbuiltin", "isalignedstruct",
})


class DType:
    """Represents the type of the elements in a `Tensor` (here: a variable).

    `DType`'s are used to specify the output data type for operations which
    require it, or to inspect the data type of existing ones.  Examples::

        ps.constant_initializer(1)([2], dtype=ps.float32)
        v.dtype.is_floating          # True for a float32 variable

    pyscope's DType is also a NumPy dtype to NumPy: it is equal to its NumPy
    dtype (``ps.float32 == np.float32``), hashes as it, and NumPy accepts it
    wherever it accepts a dtype (``np.zeros(2, ps.float32)``).  There is one
    object per type: ``ps.as_dtype("float32") is ps.float32``.
    """

    __slots__ = ("_np", "_name", "_enum")

    _np: np.dtype
    _name: str
    _enum: int

    def __new__(cls, type_enum: int, handle_data: Any = None) -> "DType":
        """The DType of TF's DataType enum number `type_enum` (TF's
        ``DType(type_enum)``; raises TypeError for an unknown number).
        `handle_data` (TF's resource-handle shapes) is accepted for TF's
        signature: pyscope has no resource dtype it would describe."""
        if not isinstance(type_enum, int) or isinstance(type_enum, builtins.bool):
            raise TypeError("DType(type_enum) takes a DataType enum number "
                            "(an int such as 1 for float32), got %r" % (type_enum,))
        return as_dtype(type_enum)

    @classmethod
    def _make(cls, np_dtype: np.dtype, name: str, enum: int) -> "DType":
        self = object.__new__(cls)
        self._np, self._name, self._enum = np_dtype, name, enum
        return self

    # -- TF's DType API ------------------------------------------------------
    @property
    def name(self) -> str:
        """The name of this `DType` (``"float32"``, ``"bool"``, ``"string"``)."""
        return self._name

    @property
    def base_dtype(self) -> "DType":
        """Returns a non-reference `DType` based on this `DType` (itself:
        pyscope has no reference dtypes)."""
        return self

    @property
    def real_dtype(self) -> "DType":
        """Returns the `DType` corresponding to this `DType`'s real part."""
        if self._enum == 8:
            return float32
        if self._enum == 18:
            return float64
        return self

    @property
    def as_numpy_dtype(self) -> type:
        """Returns a Python `type` object based on this `DType` (``np.float32``;
        ``object`` for string, as TF)."""
        return object if self._enum == 7 else self._np.type

    @property
    def as_datatype_enum(self) -> int:
        """Returns a `types_pb2.DataType` enum value based on this data type."""
        return self._enum

    @property
    def is_bool(self) -> bool:
        """Returns whether this is a boolean data type."""
        return self._np in _BOOL

    @property
    def is_numpy_compatible(self) -> bool:
        """Returns whether this data type has a compatible NumPy data type."""
        return True

    @property
    def is_integer(self) -> bool:
        """Returns whether this is a (non-quantized) integer type."""
        return self._np in _SIGNED or self._np in _UNSIGNED

    @property
    def is_floating(self) -> bool:
        """Returns whether this is a (non-quantized, real) floating point type."""
        return self._np in _FLOATING

    @property
    def is_complex(self) -> bool:
        """Returns whether this is a complex floating point type."""
        return self._np in _COMPLEX

    @property
    def is_quantized(self) -> bool:
        """Returns whether this is a quantized data type (never, in pyscope)."""
        return False

    @property
    def is_unsigned(self) -> bool:
        """Returns whether this type is unsigned."""
        return self._np in _UNSIGNED

    @property
    def min(self) -> Any:
        """Returns the minimum representable value in this data type.

        Raises:
          TypeError: if this is a non-numeric, unordered, or quantized type.
        """
        return self._limit("min", "minimum")

    @property
    def max(self) -> Any:
        """Returns the maximum representable value in this data type.

        Raises:
          TypeError: if this is a non-numeric, unordered, or quantized type.
        """
        return self._limit("max", "maximum")

    def _limit(self, which: str, word: str) -> Any:
        if self._np in _BOOL or self._np in _COMPLEX or self._np == _STRING_NP:
            raise TypeError("Cannot find %s value of %s with type %s."
                            % (word, self, self))
        if self._np in _FLOATING:
            info = _finfo(self._np)
        else:
            info = np.iinfo(self._np)
        return getattr(info, which)

    @property
    def limits(self) -> Tuple[Any, Any]:
        """Return intensity limits, i.e. (min, max) tuple, of the dtype."""
        return self.min, self.max

    @property
    def size(self) -> int:
        """The size of one element in bytes (0 for string, as TF)."""
        return 0 if self._enum == 7 else int(self._np.itemsize)

    def is_compatible_with(self, other: DTypeLike) -> bool:
        """Returns True if the `other` DType will be converted to this DType
        (the same base type; TypeError if `other` is not a dtype)."""
        return as_dtype(other) is self

    # -- NumPy's view of it --------------------------------------------------
    @property
    def dtype(self) -> np.dtype:
        """The NumPy dtype (how NumPy converts a DType: ``np.dtype(d)``)."""
        return self._np

    @property
    def type(self) -> type:
        """NumPy's scalar type (``np.dtype.type``)."""
        return self._np.type

    @property
    def itemsize(self) -> int:
        """NumPy's element size in bytes (``np.dtype.itemsize``)."""
        return int(self._np.itemsize)

    def __getattr__(self, name: str) -> Any:
        if name in _NUMPY_ATTRIBUTES:
            return getattr(self._np, name)
        raise AttributeError("'DType' object has no attribute %r" % (name,))

    # -- equality as TF's, hashing as NumPy's ------------------------------
    def __eq__(self, other: object) -> bool:
        """True if `other` names the same type: as TF (``as_dtype(other)``,
        so ``ps.float32 == "float"``), else as NumPy (``== "f4"``)."""
        if other is self:
            return True
        if type(other) is DType or other is None:
            return False
        try:
            return _np_dtype(other) is self._np
        except TypeError:
            pass
        try:
            return bool(self._np == other)
        except TypeError:
            return False

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash(self._np)

    def __reduce__(self) -> Tuple[Any, Tuple[str]]:
        return as_dtype, (self._name,)

    def __repr__(self) -> str:
        return "tf." + self._name

    def __str__(self) -> str:
        return "<dtype: %r>" % (self._name,)


def _finfo(np_dtype: np.dtype) -> Any:
    if np_dtype.type.__module__.startswith("ml_dtypes"):
        import ml_dtypes  # type: ignore[import-not-found, unused-ignore]
        return ml_dtypes.finfo(np_dtype)  # type: ignore[no-untyped-call, unused-ignore]
    return np.finfo(np_dtype)


# TF's canonical names and DataType enum numbers.
_CANONICAL = [
    ("float32", np.float32, 1), ("float64", np.float64, 2), ("int32", np.int32, 3),
    ("uint8", np.uint8, 4), ("int16", np.int16, 5), ("int8", np.int8, 6),
    ("string", np.object_, 7), ("complex64", np.complex64, 8), ("int64", np.int64, 9),
    ("bool", np.bool_, 10), ("uint16", np.uint16, 17), ("complex128", np.complex128, 18),
    ("float16", np.float16, 19), ("uint32", np.uint32, 22), ("uint64", np.uint64, 23),
]
_BY_NP: Dict[np.dtype, DType] = {}
for _name, _type, _enum in _CANONICAL:
    _BY_NP[np.dtype(_type)] = DType._make(np.dtype(_type), _name, _enum)


def _builtin(name: str) -> DType:
    return _BY_NP[np.dtype(name if name != "string" else object)]


float16 = _builtin("float16")
half = float16
float32 = _builtin("float32")
float64 = _builtin("float64")
double = float64
int8 = _builtin("int8")
int16 = _builtin("int16")
int32 = _builtin("int32")
int64 = _builtin("int64")
uint8 = _builtin("uint8")
uint16 = _builtin("uint16")
uint32 = _builtin("uint32")
uint64 = _builtin("uint64")
bool_ = _builtin("bool")
complex64 = _builtin("complex64")
complex128 = _builtin("complex128")
string = _builtin("string")

_STRING_NP = np.dtype(object)
_FLOATING: Set[np.dtype] = {np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64)}
_SIGNED = {np.dtype(t) for t in (np.int8, np.int16, np.int32, np.int64)}
_UNSIGNED = {np.dtype(t) for t in (np.uint8, np.uint16, np.uint32, np.uint64)}
_COMPLEX = {np.dtype(np.complex64), np.dtype(np.complex128)}
_BOOL = {np.dtype(np.bool_)}

# Everything as_dtype finds by hash, to canonical NumPy dtypes (TF's
# _ANY_TO_TF): enum numbers, names, Python types, NumPy scalar types.  Note
# that, as in TF, a hashable value equal to an enum number (``True``,
# ``np.float16(1)``) finds that enum.
_ENUM: Dict[int, np.dtype] = {d._enum: d._np for d in _BY_NP.values()}
# Reference dtypes are the base enum + 100; pyscope has no refs: map to the base.
_ENUM.update({k + 100: v for k, v in list(_ENUM.items())})
_NAMES: Dict[str, np.dtype] = {d._name: d._np for d in _BY_NP.values()}
# TF's non-canonical aliases
_NAMES.update({"half": np.dtype(np.float16), "float": np.dtype(np.float32),
               "double": np.dtype(np.float64)})
_NAMES.update({k + "_ref": v for k, v in list(_NAMES.items())})

# Valid TF dtype names that have no NumPy representation in pyscope.
_UNSUPPORTED_NAMES = {
    "qint8", "quint8", "qint16", "quint16", "qint32", "resource", "variant",
    "float8_e5m2", "float8_e4m3fn", "float8_e4m3fnuz", "float8_e4m3b11fnuz",
    "float8_e5m2fnuz", "float4_e2m1fn", "int4", "uint4", "int2", "uint2",
}
_UNSUPPORTED_NAMES |= {n + "_ref" for n in list(_UNSUPPORTED_NAMES)}

# NumPy scalar types -> dtype (TF's _NP_TO_TF), platform aliases included.
_NP_TYPES: Dict[Any, np.dtype] = {np.dtype(t).type: np.dtype(t) for _, t, _ in _CANONICAL}
_NP_TYPES.update({np.bytes_: _STRING_NP, np.str_: _STRING_NP})
for _pdt in (np.intc, np.uintc, np.int_, np.uint, np.longlong, np.ulonglong):
    if _pdt not in _NP_TYPES:
        _NP_TYPES[_pdt] = next(v for k, v in list(_NP_TYPES.items()) if k == _pdt().dtype)

_PYTHON_TYPES: Dict[Any, np.dtype] = {
    builtins.float: np.dtype(np.float32), builtins.bool: np.dtype(np.bool_),
    object: _STRING_NP}

_ANY: Dict[Any, np.dtype] = {}
_ANY.update(_ENUM)
_ANY.update(_NAMES)
_ANY.update(_PYTHON_TYPES)
_ANY.update(_NP_TYPES)

# -- bfloat16, on first use ---------------------------------------------------
_BFLOAT16_KEYS = ("bfloat16", "bfloat16_ref", 14, 114)
_bfloat16_state: Dict[str, Optional[DType]] = {}


def _load_bfloat16() -> Optional[DType]:
    """Imports ml_dtypes (1-2 s: hence only now) and registers bfloat16;
    None when ml_dtypes is not installed."""
    if "dtype" in _bfloat16_state:
        return _bfloat16_state["dtype"]
    try:
        import ml_dtypes
        np_dtype = np.dtype(ml_dtypes.bfloat16)
    except Exception:  # noqa: BLE001  (ImportError, or one without bfloat16)
        _bfloat16_state["dtype"] = None
        _UNSUPPORTED_NAMES.update(("bfloat16", "bfloat16_ref"))
        return None
    d = _BY_NP[np_dtype] = DType._make(np_dtype, "bfloat16", 14)
    _FLOATING.add(np_dtype)
    _ENUM.update({14: np_dtype, 114: np_dtype})
    _NAMES.update({"bfloat16": np_dtype, "bfloat16_ref": np_dtype})
    _NP_TYPES[np_dtype.type] = np_dtype
    _ANY.update({14: np_dtype, 114: np_dtype, "bfloat16": np_dtype,
                 "bfloat16_ref": np_dtype, np_dtype.type: np_dtype})
    _bfloat16_state["dtype"] = d
    return d


def _is_bfloat16_request(type_value: Any) -> bool:
    """Whether `type_value` asks for bfloat16, decided without ml_dtypes."""
    if isinstance(type_value, np.dtype):
        type_value = type_value.type
    if isinstance(type_value, type):
        return (type_value.__name__ == "bfloat16"
                and type_value.__module__.startswith("ml_dtypes"))
    if isinstance(type_value, (str, int, np.integer)):
        return type_value in _BFLOAT16_KEYS
    return False


def __getattr__(name: str) -> Any:
    # ``pyscope.dtypes.bool`` (as ``tf.bool``) without shadowing the builtin
    # here; ``bfloat16`` imports ml_dtypes on first use (None without it).
    if name == "bool":
        return bool_
    if name == "bfloat16":
        return _load_bfloat16()
    raise AttributeError("module %r has no attribute %r" % (__name__, name))


def _is_torch_dtype(type_value: Any) -> bool:
    # by name: pyscope never imports torch
    kind = type(type_value)
    return kind.__module__ == "torch" and kind.__name__ == "dtype"


def _np_dtype(type_value: DTypeLike) -> np.dtype:
    """`as_dtype`'s canonical NumPy dtype (what pyscope computes with)."""
    if type(type_value) is DType:
        return type_value._np
    if isinstance(type_value, np.dtype):
        found = _NP_TYPES.get(type_value.type)
        if found is not None:
            return found
    try:
        found = _ANY.get(type_value)
    except TypeError:  # unhashable
        found = None
    if found is not None:
        return found
    if _is_bfloat16_request(type_value) and _load_bfloat16() is not None:
        return _np_dtype(type_value)
    if isinstance(type_value, str) and type_value in _UNSUPPORTED_NAMES:
        raise TypeError("TensorFlow dtype %r has no NumPy equivalent in pyscope."
                        % (type_value,))
    if hasattr(type_value, "dtype"):
        if _is_torch_dtype(type_value.dtype):  # a torch tensor
            return _np_dtype(type_value.dtype)
        try:
            inner = np.dtype(type_value.dtype)
        except (TypeError, ValueError):
            inner = None
        if inner is not None:
            found = _NP_TYPES.get(inner.type)
            if found is None and _is_bfloat16_request(inner) and _load_bfloat16():
                found = _NP_TYPES.get(inner.type)
            if found is not None:
                return found
    # A tensorflow DType (or look-alike) or a torch dtype: go by its name
    # (torch.float32 prints as "torch.float32").
    name: Any = None
    if _is_torch_dtype(type_value):
        name = str(type_value)[len("torch."):]
    elif hasattr(type_value, "as_numpy_dtype"):
        name = getattr(type_value, "name", None)
    if isinstance(name, str):
        if name in _NAMES:
            return _NAMES[name]
        if name in _BFLOAT16_KEYS and _load_bfloat16() is not None:
            return _NAMES[name]
    raise TypeError("Cannot convert the argument `type_value`: %r to a TensorFlow "
                    "DType." % (type_value,))


def as_dtype(type_value: DTypeLike) -> DType:
    """Converts the given `type_value` to a `DType`, as ``tf.as_dtype``.

    Accepts a `DType`, a ``numpy.dtype``, a NumPy scalar type
    (``np.float32``), ``float``, ``bool``, ``object``, a TF name
    (``"float32"``, ``"float"``, ``"double"``, ``"half"``, ``"string"``,
    ``"float32_ref"`` ...), a TF DataType enum number, anything with a
    ``dtype`` attribute (an array), a TensorFlow ``DType``, or a PyTorch
    dtype (``torch.float32``, for layers called on torch tensors).  Like TF,
    Python ``int``, ``complex`` and ``str`` are *not* dtypes.

    Args:
      type_value: A value that can be converted to a `DType` object.

    Returns:
      A `DType` corresponding to `type_value`.

    Raises:
      TypeError: If `type_value` cannot be converted to a `DType`.
    """
    if type(type_value) is DType:
        return type_value
    return _BY_NP[_np_dtype(type_value)]


def dtype_name(dtype: DTypeLike) -> str:
    """TF's name of a dtype: ``"float32"``, ``"bool"``, ``"string"`` (for object)."""
    return as_dtype(dtype)._name


def is_floating(dtype: DTypeLike) -> bool:
    """True for float16/32/64 (and bfloat16), as ``DType.is_floating``."""
    return _np_dtype(dtype) in _FLOATING


def is_integer(dtype: DTypeLike) -> bool:
    """True for signed and unsigned integers (not bool), as ``DType.is_integer``."""
    d = _np_dtype(dtype)
    return d in _SIGNED or d in _UNSIGNED


def is_unsigned(dtype: DTypeLike) -> bool:
    """True for uint8..uint64, as ``DType.is_unsigned``."""
    return _np_dtype(dtype) in _UNSIGNED


def is_bool(dtype: DTypeLike) -> bool:
    """True for bool, as ``DType.is_bool``."""
    return _np_dtype(dtype) in _BOOL


def is_complex(dtype: DTypeLike) -> bool:
    """True for complex64/128, as ``DType.is_complex``."""
    return _np_dtype(dtype) in _COMPLEX


def is_compatible(a: DTypeLike, b: DTypeLike) -> bool:
    """``as_dtype(a).is_compatible_with(b)``: same base dtype."""
    return _np_dtype(a) is _np_dtype(b)


# --------------------------------------------------------------------------
# Converting Python values (TF's tensor_util.make_tensor_proto, graph mode)

_INTEGRAL = (numbers.Integral, np.integer)
_REAL = (numbers.Real, np.integer, np.floating)
_COMPLEX_TYPES = (numbers.Complex, np.number)
_TEXT = (bytes, str)


def _flatten(values: Any) -> Iterator[Any]:
    if isinstance(values, (list, tuple)):
        for v in values:
            yield from _flatten(v)
    else:
        yield values


def _check(values: Any, expected: Any, dtype: np.dtype) -> None:
    for v in _flatten(values):
        if not (isinstance(v, expected)
                or (isinstance(v, np.ndarray) and issubclass(v.dtype.type, expected))):
            raise TypeError("Expected %s, but got %r of type '%s'."
                            % (dtype_name(dtype), v, type(v).__name__))


def _assert_compatible(values: Any, dtype: Optional[np.dtype]) -> None:
    """TF's _AssertCompatible: Python leaves must suit ``dtype`` (TypeError)."""
    if dtype is None:
        return
    if dtype in _BOOL:
        _check(values, bool, dtype)
    elif dtype in _COMPLEX:
        _check(values, _COMPLEX_TYPES, dtype)
    elif dtype in _FLOATING:
        _check(values, _REAL, dtype)
    elif dtype in _SIGNED or dtype in _UNSIGNED:
        _check(values, _INTEGRAL, dtype)
    elif dtype is _STRING_NP:
        _check(values, _TEXT, dtype)


def _dense_dimensions(values: Any) -> List[int]:
    if not isinstance(values, (list, tuple)):
        return []
    if not values:
        return [0]
    return [len(values)] + _dense_dimensions(values[0])


def _is_array_like(obj: Any) -> bool:
    if (callable(getattr(obj, "__array__", None))
            or isinstance(getattr(obj, "__array_interface__", None), dict)):
        return True
    try:
        memoryview(obj)
    except TypeError:
        return False
    return not isinstance(obj, bytes)


def _as_bytes(x: Any) -> bytes:
    if isinstance(x, bytearray):
        return bytes(x)
    if isinstance(x, str):
        return x.encode("utf-8")
    if isinstance(x, bytes):
        return x
    raise TypeError("Expected binary or unicode string, got %r" % (x,))


def _to_bytes_array(arr: np.ndarray, original: Any) -> np.ndarray:
    out = np.empty(arr.shape, dtype=object)
    flat = out.reshape(-1)
    try:
        for i, x in enumerate(arr.reshape(-1)):
            flat[i] = _as_bytes(x.item() if isinstance(x, np.generic) else x)
    except TypeError:
        raise TypeError("Failed to convert elements of %r to Tensor. Consider casting "
                        "elements to a supported type." % (original,)) from None
    return out


def _normalize_shape(shape: Any) -> Optional[Tuple[int, ...]]:
    if shape is None:
        return None
    return tuple(int(d) for d in shape)


def convert_to_array(value: Any, dtype: DTypeLike = None, shape: Any = None,
                     verify_shape: bool = False) -> np.ndarray:
    """The array TF1's ``tf.constant(value, dtype, shape, verify_shape)`` holds.

    Without ``dtype``, TF's inference: Python ``int`` -> int32 (int64 when a value
    needs it), ``float`` -> float32, ``bool`` -> bool, ``str``/``bytes`` ->
    string, ``complex`` -> complex128, nested lists by NumPy's promotion then the
    float64 -> float32 and (lossless) int64 -> int32 narrowing; an ndarray or
    NumPy scalar keeps its dtype. With ``dtype``, Python leaves must suit it
    (TypeError, e.g. ``1.5`` for int32, ``1`` for bool) while arrays are cast.

    With ``shape``: more values than elements -> ValueError; fewer -> the last
    value repeats (no values: zeros); ``verify_shape`` demands the exact shape
    (TypeError). String results are object arrays of ``bytes``.

    Raises:
      ValueError: ``None``, ragged nesting, too many values.
      TypeError: values that do not suit the dtype, unconvertible objects.
    """
    if dtype is not None:
        dtype = _np_dtype(dtype)
    shape = _normalize_shape(shape)
    original = value
    if _is_array_like(value):
        value = np.asarray(value)

    if isinstance(value, (np.ndarray, np.generic)):
        nparray = np.asarray(value.astype(dtype) if dtype is not None else value)
    else:
        if value is None:
            raise ValueError("None values not supported.")
        if shape is not None and int(np.prod(shape, dtype=np.int64)) == 0:
            nparray = np.empty(shape, dtype=dtype)
        else:
            _assert_compatible(value, dtype)
            if dtype is not None and np.issubdtype(dtype, np.number):
                nparray = np.array(value).astype(dtype)
            else:
                nparray = np.array(value, dtype=dtype)
            if list(nparray.shape) != _dense_dimensions(value):
                raise ValueError("Expected values %r to be a dense tensor with shape %s, "
                                 "but got shape %s." % (value, _dense_dimensions(value),
                                                        list(nparray.shape)))
        if nparray.dtype == np.float64 and dtype is None:
            nparray = nparray.astype(np.float32)
        elif nparray.dtype == np.int64 and dtype is None:
            down = nparray.astype(np.int32)
            if np.array_equal(down, nparray):
                nparray = down

    try:
        numpy_dtype = _np_dtype(nparray.dtype)
    except TypeError:
        raise TypeError("Unrecognized data type: %s." % (nparray.dtype,)) from None
    if dtype is not None and dtype != numpy_dtype:
        raise TypeError("`dtype` %s is not compatible with %r of dtype %s."
                        % (dtype_name(dtype), value, nparray.dtype))

    if numpy_dtype is _STRING_NP:
        if not isinstance(value, (np.ndarray, np.generic)):
            # TF converts the Python leaves themselves, so [1, "a"] fails.
            try:
                for leaf in _flatten(value):
                    _as_bytes(leaf)
            except TypeError:
                raise TypeError("Failed to convert elements of %r to Tensor. Consider "
                                "casting elements to a supported type." % (original,)) from None
        nparray = _to_bytes_array(nparray, original)
    elif nparray.dtype != numpy_dtype:  # e.g. big-endian or platform aliases
        nparray = nparray.astype(numpy_dtype)

    if shape is None:
        return np.array(nparray, dtype=numpy_dtype, copy=True)

    shape_size = int(np.prod(shape, dtype=np.int64))
    if verify_shape and nparray.shape != shape:
        raise TypeError("Expected Tensor's shape: %s, but got %s." % (shape, nparray.shape))
    if nparray.size > shape_size:
        raise ValueError("Too many elements provided. Takes at most %d, but got %d."
                         % (shape_size, nparray.size))
    if nparray.size == shape_size:
        return np.array(nparray.reshape(shape), dtype=numpy_dtype, copy=True)
    out = np.empty(shape_size, dtype=numpy_dtype)
    if nparray.size == 0:
        out[...] = b"" if numpy_dtype is _STRING_NP else 0
    else:
        flat = nparray.reshape(-1)
        out[:flat.size] = flat
        out[flat.size:] = flat[-1]
    return out.reshape(shape)


def infer_value_dtype(value: Any) -> np.dtype:
    """The dtype TF gives ``value`` (``tf.convert_to_tensor(value).dtype``)."""
    return convert_to_array(value).dtype
