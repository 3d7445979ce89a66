# cython: language_level=3, boundscheck=False, cdivision=True, binding=False, embedsignature=True, embedsignature.format=clinic
# binding=False: methods and functions are C descriptors, so a bound call is
# one C call (no Python function object in between): ~10 ns off each call.
"""The Cython binding of the C core (csrc/).  It converts and forwards: the
naming algorithms live in C; this file turns Python strings into UTF-8 keys,
keeps the per-thread state and builds the returned strings.  Behaviour is
identical to the pure twin, pyscope/_pure.py (the tests run both)."""
from cpython.unicode cimport PyUnicode_Check
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_GET_SIZE
from libc.stdint cimport uint32_t, uint64_t
from libc.string cimport memcpy

from pyscope._ccore cimport *

import threading

from pyscope import _naming_rules as rules

BACKEND = "c"

cdef extern from "Python.h":
    object PyUnicode_New(Py_ssize_t size, Py_UCS4 maxchar)
    void *PyUnicode_DATA(object s)
    const char *PyUnicode_AsUTF8AndSize(object s, Py_ssize_t *size) except NULL
    bint PyUnicode_IS_ASCII(object s)
    Py_UCS4 PyUnicode_READ_CHAR(object s, Py_ssize_t index)
    unsigned long PyThread_get_thread_ident()


cdef inline object key_of(str s, bint fold):
    """What the C core is given for s: s itself when ASCII (the core folds
    ASCII case), else the UTF-8 bytes of s, or of s.lower() when folding.
    Hold the result while using key_data()'s pointer."""
    if PyUnicode_IS_ASCII(s):
        return s
    return (s.lower() if fold else s).encode("utf-8", "surrogatepass")


cdef inline const char *key_data(object key, Py_ssize_t *size) except NULL:
    if PyUnicode_Check(key):
        return PyUnicode_AsUTF8AndSize(key, size)
    size[0] = PyBytes_GET_SIZE(key)
    return PyBytes_AS_STRING(key)


cdef str ascii_join(str prefix, str name, uint64_t suffix, bint slash):
    """prefix + name + "_<suffix>" (when suffix) + "/" (when slash), for
    ASCII parts, built in one allocation."""
    cdef char digits[24]
    cdef Py_ssize_t i, n_digits = 0, prefix_len = len(prefix), name_len = len(name)
    cdef uint64_t j = suffix
    while j:
        digits[n_digits] = <char>(48 + j % 10)
        n_digits += 1
        j //= 10
    cdef Py_ssize_t total = prefix_len + name_len + (n_digits + 1 if n_digits else 0) + slash
    cdef str out = PyUnicode_New(total, 127)
    cdef char *dst = <char *>PyUnicode_DATA(out)
    memcpy(dst, PyUnicode_DATA(prefix), prefix_len)
    dst += prefix_len
    memcpy(dst, PyUnicode_DATA(name), name_len)
    dst += name_len
    if n_digits:
        dst[0] = 95  # '_'
        for i in range(n_digits):
            dst[1 + i] = digits[n_digits - 1 - i]
        dst += n_digits + 1
    if slash:
        dst[0] = 47  # '/'
    return out


cdef inline str name_stack_of(_ThreadState state):
    """TF's _name_stack: the current scope without its trailing "/"."""
    cdef str prefix = state.prefix
    return prefix[:len(prefix) - 1] if prefix else ""


cdef inline int check(int status) except -1:
    if status != PS_OK:
        raise MemoryError("pyscope core: out of memory")
    return 0


cdef class _PerThread:
    """Per-thread state found through a one-entry (thread ident) cache; a
    _Reaper in the thread's locals marks it dead when the thread ends."""


cdef inline _PerThread cached_state(object local, type kind, unsigned long ident):
    cdef _PerThread st = getattr(local, "state", None)
    cdef _Reaper reaper
    if st is None:
        st = kind()
        reaper = _Reaper()
        reaper.state = st
        local.state = st
        local.reaper = reaper
    return st


cdef class _ThreadState(_PerThread):
    """Per-thread, per-graph state: the name stack (with its node in the
    used-names trie) and the default-name counters."""

    def __cinit__(self):
        self.prefix = ""
        self.node = PS_ROOT
        self.counters = ps_counters_new()
        if self.counters == NULL:
            raise MemoryError()

    def __dealloc__(self):
        ps_counters_free(self.counters)


cdef class _Reaper:
    """Lives in the thread-local dict beside a _ThreadState: when the thread
    ends its locals are cleared and this marks the state dead, so the
    one-entry cache in GraphCore never hands it to a later thread that
    reuses the ident."""
    cdef _PerThread state

    def __dealloc__(self):
        if self.state is not None:
            self.state.dead = True


