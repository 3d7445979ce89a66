"""Variable scopes: `variable_scope`, `get_variable_scope`, `get_variable`
and the scope defaults that TF1's sharing of variables by name goes through.

Mirrors TF 2.21's ops/variable_scope.py piece by piece (`VariableScope`,
`_pure_variable_scope`, `variable_scope`), because TF's observable behaviour,
quirks included, comes from the order in which those pieces check, reserve
names and store.  The store they hand the full name to (TF's
_VariableStore) is pyscope._variable_store; shapes as TF reads them are
pyscope._shapes.  What TF keeps in Python dicts lives in the graph's core:
the store (`_lookup_variable` / `_store_variable`) and the per-thread
default-name counters (`_scope_count`, `_open_scope`, `_close_subscopes`).
The current VariableScope is per thread and per graph, in the core's
per-thread state.
"""
from __future__ import annotations

import enum
import functools
import sys
from types import ModuleType, TracebackType
from typing import (TYPE_CHECKING, Any, Iterable, List, Literal, Optional,
                    Tuple, Type, Union, overload)

import numpy as np

from pyscope import dtypes as _dtypes
from pyscope import _reuse
from pyscope import _variable_store
from pyscope import graph as _graph
from pyscope._variable_store import _AGG_NONE, _SYNC_AUTO, _dtype_name, _store_get_variable
from pyscope.graph import GraphKeys
from pyscope.typing import (CachingDevice, Constraint, CustomGetter,
                            DTypeLike, InitializerLike, Partitioner,
                            Regularizer, ShapeLike)
