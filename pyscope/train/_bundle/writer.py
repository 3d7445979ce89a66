"""Writing a V2 tensor bundle byte for byte as TF 2.21's ``BundleWriter``:
tensors packed in the order they are added, one ``.index`` table sorted by
key.  The files are written under temporary names, flushed to disk, then
renamed, so a crash mid-save leaves no half-written file under a final name.
"""
import os
import uuid
from typing import Any, BinaryIO, Dict, List, Optional

import numpy as np

from pyscope.train._bundle import _crc, _dtypes
from pyscope.train._bundle._ordered_code import encode_tensor_name_slice
from pyscope.train._bundle._protos import BundleEntry, BundleHeader, Extent
from pyscope.train._bundle._table import TableBuilder
from pyscope.train._bundle._wire import encode_varint
from pyscope.train._bundle.reader import data_filename

__all__ = ["BundleWriter", "data_filename", "atomic_write", "temp_name"]


def temp_name(path: str) -> str:
    """A unique temporary name beside `path` (same directory, so the rename
    is atomic)."""
    return "%s.tempstate%s" % (path, uuid.uuid4().hex)


def fsync_dir(directory: str) -> None:
    """Makes a rename in `directory` durable (no-op where unsupported)."""
    try:
        fd = os.open(directory or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: str, data: bytes) -> None:
    """Writes `data` to `path` through a flushed temporary file and a rename."""
    tmp = temp_name(path)
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    fsync_dir(os.path.dirname(path))


def _string_payload(flat: np.ndarray, key: str) -> List[bytes]:
    out = []
    for item in flat:
        if isinstance(item, str):
            item = item.encode("utf-8")
        if not isinstance(item, (bytes, bytearray, np.bytes_)):
            raise TypeError("String tensor %s holds %r, not bytes or str"
                            % (key, type(item).__name__))
        out.append(bytes(item))
    return out


class BundleWriter:
    """Writes the tensors of one checkpoint with prefix `prefix` (one shard).

    `add` and `add_slice` take NumPy arrays; `finish` writes the index and
    moves both files to their final names.
    """

    def __init__(self, prefix: str, shard: int = 0, num_shards: int = 1) -> None:
        self.prefix = prefix
        self.shard, self.num_shards = shard, num_shards
        self.data_path = data_filename(prefix, shard, num_shards)
        self._tmp_data = temp_name(self.data_path)
        directory = os.path.dirname(prefix)
        if directory:
            os.makedirs(directory, exist_ok=True)
        self._data: Optional[BinaryIO] = open(self._tmp_data, "wb")
        self._offset = 0
        self._entries: Dict[bytes, BundleEntry] = {}

    def _write(self, key: str, value: np.ndarray) -> BundleEntry:
        assert self._data is not None, "BundleWriter already finished"
        enum = _dtypes.enum_of(value.dtype)
        entry = BundleEntry(dtype=enum, shape=list(value.shape),
                            shard_id=self.shard, offset=self._offset)
        if enum == _dtypes.DT_STRING:
            items = _string_payload(value.reshape(-1), key)
            lengths = b"".join(encode_varint(len(s)) for s in items)
            lengths_crc = 0
            for s in items:
                width = 4 if len(s) <= 0xFFFFFFFF else 8
                lengths_crc = _crc.extend(lengths_crc, len(s).to_bytes(width, "little"))
            masked = _crc.mask(lengths_crc).to_bytes(4, "little")
            body = b"".join(items)
            crc = _crc.extend(_crc.extend(lengths_crc, masked), body)
            self._data.write(lengths + masked + body)
            size = len(lengths) + 4 + len(body)
        else:
            # C order, little-endian; a 0-d array stays 0-d (no ascontiguousarray)
            data = value if value.flags.c_contiguous else value.copy(order="C")
            if data.dtype.byteorder == ">":
                data = data.astype(data.dtype.newbyteorder("<"))
            buf = data.reshape(-1).view(np.uint8).data if data.size else b""
            crc = _crc.crc32c(buf)
            self._data.write(buf)
            size = data.nbytes
        entry.size, entry.crc32c = size, _crc.mask(crc)
        self._offset += size
        return entry

    def add(self, key: str, value: np.ndarray) -> None:
        """Adds tensor `key` with value `value`."""
        raw_key = key.encode("utf-8")
        if raw_key in self._entries:
            raise ValueError("Adding duplicate key: %s" % key)
        self._entries[raw_key] = self._write(key, np.asarray(value))

    def add_slice(self, full_name: str, full_shape: List[int],
                  extents: List[Extent], value: np.ndarray) -> None:
        """Adds one slice of the partitioned tensor `full_name` (TF's
        ``AddSlice``): a slice covering the whole tensor is a plain entry."""
        value = np.asarray(value)
        full = all(start == 0 and (length == -1 or length == dim)
                   for (start, length), dim in zip(extents, full_shape))
        if full:
            self.add(full_name, value)
            return
        raw_full = full_name.encode("utf-8")
        head = self._entries.get(raw_full)
        if head is None:
            head = BundleEntry(dtype=_dtypes.enum_of(value.dtype), shape=list(full_shape))
            self._entries[raw_full] = head
        head.slices.append(list(extents))
        key = encode_tensor_name_slice(full_name, list(extents))
        self._entries[key] = self._write(full_name, value)

    def finish(self, header: Optional[BundleHeader] = None) -> None:
        """Writes the index (unless this is a shard of a sharded save: then
        `index_entries` is merged by the caller) and renames the files."""
        self._close_data()
        table = TableBuilder()
        header = header or BundleHeader(num_shards=self.num_shards, producer=1)
        table.add(b"", header.serialize())
        for key in sorted(self._entries):
            table.add(key, self._entries[key].serialize())
        atomic_write(self.prefix + ".index", table.finish())

    def index_entries(self) -> Dict[bytes, BundleEntry]:
        """The entries written so far (for merging shards)."""
        return self._entries

    def _close_data(self) -> None:
        if self._data is None:
            return
        self._data.flush()
        os.fsync(self._data.fileno())
        self._data.close()
        self._data = None
        os.replace(self._tmp_data, self.data_path)

    def commit_data(self) -> None:
        """Moves the data file to its final name without writing an index."""
        self._close_data()

    def __enter__(self) -> "BundleWriter":
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        # a failed write leaves no open file and no temporary file behind
        if exc_type is not None:
            self.abort()

    def abort(self) -> None:
        """Removes the temporary data file."""
        if self._data is not None:
            self._data.close()
            self._data = None
            if os.path.exists(self._tmp_data):
                os.remove(self._tmp_data)


def write_index(prefix: str, entries: Dict[bytes, BundleEntry], num_shards: int) -> None:
    """Writes the merged ``.index`` of a sharded save."""
    table = TableBuilder()
    table.add(b"", BundleHeader(num_shards=num_shards, producer=1).serialize())
    for key in sorted(entries):
        table.add(key, entries[key].serialize())
    atomic_write(prefix + ".index", table.finish())
