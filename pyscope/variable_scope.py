"""Variable scopes and the variable store: `variable_scope`, `get_variable`
and TF1's rules for sharing variables by name.

Mirrors TF 2.21's ops/variable_scope.py piece by piece (the store's
`_true_getter`, `_get_single_variable`, `_get_partitioned_variable`; the
scopes' `_pure_variable_scope` and `variable_scope`), because TF's observable
behaviour, quirks included, comes from the order in which those pieces check,
reserve names and store.  What TF keeps in Python dicts lives in the graph's
core: the store (`_lookup_variable` / `_store_variable`) and the per-thread
default-name counters (`_scope_count`, `_open_scope`, `_close_subscopes`).
The current VariableScope is per thread and per graph, in the core's
per-thread state.
"""
from collections import abc as _collections_abc
import enum
import functools
import inspect
import os
import sys
import threading
import warnings
import weakref

import numpy as np

from pyscope import dtypes as _dtypes
from pyscope._pure import _Counters
from pyscope import graph as _graph
from pyscope import initializers as _initializers
from pyscope import partitioners as _partitioners
from pyscope import variables as _variables
from pyscope.graph import GraphKeys
from pyscope.variables import (PartitionedVariable, Variable,
                               VariableAggregation, VariableSynchronization,
                               variable_creator_scope)

__all__ = [
    "AUTO_REUSE", "VariableScope", "get_variable_scope", "get_variable",
    "get_local_variable", "variable_scope", "variable_op_scope",
    "no_regularizer", "variable_creator_scope", "VariableSynchronization",
    "VariableAggregation",
]


class _ReuseMode(enum.Enum):
    """Reuse modes beyond True/False/None."""
    AUTO_REUSE = 1


# Create missing variables and return existing ones.
AUTO_REUSE = _ReuseMode.AUTO_REUSE


def no_regularizer(_):
    """The regularizer that turns regularization off (returns None)."""
    return None


# ---------------------------------------------------------------------------
# VariableScope

class _PyVariableScopeFields:
    """The fields of VariableScope (a C struct when the C core is the
    infrastructure: pyscope._fastpaths.VariableScopeFields)."""
    __slots__ = ("_name", "_initializer", "_regularizer", "_reuse",
                 "_caching_device", "_partitioner", "_custom_getter",
                 "_name_scope", "_dtype", "_use_resource", "_constraint")


class _PyScopeStoreFields:
    """The fields of _ScopeStore (pyscope._fastpaths.ScopeStoreFields in C)."""
    __slots__ = ("current_scope", "_core", "_overlay")


def _fastpaths_module():
    """pyscope._fastpaths when the C core is the infrastructure, else None."""
    from pyscope import _backend
    if _backend.infrastructure().BACKEND != "c":
        return None
    try:
        from pyscope import _fastpaths
    except ImportError:  # a partial build: the Python paths do the work
        return None
    return _fastpaths


def _field_bases():
    fastpaths = _fastpaths_module()
    if fastpaths is not None:
        return fastpaths.VariableScopeFields, fastpaths.ScopeStoreFields
    return _PyVariableScopeFields, _PyScopeStoreFields


_VariableScopeFields, _ScopeStoreFields = _field_bases()


class VariableScope(_VariableScopeFields):
    """The defaults `get_variable` uses inside a variable scope: the name
    prefix, reuse mode, initializer, regularizer, partitioner, custom getter,
    dtype ...  Returned by `variable_scope` and `get_variable_scope`; can be
    captured and re-entered with ``variable_scope(scope)``."""

    def __init__(self, reuse, name="", initializer=None, regularizer=None,
                 caching_device=None, partitioner=None, custom_getter=None,
                 name_scope="", dtype=_dtypes.float32, use_resource=None,
                 constraint=None):
        self._name = name
        self._initializer = initializer
        self._regularizer = regularizer
        self._reuse = reuse
        self._caching_device = caching_device
        self._partitioner = partitioner
        self._custom_getter = custom_getter
        self._name_scope = name_scope
        self._dtype = dtype
        self._use_resource = use_resource
        self._constraint = constraint

    @property
    def name(self):
        return self._name

    @property
    def original_name_scope(self):
        return self._name_scope

    @property
    def reuse(self):
        return self._reuse

    @property
    def initializer(self):
        return self._initializer

    @property
    def dtype(self):
        return self._dtype

    @property
    def use_resource(self):
        return self._use_resource

    @property
    def regularizer(self):
        return self._regularizer

    @property
    def caching_device(self):
        return self._caching_device

    @property
    def partitioner(self):
        return self._partitioner

    @property
    def custom_getter(self):
        return self._custom_getter

    @property
    def constraint(self):
        return self._constraint

    def reuse_variables(self):
        """Reuse variables in this scope from now on."""
        self._reuse = True

    def set_initializer(self, initializer):
        self._initializer = initializer

    def set_dtype(self, dtype):
        self._dtype = dtype

    def set_use_resource(self, use_resource):
        self._use_resource = use_resource

    def set_regularizer(self, regularizer):
        self._regularizer = regularizer

    def set_caching_device(self, caching_device):
        self._caching_device = caching_device

    def set_partitioner(self, partitioner):
        self._partitioner = partitioner

    def set_custom_getter(self, custom_getter):
        self._custom_getter = custom_getter

    def get_collection(self, name):
        """This scope's items of collection `name` (by name prefix)."""
        scope = self._name + "/" if self._name else ""
        return _graph.get_collection(name, scope)

    def trainable_variables(self):
        return self.get_collection(GraphKeys.TRAINABLE_VARIABLES)

    def global_variables(self):
        return self.get_collection(GraphKeys.GLOBAL_VARIABLES)

    def local_variables(self):
        return self.get_collection(GraphKeys.LOCAL_VARIABLES)

    def get_variable(self, name, shape=None, dtype=None, initializer=None,
                     regularizer=None, reuse=None, trainable=None,
                     collections=None, caching_device=None, partitioner=None,
                     validate_shape=True, use_resource=None, custom_getter=None,
                     constraint=None,
                     synchronization=VariableSynchronization.AUTO,
                     aggregation=VariableAggregation.NONE):
        """`get_variable` with this scope's defaults, in the default graph."""
        if regularizer is None:
            regularizer = self._regularizer
        if caching_device is None:
            caching_device = self._caching_device
        if partitioner is None:
            partitioner = self._partitioner
        if custom_getter is None:
            custom_getter = self._custom_getter
        if reuse is None:
            reuse = self._reuse
        if use_resource is None:
            use_resource = self._use_resource

        full_name = self.name + "/" + name if self.name else name
        graph = _graph.get_default_graph()
        with graph.name_scope(None):
            if (dtype is not None and initializer is not None
                    and not callable(initializer)):
                _check_value_dtype(graph, initializer, dtype)
            if initializer is None:
                initializer = self._initializer
            if constraint is None:
                constraint = self._constraint
            if dtype is None:
                dtype = self._dtype
            return _store_get_variable(
                graph, full_name, shape=shape, dtype=dtype,
                initializer=initializer, regularizer=regularizer, reuse=reuse,
                trainable=trainable, collections=collections,
                caching_device=caching_device, partitioner=partitioner,
                validate_shape=validate_shape, use_resource=use_resource,
                custom_getter=custom_getter, constraint=constraint,
                synchronization=synchronization, aggregation=aggregation)

    def __repr__(self):
        return "<pyscope.VariableScope %r reuse=%r>" % (self._name, self._reuse)