from pyscope.variables import (PartitionedVariable, Variable,
                               VariableAggregation,
                               VariableSynchronization,
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


#: When passed in as the value for the `reuse` flag, `AUTO_REUSE` indicates
#: that get_variable() should create the requested variable if it doesn't
#: exist or, if it does exist, simply return it.
AUTO_REUSE = _ReuseMode.AUTO_REUSE

#: What get_variable returns: a Variable, or a PartitionedVariable when a
#: partitioner is in effect (given, or set on an enclosing scope).
AnyVariable = Union[Variable, PartitionedVariable]

#: The values of a `reuse` flag: True, False/None (inherit), or AUTO_REUSE.
Reuse = Union[bool, Literal[_ReuseMode.AUTO_REUSE], None]


def no_regularizer(_: Any) -> None:
    """Use this function to prevent regularization of variables."""
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
    __slots__ = ("current_scope", "_core")


def _fastpaths_module() -> Optional[ModuleType]:
    """pyscope._fastpaths when the C core is the infrastructure, else None."""
    from pyscope import _backend
    if _backend.infrastructure().BACKEND != "c":
        return None
    try:
        from pyscope import _fastpaths
    except ImportError:  # a partial build: the Python paths do the work
        return None
    return _fastpaths


def _field_bases() -> Tuple[type, type]:
    fastpaths = _fastpaths_module()
    if fastpaths is not None:
        return fastpaths.VariableScopeFields, fastpaths.ScopeStoreFields
    return _PyVariableScopeFields, _PyScopeStoreFields


if TYPE_CHECKING:
    _VariableScopeFields = _PyVariableScopeFields
    _ScopeStoreFields = _PyScopeStoreFields
else:
    _VariableScopeFields, _ScopeStoreFields = _field_bases()


class VariableScope(_VariableScopeFields):
    """Variable scope object to carry defaults to provide to `get_variable`.

    Many of the arguments we need for `get_variable` in a variable store are
    most easily handled with a context.  This object is used for the
    defaults; `variable_scope` yields it and `get_variable_scope` returns
    the current one.  Entering it again with ``variable_scope(scope)``
    re-opens the same scope, wherever you are.

    Attributes:
      name: name of the current scope, used as prefix in get_variable.
      initializer: default initializer passed to get_variable.
      regularizer: default regularizer passed to get_variable.
      reuse: Boolean, None, or AUTO_REUSE, setting the reuse in get_variable.
      caching_device: string, callable, or None: the caching device passed
        to get_variable.
      partitioner: callable or `None`: the partitioner passed to
        `get_variable`.
      custom_getter: default custom getter passed to get_variable.
      name_scope: The name passed to `name_scope`.
      dtype: default type passed to get_variable (defaults to float32).
      use_resource: stored and passed on to get_variable (every pyscope
        variable behaves as a resource variable).
      constraint: An optional projection function to be applied to the
        variable after being updated by an `Optimizer`.

    Example:

    >>> with ps.variable_scope("foo") as scope:
    ...     scope.name
    'foo'
    """

    def __init__(self, reuse: Reuse, name: str = "",
                 initializer: Optional[InitializerLike] = None,
                 regularizer: Optional[Regularizer] = None,
                 caching_device: Optional[CachingDevice] = None,
                 partitioner: Optional[Partitioner] = None,
                 custom_getter: Optional[CustomGetter] = None,
                 name_scope: str = "", dtype: DTypeLike = _dtypes.float32,
                 use_resource: Optional[bool] = None,
                 constraint: Optional[Constraint] = None) -> None:
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
    def name(self) -> str:
        """The scope's full name: the prefix of its variables' names."""
        return self._name

    @property
    def original_name_scope(self) -> str:
        """The name scope opened when this scope was first entered (with a
        trailing '/'), or '' when there was none."""
        return self._name_scope

    @property
    def reuse(self) -> Reuse:
        """True, False or AUTO_REUSE: whether get_variable reuses here."""
        return self._reuse

    @property
    def initializer(self) -> Optional[InitializerLike]:
        """The default initializer of get_variable in this scope."""
        return self._initializer

    @property
    def dtype(self) -> DTypeLike:
        """The default dtype of get_variable in this scope."""
        return self._dtype

    @property
    def use_resource(self) -> Optional[bool]:
        """The default use_resource of get_variable in this scope."""
        return self._use_resource

    @property
    def regularizer(self) -> Optional[Regularizer]:
        """The default regularizer of get_variable in this scope."""
        return self._regularizer

    @property
    def caching_device(self) -> Optional[CachingDevice]:
        """The default caching device of get_variable in this scope."""
        return self._caching_device

    @property
    def partitioner(self) -> Optional[Partitioner]:
        """The default partitioner of get_variable in this scope."""
        return self._partitioner

    @property
    def custom_getter(self) -> Optional[CustomGetter]:
        """The custom getter get_variable goes through in this scope."""
        return self._custom_getter

    @property
    def constraint(self) -> Optional[Constraint]:
        """The default constraint of get_variable in this scope."""
        return self._constraint

    def reuse_variables(self) -> None:
        """Reuse variables in this scope."""
        self._reuse = True

    def set_initializer(self, initializer: Optional[InitializerLike]) -> None:
        """Set initializer for this scope."""
        self._initializer = initializer

    def set_dtype(self, dtype: DTypeLike) -> None:
        """Set data type for this scope."""
        self._dtype = dtype

    def set_use_resource(self, use_resource: Optional[bool]) -> None:
        """Sets whether to use ResourceVariables for this scope."""
        self._use_resource = use_resource

    def set_regularizer(self, regularizer: Optional[Regularizer]) -> None:
        """Set regularizer for this scope."""
        self._regularizer = regularizer

    def set_caching_device(self, caching_device: Optional[CachingDevice]) -> None:
        """Set caching_device for this scope."""
        self._caching_device = caching_device

    def set_partitioner(self, partitioner: Optional[Partitioner]) -> None:
        """Set partitioner for this scope."""
        self._partitioner = partitioner

    def set_custom_getter(self, custom_getter: Optional[CustomGetter]) -> None:
        """Set custom getter for this scope."""
        self._custom_getter = custom_getter

    def get_collection(self, name: str) -> List[Any]:
        """Get this scope's variables: the items of collection `name` whose
        names start with this scope's."""
        scope = self._name + "/" if self._name else ""
        return _graph.get_collection(name, scope)

    def trainable_variables(self) -> List[Any]:
        """Get this scope's trainable variables."""
        return self.get_collection(GraphKeys.TRAINABLE_VARIABLES)

    def global_variables(self) -> List[Any]:
        """Get this scope's global variables."""
        return self.get_collection(GraphKeys.GLOBAL_VARIABLES)

    def local_variables(self) -> List[Any]:
        """Get this scope's local variables."""
        return self.get_collection(GraphKeys.LOCAL_VARIABLES)

    @overload
    def get_variable(self, name: str, shape: Optional[ShapeLike] = ...,
                     dtype: Optional[DTypeLike] = ...,
                     initializer: Optional[InitializerLike] = ...,
                     regularizer: Optional[Regularizer] = ...,
                     reuse: Reuse = ..., trainable: Optional[bool] = ...,
                     collections: Optional[List[str]] = ...,
                     caching_device: Optional[CachingDevice] = ...,
                     *, partitioner: Partitioner,
                     validate_shape: bool = ...,
                     use_resource: Optional[bool] = ...,
                     custom_getter: Optional[CustomGetter] = ...,
                     constraint: Optional[Constraint] = ...,
                     synchronization: VariableSynchronization = ...,
                     aggregation: VariableAggregation = ...,
                     ) -> PartitionedVariable: ...

    @overload
    def get_variable(self, name: str, shape: Optional[ShapeLike] = ...,
                     dtype: Optional[DTypeLike] = ...,
                     initializer: Optional[InitializerLike] = ...,
                     regularizer: Optional[Regularizer] = ...,
                     reuse: Reuse = ..., trainable: Optional[bool] = ...,
                     collections: Optional[List[str]] = ...,
                     caching_device: Optional[CachingDevice] = ...,
                     partitioner: Optional[Partitioner] = ...,
                     validate_shape: bool = ...,
                     use_resource: Optional[bool] = ...,
                     custom_getter: Optional[CustomGetter] = ...,
                     constraint: Optional[Constraint] = ...,
                     synchronization: VariableSynchronization = ...,
                     aggregation: VariableAggregation = ...,
                     ) -> AnyVariable: ...

    def get_variable(self, name: str, shape: Optional[ShapeLike] = None,
                     dtype: Optional[DTypeLike] = None,
                     initializer: Optional[InitializerLike] = None,
                     regularizer: Optional[Regularizer] = None,
                     reuse: Reuse = None, trainable: Optional[bool] = None,
                     collections: Optional[List[str]] = None,
                     caching_device: Optional[CachingDevice] = None,
                     partitioner: Optional[Partitioner] = None,
                     validate_shape: bool = True,
                     use_resource: Optional[bool] = None,
                     custom_getter: Optional[CustomGetter] = None,
                     constraint: Optional[Constraint] = None,
                     synchronization: VariableSynchronization = VariableSynchronization.AUTO,
                     aggregation: VariableAggregation = VariableAggregation.NONE,
                     ) -> AnyVariable:
        """Gets an existing variable with this name or create a new one.

        As the module-level `get_variable`, with this scope's defaults
        (initializer, regularizer, reuse, partitioner, custom getter,
        dtype, ...) for the arguments left unset, in the default graph."""
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

        full_name = self._name + "/" + name if self._name else name
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
            # what a custom getter returns is the user's: typed as TF documents
            # it.  (Positional, in the store's order: 15 keywords cost ~0.5 µs
            # to bind, a custom getter's whole budget.)
            variable: Union[Variable, PartitionedVariable] = _store_get_variable(
                graph, full_name, shape, dtype, initializer, regularizer, reuse,
                trainable, collections, caching_device, partitioner,
                validate_shape, use_resource, custom_getter, constraint,
                synchronization, aggregation)
            return variable

    def __repr__(self) -> str:
        return "<pyscope.VariableScope %r reuse=%r>" % (self._name, self._reuse)


def _check_value_dtype(graph: _graph.Graph, initializer: Any, dtype: Any) -> None:
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


# ---------------------------------------------------------------------------
# Per-thread, per-graph scope state

class _ScopeStore(_ScopeStoreFields):
    """This thread's variable-scope state in one graph (TF's
    _VariableScopeStore): the current scope and the default-name counters.

    The counters are the core's (per thread, O(depth) resets).  While a
    captured scope is re-entered, TF snapshots the counters and restores
    the snapshot on exit; here the core journals the changes made meanwhile
    and rolls them back on exit (O(changes), not O(counters))."""

    __slots__ = ()

    def __init__(self, core: Any) -> None:
        self.current_scope: VariableScope = VariableScope(False)
        self._core = core

    def open_variable_scope(self, scope_name: str) -> None:
        self._core._open_scope(scope_name)

    def close_variable_subscopes(self, scope_name: str) -> None:
        self._core._close_subscopes(scope_name)

    def variable_scope_count(self, scope_name: str) -> int:
        return int(self._core._scope_count(scope_name))

    def first_free_index(self, scope_name: str) -> int:
        """0 when `scope_name` was not opened, else the first n >= 1 such that
        `scope_name_n` was not (since their parent last exited)."""
        return int(self._core._first_free_scope_index(scope_name))

    def checkpoint(self) -> int:
        """TF's copy of every count (a captured scope re-entered): a token
        for restore(), kept by the core as an undo journal."""
        return int(self._core._counters_checkpoint())

    def restore(self, checkpoint: int) -> None:
        """Back to the counts at `checkpoint` (and drop later checkpoints)."""
        self._core._counters_restore(checkpoint)


def _scope_store(graph: _graph.Graph) -> _ScopeStore:
    """This thread's _ScopeStore in `graph` (kept in the core's per-thread
    state, so the C fast paths reach it without a lookup)."""
    core = graph._core
    store: Optional[_ScopeStore] = core._thread_scope_store()
    if store is None:
        store = _ScopeStore(core)
        core._set_thread_scope_store(store)
    return store


def get_variable_scope() -> VariableScope:
    """Returns the current variable scope."""
    return _scope_store(_graph.get_default_graph()).current_scope


# ---------------------------------------------------------------------------
# get_variable

@overload
def get_variable(name: str, shape: Optional[ShapeLike] = ...,
                 dtype: Optional[DTypeLike] = ...,
                 initializer: Optional[InitializerLike] = ...,
                 regularizer: Optional[Regularizer] = ...,
                 trainable: Optional[bool] = ...,
                 collections: Optional[List[str]] = ...,
                 caching_device: Optional[CachingDevice] = ...,
                 *, partitioner: Partitioner, validate_shape: bool = ...,
                 use_resource: Optional[bool] = ...,
                 custom_getter: Optional[CustomGetter] = ...,
                 constraint: Optional[Constraint] = ...,
                 synchronization: VariableSynchronization = ...,
                 aggregation: VariableAggregation = ...,
                 ) -> PartitionedVariable: ...


@overload
def get_variable(name: str, shape: Optional[ShapeLike] = ...,
                 dtype: Optional[DTypeLike] = ...,
                 initializer: Optional[InitializerLike] = ...,
                 regularizer: Optional[Regularizer] = ...,
                 trainable: Optional[bool] = ...,
                 collections: Optional[List[str]] = ...,
                 caching_device: Optional[CachingDevice] = ...,
                 partitioner: Optional[Partitioner] = ...,
                 validate_shape: bool = ...,
                 use_resource: Optional[bool] = ...,
                 custom_getter: Optional[CustomGetter] = ...,
                 constraint: Optional[Constraint] = ...,
                 synchronization: VariableSynchronization = ...,
                 aggregation: VariableAggregation = ...,
                 ) -> AnyVariable: ...


def get_variable(name: str, shape: Optional[ShapeLike] = None,
                 dtype: Optional[DTypeLike] = None,
                 initializer: Optional[InitializerLike] = None,
                 regularizer: Optional[Regularizer] = None,
                 trainable: Optional[bool] = None,
                 collections: Optional[List[str]] = None,
                 caching_device: Optional[CachingDevice] = None,
                 partitioner: Optional[Partitioner] = None,
                 validate_shape: bool = True,
                 use_resource: Optional[bool] = None,
                 custom_getter: Optional[CustomGetter] = None,
                 constraint: Optional[Constraint] = None,
                 synchronization: VariableSynchronization = VariableSynchronization.AUTO,
                 aggregation: VariableAggregation = VariableAggregation.NONE,
                 ) -> AnyVariable:
    """Gets an existing variable with these parameters or create a new one.

    This function prefixes the name with the current variable scope and
    performs reuse checks.  See `variable_scope` for an extensive
    description of how reusing works.  Here is a basic example:

    ```python
    def foo():
      with ps.variable_scope("foo", reuse=ps.AUTO_REUSE):
        v = ps.get_variable("v", [1])
      return v

    v1 = foo()  # Creates v.
    v2 = foo()  # Gets the same, existing v.
    assert v1 == v2
    ```

    If initializer is `None` (the default), the default initializer passed
    in the variable scope will be used.  If that one is `None` too, a
    `glorot_uniform_initializer` will be used (zeros for integer and bool
    dtypes).  The initializer can also be a NumPy array or Python value, in
    which case the variable is initialized to this value and shape (then
    give no `shape`).

    Similarly, if the regularizer is `None` (the default), the default
    regularizer passed in the variable scope will be used (if that is
    `None` too, then by default no regularization is performed).

    If a partitioner is provided, a `PartitionedVariable` is returned.
    Accessing this object as a list returns the shards as `Variable`s.
    (Static types: with `partitioner` given the result is a
    `PartitionedVariable`; otherwise it is either, as a partitioner or
    custom getter set on an enclosing scope decides.)

    Args:
      name: The name of the new or existing variable.
      shape: Shape of the new or existing variable.
      dtype: Type of the new or existing variable (defaults to `float32`).
      initializer: Initializer for the variable if one is created.
      regularizer: A (Variable -> loss) function; its result on the newly
        created variable is added to REGULARIZATION_LOSSES.
      trainable: If `True` also add the variable to the graph collection
        `GraphKeys.TRAINABLE_VARIABLES`.
      collections: List of graph collections keys to add the Variable to.
        Defaults to `[GraphKeys.GLOBAL_VARIABLES]`.
      caching_device: Optional device string or function describing where
        the Variable should be cached for reading (stored).
      partitioner: Optional callable that accepts a fully defined shape and
        dtype of the Variable to be created, and returns a list of
        partitions for each axis (currently only one axis can be
        partitioned).
      validate_shape: If False, allows the variable to be initialized with
        a value of unknown shape.
      use_resource: If False, creates a regular Variable; if True, a
        resource variable (stored: pyscope's variables behave alike).
      custom_getter: Callable that takes as a first argument the true
        getter, and allows overwriting the internal get_variable method.
        Its signature should match this method's, but the most
        future-proof version will allow for changes:
        ``def custom_getter(getter, *args, **kwargs)``.
      constraint: An optional projection function to be applied to the
        variable after being updated by an `Optimizer`.
      synchronization: Indicates when a distributed variable will be
        aggregated (stored).
      aggregation: Indicates how a distributed variable will be aggregated
        (stored).

    Returns:
      The created or existing `Variable` (or `PartitionedVariable`, if a
      partitioner was used).

    Raises:
      ValueError: when creating a new variable and shape is not declared,
        when violating reuse during variable creation, or when `initializer`
        dtype and `dtype` don't match.  Reuse is set inside `variable_scope`.
    """
    scope = _scope_store(_graph.get_default_graph()).current_scope
    if (custom_getter is None
            and synchronization is _SYNC_AUTO and aggregation is _AGG_NONE):
        found = _reuse_fast(scope, name, shape, dtype, initializer, partitioner)
        if found is not None:
            return found
    # positional, in VariableScope.get_variable's order (reuse: the scope's)
    return scope.get_variable(
        name, shape, dtype, initializer, regularizer, None, trainable,
        collections, caching_device, partitioner, validate_shape, use_resource,
        custom_getter, constraint, synchronization, aggregation)


def _reuse_fast(scope: VariableScope, name: Any, shape: Any, dtype: Any,
                initializer: Any, partitioner: Any
                ) -> Union[Variable, PartitionedVariable, None]:
    """The common reuse -- a variable found by name in a reusing scope with
    no custom getter: plain, or partitioned by one of pyscope's partitioners
    -- decided without the general path (pyscope._reuse); None whenever that
    path could do anything else.  The keywords not taken (regularizer,
    trainable, collections, caching_device, validate_shape, use_resource,
    constraint) only matter on creation."""
    reuse = scope._reuse
    if ((reuse is not True and reuse is not AUTO_REUSE) or type(name) is not str
            or scope._custom_getter is not None):
        return None
    if dtype is not None and initializer is not None and not callable(initializer):
        return None  # TF converts the value to check its dtype: that names a "Const"
    full_name = scope._name + "/" + name if scope._name else name
    return _reuse.found_stored(
        _graph.get_default_graph()._core, full_name, shape,
        scope._dtype if dtype is None else dtype,
        scope._initializer if initializer is None else initializer,
        scope._partitioner if partitioner is None else partitioner, reuse)


def get_local_variable(name: str, shape: Optional[ShapeLike] = None,
                       dtype: Optional[DTypeLike] = None,
                       initializer: Optional[InitializerLike] = None,
                       regularizer: Optional[Regularizer] = None,
                       trainable: bool = False,
                       collections: Optional[List[str]] = None,
                       caching_device: Optional[CachingDevice] = None,
                       partitioner: Optional[Partitioner] = None,
                       validate_shape: bool = True,
                       use_resource: Optional[bool] = None,
                       custom_getter: Optional[CustomGetter] = None,
                       constraint: Optional[Constraint] = None,
                       synchronization: VariableSynchronization = VariableSynchronization.AUTO,
                       aggregation: VariableAggregation = VariableAggregation.NONE,
                       ) -> AnyVariable:
    """Gets an existing *local* variable or creates a new one.

    Behavior is the same as in `get_variable`, except that variables are
    added to the `LOCAL_VARIABLES` collection (appended, in place, to the
    `collections` given) and `trainable` is set to `False`."""
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

    def __init__(self, name_or_scope: Union[str, VariableScope],
                 reuse: Reuse = None, initializer: Any = None,
                 regularizer: Any = None, caching_device: Any = None,
                 partitioner: Any = None, custom_getter: Any = None,
                 old_name_scope: Optional[str] = None,
                 dtype: Any = _dtypes.float32, use_resource: Any = None,
                 constraint: Any = None) -> None:
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
        self._last_variable_scope_object: Optional[VariableScope] = None
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

    def _apply_overrides(self, scope: VariableScope,
                         old_getter: Optional[CustomGetter]) -> None:
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

    def __enter__(self) -> VariableScope:
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

    def __exit__(self, type_arg: Any, value_arg: Any, traceback_arg: Any) -> None:
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


def _maybe_wrap_custom_getter(custom_getter: CustomGetter,
                              old_getter: Optional[CustomGetter]) -> CustomGetter:
    """Nested scopes' getters compose: the new one runs first and gets the
    old one (bound to the store's getter) as its `getter`."""
    if old_getter is None:
        return custom_getter

    def wrapped_custom_getter(getter: CustomGetter, *args: Any, **kwargs: Any) -> Any:
        return custom_getter(functools.partial(old_getter, getter), *args,
                             **kwargs)

    return wrapped_custom_getter


def _get_unique_variable_scope(prefix: str) -> str:
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
    graph; entering it again while inside first closes the previous entry,
    and exiting twice restores only once (TF's generator semantics)."""

    __slots__ = ("_name", "_context")

    def __init__(self, name: Optional[str]) -> None:
        self._name = name
        self._context: Any = None

    def __enter__(self) -> str:
        if self._context is not None:
            # Entered again while inside: TF's previous entry is closed first
            # (its generator is dropped), so this one opens at the same level.
            self.__exit__(None, None, None)
        context = _graph.get_default_graph().name_scope(self._name)
        entered: str = context.__enter__()
        self._context = context
        return entered

    def __exit__(self, *exc: Any) -> Literal[False]:
        context, self._context = self._context, None
        if context is not None:
            context.__exit__(*exc)
        return False


class _PlainEntry:
    """What a plain variable_scope entry needs to exit (or to be entered
    again through the general path)."""

    __slots__ = ("store", "old", "scope", "name", "new_name", "reuse",
                 "name_scope", "entered")

    def __init__(self, store: _ScopeStore, old: VariableScope,
                 scope: VariableScope, name: str, new_name: str, reuse: Reuse,
                 name_scope: Any, entered: str) -> None:
        self.store = store
        self.old = old
        self.scope = scope
        self.name = name  # the scope's own name (a default name made unique)
        self.new_name = new_name
        self.reuse = reuse
        self.name_scope = name_scope
        self.entered = entered


class variable_scope:  # noqa: N801 - TF's name
    """A context manager for defining ops that creates variables (layers).

    This context manager validates that the (optional) `values` are from
    the same graph, ensures that graph is the default graph, and pushes a
    name scope and a variable scope.

    If `name_or_scope` is not None, it is used as is.  If `name_or_scope`
    is None, then `default_name` is used.  In that case, if the same name
    has been previously used in the same scope, it will be made unique by
    appending `_N` to it.

    Variable scope allows you to create new variables and to share already
    created ones while providing checks to not create or share by accident.

    Simple example of how to create a new variable:

    ```python
    with ps.variable_scope("foo"):
        with ps.variable_scope("bar"):
            v = ps.get_variable("v", [1])
            assert v.name == "foo/bar/v:0"
    ```

    Keep in mind that the counters for `default_name` are discarded once
    the parent scope is exited.  Therefore when the code re-enters the
    scope (for instance by saving it), all nested default_name counters
    will be restarted.

    Basic example of sharing a variable AUTO_REUSE:

    ```python
    def foo():
      with ps.variable_scope("foo", reuse=ps.AUTO_REUSE):
        v = ps.get_variable("v", [1])
      return v

    v1 = foo()  # Creates v.
    v2 = foo()  # Gets the same, existing v.
    assert v1 == v2
    ```

    Sharing a variable by capturing a scope and setting reuse:

    ```python
    with ps.variable_scope("foo") as scope:
        v = ps.get_variable("v", [1])
        scope.reuse_variables()
        v1 = ps.get_variable("v", [1])
    assert v1 == v
    ```

    To prevent accidental sharing of variables, we raise an exception when
    getting an existing variable in a non-reusing scope, and when getting a
    variable that does not exist in reuse mode.  Note that the `reuse` flag
    is inherited: if we open a reusing scope, then all its sub-scopes
    become reusing as well.

    A note about name scoping: setting `reuse` does not impact the naming
    of other ops such as `create_op_name`: the auxiliary name scope is made
    unique as any name scope, so re-entering ``variable_scope("foo")`` puts
    ops under ``foo_1/`` while variables stay under ``foo/``.  A captured
    scope opens a name scope after its last name component.

    Args:
      name_or_scope: `string` or `VariableScope`: the scope to open.
      default_name: The default name to use if the `name_or_scope` argument
        is `None`, this name will be uniquified.  If name_or_scope is
        provided it won't be used and therefore it is not required and can
        be None.
      values: The list of `Variable` arguments that are passed to the op
        function.
      initializer: default initializer for variables within this scope.
      regularizer: default regularizer for variables within this scope.
      caching_device: default caching device for variables within this
        scope.
      partitioner: default partitioner for variables within this scope.
      custom_getter: default custom getter for variables within this scope.
      reuse: `True`, None, or AUTO_REUSE; if `True`, we go into reuse mode
        for this scope as well as all sub-scopes; if AUTO_REUSE, we create
        variables if they do not exist, and return them otherwise; if None,
        we inherit the parent scope's reuse flag.
      dtype: type of variables created in this scope (defaults to the type
        in the passed scope, or inherited from parent scope).
      use_resource: if False, all variables will be regular Variables; if
        True, resource variables (stored: pyscope's behave alike).
      constraint: An optional projection function to be applied to the
        variable after being updated by an `Optimizer`.
      auxiliary_name_scope: If `True`, we create an auxiliary name scope
        with the scope.  If `False`, we don't create it.  Note that the
        argument is not inherited, and it only takes effect for once when
        creating.

    Returns:
      A scope that can be captured and reused.

    Raises:
      ValueError: when trying to reuse within a create scope, or create
        within a reuse scope.
      TypeError: when the types of some arguments are not appropriate.
    """

    def __init__(self, name_or_scope: Union[str, VariableScope, None],
                 default_name: Optional[str] = None,
                 values: Optional[Iterable[Any]] = None,
                 initializer: Optional[InitializerLike] = None,
                 regularizer: Optional[Regularizer] = None,
                 caching_device: Optional[CachingDevice] = None,
                 partitioner: Optional[Partitioner] = None,
                 custom_getter: Optional[CustomGetter] = None,
                 reuse: Reuse = None, dtype: Optional[DTypeLike] = None,
                 use_resource: Optional[bool] = None,
                 constraint: Optional[Constraint] = None,
                 auxiliary_name_scope: bool = True) -> None:
        self._name_or_scope: Any = name_or_scope
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
        self._cached_pure_variable_scope: Any = None
        self._current_name_scope: Any = None
        if not isinstance(auxiliary_name_scope, bool):
            raise TypeError(
                "The auxiliary_name_scope must be `True` or `False`, while get "
                "{}".format(auxiliary_name_scope))
        self._auxiliary_name_scope = auxiliary_name_scope
        # The common case -- a non-empty string name or default name, with
        # no default but perhaps a custom getter (and `values`, whose graph
        # is found above) -- is entered by _enter_plain: the same effects,
        # without the general machinery's intermediate objects (see
        # _PlainEntry).
        self._plain = bool(
            ((type(name_or_scope) is str and name_or_scope)  # (default_name unused)
             or (name_or_scope is None and type(default_name) is str
                 and default_name and self._reuse is None))
            and initializer is None and regularizer is None
            and caching_device is None and partitioner is None
            and dtype is None and use_resource is None
            and constraint is None and auxiliary_name_scope is True)
        self._plain_entry: Optional[_PlainEntry] = None

    def __enter__(self) -> VariableScope:
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
            entered: VariableScope = self._cached_pure_variable_scope.__enter__()
            return entered
        try:
            return self._enter_scope_uncached()
        except BaseException:
            self._graph_context_manager.__exit__(*sys.exc_info())
            raise

    def _enter_scope_uncached(self) -> VariableScope:
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

    def _enter_plain(self) -> VariableScope:
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
            name = _get_unique_variable_scope(self._default_name)  # type: ignore[arg-type]
        new_name = old._name + "/" + name if old._name else name
        reuse = self._reuse or old._reuse
        custom_getter = old._custom_getter
        if self._custom_getter is not None:  # composed with the old one's
            custom_getter = _maybe_wrap_custom_getter(self._custom_getter, custom_getter)
        scope = VariableScope(
            reuse, new_name, old._initializer, old._regularizer,
            old._caching_device, old._partitioner, custom_getter, entered,
            old._dtype, old._use_resource, None)
        store.open_variable_scope(new_name)
        store.current_scope = scope
        self._plain_entry = _PlainEntry(store, old, scope, name, new_name,
                                        reuse, name_scope, entered)
        return scope

    def _exit_plain(self, entry: _PlainEntry, type_arg: Any, value_arg: Any,
                    traceback_arg: Any) -> Literal[False]:
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

    def _generalize(self) -> None:
        """Entered again after a plain entry: rebuild the general path's
        objects in the state that entry left them, then go on as TF does."""
        entry: Any
        entry, self._plain_entry = self._plain_entry, None
        self._plain = False
        aux = _AuxNameScope(self._name_or_scope or self._default_name)
        aux._context = entry.name_scope
        pure = _pure_variable_scope.__new__(_pure_variable_scope)
        pure.__init__(entry.name, reuse=entry.reuse,  # type: ignore[misc]
                      custom_getter=self._custom_getter,
                      old_name_scope=entry.entered, dtype=None)
        pure._var_scope_store = entry.store
        pure._old = entry.old
        pure._new_name = entry.new_name
        pure._last_variable_scope_object = entry.scope
        self._current_name_scope = aux
        self._cached_pure_variable_scope = pure
        self._graph_context_manager = self._graph.as_default()

    def __exit__(self, type_arg: Optional[Type[BaseException]],
                 value_arg: Optional[BaseException],
                 traceback_arg: Optional[TracebackType]) -> Literal[False]:
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


def _graph_from_values(values: Iterable[Any]) -> _graph.Graph:
    """The graph of the first value that has one (a Variable's), else the
    default graph; values from two graphs are an error, as TF's."""
    return _graph.graph_from_values(values)


def variable_op_scope(values: Optional[Iterable[Any]],
                      name_or_scope: Union[str, VariableScope, None],
                      default_name: Optional[str] = None,
                      initializer: Optional[InitializerLike] = None,
                      regularizer: Optional[Regularizer] = None,
                      caching_device: Optional[CachingDevice] = None,
                      partitioner: Optional[Partitioner] = None,
                      custom_getter: Optional[CustomGetter] = None,
                      reuse: Reuse = None, dtype: Optional[DTypeLike] = None,
                      use_resource: Optional[bool] = None,
                      constraint: Optional[Constraint] = None,
                      ) -> variable_scope:
    """Deprecated: context manager for defining an op that creates
    variables.  Use ``variable_scope(name_or_scope, default_name, values,
    ...)`` instead."""
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


def _captured_entry(captured: VariableScope, reuse: Reuse, graph: _graph.Graph,
                    store: _ScopeStore, old: VariableScope, scope: VariableScope,
                    token: int, name: str, name_scope: Any) -> variable_scope:
    """``variable_scope(captured, reuse=reuse)`` as the C fast path's entry
    of it left things, for the general path to enter it again: TF's
    objects for that entry (its auxiliary name scope, still inside when
    `name_scope` is a NameScope; its _pure_variable_scope with the scope,
    previous scope and counter checkpoint)."""
    general = python_variable_scope(captured, reuse=reuse)
    general._graph = graph
    aux = _AuxNameScope(name)
    aux._context = name_scope
    pure = _pure_variable_scope.__new__(_pure_variable_scope)
    pure.__init__(captured, reuse=reuse,  # type: ignore[misc]
                  old_name_scope=captured._name_scope, dtype=None)
    pure._var_scope_store = store
    pure._cached_variable_scope_object = scope
    pure._old = old
    pure._counts_at_entry = token
    pure._last_variable_scope_object = scope
    general._current_name_scope = aux
    general._cached_pure_variable_scope = pure
    general._graph_context_manager = graph.as_default()
    return general


def _install_fastpaths() -> None:
    global variable_scope, get_variable
    _fastpaths = _fastpaths_module()
    if _fastpaths is None:
        return
    _fastpaths.configure(
        variable_scope_class=VariableScope, variable_class=Variable,
        auto_reuse=AUTO_REUSE, sync_auto=VariableSynchronization.AUTO,
        agg_none=VariableAggregation.NONE, scope_store_fn=_scope_store, plain_entry_class=_PlainEntry,
        python_variable_scope=python_variable_scope,
        default_graphs=_graph._default_graphs, numpy_dtype=np.dtype,
        captured_entry=_captured_entry, tensor_shape_class=_reuse.TENSOR_SHAPE,
        dim_types=_reuse.DIM_TYPES,
        np_dtype_of_spelling_cache=_reuse.NP_DTYPE_OF_SPELLING,
        canonical_np_dtype_fn=_reuse.canonical_np_dtype,
        true_getter_fn=_variable_store._true_getter,
        accepts_constraint_fn=_variable_store._accepts_constraint,
        graph_from_values_fn=_graph_from_values,
        maybe_wrap_custom_getter_fn=_maybe_wrap_custom_getter,
        accepts_constraint_cache=_variable_store._accepts_constraint_of_code)
    _variable_store.store_getter = _fastpaths.StoreGetter
    _fastpaths.get_variable.__doc__ = get_variable.__doc__
    variable_scope = _fastpaths.variable_scope  # type: ignore[misc]
    get_variable = _fastpaths.get_variable


_install_fastpaths()
