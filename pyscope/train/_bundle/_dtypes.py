"""TF's DataType enum numbers as NumPy dtypes, for tensors in a bundle.

The ml_dtypes types (bfloat16, float8, int4) are imported only when a tensor
of such a type is read or written, so plain checkpoints never need them.
"""
from typing import Dict, Optional, Tuple

import numpy as np

__all__ = ["DT_STRING", "DT_VARIANT", "numpy_dtype", "enum_of", "dtype_name"]

DT_STRING = 7
DT_VARIANT = 21

# enum -> (TF's name, NumPy name or None for string, ml_dtypes name or None)
_TABLE: Dict[int, Tuple[str, Optional[str], Optional[str]]] = {
    1: ("float32", "float32", None), 2: ("float64", "float64", None),
    3: ("int32", "int32", None), 4: ("uint8", "uint8", None),
    5: ("int16", "int16", None), 6: ("int8", "int8", None),
    7: ("string", None, None), 8: ("complex64", "complex64", None),
    9: ("int64", "int64", None), 10: ("bool", "bool", None),
    14: ("bfloat16", None, "bfloat16"), 17: ("uint16", "uint16", None),
    18: ("complex128", "complex128", None), 19: ("float16", "float16", None),
    22: ("uint32", "uint32", None), 23: ("uint64", "uint64", None),
    24: ("float8_e5m2", None, "float8_e5m2"),
    25: ("float8_e4m3fn", None, "float8_e4m3fn"),
    26: ("float8_e4m3fnuz", None, "float8_e4m3fnuz"),
    27: ("float8_e4m3b11fnuz", None, "float8_e4m3b11fnuz"),
    28: ("float8_e5m2fnuz", None, "float8_e5m2fnuz"),
    29: ("int4", None, "int4"), 30: ("uint4", None, "uint4"),
}
_UNSUPPORTED = {11: "qint8", 12: "quint8", 13: "qint32", 15: "qint16",
                16: "quint16", 20: "resource", 21: "variant"}
_OBJECT = np.dtype(object)


def dtype_name(enum: int) -> str:
    """TF's name of a DataType enum (``"float32"``, ``"string"``, ...)."""
    if enum in _TABLE:
        return _TABLE[enum][0]
    return _UNSUPPORTED.get(enum, "<unknown dtype %d>" % enum)


def numpy_dtype(enum: int) -> np.dtype:
    """The NumPy dtype of a DataType enum (object for string); KeyError for
    an enum a variable cannot have."""
    _, numpy_name, ml_name = _TABLE[enum]
    if ml_name is not None:
        import ml_dtypes  # type: ignore[import-not-found, unused-ignore]  # only when needed
        ml_dtype: np.dtype = np.dtype(getattr(ml_dtypes, ml_name))
        return ml_dtype
    return _OBJECT if numpy_name is None else np.dtype(numpy_name)


def enum_of(dtype: np.dtype) -> int:
    """The DataType enum of a NumPy dtype (object and bytes/str: string);
    TypeError for a dtype TF has no enum for."""
    dtype = np.dtype(dtype)
    if dtype == _OBJECT or dtype.kind in "SU":
        return DT_STRING
    for enum, (name, numpy_name, ml_name) in _TABLE.items():
        if numpy_name is not None and dtype == np.dtype(numpy_name):
            return enum
        if ml_name is not None and dtype.name == ml_name:
            return enum
    raise TypeError("Cannot save a tensor of NumPy dtype %s: it has no "
                    "TensorFlow DataType" % dtype)
