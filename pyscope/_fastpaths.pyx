# cython: language_level=3, boundscheck=False, binding=False, embedsignature=True, embedsignature.format=clinic
# binding=False: methods and functions are C descriptors, so a bound call is
# one C call (no Python function object in between): ~10 ns off each call.
"""C versions of the two hottest paths of the variable layer, over the C core:
`get_variable` reusing a variable (found_stored, the one reuse decision,
also made by the getter a custom getter is handed: StoreGetter) or calling
a custom getter (through_custom_getter); and entering and leaving a
`variable_scope(name)` or `variable_scope(None, default_name)` with no
defaults but perhaps `values` and a custom getter (as tf-slim's layers), or
re-entering a captured scope, with or without its auxiliary name scope (as
the layers' add_weight and __call__).  Their twins are the Python paths in
variable_scope.py and _variable_store.py (`_reuse_fast`,
`VariableScope.get_variable` + `_store_get_variable`,
`variable_scope._enter_plain` / `_exit_plain`, `_enter_scope_uncached`),
which the pure backend uses; anything outside these cases is handed to the
Python implementation, so these change speed only.  `configure()` is called
once by pyscope.variable_scope."""
cimport cython
from cpython.object cimport PyTypeObject
from cpython.ref cimport PyObject
from cpython.unicode cimport PyUnicode_Check
from libc.string cimport memcpy

from pyscope._core cimport DefaultGraphs, GraphCore, NameScope, _ThreadState, new_name_scope
from pyscope._ccore cimport ps_node

from pyscope.dtypes import DType as _PyDType, float32
from types import FunctionType

# a C global: read on every reuse, without a module-dict lookup
cdef object DType = _PyDType


cdef extern from "Python.h":
    object PyUnicode_New(Py_ssize_t size, Py_UCS4 maxchar)
    void *PyUnicode_DATA(object s)
    bint PyUnicode_IS_ASCII(object s)
    ctypedef void *getiterfunc
    ctypedef struct IterableType "PyTypeObject":  # the one slot read here
        getiterfunc tp_iter


cdef class VariableScopeFields:
    """The fields of pyscope.VariableScope as a C struct (the class, in
    variable_scope.py, adds the methods; its twin there is
    _PyVariableScopeFields)."""
    cdef public object _name, _initializer, _regularizer, _reuse
    cdef public object _caching_device, _partitioner, _custom_getter
    cdef public object _name_scope, _dtype, _use_resource, _constraint


cdef class ScopeStoreFields:
    """The fields of variable_scope._ScopeStore as a C struct."""
    cdef public object current_scope, _core


cdef object VariableScope, Variable, AUTO_REUSE, SYNC_AUTO, AGG_NONE
cdef object scope_store, PlainEntry, PyVariableScope, np_dtype, CapturedEntry
cdef object TensorShape, DimTypes, canonical_np_dtype, true_getter, accepts_constraint
cdef object graph_from_values, maybe_wrap_custom_getter
cdef dict accepts_constraint_of_code
cdef object UNHANDLED = object()  # through_custom_getter did nothing
cdef dict np_dtype_of_spelling
cdef DefaultGraphs defaults
cdef tuple NO_ARGS = ()

# get_variable's defaults, the enum members themselves (TF's), so that its
# signature shows them by name
from pyscope.variables import PartitionedVariable, VariableAggregation, VariableSynchronization
from pyscope.partitioners import PURE_KIND
from pyscope._reuse import CACHED_SPELLING_TYPES
from numpy import ndarray

cdef set cached_spelling_types = CACHED_SPELLING_TYPES
cdef getiterfunc tuple_iter = (<IterableType *>tuple).tp_iter
cdef getiterfunc list_iter = (<IterableType *>list).tp_iter


