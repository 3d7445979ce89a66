/* The path trie: nodes in one array, leaves in one arena, an open-addressing
 * hash table of node ids keyed by (parent, leaf).  See pyscope_core.h.
 *
 * A large table (past BUFFERED_SLOTS slots: beyond the L2 cache) keeps its
 * newest nodes out of the slot table, in two small batches (a hash table of
 * recent nodes each), with a Bloom filter of all its nodes beside them: a
 * key new to the table (the usual case when a flat scope fills) is then
 * answered from the batches and one word of the filter, instead of by a
 * cache miss into the slots; a new node sets its bits in that same word.
 * One batch fills while the other drains into the slots, one node per node
 * created, its slot prefetched some creations ahead (drain_one): so the
 * cache misses of the inserts overlap the caller's own work between names,
 * and the cost of a new name stays flat as the table grows.  All three
 * arrays are on huge pages (alloc_block). */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE /* madvise */
#endif
#include "pyscope_core.h"
#include "ps_util.h"

#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#include <unistd.h>
#endif

/* 12 bytes: the hash is not kept (the slots keep some of its bits; growing
 * the slot table hashes the leaves again, in order). */
typedef struct {
    ps_node parent;
    uint32_t leaf;  /* offset of the leaf in the arena: LEB128 length, bytes */
    uint32_t value;
} tnode;

/* The buffered layout (see the top): from this many slots (512 KiB) on, with
 * batches of at most BATCH nodes in hash tables of RECENT entries (8 KiB
 * together, in L1). */
#define BUFFERED_SLOTS ((uint32_t)1 << 17)
enum { RECENT = 512, BATCH = RECENT / 4 };

/* Nodes first .. first + count - 1 (consecutive: a batch takes every node
 * created while it fills). */
typedef struct {
    uint64_t table[RECENT]; /* a node id | its hash << 32; 0 = empty */
    uint32_t hashes[BATCH]; /* of node first + k */
    ps_node first;
    uint32_t count;
} batch;

struct ps_trie {
    tnode *nodes;       /* nodes[0] is PS_ROOT, never hashed */
    uint32_t n_nodes;
    uint32_t cap_nodes;
    uint32_t *slots;    /* 0 = empty, else a node id and a hash tag (below) */
    uint32_t mask;      /* number of slots - 1 (a power of two minus one) */
    char *arena;
    size_t arena_len;
    size_t arena_cap;
    uint32_t n_hashed;  /* nodes below this id are in the slots */
    batch *batches;     /* two; NULL: unbuffered */
    int filling;        /* batches[filling] takes new nodes, the other drains */
    uint64_t *filter;   /* Bloom filter of the nodes (in the slots or a batch):
                           (mask + 1) / 16 words, after the slots in their block */
    uint64_t implicit;  /* generated names not stored (ps_names_implied) */
    int fold_case;      /* also: this is a used-names table */
};

/* Leaves are hashed, compared and copied eight bytes at a time: whole
 * words, then the last 1..7 bytes as two overlapping loads (which, for a
 * given length, still determine every byte). */
static inline uint64_t load8(const unsigned char *p) {
    uint64_t x;
    memcpy(&x, p, 8);
    return x;
}

static inline uint64_t load_tail(const unsigned char *p, size_t n) {
    if (n >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, p, 4);
        memcpy(&hi, p + n - 4, 4);
        return ((uint64_t)lo << 32) | hi;
    }
    if (n >= 2) {
        uint16_t lo, hi;
        memcpy(&lo, p, 2);
        memcpy(&hi, p + n - 2, 2);
        return ((uint64_t)lo << 16) | hi;
    }
    return n ? p[0] : 0;
}

/* ASCII 'A'..'Z' to lower case in all eight bytes at once; other bytes
 * (UTF-8 included: the binding lower-cases non-ASCII names itself) are kept.
 * No carry crosses a byte: each sum is at most 0x7F + 0x3F. */
static inline uint64_t fold8(uint64_t x) {
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL, high = 0x8080808080808080ULL;
    uint64_t heptets = x & low7;
    uint64_t at_least_A = heptets + 0x3F3F3F3F3F3F3F3FULL;  /* 'A' + 0x3F = 0x80 */
    uint64_t above_Z = heptets + 0x2525252525252525ULL;     /* 'Z' + 0x26 = 0x80 */
    uint64_t upper = at_least_A & ~above_Z & ~x & high;
    return x | (upper >> 2);                                /* 0x80 >> 2 = 0x20 */
}

