"""The bench rows of `get_variable` reuse as layer and model code calls it
(issue 13, part 1): 64 variables re-read inside a ``reuse=True`` scope, one
row per call shape, each compared with the bare call ``get_variable(name,
(4, 4))`` on the same backend (`ratio_rows`).

A call shape is data: the keywords of the call, and those of the scope the
variables live in.  Each is made from the API under test (``ps`` is pyscope
or TensorFlow's ``tf.compat.v1``), so the same row runs on every column."""
import functools
import time
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Tuple

import numpy as np

VARIABLES = 64
SHAPE = (4, 4)

Kwargs = Callable[[Any], Dict[str, Any]]


def _none(ps: Any) -> Dict[str, Any]:
    return {}


def _identity_getter(getter: Any, *args: Any, **kwargs: Any) -> Any:
    return getter(*args, **kwargs)


class SizeLike(Tuple[int, ...]):
    """A tuple subclass, as ``torch.Size`` (torch is not needed here)."""


class CallShape(NamedTuple):
    key: str
    label: str
    call: Kwargs  # keywords of get_variable (shape too), given the API
    scope: Kwargs = _none  # keywords of the variable_scope
    made_in: Optional[Kwargs] = None  # of the scope that creates them (else `scope`)


CALL_SHAPES = [
    CallShape("reuse_bare", "get_variable(name, (4, 4))", lambda ps: {"shape": SHAPE}),
    CallShape("reuse_dtype", "... [4, 4], dtype=ps.float32",
              lambda ps: {"shape": list(SHAPE), "dtype": ps.float32}),
    CallShape("reuse_np_type", "... dtype=np.float32",
              lambda ps: {"shape": list(SHAPE), "dtype": np.float32}),
    CallShape("reuse_dtype_name", '... dtype="float32"',
              lambda ps: {"shape": list(SHAPE), "dtype": "float32"}),
    CallShape("reuse_np_dtype", '... dtype=np.dtype("float32")',
              lambda ps: {"shape": list(SHAPE), "dtype": np.dtype("float32")}),
    CallShape("reuse_tensorshape", "... ps.TensorShape([4, 4])",
              lambda ps: {"shape": ps.TensorShape(list(SHAPE))}),
    CallShape("reuse_np_ints", "... [np.int64(4), np.int64(4)]",
              lambda ps: {"shape": [np.int64(d) for d in SHAPE]}),
    CallShape("reuse_np_shape", "... np.array([4, 4])", lambda ps: {"shape": np.array(SHAPE)}),
    CallShape("reuse_tuple_subclass", "... a tuple subclass (as torch.Size)",
              lambda ps: {"shape": SizeLike(SHAPE)}),
    CallShape("reuse_value_initializer", "initializer=np.ones((4, 4)) (a value; no shape)",
              lambda ps: {"initializer": np.ones(SHAPE, np.float32)}),
    CallShape("reuse_initializer", "... initializer=constant_initializer(1.0)",
              lambda ps: {"shape": list(SHAPE), "initializer": ps.constant_initializer(1.0)}),
    CallShape("reuse_regularizer", "... regularizer=None", lambda ps: {"shape": list(SHAPE), "regularizer": None}),
    CallShape("reuse_layer_kwargs", "... as a layer's add_weight (every keyword)",
              lambda ps: {"shape": list(SHAPE), "dtype": ps.float32,
                          "initializer": ps.glorot_uniform_initializer(),
                          "trainable": True, "constraint": None, "partitioner": None,
                          "use_resource": True, "collections": None, "caching_device": None,
                          "validate_shape": True}),
    CallShape("reuse_sync_aggregation", "... synchronization=AUTO, aggregation=NONE",
              lambda ps: {"shape": list(SHAPE), "synchronization": ps.VariableSynchronization.AUTO,
                          "aggregation": ps.VariableAggregation.NONE}),
    CallShape("reuse_scope_defaults", "scope initializer/regularizer/dtype defaults",
              lambda ps: {"shape": list(SHAPE)},
              lambda ps: {"initializer": ps.constant_initializer(1.0),
                          "regularizer": lambda v: None, "dtype": ps.float32}),
    CallShape("reuse_custom_getter", "scope custom_getter (pass-through)",
              lambda ps: {"shape": list(SHAPE)}, lambda ps: {"custom_getter": _identity_getter}),
    CallShape("reuse_partitioned", "scope partitioner, 4 parts ([8, 4])",
              lambda ps: {"shape": [8, 4]},
              lambda ps: {"partitioner": ps.fixed_size_partitioner(4)}),
    CallShape("reuse_partitioned_call", "... [8, 4], partitioner=fixed_size_partitioner(4)",
              lambda ps: {"shape": [8, 4], "partitioner": ps.fixed_size_partitioner(4)}),
    CallShape("reuse_partitioned_unsaid", "partitioned, reused with no partitioner",
              lambda ps: {"shape": [8, 4]}, _none,
              lambda ps: {"partitioner": ps.fixed_size_partitioner(4)}),
]