cdef class NameScope:
    """``with graph.name_scope(name) as scope:``: a context manager that
    creates hierarchical names for operations (TF's `Graph.name_scope`).

    `scope` is the new scope's name with a trailing '/': `name` made unique
    below the current scope; a name ending in '/' re-enters that scope as
    is; None or '' resets to the root.  The name is checked on entry, as
    TF's."""

    def __init__(self, GraphCore core, name):
        self.core = core
        self.scope_name = name

    def __enter__(self):
        return self.enter()

    def __exit__(self, exc_type, exc, tb):
        self.exit()
        return False

    cdef object enter(self):
        return self.enter_in(self.core.state())

    cdef object enter_in(self, _ThreadState state):
        """enter() with this thread's state of the core at hand."""
        cdef object name = self.scope_name
        cdef Py_ssize_t size
        cdef const char *data
        cdef object k
        cdef str returned
        cdef ps_node new_node = PS_ROOT
        cdef bint at_root = not state.prefix
        # TF's `if name:` (a str's truth is its length: no generic call)
        cdef bint has_name = len(<str>name) != 0 if type(name) is str else bool(name)
        if has_name:
            if type(name) is not str:
                if isinstance(name, (bytes, bytearray)):
                    name = bytes(name).decode("utf-8")
                if not PyUnicode_Check(name):
                    raise rules.not_a_string(name, "scope name")
            k = key_of(<str>name, False)
            data = key_data(k, &size)
            if not ps_valid_name(data, size, at_root):
                raise rules.invalid_scope_name(name, at_root)
        if not has_name:
            returned = ""
        elif PyUnicode_READ_CHAR(name, len(<str>name) - 1) == 47:  # '/'
            returned = name  # an absolute scope, re-entered as given
            new_node = self.core.prefix_node(returned)
        else:
            # valid names are ASCII: the validated bytes are the key too
            returned = self.core.unique_key(state, <str>name, data, size, True, &new_node, True)
        self.old_prefix = state.prefix
        self.old_node = state.node
        # the returned scope string is the new prefix itself, except "/"
        # (TF's name stack "" then: the root)
        state.prefix = returned if len(returned) != 1 else ""
        state.node = new_node
        return returned

    cdef void exit(self):
        self.exit_in(self.core.state())

    cdef void exit_in(self, _ThreadState state):
        state.prefix = self.old_prefix
        state.node = self.old_node


cdef NameScope new_name_scope(GraphCore core, object name):
    """NameScope(core, name) without Python-level argument parsing."""
    cdef NameScope scope = NameScope.__new__(NameScope)
    scope.core = core
    scope.scope_name = name
    return scope