/* A multiply-xorshift hash of the parent id and the (folded) leaf, by
 * words; stored leaves are already folded, so hashing them without folding
 * gives the same value. */
static inline uint32_t hash_leaf(ps_node parent, const char *leaf, size_t len,
                                 int fold_case) {
    const unsigned char *p = (const unsigned char *)leaf;
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)parent << 32) ^ len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w = load8(p + i);
        if (fold_case) w = fold8(w);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 31;
    }
    if (i < len) {
        uint64_t w = load_tail(p + i, len - i);
        if (fold_case) w = fold8(w);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 31;
    }
    h *= 0x94D049BB133111EBULL;
    h ^= h >> 29;
    return (uint32_t)(h ^ (h >> 32));
}

static const char *leaf_at(const ps_trie *t, uint32_t off, size_t *len) {
    const unsigned char *p = (const unsigned char *)t->arena + off;
    size_t n = 0;
    int shift = 0;
    for (;;) {
        unsigned char b = *p++;
        n |= (size_t)(b & 0x7F) << shift;
        if (!(b & 0x80)) break;
        shift += 7;
    }
    *len = n;
    return (const char *)p;
}

static int leaf_equal(const ps_trie *t, const tnode *nd, const char *leaf,
                      size_t len) {
    size_t stored_len;
    const char *stored = leaf_at(t, nd->leaf, &stored_len);
    if (stored_len != len) return 0;
    if (!t->fold_case) return memcmp(stored, leaf, len) == 0;
    const unsigned char *a = (const unsigned char *)stored, *b = (const unsigned char *)leaf;
    size_t i = 0;
    for (; i + 8 <= len; i += 8)
        if (load8(a + i) != fold8(load8(b + i))) return 0;
    return i == len || load_tail(a + i, len - i) == fold8(load_tail(b + i, len - i));
}

static inline int is_node(const ps_trie *t, const tnode *nd, ps_node parent,
                          const char *leaf, size_t len) {
    return nd->parent == parent && leaf_equal(t, nd, leaf, len);
}

/* The hash of a stored node (its leaf is stored folded: no folding). */
static uint32_t node_hash(const ps_trie *t, ps_node id) {
    size_t len;
    const char *leaf = leaf_at(t, t->nodes[id].leaf, &len);
    return hash_leaf(t->nodes[id].parent, leaf, len, 0);
}

static void free_block(void *p, size_t bytes);
static size_t slots_bytes(uint32_t mask, int filtered);

ps_trie *ps_trie_new(int fold_case) {
    ps_trie *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->fold_case = fold_case;
    t->cap_nodes = 64;
    t->nodes = malloc(t->cap_nodes * sizeof *t->nodes);
    t->mask = 127;
    t->slots = calloc((size_t)t->mask + 1, sizeof *t->slots);
    t->arena_cap = 1024;
    t->arena = malloc(t->arena_cap);
    if (!t->nodes || !t->slots || !t->arena) {
        ps_trie_free(t);
        return NULL;
    }
    t->nodes[0].parent = PS_NONE;
    t->nodes[0].leaf = 0;
    t->nodes[0].value = 0;
    t->n_nodes = 1;
    t->n_hashed = 1;
    t->arena[0] = 0; /* the root's (empty) leaf */
    t->arena_len = 1;
    return t;
}

void ps_trie_free(ps_trie *t) {
    if (!t) return;
    free_block(t->nodes, (size_t)t->cap_nodes * sizeof *t->nodes);
    free_block(t->slots, slots_bytes(t->mask, t->filter != NULL));
    free(t->batches);
    free_block(t->arena, t->arena_cap);
    free(t);
}

/* A slot holds a node id in its low bits and the node's hash in the rest.
 * The load stays below 1/2, so ids are below (mask + 1) / 2 and fit in
 * mask >> 1; the bits above are free for a tag, and a probe skips other
 * keys without touching their nodes (a cache miss each in a large table).
 * At 1M names the tag is 11 bits; growing re-tags every slot. */
