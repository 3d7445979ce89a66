"""How checkpoints see variables: their checkpoint keys, their slices, and
how their values are read for saving and assigned on restore.

pyscope's `Variable` has ``numpy()`` and ``assign(value)``; so does any
object with those two methods.  A variable made by another framework through
`variable_creator_scope` (a PyTorch parameter, a JAX array holder) that has
neither gets an adapter::

    import torch
    from pyscope import train

    train.register_variable_adapter(
        torch.Tensor,
        read=lambda t: t.detach().cpu().numpy(),
        assign=lambda t, value: t.data.copy_(torch.from_numpy(value)))

`read` returns a NumPy array; `assign` writes a NumPy array of the
variable's shape and dtype into it, in place.  Adapters are looked up along
the type's MRO, so registering a base class covers its subclasses.
"""
import re
from typing import Any, Callable, Dict, List, Optional, Tuple

import numpy as np

from pyscope import graph as _graph
from pyscope import _variable_store
from pyscope.variables import PartitionedVariable, Variable

__all__ = ["register_variable_adapter", "read_value", "assign_value",
           "is_variable", "shape_of", "variable_key", "store_variables",
           "creator_variables", "SliceInfo",
           "slice_info"]

# The store's lookup, typed for this module (the store itself is untyped).
_lookup: Callable[[Any, Any], Any] = _variable_store._lookup
Reader = Callable[[Any], Any]
Assigner = Callable[[Any, np.ndarray], Any]
_ADAPTERS: Dict[type, Tuple[Reader, Assigner]] = {}
_PART = re.compile(r"^(.*)/part_(\d+)$")


def register_variable_adapter(cls: type, read: Reader, assign: Assigner) -> None:
    """Teaches checkpoints to read and assign variables of type `cls`.

    Args:
      cls: the variable type (subclasses are covered too).
      read: ``read(variable)`` returns the value as a NumPy array.
      assign: ``assign(variable, value)`` writes a NumPy array into the
        variable in place.
    """
    if not isinstance(cls, type) or not callable(read) or not callable(assign):
        raise TypeError("register_variable_adapter(cls, read, assign) needs a "
                        "type and two callables")
    _ADAPTERS[cls] = (read, assign)


def _adapter(var: Any) -> Optional[Tuple[Reader, Assigner]]:
    for cls in type(var).__mro__:
        if cls in _ADAPTERS:
            return _ADAPTERS[cls]
    return None


def is_variable(x: Any) -> bool:
    """Whether checkpoints can read and assign `x`."""
    if isinstance(x, Variable) or _adapter(x) is not None:
        return True
    return callable(getattr(x, "numpy", None)) and callable(getattr(x, "assign", None))


def read_value(var: Any) -> np.ndarray:
    """The value of a variable, as a NumPy array (a pyscope Variable's own,
    read-only: a save reads a gigabyte, and `numpy()` would copy it)."""
    if type(var) is Variable:
        value = var._value.view()
        value.flags.writeable = False
        return value
    adapter = _adapter(var)
    if adapter is not None:
        return np.asarray(adapter[0](var))
    numpy = getattr(var, "numpy", None)
    if not callable(numpy):
        raise TypeError(
            "Cannot read the value of %r (%s) for a checkpoint: give it "
            "numpy()/assign() methods or register an adapter with "
            "pyscope.train.register_variable_adapter" % (var, type(var).__name__))
    return np.asarray(numpy())


def assign_value(var: Any, value: np.ndarray) -> None:
    """Writes `value` into the variable, in place."""
    adapter = _adapter(var)
    if adapter is not None:
        adapter[1](var, value)
        return
    assign = getattr(var, "assign", None)
    if not callable(assign):
        raise TypeError(
            "Cannot assign a checkpoint value to %r (%s): give it "
            "numpy()/assign() methods or register an adapter with "
            "pyscope.train.register_variable_adapter" % (var, type(var).__name__))
    assign(value)


def shape_of(var: Any) -> Tuple[int, ...]:
    """A variable's shape as a tuple of ints (read from its value when it
    has no `shape`)."""
    shape = getattr(var, "shape", None)
    if shape is None:
        shape = np.shape(read_value(var))
    return tuple(int(d) for d in shape)


