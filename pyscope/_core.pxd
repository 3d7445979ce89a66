# Cython declarations of pyscope's C core binding, for `cimport`:
#
#     from pyscope._core cimport GraphCore
#     cdef GraphCore core = graph._core
#     name = core.c_unique_name("MatMul", True)
#
# Build with include_dirs=pyscope.get_include().  Requires the C backend.
from pyscope._ccore cimport ps_node, ps_trie, ps_counters


cdef class _PerThread:
    cdef bint dead


cdef class _ThreadState(_PerThread):
    cdef public str prefix  # the name scope + "/" ("" at the root)
    cdef ps_node node
    cdef ps_counters *counters
    cdef public object scope_store  # the variable layer's per-thread state


cdef class _GraphStack(_PerThread):
    cdef public list stack
    cdef public object global_default


cdef class DefaultGraphs:
    cdef object local
    cdef object factory
    cdef _GraphStack last_state
    cdef unsigned long last_ident
    cdef _GraphStack state(self)
    cpdef object get_default(self)
    cdef int c_push(self, object graph) except -1
    cdef int c_pop(self, object graph) except -1


cdef class NameScope:
    cdef GraphCore core
    cdef object scope_name
    cdef str old_prefix
    cdef ps_node old_node
    cdef object enter(self)
    cdef object enter_in(self, _ThreadState state)
    cdef void exit(self)
    cdef void exit_in(self, _ThreadState state)


cdef NameScope new_name_scope(GraphCore core, object name)


cdef class GraphCore:
    cdef object __weakref__
    cdef ps_trie *names
    cdef ps_trie *ops
    cdef ps_trie *var_index
    cdef list var_list
    cdef object local
    cdef _ThreadState last_state
    cdef unsigned long last_ident

    cdef _ThreadState state(self)
    cdef _ThreadState state_slow(self, unsigned long ident)
    cdef ps_node stack_node(self, str stack) except? 0xFFFFFFFE
    cdef ps_node prefix_node(self, str prefix) except? 0xFFFFFFFE
    cdef ps_node walk_names(self, const char *data, Py_ssize_t size) except? 0xFFFFFFFE
    cdef str unique_in(self, _ThreadState state, str name, bint mark, ps_node *out_node)
    cdef str unique_key(self, _ThreadState state, str name, const char *data,
                        Py_ssize_t size, bint mark, ps_node *out_node, bint slash)
    cdef int c_open_scope(self, str name) except -1
    cdef ps_node c_open_scope_node(self, str name) except? 0xFFFFFFFE
    cdef ps_node c_open_scope_node_in(self, _ThreadState state, str name) except? 0xFFFFFFFE
    cdef int c_close_subscopes_node(self, ps_node node) except -1
    cdef int c_close_subscopes_node_in(self, _ThreadState state, ps_node node) except -1
    cdef unsigned long long c_first_free_index(self, str name) except? 0xFFFFFFFFFFFFFFFF
    cdef unsigned long long c_counters_checkpoint(self) except 0
    cdef void c_counters_restore(self, unsigned long long token)
    # The public C-level API (same behaviour as the Python methods):
    cpdef str c_unique_name(self, str name, bint mark_as_used=*)
    cpdef object c_lookup_variable(self, str name)
    cdef object c_lookup_unpartitioned(self, str name)