static inline uint32_t id_mask(uint32_t mask) { return mask >> 1; }

static inline uint32_t slot_of(uint32_t mask, uint32_t h, ps_node id) {
    return (h & ~id_mask(mask)) | id;
}

static void slot_insert(uint32_t *slots, uint32_t mask, uint32_t h, ps_node id) {
    uint32_t i = h & mask;
    while (slots[i]) i = (i + 1) & mask;
    slots[i] = slot_of(mask, h, id);
}

/* A block of 2 MiB or more is mapped fresh from the kernel, starting at a
 * 2 MiB boundary, and asks Linux for transparent huge pages before its
 * first touch (memory a long-lived heap recycles is already faulted in
 * 4 KiB pages): a probe of the slots is one random access, and with 4 KiB
 * pages that access also misses the TLB (a page walk: more misses); the
 * node array and the arena, appended to, would take a page fault every
 * 4 KiB (a few microseconds each in a virtual machine).  The mapping ends
 * with the block (its last part under 2 MiB, if any, on small pages), so
 * it holds no more memory than malloc would.  A smaller block is malloc's. */
#define HUGE_PAGE ((size_t)2 << 20)
#ifdef __linux__
static size_t block_span(size_t bytes) { /* whole pages */
    static size_t page;
    if (!page) {
        long size = sysconf(_SC_PAGESIZE);
        page = size > 0 ? (size_t)size : 4096;
    }
    return (bytes + page - 1) / page * page;
}
#endif

