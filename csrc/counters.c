/* Default-name counters with O(depth) subtree resets.  See pyscope_core.h.
 *
 * TF keeps {scope name: times opened} and, when a scope exits, zeroes every
 * entry that starts with "<scope>/" by scanning all of them.  Here each node
 * remembers when its count was last written (`stamp`) and when its subtree
 * was last reset (`closed`); a count is stale, i.e. 0, when any proper
 * ancestor (or the whole table) was reset after the count was written. */
#include "pyscope_core.h"
#include "ps_util.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    uint64_t stamp;      /* when the count was last written */
    uint64_t closed;     /* when the subtree below was last reset */
    uint64_t hint;       /* first_free: every "<key>_<j>", j < hint, was counted */
    uint64_t hint_stamp; /* ... as of this clock value */
    uint64_t logged;     /* the checkpoint this node was last journaled under */
} times;

/* Checkpoints (TF's copy of every count when a captured scope is
 * re-entered) are an undo journal: the first write to a node under the
 * newest checkpoint saves the node as it was, and restoring replays the
 * saved nodes backwards.  So the journal holds each node once per open
 * checkpoint (as TF's copy holds each count once), however often it is
 * written, even when a checkpoint is never restored. */
typedef struct {
    ps_node node;
    uint32_t count;
    times old;
} undo;

typedef struct {
    uint64_t token;
    size_t mark;         /* journal length when taken */
    uint64_t clock;      /* clock when taken */
    uint64_t all_closed; /* ... and the last reset of everything */
} checkpoint;

struct ps_counters {
    ps_trie *trie; /* value = count */
    times *times;  /* indexed by node id */
    uint32_t cap;
    uint64_t clock;
    uint64_t all_closed;
    undo *journal;
    size_t n_journal, cap_journal;
    checkpoint *marks;
    size_t n_marks, cap_marks;
    uint64_t last_token;
};

ps_counters *ps_counters_new(void) {
    ps_counters *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->trie = ps_trie_new(0);
    if (!c->trie) {
        free(c);
        return NULL;
    }
    return c;
}

void ps_counters_free(ps_counters *c) {
    if (!c) return;
    ps_trie_free(c->trie);
    free(c->times);
    free(c->journal);
    free(c->marks);
    free(c);
}

/* The array `items` of `size`-byte elements, doubled (or made `first` long);
 * NULL when out of memory (then `items` and *cap are unchanged). */
static void *grow(void *items, size_t *cap, size_t size, size_t first) {
    size_t n = *cap ? *cap * 2 : first;
    void *more = realloc(items, n * size);
    if (more) *cap = n;
    return more;
}

/* Saves node n as it is before its first write under the newest
 * checkpoint; callers test c->n_marks first (none open: nothing to save). */
static int save_node(ps_counters *c, ps_node n) {
    uint64_t token = c->marks[c->n_marks - 1].token;
    if (c->times[n].logged == token) return PS_OK;
    if (c->n_journal == c->cap_journal) {
        undo *j = grow(c->journal, &c->cap_journal, sizeof *j, 64);
        if (!j) return PS_ENOMEM;
        c->journal = j;
    }
    undo *u = &c->journal[c->n_journal++];
    u->node = n;
    u->count = ps_trie_value(c->trie, n);
    u->old = c->times[n];
    c->times[n].logged = token;
    return PS_OK;
}

static int reserve(ps_counters *c, ps_node n) {
    if (n < c->cap) return PS_OK;
    uint32_t cap = c->cap ? c->cap : 64;
    while (cap <= n) cap *= 2;
    times *t = realloc(c->times, (size_t)cap * sizeof *t);
    if (!t) return PS_ENOMEM;
    memset(t + c->cap, 0, (size_t)(cap - c->cap) * sizeof *t);
    c->times = t;
    c->cap = cap;
    return PS_OK;
}

/* Whether anything written to node n's siblings at `stamp` still holds:
 * no reset of the whole table or of a proper ancestor since. */
static int fresh(const ps_counters *c, ps_node n, uint64_t stamp) {
    if (stamp <= c->all_closed) return 0;
    for (ps_node a = ps_trie_parent(c->trie, n); a != PS_ROOT && a != PS_NONE;
         a = ps_trie_parent(c->trie, a))
        if (a < c->cap && c->times[a].closed > stamp) return 0;
    return 1;
}

static uint32_t live_count(const ps_counters *c, ps_node n) {
    if (n == PS_NONE || n >= c->cap) return 0;
    return fresh(c, n, c->times[n].stamp) ? ps_trie_value(c->trie, n) : 0;
}