cdef class GraphCore:
    """The naming tables of one graph: used names and op names (shared by all
    threads), the variable store, and per-thread name stack and counters.

    Tables (declared in _core.pxd): `names`, lower-cased used names -> TF's
    use count; `ops`, op names; `var_index`, variable full names -> index + 1
    in `var_list`; `local`, the threading.local holding each thread's state,
    with `last_state`/`last_ident` caching the last thread's."""

    def __cinit__(self):
        self.names = ps_trie_new(1)
        self.ops = ps_trie_new(0)
        self.var_index = ps_trie_new(0)
        if self.names == NULL or self.ops == NULL or self.var_index == NULL:
            raise MemoryError()
        self.var_list = []
        self.local = threading.local()

    def __dealloc__(self):
        ps_trie_free(self.names)
        ps_trie_free(self.ops)
        ps_trie_free(self.var_index)

    cdef _ThreadState state(self):
        cdef unsigned long ident = PyThread_get_thread_ident()
        cdef _ThreadState st = self.last_state
        if st is not None and self.last_ident == ident and not st.dead:
            return st
        return self.state_slow(ident)

    cdef _ThreadState state_slow(self, unsigned long ident):
        cdef _ThreadState st = <_ThreadState>cached_state(self.local, _ThreadState, ident)
        self.last_state = st
        self.last_ident = ident
        return st

    cdef ps_node stack_node(self, str stack) except? 0xFFFFFFFE:
        """The used-names node of an absolute scope string ('' is the root)."""
        if not stack:
            return PS_ROOT
        cdef Py_ssize_t size
        cdef object k = key_of(stack, True)
        cdef const char *data = key_data(k, &size)
        return self.walk_names(data, size)

    cdef ps_node prefix_node(self, str prefix) except? 0xFFFFFFFE:
        """stack_node of prefix without its trailing "/" (not copied)."""
        cdef Py_ssize_t size
        cdef object k = key_of(prefix, True)
        cdef const char *data = key_data(k, &size)
        return self.walk_names(data, size - 1) if size > 1 else PS_ROOT

    cdef ps_node walk_names(self, const char *data, Py_ssize_t size) except? 0xFFFFFFFE:
        cdef int err = 0
        cdef ps_node n = ps_trie_walk(self.names, PS_ROOT, data, size, 1, &err)
        check(err)
        return n

    cdef str unique_in(self, _ThreadState state, str name, bint mark, ps_node *out_node):
        """The unique name for `name`; its node into *out_node unless NULL
        (an op name: its node is not needed, so it may stay implicit)."""
        cdef Py_ssize_t size
        cdef object k = key_of(name, True)
        cdef const char *data = key_data(k, &size)
        return self.unique_key(state, name, data, size, mark, out_node, False)

    cdef str unique_key(self, _ThreadState state, str name, const char *data,
                        Py_ssize_t size, bint mark, ps_node *out_node, bint slash):
        """unique_in with name's key (its UTF-8, lower-cased unless ASCII)
        already at data[0:size]; with `slash`, the result ends in "/" (a new
        name scope's prefix)."""
        cdef uint64_t suffix
        check(ps_names_unique(self.names, state.node, data, size, mark, &suffix, out_node))
        cdef str prefix = state.prefix
        if not prefix and not suffix and not slash:
            return name
        if PyUnicode_IS_ASCII(name) and PyUnicode_IS_ASCII(prefix):
            return ascii_join(prefix, name, suffix, slash)
        name = prefix + name
        if suffix:
            name = name + "_" + str(suffix)
        return name + "/" if slash else name

    cpdef str c_unique_name(self, str name, bint mark_as_used=True):
        return self.unique_in(self.state(), name, mark_as_used, NULL)

    cpdef object c_lookup_variable(self, str name):
        cdef Py_ssize_t size
        cdef object k
        k = key_of(name, False)
        cdef const char *data = key_data(k, &size)
        cdef uint32_t i = ps_trie_value(self.var_index, ps_trie_walk(self.var_index, PS_ROOT, data, size, 0, NULL))
        return self.var_list[i - 1] if i else None

    cdef object c_lookup_unpartitioned(self, str name):
        """The object stored as `name`, or None when there is none or when
        `name/part_0` is stored too (one walk, for the reuse fast path)."""
        cdef Py_ssize_t size
        cdef object k = key_of(name, False)
        cdef const char *data = key_data(k, &size)
        cdef ps_node n = ps_trie_walk(self.var_index, PS_ROOT, data, size, 0, NULL)
        cdef uint32_t i = ps_trie_value(self.var_index, n)
        if not i:
            return None
        if ps_trie_value(self.var_index, ps_trie_child(self.var_index, n, "part_0", 6, 0, NULL)):
            return None
        return self.var_list[i - 1]

    # -- unique names -----------------------------------------------------
    def unique_name(self, name, mark_as_used=True):
        """Return a unique operation name for `name`.

        Names are made unique under the current name scope by appending
        `_N`; with `mark_as_used` False the name is returned but not taken.
        """
        cdef _ThreadState state = self.state()
        if not PyUnicode_Check(name):
            raise rules.unique_name_type_error(name, state.prefix)
        return self.unique_in(state, <str>name, bool(mark_as_used), NULL)

    # -- name scopes ------------------------------------------------------
    def name_scope(self, name):
        """Returns a context manager that creates hierarchical names for
        operations, yielding the scope's name with a trailing '/'."""
        return new_name_scope(self, name)

    def get_name_scope(self):
        """Returns the current name scope ('' at the root)."""
        return name_stack_of(self.state())

    @property
    def _name_stack(self):
        return name_stack_of(self.state())

    @_name_stack.setter
    def _name_stack(self, value):
        cdef _ThreadState state = self.state()
        value = value or ""
        state.node = self.stack_node(value)
        state.prefix = value + "/" if value else ""

    # -- ops --------------------------------------------------------------
    def create_op_name(self, name=None):
        """Reserves and returns the name an op called `name` ("NoOp" when
        None) gets in the current name scope."""
        cdef Py_ssize_t size
        cdef object k
        if name is None or (PyUnicode_Check(name) and not name):
            name = rules.DEFAULT_OP_NAME
        with self.name_scope(name) as scope:
            op_name = scope[:-1]
        k = key_of(op_name, False)
        cdef const char *data = key_data(k, &size)
        if not ps_valid_name(data, size, 1):
            raise rules.invalid_op_name(op_name)
        self._register_op(op_name)
        return op_name

    def _register_op(self, str op_name):
        cdef Py_ssize_t size
        cdef object k
        cdef int err = 0
        k = key_of(op_name, False)
        cdef const char *data = key_data(k, &size)
        cdef ps_node n = ps_trie_walk(self.ops, PS_ROOT, data, size, 1, &err)
        check(err)
        if ps_trie_value(self.ops, n):
            raise rules.duplicate_op(op_name)
        ps_trie_set_value(self.ops, n, 1)

    def _has_op(self, str op_name):
        cdef Py_ssize_t size
        cdef object k
        k = key_of(op_name, False)
        cdef const char *data = key_data(k, &size)
        return ps_trie_value(self.ops, ps_trie_walk(self.ops, PS_ROOT, data, size, 0, NULL)) != 0

    # -- the variable store -----------------------------------------------
    def _lookup_variable(self, str name):
        return self.c_lookup_variable(name)

    def _store_variable(self, str name, value):
        cdef Py_ssize_t size
        cdef object k
        cdef int err = 0
        k = key_of(name, False)
        cdef const char *data = key_data(k, &size)
        cdef ps_node n = ps_trie_walk(self.var_index, PS_ROOT, data, size, 1, &err)
        check(err)
        cdef uint32_t i = ps_trie_value(self.var_index, n)
        if i:
            self.var_list[i - 1] = value
        else:
            self.var_list.append(value)
            ps_trie_set_value(self.var_index, n, len(self.var_list))

    def _num_variables(self):
        return len(self.var_list)

    # -- default-name counters (per thread) ---------------------------------
    def _scope_count(self, str name):
        cdef Py_ssize_t size
        cdef object k
        k = key_of(name, False)
        cdef const char *data = key_data(k, &size)
        return ps_counters_get(self.state().counters, data, size)

    def _open_scope(self, str name):
        self.c_open_scope(name)

    cdef int c_open_scope(self, str name) except -1:
        cdef Py_ssize_t size
        cdef object k = key_of(name, False)
        cdef const char *data = key_data(k, &size)
        return check(ps_counters_open(self.state().counters, data, size))

    cdef ps_node c_open_scope_node(self, str name) except? 0xFFFFFFFE:
        """c_open_scope, returning the counter's node for c_close_subscopes_node."""
        return self.c_open_scope_node_in(self.state(), name)

    cdef ps_node c_open_scope_node_in(self, _ThreadState state, str name) except? 0xFFFFFFFE:
        cdef Py_ssize_t size
        cdef ps_node node
        cdef object k = key_of(name, False)
        cdef const char *data = key_data(k, &size)
        check(ps_counters_open_node(state.counters, data, size, &node))
        return node

    cdef int c_close_subscopes_node(self, ps_node node) except -1:
        return self.c_close_subscopes_node_in(self.state(), node)

    cdef int c_close_subscopes_node_in(self, _ThreadState state, ps_node node) except -1:
        return check(ps_counters_close_below_node(state.counters, node))

    def _close_subscopes(self, name):
        cdef Py_ssize_t size
        cdef object k
        cdef const char *data
        if name is None:
            check(ps_counters_close_below(self.state().counters, NULL, 0))
            return
        k = key_of(<str?>name, False)
        data = key_data(k, &size)
        check(ps_counters_close_below(self.state().counters, data, size))

    cdef unsigned long long c_first_free_index(self, str name) except? 0xFFFFFFFFFFFFFFFF:
        cdef Py_ssize_t size
        cdef uint64_t index
        cdef object k = key_of(name, False)
        cdef const char *data = key_data(k, &size)
        check(ps_counters_first_free(self.state().counters, data, size, &index))
        return index

    def _first_free_scope_index(self, str name):
        cdef Py_ssize_t size
        cdef object k
        cdef uint64_t index
        k = key_of(name, False)
        cdef const char *data = key_data(k, &size)
        check(ps_counters_first_free(self.state().counters, data, size, &index))
        return index

    def _counters_checkpoint(self):
        """A token for _counters_restore: this thread's counts as they are."""
        return self.c_counters_checkpoint()

    def _counters_restore(self, uint64_t token):
        self.c_counters_restore(token)

    cdef unsigned long long c_counters_checkpoint(self) except 0:
        cdef uint64_t token = 0
        check(ps_counters_checkpoint(self.state().counters, &token))
        return token

    cdef void c_counters_restore(self, unsigned long long token):
        ps_counters_restore(self.state().counters, token)

    def _thread_scope_store(self):
        """This thread's variable-scope store (set by the variable layer)."""
        return self.state().scope_store

    def _set_thread_scope_store(self, store):
        self.state().scope_store = store

    def _memory_usage(self):
        """Bytes allocated by the C tables (for the benchmarks)."""
        return {"names": ps_trie_memory(self.names),
                "used_names": ps_trie_size(self.names),
                "ops": ps_trie_memory(self.ops),
                "variables": ps_trie_memory(self.var_index)}