def configure(*, variable_scope_class, variable_class, auto_reuse, sync_auto,
              agg_none, scope_store_fn, plain_entry_class,
              python_variable_scope, default_graphs, numpy_dtype,
              captured_entry, tensor_shape_class,
              dim_types, np_dtype_of_spelling_cache, canonical_np_dtype_fn,
              true_getter_fn, accepts_constraint_fn, graph_from_values_fn,
              maybe_wrap_custom_getter_fn, accepts_constraint_cache):
    global VariableScope, Variable, AUTO_REUSE, SYNC_AUTO, AGG_NONE
    global scope_store, PlainEntry, PyVariableScope, np_dtype, CapturedEntry
    global defaults, TensorShape, DimTypes, canonical_np_dtype
    global np_dtype_of_spelling, true_getter, accepts_constraint
    global graph_from_values, maybe_wrap_custom_getter, accepts_constraint_of_code
    if not issubclass(variable_scope_class, VariableScopeFields):
        raise TypeError("VariableScope must derive from VariableScopeFields")
    VariableScope = variable_scope_class
    Variable = variable_class
    AUTO_REUSE = auto_reuse
    SYNC_AUTO = sync_auto
    AGG_NONE = agg_none
    scope_store = scope_store_fn
    PlainEntry = plain_entry_class
    PyVariableScope = python_variable_scope
    defaults = default_graphs
    np_dtype = numpy_dtype
    CapturedEntry = captured_entry
    TensorShape = tensor_shape_class
    DimTypes = dim_types
    np_dtype_of_spelling = np_dtype_of_spelling_cache
    canonical_np_dtype = canonical_np_dtype_fn
    true_getter = true_getter_fn
    accepts_constraint = accepts_constraint_fn
    graph_from_values = graph_from_values_fn
    maybe_wrap_custom_getter = maybe_wrap_custom_getter_fn
    accepts_constraint_of_code = accepts_constraint_cache


#: (DType, its NumPy dtype) of the last DType seen: a scope's dtype is
#: nearly always the same object, so its NumPy dtype is found by identity
cdef tuple last_dtype = (None, None)


cdef inline object np_of_dtype(object dtype):
    global last_dtype
    cdef tuple last = last_dtype
    if <PyObject*>last[0] is <PyObject*>dtype:
        return last[1]
    np_dtype = dtype._np
    last_dtype = (dtype, np_dtype)
    return np_dtype


cdef object reuse_fast(object graph, object scope, object name, object shape, object dtype,
                       object initializer, object partitioner):
    """The twin of variable_scope._reuse_fast: a variable found by name in a
    reusing scope with no custom getter, decided by found_stored from the
    arguments with the scope's defaults applied.  None whenever the general
    path could do anything else."""
    if type(scope) is not VariableScope or type(name) is not str:
        return None
    cdef VariableScopeFields fields = <VariableScopeFields>scope
    cdef object reuse = fields._reuse
    if reuse is not True and reuse is not AUTO_REUSE:
        return None
    if fields._custom_getter is not None or type(fields._name) is not str:
        return None
    if dtype is not None and initializer is not None and not callable(initializer):
        return None  # TF converts the value to check its dtype: that names a "Const"
    return found_stored(
        graph._core, join_name(<str>fields._name, name), shape,
        fields._dtype if dtype is None else dtype,
        fields._initializer if initializer is None else initializer,
        fields._partitioner if partitioner is None else partitioner, reuse)


cdef object found_stored(object core, str full_name, object shape, object dtype,
                         object initializer, object partitioner, object reuse):
    """The twin of pyscope._reuse.found_stored: what a reusing get_variable
    of `full_name` returns when it is certain to pass TF's checks with these
    (normalized) arguments, else None: a plain Variable, shape and dtype
    matching (any spelling), the initializer callable, None or a value; a
    partitioned one by partitioned_for_reuse."""
    # a value initializer: the value has the shape (one given is an error),
    # and a partitioner slices it: the general path's
    cdef bint from_value = initializer is not None and not callable(initializer)
    if from_value and (shape is not None or partitioner is not None):
        return None
    if partitioner is not None:
        return partitioned_for_reuse(core, full_name, shape, dtype, partitioner)
    if type(core) is GraphCore:
        variable = (<GraphCore>core).c_lookup_unpartitioned(full_name)
    else:
        variable = core._lookup_variable(full_name)
        if core._lookup_variable(full_name + "/part_0") is not None:
            return None  # the general path raises: a partitioned twin exists
    if type(variable) is not Variable:
        if reuse is True and not from_value:  # perhaps a partitioned one, reused without a partitioner
            return partitioned_for_reuse(core, full_name, shape, dtype, None)
        return None
    value = variable._value
    if shape is not None and not same_known_dims(shape, value.shape):
        return None
    found_dtype = value.dtype
    if dtype is not found_dtype:
        dtype = np_of_spelling(dtype)
        if dtype is not found_dtype and (dtype is None or dtype != found_dtype):
            return None
    return variable


