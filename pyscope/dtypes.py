"""Data types as TensorFlow's ``tf.as_dtype`` sees them, held as NumPy dtypes.

pyscope has no ``DType`` class: a dtype is a canonical, native-byte-order
``numpy.dtype``. TF's ``string`` is ``np.dtype(object)`` holding ``bytes``
(what TF's ``.numpy()`` gives). TF's reference dtypes (``"float32_ref"``) map to
their base dtype. Quantized, resource and variant dtypes have no NumPy
counterpart and are refused with ``TypeError``.

Besides ``as_dtype`` this module reproduces how TF turns a Python value or an
array into a constant (``tf.compat.v1.constant`` / ``tf.convert_to_tensor`` in
graph mode): :func:`convert_to_array` and :func:`infer_value_dtype`.
"""

import numbers

import numpy as np

__all__ = [
    "as_dtype", "dtype_name", "is_floating", "is_integer", "is_unsigned", "is_bool",
    "is_complex", "is_compatible", "infer_value_dtype", "convert_to_array",
    "float16", "half", "float32", "float64", "double", "bfloat16", "int8", "int16",
    "int32", "int64", "uint8", "uint16", "uint32", "uint64", "bool_", "complex64",
    "complex128", "string",
]

float16 = np.dtype(np.float16)
half = float16
float32 = np.dtype(np.float32)
float64 = np.dtype(np.float64)
double = float64
int8 = np.dtype(np.int8)
int16 = np.dtype(np.int16)
int32 = np.dtype(np.int32)
int64 = np.dtype(np.int64)
uint8 = np.dtype(np.uint8)
uint16 = np.dtype(np.uint16)
uint32 = np.dtype(np.uint32)
uint64 = np.dtype(np.uint64)
bool_ = np.dtype(np.bool_)
complex64 = np.dtype(np.complex64)
complex128 = np.dtype(np.complex128)
string = np.dtype(object)

try:  # optional: TF's bfloat16 is ml_dtypes.bfloat16, when that package is present
    import ml_dtypes as _ml_dtypes
    bfloat16 = np.dtype(_ml_dtypes.bfloat16)
except Exception:  # noqa: BLE001  (ImportError, or an ml_dtypes without bfloat16)
    _ml_dtypes = None
    bfloat16 = None


def __getattr__(name):
    # ``pyscope.dtypes.bool`` (as ``tf.bool``) without shadowing the builtin here.
    if name == "bool":
        return bool_
    raise AttributeError("module %r has no attribute %r" % (__name__, name))


# TF's canonical names, in TF's DataType enum order (value = enum number).
_ENUM = {
    1: float32, 2: float64, 3: int32, 4: uint8, 5: int16, 6: int8, 7: string,
    8: complex64, 9: int64, 10: bool_, 17: uint16, 18: complex128, 19: float16,
    22: uint32, 23: uint64,
}
if bfloat16 is not None:
    _ENUM[14] = bfloat16
# Reference dtypes are the base enum + 100; pyscope has no refs: map to the base.
_ENUM.update({k + 100: v for k, v in list(_ENUM.items())})

_NAMES = {
    "float16": float16, "float32": float32, "float64": float64, "int8": int8,
    "int16": int16, "int32": int32, "int64": int64, "uint8": uint8, "uint16": uint16,
    "uint32": uint32, "uint64": uint64, "bool": bool_, "complex64": complex64,
    "complex128": complex128, "string": string,
    # TF's non-canonical aliases
    "half": float16, "float": float32, "double": float64,
}
if bfloat16 is not None:
    _NAMES["bfloat16"] = bfloat16
_NAMES.update({k + "_ref": v for k, v in list(_NAMES.items())})

# Valid TF dtype names that have no NumPy representation in pyscope.
_UNSUPPORTED_NAMES = {
    "qint8", "quint8", "qint16", "quint16", "qint32", "resource", "variant",
    "float8_e5m2", "float8_e4m3fn", "float8_e4m3fnuz", "float8_e4m3b11fnuz",
    "float8_e5m2fnuz", "float4_e2m1fn", "int4", "uint4", "int2", "uint2",
}
if bfloat16 is None:
    _UNSUPPORTED_NAMES.add("bfloat16")
