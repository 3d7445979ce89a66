"""Exporting a checkpoint's tensors as a safetensors file, without the
``safetensors`` package (the format is an 8-byte little-endian header size,
a JSON header of name -> dtype, shape and byte range, then the raw
little-endian bytes; the header is space-padded to 8 bytes).

safetensors has no strings or complex numbers: such tensors are an error
naming them, unless skipped on request.
"""
import json
import os
from typing import Any, Dict, List, Mapping, Optional

import numpy as np

from pyscope.train.checkpoint_utils import load_checkpoint

__all__ = ["export_safetensors"]

# NumPy (and ml_dtypes) dtype name -> safetensors dtype
_DTYPES = {
    "bool": "BOOL", "uint8": "U8", "int8": "I8", "int16": "I16", "uint16": "U16",
    "float16": "F16", "bfloat16": "BF16", "int32": "I32", "uint32": "U32",
    "float32": "F32", "float64": "F64", "int64": "I64", "uint64": "U64",
    "float8_e5m2": "F8_E5M2", "float8_e4m3fn": "F8_E4M3",
}


def export_safetensors(ckpt_dir_or_file: Any, path: str, skip_unsupported: bool = False,
                       metadata: Optional[Mapping[str, str]] = None) -> List[str]:
    """Writes every tensor of a checkpoint to the safetensors file `path`
    (atomically: under a temporary name, then renamed).

    Args:
      ckpt_dir_or_file: Directory with checkpoints file or path to checkpoint.
      path: The safetensors file to write.
      skip_unsupported: Leave out string and complex tensors instead of
        raising.
      metadata: Optional string -> string ``__metadata__``.

    Returns:
      The names of the tensors left out.

    Raises:
      ValueError: A tensor has a dtype safetensors cannot hold and
        `skip_unsupported` is False (nothing is written).
    """
    reader = load_checkpoint(ckpt_dir_or_file)
    shapes = reader.get_variable_to_shape_map()
    dtypes = reader.get_variable_to_dtype_map()
    skipped = sorted(name for name in shapes if dtypes[name].name not in _DTYPES)
    if skipped and not skip_unsupported:
        raise ValueError("safetensors cannot hold %s (dtype %s); pass "
                         "skip_unsupported=True (--skip-unsupported) to leave them out"
                         % (skipped[0], "string" if dtypes[skipped[0]] == np.dtype(object)
                            else dtypes[skipped[0]].name))
    names = sorted(set(shapes) - set(skipped))
    header: Dict[str, Any] = {}
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    offset = 0
    for name in names:
        count = int(np.prod(shapes[name], dtype=np.int64)) if shapes[name] else 1
        size = count * dtypes[name].itemsize
        header[name] = {"dtype": _DTYPES[dtypes[name].name], "shape": list(shapes[name]),
                        "data_offsets": [offset, offset + size]}
        offset += size
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)
    tmp = "%s.tmp%d" % (path, os.getpid())
    try:
        with open(tmp, "wb") as f:
            f.write(len(encoded).to_bytes(8, "little"))
            f.write(encoded)
            for name in names:
                value = np.ascontiguousarray(reader.get_tensor(name))
                if value.dtype.byteorder == ">":
                    value = value.astype(value.dtype.newbyteorder("<"))
                f.write(value.tobytes())
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return skipped