cdef object through_custom_getter(object graph, object scope, object name, object shape,
                                  object dtype, object initializer, object regularizer,
                                  object trainable, object collections,
                                  object caching_device, object partitioner,
                                  object validate_shape, object use_resource,
                                  object custom_getter, object constraint):
    """The twin of VariableScope.get_variable and _store_get_variable when a
    custom getter (the call's or the scope's) is in effect and the default
    synchronization and aggregation are asked for: the scope's defaults, in
    their order, then the getter called with TF's keywords inside
    name_scope(None), handed a StoreGetter.  UNHANDLED (nothing done) when
    the general path might raise or do more: a getter not callable, a value
    initializer with a dtype (TF converts it, making an op), names not str."""
    if type(scope) is not VariableScope or type(name) is not str:
        return UNHANDLED
    cdef VariableScopeFields fields = <VariableScopeFields>scope
    if custom_getter is None:
        custom_getter = fields._custom_getter
    if (custom_getter is None or not callable(custom_getter)
            or type(fields._name) is not str):
        return UNHANDLED
    if dtype is not None and initializer is not None and not callable(initializer):
        return UNHANDLED
    if regularizer is None:
        regularizer = fields._regularizer
    if caching_device is None:
        caching_device = fields._caching_device
    if partitioner is None:
        partitioner = fields._partitioner
    if use_resource is None:
        use_resource = fields._use_resource
    if initializer is None:
        initializer = fields._initializer
    if constraint is None:
        constraint = fields._constraint
    if dtype is None:
        dtype = fields._dtype
    if trainable is None:  # validate_synchronization_aggregation_trainable: AUTO
        trainable = True
    kwargs = {
        "getter": StoreGetter.__new__(StoreGetter, graph),
        "name": join_name(<str>fields._name, name), "shape": shape, "dtype": dtype,
        "initializer": initializer, "regularizer": regularizer,
        "reuse": fields._reuse, "trainable": trainable, "collections": collections,
        "caching_device": caching_device, "partitioner": partitioner,
        "validate_shape": validate_shape, "use_resource": use_resource,
        "synchronization": SYNC_AUTO, "aggregation": AGG_NONE,
    }
    # _accepts_constraint's first probe (a function's answer, by its code), here
    known = (accepts_constraint_of_code.get((<object>custom_getter).__code__)
             if type(custom_getter) is FunctionType else None)
    if known is None:
        known = accepts_constraint(custom_getter)
    if known:
        kwargs["constraint"] = constraint
    core = graph._core
    if type(core) is not GraphCore:
        with graph.name_scope(None):
            return custom_getter(**kwargs)
    cdef NameScope root = new_name_scope(<GraphCore>core, None)
    root.enter()
    try:
        return custom_getter(**kwargs)
    finally:
        root.exit()


cdef class StoreGetter:
    """The getter a custom getter is handed (TF's _true_getter of the store,
    on one graph): a reuse the arguments decide (found_stored) is returned
    here; anything else goes to the Python _true_getter, the general path.
    Its twin is ``functools.partial(_true_getter, graph)``
    (pyscope._variable_store.python_store_getter)."""
    cdef object graph

    def __cinit__(self, graph):
        self.graph = graph

    def __call__(self, name, shape=None, dtype=float32, initializer=None,
                 regularizer=None, reuse=None, trainable=None, collections=None,
                 caching_device=None, partitioner=None, validate_shape=True,
                 use_resource=None, constraint=None,
                 synchronization=VariableSynchronization.AUTO,
                 aggregation=VariableAggregation.NONE):
        if reuse is not False and type(name) is str:
            found = found_stored(self.graph._core, <str>name, shape, dtype,
                                 initializer, partitioner, reuse)
            if found is not None:
                return found
        return true_getter(
            self.graph, name, shape=shape, dtype=dtype, initializer=initializer,
            regularizer=regularizer, reuse=reuse, trainable=trainable,
            collections=collections, caching_device=caching_device,
            partitioner=partitioner, validate_shape=validate_shape,
            use_resource=use_resource, constraint=constraint,
            synchronization=synchronization, aggregation=aggregation)

    @property
    def __signature__(self):
        """_true_getter's, without the graph (as its twin, a partial, shows)."""
        import functools, inspect
        return inspect.signature(functools.partial(true_getter, self.graph))

    def __repr__(self):
        return "<pyscope store getter of %r>" % (self.graph,)