_UNSUPPORTED_NAMES |= {n + "_ref" for n in list(_UNSUPPORTED_NAMES)}

# NumPy scalar types -> dtype (TF's _NP_TO_TF), platform aliases included.
_NP_TYPES = {
    np.float16: float16, np.float32: float32, np.float64: float64, np.int32: int32,
    np.int64: int64, np.uint8: uint8, np.uint16: uint16, np.uint32: uint32,
    np.uint64: uint64, np.int16: int16, np.int8: int8, np.complex64: complex64,
    np.complex128: complex128, np.object_: string, np.bytes_: string, np.str_: string,
    np.bool_: bool_,
}
if bfloat16 is not None:
    _NP_TYPES[bfloat16.type] = bfloat16
for _pdt in (np.intc, np.uintc, np.int_, np.uint, np.longlong, np.ulonglong):
    if _pdt not in _NP_TYPES:
        _NP_TYPES[_pdt] = next(v for k, v in list(_NP_TYPES.items()) if k == _pdt().dtype)

_PYTHON_TYPES = {float: float32, bool: bool_, object: string}

# One table looked up by hash, as TF's _ANY_TO_TF: note that, as in TF, a hashable
# value equal to an enum number (``True``, ``np.float16(1)``) finds that enum.
_ANY = {}
_ANY.update(_ENUM)
_ANY.update(_NAMES)
_ANY.update(_PYTHON_TYPES)
_ANY.update(_NP_TYPES)

_FLOATING = {float16, float32, float64} | ({bfloat16} if bfloat16 is not None else set())
_SIGNED = {int8, int16, int32, int64}
_UNSIGNED = {uint8, uint16, uint32, uint64}
_COMPLEX = {complex64, complex128}


def as_dtype(type_value):
    """Converts ``type_value`` to a canonical NumPy dtype, as ``tf.as_dtype``.

    Accepts a ``numpy.dtype``, a NumPy scalar type (``np.float32``), ``float``,
    ``bool``, ``object``, a TF name (``"float32"``, ``"float"``, ``"double"``,
    ``"half"``, ``"string"``, ``"float32_ref"`` ...), a TF DataType enum number,
    anything with a ``dtype`` attribute (an array), or a TF ``DType``.
    Like TF, Python ``int``, ``complex`` and ``str`` are *not* dtypes.

    Raises:
      TypeError: if ``type_value`` cannot be converted.
    """
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
    if isinstance(type_value, str) and type_value in _UNSUPPORTED_NAMES:
        raise TypeError("TensorFlow dtype %r has no NumPy equivalent in pyscope."
                        % (type_value,))
    if hasattr(type_value, "dtype"):
        try:
            found = _NP_TYPES.get(np.dtype(type_value.dtype).type)
        except (TypeError, ValueError):
            found = None
        if found is not None:
            return found
    # A tensorflow DType (or look-alike): go by its name.
    name = getattr(type_value, "name", None)
    if (isinstance(name, str) and hasattr(type_value, "as_numpy_dtype")
            and name in _NAMES):
        return _NAMES[name]
    raise TypeError("Cannot convert the argument `type_value`: %r to a TensorFlow "
                    "DType." % (type_value,))


def dtype_name(dtype):
    """TF's name of a dtype: ``"float32"``, ``"bool"``, ``"string"`` (for object)."""
    d = as_dtype(dtype)
    if d == string:
        return "string"
    if bfloat16 is not None and d == bfloat16:
        return "bfloat16"
    return d.name


def is_floating(dtype):
    """True for float16/32/64 (and bfloat16), as ``DType.is_floating``."""
    return as_dtype(dtype) in _FLOATING


def is_integer(dtype):
    """True for signed and unsigned integers (not bool), as ``DType.is_integer``."""
    d = as_dtype(dtype)
    return d in _SIGNED or d in _UNSIGNED


