"""The variable store (TF's _VariableStore): gets or creates a variable by
its full name -- a single one or a PartitionedVariable, through the custom
getter -- with TF's reuse checks, in TF's order.

Mirrors TF 2.21's ops/variable_scope.py piece by piece (`_store_get_variable`
is `_VariableStore.get_variable`, then `_true_getter`, `_get_single_variable`,
`_get_partitioned_variable`), because TF's observable behaviour, quirks
included, comes from the order in which those pieces check, reserve names and
store.  Scopes (pyscope.variable_scope) resolve the full name and the
defaults; this module knows nothing of them.
"""
from __future__ import annotations

from collections import abc as _collections_abc
import functools
import inspect
import os
import sys
import threading
import types
import warnings
import weakref
from types import FrameType
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

from pyscope import _reuse
from pyscope import dtypes as _dtypes
from pyscope import graph as _graph
from pyscope import initializers as _initializers
from pyscope import partitioners as _partitioners
from pyscope import tensor_shape as _tensor_shape
from pyscope import variables as _variables
from pyscope._shapes import _compatible_shapes, _shape_str, as_shape
from pyscope.graph import GraphKeys
from pyscope.variables import (PartitionedVariable, Variable,
                               VariableAggregation, VariableSynchronization)


# ---------------------------------------------------------------------------
# Where stored objects live
#
# The core maps full names (str) to what was stored: a variable (whatever
# object the creator chain returned) or a PartitionedVariable.  Names that
# are not strings (TF accepts get_variable(None) at the root) and the
# shape/dtype of objects that are not pyscope Variables live beside it.

class _SideStore:
    __slots__ = ("odd_keys", "foreign", "foreign_names")

    def __init__(self) -> None:
        self.odd_keys: Dict[Any, Any] = {}  # non-str name -> stored object
        # name -> (shape, dtype) of a non-Variable object
        self.foreign: Dict[Any, Tuple[Any, Any]] = {}
        # id(object) -> name of the same objects: a framework's tensor may
        # have no usable `name` (a torch tensor's is None), and checkpoints
        # key it by the name it was stored under (the store keeps it alive,
        # so the id stays its own)
        self.foreign_names: Dict[int, Any] = {}


_side_stores: weakref.WeakKeyDictionary[_graph.Graph, _SideStore] = (
    weakref.WeakKeyDictionary())
_side_stores_lock = threading.Lock()


def _side(graph: _graph.Graph) -> _SideStore:
    side = _side_stores.get(graph)
    if side is None:
        with _side_stores_lock:
            side = _side_stores.get(graph)
            if side is None:
                side = _side_stores[graph] = _SideStore()
    return side


def _lookup(graph: _graph.Graph, name: Any) -> Any:
    if type(name) is str:
        return graph._core._lookup_variable(name)
    side = _side_stores.get(graph)
    try:
        return side.odd_keys.get(name) if side is not None else None
    except TypeError:  # unhashable: never stored
        return None


def _store(graph: _graph.Graph, name: Any, obj: Any) -> None:
    if type(name) is str:
        graph._core._store_variable(name, obj)
    else:
        _side(graph).odd_keys[name] = obj


def _is_foreign(graph: _graph.Graph, name: Any) -> bool:
    side = _side_stores.get(graph)
    try:
        return side is not None and name in side.foreign
    except TypeError:
        return False


def _lookup_single(graph: _graph.Graph, name: Any) -> Optional[Tuple[Any, Any, Any]]:
    """(object, shape, dtype) of the single variable stored as `name`."""
    obj = _lookup(graph, name)
    if obj is None:
        return None
    if type(obj) is Variable:
        return obj, obj.shape, obj.dtype
    if _is_foreign(graph, name):
        shape, dtype = _side(graph).foreign[name]
        return obj, shape, dtype
    if isinstance(obj, PartitionedVariable):
        return None
    return obj, getattr(obj, "shape", None), getattr(obj, "dtype", None)


def _lookup_partitioned(graph: _graph.Graph, name: Any) -> Optional[PartitionedVariable]:
    obj = _lookup(graph, name)
    if isinstance(obj, PartitionedVariable) and not _is_foreign(graph, name):
        return obj
    return None


