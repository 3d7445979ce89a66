"""Protocol-buffer wire format for the few small messages of a checkpoint.

A decoder of our own rather than the ``protobuf`` package: the messages are
tiny and fixed (BundleHeaderProto, BundleEntryProto, TensorShapeProto,
TensorSliceProto, CheckpointState's fields), and ``protobuf`` pins versions
that clash with TensorFlow installs.  Every read is bounds-checked and raises
`WireError`, which the callers turn into TF's DataLossError naming the file.
"""
from typing import Iterator, List, Tuple, Union

__all__ = ["WireError", "read_varint", "iter_fields", "encode_varint",
           "field_varint", "field_bytes", "field_fixed32", "to_signed64"]

VARINT, FIXED64, LENGTH, FIXED32 = 0, 1, 2, 5
FieldValue = Union[int, bytes]


class WireError(ValueError):
    """Bytes that are not a valid protocol buffer (or not the one expected)."""


def read_varint(buf: bytes, pos: int, end: int = -1) -> Tuple[int, int]:
    """The varint64 at `pos` and the position after it; at most 10 bytes."""
    if end < 0:
        end = len(buf)
    result = shift = 0
    while True:
        if pos >= end:
            raise WireError("truncated varint")
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            if result >> 64:
                raise WireError("varint overflows 64 bits")
            return result, pos
        shift += 7
        if shift >= 70:
            raise WireError("varint longer than 10 bytes")


def to_signed64(value: int) -> int:
    """A varint's uint64 read as the two's-complement int64 proto3 means."""
    return value - (1 << 64) if value >> 63 else value


def iter_fields(buf: bytes) -> Iterator[Tuple[int, int, FieldValue]]:
    """(field number, wire type, value) of each field of a serialized message:
    an int for varint/fixed fields, bytes for length-delimited ones."""
    pos, end = 0, len(buf)
    while pos < end:
        tag, pos = read_varint(buf, pos, end)
        number, wire_type = tag >> 3, tag & 7
        if number == 0:
            raise WireError("field number 0")
        value: FieldValue
        if wire_type == VARINT:
            value, pos = read_varint(buf, pos, end)
        elif wire_type == LENGTH:
            size, pos = read_varint(buf, pos, end)
            if size > end - pos:
                raise WireError("length-delimited field runs past the message end")
            value, pos = bytes(buf[pos:pos + size]), pos + size
        elif wire_type in (FIXED32, FIXED64):
            width = 4 if wire_type == FIXED32 else 8
            if width > end - pos:
                raise WireError("truncated fixed-width field")
            value, pos = int.from_bytes(buf[pos:pos + width], "little"), pos + width
        else:
            raise WireError("unsupported wire type %d" % wire_type)
        yield number, wire_type, value


def encode_varint(value: int) -> bytes:
    """The varint encoding of a uint64 (a negative int64 as its 10 bytes)."""
    if value < 0:
        value += 1 << 64
    out: List[int] = []
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def field_varint(number: int, value: int) -> bytes:
    """A varint field (the caller leaves out proto3 defaults)."""
    return encode_varint(number << 3 | VARINT) + encode_varint(value)


def field_bytes(number: int, value: bytes) -> bytes:
    """A length-delimited field."""
    return encode_varint(number << 3 | LENGTH) + encode_varint(len(value)) + value


def field_fixed32(number: int, value: int) -> bytes:
    """A fixed32 field."""
    return encode_varint(number << 3 | FIXED32) + value.to_bytes(4, "little")