# -- the default-graph stack and tf.compat.v1.name_scope -----------------------
cdef class _GraphStack(_PerThread):
    """One thread's default-graph stack and lazily made global default."""

    def __cinit__(self):
        self.stack = []
        self.global_default = None


cdef class DefaultGraphs:
    """The per-thread default-graph stack (TF's _DefaultGraphStack): a new
    thread starts with its own fresh default graph.  `factory` makes that
    graph (pyscope.Graph)."""

    def __cinit__(self, factory):
        self.factory = factory
        self.local = threading.local()

    cdef _GraphStack state(self):
        cdef unsigned long ident = PyThread_get_thread_ident()
        cdef _GraphStack st = self.last_state
        if st is not None and self.last_ident == ident and not st.dead:
            return st
        st = <_GraphStack>cached_state(self.local, _GraphStack, ident)
        self.last_state = st
        self.last_ident = ident
        return st

    cpdef object get_default(self):
        """Returns the default graph for the current thread.

        The returned graph will be the innermost graph on which a
        `Graph.as_default()` context has been entered, or a global default
        graph if none has been explicitly created."""
        cdef _GraphStack st = self.state()
        if st.stack:
            return st.stack[len(st.stack) - 1]
        if st.global_default is None:
            st.global_default = self.factory()
        return st.global_default

    def push(self, graph):
        self.c_push(graph)

    def pop(self, graph):
        """Leaves `graph`'s as_default block: it must be the innermost."""
        self.c_pop(graph)

    cdef int c_push(self, object graph) except -1:
        self.state().stack.append(graph)
        return 0

    cdef int c_pop(self, object graph) except -1:
        cdef list stack = self.state().stack
        if stack:  # reset() may have emptied it
            if stack[len(stack) - 1] is not graph:
                raise AssertionError(
                    "Nesting violated for default stack of <class "
                    "'pyscope.Graph'> objects: exit as_default() blocks in "
                    "the reverse order of entering them")
            stack.pop()
        return 0

    def is_cleared(self):
        return not self.state().stack

    def reset(self):
        cdef _GraphStack st = self.state()
        st.stack = []
        st.global_default = None