def _store_get_variable(graph: _graph.Graph, name: Any, shape: Any = None,
                        dtype: Any = _dtypes.float32, initializer: Any = None,
                        regularizer: Any = None, reuse: Any = None,
                        trainable: Optional[bool] = None, collections: Any = None,
                        caching_device: Any = None, partitioner: Any = None,
                        validate_shape: bool = True,
                        use_resource: Optional[bool] = None,
                        custom_getter: Any = None, constraint: Any = None,
                        synchronization: VariableSynchronization = VariableSynchronization.AUTO,
                        aggregation: VariableAggregation = VariableAggregation.NONE
                        ) -> Any:
    """TF's _VariableStore.get_variable: the custom getter (if any) is called
    with TF's keyword set and the store's own getter as `getter`."""
    if custom_getter is not None and not callable(custom_getter):
        raise ValueError(
            "Passed a custom_getter which is not callable: %s; a custom getter "
            "is called as custom_getter(getter, *args, **kwargs)" % (custom_getter,))
    if synchronization is _SYNC_AUTO and aggregation is _AGG_NONE:
        if trainable is None:  # the validation's default for AUTO (not ON_READ)
            trainable = True
    else:
        synchronization, aggregation, trainable = (
            _variables.validate_synchronization_aggregation_trainable(
                synchronization, aggregation, trainable, name))
    if custom_getter is None:  # (positional: 15 keywords cost ~0.5 µs to bind)
        return _true_getter(graph, name, shape, dtype, initializer, regularizer, reuse,
                            trainable, collections, caching_device, partitioner,
                            validate_shape, use_resource, constraint, synchronization,
                            aggregation)
    # TF's dict (its order too), the getter first
    kwargs = {
        "getter": store_getter(graph), "name": name, "shape": shape, "dtype": dtype,
        "initializer": initializer, "regularizer": regularizer, "reuse": reuse,
        "trainable": trainable, "collections": collections,
        "caching_device": caching_device, "partitioner": partitioner,
        "validate_shape": validate_shape, "use_resource": use_resource,
        "synchronization": synchronization, "aggregation": aggregation,
    }
    if _accepts_constraint(custom_getter):
        kwargs["constraint"] = constraint
    return custom_getter(**kwargs)


_SYNC_AUTO = VariableSynchronization.AUTO
_AGG_NONE = VariableAggregation.NONE


def _accepts_constraint(fn: Any) -> bool:
    """TF passes `constraint` only to getters that name it or take **kwargs.
    Cached, since the getter of a scope sees every variable made in it: by
    the function's code (tf-slim makes a new closure per layer, all of one
    code), or weakly by the callable object itself."""
    if type(fn) is types.FunctionType:  # the common getter, found in one probe
        known = _accepts_constraint_of_code.get(fn.__code__)
        if known is not None:
            return known
    key: Any = _signature_key(fn)
    cache: Any = _accepts_constraint_of_code
    if key is None:
        key, cache = fn, _accepts_constraint_of
    try:
        return bool(cache[key])
    except (KeyError, TypeError):  # not seen, or not weakly referable
        pass
    try:
        accepts = "constraint" in _fn_args(fn) or _has_kwargs(fn)
    except TypeError:
        accepts = False
    try:
        cache[key] = accepts
    except TypeError:
        pass
    return accepts


def _signature_key(fn: Any) -> Any:
    """What the parameters `_accepts_constraint` reads depend on: a
    function's code, a bound method's function's code, a partial's function
    and what it binds; None for other callables."""
    if type(fn) is types.FunctionType:
        return fn.__code__
    if type(fn) is types.MethodType and type(fn.__func__) is types.FunctionType:
        return (fn.__func__.__code__, "bound")
    if type(fn) is functools.partial:
        inner = _signature_key(fn.func)
        return None if inner is None else (inner, len(fn.args), frozenset(fn.keywords))
    return None


_accepts_constraint_of: "weakref.WeakKeyDictionary[Any, bool]" = weakref.WeakKeyDictionary()
_accepts_constraint_of_code: Dict[Any, bool] = {}


def _unwrap_callable(fn: Any) -> Any:
    if not (inspect.isfunction(fn) or inspect.ismethod(fn)
            or isinstance(fn, functools.partial)) and hasattr(fn, "__call__"):
        return fn.__call__
    return fn


def _fn_args(fn: Any) -> Tuple[str, ...]:
    if isinstance(fn, functools.partial):
        args = _fn_args(fn.func)
        return tuple(a for a in args[len(fn.args):] if a not in (fn.keywords or {}))
    fn = _unwrap_callable(fn)
    names = inspect.getfullargspec(fn).args
    if inspect.ismethod(fn) and names:
        names = names[1:]
    return tuple(names)