def is_unsigned(dtype):
    """True for uint8..uint64, as ``DType.is_unsigned``."""
    return as_dtype(dtype) in _UNSIGNED


def is_bool(dtype):
    return as_dtype(dtype) == bool_


def is_complex(dtype):
    return as_dtype(dtype) in _COMPLEX


def is_compatible(a, b):
    """``as_dtype(a).is_compatible_with(b)``: same base dtype."""
    return as_dtype(a) == as_dtype(b)


# --------------------------------------------------------------------------
# Converting Python values (TF's tensor_util.make_tensor_proto, graph mode)

_INTEGRAL = (numbers.Integral, np.integer)
_REAL = (numbers.Real, np.integer, np.floating)
_COMPLEX_TYPES = (numbers.Complex, np.number)
_TEXT = (bytes, str)


def _flatten(values):
    if isinstance(values, (list, tuple)):
        for v in values:
            yield from _flatten(v)
    else:
        yield values


def _check(values, expected, dtype):
    for v in _flatten(values):
        if not (isinstance(v, expected)
                or (isinstance(v, np.ndarray) and issubclass(v.dtype.type, expected))):
            raise TypeError("Expected %s, but got %r of type '%s'."
                            % (dtype_name(dtype), v, type(v).__name__))


def _assert_compatible(values, dtype):
    """TF's _AssertCompatible: Python leaves must suit ``dtype`` (TypeError)."""
    if dtype is None:
        return
    if dtype == bool_:
        _check(values, bool, dtype)
    elif dtype in _COMPLEX:
        _check(values, _COMPLEX_TYPES, dtype)
    elif dtype in _FLOATING:
        _check(values, _REAL, dtype)
    elif dtype in _SIGNED or dtype in _UNSIGNED:
        _check(values, _INTEGRAL, dtype)
    elif dtype == string:
        _check(values, _TEXT, dtype)


def _dense_dimensions(values):
    if not isinstance(values, (list, tuple)):
        return []
    if not values:
        return [0]
    return [len(values)] + _dense_dimensions(values[0])


def _is_array_like(obj):
    if (callable(getattr(obj, "__array__", None))
            or isinstance(getattr(obj, "__array_interface__", None), dict)):
        return True
    try:
        memoryview(obj)
    except TypeError:
        return False
    return not isinstance(obj, bytes)


def _as_bytes(x):
    if isinstance(x, bytearray):
        return bytes(x)
    if isinstance(x, str):
        return x.encode("utf-8")
    if isinstance(x, bytes):
        return x
    raise TypeError("Expected binary or unicode string, got %r" % (x,))


def _to_bytes_array(arr, original):
    out = np.empty(arr.shape, dtype=object)
    flat = out.reshape(-1)
    try:
        for i, x in enumerate(arr.reshape(-1)):
            flat[i] = _as_bytes(x.item() if isinstance(x, np.generic) else x)
    except TypeError:
        raise TypeError("Failed to convert elements of %r to Tensor. Consider casting "
                        "elements to a supported type." % (original,)) from None
    return out


def _normalize_shape(shape):
    if shape is None:
        return None
    return tuple(int(d) for d in shape)


def convert_to_array(value, dtype=None, shape=None, verify_shape=False):
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
        dtype = as_dtype(dtype)
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
        numpy_dtype = as_dtype(nparray.dtype)
    except TypeError:
        raise TypeError("Unrecognized data type: %s." % (nparray.dtype,)) from None
    if dtype is not None and dtype != numpy_dtype:
        raise TypeError("`dtype` %s is not compatible with %r of dtype %s."
                        % (dtype_name(dtype), value, nparray.dtype))

    if numpy_dtype == string:
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
        out[...] = b"" if numpy_dtype == string else 0
    else:
        flat = nparray.reshape(-1)
        out[:flat.size] = flat
        out[flat.size:] = flat[-1]
    return out.reshape(shape)


def infer_value_dtype(value):
    """The dtype TF gives ``value`` (``tf.convert_to_tensor(value).dtype``)."""
    return convert_to_array(value).dtype
