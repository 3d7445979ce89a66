"""Reading a V2 tensor bundle: the index is parsed once, tensors are read on
demand straight into their NumPy buffers and checked against their CRC32C.

Nothing is read beyond a file's end and nothing is allocated before the file
is known to hold it: every offset, size, count and shape is checked first.
Damage raises `pyscope.errors.DataLossError` naming the file, the key and
what is wrong.
"""
import os
import threading
from dataclasses import dataclass
from typing import BinaryIO, Dict, List, Optional, Tuple

import numpy as np

from pyscope import errors
from pyscope.train._bundle import _crc, _dtypes
from pyscope.train._bundle._ordered_code import (
    OrderedCodeError, decode_tensor_name_slice, encode_tensor_name_slice)
from pyscope.train._bundle._protos import (
    BIG, BundleEntry, BundleHeader, Extent, parse_dtype_shape, parse_entry, parse_header)
from pyscope.train._bundle._table import TableError, read_table
from pyscope.train._bundle._wire import WireError, read_varint

__all__ = ["BundleReader", "TensorInfo", "data_filename"]

_INT64_MAX = (1 << 63) - 1
_MAX_SHARDS = 1 << 20  # far above any real checkpoint; bounds the filename set


def data_filename(prefix: str, shard: int, num_shards: int) -> str:
    """``P.data-00000-of-00001``, as TF's ``DataFilename``."""
    return "%s.data-%05d-of-%05d" % (prefix, shard, num_shards)


@dataclass(frozen=True)
class TensorInfo:
    """What the index says of one visible tensor: dtype enum and shape."""
    dtype_enum: int
    shape: Tuple[int, ...]

    @property
    def dtype(self) -> np.dtype:
        """The NumPy dtype (object for strings)."""
        return _dtypes.numpy_dtype(self.dtype_enum)


def _loss(path: str, what: str) -> errors.DataLossError:
    return errors.DataLossError(None, None, "%s: %s" % (path, what))