cdef object partitioned_for_reuse(object core, str full_name, object shape, object dtype,
                                  object partitioner):
    """The twin of pyscope._reuse.found_partitioned_for_reuse."""
    existing = core._lookup_variable(full_name)
    if type(existing) is not PartitionedVariable or existing._name != full_name:
        return None
    matched = existing._matched_partitioner
    full_shape = existing._shape  # a TensorShape: a tuple, laid out as one
    if partitioner is None:
        if matched is None or (shape is not None
                               and not same_known_dims(shape, <tuple>full_shape)):
            return None
    else:
        kind = getattr(partitioner, PURE_KIND, None)
        if (kind is None or matched is not kind
                or not same_known_dims(shape, <tuple>full_shape) or None in shape):
            return None
    np_dtype = np_of_spelling(dtype)
    if np_dtype is None or np_dtype != np_of_spelling(existing._dtype):
        return None
    return existing


cdef bint same_known_dims(object shape, tuple found):
    """The twin of pyscope._reuse.same_known_dims."""
    cdef Py_ssize_t i, n
    shape_type = type(shape)
    if shape_type is list:
        n = len(<list>shape)
        if n != len(found):
            return False
        for i in range(n):
            if not same_dim((<list>shape)[i], found[i]):
                return False
        return True
    if shape_type is tuple or shape_type is TensorShape:
        n = len(<tuple>shape)
        if n != len(found):
            return False
        for i in range(n):  # a TensorShape's own items, not its __getitem__
            if not same_dim((<tuple>shape)[i], found[i]):
                return False
        return True
    # the other spellings of pyscope._reuse.plain_dims
    if shape_type is ndarray:
        dims = shape.tolist()
        return type(dims) is list and same_known_dims(dims, found)
    # a subclass (torch.Size) that iterates as its base: its own items
    if isinstance(shape, tuple) and (<IterableType *>shape_type).tp_iter == tuple_iter:
        if isinstance(shape, TensorShape):
            return False  # an unknown rank
        return same_known_dims(tuple(shape), found)
    if isinstance(shape, list) and (<IterableType *>shape_type).tp_iter == list_iter:
        return same_known_dims(list(shape), found)
    return False


cdef inline bint same_dim(object want, object have):
    if want is None:
        return True
    if type(want) is int:
        return want == have
    return type(want) in DimTypes and want == have


cdef inline object np_of_spelling(object dtype):
    """The twin of pyscope._reuse.np_dtype_of: a dict hit for a name,
    scalar type or enum number."""
    dtype_type = type(dtype)
    if dtype_type is DType:
        return np_of_dtype(dtype)
    if (dtype_type is str or dtype_type is int or dtype_type is type
            or dtype_type in cached_spelling_types):
        found = np_dtype_of_spelling.get(dtype)
        if found is not None:
            return found
    elif isinstance(dtype, np_dtype):  # np.dtype("float32") is a Float32DType
        return dtype
    return canonical_np_dtype(dtype)


cdef inline ScopeStoreFields get_store(object graph):
    """variable_scope._scope_store(graph): this thread's store, kept in the
    core's per-thread state."""
    cdef object core = graph._core
    if type(core) is GraphCore:
        return core_store(<GraphCore>core, graph)
    return <ScopeStoreFields?>scope_store(graph)


cdef inline ScopeStoreFields core_store(GraphCore core, object graph):
    """get_store for a graph whose C core is at hand."""
    return state_store(core.state(), graph)


cdef inline ScopeStoreFields state_store(_ThreadState state, object graph):
    """get_store given this thread's state of the graph's C core."""
    cdef object store = state.scope_store
    if store is not None:
        return <ScopeStoreFields>store
    return <ScopeStoreFields?>scope_store(graph)