def variable_key(var: Any) -> str:
    """The checkpoint key of a variable: its op name (``"foo/v"`` for
    ``"foo/v:0"``), as TF's ``var.op.name``; for an object a creator made
    without a usable name (a torch tensor's ``name`` is None), the name
    `get_variable` stored it under."""
    op_name = getattr(var, "op_name", None)
    if isinstance(op_name, str):
        return op_name
    name = getattr(var, "name", None)
    if not isinstance(name, str):
        graph = getattr(var, "graph", None)
        stored = _variable_store.foreign_name(
            graph if isinstance(graph, _graph.Graph) else _graph.get_default_graph(), var)
        if isinstance(stored, str):
            return stored
        raise TypeError(
            "Cannot key %s object %r in a checkpoint: it has no `op_name` or "
            "string `name`, and get_variable did not make it in the default "
            "graph; pass it to Saver in a dict {checkpoint_key: variable}"
            % (type(var).__name__, var))
    match = re.match(r"^(.*):\d+$", name)
    return match.group(1) if match else name


def store_variables(graph: Optional[Any] = None) -> Dict[str, Any]:
    """The single variables of `graph`'s variable store by name (parts as
    ``v/part_0``...), as TF's ``_VariableStore._vars``.

    Native variables are found through the graph's collections, creator-made
    ones through the store's record of them; a native variable made with
    ``collections=[]`` is in no collection and is not listed.
    """
    graph = graph or _graph.get_default_graph()
    out: Dict[str, Any] = {}
    for key in graph.get_all_collection_keys():
        for item in graph.get_collection(key):
            if isinstance(item, Variable):
                name = variable_key(item)
                if _lookup(graph, name) is item:
                    out[name] = item
    out.update((name, obj) for name, obj in _creator_objects(graph) if isinstance(name, str))
    return out


def _creator_objects(graph: Any) -> List[Tuple[Any, Any]]:
    """(name, object) of what creators made in `graph`'s store (not pyscope
    Variables; parts of partitioned ones as ``v/part_0``...), in creation order."""
    side = _variable_store._side_stores.get(graph)
    found = ((name, _lookup(graph, name)) for name in (side.foreign if side is not None else ()))
    return [(name, obj) for name, obj in found
            if obj is not None and not isinstance(obj, PartitionedVariable)]


def creator_variables(graph: Optional[Any] = None) -> List[Any]:
    """The objects creators made in `graph`'s variable store (not pyscope
    Variables) that checkpoints can read and assign, in creation order."""
    return [obj for _, obj in _creator_objects(graph or _graph.get_default_graph())
            if is_variable(obj)]


class SliceInfo:
    """Where a part sits in its partitioned variable (TF's SaveSliceInfo)."""

    def __init__(self, full_name: str, full_shape: List[int],
                 var_offset: List[int], var_shape: List[int]) -> None:
        self.full_name = full_name
        self.full_shape = list(full_shape)
        self.var_offset = list(var_offset)
        self.var_shape = list(var_shape)

    @property
    def extents(self) -> List[Tuple[int, int]]:
        """(start, length) per dimension."""
        return list(zip(self.var_offset, self.var_shape))

    @property
    def spec(self) -> str:
        """TF's slice spec string, e.g. ``"10 4 4,3:0,4"``."""
        return "%s %s" % (" ".join(str(d) for d in self.full_shape),
                          ":".join("%d,%d" % e for e in self.extents))


def partition_slices(partitioned: PartitionedVariable) -> List[Tuple[Any, SliceInfo]]:
    """Each part of a partitioned variable with its slice info."""
    untyped: Any = partitioned
    full_shape: List[int] = list(untyped.shape)  # fully defined: it was partitioned
    axis = next((i for i, n in enumerate(untyped.get_partitions()) if n > 1), 0)
    out, start = [], 0
    for part in partitioned:
        shape = list(shape_of(part))
        offset = [0] * len(full_shape)
        if full_shape:
            offset[axis] = start
            start += shape[axis]
        out.append((part, SliceInfo(partitioned.name, full_shape, offset, shape)))
    return out


def slice_info(var: Any, graph: Optional[Any] = None) -> Optional[SliceInfo]:
    """The slice info of a part of a partitioned variable, None otherwise."""
    match = _PART.match(variable_key(var))
    if not match:
        return None
    graph = graph or getattr(var, "graph", None) or _graph.get_default_graph()
    owner = _lookup(graph, match.group(1))
    if not isinstance(owner, PartitionedVariable):
        return None
    for part, info in partition_slices(owner):
        if part is var:
            return info
    return None
