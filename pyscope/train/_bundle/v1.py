"""Reading the legacy V1 checkpoint format (SavedTensorSlices): one SSTable
per shard (``P`` or ``P-00000-of-00002``), no ``.index``.

The key ``""`` holds the metadata (every tensor's name, shape, dtype and
slices); each slice key (the same OrderedCode as V2) holds a ``SavedSlice``
whose ``TensorProto`` carries the values in its typed repeated fields.
Sliced tensors are assembled, for every dtype (TF's V1 reader refuses).
"""
import glob
import os
from typing import Dict, List, Tuple

import numpy as np

from pyscope import errors
from pyscope.train._bundle import _dtypes
from pyscope.train._bundle._ordered_code import encode_tensor_name_slice
from pyscope.train._bundle._protos import Extent, _parse_shape, _parse_slice
from pyscope.train._bundle._table import TableError, read_table
from pyscope.train._bundle._wire import (
    FIXED32, FIXED64, LENGTH, VARINT, WireError, iter_fields, read_varint, to_signed64)
from pyscope.train._bundle.reader import TensorInfo

__all__ = ["V1Reader", "v1_files"]

_MAX_FILE = 1 << 34  # a V1 shard is read whole; refuse absurd sizes


def v1_files(prefix: str) -> List[str]:
    """The V1 shard files of `prefix` ([] if there are none)."""
    if os.path.isfile(prefix):
        return [prefix]
    return sorted(glob.glob(glob.escape(prefix) + "-?????-of-?????"))


def _loss(path: str, what: str) -> errors.DataLossError:
    return errors.DataLossError(None, None, "%s: %s" % (path, what))


# TensorProto's typed fields: number -> (NumPy dtype of packed fixed values,
# or None for varints).  tensor_content (4) is handled apart.
_FIXED_FIELDS: Dict[int, np.dtype] = {5: np.dtype("<f4"), 6: np.dtype("<f8"), 9: np.dtype("<f4"),
                 12: np.dtype("<f8")}
_VARINT_FIELDS = {7, 10, 11, 13, 16, 17}
# The one typed field TF reads for a dtype (tensor.cc's ProtoHelper); the
# others are ignored, as there.  The small integer types share int_val (7).
_FIELD_OF_DTYPE: Dict[str, int] = {
    "float32": 5, "float64": 6, "object": 8, "complex64": 9, "int64": 10, "bool": 11,
    "complex128": 12, "float16": 13, "bfloat16": 13, "uint32": 16, "uint64": 17}
_INT_VAL = 7


def _tensor_values(proto: bytes, dtype_enum: int, count: int, where: str) -> np.ndarray:
    """The `count` values of a TensorProto as a flat array of the dtype."""
    dtype = _dtypes.numpy_dtype(dtype_enum)
    field = _FIELD_OF_DTYPE.get(dtype.name, _INT_VAL)
    content = None
    fixed: List[bytes] = []
    varints: List[int] = []
    strings: List[bytes] = []
    for number, wire_type, value in iter_fields(proto):
        if number == 4 and wire_type == LENGTH:
            assert isinstance(value, bytes)
            content = value
        elif number != field:
            continue  # another dtype's field: TF reads only the dtype's own
        elif number == 8 and wire_type == LENGTH:
            assert isinstance(value, bytes)
            strings.append(value)
        elif number in _FIXED_FIELDS:
            width = _FIXED_FIELDS[number].itemsize
            if wire_type == LENGTH:
                assert isinstance(value, bytes)
                fixed.append(value)
            elif wire_type == (FIXED32 if width == 4 else FIXED64):
                fixed.append(int(value).to_bytes(width, "little"))
            else:
                raise WireError("field %d has wire type %d" % (number, wire_type))
        elif number in _VARINT_FIELDS:
            if wire_type == LENGTH:
                assert isinstance(value, bytes)
                pos = 0
                while pos < len(value):
                    item, pos = read_varint(value, pos)
                    varints.append(item)
            elif wire_type == VARINT:
                varints.append(int(value))
    if dtype == np.dtype(object):
        out = np.empty(len(strings), object)
        out[:] = strings
    elif content is not None:
        if len(content) != count * dtype.itemsize:
            raise WireError("tensor_content holds %d bytes, not %d" % (len(content), count * dtype.itemsize))
        out = np.frombuffer(content, dtype.newbyteorder("<")).astype(dtype)
    elif fixed:
        blob = b"".join(fixed)
        width = 4 if dtype in (np.dtype(np.float32), np.dtype(np.complex64)) else 8
        if len(blob) % (2 * width if dtype.kind == "c" else width):
            raise WireError("%s: packed values of a partial element" % where)
        raw = np.frombuffer(blob, np.dtype("<f%d" % width))
        out = raw.astype(dtype) if dtype.kind != "c" else \
            raw.astype(np.float32 if width == 4 else np.float64).view(dtype)
    elif dtype.name in ("float16", "bfloat16"):
        out = np.array([v & 0xFFFF for v in varints], np.uint16).view(dtype)
    elif dtype.kind == "b":
        out = np.array([v != 0 for v in varints], bool)
    else:
        out = np.array([to_signed64(v) for v in varints], np.int64).astype(dtype)
    if out.size == 1 and count > 1:
        out = np.repeat(out, count)  # TF's proto shorthand: one value fills all
    if out.size != count:
        raise WireError("%s holds %d values, not %d" % (where, out.size, count))
    return out