def workload(shape: CallShape) -> Callable[[Any, int], float]:
    """``run(ps, n)``: the seconds `n` reusing calls of this shape take."""
    def run(ps: Any, n: int) -> float:
        kwargs = shape.call(ps)
        scope_kwargs = shape.scope(ps)
        made_in = scope_kwargs if shape.made_in is None else shape.made_in(ps)
        names = [f"v{i}" for i in range(VARIABLES)]
        get_variable = ps.get_variable
        rounds = max(1, n // VARIABLES)
        with ps.Graph().as_default():
            with ps.variable_scope("model", **made_in):
                for name in names:
                    get_variable(name, **kwargs)
            with ps.variable_scope("model", reuse=True, **scope_kwargs):
                t = time.perf_counter()
                for _ in range(rounds):
                    for name in names:
                        get_variable(name, **kwargs)
                seconds = time.perf_counter() - t
        return seconds * n / (rounds * VARIABLES)
    return run


def getter_protocol_floor(n: int) -> float:
    """The floor of the custom-getter row: seconds for `n` calls of TF's
    protocol alone, in plain Python -- the dict of the 15 keywords with a
    new getter object (a functools.partial, as TF's closure per call), the
    user's pass-through getter called with it, which calls the getter back
    with ``**kwargs``; the getter is a function with _true_getter's
    parameters that returns a stored object.  A reuse through a custom
    getter can cost no less than the bare reuse plus this."""
    stored = {f"v{i}": object() for i in range(VARIABLES)}
    names = list(stored) * max(1, n // VARIABLES)
    shape, dtype, reuse, sync, agg = list(SHAPE), "float32", True, "AUTO", "NONE"
    t = time.perf_counter()
    for name in names:
        _identity_getter(getter=functools.partial(_stored_getter, stored), **{
            "name": name, "shape": shape, "dtype": dtype, "initializer": None,
            "regularizer": None, "reuse": reuse, "trainable": True, "collections": None,
            "caching_device": None, "partitioner": None, "validate_shape": True,
            "use_resource": None, "synchronization": sync, "aggregation": agg,
            "constraint": None})
    return (time.perf_counter() - t) * n / len(names)


def _stored_getter(stored: Dict[str, Any], name: str, shape: Any = None, dtype: Any = None,
                   initializer: Any = None, regularizer: Any = None, reuse: Any = None,
                   trainable: Any = None, collections: Any = None, caching_device: Any = None,
                   partitioner: Any = None, validate_shape: bool = True, use_resource: Any = None,
                   constraint: Any = None, synchronization: Any = None,
                   aggregation: Any = None) -> Any:
    return stored.get(name)


def ratio_rows(results: Dict[str, Dict[str, float]], labels: List[str]) -> Tuple[List[List[str]], List[str]]:
    """Each call shape's cost over the bare call's, per column; and the
    custom getter's over the bare call plus its protocol floor (measured
    alternating with the row, in the C core's process)."""
    columns = [label for label in labels if "reuse_bare" in results.get(label, {})]
    out = []
    for shape in CALL_SHAPES[1:]:
        cells = [shape.label]
        for label in columns:
            got = results[label].get(shape.key)
            cells.append(f"{got / results[label]['reuse_bare']:.2f}x" if got else "n/a")
        out.append(cells)
    floor = results.get("floor", {}).get("reuse_custom_getter")
    if floor:
        cells = [f"scope custom_getter / (bare + protocol floor {floor * 1e9:,.0f} ns)"]
        for label in columns:
            got = results[label].get("reuse_custom_getter")
            cells.append(f"{got / (results[label]['reuse_bare'] + floor):.2f}x" if got else "n/a")
        out.append(cells)
    return out, ["reuse call shape / bare call"] + columns
