"""The keys of tensor slices: TF's OrderedCode (``ordered_code.cc``), as
``EncodeTensorNameSlice`` / ``DecodeTensorNameSlice`` use it.

A slice key is ``NumIncreasing(0) + String(name) + NumIncreasing(rank)``,
then ``SignedNumIncreasing(start), SignedNumIncreasing(length)`` for each
dimension (a full extent is 0, -1).
"""
from typing import List, Tuple

__all__ = ["encode_tensor_name_slice", "decode_tensor_name_slice",
           "OrderedCodeError"]

Extent = Tuple[int, int]  # (start, length); length -1 means the full extent


class OrderedCodeError(ValueError):
    """A key that is not a valid OrderedCode slice key."""


def _num_increasing(value: int) -> bytes:
    body = value.to_bytes((value.bit_length() + 7) // 8, "big") if value else b""
    return bytes([len(body)]) + body


def _string(value: bytes) -> bytes:
    return value.replace(b"\xff", b"\xff\x00").replace(b"\x00", b"\x00\xff") + b"\x00\x01"


def _header(length: int) -> int:
    # `length` one bits at the top of a `length`-byte number (sign-adjusted
    # by the XOR): kLengthToHeaderBits of ordered_code.cc.
    return ((1 << length) - 1) << (7 * length)


def _signed_length(value: int) -> int:
    # n bytes hold [-2^(7n-1), 2^(7n-1)): the bits of x plus a sign bit.
    x = ~value if value < 0 else value
    return max(1, (x.bit_length() + 1 + 6) // 7)


def _signed_num_increasing(value: int) -> bytes:
    length = _signed_length(value)
    raw = value & ((1 << (8 * length)) - 1)  # two's complement, sign-extended
    return (raw ^ _header(length)).to_bytes(length, "big")


def encode_tensor_name_slice(name: str, extents: List[Extent]) -> bytes:
    """The key TF stores one slice of the tensor `name` under."""
    out = [_num_increasing(0), _string(name.encode("utf-8")),
           _num_increasing(len(extents))]
    for start, length in extents:
        out.append(_signed_num_increasing(start))
        out.append(_signed_num_increasing(length))
    return b"".join(out)


def _read_num_increasing(key: bytes, pos: int) -> Tuple[int, int]:
    if pos >= len(key):
        raise OrderedCodeError("truncated number")
    size = key[pos]
    if size > 8 or pos + 1 + size > len(key):
        raise OrderedCodeError("bad number length")
    return int.from_bytes(key[pos + 1:pos + 1 + size], "big"), pos + 1 + size


def _read_string(key: bytes, pos: int) -> Tuple[bytes, int]:
    out = bytearray()
    while pos + 1 < len(key):
        byte = key[pos]
        if byte == 0x00:
            nxt = key[pos + 1]
            if nxt == 0x01:
                return bytes(out), pos + 2
            if nxt != 0xFF:
                raise OrderedCodeError("bad escape in name")
            out.append(0x00)
            pos += 2
        elif byte == 0xFF:
            if key[pos + 1] != 0x00:
                raise OrderedCodeError("bad escape in name")
            out.append(0xFF)
            pos += 2
        else:
            out.append(byte)
            pos += 1
    raise OrderedCodeError("unterminated name")


def _read_signed_num_increasing(key: bytes, pos: int) -> Tuple[int, int]:
    if pos >= len(key):
        raise OrderedCodeError("truncated signed number")
    negative = not key[pos] & 0x80
    flip = 0xFF if negative else 0x00
    # the length is the count of leading bits equal to the sign bit
    head = int.from_bytes(bytes(b ^ flip for b in key[pos:pos + 2]), "big")
    if len(key) - pos < 2:
        head <<= 8
    length = 0
    while length < 16 and head & (0x8000 >> length):
        length += 1
    if length > 10 or pos + length > len(key):
        raise OrderedCodeError("bad or truncated signed number")
    raw = int.from_bytes(key[pos:pos + length], "big") ^ _header(length)
    value = raw - (1 << (8 * length)) if negative else raw
    if (not -(1 << 63) <= value < (1 << 63)
            or _signed_length(value) != length):
        raise OrderedCodeError("non-canonical signed number")
    return value, pos + length


def decode_tensor_name_slice(key: bytes) -> Tuple[str, List[Extent]]:
    """The tensor name and extents of a slice key (OrderedCodeError if the
    key is not one)."""
    zero, pos = _read_num_increasing(key, 0)
    if zero != 0:
        raise OrderedCodeError("not a slice key")
    name, pos = _read_string(key, pos)
    rank, pos = _read_num_increasing(key, pos)
    extents: List[Extent] = []
    for _ in range(rank):
        start, pos = _read_signed_num_increasing(key, pos)
        length, pos = _read_signed_num_increasing(key, pos)
        extents.append((start, length))
    if pos != len(key):
        raise OrderedCodeError("trailing bytes after the extents")
    try:
        return name.decode("utf-8"), extents
    except UnicodeDecodeError:
        raise OrderedCodeError("name is not UTF-8") from None