def _has_kwargs(fn: Any) -> bool:
    if isinstance(fn, functools.partial):
        fn = fn.func
    return inspect.getfullargspec(_unwrap_callable(fn)).varkw is not None


def _true_getter(graph: _graph.Graph, name: Any, shape: Any = None,
                 dtype: Any = _dtypes.float32, initializer: Any = None,
                 regularizer: Any = None, reuse: Any = None,
                 trainable: Optional[bool] = None, collections: Any = None,
                 caching_device: Any = None, partitioner: Any = None,
                 validate_shape: bool = True, use_resource: Optional[bool] = None,
                 constraint: Any = None,
                 synchronization: VariableSynchronization = VariableSynchronization.AUTO,
                 aggregation: VariableAggregation = VariableAggregation.NONE
                 ) -> Any:
    if reuse is not False and type(name) is str:
        # what the branches below would return, decided from the arguments
        # (a custom getter's call lands here: it reuses as fast as the bare call)
        found = _reuse.found_stored(graph._core, name, shape, dtype, initializer,
                                    partitioner, reuse)
        if found is not None:
            return found
    # what every branch below passes on (all but the partitioner)
    variable_args = {
        "shape": shape, "dtype": dtype, "initializer": initializer,
        "regularizer": regularizer, "reuse": reuse, "trainable": trainable,
        "collections": collections, "caching_device": caching_device,
        "validate_shape": validate_shape, "use_resource": use_resource,
        "constraint": constraint, "synchronization": synchronization,
        "aggregation": aggregation,
    }
    is_scalar = (shape is not None
                 and isinstance(shape, _collections_abc.Sequence) and not shape)
    if partitioner is not None and not is_scalar:
        if not callable(partitioner):
            raise ValueError(
                "Partitioner must be callable, but received: %s" % (partitioner,))
        with graph.name_scope(None):
            return _get_partitioned_variable(graph, name, partitioner, **variable_args)

    if (reuse is True and partitioner is None
            and _lookup_partitioned(graph, name) is not None):
        return _get_partitioned_variable(graph, name, None, **variable_args)

    if _lookup_single(graph, "%s/part_0" % (name,)) is not None:
        raise ValueError(
            "No partitioner was provided, but a partitioned version of the "
            "variable was found: %s/part_0. Perhaps a variable of the same "
            "name was already created with partitioning?" % (name,))

    return _get_single_variable(graph, name, **variable_args)


#: ``python_store_getter(graph)``: the getter handed to a custom getter,
#: ``functools.partial(_true_getter, graph)`` -- TF's _true_getter (same
#: signature) on `graph`, a new one per call as TF's closure (made by a
#: partial of partial: no Python frame on the custom getter's hot path)
python_store_getter: Callable[[_graph.Graph], Callable[..., Any]] = functools.partial(
    functools.partial, _true_getter)

#: what _store_get_variable hands custom getters; with the C core,
#: pyscope._fastpaths.StoreGetter (the same, its reuse decided in C)
store_getter: Callable[[_graph.Graph], Callable[..., Any]] = python_store_getter