def _check_value_dtype(graph, initializer, dtype):
    """A value initializer's dtype must be the explicit dtype.  TF converts
    the value to a constant to learn its dtype: that reserves "Const"."""
    init_dtype = _dtypes.convert_to_array(initializer).dtype
    graph.create_op_name("Const")
    try:
        same = init_dtype == _dtypes.as_dtype(dtype)
    except TypeError:
        same = False
    if not same:
        raise ValueError(
            "Initializer type '%s' and explicit dtype '%s' don't match: pass "
            "a value of dtype %s, or leave dtype out to use the value's."
            % (_dtype_name(init_dtype), _dtype_name(dtype), _dtype_name(dtype)))


def _dtype_name(dtype):
    try:
        return _dtypes.dtype_name(dtype)
    except TypeError:
        return repr(dtype)


# ---------------------------------------------------------------------------
# Per-thread, per-graph scope state

class _ScopeStore(_ScopeStoreFields):
    """This thread's variable-scope state in one graph (TF's
    _VariableScopeStore): the current scope and the default-name counters.

    The counters are the core's (per thread, O(depth) resets).  While a
    captured scope is re-entered, TF snapshots the counters and restores
    the snapshot on exit; here the changes made meanwhile go to an overlay
    that is dropped on exit, so restoring costs nothing either."""

    __slots__ = ()

    def __init__(self, core):
        self.current_scope = VariableScope(False)
        self._core = core
        self._overlay = None

    def open_variable_scope(self, scope_name):
        if self._overlay is None:
            self._core._open_scope(scope_name)
        else:
            self._overlay.open(scope_name)

    def close_variable_subscopes(self, scope_name):
        if self._overlay is None:
            self._core._close_subscopes(scope_name)
        else:
            self._overlay.close_below(scope_name)

    def variable_scope_count(self, scope_name):
        if self._overlay is None:
            return self._core._scope_count(scope_name)
        return self._overlay.get(scope_name)

    def first_free_index(self, scope_name):
        """0 when `scope_name` was not opened, else the first n >= 1 such that
        `scope_name_n` was not (since their parent last exited)."""
        if self._overlay is None:
            return self._core._first_free_scope_index(scope_name)
        return self._overlay.first_free(scope_name)

    def checkpoint(self):
        self._overlay = _CounterOverlay(self._core, self._overlay)
        return self._overlay

    def restore(self, checkpoint):
        """Back to the counts at `checkpoint` (and drop later checkpoints)."""
        overlay = self._overlay
        while overlay is not None and overlay is not checkpoint:
            overlay = overlay.base
        if overlay is not None:
            self._overlay = overlay.base


class _CounterOverlay(_Counters):
    """Counter changes on top of a base (the core, or an outer overlay), with
    the twin core's algorithm (_pure._Counters): what is not written here is
    read from the base, as written before every reset made here (stamp 0)."""

    __slots__ = ("base", "_core")

    def __init__(self, core, base):
        super().__init__()
        self.base = base
        self._core = core

    def get(self, name):
        entry = self._counts.get(name)
        if entry is not None:
            return super().get(name)
        if not self._fresh(name, 0):
            return 0
        if self.base is not None:
            return self.base.get(name)
        return self._core._scope_count(name)


def _scope_store(graph):
    """This thread's _ScopeStore in `graph` (kept in the core's per-thread
    state, so the C fast paths reach it without a lookup)."""
    core = graph._core
    store = core._thread_scope_store()
    if store is None:
        store = _ScopeStore(core)
        core._set_thread_scope_store(store)
    return store


def get_variable_scope():
    """The current VariableScope of this thread in the default graph."""
    return _scope_store(_graph.get_default_graph()).current_scope


# ---------------------------------------------------------------------------
# The variable store
#
# The core maps full names (str) to what was stored: a variable (whatever
# object the creator chain returned) or a PartitionedVariable.  Names that
# are not strings (TF accepts get_variable(None) at the root) and the
# shape/dtype of objects that are not pyscope Variables live beside it.

class _SideStore:
    __slots__ = ("odd_keys", "foreign")

    def __init__(self):
        self.odd_keys = {}   # non-str name -> stored object
        self.foreign = {}    # name -> (shape, dtype) of a non-Variable object


_side_stores = weakref.WeakKeyDictionary()
_side_stores_lock = threading.Lock()


