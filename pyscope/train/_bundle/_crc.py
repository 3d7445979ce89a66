"""CRC32C (Castagnoli) and LevelDB's mask, as every checksum in a checkpoint.

The `crc32c` package computes it: SSE4.2/ARMv8 instructions where the CPU has
them, its own software fallback elsewhere, and it takes any buffer (a NumPy
array, a slice of a memory map) without a copy.  `google-crc32c` is used when
`crc32c` is missing; its C extension accepts only ``bytes``, so every buffer
is copied first (measured here: 1.0 GB/s with the copy, against 11 GB/s for
`crc32c` on the array itself), which is why it is not the first choice.
"""
from typing import Any, Callable

__all__ = ["crc32c", "extend", "mask", "unmask"]

_MASK_DELTA = 0xA282EAD8


def _load() -> Callable[[Any, int], int]:
    try:
        import crc32c as _fast
        return lambda data, crc: int(_fast.crc32c(data, crc))
    except ImportError:  # pragma: no cover - depends on the install
        import google_crc32c as _google  # type: ignore[import-not-found, unused-ignore]
        return lambda data, crc: int(_google.extend(crc, bytes(data)))


_extend = _load()


def crc32c(data: Any) -> int:
    """The CRC32C of `data` (any contiguous buffer)."""
    return _extend(data, 0)


def extend(crc: int, data: Any) -> int:
    """The CRC32C of the bytes behind `crc` followed by `data`."""
    return _extend(data, crc)


def mask(crc: int) -> int:
    """LevelDB's masked form of a crc, as stored in the files."""
    return (((crc >> 15) | (crc << 17)) + _MASK_DELTA) & 0xFFFFFFFF


def unmask(masked: int) -> int:
    """The crc behind a masked one."""
    rot = (masked - _MASK_DELTA) & 0xFFFFFFFF
    return ((rot >> 17) | (rot << 15)) & 0xFFFFFFFF