def _get_single_variable(graph: _graph.Graph, name: Any, shape: Any = None,
                         dtype: Any = _dtypes.float32, initializer: Any = None,
                         regularizer: Any = None,
                         partition_info: Optional[_initializers.PartitionInfo] = None,
                         reuse: Any = None, trainable: Optional[bool] = None,
                         collections: Any = None, caching_device: Any = None,
                         validate_shape: bool = True,
                         use_resource: Optional[bool] = None,
                         constraint: Any = None,
                         synchronization: VariableSynchronization = VariableSynchronization.AUTO,
                         aggregation: VariableAggregation = VariableAggregation.NONE
                         ) -> Any:
    """Gets or creates one variable (a whole one, or one part)."""
    initializing_from_value = initializer is not None and not callable(initializer)
    if shape is not None and initializing_from_value:
        raise ValueError(
            "If initializer is a constant, do not specify shape: the shape of "
            "variable %s comes from its initial value." % (name,))
    dtype = _dtypes.as_dtype(dtype)
    if shape is not None:  # a TensorShape, as TF hands creators
        shape = _tensor_shape.from_tuple(as_shape(shape))

    found = _lookup_single(graph, name)
    if found is not None:
        if reuse is False:
            raise ValueError(
                "Variable %s already exists, disallowed. Did you mean to set "
                "reuse=True or reuse=tf.AUTO_REUSE in VarScope?" % (name,))
        found_var, found_shape, found_dtype = found
        if shape is not None and not _compatible_shapes(shape, found_shape):
            raise ValueError(
                "Trying to share variable %s, but specified shape %s and found "
                "shape %s." % (name, _shape_str(shape), _shape_str(found_shape)))
        if found_dtype is not None and not _same_dtype(dtype, found_dtype):
            raise ValueError(
                "Trying to share variable %s, but specified dtype %s and found "
                "dtype %s." % (name, _dtype_name(dtype), _dtype_name(found_dtype)))
        return found_var

    if reuse is True:
        raise ValueError(
            "Variable %s does not exist, or was not created with "
            "tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in "
            "VarScope?" % (name,))

    if initializer is None:
        if shape is None:
            raise ValueError(
                f"Variable {name} did not get an initializer, so its `shape` "
                f"argument must be specified.")
        initializer = _initializers.default_initializer(name, dtype)
    if initializing_from_value:
        initial_value = initializer
        variable_dtype = None
    else:
        if inspect.isclass(initializer):
            initializer = initializer()
        if shape is not None and None not in shape:
            if "partition_info" in _arg_names(initializer):
                initial_value = functools.partial(
                    initializer, list(shape), dtype=dtype,
                    partition_info=partition_info)
            else:
                initial_value = functools.partial(initializer, list(shape),
                                                  dtype=dtype)
            variable_dtype = dtype
        elif _needs_no_arguments(initializer):
            initial_value = initializer
            variable_dtype = None
        else:
            raise ValueError(
                "The initializer passed is not valid. It should be a callable "
                "with no arguments and the shape should not be provided or an "
                "instance of `tf.keras.initializers.*' and `shape` should be "
                "fully defined.")

    if use_resource is None:
        use_resource = _DEFAULT_USE_RESOURCE
    variable = _variables.create_variable(
        graph, initial_value=initial_value, trainable=trainable,
        validate_shape=validate_shape, caching_device=caching_device,
        name=name, variable_def=None, dtype=variable_dtype, import_scope=None,
        constraint=constraint, synchronization=synchronization,
        aggregation=aggregation, shape=shape,
        experimental_enable_variable_lifting=None, expected_shape=None,
        collections=collections, use_resource=use_resource)
    if variable is None:
        # TF's type (it then falls back to the abstract VariableV1); nothing
        # is stored here, so a corrected creator can make it later
        raise NotImplementedError(
            "The variable creator chain returned None for variable %s: a "
            "creator must return what next_creator(**kwargs) returns (or its "
            "own variable object)." % (name,))
    if not hasattr(variable, "name"):
        raise AttributeError(
            "'%s' object has no attribute 'name': the variable creator chain "
            "returned %r for variable %s, which is not a variable (a creator "
            "must return an object with a `name`); nothing was stored"
            % (type(variable).__name__, variable, name))
    if type(variable) is not Variable:
        _record_foreign(graph, name, variable, shape, variable_dtype, initial_value,
                        initializing_from_value, dtype)
    _store(graph, name, variable)

    if regularizer and not callable(regularizer):
        raise TypeError(
            "'%s' object is not callable: the regularizer of variable %s must "
            "be a function of the variable, got %r (the variable was created)"
            % (type(regularizer).__name__, name, regularizer))
    if regularizer and regularizer(variable) is not None:
        # As TF: a first call decides, a second under "<name>/Regularizer/"
        # makes the loss that is kept.
        with _graph.get_default_graph().name_scope(name + "/Regularizer/"):
            loss = regularizer(variable)
        _graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)
    return variable


def _record_foreign(graph: _graph.Graph, name: Any, variable: Any, shape: Any,
                    variable_dtype: Any, initial_value: Any,
                    initializing_from_value: bool, dtype: Any) -> None:
    """What reuse checks compare a creator's own object against: the shape
    and dtype the store asked for (a value initializer's own)."""
    if initializing_from_value:
        value = _dtypes.convert_to_array(initial_value)
        shape, variable_dtype = value.shape, value.dtype
    side = _side(graph)
    side.foreign[name] = (shape, variable_dtype or dtype)
    side.foreign_names[id(variable)] = name


def foreign_name(graph: _graph.Graph, obj: Any) -> Any:
    """The name a creator-made object is stored under in `graph` (None when
    it is not one of the store's)."""
    side = _side_stores.get(graph)
    if side is None:
        return None
    name = side.foreign_names.get(id(obj))
    return name if name is not None and _lookup(graph, name) is obj else None


_call_args_of_type: Dict[type, Tuple[str, ...]] = {}