def _side(graph):
    side = _side_stores.get(graph)
    if side is None:
        with _side_stores_lock:
            side = _side_stores.get(graph)
            if side is None:
                side = _side_stores[graph] = _SideStore()
    return side


def _lookup(graph, name):
    if type(name) is str:
        return graph._core._lookup_variable(name)
    side = _side_stores.get(graph)
    try:
        return side.odd_keys.get(name) if side is not None else None
    except TypeError:  # unhashable: never stored
        return None


def _store(graph, name, obj):
    if type(name) is str:
        graph._core._store_variable(name, obj)
    else:
        _side(graph).odd_keys[name] = obj


def _is_foreign(graph, name):
    side = _side_stores.get(graph)
    try:
        return side is not None and name in side.foreign
    except TypeError:
        return False


def _lookup_single(graph, name):
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


def _lookup_partitioned(graph, name):
    obj = _lookup(graph, name)
    if isinstance(obj, PartitionedVariable) and not _is_foreign(graph, name):
        return obj
    return None


def _store_get_variable(graph, name, shape=None, dtype=_dtypes.float32,
                        initializer=None, regularizer=None, reuse=None,
                        trainable=None, collections=None, caching_device=None,
                        partitioner=None, validate_shape=True,
                        use_resource=None, custom_getter=None, constraint=None,
                        synchronization=VariableSynchronization.AUTO,
                        aggregation=VariableAggregation.NONE):
    """TF's _VariableStore.get_variable: the custom getter (if any) is called
    with TF's keyword set and the store's own getter as `getter`."""
    if custom_getter is not None and not callable(custom_getter):
        raise ValueError(
            "Passed a custom_getter which is not callable: %s; a custom getter "
            "is called as custom_getter(getter, *args, **kwargs)" % (custom_getter,))
    synchronization, aggregation, trainable = (
        _variables.validate_synchronization_aggregation_trainable(
            synchronization, aggregation, trainable, name))
    if custom_getter is None:
        return _true_getter(
            graph, name, shape=shape, dtype=dtype, initializer=initializer,
            regularizer=regularizer, reuse=reuse, trainable=trainable,
            collections=collections, caching_device=caching_device,
            partitioner=partitioner, validate_shape=validate_shape,
            use_resource=use_resource, constraint=constraint,
            synchronization=synchronization, aggregation=aggregation)

    def true_getter(name, shape=None, dtype=_dtypes.float32, initializer=None,
                    regularizer=None, reuse=None, trainable=None,
                    collections=None, caching_device=None, partitioner=None,
                    validate_shape=True, use_resource=None, constraint=None,
                    synchronization=VariableSynchronization.AUTO,
                    aggregation=VariableAggregation.NONE):
        return _true_getter(
            graph, name, shape=shape, dtype=dtype, initializer=initializer,
            regularizer=regularizer, reuse=reuse, trainable=trainable,
            collections=collections, caching_device=caching_device,
            partitioner=partitioner, validate_shape=validate_shape,
            use_resource=use_resource, constraint=constraint,
            synchronization=synchronization, aggregation=aggregation)

    getter_kwargs = {
        "getter": true_getter, "name": name, "shape": shape, "dtype": dtype,
        "initializer": initializer, "regularizer": regularizer, "reuse": reuse,
        "trainable": trainable, "collections": collections,
        "caching_device": caching_device, "partitioner": partitioner,
        "validate_shape": validate_shape, "use_resource": use_resource,
        "synchronization": synchronization, "aggregation": aggregation,
    }
    if _accepts_constraint(custom_getter):
        getter_kwargs["constraint"] = constraint
    return custom_getter(**getter_kwargs)


def _accepts_constraint(fn):
    """TF passes `constraint` only to getters that name it or take **kwargs."""
    try:
        return "constraint" in _fn_args(fn) or _has_kwargs(fn)
    except TypeError:
        return False


def _unwrap_callable(fn):
    if not (inspect.isfunction(fn) or inspect.ismethod(fn)
            or isinstance(fn, functools.partial)) and hasattr(fn, "__call__"):
        return fn.__call__
    return fn


def _fn_args(fn):
    if isinstance(fn, functools.partial):
        args = _fn_args(fn.func)
        return tuple(a for a in args[len(fn.args):] if a not in (fn.keywords or {}))
    fn = _unwrap_callable(fn)
    args = inspect.getfullargspec(fn).args
    if inspect.ismethod(fn) and args:
        args = args[1:]
    return tuple(args)


def _has_kwargs(fn):
    if isinstance(fn, functools.partial):
        fn = fn.func
    return inspect.getfullargspec(_unwrap_callable(fn)).varkw is not None


def _true_getter(graph, name, shape=None, dtype=_dtypes.float32,
                 initializer=None, regularizer=None, reuse=None,
                 trainable=None, collections=None, caching_device=None,
                 partitioner=None, validate_shape=True, use_resource=None,
                 constraint=None, synchronization=VariableSynchronization.AUTO,
                 aggregation=VariableAggregation.NONE):
    is_scalar = (shape is not None
                 and isinstance(shape, _collections_abc.Sequence) and not shape)
    if partitioner is not None and not is_scalar:
        if not callable(partitioner):
            raise ValueError(
                "Partitioner must be callable, but received: %s" % (partitioner,))
        with graph.name_scope(None):
            return _get_partitioned_variable(
                graph, name, partitioner, shape=shape, dtype=dtype,
                initializer=initializer, regularizer=regularizer, reuse=reuse,
                trainable=trainable, collections=collections,
                caching_device=caching_device, validate_shape=validate_shape,
                use_resource=use_resource, constraint=constraint,
                synchronization=synchronization, aggregation=aggregation)

    if (reuse is True and partitioner is None
            and _lookup_partitioned(graph, name) is not None):
        return _get_partitioned_variable(
            graph, name, None, shape=shape, dtype=dtype,
            initializer=initializer, regularizer=regularizer, reuse=reuse,
            trainable=trainable, collections=collections,
            caching_device=caching_device, validate_shape=validate_shape,
            use_resource=use_resource, constraint=constraint,
            synchronization=synchronization, aggregation=aggregation)

    if _lookup_single(graph, "%s/part_0" % (name,)) is not None:
        raise ValueError(
            "No partitioner was provided, but a partitioned version of the "
            "variable was found: %s/part_0. Perhaps a variable of the same "
            "name was already created with partitioning?" % (name,))

    return _get_single_variable(
        graph, name, shape=shape, dtype=dtype, initializer=initializer,
        regularizer=regularizer, reuse=reuse, trainable=trainable,
        collections=collections, caching_device=caching_device,
        validate_shape=validate_shape, use_resource=use_resource,
        constraint=constraint, synchronization=synchronization,
        aggregation=aggregation)