cdef DefaultGraphs default_graphs = None
cdef object graph_from_values = None


def use_default_graphs(DefaultGraphs graphs, values_graph=None):
    """Registers the process's default-graph stack (and how to find the
    graph of a name scope's `values`) for NameScopeV1."""
    global default_graphs, graph_from_values
    default_graphs = graphs
    if values_graph is not None:
        graph_from_values = values_graph


cdef class NameScopeV1(NameScope):
    # tf.compat.v1.name_scope on the default graph.  On a C-core graph it is
    # itself the entered NameScope (no second object); `values` select their
    # graph, as TF.  Its docstring repeats its twin's (pyscope._pure), which
    # tests/test_signatures.py checks.
    """NameScopeV1(name, default_name=None, values=None)
--

A context manager for use when defining a Python op.

    This context manager validates that the given `values` are from the
    same graph, makes that graph the default graph, and pushes a name scope
    in that graph (see `Graph.name_scope` for more details on that).  It
    yields the scope's name, with a trailing '/'.

    For example, to define a new Python op called `my_op`:

    ```python
    def my_op(a, b, c, name=None):
      with ps.name_scope(name, "MyOp", [a, b, c]) as scope:
        ...
        return ps.create_op_name(scope)
    ```

    `name` None with `default_name` None, or '', resets to the root scope;
    a name ending in '/' re-enters that (absolute) scope as is.

    Args:
      name: The name argument that is passed to the op function.
      default_name: The default name to use if the `name` argument is
        `None`.
      values: The list of `Variable` arguments that are passed to the op
        function.

    Raises:
      TypeError: if `default_name` is passed in but not a string.
    """
    cdef object default_name
    cdef object values
    cdef object general  # the scope entered on a graph of the pure backend
    cdef object pushed
    cdef int inside      # -1 before the first entry, then 1 inside or 0

    def __init__(self, name, default_name=None, values=None):
        if not (default_name is None or PyUnicode_Check(default_name)):
            raise TypeError(
                f"`default_name` type ({type(default_name)}) is not a string "
                f"type. You likely meant to pass this into the `values` kwarg.")
        self.scope_name = default_name if name is None else name
        self.default_name = default_name
        self.values = values
        self.inside = -1

    @property
    def name(self):
        """The scope's name as given (`default_name` when `name` is None)."""
        return self.scope_name

    def __enter__(self):
        if self.scope_name is None and self.values is not None:
            raise ValueError(
                f"At least one of name ({self.scope_name}) and default_name "
                f"({self.default_name}) must be provided.")
        if self.inside == 1:
            # Entered again while inside: TF's previous entry is closed first
            # (its generator is dropped), so this one opens at the same level.
            self.leave(None, None, None)
        graph = default_graphs.get_default()
        self.pushed = None
        if self.values:  # as TF: the values' graph becomes the default
            values_graph = graph_from_values(self.values)
            if values_graph is not graph:
                graph = self.pushed = values_graph
                default_graphs.c_push(graph)
        core = graph._core
        try:
            if type(core) is GraphCore:
                self.core = <GraphCore>core
                self.general = None
                entered = self.enter()
            else:
                scope = graph.name_scope(self.scope_name)
                entered = scope.__enter__()
                self.general = scope
        except BaseException:
            if self.pushed is not None:
                default_graphs.c_pop(self.pushed)
            raise
        self.inside = 1
        return entered

    def __exit__(self, exc_type, exc, tb):
        if self.inside == 0:
            return False  # closed already (entered again meanwhile): as TF
        return self.leave(exc_type, exc, tb)

    cdef object leave(self, exc_type, exc, tb):
        self.inside = 0
        try:
            if self.general is None:
                self.exit()
                return False
            return self.general.__exit__(exc_type, exc, tb)
        finally:
            if self.pushed is not None:
                default_graphs.c_pop(self.pushed)


