"""The SSTable of a checkpoint's ``.index`` (LevelDB's table format, as TF's
``tsl/lib/io/table*.cc`` writes it): data blocks of prefix-compressed
entries with restart points, an empty metaindex block, an index block and a
48-byte footer.  Every block's masked CRC32C is checked, every length and
handle is checked against the file before anything is sliced out of it.
"""
import struct
from typing import Iterator, List, Tuple

from pyscope.train._bundle import _crc
from pyscope.train._bundle._wire import WireError, encode_varint, read_varint

__all__ = ["TableError", "read_table", "TableBuilder", "MAGIC", "FOOTER_SIZE"]

MAGIC = 0xDB4775248B80FB57
FOOTER_SIZE = 48
_TRAILER = 5  # 1-byte compression type + 4-byte masked crc
_BLOCK_SIZE = 256 * 1024
_DATA_RESTART_INTERVAL = 16


class TableError(ValueError):
    """A table that is damaged: the message says where and what."""


# ---------------------------------------------------------------------------
# Reading

def _block(data: bytes, offset: int, size: int, what: str) -> bytes:
    """The checked contents of the block at a handle."""
    if offset + size + _TRAILER > len(data):
        raise TableError("%s block handle (offset %d, size %d) points past the "
                         "end of the file (%d bytes)" % (what, offset, size, len(data)))
    end = offset + size
    block_type = data[end]
    stored = int.from_bytes(data[end + 1:end + 5], "little")
    actual = _crc.mask(_crc.crc32c(data[offset:end + 1]))
    if stored != actual:
        raise TableError("%s block checksum mismatch at offset %d" % (what, offset))
    if block_type == 1:
        raise TableError("%s block at offset %d is snappy-compressed, which TF's "
                         "bundle writer never produces" % (what, offset))
    if block_type != 0:
        raise TableError("%s block at offset %d has unknown compression type %d"
                         % (what, offset, block_type))
    return data[offset:end]


def _entries(block: bytes, what: str) -> Iterator[Tuple[bytes, bytes]]:
    """The (key, value) pairs of a block, in order."""
    if len(block) < 4:
        raise TableError("%s block is shorter than its restart count" % what)
    num_restarts = int.from_bytes(block[-4:], "little")
    if num_restarts * 4 + 4 > len(block):
        raise TableError("%s block claims %d restart points, more than it holds"
                         % (what, num_restarts))
    limit = len(block) - 4 - 4 * num_restarts
    pos, key = 0, b""
    try:
        while pos < limit:
            # the three lengths are almost always one byte each
            if pos + 3 <= limit and block[pos] < 0x80 and block[pos + 1] < 0x80 \
                    and block[pos + 2] < 0x80:
                shared, non_shared, value_len = block[pos], block[pos + 1], block[pos + 2]
                pos += 3
            else:
                shared, pos = read_varint(block, pos, limit)
                non_shared, pos = read_varint(block, pos, limit)
                value_len, pos = read_varint(block, pos, limit)
            if shared > len(key) or non_shared + value_len > limit - pos:
                raise TableError("%s block has a corrupted entry at byte %d" % (what, pos))
            key = key[:shared] + block[pos:pos + non_shared]
            pos += non_shared
            yield key, block[pos:pos + value_len]
            pos += value_len
    except WireError as e:
        raise TableError("%s block has a bad varint: %s" % (what, e)) from None


def _handle(value: bytes, what: str) -> Tuple[int, int]:
    try:
        offset, pos = read_varint(value, 0)
        size, _ = read_varint(value, pos)
    except WireError as e:
        raise TableError("bad %s block handle: %s" % (what, e)) from None
    return offset, size