cdef str join_name(str parent, str name):
    """parent + "/" + name in one allocation (name alone when parent is "")."""
    if not parent:
        return name
    cdef Py_ssize_t n_parent = len(parent), n_name = len(name)
    if not (PyUnicode_IS_ASCII(parent) and PyUnicode_IS_ASCII(name)):
        return parent + "/" + name
    cdef str out = PyUnicode_New(n_parent + 1 + n_name, 127)
    cdef char *dst = <char *>PyUnicode_DATA(out)
    memcpy(dst, PyUnicode_DATA(parent), n_parent)
    dst[n_parent] = 47  # '/'
    memcpy(dst + n_parent + 1, PyUnicode_DATA(name), n_name)
    return out


cdef str captured_name_scope(VariableScopeFields captured):
    """TF's name scope for re-entering `captured`: its name's last
    component; None when the general path must do it (no str name, or an
    empty last component)."""
    if type(captured._name) is not str:
        return None
    cdef str name = captured._name
    cdef Py_ssize_t cut = name.rfind("/")
    cdef str last = name[cut + 1:] if cut >= 0 else name
    return last if len(last) != 0 else None


cdef inline VariableScopeFields child_scope(VariableScopeFields old, str new_name, object reuse, object entered):
    """VariableScope(reuse, new_name, <old's initializer, regularizer, caching
    device, partitioner, custom getter>, entered, <old's dtype, use_resource>,
    constraint=None), filled in directly."""
    cdef VariableScopeFields scope = <VariableScopeFields>(<PyTypeObject *>VariableScope).tp_new(VariableScope, <PyObject *>NO_ARGS, NULL)
    scope._name = new_name
    scope._initializer = old._initializer
    scope._regularizer = old._regularizer
    scope._reuse = reuse
    scope._caching_device = old._caching_device
    scope._partitioner = old._partitioner
    scope._custom_getter = old._custom_getter
    scope._name_scope = entered
    scope._dtype = old._dtype
    scope._use_resource = old._use_resource
    scope._constraint = None
    return scope




@cython.binding(True)  # a Python function: pyscope gives it get_variable's docs
def get_variable(name, shape=None, dtype=None, initializer=None,
                 regularizer=None, trainable=None, collections=None,
                 caching_device=None, partitioner=None, validate_shape=True,
                 use_resource=None, custom_getter=None, constraint=None,
                 synchronization=VariableSynchronization.AUTO,
                 aggregation=VariableAggregation.NONE):
    graph = defaults.get_default()
    scope = get_store(graph).current_scope
    if synchronization is SYNC_AUTO and aggregation is AGG_NONE:
        if custom_getter is None:
            found = reuse_fast(graph, scope, name, shape, dtype, initializer, partitioner)
            if found is not None:
                return found
        got = through_custom_getter(
            graph, scope, name, shape, dtype, initializer, regularizer, trainable,
            collections, caching_device, partitioner, validate_shape, use_resource,
            custom_getter, constraint)
        if got is not UNHANDLED:
            return got
    # positional, in VariableScope.get_variable's order (reuse: the scope's)
    return scope.get_variable(
        name, shape, dtype, initializer, regularizer, None, trainable,
        collections, caching_device, partitioner, validate_shape, use_resource,
        custom_getter, constraint, synchronization, aggregation)