# -- the C API for embedders (pyscope/include/pyscope_capi.h) ------------------
cimport cython
from cpython.pycapsule cimport PyCapsule_New
from cpython.ref cimport PyObject, PyTypeObject, Py_INCREF, Py_DECREF
from libc.string cimport strlen


cdef extern from "ps_util.h":
    size_t ps_format_suffix(char *dst, uint64_t j)
    int ps_is_ascii(const char *s, size_t len)


cdef extern from "Python.h":
    PyTypeObject *type_of "Py_TYPE"(PyObject *o)


cdef extern from "pyscope_capi.h":
    int PYSCOPE_CAPI_VERSION
    const char *PYSCOPE_CAPSULE_NAME
    ctypedef struct PyScopeCAPI:
        unsigned int version
        unsigned int size
        void *unique_name
        void *create_op_name
        void *name_scope_push
        void *name_scope_pop
        void *get_name_scope
        void *lookup_variable
        void *graph_open
        void *graph_close
        void *unique_name_into
        void *unique_names_into
        void *scope_push
        void *scope_pop
        void *name_scope_into


cdef GraphCore core_of(object graph):
    if isinstance(graph, GraphCore):
        return <GraphCore>graph
    core = getattr(graph, "_core", None)
    if isinstance(core, GraphCore):
        return <GraphCore>core
    raise TypeError(
        f"the pyscope C API needs a pyscope.Graph on the C backend (or its "
        f"_core), got {type(graph).__name__}; graphs made with PYSCOPE_PURE=1 "
        f"have no C tables")


cdef str decode_name(const char *name, Py_ssize_t size):
    return name[:size].decode("utf-8", "surrogatepass")


# version 1: Python objects in and out

cdef object capi_unique_name(object graph, const char *name, Py_ssize_t size, int mark):
    return core_of(graph).c_unique_name(decode_name(name, size), mark != 0)


cdef object capi_create_op_name(object graph, const char *name, Py_ssize_t size):
    return core_of(graph).create_op_name(decode_name(name, size))


cdef object capi_name_scope_push(object graph, const char *name, Py_ssize_t size, PyObject **scope):
    cdef NameScope token = new_name_scope(core_of(graph), decode_name(name, size))
    cdef object entered = token.enter()
    if scope != NULL:
        Py_INCREF(entered)
        scope[0] = <PyObject *>entered
    return token


cdef int capi_name_scope_pop(object token) except -1:
    if not isinstance(token, NameScope):
        raise TypeError("name_scope_pop() takes the token name_scope_push() returned")
    (<NameScope>token).exit()
    return 0


cdef object capi_get_name_scope(object graph):
    return name_stack_of(core_of(graph).state())


cdef object capi_lookup_variable(object graph, const char *name, Py_ssize_t size):
    return core_of(graph).c_lookup_variable(decode_name(name, size))


# version 2: a handle per graph and thread, names written into C buffers

cdef inline Py_ssize_t name_length(const char *name, Py_ssize_t size):
    return <Py_ssize_t>strlen(name) if size < 0 else size


cdef inline Py_ssize_t suffix_length(uint64_t suffix):
    cdef Py_ssize_t n = 0
    if not suffix:
        return 0
    while suffix:
        n += 1
        suffix //= 10
    return n + 1  # and the "_"


cdef inline Py_ssize_t write_name(char *buf, const char *prefix, Py_ssize_t prefix_len,
                                  const char *name, Py_ssize_t size, uint64_t suffix):
    """prefix + name + "_<suffix>" (when suffix) + NUL at buf; its length."""
    memcpy(buf, prefix, prefix_len)
    memcpy(buf + prefix_len, name, size)
    cdef Py_ssize_t n = prefix_len + size
    if suffix:
        n += ps_format_suffix(buf + n, suffix)
    buf[n] = 0
    return n