uint32_t ps_counters_get(ps_counters *c, const char *key, size_t len) {
    return live_count(c, ps_trie_walk(c->trie, PS_ROOT, key, len, 0, NULL));
}

int ps_counters_open(ps_counters *c, const char *key, size_t len) {
    ps_node n;
    return ps_counters_open_node(c, key, len, &n);
}

int ps_counters_open_node(ps_counters *c, const char *key, size_t len,
                          ps_node *node) {
    int err = PS_OK;
    ps_node n = ps_trie_walk(c->trie, PS_ROOT, key, len, 1, &err);
    *node = n;
    if (err || reserve(c, n) != PS_OK) return PS_ENOMEM;
    if (c->n_marks && save_node(c, n) != PS_OK) return PS_ENOMEM;
    uint32_t count = live_count(c, n);
    ps_trie_set_value(c->trie, n, count == UINT32_MAX ? count : count + 1);
    c->times[n].stamp = ++c->clock;
    return PS_OK;
}

int ps_counters_close_below(ps_counters *c, const char *key, size_t len) {
    if (!key) {
        c->all_closed = ++c->clock;
        return PS_OK;
    }
    /* A scope never opened has no counters below it. */
    return ps_counters_close_below_node(
        c, ps_trie_walk(c->trie, PS_ROOT, key, len, 0, NULL));
}

int ps_counters_close_below_node(ps_counters *c, ps_node n) {
    if (n == PS_NONE || n == PS_ROOT) return PS_OK;
    if (reserve(c, n) != PS_OK) return PS_ENOMEM;
    if (c->n_marks && save_node(c, n) != PS_OK) return PS_ENOMEM;
    c->times[n].closed = ++c->clock;
    return PS_OK;
}

int ps_counters_first_free(ps_counters *c, const char *key, size_t len,
                           uint64_t *index) {
    *index = 0;
    ps_node n = ps_trie_walk(c->trie, PS_ROOT, key, len, 0, NULL);
    if (live_count(c, n) == 0) return PS_OK;
    uint64_t j = 1;
    if (c->times[n].hint && fresh(c, n, c->times[n].hint_stamp)) j = c->times[n].hint;
    /* "<key>_<j>" is a sibling of key: split off key's last component */
    size_t cut = ps_last_component(key, len);
    ps_node parent = cut ? ps_trie_parent(c->trie, n) : PS_ROOT;
    size_t leaf_len = len - cut;
    char small[256];
    char *buf = leaf_len + 24 <= sizeof small ? small : malloc(leaf_len + 24);
    if (!buf) return PS_ENOMEM;
    memcpy(buf, key + cut, leaf_len);
    for (;; j++) {
        size_t n_len = leaf_len + ps_format_suffix(buf + leaf_len, j);
        if (live_count(c, ps_trie_child(c->trie, parent, buf, n_len, 0, NULL)) == 0) break;
    }
    if (buf != small) free(buf);
    *index = j;
    /* remembering the answer is only a cache: without memory, skip it */
    if (!c->n_marks || save_node(c, n) == PS_OK) {
        c->times[n].hint = j;
        c->times[n].hint_stamp = ++c->clock;
    }
    return PS_OK;
}

int ps_counters_checkpoint(ps_counters *c, uint64_t *token) {
    if (c->n_marks == c->cap_marks) {
        checkpoint *m = grow(c->marks, &c->cap_marks, sizeof *m, 8);
        if (!m) return PS_ENOMEM;
        c->marks = m;
    }
    checkpoint *m = &c->marks[c->n_marks++];
    m->token = *token = ++c->last_token;
    m->mark = c->n_journal;
    m->clock = c->clock;
    m->all_closed = c->all_closed;
    return PS_OK;
}

void ps_counters_restore(ps_counters *c, uint64_t token) {
    size_t i = c->n_marks;
    while (i > 0 && c->marks[i - 1].token != token) i--;
    if (i == 0) return; /* dropped already (an outer one was restored) */
    const checkpoint *m = &c->marks[i - 1];
    while (c->n_journal > m->mark) {
        const undo *u = &c->journal[--c->n_journal];
        ps_trie_set_value(c->trie, u->node, u->count);
        c->times[u->node] = u->old;
    }
    c->clock = m->clock;
    c->all_closed = m->all_closed;
    c->n_marks = i - 1;
}

size_t ps_counters_memory(const ps_counters *c) {
    return sizeof *c + ps_trie_memory(c->trie) + (size_t)c->cap * sizeof(times) +
           c->cap_journal * sizeof(undo) + c->cap_marks * sizeof(checkpoint);
}