def read_table(data: bytes) -> List[Tuple[bytes, bytes]]:
    """Every (key, value) of a table file's bytes, in key order."""
    if len(data) < FOOTER_SIZE:
        raise TableError("file is too short (%d bytes) to be an sstable" % len(data))
    footer = data[-FOOTER_SIZE:]
    lo, hi = struct.unpack("<II", footer[40:])
    if (hi << 32 | lo) != MAGIC:
        raise TableError("not an sstable (bad magic number)")
    try:
        _, pos = read_varint(footer, 0, 40)
        _, pos = read_varint(footer, pos, 40)  # the metaindex handle: unused
        index_offset, pos = read_varint(footer, pos, 40)
        index_size, pos = read_varint(footer, pos, 40)
    except WireError as e:
        raise TableError("bad footer: %s" % e) from None
    body = data[:-FOOTER_SIZE]
    out: List[Tuple[bytes, bytes]] = []
    last = None
    for separator, handle in _entries(_block(body, index_offset, index_size, "index"), "index"):
        offset, size = _handle(handle, "data")
        for key, value in _entries(_block(body, offset, size, "data"), "data"):
            if last is not None and key <= last:
                raise TableError("keys out of order after %r" % last)
            if key > separator:
                raise TableError("key %r lies beyond its index entry" % key)
            out.append((key, value))
            last = key
    return out


# ---------------------------------------------------------------------------
# Writing

def _shortest_separator(start: bytes, limit: bytes) -> bytes:
    """A short key in [start, limit), as BytewiseComparator does."""
    n = min(len(start), len(limit))
    i = 0
    while i < n and start[i] == limit[i]:
        i += 1
    if i < n and start[i] < 0xFF and start[i] + 1 < limit[i]:
        return start[:i] + bytes([start[i] + 1])
    return start


def _short_successor(key: bytes) -> bytes:
    """A short key >= key: the first byte below 0xff incremented, the rest cut."""
    for i, byte in enumerate(key):
        if byte != 0xFF:
            return key[:i] + bytes([byte + 1])
    return key


class _BlockBuilder:
    def __init__(self, restart_interval: int) -> None:
        self.interval = restart_interval
        self.buf = bytearray()
        self.restarts = [0]
        self.counter = 0
        self.last_key = b""

    def add(self, key: bytes, value: bytes) -> None:
        shared = 0
        if self.counter < self.interval:
            n = min(len(key), len(self.last_key))
            while shared < n and key[shared] == self.last_key[shared]:
                shared += 1
        else:
            self.restarts.append(len(self.buf))
            self.counter = 0
        self.buf += encode_varint(shared) + encode_varint(len(key) - shared)
        self.buf += encode_varint(len(value)) + key[shared:] + value
        self.last_key = key
        self.counter += 1

    def size_estimate(self) -> int:
        return len(self.buf) + 4 * len(self.restarts) + 4

    def empty(self) -> bool:
        return not self.buf

    def finish(self) -> bytes:
        return bytes(self.buf) + b"".join(struct.pack("<I", r) for r in self.restarts) \
            + struct.pack("<I", len(self.restarts))


class TableBuilder:
    """Builds the bytes of a table from keys added in increasing order."""

    def __init__(self) -> None:
        self._out = bytearray()
        self._data = _BlockBuilder(_DATA_RESTART_INTERVAL)
        self._index = _BlockBuilder(1)
        self._last_key = b""
        self._pending_handle = b""

    def _write_block(self, contents: bytes) -> bytes:
        handle = encode_varint(len(self._out)) + encode_varint(len(contents))
        trailer = b"\x00"
        crc = _crc.mask(_crc.crc32c(contents + trailer))
        self._out += contents + trailer + struct.pack("<I", crc)
        return handle

    def _flush(self) -> None:
        if self._data.empty():
            return
        self._pending_handle = self._write_block(self._data.finish())
        self._data = _BlockBuilder(_DATA_RESTART_INTERVAL)

    def add(self, key: bytes, value: bytes) -> None:
        """Adds an entry; keys must come in strictly increasing order."""
        if self._pending_handle:
            self._index.add(_shortest_separator(self._last_key, key), self._pending_handle)
            self._pending_handle = b""
        self._last_key = key
        self._data.add(key, value)
        if self._data.size_estimate() >= _BLOCK_SIZE:
            self._flush()

    def finish(self) -> bytes:
        """The whole file: blocks, metaindex, index and footer."""
        self._flush()
        metaindex = self._write_block(_BlockBuilder(1).finish())
        if self._pending_handle:
            self._index.add(_short_successor(self._last_key), self._pending_handle)
        index = self._write_block(self._index.finish())
        footer = (metaindex + index).ljust(40, b"\x00")
        footer += struct.pack("<II", MAGIC & 0xFFFFFFFF, MAGIC >> 32)
        return bytes(self._out + footer)