cdef Py_ssize_t copy_out(bytes out, char *buf, Py_ssize_t cap):
    cdef Py_ssize_t n = len(out)
    if n < cap:
        memcpy(buf, <const char *>out, n)
        buf[n] = 0
    return n


cdef inline const char *prefix_of(_ThreadState state, Py_ssize_t *size) except NULL:
    """The UTF-8 of the thread's scope prefix (its own bytes when ASCII)."""
    cdef str prefix = state.prefix
    if PyUnicode_IS_ASCII(prefix):
        size[0] = len(prefix)
        return <const char *>PyUnicode_DATA(prefix)
    return PyUnicode_AsUTF8AndSize(prefix, size)


cdef inline Py_ssize_t ascii_name_into(ps_trie *names, ps_node scope, const char *prefix,
                                       Py_ssize_t prefix_len, const char *name,
                                       Py_ssize_t size, bint mark, char *buf,
                                       Py_ssize_t cap) except -1:
    """unique_name_into for an ASCII name (its own key: the core folds its
    case) in the scope whose node is `scope` and UTF-8 is prefix[0:prefix_len]."""
    cdef uint64_t suffix
    cdef Py_ssize_t need
    if cap > prefix_len + size + 21:  # room for any suffix: one lookup
        check(ps_names_unique(names, scope, name, size, mark, &suffix, NULL))
    else:  # ask first, so that a name that does not fit marks nothing
        check(ps_names_unique(names, scope, name, size, 0, &suffix, NULL))
        need = prefix_len + size + suffix_length(suffix)
        if need >= cap:
            return need
        if mark:
            check(ps_names_unique(names, scope, name, size, 1, &suffix, NULL))
    return write_name(buf, prefix, prefix_len, name, size, suffix)


@cython.final  # direct calls to its methods, no vtable
cdef class GraphHandle:
    """What a PyScopeGraph* points to: a graph, its core and the opening
    thread's state, held until graph_close()."""
    cdef object graph
    cdef GraphCore core
    cdef _ThreadState state
    cdef unsigned long ident
    cdef list scopes  # NameScope tokens of scope_push, innermost last

    cdef Py_ssize_t unique_into(self, const char *name, Py_ssize_t size, bint mark,
                                char *buf, Py_ssize_t cap) except -1:
        """unique_name_into (see the header) for name[0:size]."""
        cdef Py_ssize_t prefix_len
        if not ps_is_ascii(name, size):
            return self.unique_into_general(name, size, mark, buf, cap)
        cdef const char *prefix = prefix_of(self.state, &prefix_len)
        return ascii_name_into(self.core.names, self.state.node, prefix, prefix_len,
                               name, size, mark, buf, cap)

    cdef Py_ssize_t unique_into_general(self, const char *name, Py_ssize_t size, bint mark,
                                        char *buf, Py_ssize_t cap) except -1:
        """unique_into for a non-ASCII name, through the Python-level path."""
        cdef str text = decode_name(name, size)
        cdef bytes out = self.core.unique_in(self.state, text, False, NULL).encode(
            "utf-8", "surrogatepass")
        if len(out) >= cap or not mark:
            return copy_out(out, buf, cap)
        out = self.core.unique_in(self.state, text, True, NULL).encode("utf-8", "surrogatepass")
        return copy_out(out, buf, cap)

    cdef Py_ssize_t unique_many(self, const char *const *names, const Py_ssize_t *lens,
                                Py_ssize_t count, bint mark, char *buf, Py_ssize_t cap,
                                Py_ssize_t *offsets) except -1:
        cdef Py_ssize_t i, n, size, prefix_len, used = 0
        if count < 0 or (count and (names == NULL or offsets == NULL)) or cap < 0:
            raise ValueError("unique_names_into() needs count >= 0, cap >= 0, and "
                             "names and offsets (count + 1 entries) when count > 0")
        for i in range(count):  # every name checked before any is marked
            if names[i] == NULL:
                raise ValueError(f"unique_names_into(): names[{i}] is NULL")
            size = name_length(names[i], lens[i] if lens != NULL else -1)
            if not ps_is_ascii(names[i], size):
                decode_name(names[i], size)
        # the scope cannot change during the call: its prefix is read once
        cdef const char *prefix = prefix_of(self.state, &prefix_len)
        cdef ps_trie *table = self.core.names
        cdef ps_node scope = self.state.node
        offsets[0] = 0
        for i in range(count):
            size = name_length(names[i], lens[i] if lens != NULL else -1)
            if ps_is_ascii(names[i], size):
                n = ascii_name_into(table, scope, prefix, prefix_len, names[i], size, mark,
                                    buf + used, cap - used)
            else:
                n = self.unique_into_general(names[i], size, mark, buf + used, cap - used)
            if n >= cap - used:
                return i
            used += n + 1
            offsets[i + 1] = used
        return count

    cdef int push(self, const char *name, Py_ssize_t size) except -1:
        cdef NameScope token = new_name_scope(self.core, name[:size].decode("utf-8"))
        token.enter_in(self.state)
        self.scopes.append(token)
        return 0

    cdef int pop(self) except -1:
        if not self.scopes:
            raise RuntimeError("scope_pop() without a scope_push() on this handle "
                               "to match: pop each pushed scope once")
        (<NameScope>self.scopes.pop()).exit_in(self.state)
        return 0

    cdef Py_ssize_t scope_into(self, char *buf, Py_ssize_t cap) except -1:
        cdef Py_ssize_t prefix_len
        cdef const char *prefix = prefix_of(self.state, &prefix_len)
        cdef Py_ssize_t n = prefix_len - 1 if prefix_len else 0  # without the "/"
        if n < cap:
            memcpy(buf, prefix, n)
            buf[n] = 0
        return n