def _get_single_variable(graph, name, shape=None, dtype=_dtypes.float32,
                         initializer=None, regularizer=None,
                         partition_info=None, reuse=None, trainable=None,
                         collections=None, caching_device=None,
                         validate_shape=True, use_resource=None,
                         constraint=None,
                         synchronization=VariableSynchronization.AUTO,
                         aggregation=VariableAggregation.NONE):
    """Gets or creates one variable (a whole one, or one part)."""
    initializing_from_value = initializer is not None and not callable(initializer)
    if shape is not None and initializing_from_value:
        raise ValueError(
            "If initializer is a constant, do not specify shape: the shape of "
            "variable %s comes from its initial value." % (name,))
    dtype = _dtypes.as_dtype(dtype)
    if shape is not None:
        shape = as_shape(shape)

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
        _record_foreign(graph, name, shape, variable_dtype, initial_value,
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


def _record_foreign(graph, name, shape, variable_dtype, initial_value,
                    initializing_from_value, dtype):
    """What reuse checks compare a creator's own object against: the shape
    and dtype the store asked for (a value initializer's own)."""
    if initializing_from_value:
        value = _dtypes.convert_to_array(initial_value)
        shape, variable_dtype = value.shape, value.dtype
    _side(graph).foreign[name] = (shape, variable_dtype or dtype)


_call_args_of_type = {}


def _arg_names(fn):
    """TF's getargspec(fn).args; cached per class for initializer objects."""
    if inspect.isfunction(fn) or inspect.ismethod(fn) or inspect.isclass(fn):
        return _uncached_arg_names(fn)
    cls = type(fn)
    args = _call_args_of_type.get(cls)
    if args is None:
        args = _call_args_of_type[cls] = _uncached_arg_names(fn)
    return args


def _uncached_arg_names(fn):
    try:
        return tuple(inspect.getfullargspec(fn).args)
    except TypeError:
        return ()


def _needs_no_arguments(fn):
    """TF's rule: every positional parameter (but self) has a default."""
    spec = inspect.getfullargspec(fn)
    num_arguments = len(spec.args)
    if not inspect.isfunction(fn) and not isinstance(fn, functools.partial):
        num_arguments -= 1
    return num_arguments == len(spec.defaults or ())


def _get_partitioned_variable(graph, name, partitioner, shape=None,
                              dtype=_dtypes.float32, initializer=None,
                              regularizer=None, reuse=None, trainable=None,
                              collections=None, caching_device=None,
                              validate_shape=True, use_resource=None,
                              constraint=None,
                              synchronization=VariableSynchronization.AUTO,
                              aggregation=VariableAggregation.NONE):
    """Gets or creates a PartitionedVariable: parts `name/part_<i>`, each a
    single variable sliced along the one partitioned axis."""
    if _lookup_single(graph, name) is not None:
        raise ValueError(
            "A partitioner was provided, but an unpartitioned version of the "
            "variable was found: %s.  Perhaps a variable of the same name was "
            "already created without partitioning?" % (name,))
    shape = as_shape(shape)

    partitions = None
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

    parts, offsets, padded = [], [], []
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
        offsets.append(offset)

    if padded:
        warnings.warn(
            "pyscope: the value initializer of %s is smaller than its shape %s: "
            "TensorFlow builds %s but fails to initialize them; here their "
            "missing entries are zeros. Give a value of the variable's full "
            "shape." % (name, _shape_str(shape), ", ".join(padded)),
            RuntimeWarning, stacklevel=_stacklevel_outside_pyscope())
    partitioned = PartitionedVariable(name, shape, _as_dtype_if_valid(dtype),
                                      parts, partitions, offsets)
    _store(graph, name, partitioned)
    return partitioned


def _as_dtype_if_valid(dtype):
    try:
        return _dtypes.as_dtype(dtype)
    except TypeError:
        return dtype


def _stacklevel_outside_pyscope():
    """The warnings stacklevel of the first caller outside this package."""
    package = os.path.dirname(os.path.abspath(__file__))
    frame, level = sys._getframe(1), 1
    while frame is not None and os.path.dirname(
            os.path.abspath(frame.f_code.co_filename)) == package:
        frame, level = frame.f_back, level + 1
    return level


def _slice_of_value(graph, initializer, dtype, offset, size):
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
# Shapes (TF's TensorShape rules, held as tuples; None = unknown rank)

def as_shape(shape):
    """`shape` as a tuple of ints/None (None for an unknown rank), as TF's
    TensorShape(shape): an iterable of dimensions or a single dimension."""
    if shape is None:
        return None
    if isinstance(shape, (tuple, list)):
        return tuple(_as_dimension(d) for d in shape)
    try:
        dims = iter(shape)
    except TypeError:
        return (_as_dimension(shape),)
    result = []
    for d in dims:
        try:
            result.append(_as_dimension(d))
        except TypeError as e:
            raise TypeError(
                "Failed to convert '{0!r}' to a shape: '{1!r}' could not be "
                "converted to a dimension. A shape should either be single "
                "dimension (e.g. 10), or an iterable of dimensions (e.g. "
                "[1, 10, None]).".format(shape, d)) from e
    return tuple(result)


def _as_dimension(value):
    if value is None:
        return None
    if isinstance(value, int):
        value = int(value)
    else:
        try:
            value = int(value.__index__())
        except AttributeError:
            raise TypeError(
                "Dimension value must be integer or None or have an __index__ "
                "method, got value '{0!r}' with type '{1!r}'".format(
                    value, type(value))) from None
    if value < 0:
        raise ValueError("Dimension %d must be >= 0" % value)
    return value


def _compatible_shapes(a, b):
    if a is None or b is None:
        return True
    a, b = tuple(a), tuple(b)
    if len(a) != len(b):
        return False
    return all(x is None or y is None or x == y for x, y in zip(a, b))


def _same_dtype(a, b):
    try:
        return _dtypes.as_dtype(a) == _dtypes.as_dtype(b)
    except TypeError:
        return False


def _shape_str(shape):
    if shape is None:
        return "<unknown>"
    return str(tuple(shape))


# ---------------------------------------------------------------------------
# get_variable

def get_variable(name, shape=None, dtype=None, initializer=None,
                 regularizer=None, trainable=None, collections=None,
                 caching_device=None, partitioner=None, validate_shape=True,
                 use_resource=None, custom_getter=None, constraint=None,
                 synchronization=VariableSynchronization.AUTO,
                 aggregation=VariableAggregation.NONE):
    """Gets an existing variable or creates a new one, named by the current
    variable scope (not the name scope), as tf.compat.v1.get_variable.

    In a scope with reuse=True the variable must exist; with reuse False
    (the default) it must not; with AUTO_REUSE either.  On reuse the shape
    and dtype must match.  Unset arguments come from the scope (initializer,
    regularizer, partitioner, custom getter, dtype, ...).  Without any
    initializer: glorot_uniform for floating dtypes, zeros for integer and
    bool.  A NumPy array or Python value as `initializer` is the initial
    value (then give no shape).  New variables go to `collections`
    (default GLOBAL_VARIABLES) and, when trainable, TRAINABLE_VARIABLES."""
    scope = _scope_store(_graph.get_default_graph()).current_scope
    if (initializer is None and custom_getter is None and partitioner is None
            and synchronization is _SYNC_AUTO and aggregation is _AGG_NONE):
        found = _reuse_fast(scope, name, shape, dtype)
        if found is not None:
            return found
    return scope.get_variable(
        name, shape=shape, dtype=dtype, initializer=initializer,
        regularizer=regularizer, trainable=trainable, collections=collections,
        caching_device=caching_device, partitioner=partitioner,
        validate_shape=validate_shape, use_resource=use_resource,
        custom_getter=custom_getter, constraint=constraint,
        synchronization=synchronization, aggregation=aggregation)


_SYNC_AUTO = VariableSynchronization.AUTO
_AGG_NONE = VariableAggregation.NONE


def _reuse_fast(scope, name, shape, dtype):
    """The common reuse -- a plain Variable found by name in a reusing scope
    with no getter or partitioner, the shape and dtype matching -- decided
    without the general path.  Returns None whenever that path could do
    anything else (create, raise, call a hook): it then runs as usual, so
    this changes speed only.  Every check the general path makes on such a
    reuse is made here (see _true_getter and _get_single_variable)."""
    reuse = scope._reuse
    if ((reuse is not True and reuse is not AUTO_REUSE) or type(name) is not str
            or scope._custom_getter is not None or scope._partitioner is not None):
        return None
    full_name = scope._name + "/" + name if scope._name else name
    core = _graph.get_default_graph()._core
    variable = core._lookup_variable(full_name)
    if type(variable) is not Variable:
        return None
    if shape is not None:
        found = variable.shape
        if type(shape) not in (list, tuple) or len(shape) != len(found):
            return None
        for want, have in zip(shape, found):
            if want is not None and (type(want) is not int or want != have):
                return None
    if dtype is None:
        dtype = scope._dtype
    if dtype is not variable.dtype and not (type(dtype) is np.dtype and dtype == variable.dtype):
        return None
    if core._lookup_variable(full_name + "/part_0") is not None:
        return None  # the general path raises: a partitioned twin exists
    return variable


def get_local_variable(name, shape=None, dtype=None, initializer=None,
                       regularizer=None, trainable=False, collections=None,
                       caching_device=None, partitioner=None,
                       validate_shape=True, use_resource=None,
                       custom_getter=None, constraint=None,
                       synchronization=VariableSynchronization.AUTO,
                       aggregation=VariableAggregation.NONE):
    """`get_variable` for a local variable: not trainable, in
    LOCAL_VARIABLES (appended to `collections`, as TF, in place)."""
    del trainable  # always False, as TF
    if collections:
        if not isinstance(collections, list):
            raise TypeError(
                "can only concatenate %s (not \"list\") to %s: "
                "get_local_variable's collections must be a list of collection "
                "names, got %r" % (type(collections).__name__,
                                   type(collections).__name__, collections))
        collections += [GraphKeys.LOCAL_VARIABLES]
    else:
        collections = [GraphKeys.LOCAL_VARIABLES]
    return get_variable(
        name, shape=shape, dtype=dtype, initializer=initializer,
        regularizer=regularizer, trainable=False, collections=collections,
        caching_device=caching_device, partitioner=partitioner,
        validate_shape=validate_shape, use_resource=use_resource,
        synchronization=synchronization, aggregation=aggregation,
        custom_getter=custom_getter, constraint=constraint)


# ---------------------------------------------------------------------------
# Scopes

class _pure_variable_scope:  # noqa: N801 - TF's name
    """Opens a variable scope without a name scope (TF's
    _pure_variable_scope): makes the VariableScope, counts the opening for
    default names, and restores the previous scope on exit."""

    def __init__(self, name_or_scope, reuse=None, initializer=None,
                 regularizer=None, caching_device=None, partitioner=None,
                 custom_getter=None, old_name_scope=None,
                 dtype=_dtypes.float32, use_resource=None, constraint=None):
        self._name_or_scope = name_or_scope
        self._reuse = reuse
        self._initializer = initializer
        self._regularizer = regularizer
        self._caching_device = caching_device
        self._partitioner = partitioner
        self._custom_getter = custom_getter
        self._old_name_scope = old_name_scope
        self._dtype = dtype
        self._use_resource = use_resource
        self._constraint = constraint
        self._var_scope_store = _scope_store(_graph.get_default_graph())
        self._last_variable_scope_object = None
        if isinstance(name_or_scope, VariableScope):
            # A captured scope's defaults are copied now, at construction.
            self._new_name = name_or_scope.name
            scope = VariableScope(
                name_or_scope.reuse if not reuse else reuse,
                name=self._new_name,
                initializer=name_or_scope.initializer,
                regularizer=name_or_scope.regularizer,
                caching_device=name_or_scope.caching_device,
                partitioner=name_or_scope.partitioner,
                dtype=name_or_scope.dtype,
                custom_getter=name_or_scope.custom_getter,
                name_scope=name_or_scope._name_scope,
                use_resource=name_or_scope.use_resource,
                constraint=constraint)
            self._apply_overrides(scope, name_or_scope.custom_getter)
            self._cached_variable_scope_object = scope

    def _apply_overrides(self, scope, old_getter):
        if self._initializer is not None:
            scope.set_initializer(self._initializer)
        if self._regularizer is not None:
            scope.set_regularizer(self._regularizer)
        if self._caching_device is not None:
            scope.set_caching_device(self._caching_device)
        if self._partitioner is not None:
            scope.set_partitioner(self._partitioner)
        if self._custom_getter is not None:
            scope.set_custom_getter(
                _maybe_wrap_custom_getter(self._custom_getter, old_getter))
        if self._dtype is not None:
            scope.set_dtype(self._dtype)
        if self._use_resource is not None:
            scope.set_use_resource(self._use_resource)

    def __enter__(self):
        store = self._var_scope_store
        self._old = old = store.current_scope
        if isinstance(self._name_or_scope, VariableScope):
            store.open_variable_scope(self._new_name)
            self._counts_at_entry = store.checkpoint()
            scope = self._cached_variable_scope_object
        else:
            self._new_name = (old.name + "/" + self._name_or_scope
                              if old.name else self._name_or_scope)
            # Reuse is inherited by sub-scopes (and sticks to this object).
            self._reuse = self._reuse or old.reuse
            name_scope = (self._name_or_scope if self._old_name_scope is None
                          else self._old_name_scope)
            scope = VariableScope(
                self._reuse, name=self._new_name, initializer=old.initializer,
                regularizer=old.regularizer, caching_device=old.caching_device,
                partitioner=old.partitioner, dtype=old.dtype,
                use_resource=old.use_resource, custom_getter=old.custom_getter,
                name_scope=name_scope, constraint=self._constraint)
            self._apply_overrides(scope, old.custom_getter)
            store.open_variable_scope(self._new_name)
        store.current_scope = scope
        self._last_variable_scope_object = scope
        return scope

    def __exit__(self, type_arg, value_arg, traceback_arg):
        store = self._var_scope_store
        if store.current_scope is not self._last_variable_scope_object:
            raise RuntimeError(
                "Improper nesting of variable_scope: exit variable scopes in "
                "the reverse order of entering them.")
        if isinstance(self._name_or_scope, VariableScope):
            store.restore(self._counts_at_entry)
        else:
            store.close_variable_subscopes(self._new_name)
        store.current_scope = self._old


def _maybe_wrap_custom_getter(custom_getter, old_getter):
    """Nested scopes' getters compose: the new one runs first and gets the
    old one (bound to the store's getter) as its `getter`."""
    if old_getter is None:
        return custom_getter

    def wrapped_custom_getter(getter, *args, **kwargs):
        return custom_getter(functools.partial(old_getter, getter), *args,
                             **kwargs)

    return wrapped_custom_getter


def _get_unique_variable_scope(prefix):
    """`prefix`, or `prefix_<n>` with the first n whose scope has not been
    opened in the current variable scope (since its parent last exited)."""
    graph = _graph.get_default_graph()
    current_scope = _scope_store(graph).current_scope
    name = current_scope.name + "/" + prefix if current_scope.name else prefix
    index = _scope_store(graph).first_free_index(name)
    if index == 0:
        return prefix
    return prefix + ("_%d" % index)


class _AuxNameScope:
    """The auxiliary name scope of a variable scope (TF's v1 name_scope
    object): each entry opens ``graph.name_scope(name)`` on the default
    graph; exiting twice (re-entered object) restores only once."""

    __slots__ = ("_name", "_context")

    def __init__(self, name):
        self._name = name
        self._context = None

    def __enter__(self):
        context = _graph.get_default_graph().name_scope(self._name)
        entered = context.__enter__()
        self._context = context
        return entered

    def __exit__(self, *exc):
        context, self._context = self._context, None
        if context is not None:
            context.__exit__(*exc)
        return False


class _PlainEntry:
    """What a plain variable_scope entry needs to exit (or to be entered
    again through the general path)."""

    __slots__ = ("store", "old", "scope", "name", "new_name", "reuse",
                 "name_scope", "entered")

    def __init__(self, store, old, scope, name, new_name, reuse, name_scope,
                 entered):
        self.store = store
        self.old = old
        self.scope = scope
        self.name = name  # the scope's own name (a default name made unique)
        self.new_name = new_name
        self.reuse = reuse
        self.name_scope = name_scope
        self.entered = entered


class variable_scope:  # noqa: N801 - TF's name
    """A context manager for defining ops that create variables (layers):
    ``tf.compat.v1.variable_scope``.

    `name_or_scope` is a string (a scope below the current one) or a
    captured VariableScope (re-entered as it was, wherever you are); with
    `name_or_scope` None, `default_name` is made unique among its siblings
    (counts reset when the parent scope exits).  `reuse`: True (reuse only),
    AUTO_REUSE (create or reuse), None/False (inherit the parent's).  The
    other arguments are the defaults of `get_variable` inside.

    It also opens a name scope (`auxiliary_name_scope=True`), uniquified
    like any name scope: re-entering ``variable_scope("foo")`` puts ops
    under ``foo_1/`` while variables stay under ``foo/``; a captured scope
    opens a name scope after its last name component.  The object
    remembers its graph (the default graph when it was made) and can be
    entered again."""

    def __init__(self, name_or_scope, default_name=None, values=None,
                 initializer=None, regularizer=None, caching_device=None,
                 partitioner=None, custom_getter=None, reuse=None, dtype=None,
                 use_resource=None, constraint=None, auxiliary_name_scope=True):
        self._name_or_scope = name_or_scope
        self._default_name = default_name
        self._values = values
        self._initializer = initializer
        self._regularizer = regularizer
        self._caching_device = caching_device
        self._partitioner = partitioner
        self._custom_getter = custom_getter
        self._reuse = reuse
        self._dtype = dtype
        self._use_resource = use_resource
        self._constraint = constraint
        if self._default_name is None and self._name_or_scope is None:
            raise TypeError("If default_name is None then name_or_scope is required")
        if self._reuse is False:
            self._reuse = None  # False means "inherit", as None
        if not (self._reuse is True or self._reuse is None
                or self._reuse is AUTO_REUSE):
            raise ValueError(
                "The reuse parameter must be True or False or None (or "
                "AUTO_REUSE), got %r." % (reuse,))
        if self._values is None:
            self._values = []
        self._graph = _graph_from_values(self._values)
        self._cached_pure_variable_scope = None
        self._current_name_scope = None
        if not isinstance(auxiliary_name_scope, bool):
            raise TypeError(
                "The auxiliary_name_scope must be `True` or `False`, while get "
                "{}".format(auxiliary_name_scope))
        self._auxiliary_name_scope = auxiliary_name_scope
        # The common case -- a non-empty string name and nothing else -- is
        # entered by _enter_plain: the same effects, without the general
        # machinery's intermediate objects (see _PlainEntry).
        self._plain = bool(
            ((type(name_or_scope) is str and name_or_scope and default_name is None)
             or (name_or_scope is None and type(default_name) is str
                 and default_name and self._reuse is None))
            and values is None and initializer is None and regularizer is None
            and caching_device is None and partitioner is None
            and custom_getter is None and dtype is None and use_resource is None
            and constraint is None and auxiliary_name_scope is True)
        self._plain_entry = None

    def __enter__(self):
        if self._plain:
            if self._plain_entry is None:
                return self._enter_plain()
            self._generalize()
        self._graph_context_manager = self._graph.as_default()
        self._graph_context_manager.__enter__()
        if self._cached_pure_variable_scope is not None:
            # Re-entered: the same name scope again (uniquified anew).
            if self._current_name_scope is not None:
                self._current_name_scope.__enter__()
            return self._cached_pure_variable_scope.__enter__()
        try:
            return self._enter_scope_uncached()
        except BaseException:
            self._graph_context_manager.__exit__(*sys.exc_info())
            raise

    def _enter_scope_uncached(self):
        if self._auxiliary_name_scope:
            current_name_scope = None
        else:
            # No new name scope: re-enter the current one.
            name_scope = _graph.get_default_graph().get_name_scope()
            if name_scope:
                name_scope += "/"
            current_name_scope = _AuxNameScope(name_scope)

        if self._name_or_scope is not None:
            if not isinstance(self._name_or_scope, (VariableScope, str)):
                raise TypeError(
                    "VariableScope: name_or_scope must be a string or "
                    "VariableScope, got %r." % (self._name_or_scope,))
            if isinstance(self._name_or_scope, str):
                name_scope = self._name_or_scope
            else:
                name_scope = self._name_or_scope.name.split("/")[-1]
            if name_scope or current_name_scope:
                current_name_scope = current_name_scope or _AuxNameScope(name_scope)
                try:
                    current_name_scope_name = current_name_scope.__enter__()
                except BaseException:
                    current_name_scope.__exit__(*sys.exc_info())
                    raise
                self._current_name_scope = current_name_scope
                if isinstance(self._name_or_scope, str):
                    old_name_scope = current_name_scope_name
                else:
                    old_name_scope = self._name_or_scope.original_name_scope
                pure_variable_scope = _pure_variable_scope(
                    self._name_or_scope, reuse=self._reuse,
                    initializer=self._initializer,
                    regularizer=self._regularizer,
                    caching_device=self._caching_device,
                    partitioner=self._partitioner,
                    custom_getter=self._custom_getter,
                    old_name_scope=old_name_scope, dtype=self._dtype,
                    use_resource=self._use_resource,
                    constraint=self._constraint)
            else:
                self._current_name_scope = None
                pure_variable_scope = _pure_variable_scope(
                    self._name_or_scope, reuse=self._reuse,
                    initializer=self._initializer,
                    regularizer=self._regularizer,
                    caching_device=self._caching_device,
                    partitioner=self._partitioner,
                    custom_getter=self._custom_getter, dtype=self._dtype,
                    use_resource=self._use_resource,
                    constraint=self._constraint)
        else:  # No name_or_scope: default_name, made unique.
            if not isinstance(self._default_name, str):
                # TF fails later, concatenating it, with the scope left
                # half-entered; here nothing is entered.
                raise TypeError(
                    "variable_scope: default_name must be a str, got %r; "
                    "decode bytes first" % (self._default_name,))
            if self._reuse:
                raise ValueError(
                    "reuse=True cannot be used without a name_or_scope: give "
                    "the scope to reuse by name or VariableScope object")
            current_name_scope = current_name_scope or _AuxNameScope(
                self._default_name)
            try:
                current_name_scope_name = current_name_scope.__enter__()
            except BaseException:
                current_name_scope.__exit__(*sys.exc_info())
                raise
            self._current_name_scope = current_name_scope
            unique_default_name = _get_unique_variable_scope(self._default_name)
            pure_variable_scope = _pure_variable_scope(
                unique_default_name, initializer=self._initializer,
                regularizer=self._regularizer,
                caching_device=self._caching_device,
                partitioner=self._partitioner,
                custom_getter=self._custom_getter,
                old_name_scope=current_name_scope_name, dtype=self._dtype,
                use_resource=self._use_resource, constraint=self._constraint)
        try:
            entered = pure_variable_scope.__enter__()
        except BaseException:
            pure_variable_scope.__exit__(*sys.exc_info())
            raise
        self._cached_pure_variable_scope = pure_variable_scope
        return entered

    def _enter_plain(self):
        """What the general path does for a plain string scope (or a plain
        default_name one): enter the graph, the auxiliary name scope, then a
        child VariableScope (named after the first free default name)."""
        graph = self._graph
        defaults = _graph._default_graphs
        defaults.push(graph)
        try:
            name_scope = graph.name_scope(self._name_or_scope or self._default_name)
            entered = name_scope.__enter__()
        except BaseException:
            defaults.pop(graph)
            raise
        store = _scope_store(graph)
        old = store.current_scope
        name = self._name_or_scope
        if name is None:
            name = _get_unique_variable_scope(self._default_name)
        new_name = old._name + "/" + name if old._name else name
        reuse = self._reuse or old._reuse
        scope = VariableScope(
            reuse, new_name, old._initializer, old._regularizer,
            old._caching_device, old._partitioner, old._custom_getter, entered,
            old._dtype, old._use_resource, None)
        store.open_variable_scope(new_name)
        store.current_scope = scope
        self._plain_entry = _PlainEntry(store, old, scope, name, new_name,
                                        reuse, name_scope, entered)
        return scope

    def _exit_plain(self, entry, type_arg, value_arg, traceback_arg):
        store = entry.store
        try:
            if store.current_scope is not entry.scope:
                raise RuntimeError(
                    "Improper nesting of variable_scope: exit variable scopes "
                    "in the reverse order of entering them.")
            store.close_variable_subscopes(entry.new_name)
            store.current_scope = entry.old
        finally:
            try:
                name_scope, entry.name_scope = entry.name_scope, None
                if name_scope is not None:
                    name_scope.__exit__(type_arg, value_arg, traceback_arg)
            finally:
                _graph._default_graphs.pop(self._graph)
        return False

    def _generalize(self):
        """Entered again after a plain entry: rebuild the general path's
        objects in the state that entry left them, then go on as TF does."""
        entry, self._plain_entry = self._plain_entry, None
        self._plain = False
        aux = _AuxNameScope(self._name_or_scope or self._default_name)
        aux._context = entry.name_scope
        pure = _pure_variable_scope.__new__(_pure_variable_scope)
        pure.__init__(entry.name, reuse=entry.reuse,
                      old_name_scope=entry.entered, dtype=None)
        pure._var_scope_store = entry.store
        pure._old = entry.old
        pure._new_name = entry.new_name
        pure._last_variable_scope_object = entry.scope
        self._current_name_scope = aux
        self._cached_pure_variable_scope = pure
        self._graph_context_manager = self._graph.as_default()

    def __exit__(self, type_arg, value_arg, traceback_arg):
        entry = self._plain_entry
        if entry is not None:
            return self._exit_plain(entry, type_arg, value_arg, traceback_arg)
        try:
            self._cached_pure_variable_scope.__exit__(type_arg, value_arg,
                                                      traceback_arg)
        finally:
            try:
                if self._current_name_scope:
                    self._current_name_scope.__exit__(type_arg, value_arg,
                                                      traceback_arg)
            finally:
                self._graph_context_manager.__exit__(type_arg, value_arg,
                                                     traceback_arg)
        return False


def _graph_from_values(values):
    """The graph of the first value that has one (a Variable's), else the
    default graph; values from two graphs are an error, as TF's."""
    return _graph.graph_from_values(values)


def variable_op_scope(values, name_or_scope, default_name=None,
                      initializer=None, regularizer=None, caching_device=None,
                      partitioner=None, custom_getter=None, reuse=None,
                      dtype=None, use_resource=None, constraint=None):
    """Deprecated TF alias: ``variable_scope(name_or_scope, default_name,
    values, ...)``."""
    return variable_scope(
        name_or_scope, default_name=default_name, values=values,
        initializer=initializer, regularizer=regularizer,
        caching_device=caching_device, partitioner=partitioner,
        custom_getter=custom_getter, reuse=reuse, dtype=dtype,
        use_resource=use_resource, constraint=constraint)


# ---------------------------------------------------------------------------
# The C fast paths (pyscope/_fastpaths.pyx) take over the common cases of
# get_variable and variable_scope when the C core is the infrastructure;
# the Python versions above stay their twins (and the fallback).

python_variable_scope = variable_scope


def _install_fastpaths():
    global variable_scope, get_variable
    _fastpaths = _fastpaths_module()
    if _fastpaths is None:
        return
    _fastpaths.configure(
        variable_scope_class=VariableScope, variable_class=Variable,
        auto_reuse=AUTO_REUSE, sync_auto=VariableSynchronization.AUTO,
        agg_none=VariableAggregation.NONE, scope_store_fn=_scope_store, plain_entry_class=_PlainEntry,
        python_variable_scope=python_variable_scope,
        default_graphs=_graph._default_graphs, numpy_dtype=np.dtype)
    _fastpaths.get_variable.__doc__ = get_variable.__doc__
    variable_scope = _fastpaths.variable_scope
    get_variable = _fastpaths.get_variable


_install_fastpaths()