# TF 2.x's default (tf2.enabled(), graph mode or not): what creators are handed
_DEFAULT_USE_RESOURCE = True


def _arg_names(fn: Any) -> Tuple[str, ...]:
    """TF's getargspec(fn).args; cached per class for initializer objects."""
    if inspect.isfunction(fn) or inspect.ismethod(fn) or inspect.isclass(fn):
        return _uncached_arg_names(fn)
    cls = type(fn)
    args = _call_args_of_type.get(cls)
    if args is None:
        args = _call_args_of_type[cls] = _uncached_arg_names(fn)
    return args


def _uncached_arg_names(fn: Any) -> Tuple[str, ...]:
    try:
        return tuple(inspect.getfullargspec(fn).args)
    except TypeError:
        return ()


def _needs_no_arguments(fn: Any) -> bool:
    """TF's rule: every positional parameter (but self) has a default."""
    spec = inspect.getfullargspec(fn)
    num_arguments = len(spec.args)
    if not inspect.isfunction(fn) and not isinstance(fn, functools.partial):
        num_arguments -= 1
    return num_arguments == len(spec.defaults or ())


def _get_partitioned_variable(graph: _graph.Graph, name: Any, partitioner: Any,
                              shape: Any = None, dtype: Any = _dtypes.float32,
                              initializer: Any = None, regularizer: Any = None,
                              reuse: Any = None, trainable: Optional[bool] = None,
                              collections: Any = None, caching_device: Any = None,
                              validate_shape: bool = True,
                              use_resource: Optional[bool] = None,
                              constraint: Any = None,
                              synchronization: VariableSynchronization = VariableSynchronization.AUTO,
                              aggregation: VariableAggregation = VariableAggregation.NONE
                              ) -> PartitionedVariable:
    """Gets or creates a PartitionedVariable: parts `name/part_<i>`, each a
    single variable sliced along the one partitioned axis."""
    if _lookup_single(graph, name) is not None:
        raise ValueError(
            "A partitioner was provided, but an unpartitioned version of the "
            "variable was found: %s.  Perhaps a variable of the same name was "
            "already created without partitioning?" % (name,))
    shape = as_shape(shape)

    partitions: Any = None  # None only on reuse, which returns before using it
    if not reuse or partitioner:
        if shape is None:
            raise ValueError(
                "Shape of a new partitioned variable must be fully defined, but "
                "instead was <unknown>: give get_variable a shape.")
        partitions = _partitioners.call_partitioner(partitioner, shape, dtype)

    existing = _lookup_partitioned(graph, name)
    if existing is not None:
        if reuse is False:
            raise ValueError(
                "Partitioned variable with name %s already exists. Did you mean "
                "to set reuse=True or reuse=tf.AUTO_REUSE in VarScope?" % (name,))
        if not _compatible_shapes(shape, existing.shape):
            raise ValueError(
                "Trying to reuse partitioned variable %s, but specified shape %s "
                "and found shape %s." % (name, _shape_str(shape),
                                         _shape_str(existing.shape)))
        if not _same_dtype(dtype, existing.dtype):
            raise ValueError(
                "Trying to reuse partitioned variable %s, but specified dtype %s "
                "and found dtype %s." % (name, _dtype_name(dtype),
                                         _dtype_name(existing.dtype)))
        if partitions is not None and existing._get_partitions() != partitions:
            raise ValueError(
                "Trying to reuse partitioned variable %s, but specified "
                "partitions %s and found partitions %s." % (
                    name, partitions, existing._get_partitions()))
        if partitions is not None and existing._name == name:
            existing._matched_partitioner = _partitioners.matched_kind(partitioner)
        return existing

    if reuse is True:
        raise ValueError(
            "PartitionedVariable %s does not exist, or was not created with "
            "tf.get_variable(). Did you mean to set reuse=False or "
            "reuse=tf.AUTO_REUSE in VarScope?" % (name,))

    slices = _partitioners.compute_slices(shape, partitions)
    num_slices = len(slices)
    if _lookup_single(graph, "%s/part_0" % (name,)) is not None:
        if _lookup_single(graph, "%s/part_%d" % (name, num_slices - 1)) is None:
            raise ValueError(
                "Partitioner returned a different partitioning than what was "
                "already found.  Partitioner returned %d shards, and shard "
                "%s/part_0 was found, but %s/part_%d was not." %
                (num_slices, name, name, num_slices - 1))
        if _lookup_single(graph, "%s/part_%d" % (name, num_slices)) is not None:
            raise ValueError(
                "Partitioner returned a different partitioning than what was "
                "already found.  Partitioner returned %d shards, and shard "
                "%s/part_0 was found, but so was the extra shard %s/part_%d." %
                (num_slices, name, name, num_slices))

    parts: List[Any] = []  # in slice-offset order, as compute_slices
    padded: List[str] = []
    init: Any
    for i, (offset, part_shape) in enumerate(slices):
        partition_info = _initializers.PartitionInfo(
            full_shape=list(shape), var_offset=list(offset))
        part_name = "%s/part_%d" % (name, i)
        with graph.name_scope(part_name + "/PartitionedInitializer"):
            if initializer is None:
                init = _initializers.default_initializer(name, dtype)
                init_shape = part_shape
            elif callable(initializer):
                init = initializer
                init_shape = part_shape
            else:
                init, fits = _slice_of_value(graph, initializer, dtype, offset,
                                             part_shape)
                if not fits:
                    padded.append(part_name)
                init_shape = None
        with graph.name_scope(None):
            part = _get_single_variable(
                graph, part_name, shape=init_shape, dtype=dtype,
                initializer=init, partition_info=partition_info,
                regularizer=regularizer, reuse=reuse, trainable=trainable,
                collections=collections, caching_device=caching_device,
                validate_shape=validate_shape, use_resource=use_resource,
                constraint=constraint, synchronization=synchronization,
                aggregation=aggregation)
        parts.append(part)

    if padded:
        warnings.warn(
            "pyscope: the value initializer of %s is smaller than its shape %s: "
            "TensorFlow builds %s but fails to initialize them; here their "
            "missing entries are zeros. Give a value of the variable's full "
            "shape." % (name, _shape_str(shape), ", ".join(padded)),
            RuntimeWarning, stacklevel=_stacklevel_outside_pyscope())
    partitioned = PartitionedVariable(name, shape, _as_dtype_if_valid(dtype),
                                      parts, partitions)
    partitioned._matched_partitioner = _partitioners.matched_kind(partitioner)
    _store(graph, name, partitioned)
    return partitioned