class BundleReader:
    """The tensors of the checkpoint with prefix `prefix` (V2 format)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.index_path = prefix + ".index"
        try:
            with open(self.index_path, "rb") as f:
                data = f.read()
        except FileNotFoundError:
            raise errors.NotFoundError(
                None, None, "Unsuccessful TensorSliceReader constructor: Failed "
                "to find any matching files for %s" % prefix) from None
        except OSError as e:
            raise errors.PermissionDeniedError(
                None, None, "%s: %s" % (self.index_path, e.strerror)) from None
        try:
            records = read_table(data)
        except TableError as e:
            raise _loss(self.index_path, str(e)) from None
        self._raw: Dict[bytes, bytes] = dict(records)
        if b"" not in self._raw:
            raise _loss(self.index_path, "no bundle header entry (key \"\")")
        self.header = self._header(self._raw[b""])
        self._entries: Dict[bytes, BundleEntry] = {}
        self._files: Dict[int, Tuple[BinaryIO, int]] = {}
        self._lock = threading.Lock()
        self.tensors = self._visible_tensors()

    # -- the index ----------------------------------------------------------

    def _header(self, raw: bytes) -> BundleHeader:
        try:
            header = parse_header(raw)
        except WireError as e:
            raise _loss(self.index_path, "unparseable bundle header: %s" % e) from None
        if not 1 <= header.num_shards <= _MAX_SHARDS:
            raise _loss(self.index_path, "bundle header claims %d shards"
                        % header.num_shards)
        if header.endianness not in (0, 1):
            raise _loss(self.index_path, "bundle header has unknown endianness %d"
                        % header.endianness)
        if header.min_consumer > 1:
            raise ValueError("Checkpoint min consumer version %d above current "
                             "version 1 for %s" % (header.min_consumer, self.prefix))
        if 1 in header.bad_consumers:
            raise ValueError("Checkpoint disallows consumer version 1 (%s)"
                             % self.prefix)
        return header

    def _check_dtype_shape(self, name: str, dtype: int, shape: Tuple[int, ...]) -> None:
        if dtype not in _dtypes._TABLE:
            raise _loss(self.index_path, "key %s has unsupported dtype %s"
                        % (name, _dtypes.dtype_name(dtype)))
        count = 1
        for dim in shape:
            if dim < 0:
                raise _loss(self.index_path, "Invalid tensor shape for key %s: "
                            "negative dimension %d" % (name, dim))
            count *= dim
            if count > _INT64_MAX:
                raise _loss(self.index_path, "Invalid tensor shape for key %s: "
                            "element count overflows int64" % name)

    def entry(self, key: bytes) -> BundleEntry:
        """The checked BundleEntryProto under `key` (KeyError if absent),
        parsed in full on first use: the listing reads only dtype and shape."""
        cached = self._entries.get(key)
        if cached is not None:
            return cached
        raw = self._raw[key]
        name = key.decode("utf-8", "backslashreplace")
        try:
            entry = parse_entry(raw)
        except WireError as e:
            raise _loss(self.index_path, "unparseable entry for key %s: %s"
                        % (name, e)) from None
        self._check_dtype_shape(name, entry.dtype, tuple(entry.shape))
        listed = self.tensors.get(name) if key[:1] != b"\x00" else None
        if listed is not None and (listed.dtype_enum, listed.shape) != (
                entry.dtype, tuple(entry.shape)):
            raise _loss(self.index_path, "entry for key %s repeats its dtype or "
                        "shape field with different values" % name)
        if not entry.slices:
            if not 0 <= entry.shard_id < self.header.num_shards:
                raise _loss(self.index_path, "key %s is in shard %d of %d"
                            % (name, entry.shard_id, self.header.num_shards))
            if entry.offset < 0 or entry.size < 0:
                raise _loss(self.index_path, "key %s has a negative offset or size"
                            % name)
        self._entries[key] = entry
        return entry

    def _visible_tensors(self) -> Dict[str, TensorInfo]:
        # BuildV2VarMaps: every key but the header and the slices some entry
        # lists; a slice key no entry lists is unreachable and hidden too.
        # Only dtype and shape are parsed here (and checked); the rest of an
        # entry, with its bounds checks, is parsed before its first read.
        out: Dict[str, TensorInfo] = {}
        for key, raw in self._raw.items():
            if not key or key[:1] == b"\x00":
                continue
            try:
                name = key.decode("utf-8")
            except UnicodeDecodeError:
                raise _loss(self.index_path, "key %r is not UTF-8" % key) from None
            try:
                dtype, shape = parse_dtype_shape(raw)
            except WireError as e:
                raise _loss(self.index_path, "unparseable entry for key %s: %s"
                            % (name, e)) from None
            self._check_dtype_shape(name, dtype, shape)
            out[name] = TensorInfo(dtype, shape)
        return out

    # -- the data -----------------------------------------------------------

    def _file(self, shard: int) -> Tuple[BinaryIO, int]:
        with self._lock:
            if shard not in self._files:
                path = data_filename(self.prefix, shard, self.header.num_shards)
                try:
                    f = open(path, "rb")
                except FileNotFoundError:
                    raise errors.NotFoundError(
                        None, None, "%s: data file of checkpoint %s not found"
                        % (path, self.prefix)) from None
                self._files[shard] = (f, os.fstat(f.fileno()).st_size)
            return self._files[shard]

    def _pread(self, shard: int, offset: int, size: int, name: str) -> bytes:
        f, file_size = self._file(shard)
        if offset + size > file_size:
            raise _loss(f.name, "key %s: bytes [%d, %d) lie past the end of the "
                        "file (%d bytes)" % (name, offset, offset + size, file_size))
        return os.pread(f.fileno(), size, offset)

    def _read_numeric(self, entry: BundleEntry, name: str) -> np.ndarray:
        dtype = _dtypes.numpy_dtype(entry.dtype)
        count = int(np.prod(entry.shape, dtype=object)) if entry.shape else 1
        if entry.size != count * dtype.itemsize:
            raise _loss(self.index_path, "key %s: entry size %d is not %d elements "
                        "of %s" % (name, entry.size, count, _dtypes.dtype_name(entry.dtype)))
        f, file_size = self._file(entry.shard_id)
        if entry.offset + entry.size > file_size:
            raise _loss(f.name, "key %s: bytes [%d, %d) lie past the end of the "
                        "file (%d bytes)" % (name, entry.offset,
                                             entry.offset + entry.size, file_size))
        out = np.empty(entry.shape, dtype)
        view = out.reshape(-1).view(np.uint8).data
        got = 0
        while got < entry.size:  # one call reads at most ~2 GiB on Linux
            n = os.preadv(f.fileno(), [view[got:]], entry.offset + got)
            if n <= 0:
                raise _loss(f.name, "key %s: short read (%d of %d bytes)"
                            % (name, got, entry.size))
            got += n
        if _crc.mask(_crc.crc32c(view)) != entry.crc32c:
            raise _loss(f.name, "Checksum does not match: stored %08x vs. calculated "
                        "on the restored bytes for key %s" % (entry.crc32c, name))
        if self.header.endianness == BIG and dtype.itemsize > 1:
            out.byteswap(inplace=True)
        return out

    def _read_string(self, entry: BundleEntry, name: str) -> np.ndarray:
        count = int(np.prod(entry.shape, dtype=object)) if entry.shape else 1
        f, file_size = self._file(entry.shard_id)
        avail = file_size - entry.offset
        if count + 4 > avail:  # at least one varint byte per element
            raise _loss(f.name, "key %s: %d strings cannot fit in the %d bytes "
                        "left in the file" % (name, count, max(avail, 0)))
        head = os.pread(f.fileno(), min(avail, 10 * count + 4), entry.offset)
        lengths: List[int] = []
        pos, total = 0, 0
        lengths_crc = 0
        try:
            for _ in range(count):
                length, pos = read_varint(head, pos)
                lengths.append(length)
                total += length
                width = 4 if length <= 0xFFFFFFFF else 8
                lengths_crc = _crc.extend(lengths_crc, length.to_bytes(width, "little"))
        except WireError as e:
            raise _loss(f.name, "key %s: bad string length: %s" % (name, e)) from None
        if pos + 4 > len(head):
            raise _loss(f.name, "key %s: string lengths run past the end of the file"
                        % name)
        stored = int.from_bytes(head[pos:pos + 4], "little")
        if _crc.mask(lengths_crc) != stored:
            raise _loss(f.name, "key %s: checksum of the string lengths does not "
                        "match" % name)
        start = entry.offset + pos + 4
        if total > file_size - start:
            raise _loss(f.name, "key %s: %d bytes of strings lie past the end of "
                        "the file" % (name, total))
        body = os.pread(f.fileno(), total, start)
        crc = _crc.extend(lengths_crc, head[pos:pos + 4])
        crc = _crc.extend(crc, body)
        if _crc.mask(crc) != entry.crc32c:
            raise _loss(f.name, "Checksum does not match for string tensor %s" % name)
        out = np.empty(count, object)
        cursor = 0
        for i, length in enumerate(lengths):
            out[i] = body[cursor:cursor + length]
            cursor += length
        return out.reshape(entry.shape)

    def _read_entry(self, entry: BundleEntry, name: str) -> np.ndarray:
        if entry.dtype == _dtypes.DT_STRING:
            return self._read_string(entry, name)
        return self._read_numeric(entry, name)

    # -- slices -------------------------------------------------------------

    def _slice_entry(self, name: str, extents: List[Extent]) -> BundleEntry:
        key = encode_tensor_name_slice(name, extents)
        if key not in self._raw:
            raise errors.NotFoundError(
                None, None, "%s: slice %s of tensor %s is listed but has no entry"
                % (self.index_path, _spec(extents), name))
        return self.entry(key)

    def _assemble(self, entry: BundleEntry, name: str) -> np.ndarray:
        shape = tuple(entry.shape)
        rank = len(shape)
        plan = []
        covered = 0
        for extents in entry.slices:
            if len(extents) != rank:
                raise _loss(self.index_path, "slice %s of %s has rank %d, not %d"
                            % (_spec(extents), name, len(extents), rank))
            index = []
            for (start, length), dim in zip(extents, shape):
                stop = dim if length == -1 else start + length
                if start < 0 or length < -1 or stop > dim or (length == -1 and start):
                    raise _loss(self.index_path, "slice %s of %s lies outside the "
                                "tensor's shape %s" % (_spec(extents), name, list(shape)))
                index.append(slice(start, stop))
            part = self._slice_entry(name, extents)
            want = tuple(s.stop - s.start for s in index)
            if part.dtype != entry.dtype or tuple(part.shape) != want:
                raise _loss(self.index_path, "slice %s of %s has dtype %s shape %s, "
                            "expected %s %s" % (_spec(extents), name,
                                                _dtypes.dtype_name(part.dtype),
                                                part.shape,
                                                _dtypes.dtype_name(entry.dtype), list(want)))
            covered += int(np.prod(want, dtype=object)) if want else 1
            plan.append((tuple(index), part))
        total = int(np.prod(shape, dtype=object)) if shape else 1
        if covered < total:
            raise errors.InvalidArgumentError(
                None, None, "Does not have sufficient slices for partitioned tensor "
                "%s: the slices cover %d of %d elements" % (name, covered, total))
        out = np.empty(shape, _dtypes.numpy_dtype(entry.dtype))
        seen = np.zeros(shape, bool)
        for where, part in plan:
            out[where] = self._read_entry(part, name)
            seen[where] = True
        if not seen.all():
            raise errors.InvalidArgumentError(
                None, None, "Does not have sufficient slices for partitioned tensor "
                "%s: some elements are in no slice" % name)
        return out

    # -- the public view ----------------------------------------------------

    def has_tensor(self, name: str) -> bool:
        """Whether `name` is a tensor of the checkpoint (not a slice key)."""
        return name in self.tensors

    def get_tensor(self, name: str) -> np.ndarray:
        """The value of tensor `name`, slices assembled."""
        if name not in self.tensors:
            raise errors.NotFoundError(
                None, None, "Key %s not found in checkpoint" % name)
        entry = self.entry(name.encode("utf-8"))
        if entry.slices:
            return self._assemble(entry, name)
        return self._read_entry(entry, name)

    def slices_of(self, name: str) -> List[List[Extent]]:
        """The stored slices of `name` ([] when it is stored whole)."""
        return list(self.entry(name.encode("utf-8")).slices)

    def close(self) -> None:
        """Closes the data files (reopened on the next read)."""
        with self._lock:
            for f, _ in self._files.values():
                f.close()
            self._files.clear()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001 - interpreter shutdown
            pass


def _spec(extents: List[Extent]) -> str:
    return ":".join("-" if length == -1 else "%d,%d" % (start, length)
                    for start, length in extents)


def decode_slice_key(key: bytes) -> Optional[Tuple[str, List[Extent]]]:
    """(name, extents) of a slice key, None for an ordinary key."""
    try:
        return decode_tensor_name_slice(key)
    except OrderedCodeError:
        return None