cdef inline GraphHandle handle_of(PyObject *handle):
    """The handle behind a PyScopeGraph*, checked (None with an error set)."""
    if handle == NULL or type_of(handle) != <PyTypeObject *>GraphHandle:
        raise TypeError("not a pyscope graph handle: pass what graph_open() "
                        "returned, before graph_close()")
    cdef GraphHandle h = <GraphHandle>handle
    if PyThread_get_thread_ident() != h.ident or h.state.dead:
        raise RuntimeError("a pyscope graph handle is used by the thread that "
                           "opened it: call graph_open() in this thread")
    return h


cdef PyObject *capi_graph_open(object graph) except NULL:
    cdef GraphCore core = core_of(graph)
    cdef GraphHandle h = GraphHandle.__new__(GraphHandle)
    h.graph = graph
    h.core = core
    h.state = core.state()
    h.ident = PyThread_get_thread_ident()
    h.scopes = []
    Py_INCREF(h)  # the caller's reference, until graph_close()
    return <PyObject *>h


cdef int capi_graph_close(PyObject *handle) except -1:
    if handle == NULL:
        return 0
    if type_of(handle) != <PyTypeObject *>GraphHandle:
        raise TypeError("graph_close() takes what graph_open() returned")
    Py_DECREF(<object>handle)
    return 0


cdef Py_ssize_t capi_unique_name_into(PyObject *handle, const char *name, Py_ssize_t size,
                                      int mark, char *buf, Py_ssize_t cap) except -1:
    return handle_of(handle).unique_into(name, name_length(name, size), mark != 0, buf, cap)


cdef Py_ssize_t capi_unique_names_into(PyObject *handle, const char *const *names,
                                       const Py_ssize_t *lens, Py_ssize_t count, int mark,
                                       char *buf, Py_ssize_t cap,
                                       Py_ssize_t *offsets) except -1:
    return handle_of(handle).unique_many(names, lens, count, mark != 0, buf, cap, offsets)


cdef int capi_scope_push(PyObject *handle, const char *name, Py_ssize_t size) except -1:
    return handle_of(handle).push(name, name_length(name, size))


cdef int capi_scope_pop(PyObject *handle) except -1:
    return handle_of(handle).pop()


cdef Py_ssize_t capi_name_scope_into(PyObject *handle, char *buf, Py_ssize_t cap) except -1:
    return handle_of(handle).scope_into(buf, cap)


cdef PyScopeCAPI c_api
c_api.version = PYSCOPE_CAPI_VERSION
c_api.size = sizeof(PyScopeCAPI)
c_api.unique_name = <void *>capi_unique_name
c_api.create_op_name = <void *>capi_create_op_name
c_api.name_scope_push = <void *>capi_name_scope_push
c_api.name_scope_pop = <void *>capi_name_scope_pop
c_api.get_name_scope = <void *>capi_get_name_scope
c_api.lookup_variable = <void *>capi_lookup_variable
c_api.graph_open = <void *>capi_graph_open
c_api.graph_close = <void *>capi_graph_close
c_api.unique_name_into = <void *>capi_unique_name_into
c_api.unique_names_into = <void *>capi_unique_names_into
c_api.scope_push = <void *>capi_scope_push
c_api.scope_pop = <void *>capi_scope_pop
c_api.name_scope_into = <void *>capi_name_scope_into
_C_API = PyCapsule_New(<void *>&c_api, PYSCOPE_CAPSULE_NAME, NULL)
