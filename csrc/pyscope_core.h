/*
 * pyscope core: the naming tables behind pyscope, in plain C99.
 *
 * No Python dependency.  Every structure here is owned by one graph (or one
 * thread of one graph) and is NOT internally locked: the caller serialises
 * access (the Cython binding holds the GIL, or a per-graph mutex on
 * free-threaded CPython).
 *
 * The central structure is a *path trie*: keys are strings split on '/', and
 * each node stores one component (its "leaf") plus a link to its parent.  A
 * graph of millions of names like "tower_3/layer_12/attention/MatMul_2" then
 * stores each scope prefix once, and a lookup inside the current name scope
 * starts from the scope's node instead of rehashing the whole path.
 *
 * Key "a/b" is the node child(child(PS_ROOT, "a"), "b"); the empty key "" is
 * child(PS_ROOT, "").  PS_ROOT itself stands for "no key" (the empty scope).
 */
#ifndef PYSCOPE_CORE_H
#define PYSCOPE_CORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint32_t ps_node;

#define PS_ROOT ((ps_node)0)          /* the virtual root: the empty scope */
#define PS_NONE ((ps_node)UINT32_MAX) /* "no such node" */

/* Status codes. */
#define PS_OK 0
#define PS_ENOMEM (-1)

/* ---- Path trie ---------------------------------------------------------- */

typedef struct ps_trie ps_trie;

/* fold_case != 0: leaves are compared ASCII-case-insensitively and stored
 * lower-cased: TF's used-names table, for ps_names_unique (which leaves
 * generated names implicit: a node it creates for one starts with value 1).
 * Returns NULL when out of memory. */
ps_trie *ps_trie_new(int fold_case);
void ps_trie_free(ps_trie *t);

/* The child of `parent` whose leaf is leaf[0:len].  With create != 0 a
 * missing child is added (value 0); PS_NONE when missing (or out of memory
 * while creating: then *err is set to PS_ENOMEM if err is not NULL). */
ps_node ps_trie_child(ps_trie *t, ps_node parent, const char *leaf, size_t len,
                      int create, int *err);

/* Walk every '/'-separated component of key[0:len] from `from`. */
ps_node ps_trie_walk(ps_trie *t, ps_node from, const char *key, size_t len,
                     int create, int *err);

uint32_t ps_trie_value(const ps_trie *t, ps_node n); /* 0 for PS_NONE/ROOT */
void ps_trie_set_value(ps_trie *t, ps_node n, uint32_t value);
ps_node ps_trie_parent(const ps_trie *t, ps_node n);
/* Nodes, PS_ROOT excluded; in a used-names table, the generated names left
 * implicit count as nodes too (the size as if each were stored). */
uint32_t ps_trie_size(const ps_trie *t);
size_t ps_trie_memory(const ps_trie *t);       /* bytes allocated */

/* Writes the full key of n (components joined by '/') into buf if it fits;
 * returns the key's length either way. */
size_t ps_trie_key(const ps_trie *t, ps_node n, char *buf, size_t cap);

/* ---- Unique names (TF's Graph.unique_name) ------------------------------ */

/* The used-names table is a fold_case trie whose value is TF's use count.
 *
 * Looks up key[0:len] below scope `scope` (the current name scope's node) and
 * applies TF's algorithm: count the use, and when the name was already in use,
 * probe name_1, name_2, ... for the first one not in use.  *suffix receives 0
 * when the name is returned as is, else the number to append as "_<suffix>".
 * *out_node receives the node of the returned name (PS_NONE when
 * mark_as_used is 0 and that node does not exist).  out_node may be NULL
 * (an op's name, whose node is not needed): then a generated name that the
 * base's count implies ("x_k" while x was used more than k times) is not
 * stored, so one base used N times keeps one node; lookups, name scopes and
 * ps_trie_size see it as before (see names.c).  Returns PS_OK or PS_ENOMEM
 * (then the table is unchanged but for empty path nodes). */
int ps_names_unique(ps_trie *t, ps_node scope, const char *key, size_t len,
                    int mark_as_used, uint64_t *suffix, ps_node *out_node);

/* TF's _names_in_use.get(key, 0) below scope: the use count of key[0:len],
 * implicit names included (those have count 1). */
uint32_t ps_names_count(ps_trie *t, ps_node scope, const char *key, size_t len);

/* TF's name patterns (framework/ops.py), on UTF-8 bytes: at the root
 * ^[A-Za-z0-9.][A-Za-z0-9_.\\/>-]*$, inside a scope ^[A-Za-z0-9_.\\/>-]*$.
 * As with Python's re.match and '$', one trailing '\n' is accepted.
 * Returns 1 when valid. */
int ps_valid_name(const char *name, size_t len, int at_root);

/* ---- Default-name counters (TF's variable_scopes_count) ----------------- */

/* Counts how often each variable-scope name was opened; closing a scope
 * resets the counters of all scopes below it.  TF does that by scanning every
 * counter on every exit; here a reset stamps the closed node with a clock and
 * a counter is stale when an ancestor was stamped after it.  O(depth). */
typedef struct ps_counters ps_counters;

ps_counters *ps_counters_new(void);
void ps_counters_free(ps_counters *c);
uint32_t ps_counters_get(ps_counters *c, const char *key, size_t len);
int ps_counters_open(ps_counters *c, const char *key, size_t len);
/* key == NULL resets every counter. */
int ps_counters_close_below(ps_counters *c, const char *key, size_t len);
/* The same by node: open_node returns the key's node in *node, for a later
 * close_below_node (the scope that opened a name closes it). */
int ps_counters_open_node(ps_counters *c, const char *key, size_t len,
                          ps_node *node);
int ps_counters_close_below_node(ps_counters *c, ps_node node);
/* TF's _get_unique_variable_scope: 0 when key has a zero count, else the
 * first j >= 1 such that "<key>_<j>" has a zero count.  TF probes j = 1, 2,
 * ... every time (the 1000th default-name sibling probes 999 names); here
 * the answer is remembered on key's node and reused while no ancestor was
 * reset, so repeated calls cost O(depth). */
int ps_counters_first_free(ps_counters *c, const char *key, size_t len,
                           uint64_t *index);
/* TF's _pure_variable_scope copies every count when a captured scope is
 * re-entered and puts the copy back on exit.  Here a checkpoint starts an
 * undo journal of the writes made after it, and restoring it rolls them
 * back: O(writes since), not O(counters).  Checkpoints nest; restoring one
 * drops the later ones with it, and restoring one already dropped does
 * nothing.  *token receives the checkpoint's token (>= 1). */
int ps_counters_checkpoint(ps_counters *c, uint64_t *token);
void ps_counters_restore(ps_counters *c, uint64_t token);
size_t ps_counters_memory(const ps_counters *c);

#ifdef __cplusplus
}
#endif
#endif /* PYSCOPE_CORE_H */
