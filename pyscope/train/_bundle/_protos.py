"""BundleHeaderProto and BundleEntryProto (tensor_bundle.proto), with their
TensorShapeProto and TensorSliceProto, decoded and encoded exactly as TF's
proto3 serializer writes them (fields in number order, defaults left out)."""
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from pyscope.train._bundle._wire import (
    LENGTH, VARINT, FIXED32, WireError, field_bytes, field_fixed32,
    field_varint, iter_fields, read_varint, to_signed64)

__all__ = ["BundleHeader", "BundleEntry", "Extent", "parse_header",
           "parse_entry", "parse_dtype_shape", "LITTLE", "BIG"]

LITTLE, BIG = 0, 1
Extent = Tuple[int, int]  # (start, length); length -1 means the full extent


@dataclass
class BundleHeader:
    """The entry under the empty key: shard count, byte order, versions."""
    num_shards: int = 0
    endianness: int = LITTLE
    producer: int = 0
    min_consumer: int = 0
    bad_consumers: List[int] = field(default_factory=list)

    def serialize(self) -> bytes:
        version = b""
        if self.producer:
            version += field_varint(1, self.producer)
        if self.min_consumer:
            version += field_varint(2, self.min_consumer)
        for bad in self.bad_consumers:
            version += field_varint(3, bad)
        out = b""
        if self.num_shards:
            out += field_varint(1, self.num_shards)
        if self.endianness:
            out += field_varint(2, self.endianness)
        return out + field_bytes(3, version)


@dataclass
class BundleEntry:
    """Where one tensor (or one slice) is, and what it is."""
    dtype: int = 0
    shape: List[int] = field(default_factory=list)
    shard_id: int = 0
    offset: int = 0
    size: int = 0
    crc32c: int = 0  # masked, as stored
    slices: List[List[Extent]] = field(default_factory=list)
    has_crc: bool = False

    def serialize(self) -> bytes:
        out = b""
        if self.dtype:
            out += field_varint(1, self.dtype)
        out += field_bytes(2, b"".join(
            field_bytes(2, field_varint(1, d) if d else b"") for d in self.shape))
        if self.shard_id:
            out += field_varint(3, self.shard_id)
        if self.offset:
            out += field_varint(4, self.offset)
        if self.size:
            out += field_varint(5, self.size)
        if self.crc32c:
            out += field_fixed32(6, self.crc32c)
        for extents in self.slices:
            out += field_bytes(7, _serialize_slice(extents))
        return out


def _serialize_slice(extents: List[Extent]) -> bytes:
    out = b""
    for start, length in extents:
        body = field_varint(1, start) if start else b""
        if length >= 0:  # a set oneof is written even when 0
            body += field_varint(2, length)
        out += field_bytes(1, body)
    return out


def _expect(wire_type: int, wanted: int, what: str) -> None:
    if wire_type != wanted:
        raise WireError("field %s has wire type %d" % (what, wire_type))


def parse_header(buf: bytes) -> BundleHeader:
    """A BundleHeaderProto (WireError if malformed)."""
    header = BundleHeader()
    for number, wire_type, value in iter_fields(buf):
        if number == 1:
            _expect(wire_type, VARINT, "num_shards")
            header.num_shards = to_signed64(int(value))
        elif number == 2:
            _expect(wire_type, VARINT, "endianness")
            header.endianness = int(value)
        elif number == 3:
            _expect(wire_type, LENGTH, "version")
            assert isinstance(value, bytes)
            for vnum, vtype, vvalue in iter_fields(value):
                _expect(vtype, VARINT, "version")
                if vnum == 1:
                    header.producer = to_signed64(int(vvalue))
                elif vnum == 2:
                    header.min_consumer = to_signed64(int(vvalue))
                elif vnum == 3:
                    header.bad_consumers.append(to_signed64(int(vvalue)))
    return header


def _parse_shape(buf: bytes) -> List[int]:
    dims: List[int] = []
    for number, wire_type, value in iter_fields(buf):
        if number == 2:
            _expect(wire_type, LENGTH, "shape.dim")
            assert isinstance(value, bytes)
            size = 0
            for dnum, dtype, dvalue in iter_fields(value):
                if dnum == 1:
                    _expect(dtype, VARINT, "dim.size")
                    size = to_signed64(int(dvalue))
            dims.append(size)
        elif number == 3 and wire_type == VARINT and value:
            raise WireError("unknown-rank shape")
    return dims


def _parse_slice(buf: bytes) -> List[Extent]:
    extents: List[Extent] = []
    for number, wire_type, value in iter_fields(buf):
        if number != 1:
            continue
        _expect(wire_type, LENGTH, "slice.extent")
        assert isinstance(value, bytes)
        start, length = 0, -1
        for enumber, etype, evalue in iter_fields(value):
            _expect(etype, VARINT, "extent")
            if enumber == 1:
                start = to_signed64(int(evalue))
            elif enumber == 2:
                length = to_signed64(int(evalue))
        extents.append((start, length))
    return extents