def _as_dtype_if_valid(dtype: Any) -> Any:
    try:
        return _dtypes.as_dtype(dtype)
    except TypeError:
        return dtype


def _stacklevel_outside_pyscope() -> int:
    """The warnings stacklevel of the first caller outside this package."""
    package = os.path.dirname(os.path.abspath(__file__))
    frame: Optional[FrameType] = sys._getframe(1)
    level = 1
    while frame is not None and os.path.dirname(
            os.path.abspath(frame.f_code.co_filename)) == package:
        frame, level = frame.f_back, level + 1
    return level


def _slice_of_value(graph: _graph.Graph, initializer: Any, dtype: Any,
                    offset: Sequence[int], size: Sequence[int]
                    ) -> Tuple[np.ndarray, bool]:
    """One part's slice of a value initializer, made as TF does (a constant,
    then a Slice op), and whether the value covered it.  The slice is a value
    TF already holds as a tensor (no ``initial_value`` op for it).

    TF checks the value's rank when it builds the Slice (ValueError) but its
    bounds only when the initializer runs: a part reaching outside the value
    is created here too, its missing entries zeros."""
    value = _dtypes.convert_to_array(initializer, dtype=dtype)
    graph.create_op_name("Const")
    with graph.name_scope("Slice") as scope:
        graph.create_op_name("begin")
        graph.create_op_name("size")
        if value.ndim != len(offset):
            raise ValueError(
                "Shape must be rank %d but is rank %d for 'Slice': the value "
                "initializer of a partitioned variable must have the "
                "variable's rank %d" % (len(offset), value.ndim, len(offset)))
        graph._core._register_op(scope[:-1])
    part = value[tuple(slice(o, o + s) for o, s in zip(offset, size))]
    fits = part.shape == tuple(size)
    if not fits:
        padded = np.zeros(size, dtype=value.dtype)
        padded[tuple(slice(0, d) for d in part.shape)] = part
        part = padded
    return _variables.graph_value(part), fits


# ---------------------------------------------------------------------------
# Dtypes as the reuse checks compare and name them

def _same_dtype(a: Any, b: Any) -> bool:
    try:
        return _dtypes.as_dtype(a) == _dtypes.as_dtype(b)
    except TypeError:
        return False


def _dtype_name(dtype: Any) -> str:
    try:
        return _dtypes.dtype_name(dtype)
    except TypeError:
        return repr(dtype)