static void *alloc_block(size_t bytes) {
#ifdef __linux__
    if (bytes >= HUGE_PAGE) {
        size_t span = block_span(bytes);
        if (span < bytes || span + HUGE_PAGE < span) return NULL; /* overflow */
        char *p = mmap(NULL, span + HUGE_PAGE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) return NULL;
        char *start = (char *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
        size_t head = (size_t)(start - p);
        if (head) munmap(p, head);
        munmap(start + span, HUGE_PAGE - head); /* > 0: head < 2 MiB */
        madvise(start, span, MADV_HUGEPAGE); /* a hint: failure is harmless */
        return start;
    }
#endif
    return malloc(bytes);
}

/* Frees alloc_block(bytes)'s block. */
static void free_block(void *p, size_t bytes) {
#ifdef __linux__
    if (p && bytes >= HUGE_PAGE) {
        munmap(p, block_span(bytes));
        return;
    }
#endif
    (void)bytes;
    free(p);
}

/* realloc for alloc_block's blocks of old_bytes: `used` bytes are kept. */
static void *grow_block(void *old, size_t old_bytes, size_t used, size_t bytes) {
    if (bytes < HUGE_PAGE) return realloc(old, bytes); /* old_bytes < bytes: malloc's */
    void *p = alloc_block(bytes);
    if (!p) return NULL;
    memcpy(p, old, used);
    free_block(old, old_bytes);
    return p;
}

/* The bytes of a slot table of mask + 1 slots, with its filter of
 * (mask + 1) / 16 words after it when filtered. */
static size_t slots_bytes(uint32_t mask, int filtered) {
    size_t count = (size_t)mask + 1;
    return count * sizeof(uint32_t) + (filtered ? count / 16 * sizeof(uint64_t) : 0);
}

/* A zeroed slot table (and filter). */
static uint32_t *new_slots(uint32_t mask, int filtered) {
    size_t bytes = slots_bytes(mask, filtered);
    uint32_t *p = alloc_block(bytes);
    if (p) memset(p, 0, bytes);
    return p;
}

/* The filter keeps 4 bits per slot (at least 8 per node: load < 1/2); a
 * key sets 3 bits of one word (one cache access per test), picked by a
 * remix of its hash. */
static inline uint64_t filter_word(uint32_t h, uint32_t mask) {
    return (((uint64_t)h * 0x9E3779B97F4A7C15ULL) >> 32) & (mask >> 4);
}

static inline uint64_t filter_bits(uint32_t h) {
    uint64_t g = (uint64_t)h * 0xD6E8FEB86659FD93ULL;
    return (1ULL << (g >> 58)) | (1ULL << ((g >> 52) & 63)) | (1ULL << ((g >> 46) & 63));
}

static inline void filter_add(uint64_t *filter, uint32_t mask, uint32_t h) {
    filter[filter_word(h, mask)] |= filter_bits(h);
}

static inline int filter_may_hold(const ps_trie *t, uint32_t h) {
    uint64_t bits = filter_bits(h);
    return (t->filter[filter_word(h, t->mask)] & bits) == bits;
}

static inline void prefetch_for_write(const void *p) {
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(p, 1);
#else
    (void)p;
#endif
}

/* A node's slot is written some time after its line is prefetched (a node
 * this many inserts ahead): the misses overlap each other, and the
 * caller's own work. */
enum { AHEAD = 4 };
static inline void prefetch_slot(const ps_trie *t, uint32_t h) {
    prefetch_for_write(&t->slots[h & t->mask]);
}

/* Moves the draining batch's next node to the slots (nodes go in id order,
 * so those below n_hashed are there); 0 when it is empty. */
static int drain_one(ps_trie *t) {
    const batch *d = &t->batches[!t->filling];
    uint32_t k = t->n_hashed - d->first;
    if (k >= d->count) return 0;
    if (k + AHEAD < d->count) prefetch_slot(t, d->hashes[k + AHEAD]);
    slot_insert(t->slots, t->mask, d->hashes[k], t->n_hashed++);
    return 1;
}

static void batch_clear(batch *b, ps_node first) {
    memset(b->table, 0, sizeof b->table);
    b->first = first;
    b->count = 0;
}

/* The filling batch is full: the other (drained by now, one node per node
 * created) takes its place, and it starts to drain. */
static void swap_batches(ps_trie *t) {
    while (drain_one(t)) {}
    t->filling = !t->filling;
    batch_clear(&t->batches[t->filling], t->n_nodes);
    const batch *d = &t->batches[!t->filling];
    for (uint32_t k = 0; k < AHEAD && k < d->count; k++) prefetch_slot(t, d->hashes[k]);
}

/* The id of the node (parent, leaf) in batch b, or 0; *at: the empty entry
 * the search ended on. */
static inline ps_node batch_find(const ps_trie *t, const batch *b, uint32_t h,
                                 ps_node parent, const char *leaf, size_t len, uint32_t *at) {
    uint32_t r = h & (RECENT - 1);
    for (;; r = (r + 1) & (RECENT - 1)) {
        uint64_t e = b->table[r];
        if (!e) break;
        ps_node id = (ps_node)e;
        if ((uint32_t)(e >> 32) == h && is_node(t, &t->nodes[id], parent, leaf, len)) return id;
    }
    *at = r;
    return 0;
}

/* Doubles the slot table (every node goes to the slots; the batches are
 * emptied), hashing the nodes again in order, AHEAD of their inserts. */
static int grow_slots(ps_trie *t) {
    if (t->mask == UINT32_MAX) return PS_ENOMEM; /* 2^31 nodes: full */
    uint32_t new_mask = t->mask * 2 + 1;
    int filtered = (uint64_t)new_mask + 1 >= BUFFERED_SLOTS;
    uint32_t *slots = new_slots(new_mask, filtered);
    if (!slots) return PS_ENOMEM;
    batch *batches = t->batches;
    if (filtered && !batches) {
        batches = malloc(2 * sizeof *batches);
        if (!batches) {
            free_block(slots, slots_bytes(new_mask, filtered));
            return PS_ENOMEM;
        }
    }
    if (filtered) {
        batch_clear(&batches[0], t->n_nodes);
        batch_clear(&batches[1], t->n_nodes);
    }
    free_block(t->slots, slots_bytes(t->mask, t->filter != NULL));
    t->slots = slots;
    t->filter = filtered ? (uint64_t *)(slots + new_mask + 1) : NULL; /* in the same block */
    t->batches = batches;
    t->filling = 0;
    t->mask = new_mask;
    uint32_t ring[AHEAD];
    for (ps_node id = 1; id < t->n_nodes; id++) {
        uint32_t h = id <= AHEAD ? node_hash(t, id) : ring[id % AHEAD];
        if (id + AHEAD < t->n_nodes) {
            uint32_t ahead = node_hash(t, id + AHEAD);
            prefetch_slot(t, ahead);
            if (t->filter) prefetch_for_write(&t->filter[filter_word(ahead, t->mask)]);
            ring[id % AHEAD] = ahead;
        }
        slot_insert(t->slots, t->mask, h, id);
        if (t->filter) filter_add(t->filter, t->mask, h);
    }
    t->n_hashed = t->n_nodes;
    return PS_OK;
}

/* Appends a node (the caller files it in the slots or in a batch). */
static ps_node add_node(ps_trie *t, ps_node parent, const char *leaf, size_t len,
                        int *err) {
    if (t->n_nodes == PS_NONE - 1 || len > (size_t)UINT32_MAX) goto oom;
    if (t->n_nodes == t->cap_nodes) {
        uint32_t cap = t->cap_nodes + t->cap_nodes / 2;
        tnode *nodes = grow_block(t->nodes, (size_t)t->cap_nodes * sizeof *nodes,
                                  (size_t)t->n_nodes * sizeof *nodes, (size_t)cap * sizeof *nodes);
        if (!nodes) goto oom;
        t->nodes = nodes;
        t->cap_nodes = cap;
    }
    size_t need = t->arena_len + len + 5;
    if (need > UINT32_MAX) goto oom;
    if (need > t->arena_cap) {
        size_t cap = t->arena_cap + t->arena_cap / 2;
        if (cap < need) cap = need + need / 2;
        if (cap > (size_t)UINT32_MAX + 1) cap = (size_t)UINT32_MAX + 1;
        char *arena = grow_block(t->arena, t->arena_cap, t->arena_len, cap);
        if (!arena) goto oom;
        t->arena = arena;
        t->arena_cap = cap;
    }
    uint32_t off = (uint32_t)t->arena_len;
    unsigned char *p = (unsigned char *)t->arena + off;
    size_t n = len;
    do {
        unsigned char b = n & 0x7F;
        n >>= 7;
        *p++ = b | (n ? 0x80 : 0);
    } while (n);
    memcpy(p, leaf, len);
    if (t->fold_case) {
        size_t i = 0;
        for (; i + 8 <= len; i += 8) {
            uint64_t w = fold8(load8(p + i));
            memcpy(p + i, &w, 8);
        }
        for (; i < len; i++)
            if ((unsigned)(p[i] - 'A') < 26u) p[i] = (unsigned char)(p[i] + 32);
    }
    t->arena_len = (size_t)((char *)p - t->arena) + len;

    ps_node id = t->n_nodes++;
    t->nodes[id].parent = parent;
    t->nodes[id].leaf = off;
    t->nodes[id].value = 0;
    return id;
oom:
    if (err) *err = PS_ENOMEM;
    return PS_NONE;
}

/* ps_trie_child; with check_implied = 0, a node created for a used name is
 * not checked against the implicit names (the caller knows it is none). */
static ps_node child(ps_trie *t, ps_node parent, const char *leaf, size_t len, int create,
                     int check_implied, int *err) {
    if (parent == PS_NONE) return PS_NONE;
    /* Keep the load factor below 1/2 (short probe runs, and room for the
     * slot tags), growing before the search so a miss can insert at the
     * slot it ends on: the new id n_nodes stays below (mask + 1) / 2. */
    if (create && (uint64_t)t->n_nodes * 2 >= (uint64_t)t->mask + 1) {
        if (grow_slots(t) != PS_OK) {
            if (err) *err = PS_ENOMEM;
            return PS_NONE;
        }
    }
    uint32_t h = hash_leaf(parent, leaf, len, t->fold_case);
    uint32_t ids = id_mask(t->mask), i = h & t->mask, at = 0, unused;
    int in_slots = 1;
    if (t->batches) {
        ps_node id = batch_find(t, &t->batches[t->filling], h, parent, leaf, len, &at);
        if (!id) id = batch_find(t, &t->batches[!t->filling], h, parent, leaf, len, &unused);
        if (id) return id;
        in_slots = filter_may_hold(t, h);
    }
    for (; in_slots; i = (i + 1) & t->mask) {
        uint32_t slot = t->slots[i];
        if (!slot) break;
        if ((slot ^ h) & ~ids) continue; /* another hash: skip its node */
        ps_node id = slot & ids;
        if (is_node(t, &t->nodes[id], parent, leaf, len)) return id;
    }
    if (!create) return PS_NONE;
    ps_node id = add_node(t, parent, leaf, len, err);
    if (id == PS_NONE) return id;
    if (!t->batches) {
        t->slots[i] = slot_of(t->mask, h, id); /* the empty slot the search ended on */
        t->n_hashed = t->n_nodes;
    } else {
        batch *fill = &t->batches[t->filling];
        fill->table[at] = id | (uint64_t)h << 32;
        fill->hashes[fill->count++] = h;
        filter_add(t->filter, t->mask, h); /* the word just tested: cached */
        drain_one(t);
        if (fill->count == BATCH) swap_batches(t);
    }
    /* A used-names node for a generated name left implicit takes over its
     * count of 1: the name is materialized.  (With no implicit name in the
     * table, none can be implied: no check.) */
    if (check_implied && t->implicit && ps_names_implied(t, parent, leaf, len)) {
        t->nodes[id].value = 1;
        t->implicit--;
    }
    return id;
}

ps_node ps_trie_child(ps_trie *t, ps_node parent, const char *leaf, size_t len,
                      int create, int *err) {
    return child(t, parent, leaf, len, create, 1, err);
}

ps_node ps_trie_child_unimplied(ps_trie *t, ps_node parent, const char *leaf, size_t len,
                                int create, int *err) {
    return child(t, parent, leaf, len, create, 0, err);
}

void ps_trie_note_implicit(ps_trie *t) { t->implicit++; }

ps_node ps_trie_walk(ps_trie *t, ps_node from, const char *key, size_t len,
                     int create, int *err) {
    ps_node n = from;
    size_t start = 0;
    for (;;) {
        const char *slash = memchr(key + start, '/', len - start);
        size_t end = slash ? (size_t)(slash - key) : len;
        n = ps_trie_child(t, n, key + start, end - start, create, err);
        if (n == PS_NONE || !slash) return n;
        start = end + 1;
    }
}

uint32_t ps_trie_value(const ps_trie *t, ps_node n) {
    return (n == PS_NONE || n >= t->n_nodes) ? 0 : t->nodes[n].value;
}

void ps_trie_set_value(ps_trie *t, ps_node n, uint32_t value) {
    if (n != PS_NONE && n != PS_ROOT && n < t->n_nodes) t->nodes[n].value = value;
}

ps_node ps_trie_parent(const ps_trie *t, ps_node n) {
    return (n == PS_NONE || n >= t->n_nodes) ? PS_NONE : t->nodes[n].parent;
}

uint32_t ps_trie_size(const ps_trie *t) {
    uint64_t n = (uint64_t)t->n_nodes - 1 + t->implicit;
    return n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
}

/* The bytes a block holds: a mapped one, whole pages. */
static size_t block_bytes(size_t bytes) {
#ifdef __linux__
    if (bytes >= HUGE_PAGE) return block_span(bytes);
#endif
    return bytes;
}

size_t ps_trie_memory(const ps_trie *t) {
    return sizeof *t + block_bytes((size_t)t->cap_nodes * sizeof(tnode)) +
           block_bytes(slots_bytes(t->mask, t->filter != NULL)) + block_bytes(t->arena_cap) +
           (t->batches ? 2 * sizeof(batch) : 0);
}

size_t ps_trie_key(const ps_trie *t, ps_node n, char *buf, size_t cap) {
    if (n == PS_NONE || n == PS_ROOT || n >= t->n_nodes) return 0;
    /* measure first, then fill from the end */
    size_t total = 0;
    for (ps_node m = n; m != PS_ROOT; m = t->nodes[m].parent) {
        size_t len;
        leaf_at(t, t->nodes[m].leaf, &len);
        total += len + (t->nodes[m].parent != PS_ROOT);
    }
    if (total > cap) return total;
    size_t end = total;
    for (ps_node m = n; m != PS_ROOT; m = t->nodes[m].parent) {
        size_t len;
        const char *leaf = leaf_at(t, t->nodes[m].leaf, &len);
        end -= len;
        memcpy(buf + end, leaf, len);
        if (t->nodes[m].parent != PS_ROOT) buf[--end] = '/';
    }
    return total;
}