class V1Reader:
    """The tensors of a V1 checkpoint (same interface as BundleReader)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        files = v1_files(prefix)
        if not files:
            raise errors.NotFoundError(
                None, None, "Unsuccessful TensorSliceReader constructor: Failed "
                "to find any matching files for %s" % prefix)
        self._raw: Dict[bytes, Tuple[str, bytes]] = {}
        self._meta: Dict[str, Tuple[int, List[int], List[List[Extent]]]] = {}
        for path in files:
            if os.path.getsize(path) > _MAX_FILE:
                raise _loss(path, "file too large for a V1 checkpoint")
            with open(path, "rb") as f:
                data = f.read()
            try:
                records = read_table(data)
            except TableError as e:
                raise _loss(path, str(e)) from None
            for key, value in records:
                if key:
                    self._raw[key] = (path, value)
                else:
                    self._read_meta(path, value)
        self.tensors = {name: TensorInfo(dt, tuple(shape))
                        for name, (dt, shape, _) in sorted(self._meta.items())}

    def _read_meta(self, path: str, raw: bytes) -> None:
        try:
            for number, _, value in iter_fields(raw):
                if number != 1 or not isinstance(value, bytes):
                    continue
                for tnum, _, tvalue in iter_fields(value):
                    if tnum == 1 and isinstance(tvalue, bytes):
                        self._read_tensor_meta(path, tvalue)
        except WireError as e:
            raise _loss(path, "unparseable metadata: %s" % e) from None

    def _read_tensor_meta(self, path: str, raw: bytes) -> None:
        name, dtype, shape, slices = "", 0, [], []
        for number, _, value in iter_fields(raw):
            if number == 1 and isinstance(value, bytes):
                name = value.decode("utf-8", "replace")
            elif number == 2 and isinstance(value, bytes):
                shape = _parse_shape(value)
            elif number == 3 and isinstance(value, int):
                dtype = value
            elif number == 4 and isinstance(value, bytes):
                slices.append(_parse_slice(value))
        if dtype not in _dtypes._TABLE or dtype == _dtypes.DT_VARIANT:
            raise _loss(path, "tensor %s has unsupported dtype %s" % (name, _dtypes.dtype_name(dtype)))
        if any(d < 0 for d in shape):
            raise _loss(path, "Invalid tensor shape for %s: %s" % (name, shape))
        if name in self._meta:
            self._meta[name][2].extend(slices)
        else:
            self._meta[name] = (dtype, shape, slices)

    def has_tensor(self, name: str) -> bool:
        """Whether `name` is a tensor of the checkpoint."""
        return name in self.tensors

    def _slice_values(self, name: str, dtype: int, extents: List[Extent],
                      shape: Tuple[int, ...]) -> Tuple[Tuple[slice, ...], np.ndarray]:
        index = []
        for (start, length), dim in zip(extents, shape):
            stop = dim if length == -1 else start + length
            if start < 0 or stop > dim or length < -1:
                raise _loss(self.prefix, "slice of %s lies outside its shape %s" % (name, list(shape)))
            index.append(slice(start, stop))
        if len(extents) != len(shape):
            raise _loss(self.prefix, "slice of %s has the wrong rank" % name)
        key = encode_tensor_name_slice(name, extents)
        if key not in self._raw:
            raise errors.NotFoundError(None, None, "%s: a slice of %s is listed but "
                                       "missing" % (self.prefix, name))
        path, raw = self._raw[key]
        part_shape = tuple(s.stop - s.start for s in index)
        count = int(np.prod(part_shape, dtype=object)) if part_shape else 1
        try:
            proto = b""
            for number, _, value in iter_fields(raw):
                if number == 2 and isinstance(value, bytes):
                    for snum, _, svalue in iter_fields(value):
                        if snum == 3 and isinstance(svalue, bytes):
                            proto = svalue
            values = _tensor_values(proto, dtype, count, "slice of %s" % name)
        except WireError as e:
            raise _loss(path, "key %s: %s" % (name, e)) from None
        return tuple(index), values.reshape(part_shape)

    def get_tensor(self, name: str) -> np.ndarray:
        """The value of tensor `name`, slices assembled."""
        if name not in self._meta:
            raise errors.NotFoundError(None, None, "Key %s not found in checkpoint" % name)
        dtype, shape_list, slices = self._meta[name]
        shape = tuple(shape_list)
        parts = [self._slice_values(name, dtype, extents, shape) for extents in slices]
        total = int(np.prod(shape, dtype=object)) if shape else 1
        if sum(v.size for _, v in parts) < total:  # bounds the allocation too
            raise errors.InvalidArgumentError(
                None, None, "Does not have sufficient slices for partitioned tensor %s" % name)
        out = np.empty(shape, _dtypes.numpy_dtype(dtype))
        seen = np.zeros(shape, bool)
        for where, values in parts:
            out[where] = values
            seen[where] = True
        if not seen.all():
            raise errors.InvalidArgumentError(
                None, None, "Does not have sufficient slices for partitioned tensor %s" % name)
        return out

    def close(self) -> None:
        """Nothing to close: V1 files are read whole."""
