"""How recorded values are written to JSON: the one encoding that
tools/record_tf_initializers.py records TensorFlow's results in
(tests/data/tf_initializers.json, tf_partitioners.json) and that the tests
encode pyscope's results in to compare.

NumPy only, so the recorder (run in the TensorFlow venv, with tests/ on its
sys.path) and the tests import the same module; each passes its own dtype
naming (TF's names either way)."""
import math

import numpy as np


def encode_array(a, dtype_name):
    """JSON form of an array: dtype (``dtype_name(a.dtype)``), shape, exact
    values (complex as [real, imag], bytes decoded, inf/nan as their repr)."""
    a = np.asarray(a)
    name = dtype_name(a.dtype)

    def conv(x):
        if isinstance(x, list):
            return [conv(y) for y in x]
        if isinstance(x, complex):
            return [x.real, x.imag]
        if isinstance(x, bytes):
            return x.decode("utf-8", "replace")
        if isinstance(x, float) and not math.isfinite(x):
            return repr(x)
        return x
    return {"dtype": name, "shape": list(a.shape), "value": conv(a.tolist())}


def sanitize(x):
    """`x` with arrays, tuples, NumPy scalars, bytes and complex numbers made
    JSON values (bytes as {"bytes": latin-1 text}, complex as
    {"complex": [real, imag]})."""
    if isinstance(x, np.ndarray):
        return x.tolist()
    if isinstance(x, (list, tuple)):
        return [sanitize(y) for y in x]
    if isinstance(x, dict):
        return {k: sanitize(v) for k, v in x.items()}
    if isinstance(x, np.generic):
        return sanitize(x.item())
    if isinstance(x, bytes):
        return {"bytes": x.decode("latin-1")}
    if isinstance(x, complex):
        return {"complex": [x.real, x.imag]}
    return x
