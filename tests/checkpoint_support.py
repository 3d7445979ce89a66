"""Shared by the checkpoint tests: the TF-recorded fixtures and a fixture
that runs file-format tests once.

File-format tests never touch the naming core, so running them on both
backends would test the same code twice: `format_only` skips the "python"
parametrization unless the twin is the only backend (PYSCOPE_PURE=1).
"""
import importlib.util
import json
import os
from typing import Any, Dict, List, Tuple

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data", "checkpoints")
PURE_ONLY = os.environ.get("PYSCOPE_PURE", "") not in ("", "0")

_spec = importlib.util.spec_from_file_location(
    "record_tf_checkpoints", os.path.join(HERE, os.pardir, "tools", "record_tf_checkpoints.py"))
recorder = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(recorder)  # defines CASES and value_of; TF is imported only in main()

with open(os.path.join(DATA, "manifest.json")) as _f:
    MANIFEST: Dict[str, Any] = json.load(_f)


@pytest.fixture
def format_only(backend):
    if backend == "python" and not PURE_ONLY:
        pytest.skip("file-format test: runs once, on the default backend")
    return backend


def prefix_of(case: str) -> str:
    return os.path.join(DATA, case, "model.ckpt")


def expected_value(record: Dict[str, Any], dtype: np.dtype, shape: List[int]) -> np.ndarray:
    """The value TF's reader returned, from the manifest."""
    if "strings" in record:
        import base64
        items = [base64.b64decode(s) for s in record["strings"]]
        return np.array(items, dtype=object).reshape(shape)
    return np.frombuffer(bytes.fromhex(record["hex"]), dtype=dtype).reshape(shape)


def fixed_size_parts(shape: List[int], num_shards: int, axis: int) -> List[List[Tuple[int, int]]]:
    """The extents of TF's fixed_size_partitioner parts (bigger parts first)."""
    size = shape[axis]
    base, extra = divmod(size, num_shards)
    out, start = [], 0
    for i in range(num_shards):
        length = base + (1 if i < extra else 0)
        out.append([(start, length) if d == axis else (0, n) for d, n in enumerate(shape)])
        start += length
    return out