cdef class variable_scope(NameScope):
    # tf.compat.v1.variable_scope; its twin is pyscope.variable_scope's
    # Python class, whose docstring this one repeats (tests/test_signatures.py
    # checks they agree).  A plain string scope, or a plain default_name one,
    # is entered and left here, the object being its own auxiliary NameScope
    # (one object per entry); every other use, and entering the same object
    # again, goes through the Python implementation with the same state.
    """variable_scope(name_or_scope, default_name=None, values=None, initializer=None, regularizer=None, caching_device=None, partitioner=None, custom_getter=None, reuse=None, dtype=None, use_resource=None, constraint=None, auxiliary_name_scope=True)
--

A context manager for defining ops that creates variables (layers).

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
    cdef object general       # the Python variable_scope doing the work, if any
    cdef str name             # the scope's name, or None with a default name
    cdef str default_name
    cdef object reuse
    cdef object graph
    cdef bint plain_done
    cdef bint in_name_scope   # the auxiliary name scope is entered
    cdef bint reenters_name_scope  # a captured scope's: auxiliary_name_scope=False
    cdef object custom_getter  # a string or default-name scope's own
    # the plain entry (see variable_scope._PlainEntry)
    cdef ScopeStoreFields store
    cdef object old, entry_reuse
    cdef VariableScopeFields scope  # its _name and _name_scope: the names entered
    cdef VariableScopeFields captured  # a captured scope re-entered, else None
    # what the exit resets: the new name's default-name counter node, or (a
    # captured scope) the checkpoint of the counters to restore.  (One field:
    # each 16 bytes more on this object cost ~7% of a variable_scope.)
    cdef unsigned long long counter

    def __init__(self, name_or_scope, default_name=None, values=None,
                 initializer=None, regularizer=None, caching_device=None,
                 partitioner=None, custom_getter=None, reuse=None, dtype=None,
                 use_resource=None, constraint=None, auxiliary_name_scope=True):
        # (every term a C truth value: no Python objects made for the test)
        cdef bint plain = (
            initializer is None and regularizer is None
            and caching_device is None and partitioner is None
            and dtype is None and use_resource is None and constraint is None
            and (reuse is None or reuse is False or reuse is True or reuse is AUTO_REUSE))
        cdef object scope_name = None
        if plain and auxiliary_name_scope is True:
            if type(name_or_scope) is str:  # (a default_name is unused then)
                scope_name = name_or_scope
            elif (name_or_scope is None and type(default_name) is str
                    and (reuse is None or reuse is False)):
                scope_name = default_name
        if (plain and type(name_or_scope) is VariableScope and default_name is None
                and custom_getter is None
                and (auxiliary_name_scope is True or auxiliary_name_scope is False)):
            # a captured scope: its name scope is its name's last component
            # (or, without an auxiliary one, the current name scope: found
            # on entry)
            scope_name = captured_name_scope(<VariableScopeFields>name_or_scope)
            if scope_name is not None:
                self.captured = <VariableScopeFields>name_or_scope
                self.reenters_name_scope = auxiliary_name_scope is False
        if scope_name is not None and len(<str>scope_name) != 0:
            # the values' graph (TF's check, and its error, at construction)
            graph = defaults.get_default() if values is None else graph_from_values(values)
            core = graph._core
            if type(core) is GraphCore:
                if self.captured is None:
                    self.name = name_or_scope
                    self.default_name = default_name
                    self.custom_getter = custom_getter
                self.scope_name = scope_name
                self.reuse = None if reuse is False else reuse
                self.graph = graph
                self.core = <GraphCore>core
                return
            self.captured = None
        self.general = PyVariableScope(
            name_or_scope, default_name=default_name, values=values,
            initializer=initializer, regularizer=regularizer,
            caching_device=caching_device, partitioner=partitioner,
            custom_getter=custom_getter, reuse=reuse, dtype=dtype,
            use_resource=use_resource, constraint=constraint,
            auxiliary_name_scope=auxiliary_name_scope)

    def __enter__(self):
        if self.general is not None:
            return self.general.__enter__()
        if self.plain_done:
            return self.generalize().__enter__()
        if self.captured is not None:
            return self.enter_captured()
        # this thread's state of the core, looked up once for the entry
        cdef _ThreadState state = self.core.state()
        entered = self.enter_graph_and_name_scope(state)
        cdef ScopeStoreFields store
        cdef VariableScopeFields old, scope
        try:
            store = state_store(state, self.graph)
            old = <VariableScopeFields?>store.current_scope
            old_name = old._name
            vs_name = self.name
            if vs_name is None:  # the first free default name here
                prefix = self.default_name
                full_name = join_name(old_name, prefix)
                index = self.core.c_first_free_index(full_name)
                vs_name = prefix + ("_%d" % index) if index else prefix
            new_name = join_name(old_name, vs_name)
            # TF's `reuse or old.reuse`; self.reuse is None, True or AUTO_REUSE
            reuse = self.reuse if self.reuse is not None else old._reuse
            scope = child_scope(old, new_name, reuse, entered)
            if self.custom_getter is not None:  # composed with the old one's
                scope._custom_getter = maybe_wrap_custom_getter(
                    self.custom_getter, old._custom_getter)
            self.counter = self.core.c_open_scope_node_in(state, new_name)
        except BaseException:
            self.leave_graph_and_name_scope()
            raise
        return self.entered_as(store, old, scope, reuse)

    @cython.final
    cdef inline object enter_graph_and_name_scope(self, _ThreadState state):
        """TF's first steps: the graph becomes the default, then the
        auxiliary name scope (this object) is entered."""
        defaults.c_push(self.graph)
        try:
            entered = self.enter_in(state)
        except BaseException:
            defaults.c_pop(self.graph)
            raise
        self.in_name_scope = True
        return entered

    @cython.final
    cdef inline int leave_graph_and_name_scope(self) except -1:
        """Undoes enter_graph_and_name_scope (an entry that failed)."""
        self.in_name_scope = False
        self.exit()
        defaults.c_pop(self.graph)
        return 0

    @cython.final
    cdef inline object entered_as(self, ScopeStoreFields store, object old,
                           VariableScopeFields scope, object reuse):
        """Makes `scope` current and remembers what the exit restores."""
        store.current_scope = scope
        self.store, self.old, self.scope = store, old, scope
        self.entry_reuse = reuse
        self.plain_done = True
        return scope

    cdef object enter_captured(self):
        """TF's path for a captured VariableScope: a new name scope after
        its last name component; then a copy of the scope (reuse as asked,
        else its own), its name counted as opened, and a checkpoint of the
        counters that the exit restores."""
        cdef _ThreadState state = self.core.state()
        if self.reenters_name_scope:  # TF's: the current one, as an absolute name
            self.scope_name = state.prefix
        self.enter_graph_and_name_scope(state)
        cdef ScopeStoreFields store
        cdef VariableScopeFields captured = self.captured, scope
        try:
            store = state_store(state, self.graph)
            old = store.current_scope
            reuse = self.reuse if self.reuse is not None else captured._reuse
            # TF's copy of it: its name, name scope and defaults, `reuse`
            scope = child_scope(captured, captured._name, reuse, captured._name_scope)
            self.core.c_open_scope(captured._name)
            self.counter = self.core.c_counters_checkpoint()
        except BaseException:
            self.leave_graph_and_name_scope()
            raise
        return self.entered_as(store, old, scope, reuse)

    def __exit__(self, type_arg, value_arg, traceback_arg):
        if self.general is not None:
            return self.general.__exit__(type_arg, value_arg, traceback_arg)
        cdef ScopeStoreFields store = self.store
        # this (exiting) thread's state of the core, looked up once
        cdef _ThreadState state = self.core.state()
        try:
            if store.current_scope is not self.scope:
                raise RuntimeError(
                    "Improper nesting of variable_scope: exit variable scopes "
                    "in the reverse order of entering them.")
            if self.captured is None:
                self.core.c_close_subscopes_node_in(state, <ps_node>self.counter)
            else:
                self.core.c_counters_restore(self.counter)
            store.current_scope = self.old
        finally:
            try:
                if self.in_name_scope:
                    self.in_name_scope = False
                    self.exit_in(state)
            finally:
                defaults.c_pop(self.graph)
        return False

    cdef object generalize(self):
        """Entered again: hand the Python implementation this object's state
        (as its own plain entry would have left it) and let it go on."""
        cdef NameScope aux = None
        if self.in_name_scope:  # still inside: a NameScope that can leave it
            aux = new_name_scope(self.core, self.scope_name)
            aux.old_prefix = self.old_prefix
            aux.old_node = self.old_node
            self.in_name_scope = False
        if self.captured is not None:
            self.general = CapturedEntry(
                self.captured, self.reuse, self.graph, self.store, self.old,
                self.scope, self.counter, self.scope_name, aux)
            return self.general
        general = PyVariableScope(self.name, default_name=self.default_name,
                                  reuse=self.reuse, custom_getter=self.custom_getter)
        general._graph = self.graph
        # the name entered (a default name made unique), below the old scope
        new_name, old_name = self.scope._name, self.old._name
        vs_name = new_name[len(old_name) + 1:] if old_name else new_name
        general._plain_entry = PlainEntry(
            self.store, self.old, self.scope, vs_name, new_name,
            self.entry_reuse, aux, self.scope._name_scope)
        self.general = general
        return general
