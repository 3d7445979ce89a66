# Declarations of the plain-C core (csrc/pyscope_core.h) for Cython.
from libc.stdint cimport uint32_t, uint64_t

cdef extern from "pyscope_core.h" nogil:
    ctypedef uint32_t ps_node
    ps_node PS_ROOT
    ps_node PS_NONE
    int PS_OK
    int PS_ENOMEM

    ctypedef struct ps_trie:
        pass
    ps_trie *ps_trie_new(int fold_case)
    void ps_trie_free(ps_trie *t)
    ps_node ps_trie_child(ps_trie *t, ps_node parent, const char *leaf, size_t len, int create, int *err)
    ps_node ps_trie_walk(ps_trie *t, ps_node start, const char *key, size_t len, int create, int *err)
    uint32_t ps_trie_value(const ps_trie *t, ps_node n)
    void ps_trie_set_value(ps_trie *t, ps_node n, uint32_t value)
    ps_node ps_trie_parent(const ps_trie *t, ps_node n)
    uint32_t ps_trie_size(const ps_trie *t)
    size_t ps_trie_memory(const ps_trie *t)
    size_t ps_trie_key(const ps_trie *t, ps_node n, char *buf, size_t cap)

    int ps_names_unique(ps_trie *t, ps_node scope, const char *key, size_t len, int mark_as_used, uint64_t *suffix, ps_node *out_node)
    int ps_valid_name(const char *name, size_t len, int at_root)

    ctypedef struct ps_counters:
        pass
    ps_counters *ps_counters_new()
    void ps_counters_free(ps_counters *c)
    uint32_t ps_counters_get(ps_counters *c, const char *key, size_t len)
    int ps_counters_open(ps_counters *c, const char *key, size_t len)
    int ps_counters_close_below(ps_counters *c, const char *key, size_t len)
    int ps_counters_open_node(ps_counters *c, const char *key, size_t len, ps_node *node)
    int ps_counters_close_below_node(ps_counters *c, ps_node node)
    int ps_counters_first_free(ps_counters *c, const char *key, size_t len, uint64_t *index)
    int ps_counters_checkpoint(ps_counters *c, uint64_t *token)
    void ps_counters_restore(ps_counters *c, uint64_t token)
    size_t ps_counters_memory(const ps_counters *c)