def _fast_entry(buf: bytes) -> Optional[BundleEntry]:
    """The common layout TF writes (one-byte tags, non-negative values, no
    slices), parsed without the generic field loop: listing a checkpoint
    parses every entry.  None for anything else: `parse_entry` then decides."""
    n, pos = len(buf), 0
    values = [0, 0, 0, 0, 0, 0]  # by field number: dtype, -, shard, offset, size
    shape: List[int] = []
    crc, has_crc = 0, False
    try:
        while pos < n:
            tag = buf[pos]
            pos += 1
            if tag == 0x12:
                length, pos = read_varint(buf, pos, n)
                stop = pos + length
                if stop > n or shape:
                    return None
                while pos < stop:
                    if buf[pos] != 0x12 or pos + 1 >= stop:
                        return None
                    dim_len = buf[pos + 1]
                    pos += 2
                    if dim_len == 0:
                        shape.append(0)
                        continue
                    if buf[pos] != 0x08 or pos + dim_len > stop:
                        return None
                    if dim_len == 2 and buf[pos + 1] < 0x80:  # a dim below 128
                        shape.append(buf[pos + 1])
                        pos += 2
                        continue
                    dim, after = read_varint(buf, pos + 1, pos + dim_len)
                    if after != pos + dim_len or dim >> 63:
                        return None
                    shape.append(dim)
                    pos = after
            elif tag in (0x08, 0x18, 0x20, 0x28):
                if pos < n and buf[pos] < 0x80:  # most values are one byte
                    values[tag >> 3] = buf[pos]
                    pos += 1
                    continue
                value, pos = read_varint(buf, pos, n)
                if value >> 63:
                    return None
                values[tag >> 3] = value
            elif tag == 0x35 and pos + 4 <= n:
                crc, has_crc = int.from_bytes(buf[pos:pos + 4], "little"), True
                pos += 4
            else:
                return None
    except WireError:
        return None
    return BundleEntry(values[1], shape, values[3], values[4], values[5], crc, [], has_crc)


def parse_dtype_shape(buf: bytes) -> Tuple[int, Tuple[int, ...]]:
    """Only the dtype and shape of a BundleEntryProto, which is all a listing
    needs.  TF writes them first (fields 1 and 2, one-byte lengths); that
    prefix is read directly, anything else goes through `parse_entry`.  The
    caller compares the full entry with this when it is parsed later."""
    n = len(buf)
    if n >= 4 and buf[0] == 0x08 and buf[1] < 0x80 and buf[2] == 0x12 and buf[3] < 0x80:
        stop = 4 + buf[3]
        pos, dims = 4, []
        while stop <= n and pos < stop:
            if buf[pos] != 0x12 or pos + 1 >= stop:
                break
            dim_len = buf[pos + 1]
            pos += 2
            if dim_len == 0:
                dims.append(0)
            elif dim_len == 2 and pos + 2 <= stop and buf[pos] == 0x08 and buf[pos + 1] < 0x80:
                dims.append(buf[pos + 1])
                pos += 2
            elif buf[pos] == 0x08 and pos + dim_len <= stop:
                try:
                    dim, after = read_varint(buf, pos + 1, pos + dim_len)
                except WireError:
                    break
                if after != pos + dim_len:
                    break
                dims.append(to_signed64(dim))
                pos = after
            else:
                break
        else:
            if pos == stop:
                return buf[1], tuple(dims)
    entry = parse_entry(buf)
    return entry.dtype, tuple(entry.shape)


def parse_entry(buf: bytes) -> BundleEntry:
    """A BundleEntryProto (WireError if malformed)."""
    fast = _fast_entry(buf)
    if fast is not None:
        return fast
    return parse_entry_generic(buf)


def parse_entry_generic(buf: bytes) -> BundleEntry:
    """A BundleEntryProto through the generic field loop (the reference)."""
    entry = BundleEntry()
    for number, wire_type, value in iter_fields(buf):
        if number == 6:
            _expect(wire_type, FIXED32, "crc32c")
            entry.crc32c, entry.has_crc = int(value), True
        elif number in (2, 7):
            _expect(wire_type, LENGTH, "shape/slices")
            assert isinstance(value, bytes)
            if number == 2:
                entry.shape = _parse_shape(value)
            else:
                entry.slices.append(_parse_slice(value))
        elif number in (1, 3, 4, 5):
            _expect(wire_type, VARINT, "dtype/shard_id/offset/size")
            number_value = to_signed64(int(value))
            if number == 1:
                entry.dtype = number_value
            elif number == 3:
                entry.shard_id = number_value
            elif number == 4:
                entry.offset = number_value
            else:
                entry.size = number_value
    return entry
